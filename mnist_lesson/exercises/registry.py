"""연습문제 찾기: 수업 모듈(``lessonNN``)과 그 안의 문제들, 노트북 소스가 가져오는 수업.

정답지 만들기와 채점기가 쓴다. 노트북 소스는 글자로만 읽는다(실행하거나 가져오지 않는다).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys

from mnist_lesson.exercises.core import Exercise

_PACKAGE = "mnist_lesson.exercises"
_LESSON_NAME = re.compile(r"lesson\d{2}")
_FROM_IMPORT = re.compile(r"^\s*from\s+mnist_lesson\.exercises\s+import\s+\(?([^\n#)]+)", re.MULTILINE)
_MODULE_IMPORT = re.compile(r"^\s*(?:import|from)\s+mnist_lesson\.exercises\.(lesson\d{2})\b", re.MULTILINE)


def available_lessons() -> list[str]:
    """패키지에 있는 수업 모듈 이름들(``["lesson01", …]``), 번호 순서."""
    import mnist_lesson.exercises as package

    names = [m.name for m in pkgutil.iter_modules(package.__path__) if _LESSON_NAME.fullmatch(m.name)]
    return sorted(names)


def lesson_name(lesson: str) -> str:
    """``"2"``, ``"02"``, ``"lesson02"`` 를 모두 ``"lesson02"`` 로.

    Raises:
        ValueError: 수업 번호로 읽을 수 없을 때.
    """
    text = str(lesson).strip().lower().removeprefix("lesson")
    if not text.isdigit():
        raise ValueError(f"수업 번호로 읽을 수 없습니다(받은 것: {lesson!r}). 예: 02 또는 lesson02")
    return f"lesson{int(text):02d}"


def exercises_of(lesson) -> list[Exercise]:
    """수업 하나의 문제들을 번호 순서로(모듈의 ``q1``, ``q2``, …).

    Args:
        lesson: ``"02"`` 나 ``"lesson02"`` 같은 수업 이름, 또는 가져온 수업 모듈.

    Raises:
        ValueError: 그런 수업 모듈이 없을 때.
    """
    module = lesson
    if isinstance(lesson, str):
        name = lesson_name(lesson)
        if name not in available_lessons():
            raise ValueError(f"연습문제 모듈 {_PACKAGE}.{name} 파일이 없습니다(있는 것: {', '.join(available_lessons())}).")
        module = importlib.import_module(f"{_PACKAGE}.{name}")
    found = [value for key, value in vars(module).items() if re.fullmatch(r"q\d+", key) and isinstance(value, Exercise)]
    return sorted(found, key=lambda exercise: exercise.number)


def unknown_question(module_name: str):
    """수업 모듈의 ``__getattr__``: 없는 문제(``ex.q9``)를 한국어로 알린다(``AttributeError`` 그대로, 있는 문제와 함께).

    수업 모듈의 맨 끝에 ``__getattr__ = unknown_question(__name__)`` 한 줄로 둔다.
    """
    def __getattr__(name):
        if re.fullmatch(r"q\d+", name):
            have = ", ".join(f"q{q.number}" for q in exercises_of(sys.modules[module_name]))
            raise AttributeError(f"이 수업({module_name.rsplit('.', 1)[-1]})에는 {name} 문제가 없습니다. 있는 문제: {have}. "
                                 "번호를 확인하세요(확인 줄은 셀에 있던 그대로 두면 됩니다).")
        raise AttributeError(f"module {module_name!r} has no attribute {name!r}")
    return __getattr__


def lessons_in_source(source: str) -> list[str]:
    """노트북(또는 코드) 소스가 가져오는 수업 모듈 이름들, 처음 나온 순서대로.

    ``from mnist_lesson.exercises import lesson02 as ex`` 와 ``import mnist_lesson.exercises.lesson02`` 를 알아본다.
    """
    found = []
    for match in _FROM_IMPORT.finditer(source):
        for part in match.group(1).split(","):
            name = part.strip().split(" ")[0]
            if _LESSON_NAME.fullmatch(name):
                found.append(name)
    found += _MODULE_IMPORT.findall(source)
    return list(dict.fromkeys(found))


def notebook_source(nb) -> str:
    """노트북의 코드 셀 소스를 모두 이어 붙인 글(실행하지 않는다)."""
    cells = nb.get("cells", []) if isinstance(nb, dict) else []
    parts = []
    for cell in cells:
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            source = cell.get("source", "")
            parts.append("".join(source) if isinstance(source, list) else str(source))
    return "\n".join(parts)
