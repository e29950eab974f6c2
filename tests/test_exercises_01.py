"""01 연습문제: 흔한 오답은 그 실수를 짚는 한국어 설명과 함께 오답이고, 정답 값은 보이지 않는다."""

import numpy as np
import pytest

from mnist_lesson.exercises import Outcome, lesson01, registry

from wrong_answers import assert_wrong, too_few_wrong_answers


@pytest.fixture(scope="module")
def ns(mnist):
    (x_train, y_train), (_, y_test) = mnist
    ink = np.array([x_train[y_train == d].mean() for d in range(10)])
    return {"x_train": x_train, "y_train": y_train, "y_test": y_test, "ink": ink,
            "counts": np.bincount(y_train, minlength=10), "test_counts": np.bincount(y_test, minlength=10)}


WRONG = [
    (lesson01.q1, lambda ns: (int(ns["test_counts"].max()), ns["y_test"]), "횟수"),
    (lesson01.q1, lambda ns: (int(ns["test_counts"].argmin()), ns["y_test"]), "가장 적게"),
    (lesson01.q1, lambda ns: (int(np.argsort(ns["test_counts"])[5]), ns["y_test"]), "더 자주"),
    (lesson01.q1, lambda ns: (10, ns["y_test"]), "0~9"),
    (lesson01.q1, lambda ns: (1, np.eye(10)[ns["y_test"][:100]]), "y_test"),
    (lesson01.q2, lambda ns: (int(ns["ink"].argmax()), int(ns["ink"].argmin()), ns["x_train"], ns["y_train"]), "바뀌었습니다"),
    (lesson01.q2, lambda ns: (int(ns["counts"].argmin()), int(ns["ink"].argmax()), ns["x_train"], ns["y_train"]), "샘플이 가장 적은"),
    (lesson01.q2, lambda ns: (int(ns["ink"].argmin()), int(ns["counts"].argmax()), ns["x_train"], ns["y_train"]), "샘플이 가장 많은"),
    (lesson01.q2, lambda ns: (int(ns["ink"].argmin()), int(ns["ink"].argmin()), ns["x_train"], ns["y_train"]), "np.argmax"),
    (lesson01.q2, lambda ns: (int(np.argsort(ns["ink"])[3]), int(ns["ink"].argmax()), ns["x_train"], ns["y_train"]), "덜 쓰는"),
    (lesson01.q2, lambda ns: (float(ns["ink"].min()), int(ns["ink"].argmax()), ns["x_train"], ns["y_train"]), "평균 밝기가 아니라"),
    (lesson01.q2, lambda ns: ("1", 0, ns["x_train"], ns["y_train"]), "문자열"),
]

# 틀렸을 때 보이면 안 되는 정답(학생이 직접 적은 값에 들어 있으면 예외). 잉크 문제의 답은 숫자 하나라 메시지에서 따로 본다.
SECRETS = {lesson01.q1.key: []}


@pytest.mark.parametrize("case", WRONG, ids=[f"{q.key}-{fragment}" for q, _, fragment in WRONG])
def test_wrong_answer_names_the_mistake(case, ns):
    exercise, make, fragment = case
    assert_wrong(exercise, make(ns), fragment, SECRETS.get(exercise.key, []))


def test_every_exercise_has_several_wrong_answers():
    problem = too_few_wrong_answers(WRONG, registry.exercises_of(lesson01))
    assert not problem, problem


def test_ink_answers_are_computed_from_the_images_not_fixed(ns):
    # 확인 함수는 넘긴 이미지로 다시 계산한다: 1 과 0 을 서로 바꾼 데이터에서는 답도 바뀐다.
    assert lesson01.q2.evaluate(1, 0, ns["x_train"], ns["y_train"]).outcome is Outcome.CORRECT
    swapped = ns["y_train"].copy()
    swapped[ns["y_train"] == 1], swapped[ns["y_train"] == 0] = 0, 1
    assert lesson01.q2.evaluate(0, 1, ns["x_train"], swapped).outcome is Outcome.CORRECT
    assert lesson01.q2.evaluate(1, 0, ns["x_train"], swapped).outcome is Outcome.INCORRECT


def test_ink_feedback_never_names_a_digit_the_student_did_not_type(ns):
    result = lesson01.q2.evaluate(7, 7, ns["x_train"], ns["y_train"])
    assert result.outcome is Outcome.INCORRECT
    digits = {str(d) for d in range(10)} - {"7"}
    assert not any(f"숫자 {d}" in result.message for d in digits), result.message
