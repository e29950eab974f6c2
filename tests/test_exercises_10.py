"""10 연습문제: 흔한 오답은 그 실수를 짚는 한국어 설명과 함께 오답이고, 정답 값은 보이지 않는다."""

import numpy as np
import nbformat
import pytest

from mnist_lesson.exercises import Outcome, lesson10, registry
from mnist_lesson.handwriting import center_of_mass

from conftest import NOTEBOOKS
from wrong_answers import assert_wrong, too_few_wrong_answers

PROBS = np.array([[0.01, 0.02, 0.03, 0.30, 0.02, 0.50, 0.04, 0.03, 0.03, 0.02]])  # 5 가 50%, 3 이 30%


@pytest.fixture(scope="module")
def ns(mnist):
    _, (x_test, _) = mnist
    digit = x_test[0]
    moved = lesson10.moved_digit(digit)
    rows, cols = np.nonzero(digit)
    return {"digit": digit, "moved": moved, "center": center_of_mass(moved),
            "size": (int(rows.max() - rows.min() + 1), int(cols.max() - cols.min() + 1))}


WRONG = [
    (lesson10.q1, lambda ns: (5, (3, 5), PROBS), "순서가 바뀌었습니다"),
    (lesson10.q1, lambda ns: (5, (5, 5), PROBS), "같은 숫자 두 개"),
    (lesson10.q1, lambda ns: (5, (0.5, 0.3), PROBS), "정수"),
    (lesson10.q1, lambda ns: (5, (5, 2), PROBS), "두 번째로 큰"),
    (lesson10.q1, lambda ns: (5, (8, 3), PROBS), "첫 번째 숫자"),
    (lesson10.q1, lambda ns: (12, (5, 3), PROBS), "0~9"),
    (lesson10.q1, lambda ns: (5, 5, PROBS), "튜플"),
    (lesson10.q1, lambda ns: (5, (5, 3), PROBS[0, :5]), "my_probs"),
    (lesson10.q2, lambda ns: (ns["center"][::-1], ns["moved"]), "순서가 바뀌었습니다"),
    (lesson10.q2, lambda ns: (tuple(v + 1 for v in ns["center"]), ns["moved"]), "1부터"),
    (lesson10.q2, lambda ns: (tuple(a.mean() for a in np.nonzero(ns["moved"])), ns["moved"]), "그냥 평균"),
    (lesson10.q2, lambda ns: ((14, 14), ns["moved"]), "틀의 한가운데"),
    (lesson10.q2, lambda ns: ((ns["center"][0] + 10, ns["center"][1]), ns["moved"]), "행 방향이 반대"),
    (lesson10.q2, lambda ns: ((3.0, 20.0), ns["moved"]), "가중 평균"),
    (lesson10.q2, lambda ns: (14.0, ns["moved"]), "두 수의 튜플"),
    (lesson10.q3, lambda ns: ((ns["size"][0] - 1, ns["size"][1] - 1), ns["digit"]), "한 칸씩 모자랍니다"),
    (lesson10.q3, lambda ns: (ns["size"][::-1], ns["digit"]), "순서가 바뀌었습니다"),
    (lesson10.q3, lambda ns: ((28, 28), ns["digit"]), "틀 전체"),
    (lesson10.q3, lambda ns: (tuple(int(a.max()) for a in np.nonzero(ns["digit"])), ns["digit"]), "끝나는 자리만"),
    (lesson10.q3, lambda ns: ((20, 20), ns["digit"]), "가장 작은 사각형"),
    (lesson10.q3, lambda ns: ((20.5, 16), ns["digit"]), "정수"),
]


def _secrets(exercise, ns):
    if exercise is lesson10.q1:
        return ["(5, 3)", "5, 3"]
    if exercise is lesson10.q2:
        return [f"{ns['center'][0]:.2f}", f"{ns['center'][1]:.2f}"]
    return [f"({ns['size'][0]}, {ns['size'][1]})", f"{ns['size'][0]}, {ns['size'][1]}"]


@pytest.mark.parametrize("case", WRONG, ids=[f"{q.key}-{fragment}" for q, _, fragment in WRONG])
def test_wrong_answer_names_the_mistake(case, ns):
    exercise, make, fragment = case
    assert_wrong(exercise, make(ns), fragment, _secrets(exercise, ns))


def test_every_exercise_has_several_wrong_answers():
    problem = too_few_wrong_answers(WRONG, registry.exercises_of(lesson10))
    assert not problem, problem


def test_right_answers(ns):
    assert lesson10.q1.evaluate(5, (5, 3), PROBS).outcome is Outcome.CORRECT
    assert lesson10.q1.evaluate(7, [5, 3], PROBS[0]).outcome is Outcome.CORRECT  # 모델이 틀려도(7 을 썼어도) 읽기는 맞다
    assert lesson10.q2.evaluate(ns["center"], ns["moved"]).outcome is Outcome.CORRECT
    assert lesson10.q3.evaluate(ns["size"], ns["digit"]).outcome is Outcome.CORRECT


def test_moved_digit_is_the_notebooks_moved(ns):
    # 채점기가 다시 만드는 moved 는 4절의 셀이 만드는 것과 같다(셀의 옮기는 줄이 바뀌면 이 테스트가 알린다).
    nb = nbformat.read(NOTEBOOKS / "10_my_handwriting.ipynb", as_version=4)
    source = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "moved[:-5, 7:] = digit[5:, :-7]" in source
    assert "digit, label = x_test[0], y_test[0]" in source
    center, original = center_of_mass(ns["moved"]), center_of_mass(ns["digit"])
    assert abs(center[0] - (original[0] - 5)) < 0.5 and abs(center[1] - (original[1] + 7)) < 0.5


def test_the_mnist_digit_has_a_long_side_of_20(ns):
    # 문제 3 의 설명("긴 쪽이 20")이 그 숫자에서 참이다.
    assert max(ns["size"]) == 20
