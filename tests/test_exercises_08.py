"""08 연습문제: 흔한 오답은 그 실수를 짚는 한국어 설명과 함께 오답이고, 곡선 문제의 기록은 문제가 말하는 모양이다."""

import math

import numpy as np
import pytest

from mnist_lesson import artifacts
from mnist_lesson.exercises import ____, Outcome, lesson08, registry

from wrong_answers import assert_wrong, cell_defining, count_cases


@pytest.fixture(scope="module")
def ns():
    import keras
    from keras import layers

    return {"np": np, "math": math, "keras": keras, "layers": layers}


def _model(ns, *hidden):
    return ns["keras"].Sequential([ns["keras"].Input(shape=(784,)), *hidden])


TABLE = {  # 검증 정확도는 '모두 합치기', 검증 손실은 '조기 종료', 테스트 정확도는 '드롭아웃' 이 가장 좋다
    "조기 종료": {"검증 손실": 0.080, "검증 정확도": 0.975, "테스트 정확도": 0.974},
    "드롭아웃": {"검증 손실": 0.095, "검증 정확도": 0.979, "테스트 정확도": 0.983},
    "모두 합치기": {"검증 손실": 0.085, "검증 정확도": 0.981, "테스트 정확도": 0.980},
    "배치 정규화": {"검증 손실": 0.110, "검증 정확도": 0.976, "테스트 정확도": 0.975},
}

WRONG = [
    (lesson08.q1, lambda ns: ("가", "나"), "학습 가의 검증 손실"),
    (lesson08.q1, lambda ns: ("나", "나"), "학습 나는 훈련 손실"),
    (lesson08.q1, lambda ns: ("다", "가"), "학습 가는 훈련 정확도"),
    (lesson08.q1, lambda ns: ("다", "다"), "학습 다는 훈련 손실이 0"),
    (lesson08.q1, lambda ns: ("C", "나"), "중 하나"),
    (lesson08.q2, lambda ns: ("드롭아웃", "가", TABLE), "테스트 정확도가 가장 높은"),
    (lesson08.q2, lambda ns: ("조기 종료", "가", TABLE), "검증 손실이 가장 낮은"),
    (lesson08.q2, lambda ns: ("배치 정규화", "가", TABLE), "더 높은 방법"),
    (lesson08.q2, lambda ns: ("모두합치기", "가", TABLE), "표에 없는 이름"),
    (lesson08.q2, lambda ns: ("모두 합치기", "나", TABLE), "둘 다 10,000장"),
    (lesson08.q2, lambda ns: ("모두 합치기", "다", TABLE), "언제든 잴 수"),
    (lesson08.q2, lambda ns: ("모두 합치기", "가", {}), "비어 있거나"),
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
    (lesson08.q4, lambda ns: ns["keras"].optimizers.schedules.CosineDecay(0.002, 10), "에포크 수"),
    (lesson08.q4, lambda ns: ns["keras"].optimizers.schedules.CosineDecay(0.002, 50000 * 10), "샘플 수"),
    (lesson08.q4, lambda ns: ns["keras"].optimizers.schedules.CosineDecay(0.002, (50000 // 256) * 10), "내림"),
    (lesson08.q4, lambda ns: ns["keras"].optimizers.schedules.CosineDecay(0.002, math.ceil(50000 / 128) * 10), "128"),
    (lesson08.q4, lambda ns: ns["keras"].optimizers.schedules.CosineDecay(0.002, math.ceil(60000 / 256) * 10), "60,000장"),
    (lesson08.q4, lambda ns: ns["keras"].optimizers.schedules.CosineDecay(0.001, math.ceil(50000 / 256) * 10), "처음 학습률"),
    (lesson08.q4, lambda ns: ns["keras"].optimizers.RMSprop(0.002), "옵티마이저"),
    (lesson08.q4, lambda ns: ns["keras"].callbacks.ReduceLROnPlateau(), "콜백"),
    (lesson08.q4, lambda ns: 0.002, "숫자"),
]

SECRETS = {
    lesson08.q1.key: ['overfitting = "다"', 'underfitting = "나"'],
    lesson08.q2.key: ['best_by_validation = "모두 합치기"'],
    lesson08.q4.key: ["1960", "1,960"],
}


def _values(exercise, made):
    return made if isinstance(made, tuple) else (made,)


@pytest.mark.parametrize("case", WRONG, ids=[f"{q.key}-{fragment}" for q, _, fragment in WRONG])
def test_wrong_answer_names_the_mistake(case, ns):
    exercise, make, fragment = case
    assert_wrong(exercise, _values(exercise, make(ns)), fragment, SECRETS.get(exercise.key, []))


def test_every_exercise_has_several_wrong_answers():
    assert min(count_cases(WRONG, registry.exercises_of(lesson08)).values()) >= 3


def test_right_choice_from_the_table():
    assert lesson08.q2.evaluate("모두 합치기", "가", TABLE).outcome is Outcome.CORRECT


# --- 문제 1 의 곡선: 노트북이 그리는 기록, 그리고 그 기록이 정말 그런 모양인지 ----------------------------------


def _recorded(name):
    history, _ = artifacts.load_recorded_history(name)
    return {key: np.asarray(values[:15]) for key, values in history.items() if not key.startswith("test_")}


def test_the_notebook_draws_the_records_the_checker_knows():
    source = cell_defining("08_regularization.ipynb", "curves_08")
    for letter, name in lesson08.CURVE_RECORDS.items():
        expected = f'"{letter}": {{name: values[:15] for name, values in recorded.items()' if name == "seed_mlp_100_epochs" \
            else f'"{letter}": artifacts.load_recorded_history("{name}")'
        assert expected in source, (letter, name)


def test_overfitting_curve_rises_after_its_best_epoch_while_training_loss_falls():
    curve = _recorded(lesson08.CURVE_RECORDS["다"])
    best = int(curve["val_loss"].argmin())
    assert best <= 4 and curve["val_loss"][-1] > 1.3 * curve["val_loss"][best]
    assert curve["loss"][-1] < 0.05 and np.all(np.diff(curve["loss"][:10]) < 0)


def test_underfitting_curve_cannot_even_fit_the_training_set():
    curve = _recorded(lesson08.CURVE_RECORDS["나"])
    assert curve["accuracy"][-1] < 0.9
    assert curve["loss"][-1] > curve["val_loss"][-1] > 0.5


def test_good_curve_stays_low_on_validation():
    curve = _recorded(lesson08.CURVE_RECORDS["가"])
    assert curve["val_loss"][-1] < 1.1 * curve["val_loss"].min()
    assert curve["accuracy"][-1] > 0.98 and curve["val_accuracy"][-1] > 0.98
    assert len(curve["loss"]) == 15
