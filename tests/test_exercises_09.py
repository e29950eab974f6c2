"""09 연습문제: 흔한 오답은 그 실수를 짚는 한국어 설명과 함께 오답이고, 정답은 Keras 가 세는 값과 같다."""

import numpy as np
import pytest

from mnist_lesson.exercises import Outcome, lesson09, registry

from wrong_answers import assert_wrong, too_few_wrong_answers


@pytest.fixture(scope="module")
def ns(mnist):
    import keras
    from keras import layers

    _, (_, y_test) = mnist
    mlp = y_test[:2000].copy()
    mlp[:700] = (mlp[:700] + 1) % 10   # MLP: 옮긴 숫자 2,000장 중 700장 틀림
    cnn = y_test[:2000].copy()
    cnn[:60] = (cnn[:60] + 3) % 10     # CNN: 60장 틀림
    return {"keras": keras, "layers": layers, "y_test": y_test, "mlp": mlp, "cnn": cnn,
            "acc_mlp": float(np.mean(mlp == y_test[:2000])), "acc_cnn": float(np.mean(cnn == y_test[:2000]))}


def _shift(ns, mlp_acc, cnn_acc, robust):
    return (mlp_acc, cnn_acc, robust, ns["y_test"], {"MLP": ns["mlp"], "CNN": ns["cnn"]})


def _aug(ns, *items):
    return (ns["keras"].Sequential(list(items)),)


WRONG = [
    (lesson09.q1, lambda ns: _shift(ns, 100 * ns["acc_mlp"], ns["acc_cnn"], "CNN"), "백분율"),
    (lesson09.q1, lambda ns: _shift(ns, 1 - ns["acc_mlp"], ns["acc_cnn"], "CNN"), "오류율"),
    (lesson09.q1, lambda ns: _shift(ns, ns["acc_cnn"], ns["acc_mlp"], "CNN"), "바꿔 쓰지"),
    (lesson09.q1, lambda ns: _shift(ns, ns["acc_mlp"], ns["acc_cnn"], "MLP"), "더 낮습니다"),
    (lesson09.q1, lambda ns: _shift(ns, ns["acc_mlp"], ns["acc_cnn"], "RNN"), "\"MLP\" 나 \"CNN\""),
    (lesson09.q1, lambda ns: _shift(ns, ns["acc_mlp"], 0.5, "CNN"), "CNN: 옮긴 숫자"),
    (lesson09.q1, lambda ns: (ns["acc_mlp"], ns["acc_cnn"], "CNN", ns["y_test"], {"MLP": ns["mlp"]}), "\"CNN\" 의 예측"),
    (lesson09.q2, lambda ns: ((5 * 5 * 1 + 1) * 16,), "채널을 1개로"),
    (lesson09.q2, lambda ns: ((3 * 3 * 3 + 1) * 16,), "3×3"),
    (lesson09.q2, lambda ns: (5 * 5 * 3 * 16,), "가중치만"),
    (lesson09.q2, lambda ns: ((5 * 5 * 3 + 3) * 16,), "필터마다 하나"),
    (lesson09.q2, lambda ns: ((5 * 5 * 16 + 1) * 3,), "바꿨습니다"),
    (lesson09.q2, lambda ns: ((3 * 3 * 1 + 1) * 32,), "2절"),
    (lesson09.q3, lambda ns: ((26, 26, 32),), "최대 풀링"),
    (lesson09.q3, lambda ns: ((14, 14, 32),), "valid"),
    (lesson09.q3, lambda ns: ((28, 28, 32),), "크기가 그대로"),
    (lesson09.q3, lambda ns: ((12, 12, 32),), "짝수"),
    (lesson09.q3, lambda ns: ((13, 13, 1),), "필터 수"),
    (lesson09.q3, lambda ns: ((None, 13, 13, 32),), "샘플 축"),
    (lesson09.q3, lambda ns: ((13.5, 13.5, 32),), "정수"),
    (lesson09.q3, lambda ns: ("13x13x32",), "튜플"),
    (lesson09.q4, lambda ns: _aug(ns, ns["layers"].RandomFlip("horizontal"), ns["layers"].RandomTranslation(0.1, 0.1)), "뒤집기"),
    (lesson09.q4, lambda ns: _aug(ns, ns["layers"].RandomRotation(0.1, fill_mode="constant", interpolation="nearest"),
                                  ns["layers"].RandomTranslation(0.1, 0.1, fill_mode="constant", interpolation="nearest")),
     "한 바퀴(360°)에 대한 비율"),
    (lesson09.q4, lambda ns: _aug(ns, ns["layers"].RandomRotation(0.5, fill_mode="constant", interpolation="nearest"),
                                  ns["layers"].RandomTranslation(0.1, 0.1, fill_mode="constant", interpolation="nearest")), "6 과 9"),
    (lesson09.q4, lambda ns: _aug(ns, ns["layers"].RandomRotation(0.05, interpolation="nearest"),
                                  ns["layers"].RandomTranslation(0.1, 0.1, interpolation="nearest")), "reflect"),
    (lesson09.q4, lambda ns: _aug(ns, ns["layers"].RandomRotation(0.05, fill_mode="constant"),
                                  ns["layers"].RandomTranslation(0.1, 0.1, fill_mode="constant")), "흐리게"),
    (lesson09.q4, lambda ns: _aug(ns, ns["layers"].RandomRotation(0.05, fill_mode="constant", interpolation="nearest"),
                                  ns["layers"].RandomTranslation(0.2, 0.2, fill_mode="constant", interpolation="nearest")), "±10%"),
    (lesson09.q4, lambda ns: _aug(ns, ns["layers"].RandomRotation(0.05, fill_mode="constant", interpolation="nearest")), "옮기기"),
    (lesson09.q4, lambda ns: ("RandomRotation",), "Sequential"),
]

SECRETS = {
    lesson09.q2.key: ["1216", "1,216"],
    lesson09.q3.key: ["(13, 13, 32)", "13×13×32"],
}


@pytest.mark.parametrize("case", WRONG, ids=[f"{q.key}-{fragment}" for q, _, fragment in WRONG])
def test_wrong_answer_names_the_mistake(case, ns):
    exercise, make, fragment = case
    secrets = SECRETS.get(exercise.key, [])
    if exercise is lesson09.q1:
        secrets = [f"{ns['acc_mlp']:.4f}", f"{ns['acc_cnn']:.4f}"]
    assert_wrong(exercise, make(ns), fragment, secrets)


def test_every_exercise_has_several_wrong_answers():
    problem = too_few_wrong_answers(WRONG, registry.exercises_of(lesson09))
    assert not problem, problem


def test_the_verdict_follows_the_students_own_measurement(ns):
    # 어느 모델이 옮긴 숫자를 더 잘 읽는지는 학생이 잰 예측으로 정한다: 예측을 바꾸면 정답도 바뀐다.
    assert lesson09.q1.evaluate(*_shift(ns, ns["acc_mlp"], ns["acc_cnn"], "CNN")).outcome is Outcome.CORRECT
    swapped = (ns["acc_cnn"], ns["acc_mlp"], "MLP", ns["y_test"], {"MLP": ns["cnn"], "CNN": ns["mlp"]})
    assert lesson09.q1.evaluate(*swapped).outcome is Outcome.CORRECT


def test_answers_are_what_keras_counts(ns):
    keras, layers = ns["keras"], ns["layers"]
    color = keras.Sequential([keras.Input((32, 32, 3)), layers.Conv2D(16, 5)])
    assert lesson09.q2.evaluate(color.count_params()).outcome is Outcome.CORRECT
    pooled = keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(32, 3, padding="valid"), layers.MaxPooling2D()])
    assert lesson09.q3.evaluate(tuple(pooled.output_shape[1:])).outcome is Outcome.CORRECT


def test_close_answers_and_other_forms_are_accepted(ns):
    assert lesson09.q3.evaluate([13, 13, 32]).outcome is Outcome.CORRECT
    assert lesson09.q3.evaluate(np.array([13, 13, 32])).outcome is Outcome.CORRECT
    layers = ns["layers"]
    as_list = [layers.RandomTranslation(0.1, 0.1, fill_mode="constant", interpolation="nearest"),
               layers.RandomRotation(0.05, fill_mode="constant", interpolation="nearest")]
    assert lesson09.q4.evaluate(as_list).outcome is Outcome.CORRECT
