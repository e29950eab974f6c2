"""되살리기: 제출물의 확인 줄과 연습문제 가져오기를 강사의 것으로 되돌린 채점용 사본을 만든다.

- 확인 줄 ``ex.qN.check(...)`` 은 ``capture.record_declared("lessonNN.qN", lambda: (선언된 변수들…,))`` 로 바꾼다.
  학생이 인자를 고쳤어도 문제가 선언한 변수(``Exercise.call``)로 되돌린다. 그 변수들은 답을 채점기에 넘기고 결과를
  평소처럼 보여 준다. 선언된 변수가 없으면(이름을 바꿨으면) 그 문제만 '미응답' 이고 뒤의 셀은 그대로 실행된다.
- 학생이 지운 확인 줄은 노트북 끝에 같은 줄로 되살린다(답 변수가 없으면 '미응답').
- 연습문제 가져오기 두 줄(``____`` 와 ``lessonNN as ex``)을 학생의 가져오기 셀 맨 앞에 다시 넣는다(셀이 없으면 새 셀).

확인 줄이 무엇을 넘기든 정답은 채점기가 정하므로, 되살리기는 '어느 변수가 답인가' 를 강사의 선언대로 고정하는 일이다.
"""

from __future__ import annotations

import ast
import collections
import re
from dataclasses import dataclass, field

import nbformat

from mnist_lesson.exercises.registry import exercises_of, lessons_in_source

_RESTORED_NOTE = "# 채점기가 되살린 확인 줄(제출물에 없던 것)"
_CAPTURE = "_mnist_lesson_capture"


def _aliases(nb) -> dict[str, str]:
    """노트북에서 연습문제 모듈을 가리키는 이름: ``{"ex": "lesson03"}``."""
    found = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            for match in re.finditer(r"from\s+mnist_lesson\.exercises\s+import\s+(lesson\d\d)(?:\s+as\s+(\w+))?",
                                     cell.source):
                found[match.group(2) or match.group(1)] = match.group(1)
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "mnist_lesson.exercises":
                for alias in node.names:
                    if re.fullmatch(r"lesson\d\d", alias.name):
                        found[alias.asname or alias.name] = alias.name
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    match = re.fullmatch(r"mnist_lesson\.exercises\.(lesson\d\d)", alias.name)
                    if match and alias.asname:
                        found[alias.asname] = match.group(1)
    return found


def restored_call(exercise) -> str:
    """확인 줄 하나를 되살린 문장(한 줄): 답과 노트북 값을 채점기에 넘기고, 평소처럼 결과를 보여 준다.

    변수는 ``lambda`` 안에서 읽으므로, 없는 변수는 이 문장을 멈추지 않고 그 문제만 '미응답' 으로 만든다.
    """
    values = ", ".join(exercise.declared)
    return (f"import mnist_lesson.exercises.capture as {_CAPTURE}; "
            f'{_CAPTURE}.record_declared("{exercise.key}", lambda: ({values},))')


def _check_target(call, aliases, lessons):
    """``ex.q3.check(...)`` 호출이면 그 문제의 열 이름(``"lesson03.q3"``), 아니면 None."""
    func = call.func if isinstance(call, ast.Call) else None
    if not (isinstance(func, ast.Attribute) and func.attr == "check" and isinstance(func.value, ast.Attribute)):
        return None
    match = re.fullmatch(r"q(\d+)", func.value.attr)
    owner = func.value.value
    if not match or not isinstance(owner, ast.Name):
        return None
    lesson = aliases.get(owner.id) or (lessons[0] if len(lessons) == 1 else None)
    return f"{lesson}.q{int(match.group(1))}" if lesson in lessons else None


def _is_as_handed_out(call: ast.Call, exercise) -> bool:
    """확인 줄의 인자가 나눠 준 그대로인지(선언된 변수 이름들을 그 순서로)."""
    return not call.keywords and [getattr(a, "id", None) for a in call.args] == exercise.declared


def _offsets(source: str) -> list[int]:
    starts, total = [], 0
    for line in source.splitlines(keepends=True):
        starts.append(total)
        total += len(line)
    return starts + [total]


def _restore_cell(source: str, aliases, lessons, exercises) -> tuple[str, list[str], list[str]]:
    """셀 하나의 확인 줄을 되살린다. (새 소스, 되살린 문제들, 그중 인자를 바꿔 두었던 문제들)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython 매직이 있는 셀: 한 줄짜리 확인 줄만 알아본다
        lines, keys, edited = source.splitlines(keepends=True), [], []
        for i, line in enumerate(lines):
            match = re.fullmatch(r"(\s*)(\w+)\.q(\d+)\.check\((.*)\)\s*(#.*)?\n?", line)
            if match:
                lesson = aliases.get(match.group(2)) or (lessons[0] if len(lessons) == 1 else None)
                key = f"{lesson}.q{int(match.group(3))}"
                if key in exercises:
                    lines[i] = match.group(1) + restored_call(exercises[key]) + ("\n" if line.endswith("\n") else "")
                    keys.append(key)
                    if [a.strip() for a in match.group(4).split(",")] != exercises[key].declared:
                        edited.append(key)
        return "".join(lines), keys, edited
    spans, edited = [], []
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr):
            key = _check_target(node.value, aliases, lessons)
            if key in exercises:
                spans.append((node.lineno, node.col_offset, node.end_lineno, node.end_col_offset, key))
                if not _is_as_handed_out(node.value, exercises[key]):
                    edited.append(key)
    if not spans:
        return source, [], []
    starts = _offsets(source)
    encoded = source.encode("utf-8")

    def position(line, col):  # ast 의 열 번호는 UTF-8 바이트 단위다
        line_start = len(source[:starts[line - 1]].encode("utf-8"))
        return line_start + col

    for line, col, end_line, end_col, key in sorted(spans, reverse=True):
        a, b = position(line, col), position(end_line, end_col)
        encoded = encoded[:a] + restored_call(exercises[key]).encode("utf-8") + encoded[b:]
    return encoded.decode("utf-8"), [s[4] for s in spans], edited


@dataclass
class Prepared:
    """채점할 사본: 되살린 노트북, 셀마다 학생 노트북에서의 번호(채점기가 넣은 셀은 0), 되살린 문제들,
    확인 줄을 지워 끝에 되살린 문제들, 확인 줄의 인자를 바꿔 두었던 문제들."""

    nb: object
    origin: list
    restored: dict
    appended: list
    edited: list = field(default_factory=list)

    def tampering(self) -> str:
        """채점표의 설명에 적을 한 줄: 확인 줄을 지우거나 고친 문제(없으면 빈 문자열)."""
        parts = []
        if self.appended:
            parts.append(f"확인 줄을 지운 문제 {', '.join(self.appended)}")
        if self.edited:
            parts.append(f"확인 줄의 인자를 바꾼 문제 {', '.join(self.edited)}")
        return f"{' · '.join(parts)}(채점기가 나눠 준 확인 줄로 되살려 채점했습니다)." if parts else ""

    def cell_name(self, index: int) -> str:
        """실행한 사본의 셀 번호를 학생 노트북의 셀 이름으로."""
        if 1 <= index <= len(self.origin):
            original = self.origin[index - 1]
            return f"셀 {original}" if original else "채점기가 넣은 셀"
        return f"셀 {index}"


def prepare(nb, lessons: list[str]) -> Prepared:
    """제출물을 채점할 사본으로: 출력을 지우고, 확인 줄과 가져오기를 되살린다(원본은 그대로 둔다).

    Args:
        nb: 제출물 노트북.
        lessons: 채점하는 수업 모듈 이름들(``["lesson03"]``).
    """
    from mnist_lesson import nbtools

    copy = nbtools.normalize(nb)
    exercises = {q.key: q for name in lessons for q in exercises_of(name)}
    aliases = _aliases(copy)
    origin = list(range(1, len(copy.cells) + 1))
    restored, edited = collections.defaultdict(list), []
    for index, cell in enumerate(copy.cells, start=1):
        if cell.cell_type == "code":
            cell.source, keys, changed = _restore_cell(cell.source, aliases, lessons, exercises)
            for key in keys:
                restored[key].append(index)
            edited += [key for key in changed if key not in edited]
    # 가져오기: 학생의 가져오기 셀 맨 앞에 강사의 두 줄을 다시 넣는다(없으면 맨 앞에 셀 하나).
    imports = "".join(f"from mnist_lesson.exercises import ____\nfrom mnist_lesson.exercises import {name} as ex\n"
                      for name in lessons[:1])
    home = next((c for c in copy.cells if c.cell_type == "code" and set(lessons) & set(lessons_in_source(c.source))),
                None)
    if home is not None:
        home.source = imports + home.source
    else:
        copy.cells.insert(0, nbformat.v4.new_code_cell(imports.rstrip("\n")))
        origin.insert(0, 0)
    appended = [key for key in exercises if key not in restored]
    for key in appended:  # 학생이 지운 확인 줄: 노트북 끝에서 되살린다(답 변수가 없으면 미응답)
        copy.cells.append(nbformat.v4.new_code_cell(f"{_RESTORED_NOTE}\n{restored_call(exercises[key])}"))
        origin.append(0)
    return Prepared(copy, origin, dict(restored), appended, edited)
