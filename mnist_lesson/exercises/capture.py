"""학생 커널 쪽의 채점 도구: 채점기가 되살린 확인 줄이 부른다.

학급 채점기는 제출물의 ``ex.qN.check(...)`` 줄을 ``capture.record_declared("lessonNN.qN", lambda: (답…, 노트북 값…))``
로 바꿔 실행한다(``mnist_lesson.grading``). 선언된 변수가 노트북에 없으면(학생이 이름을 바꿨거나 지웠으면) 그 문제만
'미응답' 이 되고 노트북은 멈추지 않는다. 변수가 있으면 ``record`` 가

1. 답의 값과, 출처가 ``from_kernel`` 인 노트북 값을 ``values.encode`` 로 ``$MNIST_LESSON_CAPTURE_DIR`` 에 적고,
2. 학생에게는 평소처럼 ``check`` 의 결과를 보여 준다(보여 주기만 한다: 채점기는 이 결과를 읽지 않는다).

이 모듈은 커널 안에서 돌므로 학생 코드가 바꿀 수 있다. 바꿔서 얻을 수 있는 것은 '다른 값을 답으로 적은 것' 뿐이다:
정답인지는 채점기가 받은 값으로 자기 프로세스에서 다시 확인한다.
"""

from __future__ import annotations

import itertools
import os
import time
from pathlib import Path

ENV_VAR = "MNIST_LESSON_CAPTURE_DIR"
_counter = itertools.count(1)


def _exercise(key: str):
    import importlib

    from mnist_lesson.exercises.core import parse_key

    lesson, number = parse_key(key)
    return getattr(importlib.import_module(f"mnist_lesson.exercises.lesson{lesson}"), f"q{number}")


def _entry_dir(key: str) -> Path | None:
    root = os.environ.get(ENV_VAR)
    if not root:
        return None
    folder = Path(root) / f"{next(_counter):06d}-{os.getpid()}-{time.monotonic_ns() % 10**9:09d}"
    folder.mkdir(parents=True, exist_ok=False)
    return folder


def _write(key: str, exercise, values) -> None:
    from mnist_lesson.exercises.values import encode, write_manifest

    folder = _entry_dir(key)
    if folder is None:
        return
    n = len(exercise.answers)
    given = dict(zip(exercise.args, values[n:]))
    manifest = {
        "exercise": key,
        "answers": [encode(value, folder) for value in values[:n]],
        "kernel_args": {name: encode(given[name], folder) for name in exercise.kernel_args if name in given},
        "count": len(values),
    }
    write_manifest(folder, manifest)


def record(key: str, *values) -> None:
    """확인 줄 하나: 값을 채점기에 넘길 파일로 적고, 결과를 평소처럼 보여 준다. 예외를 내지 않는다."""
    try:
        exercise = _exercise(key)
    except Exception:  # 이 패키지에 없는 문제: 채점기가 '미실행' 으로 둔다
        return
    try:
        _write(key, exercise, values)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # 디스크가 찼거나 값이 이상해도 노트북은 멈추지 않는다
        print(f"※ 채점기에 답을 넘기지 못했습니다({type(exc).__name__}).")
    exercise.check(*values)


def record_declared(key: str, declared) -> None:
    """되살린 확인 줄: ``declared()`` 로 문제가 선언한 변수들을 읽어 ``record`` 에 넘긴다. 예외를 내지 않는다.

    변수 하나라도 노트북에 없으면(``NameError``: 이름을 바꿨거나, 그 셀을 지웠거나 실행하지 않았으면) 이 문제만
    '미응답' 으로 적고 그렇다고 보여 준다. 예전처럼 확인 줄이 NameError 로 멈추면 뒤의 모든 셀이 '미실행' 이 된다.
    """
    try:
        values = declared()
    except NameError as error:
        missing(key, error)
        name = getattr(error, "name", None)
        what = f"`{name}` 변수가" if name else "문제가 선언한 변수가"
        print(f"※ 채점기: 노트북에 {what} 없어 {key} 문제는 미응답입니다(채점은 문제에 적힌 변수 이름으로 합니다).")
        return
    record(key, *values)


def missing(key: str, error: BaseException) -> None:
    """확인 줄이 읽을 변수가 노트북에 없을 때: 채점기가 '미응답' 으로 둔다(없는 이름도 적는다)."""
    from mnist_lesson.exercises.values import write_manifest

    try:
        folder = _entry_dir(key)
        if folder is not None:
            name = getattr(error, "name", None)
            write_manifest(folder, {"exercise": key, "missing": f"{type(error).__name__}: {error}"[:200],
                                    **({"name": str(name)[:100]} if name else {})})
    except Exception:
        pass
