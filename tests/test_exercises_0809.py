"""08·09 연습문제: 해답은 정답, 흔한 오답은 알맞은 한국어 설명(정답 값 없이)과 함께 오답, 빈칸은 '아직 풀지 않음'."""

import math

import numpy as np
import pytest

from mnist_lesson.exercises import Outcome, registry
from mnist_lesson.exercises import lesson08, lesson09

from conftest import rendered

EXERCISES = registry.exercises_of(lesson08) + registry.exercises_of(lesson09)


@pytest.fixture(scope="module")
def ns():
    """해답 코드를 노트북처럼 실행할 이름 공간."""
    import keras
    from keras import layers

    return {"np": np, "math": math, "keras": keras, "layers": layers}


def test_two_to_four_exercises_each():
    assert [q.key for q in registry.exercises_of("08")] == [f"lesson08.q{i}" for i in range(1, 5)]
    assert [q.key for q in registry.exercises_of("09")] == [f"lesson09.q{i}" for i in range(1, 5)]


def _model(ns, *hidden, inputs=(784,)):
    keras = ns["keras"]
    return keras.Sequential([keras.Input(shape=inputs), *hidden])


def _aug(ns, *items):
    return ns["keras"].Sequential(list(items))


# (문제, ns → 답, 메시지에 있어야 할 말)
WRONG = [
    # 08 q1: 드롭아웃이 곱하는 수
    (lesson08.q1, lambda ns: 1.25, "1 / (1 − 0.2)"),
    (lesson08.q1, lambda ns: 0.75, "살아남는 비율"),
    (lesson08.q1, lambda ns: 0.25, "끄는 비율"),
    (lesson08.q1, lambda ns: 4, "끄는 비율로 나누었습니다"),
    (lesson08.q1, lambda ns: 1, "예측할 때"),
    (lesson08.q1, lambda ns: "1.33", "문자열"),
    # 08 q2: 배치 정규화의 학습 파라미터
    (lesson08.q2, lambda ns: 512, "이동 평균과 이동 분산"),
    (lesson08.q2, lambda ns: 128, "하나만"),
    (lesson08.q2, lambda ns: 0, "학습하는 값이 있습니다"),
    (lesson08.q2, lambda ns: 2, "특성마다"),
    # 08 q3: 규제를 넣은 모델
    (lesson08.q3, lambda ns: _model(ns, ns["layers"].Dense(128, activation="relu"), ns["layers"].BatchNormalization(),
                                    ns["layers"].Dropout(0.3), ns["layers"].Dense(10, activation="softmax")),
     "밀집층 안에서 relu"),
    (lesson08.q3, lambda ns: _model(ns, ns["layers"].Dense(128, use_bias=False), ns["layers"].Activation("relu"),
                                    ns["layers"].BatchNormalization(), ns["layers"].Dropout(0.3),
                                    ns["layers"].Dense(10, activation="softmax")), "활성화(ReLU) 뒤"),
    (lesson08.q3, lambda ns: _model(ns, ns["layers"].Dense(128, use_bias=False), ns["layers"].BatchNormalization(),
                                    ns["layers"].Activation("relu"), ns["layers"].Dropout(0.7),
                                    ns["layers"].Dense(10, activation="softmax")), "끄는 비율"),
    (lesson08.q3, lambda ns: _model(ns, ns["layers"].Dense(128), ns["layers"].BatchNormalization(),
                                    ns["layers"].Activation("relu"), ns["layers"].Dropout(0.3),
                                    ns["layers"].Dense(10, activation="softmax")), "use_bias=False"),
    (lesson08.q3, lambda ns: _model(ns, ns["layers"].Dense(128, use_bias=False), ns["layers"].BatchNormalization(),
                                    ns["layers"].Activation("relu"), ns["layers"].Dense(10, activation="softmax"),
                                    ns["layers"].Dropout(0.3)), "출력층 뒤"),
    (lesson08.q3, lambda ns: _model(ns, ns["layers"].Dense(128, activation="relu"), ns["layers"].Dense(10, activation="softmax")),
     "배치 정규화 층이 없습니다"),
    (lesson08.q3, lambda ns: ns["layers"].Dense(10), "층 하나"),
    # 08 q4: 코사인 감쇠
    (lesson08.q4, lambda ns: ns["keras"].optimizers.schedules.CosineDecay(0.002, 10), "에포크 수"),
    (lesson08.q4, lambda ns: ns["keras"].optimizers.schedules.CosineDecay(0.002, 50000 * 10), "샘플 수"),
    (lesson08.q4, lambda ns: ns["keras"].optimizers.schedules.CosineDecay(0.002, (50000 // 256) * 10), "내림"),
    (lesson08.q4, lambda ns: ns["keras"].optimizers.schedules.CosineDecay(0.002, math.ceil(50000 / 128) * 10), "128"),
    (lesson08.q4, lambda ns: ns["keras"].optimizers.schedules.CosineDecay(0.002, math.ceil(60000 / 256) * 10), "60,000장"),
    (lesson08.q4, lambda ns: ns["keras"].optimizers.schedules.CosineDecay(0.001, math.ceil(50000 / 256) * 10), "처음 학습률"),
    (lesson08.q4, lambda ns: ns["keras"].optimizers.RMSprop(0.002), "옵티마이저"),
    (lesson08.q4, lambda ns: ns["keras"].callbacks.ReduceLROnPlateau(), "콜백"),
    (lesson08.q4, lambda ns: 0.002, "숫자"),
    # 09 q1: 첫 합성곱 층
    (lesson09.q1, lambda ns: 288, "편향"),
    (lesson09.q1, lambda ns: 10, "필터 하나"),
    (lesson09.q1, lambda ns: 28 * 28 * 32, "가중치 공유"),
    (lesson09.q1, lambda ns: 784 * 32 + 32, "지역 연결"),
    (lesson09.q1, lambda ns: 32, "필터 수"),
    # 09 q2: 둘째 합성곱 층
    (lesson09.q2, lambda ns: (3 * 3 * 1 + 1) * 64, "입력 채널을 1개로"),
    (lesson09.q2, lambda ns: 3 * 3 * 32 * 64, "가중치만"),
    (lesson09.q2, lambda ns: (3 * 3 * 32 + 32) * 64, "필터마다 하나"),
    (lesson09.q2, lambda ns: (3 * 3 * 64 + 1) * 32, "바꿨습니다"),
    # 09 q3: 합성곱·풀링 뒤의 모양
    (lesson09.q3, lambda ns: (26, 26, 32), "최대 풀링"),
    (lesson09.q3, lambda ns: (14, 14, 32), "valid"),
    (lesson09.q3, lambda ns: (13, 13, 1), "필터 수"),
    (lesson09.q3, lambda ns: (None, 13, 13, 32), "샘플 축"),
    (lesson09.q3, lambda ns: (13.5, 13.5, 32), "정수"),
    (lesson09.q3, lambda ns: "13x13x32", "튜플"),
    # 09 q4: 숫자에 맞는 증강
    (lesson09.q4, lambda ns: _aug(ns, ns["layers"].RandomFlip("horizontal"), ns["layers"].RandomTranslation(0.1, 0.1)),
     "뒤집기"),
    (lesson09.q4, lambda ns: _aug(ns, ns["layers"].RandomRotation(0.1, fill_mode="constant", interpolation="nearest"),
                                  ns["layers"].RandomTranslation(0.1, 0.1, fill_mode="constant", interpolation="nearest")), "한 바퀴(360°)에 대한 비율"),
    (lesson09.q4, lambda ns: _aug(ns, ns["layers"].RandomRotation(0.5, fill_mode="constant", interpolation="nearest"),
                                  ns["layers"].RandomTranslation(0.1, 0.1, fill_mode="constant", interpolation="nearest")), "6 과 9"),
    (lesson09.q4, lambda ns: _aug(ns, ns["layers"].RandomRotation(0.05, interpolation="nearest"),
                                  ns["layers"].RandomTranslation(0.1, 0.1, interpolation="nearest")), "reflect"),
    (lesson09.q4, lambda ns: _aug(ns, ns["layers"].RandomRotation(0.05, fill_mode="constant"),
                                  ns["layers"].RandomTranslation(0.1, 0.1, fill_mode="constant")), "흐리게"),
    (lesson09.q4, lambda ns: _aug(ns, ns["layers"].RandomRotation(0.05, fill_mode="constant", interpolation="nearest"),
                                  ns["layers"].RandomTranslation(0.2, 0.2, fill_mode="constant", interpolation="nearest")), "±10%"),
    (lesson09.q4, lambda ns: _aug(ns, ns["layers"].RandomRotation(0.05, fill_mode="constant", interpolation="nearest")), "옮기기"),
    (lesson09.q4, lambda ns: _aug(ns, ns["layers"].RandomRotation(0.05, fill_mode="constant", interpolation="nearest"),
                                  ns["layers"].RandomTranslation(0.1, 0.1, fill_mode="constant", interpolation="nearest"), ns["layers"].Conv2D(8, 3)),
     "증강이 아닌 층"),
    (lesson09.q4, lambda ns: "RandomRotation", "Sequential"),
]

# 틀렸을 때 보이면 안 되는 정답(학생이 직접 적은 값에 들어 있으면 예외).
SECRETS = {
    lesson08.q1.key: ["1.33", "4 / 3"],
    lesson08.q2.key: ["256"],
    lesson08.q4.key: ["1960", "1,960"],
    lesson09.q1.key: ["320"],
    lesson09.q2.key: ["18496", "18,496"],
    lesson09.q3.key: ["(13, 13, 32)", "13×13×32"],
}


@pytest.mark.parametrize("case", WRONG, ids=[f"{q.key}-{fragment}" for q, _, fragment in WRONG])
def test_wrong_answer_gets_feedback_without_the_answer(case, ns):
    exercise, make, fragment = case
    answer = make(ns)
    result = exercise.evaluate(answer)
    assert result.outcome is Outcome.INCORRECT, repr(result)
    assert fragment in result.message, result.message
    text = rendered(result)
    for secret in SECRETS.get(exercise.key, []):
        if secret not in repr(answer):
            assert secret not in text, f"{exercise.key} 의 오답 메시지에 정답 {secret!r} 이 보입니다:\n{text}"


def test_every_exercise_has_several_wrong_answers():
    counts = {q.key: 0 for q in EXERCISES}
    for exercise, _, _ in WRONG:
        counts[exercise.key] += 1
    assert min(counts.values()) >= 3, counts


def test_close_answers_and_other_forms_are_accepted(ns):
    assert lesson08.q1.evaluate(1.33).outcome is Outcome.CORRECT
    assert lesson09.q3.evaluate([13, 13, 32]).outcome is Outcome.CORRECT
    assert lesson09.q3.evaluate(np.array([13, 13, 32])).outcome is Outcome.CORRECT
    layers = ns["layers"]
    as_list = [layers.RandomTranslation(0.1, 0.1, fill_mode="constant", interpolation="nearest"), layers.RandomRotation(0.05, fill_mode="constant", interpolation="nearest")]
    assert lesson09.q4.evaluate(as_list).outcome is Outcome.CORRECT
