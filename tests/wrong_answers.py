"""수업별 연습문제 테스트가 함께 쓰는 조각: 흔한 오답 하나를 확인하고, 노트북의 연습문제 셀을 찾는다."""

import nbformat

from mnist_lesson.exercises import Outcome

from conftest import NOTEBOOKS, rendered


def assert_wrong(exercise, values, fragment, secrets=()):
    """오답이고, 메시지에 ``fragment`` 가 있고, 학생이 직접 적지 않은 정답 값(``secrets``)은 어디에도 보이지 않는다."""
    result = exercise.evaluate(*values)
    assert result.outcome is Outcome.INCORRECT, repr(result)
    assert fragment in result.message, result.message
    typed = " ".join(repr(v) for v in values[: len(exercise.answers)])
    text = rendered(result)
    for secret in secrets:
        if secret not in typed:
            assert secret not in text, f"{exercise.key} 의 오답 메시지에 정답 {secret!r} 이 보입니다:\n{text}"


MIN_WRONG = 3  # 문제마다 흔한 오답 사례의 최소 수(CONTRIBUTING 의 연습문제 절)


def count_cases(wrong, exercises) -> dict:
    """문제마다 흔한 오답 사례의 수."""
    counts = {q.key: 0 for q in exercises}
    for exercise, *_ in wrong:
        counts[exercise.key] += 1
    return counts


def too_few_wrong_answers(wrong, exercises) -> str:
    """흔한 오답 사례가 ``MIN_WRONG`` 개보다 적은 문제를 알리는 글(모두 넉넉하면 빈 문자열)."""
    few = {key: n for key, n in count_cases(wrong, exercises).items() if n < MIN_WRONG}
    return (f"흔한 오답 사례가 {MIN_WRONG}개보다 적은 문제: {few}. 이 파일의 WRONG 에 (문제, 답을 만드는 함수, 메시지 조각)을 "
            "더하고, 메시지에 나오면 안 되는 정답 값은 SECRETS 에 적으세요.") if few else ""


def exercise_cells(name: str) -> list[str]:
    """노트북 ``name`` 의 '## 연습문제' 뒤 코드 셀들의 소스."""
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    start = next(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and c.source.startswith("## 연습문제"))
    return [c.source for c in nb.cells[start:] if c.cell_type == "code"]


def cell_defining(name: str, variable: str) -> str:
    """연습문제 절에서 ``variable = `` 로 시작하는 줄이 있는 코드 셀."""
    for source in exercise_cells(name):
        if any(line.startswith(f"{variable} = ") for line in source.splitlines()):
            return source
    raise LookupError(f"{name} 의 연습문제에 이 변수를 만드는 셀이 없습니다: {variable}")


def lines_before_blanks(source: str) -> str:
    """셀에서 빈칸 문장(``… = ____``)과 확인 줄 앞까지: 문제가 주는 값만 만드는 코드."""
    kept = []
    for line in source.splitlines():
        if "____" in line or line.startswith("ex."):
            break
        kept.append(line)
    return "\n".join(kept)
