"""수업 사이에 넘겨주는 파일: 학습한 모델(.keras)과 학습 기록(JSON)을 저장하고 읽는다.

저장은 임시 파일에 쓴 뒤 이름을 바꾸는 방식이라, 저장 도중에 멈추거나 다른 노트북이 동시에
읽어도 반쯤 쓰인 파일을 보는 일이 없다. 저장하지 못하면 임시 파일을 지우고 ``ArtifactError`` 로 까닭을 알린다.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from mnist_lesson import envvars
from mnist_lesson.errors import ArtifactError, LessonInputError, os_reason
from mnist_lesson.history import history_dict

MODEL_FILE = "mlp_06.keras"
HISTORY_FILE = "mlp_06_history.json"
CNN_FILE = "cnn_09.keras"
RECORDED_DIR = Path(__file__).with_name("recorded")

_FIX = f"{envvars.ARTIFACTS}=/쓸 수 있는/폴더 로 저장 폴더를 바꾸거나, 그 자리의 파일을 옮기세요."


def folder_problem(folder) -> str | None:
    """폴더에 저장할 수 없는 까닭(없으면 None). 아직 없는 폴더는 만들 수 있는지 본다. 아무것도 만들지 않는다."""
    folder = Path(folder)
    probe = folder
    while not probe.exists():
        if probe.parent == probe:
            return None
        probe = probe.parent
    if not probe.is_dir():
        where = "폴더 자리에" if probe == folder else f"폴더로 가는 경로({probe})에"
        return f"{folder} 폴더를 만들 수 없습니다: {where} 같은 이름의 파일이 있습니다."
    if not os.access(probe, os.W_OK | os.X_OK):
        return f"{probe} 폴더에 쓸 수 없습니다(읽기 전용이거나 권한이 없습니다)."
    return None


def ensure_dir(path) -> Path:
    """폴더가 없으면 만들고 Path 로 돌려준다.

    Raises:
        ArtifactError: 그 자리(또는 가는 길)에 파일이 있거나, 쓸 수 없는 곳일 때.
    """
    path = Path(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise ArtifactError(f"{folder_problem(path) or f'{path} 폴더를 만들 수 없습니다.'} {_FIX}") from None
    except PermissionError:
        raise ArtifactError(f"{path} 폴더를 만들 수 없습니다(읽기 전용이거나 권한이 없습니다). {_FIX}") from None
    return path


def _atomic_save(path: Path, write) -> Path:
    """같은 폴더의 임시 파일에 ``write(임시 경로)`` 로 쓰고 ``path`` 로 이름을 바꾼다. 실패하면 임시 파일을 지운다."""
    ensure_dir(path.parent)
    if path.is_dir():
        raise ArtifactError(f"{path} 자리에 같은 이름의 폴더가 있어 저장하지 않았습니다. 폴더를 옮기거나 다른 이름을 주세요.")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
    except PermissionError:
        raise ArtifactError(f"{path.parent} 폴더에 쓸 수 없습니다(읽기 전용이거나 권한이 없습니다). {_FIX}") from None
    os.close(fd)
    tmp = Path(tmp)
    try:
        umask = os.umask(0)  # mkstemp 는 0600 권한으로 만드므로 보통 파일 권한(umask 적용)으로 바꾼다
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        write(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ArtifactError(f"{path} 파일을 저장하지 못했습니다({os_reason(exc)}). {_FIX}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def save_history(history, path, **meta) -> Path:
    """학습 기록을 JSON 으로 저장한다. ``meta`` (예: epochs=100) 도 함께 적는다."""
    text = json.dumps({"history": history_dict(history), "meta": meta}, ensure_ascii=False, indent=1)
    return _atomic_save(Path(path).expanduser(), lambda tmp: tmp.write_text(text, encoding="utf-8"))


def _remake(path: Path, broken: bool) -> str:
    """없거나 망가진 파일을 다시 만드는 방법. 읽는 함수는 망가진 파일을 지우거나 고치지 않는다: 옮기는 것은 사용자가 한다."""
    if RECORDED_DIR.resolve() in path.resolve().parents:
        return ("mnist_lesson 패키지에 들어 있는 기록 파일입니다: 패키지를 다시 설치하거나, 저장소에서 실행한다면 "
                "git 으로 그 파일을 되돌리세요(git checkout -- mnist_lesson/recorded).")
    maker = {MODEL_FILE: "06", HISTORY_FILE: "06", CNN_FILE: "09"}.get(path.name)
    if not broken:
        return f"{maker} 노트북을 실행하면 이 파일이 만들어집니다." if maker else \
            "이 파일을 저장하는 노트북이나 스크립트를 먼저 실행하세요."
    keep = "지금 파일을 남겨 두려면 먼저 다른 이름으로 옮기세요"
    return f"{maker} 노트북을 다시 실행하면 새 파일로 바뀝니다({keep})." if maker else \
        f"이 파일을 저장한 노트북이나 스크립트를 다시 실행해 새로 만드세요({keep})."


def load_history(path) -> tuple[dict[str, list[float]], dict]:
    """``save_history`` 로 저장한 파일을 읽어 ``(기록, 메타 정보)`` 를 돌려준다.

    Raises:
        ArtifactError: 파일이 없거나, JSON 이 아니거나(잘림, 손상), ``save_history`` 가 쓰는 모양이 아닐 때.
            파일은 그대로 둔다(지우거나 고치지 않는다).
    """
    path = Path(path).expanduser()
    if not path.is_file():
        folder = " (파일이 아니라 폴더입니다)" if path.is_dir() else ""
        raise ArtifactError(f"학습 기록 파일이 없습니다: {path}{folder}. 경로를 확인하세요. {_remake(path, broken=False)}")
    damaged = f"학습 기록 파일이 손상되었습니다: {path}."
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ArtifactError(f"{damaged} UTF-8 글자로 쓴 JSON 파일이 아닙니다. {_remake(path, broken=True)}") from None
    except json.JSONDecodeError as exc:
        where = "파일이 비어 있습니다" if not exc.doc.strip() else \
            f"{exc.lineno}번째 줄 {exc.colno}번째 글자부터 JSON 으로 읽을 수 없습니다(저장 도중에 잘렸거나 고쳐졌을 수 있습니다)"
        raise ArtifactError(f"{damaged} {where}. {_remake(path, broken=True)}") from None
    except OSError as exc:
        raise ArtifactError(f"학습 기록 파일을 읽을 수 없습니다: {path} ({os_reason(exc)}). "
                            "파일의 권한을 확인하세요.") from None
    if not isinstance(data, dict) or "history" not in data:
        raise ArtifactError(
            f"{damaged} JSON 이지만 학습 기록의 모양이 아닙니다: save_history 가 쓰는 파일에는 "
            '{"history": {"loss": [...], ...}, "meta": {...}} 처럼 history 항목이 있어야 합니다. '
            + _remake(path, broken=True)
        )
    meta = data.get("meta", {})
    try:
        history = history_dict(data["history"])
    except LessonInputError as exc:
        raise ArtifactError(f"{damaged} {exc} {_remake(path, broken=True)}") from None
    if not isinstance(meta, dict):
        raise ArtifactError(f"{damaged} meta 항목이 사전이 아닙니다. {_remake(path, broken=True)}")
    return history, meta


def load_recorded_history(name: str = "seed_mlp_100_epochs") -> tuple[dict[str, list[float]], dict]:
    """패키지에 들어 있는, 미리 기록한 전체 실행의 학습 기록을 읽는다.

    Raises:
        LessonInputError: 그런 이름의 기록이 없을 때(있는 이름을 알려 준다).
    """
    path = RECORDED_DIR / f"{name}.json"
    if not path.is_file():
        names = sorted(p.stem for p in RECORDED_DIR.glob("*.json"))
        raise LessonInputError(f"미리 기록한 학습 기록 중에 {name!r} 이름의 기록이 없습니다. 있는 이름: {names}")
    return load_history(path)


def save_model(model, path) -> Path:
    """모델을 Keras 기본 형식(.keras)으로 저장한다.

    Raises:
        LessonInputError: 모델과 경로의 순서가 바뀌었거나(``save_model(path, model)``), 모델이 아니거나,
            파일 이름이 .keras 로 끝나지 않을 때.
        ArtifactError: 폴더를 만들 수 없거나 쓸 수 없을 때(임시 파일은 남기지 않는다).
    """
    if isinstance(model, (str, os.PathLike)) and callable(getattr(path, "save", None)):
        raise LessonInputError(
            "save_model 의 인자 순서가 바뀌었습니다: 모델을 먼저, 파일 경로를 나중에 주세요. "
            "예: artifacts.save_model(model, cfg.artifacts_dir / 'model.keras')"
        )
    if not callable(getattr(model, "save", None)):
        raise LessonInputError(
            f"save_model 함수의 첫 인자는 저장할 Keras 모델이어야 합니다(받은 값의 자료형: {type(model).__name__}). "
            "예: artifacts.save_model(model, cfg.artifacts_dir / 'model.keras')"
        )
    if not isinstance(path, (str, os.PathLike)):
        raise LessonInputError(
            f"save_model 함수의 둘째 인자는 파일 경로(글이나 Path)여야 합니다(받은 값의 자료형: {type(path).__name__}). "
            "예: artifacts.save_model(model, cfg.artifacts_dir / 'model.keras')"
        )
    path = Path(path).expanduser()
    if path.suffix != ".keras":
        raise LessonInputError(f"모델 파일 이름은 .keras 로 끝나야 합니다(받은 이름: {path.name}).")
    return _atomic_save(path, model.save)


def load_model(path):
    """``save_model`` 로 저장한 모델을 읽는다(``safe_mode=True``: 파일 속 임의의 코드는 실행하지 않는다).

    Returns:
        keras 모델. 파일이 없거나 읽을 수 없으면 None (노트북은 그때 짧게 다시 학습한다). None 을 그대로
        ``handwriting.predict`` 등에 넘기면 "모델이 없습니다" 라는 오류로 알린다.
    """
    import keras

    path = Path(path).expanduser()
    if not path.is_file():
        return None
    try:
        return keras.models.load_model(path, safe_mode=True)
    except Exception as exc:  # 잘리거나 손상된 파일: 수업을 멈추지 않고 알린 뒤 다시 학습하게 한다.
        if "safe_mode" in str(exc):  # Keras 의 안전 모드가 파일 속 파이썬 코드(Lambda 층의 함수)를 거부했다
            why = ("모델에 파이썬 코드(Lambda 층의 함수)가 들어 있어, 안전을 위해 읽지 않습니다(safe_mode=True: 파일 속 "
                   "코드를 실행하지 않습니다). Lambda 층 없이 만든 모델을 저장해 쓰세요.")
        else:
            why = f"파일이 잘렸거나 손상되었거나 .keras 모델 파일이 아닙니다. {_remake(path, broken=True)}"
        print(f"※ 저장된 모델 파일을 읽을 수 없어 쓰지 않습니다: {path}. {why}")
        return None
