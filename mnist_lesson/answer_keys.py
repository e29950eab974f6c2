"""정답지 만들기: 학생용 노트북의 빈칸 문장(``변수 = ____``)을 연습문제의 해답 코드로 바꾼 사본.

손으로 관리하는 정답 노트북은 없다. 문제마다 선언한 빈칸 변수와 해답 코드(``Exercise.answers``)로
학생용 노트북에서 기계적으로 만든다. 그래서 학생용 노트북이나 문제가 바뀌면 정답지도 저절로 따라온다.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from mnist_lesson import nbtools
from mnist_lesson.errors import LessonError
from mnist_lesson.exercises.core import Outcome, fill_code
from mnist_lesson.exercises.registry import exercises_of, lessons_in_source, notebook_source

BLANK = "____"
KEY_MARK = "**강사용 정답지.**"  # 정답지 맨 앞 안내의 머리: 정답지를 다시 정답지로 만들지 않게 이것으로 알아본다
KEY_NOTE = (
    "> " + KEY_MARK + " 이 노트북은 `mnist-lesson answer-key` 가 학생용 노트북 `{name}` 의 빈칸을 "
    "연습문제의 해답 코드로 채워 만든 사본입니다. 학생에게 나눠 주지 마세요."
)
_BLANK_TOKEN = re.compile(r"(?<![\w.])____(?!\w)")
_ASSIGN_LINE = re.compile(r"^(\s*)([A-Za-z_]\w*)\s*=(?!=)(.*)$")


class AnswerKeyError(LessonError, ValueError):
    """학생용 노트북에서 정답지를 만들 수 없을 때(모르는 빈칸, 채우지 못한 빈칸, 원본 덮어쓰기)."""


def _code_part(line: str) -> str:
    return line.split("#", 1)[0]


def _has_blank(node) -> bool:
    return any(isinstance(n, ast.Name) and n.id == BLANK for n in ast.walk(node))


def _blank_assignments(source: str):
    """``(시작 줄, 끝 줄 다음, 들여쓰기 칸 수, 변수 이름)`` 들: 값에 빈칸이 있는 대입문."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython 매직(%, !)이 있는 셀: 한 줄짜리 대입만 알아본다
        found = []
        for index, line in enumerate(source.splitlines()):
            match = _ASSIGN_LINE.match(line)
            if match and _BLANK_TOKEN.search(_code_part(match.group(3))):
                found.append((index, index + 1, len(match.group(1)), match.group(2)))
        return found
    return [
        (node.lineno - 1, node.end_lineno, node.col_offset, node.targets[0].id)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name) and _has_blank(node.value)
    ]


def _remaining_blanks(source: str) -> list[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return [line.strip() for line in source.splitlines()
                if _BLANK_TOKEN.search(_code_part(line)) and not line.lstrip().startswith(("from ", "import "))]
    lines = source.splitlines()
    return [lines[n.lineno - 1].strip() for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id == BLANK]


def fill_blanks(source: str, solutions: dict) -> tuple[str, list[str]]:
    """셀 소스 하나의 빈칸 대입문을 해답 코드로 바꾼다.

    Args:
        source: 코드 셀의 소스.
        solutions: ``{빈칸 변수 이름: 해답 코드}``.

    Returns:
        ``(채운 소스, 채운 변수 이름들)``.

    Raises:
        AnswerKeyError: 해답이 없는 빈칸이 있거나, 채운 뒤에도 빈칸이 남을 때.
    """
    lines = source.splitlines()
    filled = []
    for start, end, column, var in sorted(_blank_assignments(source), reverse=True):
        if var not in solutions:
            raise AnswerKeyError(
                f"빈칸 `{var} = ____` 에 해당하는 연습문제가 없습니다. 노트북이 가져오는 연습문제 모듈에 "
                f"answers={{'{var}': ...}} 항목을 선언했는지 확인하세요."
            )
        indent = lines[start][:column]
        code = fill_code(var, solutions[var]).splitlines()
        lines[start:end] = [indent + line if line.strip() else "" for line in code]
        filled.append(var)
    result = "\n".join(lines) + ("\n" if source.endswith("\n") else "")
    left = _remaining_blanks(result)
    if left:
        raise AnswerKeyError(
            f"정답지에 채우지 못한 빈칸이 남았습니다: {left}. 빈칸은 `변수 = ____` 처럼 대입문의 값으로만 쓰세요."
        )
    return result, filled[::-1]


@dataclass
class AnswerKey:
    """학생용 노트북 하나로 만든 정답지: 원본, 저장한 곳, 채운 빈칸, 건너뛴 이유."""

    source: Path
    target: Path | None = None
    filled: list[str] = field(default_factory=list)
    lessons: list[str] = field(default_factory=list)
    skipped: str = ""


def make_answer_key(nb, name: str = "노트북"):
    """학생용 노트북(nbformat 객체)으로 정답지 노트북을 만든다.

    Returns:
        ``(정답지 노트북, 채운 변수 이름들, 수업 모듈 이름들)``. 연습문제를 가져오지 않는 노트북이면 ``(None, [], [])``.

    Raises:
        AnswerKeyError: 빈칸을 채울 수 없을 때.
    """
    lessons = lessons_in_source(notebook_source(nb))
    if not lessons:
        return None, [], []
    solutions, owners = {}, {}
    for lesson in lessons:
        try:
            exercises = exercises_of(lesson)
        except ValueError as exc:
            raise AnswerKeyError(f"{name}: {exc}") from None
        for exercise in exercises:
            for var, code in exercise.answers.items():
                if var in owners and owners[var] != exercise.key:
                    raise AnswerKeyError(f"{name}: 빈칸 변수 {var} 하나가 두 문제({owners[var]}, {exercise.key})에 있습니다.")
                solutions[var], owners[var] = code, exercise.key
    key = nbtools.normalize(nb)  # 새 사본이므로 원본은 바뀌지 않는다
    filled = []
    for index, cell in enumerate(key.cells, start=1):
        if cell.cell_type != "code" or BLANK not in cell.source:
            continue
        try:
            cell.source, names = fill_blanks(cell.source, solutions)
        except AnswerKeyError as exc:
            raise AnswerKeyError(f"{name} 의 셀 {index}: {exc}") from None
        filled += names
    key.cells.insert(0, nbformat.v4.new_markdown_cell(KEY_NOTE.format(name=name)))
    return nbtools.normalize(key), filled, lessons


def notebook_paths(paths) -> list[Path]:
    """파일과 폴더(안의 ``*.ipynb``)를 노트북 경로 목록으로 펼친다."""
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.glob("*.ipynb") if not p.name.startswith("."))
        else:
            found.append(path)
    return found


def check_outside_sources(paths, out_dir) -> None:
    """정답지 폴더가 학생용 노트북이 있는 폴더이거나, 학생용으로 준 폴더 안이면 ``AnswerKeyError`` (원본을 덮어쓰거나,
    나눠 줄 폴더에 정답지가 섞여 학생에게 함께 나가지 않게)."""
    out = Path(out_dir).resolve()
    for path in notebook_paths(paths):
        if path.resolve().parent == out:
            raise AnswerKeyError(f"정답지가 원본 {path} 파일을 덮어쓰게 됩니다. 다른 출력 폴더를 고르세요(-o).")
    for folder in (Path(p).resolve() for p in paths if Path(p).is_dir()):  # 학생용으로 준 폴더 안도 안 된다
        if folder in out.parents:
            raise AnswerKeyError(
                f"정답지 폴더({out_dir})가 학생용 노트북 폴더 {folder} 안에 있습니다: 그 폴더를 나눠 주면 정답지도 함께 "
                "나갑니다. 학생용 폴더 밖의 출력 폴더를 고르세요(예: -o answer_keys)."
            )


def write_answer_keys(paths, out_dir, *, force: bool = False) -> list[AnswerKey]:
    """학생용 노트북들의 정답지를 ``out_dir`` 에 같은 파일 이름으로 쓴다(원본은 건드리지 않는다).

    Args:
        paths: 노트북 파일이나 폴더들.
        out_dir: 정답지를 쓸 폴더(없으면 만든다).
        force: True 면 이미 있는 정답지 파일을 덮어쓴다. 아니면 덮어쓰지 않고 ``AnswerKeyError``
            (명령줄 도구는 그때 날짜를 붙인 새 폴더를 고른다).

    Returns:
        노트북마다 하나씩 AnswerKey. 연습문제가 없는 노트북은 ``skipped`` 에 이유가 있다.

    Raises:
        AnswerKeyError: 노트북을 읽을 수 없거나, 빈칸을 채울 수 없거나, 원본이나 이전 정답지를 덮어쓰게 될 때.
    """
    out_dir = Path(out_dir)
    check_outside_sources(paths, out_dir)
    keys, planned = [], []
    for path in notebook_paths(paths):
        if not path.is_file():
            raise AnswerKeyError(f"노트북 파일이 없습니다: {path}")
        target = out_dir / path.name
        if target.exists() and not force:
            raise AnswerKeyError(f"이전 정답지 {target} 파일이 있습니다. 덮어쓰려면 --force 를 쓰세요.")
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception as exc:  # 깨진 JSON 등
            raise AnswerKeyError(f"노트북 {path} 파일을 읽을 수 없습니다({type(exc).__name__}: {exc}).") from None
        if nb.cells and nb.cells[0].cell_type == "markdown" and KEY_MARK in nb.cells[0].source:
            keys.append(AnswerKey(path, skipped="이미 정답지입니다(answer-key 가 만든 노트북). 학생용 노트북을 주세요"))
            continue
        key, filled, lessons = make_answer_key(nb, path.name)
        if key is None:
            keys.append(AnswerKey(path, skipped="연습문제(mnist_lesson.exercises)를 가져오지 않습니다"))
            continue
        planned.append((target, key))
        keys.append(AnswerKey(path, target, filled, lessons))
    for target, key in planned:  # 모두 만들 수 있을 때만 쓴다(반쯤 만든 폴더가 남지 않게)
        out_dir.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_text(nbtools.dumps(key), encoding="utf-8")
        tmp.replace(target)
    return keys


def verify_answer_key(path, *, timeout: float = 900, fast: bool = False, plan=None):
    """정답지 하나를 학급 채점과 같은 길(샌드박스에서 실행, 채점기의 확인)로 채점해, 그 수업의 모든 문제가 정답인지 본다.

    Args:
        path: 정답지 노트북.
        timeout: 제한 시간(초).
        fast: 빠른 모드(에포크 1).
        plan: 샌드박스 계획(기본 ``sandbox.plan("auto")``).

    Returns:
        ``(통과 여부, 채점 결과 StudentResult, 정답이 아닌 문제 설명 목록)``.
    """
    from mnist_lesson.grading import Options, grade_file
    from mnist_lesson.statuses import DONE

    result = grade_file(path, options=Options(timeout=timeout, fast=fast, plan=plan))
    problems = [] if result.status == DONE else [f"{result.status}: {result.detail}"]
    for lesson in result.lessons:
        for exercise in exercises_of(lesson):
            if result.outcomes.get(exercise.key) != Outcome.CORRECT.value:
                message = result.messages.get(exercise.key, "")
                problems.append(f"{exercise.key} ({exercise.title}): {result.label(exercise.key)}"
                                + (f" - {message}" if message else ""))
    return not problems, result, problems
