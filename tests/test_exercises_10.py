"""10 연습문제: 해답은 정답, 빈칸은 '아직 풀지 않음', 흔한 오답은 알맞은 한국어 설명(정답 값은 말하지 않음)."""

import numpy as np
import pytest
from PIL import Image

from mnist_lesson import samples
from mnist_lesson.exercises import Outcome, registry
from mnist_lesson.exercises import lesson10
from mnist_lesson.handwriting import center_of_mass

from conftest import rendered

EXERCISES = registry.exercises_of(lesson10)


@pytest.fixture(scope="module")
def ns(mnist):
    """노트북 10 의 4·5절이 만드는 값들: digit(테스트 숫자), ink(반전한 사진), crop(잘라 낸 잉크)."""
    _, (x_test, _) = mnist
    gray = np.asarray(Image.open(samples.SAMPLES_DIR / "3_offcentre.png").convert("L"), dtype=np.float32)
    ink = 255 - gray
    ink[ink < 60] = 0
    rows, cols = np.nonzero(ink)
    crop = ink[rows.min():rows.max() + 1, cols.min():cols.max() + 1]
    return {"np": np, "digit": x_test[0], "ink": ink, "crop": crop,
            "box": (int(rows.min()), int(rows.max()) + 1, int(cols.min()), int(cols.max()) + 1)}


def test_three_exercises_numbered():
    assert [q.number for q in EXERCISES] == [1, 2, 3] and all(q.lesson == "10" for q in EXERCISES)


def _box(ns, dt=0, db=0, dl=0, dr=0):
    t, b, l, r = ns["box"]
    return (t + dt, b + db, l + dl, r + dr)


WRONG = [
    # 문제 1: 잉크를 감싸는 사각형
    (lesson10.q1, lambda ns: (_box(ns, db=-1, dr=-1), ns["ink"]), "한 칸 모자랍니다"),
    (lesson10.q1, lambda ns: ((ns["box"][2], ns["box"][3], ns["box"][0], ns["box"][1]), ns["ink"]), "행과 열이 바뀌었습니다"),
    (lesson10.q1, lambda ns: ((0, ns["ink"].shape[0], 0, ns["ink"].shape[1]), ns["ink"]), "이미지 전체"),
    (lesson10.q1, lambda ns: (_box(ns, dt=5), ns["ink"]), "사각형 밖"),
    (lesson10.q1, lambda ns: (_box(ns, dt=-3, dr=2), ns["ink"]), "가장 작은 사각형이 아닙니다"),
    (lesson10.q1, lambda ns: (_box(ns)[:2], ns["ink"]), "4개의 튜플"),
    (lesson10.q1, lambda ns: ((0, 10**6, 0, 10), ns["ink"]), "이미지("),
    (lesson10.q1, lambda ns: ("0, 10, 0, 10", ns["ink"]), "튜플"),
    # 문제 2: 20×20 상자
    (lesson10.q2, lambda ns: ((20, 20), ns["crop"]), "비율"),
    (lesson10.q2, lambda ns: ((10, 20), ns["crop"]), "순서가 바뀌었습니다"),
    (lesson10.q2, lambda ns: ((39, 20), ns["crop"]), "짧은 쪽"),
    (lesson10.q2, lambda ns: ((28, 14), ns["crop"]), "28 에 맞췄습니다"),
    (lesson10.q2, lambda ns: ((20, 10.24), ns["crop"]), "정수"),
    (lesson10.q2, lambda ns: ((123, 63), ns["crop"]), "20×20 상자에 비율을 지키며"),
    # 문제 3: 무게 중심
    (lesson10.q3, lambda ns: (center_of_mass(ns["digit"])[::-1], ns["digit"]), "순서가 바뀌었습니다"),
    (lesson10.q3, lambda ns: (tuple(v + 1 for v in center_of_mass(ns["digit"])), ns["digit"]), "1부터"),
    (lesson10.q3, lambda ns: (tuple(a.mean() for a in np.nonzero(ns["digit"])), ns["digit"]), "그냥 평균"),
    (lesson10.q3, lambda ns: (tuple((a.min() + a.max()) / 2 for a in np.nonzero(ns["digit"])), ns["digit"]), "사각형의 가운데"),
    (lesson10.q3, lambda ns: ((14, 14), ns["digit"]), "틀의 한가운데"),
    (lesson10.q3, lambda ns: ((3.0, 20.0), ns["digit"]), "가중 평균"),
    (lesson10.q3, lambda ns: (14.0, ns["digit"]), "두 수의 튜플"),
]


def _secrets(exercise, ns):
    if exercise is lesson10.q1:
        t, b, l, r = ns["box"]
        return [f"({t}, {b}, {l}, {r})", f"{t}, {b}"]
    if exercise is lesson10.q2:
        return ["(20, 10)", "20, 10"]
    cy, cx = center_of_mass(ns["digit"])
    return [f"{cy:.2f}", f"{cx:.2f}"]


@pytest.mark.parametrize("case", WRONG, ids=[f"{q.key}-{frag}" for q, _, frag in WRONG])
def test_wrong_answer_gets_feedback_without_the_answer(case, ns):
    exercise, make, fragment = case
    values = make(ns)
    result = exercise.evaluate(*values)
    assert result.outcome is Outcome.INCORRECT, repr(result)
    assert fragment in result.message, result.message
    text = rendered(result)
    typed = repr(values[0])
    for secret in _secrets(exercise, ns):
        if secret not in typed:
            assert secret not in text, f"{exercise.key} 의 오답 메시지에 정답 {secret!r} 이 보입니다:\n{text}"


def test_every_exercise_has_several_wrong_answers():
    for exercise in EXERCISES:
        assert sum(q is exercise for q, _, _ in WRONG) >= 3


def test_rounding_down_the_short_side_is_also_accepted(ns):
    # 10.24 → 10 (반올림) 이든 int() 로 버리든 같은 답이다. 1 픽셀보다 더 벗어나면 오답.
    h, w = ns["crop"].shape
    assert lesson10.q2.evaluate((20, int(w * 20 / h)), ns["crop"]).outcome is Outcome.CORRECT
    assert lesson10.q2.evaluate((20, int(w * 20 / h) + 2), ns["crop"]).outcome is Outcome.INCORRECT


def test_context_without_ink_is_explained(ns):
    result = lesson10.q1.evaluate((0, 1, 0, 1), np.zeros((28, 28)))
    assert result.outcome is Outcome.INCORRECT and "잉크가 없습니다" in result.message
    result = lesson10.q3.evaluate((14, 14), np.zeros((28, 28)))
    assert "잉크가 없습니다" in result.message
