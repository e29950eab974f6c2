"""03 연습문제: 흔한 오답은 그 실수를 짚는 한국어 설명과 함께 오답이고, 노트북이 보여 주는 확률은 확인 함수의 값과 같다."""

import math

import numpy as np
import pytest

from mnist_lesson.exercises import ____, Outcome, lesson03, registry

from wrong_answers import assert_wrong, cell_defining, lines_before_blanks, too_few_wrong_answers

P2, L2 = lesson03.BATCH_PROBS, lesson03.BATCH_LABELS
AB = (lesson03.PROBS_A, lesson03.PROBS_B, lesson03.LABELS_AB)

WRONG = [
    (lesson03.q1, (np.sum(-np.log([0.70, 0.10])),), "더했습니다"),
    (lesson03.q1, (np.mean(-np.log10([0.70, 0.10])),), "밑이 10"),
    (lesson03.q1, (np.mean(np.log([0.70, 0.10])),), "부호"),
    (lesson03.q1, (np.mean(-np.log([0.70, 0.60])),), "가장 큰 확률"),
    (lesson03.q1, (-np.log(0.70),), "첫 샘플만"),
    (lesson03.q1, (-np.log(np.mean([0.70, 0.10])),), "먼저 평균"),
    (lesson03.q1, (0.5,), "정확도"),
    (lesson03.q1, ("1.33",), "문자열"),
    (lesson03.q2, ("A", "A"), "정확도:"),
    (lesson03.q2, ("B", "B"), "손실:"),
    (lesson03.q2, ("A", "B"), "정확도:"),
    (lesson03.q2, ("C", "A"), "\"A\" 나 \"B\""),
    (lesson03.q3, (-math.log(1 / 10),), "10개일 때"),
    (lesson03.q3, (0.2,), "확률입니다"),
    (lesson03.q3, (math.log(1 / 5),), "부호"),
    (lesson03.q3, (-math.log10(1 / 5),), "밑이 10"),
    (lesson03.q3, (5 * -math.log(1 / 5),), "모두"),
]

SECRETS = {
    lesson03.q1.key: ["1.33", "1.329"],
    lesson03.q2.key: ['higher_accuracy = "B"', 'lower_loss = "A"'],
    lesson03.q3.key: ["1.61", "1.609"],
}


@pytest.mark.parametrize("case", WRONG, ids=[f"{q.key}-{fragment}" for q, _, fragment in WRONG])
def test_wrong_answer_names_the_mistake(case):
    exercise, values, fragment = case
    assert_wrong(exercise, values, fragment, SECRETS.get(exercise.key, []))


def test_every_exercise_has_several_wrong_answers():
    problem = too_few_wrong_answers(WRONG, registry.exercises_of(lesson03))
    assert not problem, problem


def test_batch_loss_is_what_keras_reports():
    # 확인 함수의 정답이 Keras 의 손실 함수(배치 평균)와 같다: 손으로 쓴 식을 믿지 않고 Keras 와 비교한다.
    import keras

    keras_loss = float(keras.losses.SparseCategoricalCrossentropy()(L2, P2))
    assert math.isclose(lesson03.batch_loss_of(P2, L2), keras_loss, rel_tol=1e-5)
    assert lesson03.q1.evaluate(keras_loss).outcome is Outcome.CORRECT


def test_the_two_models_really_disagree():
    accuracy, loss = lesson03._scores(*AB)
    assert max(accuracy, key=accuracy.get) != min(loss, key=loss.get)


@pytest.mark.parametrize("variable, constants", [
    ("probs_2", (P2, L2)), ("probs_A", AB),
])
def test_the_notebook_shows_the_values_the_checker_uses(variable, constants):
    space = {"np": np, "____": ____}
    exec(lines_before_blanks(cell_defining("03_compile.ipynb", variable)), space)
    names = ("probs_2", "labels_2") if variable == "probs_2" else ("probs_A", "probs_B", "labels_AB")
    for name, expected in zip(names, constants):
        np.testing.assert_array_equal(space[name], expected)
