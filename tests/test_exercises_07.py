"""07 연습문제: 흔한 오답은 그 실수를 짚는 한국어 설명과 함께 오답이고, 조기 종료의 계산은 Keras 의 EarlyStopping 과 같다."""

import numpy as np
import pytest

from mnist_lesson import artifacts
from mnist_lesson.exercises import Outcome, lesson07, registry

from wrong_answers import assert_wrong, too_few_wrong_answers

# 검증 손실은 3 에포크, 검증 정확도는 5, 훈련 손실·정확도는 6 에서 가장 좋다. patience 3 이면 6 에포크에서 멈춘다.
HISTORY = {
    "loss": [0.6, 0.3, 0.2, 0.1, 0.05, 0.04, 0.03],
    "accuracy": [0.8, 0.9, 0.93, 0.96, 0.98, 0.99, 0.99],
    "val_loss": [0.5, 0.3, 0.2, 0.25, 0.3, 0.35, 0.4],
    "val_accuracy": [0.8, 0.9, 0.93, 0.94, 0.95, 0.94, 0.94],
}


@pytest.fixture(scope="module")
def ns(mnist):
    _, (_, y_test) = mnist
    y_pred = y_test.copy()
    # 틀린 개수는 1 이 가장 많지만(1135장 중 40), 틀린 비율은 5 가 가장 크다(892장 중 35).
    for digit, times in ((1, 40), (5, 35), (3, 10)):
        y_pred[np.flatnonzero(y_test == digit)[:times]] = (digit + 1) % 10
    y_pred[np.flatnonzero(y_test == 2)[:5]] = 6  # 6 이라고 '답한' 틀린 예측이 가장 많아지게
    y_pred[np.flatnonzero(y_test == 8)[:5]] = 6
    return {"y_test": y_test, "y_pred": y_pred}


WRONG = [
    (lesson07.q1, lambda ns: (4, HISTORY), "한 에포크 앞"),
    (lesson07.q1, lambda ns: (3, HISTORY), "검증 손실이 가장 낮은"),
    (lesson07.q1, lambda ns: (6, HISTORY), "훈련 정확도"),
    (lesson07.q1, lambda ns: (7, HISTORY), "마지막 에포크"),  # 훈련 정확도는 6·7 에포크가 같지만, argmax 의 답은 6 이다
    (lesson07.q1, lambda ns: (0.95, HISTORY), "기록의 값"),
    (lesson07.q1, lambda ns: (8, HISTORY), "1부터 7까지"),
    (lesson07.q1, lambda ns: (1, {"loss": [0.5, 0.4]}), "val_accuracy"),
    (lesson07.q2, lambda ns: (1, ns["y_test"], ns["y_pred"]), "개수가 아니라"),
    (lesson07.q2, lambda ns: (6, ns["y_test"], ns["y_pred"]), "답한"),
    (lesson07.q2, lambda ns: (0, ns["y_test"], ns["y_pred"]), "가장 잘 맞히는"),
    (lesson07.q2, lambda ns: (3, ns["y_test"], ns["y_pred"]), "더 자주 틀리는"),
    (lesson07.q2, lambda ns: (0.04, ns["y_test"], ns["y_pred"]), "0~9"),
    (lesson07.q2, lambda ns: (5, ns["y_test"], ns["y_test"]), "모두 맞았습니다"),
    (lesson07.q3, lambda ns: (3, HISTORY), "restore_best_weights=True"),
    (lesson07.q3, lambda ns: (5, HISTORY), "한 에포크 어긋났습니다"),
    (lesson07.q3, lambda ns: (7, HISTORY), "마지막 에포크"),
    (lesson07.q3, lambda ns: (2, HISTORY), "멈추지 않습니다"),
    (lesson07.q3, lambda ns: ("6", HISTORY), "문자열"),
]

SECRETS = {lesson07.q1.key: ["에포크 5", "5 에포크"], lesson07.q3.key: ["에포크 6", "6 에포크"]}


@pytest.mark.parametrize("case", WRONG, ids=[f"{q.key}-{fragment}" for q, _, fragment in WRONG])
def test_wrong_answer_names_the_mistake(case, ns):
    exercise, make, fragment = case
    assert_wrong(exercise, make(ns), fragment, SECRETS.get(exercise.key, []))


def test_every_exercise_has_several_wrong_answers():
    problem = too_few_wrong_answers(WRONG, registry.exercises_of(lesson07))
    assert not problem, problem


def test_right_answers_on_the_toy_history(ns):
    assert lesson07.q1.evaluate(5, HISTORY).outcome is Outcome.CORRECT
    assert lesson07.q2.evaluate(5, ns["y_test"], ns["y_pred"]).outcome is Outcome.CORRECT
    assert lesson07.q3.evaluate(6, HISTORY).outcome is Outcome.CORRECT


def _keras_stop_epoch(val_loss, patience):
    """Keras 의 EarlyStopping 을 학습 없이 에포크마다 불러, 학습이 멈추는 에포크(1부터)를 돌려준다."""
    import keras

    class Model:
        stop_training = False

    callback = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience)
    model = Model()
    callback.set_model(model)
    callback.on_train_begin()
    for epoch, value in enumerate(val_loss):
        callback.on_epoch_end(epoch, {"val_loss": value})
        if model.stop_training:
            return epoch + 1
    return len(val_loss)


@pytest.mark.parametrize("patience", [1, 3, 5, 10])
def test_stop_epoch_is_what_keras_early_stopping_does(patience):
    recorded, _ = artifacts.load_recorded_history()
    for curve in (HISTORY["val_loss"], recorded["val_loss"], [0.5, 0.4, 0.3, 0.2]):
        assert lesson07.stop_epoch(curve, patience) == _keras_stop_epoch(curve, patience)


def test_ties_in_the_error_rate_accept_every_top_digit(ns):
    y_pred, y_test = ns["y_test"].copy(), ns["y_test"]
    for digit in (4, 7):  # 4(982장)와 7(1028장) 모두 정확히 절반을 틀린다
        wrong = np.flatnonzero(y_test == digit)
        y_pred[wrong[: len(wrong) // 2]] = 0
    for digit in (4, 7):
        assert lesson07.q2.evaluate(digit, y_test, y_pred).outcome is Outcome.CORRECT
    assert lesson07.q2.evaluate(0, y_test, y_pred).outcome is Outcome.INCORRECT


def test_the_recorded_run_peaks_in_accuracy_long_after_its_best_loss():
    # 문제 1 의 설명("훨씬 뒤에 옵니다")이 패키지의 기록에서 참이다.
    recorded, _ = artifacts.load_recorded_history()
    assert np.argmax(recorded["val_accuracy"]) - np.argmin(recorded["val_loss"]) >= 20


def test_the_recorded_run_names_only_the_mistakes_it_can_tell_apart():
    """기록의 훈련 정확도는 53 에포크부터 100% 그대로다: 그 뒤의 답을 모두 '훈련 정확도' 로 몰지 않는다."""
    history, _ = artifacts.load_recorded_history()
    accuracy = np.asarray(history["accuracy"])
    first_full = int(np.argmax(accuracy)) + 1
    assert (accuracy[first_full - 1:] == accuracy.max()).sum() > 10  # 여러 에포크가 같은 최댓값
    assert "훈련 정확도" in lesson07.q1.evaluate(first_full, history).message
    assert "마지막 에포크" in lesson07.q1.evaluate(len(accuracy), history).message
    best = int(np.argmax(history["val_accuracy"])) + 1
    near = next(e for e in range(len(accuracy), first_full, -1) if e not in (best, best + 1, len(accuracy)))
    message = lesson07.q1.evaluate(near, history).message
    assert lesson07.q1.evaluate(near, history).outcome is Outcome.INCORRECT and "훈련 정확도" not in message
