"""02 연습문제: 흔한 오답은 그 실수를 짚는 한국어 설명과 함께 오답이고, 정답 값은 보이지 않는다."""

import pytest

from mnist_lesson.exercises import Outcome, lesson02, registry

from wrong_answers import assert_wrong, too_few_wrong_answers


@pytest.fixture(scope="module")
def ns():
    import keras
    from keras import layers

    return {"keras": keras, "layers": layers}


def _model(ns, *hidden, inputs=(784,)):
    return ns["keras"].Sequential([ns["keras"].Input(shape=inputs), *hidden])


WRONG = [
    (lesson02.q1, lambda ns: (196 * 256,), "편향(bias)"),
    (lesson02.q1, lambda ns: (196 * 256 + 196,), "뉴런마다"),
    (lesson02.q1, lambda ns: (14 * 256 + 256,), "한 변"),
    (lesson02.q1, lambda ns: (784 * 256 + 256,), "28×28"),
    (lesson02.q1, lambda ns: ((784 * 256 + 256) / 4,), "4 로 나누지"),
    (lesson02.q1, lambda ns: (196 + 256,), "더했습니다"),
    (lesson02.q1, lambda ns: (True,), "참/거짓"),
    (lesson02.q2, lambda ns: (784 * 128 + 128 * 10,), "가중치만"),
    (lesson02.q2, lambda ns: (784 * 128 + 128,), "은닉층만"),
    (lesson02.q2, lambda ns: (784 * 128 + 128 + 128 * 10,), "출력층의 편향"),
    (lesson02.q2, lambda ns: (784 * 128 * 10,), "층마다 따로"),
    (lesson02.q3, lambda ns: (ns["keras"].Sequential([ns["layers"].Dense(128, activation="relu"),
                                                      ns["layers"].Dense(10, activation="softmax")]),), "keras.Input"),
    (lesson02.q3, lambda ns: (_model(ns, ns["layers"].Flatten(), ns["layers"].Dense(128, activation="relu"),
                                     ns["layers"].Dense(10, activation="softmax"), inputs=(28, 28)),), "28×28"),
    (lesson02.q3, lambda ns: (_model(ns, ns["layers"].Dense(128, activation="relu"), ns["layers"].Dense(10)),), "확률(합이 1)"),
    (lesson02.q3, lambda ns: (_model(ns, ns["layers"].Dense(128, activation="sigmoid"),
                                     ns["layers"].Dense(10, activation="softmax")),), "relu"),
    (lesson02.q3, lambda ns: (_model(ns, ns["layers"].Dense(256, activation="relu"),
                                     ns["layers"].Dense(10, activation="softmax")),), "은닉층의 뉴런"),
    (lesson02.q3, lambda ns: (ns["keras"].Sequential,), "클래스"),
    (lesson02.q4, lambda ns: (100 * 100_480 / 101_770,), "백분율"),
    (lesson02.q4, lambda ns: (99,), "백분율"),  # 반올림한 백분율
    (lesson02.q3, lambda ns: (None,), "`model.summary()` 처럼 값을 돌려주지"),  # small_model = small_model.summary()
    (lesson02.q4, lambda ns: (200_960 / 308_554,), "큰 모델"),
    (lesson02.q4, lambda ns: (0.65,), "큰 모델"),  # 노트북의 "약 65%" 를 옮긴 답
    (lesson02.q4, lambda ns: (1_290 / 101_770,), "출력층의 몫"),
    (lesson02.q4, lambda ns: (101_770 / 100_480,), "바뀌었습니다"),
    (lesson02.q4, lambda ns: (0.5,), "몫이 아닙니다"),
]

SECRETS = {
    lesson02.q1.key: ["50432", "50,432"],
    lesson02.q2.key: ["101770", "101,770"],
    lesson02.q4.key: ["0.987", "98.7"],
}


@pytest.mark.parametrize("case", WRONG, ids=[f"{q.key}-{fragment}" for q, _, fragment in WRONG])
def test_wrong_answer_names_the_mistake(case, ns):
    exercise, make, fragment = case
    assert_wrong(exercise, make(ns), fragment, SECRETS.get(exercise.key, []))


def test_every_exercise_has_several_wrong_answers():
    problem = too_few_wrong_answers(WRONG, registry.exercises_of(lesson02))
    assert not problem, problem


def test_first_layer_share_matches_what_keras_counts(ns):
    # 해답 코드가 Keras 가 센 파라미터로 계산하는 값과 확인 함수의 정답이 같다(손으로 센 값을 믿지 않고 Keras 와 비교).
    space = dict(ns)
    exec(lesson02.q3.solution_code + "\n" + lesson02.q4.solution_code, space)
    assert space["small_model"].count_params() == 101_770
    assert lesson02.q4.evaluate(space["first_layer_share"]).outcome is Outcome.CORRECT
    assert lesson02.q4.evaluate(round(space["first_layer_share"], 2)).outcome is Outcome.CORRECT  # 소수 둘째 자리까지 반올림
    assert lesson02.q4.evaluate(round(space["first_layer_share"], 1)).outcome is Outcome.INCORRECT
