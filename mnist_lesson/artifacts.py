"""수업 사이에 넘겨주는 파일: 학습한 모델(.keras)과 학습 기록(JSON)을 저장하고 읽는다.

저장은 임시 파일에 쓴 뒤 이름을 바꾸는 방식이라, 저장 도중에 멈추거나 다른 노트북이 동시에
읽어도 반쯤 쓰인 파일을 보는 일이 없다.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from mnist_lesson.errors import LessonInputError

MODEL_FILE = "mlp_06.keras"
HISTORY_FILE = "mlp_06_history.json"
CNN_FILE = "cnn_09.keras"
RECORDED_DIR = Path(__file__).with_name("recorded")


def ensure_dir(path) -> Path:
    """폴더가 없으면 만들고 Path 로 돌려준다."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _atomic_target(path: Path, suffix: str):
    """같은 폴더의 임시 파일 경로. mkstemp 는 0600 권한으로 만드므로 보통 파일 권한(umask 적용)으로 바꾼다."""
    ensure_dir(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=suffix, dir=path.parent)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    return Path(tmp)


def history_dict(history) -> dict[str, list[float]]:
    """keras ``History`` 객체나 사전을 ``{지표 이름: [에포크별 값]}`` 사전으로 바꾼다."""
    raw = getattr(history, "history", history)
    if not isinstance(raw, dict) or not raw:
        raise LessonInputError(
            f"학습 기록은 model.fit() 이 돌려준 History 나 {{'loss': [...]}} 형태의 사전이어야 합니다"
            f"(받은 것: {type(history).__name__})."
        )
    return {str(k): [float(v) for v in values] for k, values in raw.items()}


def save_history(history, path, **meta) -> Path:
    """학습 기록을 JSON 으로 저장한다. ``meta`` (예: epochs=100) 도 함께 적는다."""
    path = Path(path)
    tmp = _atomic_target(path, ".json")
    tmp.write_text(json.dumps({"history": history_dict(history), "meta": meta}, ensure_ascii=False, indent=1))
    os.replace(tmp, path)
    return path


def load_history(path) -> tuple[dict[str, list[float]], dict]:
    """``save_history`` 로 저장한 파일을 읽어 ``(기록, 메타 정보)`` 를 돌려준다."""
    data = json.loads(Path(path).read_text())
    return history_dict(data["history"]), data.get("meta", {})


def load_recorded_history(name: str = "seed_mlp_100_epochs") -> tuple[dict[str, list[float]], dict]:
    """패키지에 들어 있는, 미리 기록한 전체 실행의 학습 기록을 읽는다."""
    return load_history(RECORDED_DIR / f"{name}.json")


def save_model(model, path) -> Path:
    """모델을 Keras 기본 형식(.keras)으로 저장한다."""
    path = Path(path)
    if path.suffix != ".keras":
        raise LessonInputError(f"모델 파일 이름은 .keras 로 끝나야 합니다(받은 것: {path.name}).")
    tmp = _atomic_target(path, ".keras")
    model.save(tmp)
    os.replace(tmp, path)
    return path


def load_model(path):
    """``save_model`` 로 저장한 모델을 읽는다(``safe_mode=True``: 파일 속 임의의 코드는 실행하지 않는다).

    Returns:
        keras 모델. 파일이 없으면 None (노트북은 그때 짧게 다시 학습한다).
    """
    import keras

    path = Path(path)
    if not path.is_file():
        return None
    try:
        return keras.models.load_model(path, safe_mode=True)
    except Exception as exc:  # 잘리거나 손상된 파일: 수업을 멈추지 않고 알린 뒤 다시 학습하게 한다.
        print(
            f"※ 저장된 모델 {path} 을(를) 읽을 수 없어 쓰지 않습니다({type(exc).__name__}). "
            "파일이 손상되었을 수 있습니다: 지우고 저장한 노트북을 다시 실행하세요."
        )
        return None
