"""06 연습문제: 흔한 오답은 그 실수를 짚는 한국어 설명과 함께 오답이고, 정답 값은 보이지 않는다."""

import math

import numpy as np
import pytest

from mnist_lesson.exercises import Outcome, lesson06, registry

from wrong_answers import assert_wrong, too_few_wrong_answers

LOSSES_A, LOSSES_B = [0.82, 0.31], [0.79, 0.30]  # 시드를 다시 고정하지 않은 두 실행(값은 흉내)

WRONG = [
    (lesson06.q1, lambda ns: (50000 // 64, 16), "내림"),
    (lesson06.q1, lambda ns: (391, 16), "128 의 값"),
    (lesson06.q1, lambda ns: (math.ceil(60000 / 64), 16), "60,000장"),
    (lesson06.q1, lambda ns: (50000 / 64, 16), "정수"),
    (lesson06.q1, lambda ns: (782, 64), "나누어떨어지지 않습니다"),
    (lesson06.q1, lambda ns: (782, 0), "0장짜리"),
    (lesson06.q1, lambda ns: (782, 80), "128 일 때"),
    (lesson06.q1, lambda ns: (782, 33), "나머지 연산"),
    (lesson06.q2, lambda ns: (True, "가", LOSSES_A, LOSSES_B), "같다고 했습니다"),
    (lesson06.q2, lambda ns: (False, "나", LOSSES_A, LOSSES_B), "op 결정성은 켜져"),
    (lesson06.q2, lambda ns: (False, "다", LOSSES_A, LOSSES_B), "같은 `x_fit[:5000]`"),
    (lesson06.q2, lambda ns: ("False", "가", LOSSES_A, LOSSES_B), "True 나 False"),
    (lesson06.q2, lambda ns: (False, "라", LOSSES_A, LOSSES_B), "중 하나"),
    (lesson06.q2, lambda ns: (True, "가", LOSSES_A, LOSSES_A), "끝자리까지 같게"),
    (lesson06.q3, lambda ns: (ns["x_train"][:10000], ns["x_train"]), "앞쪽"),
    (lesson06.q3, lambda ns: (ns["x_train"][-5000:], ns["x_train"]), "5,000개"),
    (lesson06.q3, lambda ns: (ns["x_train"][:-10000], ns["x_train"]), "남는 훈련"),
    (lesson06.q3, lambda ns: (ns["x_test"], ns["x_train"]), "테스트 세트"),
    (lesson06.q3, lambda ns: (ns["x_train"][-10000:].reshape(10000, 784), ns["x_train"]), "모양"),
]

SECRETS = {lesson06.q1.key: ["782", "(782", "16장"]}


@pytest.fixture(scope="module")
def ns(mnist):
    (x_train, _), (x_test, _) = mnist
    return {"x_train": x_train, "x_test": x_test}


@pytest.mark.parametrize("case", WRONG, ids=[f"{q.key}-{fragment}" for q, _, fragment in WRONG])
def test_wrong_answer_names_the_mistake(case, ns):
    exercise, make, fragment = case
    assert_wrong(exercise, make(ns), fragment, SECRETS.get(exercise.key, []))


def test_every_exercise_has_several_wrong_answers():
    problem = too_few_wrong_answers(WRONG, registry.exercises_of(lesson06))
    assert not problem, problem


def test_steps_and_last_batch_match_what_keras_runs():
    # 해답이 말하는 스텝 수와 마지막 배치 크기를 Keras 가 실제로 한다(작게: 같은 나머지가 남는 샘플 수로).
    import keras

    n = 16 + 3 * 64  # 50,000 을 64 로 나눈 나머지(16)와 같은 나머지
    assert 50_000 % 64 == n % 64 == 16
    sizes = []
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    record = keras.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: sizes.append(batch))
    model.fit(np.zeros((n, 1)), np.zeros(n), batch_size=64, epochs=1, verbose=0, shuffle=False, callbacks=[record])
    assert len(sizes) == math.ceil(n / 64)
    assert lesson06.q1.evaluate(math.ceil(50_000 / 64), 50_000 - (math.ceil(50_000 / 64) - 1) * 64).outcome is Outcome.CORRECT


def test_unseeded_runs_really_differ_and_seeded_runs_do_not():
    # 문제 2 가 가르치는 사실 그대로: 시드를 다시 고정하면 같은 초깃값, 고정하지 않으면 다른 초깃값.
    from mnist_lesson import config, models

    config.set_seed(1234)
    first = models.build_seed_mlp().get_weights()[0]
    second = models.build_seed_mlp().get_weights()[0]
    config.set_seed(1234)
    again = models.build_seed_mlp().get_weights()[0]
    assert not np.array_equal(first, second)
    assert np.array_equal(first, again)


def test_the_grader_rebuilds_the_x_train_that_06_passes():
    # 06 의 x_train 은 1절에서 전처리한 것이다: 채점기가 다시 만드는 값도 같은 전처리를 거쳐야 정답지가 정답이다.
    import nbformat

    from conftest import NOTEBOOKS

    source = "\n".join(c.source for c in nbformat.read(NOTEBOOKS / "06_training.ipynb", as_version=4).cells
                       if c.cell_type == "code")
    assert "x_train = preprocess.to_model_input(x_train)" in source
    rebuilt = lesson06.q3.args["x_train"].value()
    assert rebuilt.shape == (60000, 784) and rebuilt.dtype == np.float32 and float(rebuilt.max()) == 1.0
