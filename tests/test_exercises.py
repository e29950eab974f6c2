"""연습문제 확인: 해답은 정답, 흔한 오답은 알맞은 한국어 설명과 함께 오답, 빈칸은 '아직 풀지 않음'.

틀렸을 때의 메시지에는 정답 값이 나오지 않아야 하고, 결과는 노트북(HTML/마크다운)과 콘솔(평문) 모두에서 보여야 한다.
"""

import os
import random
import subprocess
import sys

import numpy as np
import pytest

from mnist_lesson.exercises import ____, Exercise, Incorrect, Outcome, is_blank
from mnist_lesson.exercises import lesson01, lesson02, lesson03, lesson04, lesson06, lesson07, registry
from mnist_lesson.exercises import core
from mnist_lesson.exercises.core import MIME_TYPE

from conftest import rendered

OUR_LESSONS = [lesson01, lesson02, lesson03, lesson04, lesson06, lesson07]
OUR_EXERCISES = [q for module in OUR_LESSONS for q in registry.exercises_of(module)]


# --- 노트북의 변수들을 흉내 낸 이름 공간 ------------------------------------------------------------


@pytest.fixture(scope="module")
def ns(mnist):
    """해답 코드와 오답을 만들 때 쓰는, 노트북에 있을 법한 값들."""
    import keras
    from keras import layers

    from mnist_lesson import artifacts, config

    (x_train, y_train), (x_test, y_test) = mnist
    history, _ = artifacts.load_recorded_history()
    # 모델의 예측을 흉내 낸다: 4→9 를 30번, 7→2 를 20번, 9→4 를 10번 틀린다.
    y_pred = y_test.copy()
    for real, guess, times in ((4, 9, 30), (7, 2, 20), (9, 4, 10)):
        y_pred[np.flatnonzero(y_test == real)[:times]] = guess
    x_small = x_train[:6000]
    return {
        "np": np, "keras": keras, "layers": layers, "config": config,
        "x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test, "y_pred": y_pred,
        "curves": history, "x_small": x_small,
        "ready_small": x_small.reshape(len(x_small), 784).astype("float32") / 255,
        "x_train_ready": x_train[:10].reshape(10, 784).astype("float32") / 255,
    }


# --- 빈칸 (모든 문제의 해답·빈칸·선언은 test_exercise_framework.py 가 다룬다) -----------------------------


def test_template_left_in_place_is_still_not_attempted():
    # 학생이 틀만 남겨 두어도(빈칸이 계산에 섞여도) 셀은 멈추지 않고 아직 풀지 않음이다.
    assert lesson02.q1.evaluate(____ * ____ + ____).outcome is Outcome.NOT_ATTEMPTED
    assert lesson04.q3.evaluate(____[0].reshape(28, 28), np.zeros((1, 28, 28), np.uint8)).outcome is Outcome.NOT_ATTEMPTED
    assert is_blank([0, ____]) and not is_blank([0, 1])
    with pytest.raises(TypeError, match="빈칸"):
        a, b = ____


def test_partly_blank_names_only_the_remaining_blank():
    result = lesson01.q1.evaluate("uint8", ____)
    assert result.outcome is Outcome.NOT_ATTEMPTED
    assert "pixel_max = ____" in repr(result) and "pixel_dtype = ____" not in repr(result)


def test_blank_context_asks_to_solve_the_earlier_exercise_first():
    result = lesson04.q3.evaluate(np.zeros((28, 28), np.float32), ____)
    assert result.outcome is Outcome.NOT_ATTEMPTED
    assert "앞 문제를 먼저" in repr(result)


# --- 흔한 오답: 알맞은 한국어 설명, 정답 값은 말하지 않음 ---------------------------------------------

# (문제, ns → check 에 넘길 값들, 메시지에 있어야 할 말)
WRONG = [
    # 01 불러오기와 살펴보기
    (lesson01.q1, lambda ns: ("float32", 255), "실수가 아니라 정수"),
    (lesson01.q1, lambda ns: ("int8", 255), "부호 없는"),
    (lesson01.q1, lambda ns: (np.uint16, 255), "크기가 다릅니다"),
    (lesson01.q1, lambda ns: ("unit8", 255), "자료형 이름이 아닙니다"),
    (lesson01.q1, lambda ns: (np.uint8, 256), "0부터 세는"),
    (lesson01.q1, lambda ns: ("uint8", 1.0), "전처리"),
    (lesson01.q1, lambda ns: ("float64", 1), "자료형:"),
    (lesson01.q2, lambda ns: (28,), "한 변"),
    (lesson01.q2, lambda ns: (56,), "곱하기"),
    (lesson01.q2, lambda ns: (60000,), "이미지의 개수"),
    (lesson01.q2, lambda ns: (60000 * 784,), "세트 전체"),
    (lesson01.q2, lambda ns: ("784",), "문자열"),
    (lesson01.q3, lambda ns: (int(np.bincount(ns["y_test"]).max()), ns["y_test"]), "횟수"),
    (lesson01.q3, lambda ns: (int(np.bincount(ns["y_test"]).argmin()), ns["y_test"]), "가장 적게"),
    (lesson01.q3, lambda ns: (int(np.argsort(np.bincount(ns["y_test"]))[5]), ns["y_test"]), "더 자주"),
    (lesson01.q3, lambda ns: (10, ns["y_test"]), "0~9"),
    (lesson01.q3, lambda ns: (1, np.eye(10)[ns["y_test"][:100]]), "원-핫"),
    # 02 모델 설계
    (lesson02.q1, lambda ns: (784 * 256,), "편향(bias)"),
    (lesson02.q1, lambda ns: (784 * 256 + 784,), "뉴런마다"),
    (lesson02.q1, lambda ns: (256,), "뉴런 수만"),
    (lesson02.q1, lambda ns: (256 * 256 + 256,), "두 번째 밀집층"),
    (lesson02.q1, lambda ns: (308_554,), "모델 전체"),
    (lesson02.q1, lambda ns: (200_960.5,), "정수"),
    (lesson02.q1, lambda ns: (True,), "참/거짓"),
    (lesson02.q1, lambda ns: (12345,), "가중치와 편향을 따로"),
    (lesson02.q2, lambda ns: (784 * 128 + 128 * 10,), "가중치만"),
    (lesson02.q2, lambda ns: (784 * 128 + 128,), "은닉층만"),
    (lesson02.q2, lambda ns: (784 * 128 + 128 + 128 * 10,), "출력층의 편향"),
    (lesson02.q2, lambda ns: (784 * 128 * 10,), "층마다 따로"),
    (lesson02.q3, lambda ns: (ns["keras"].Sequential([ns["layers"].Dense(128, activation="relu"),
                                                      ns["layers"].Dense(10, activation="softmax")]),), "keras.Input"),
    (lesson02.q3, lambda ns: (ns["keras"].Sequential([ns["keras"].Input(shape=(28, 28)), ns["layers"].Flatten(),
                                                      ns["layers"].Dense(128, activation="relu"),
                                                      ns["layers"].Dense(10, activation="softmax")]),), "28×28"),
    (lesson02.q3, lambda ns: (ns["keras"].Sequential([ns["keras"].Input(shape=(784,)),
                                                      ns["layers"].Dense(128, activation="relu"),
                                                      ns["layers"].Dense(10)]),), "확률(합이 1)"),
    (lesson02.q3, lambda ns: (ns["keras"].Sequential([ns["keras"].Input(shape=(784,)),
                                                      ns["layers"].Dense(128, activation="sigmoid"),
                                                      ns["layers"].Dense(10, activation="softmax")]),), "relu"),
    (lesson02.q3, lambda ns: (ns["keras"].Sequential([ns["keras"].Input(shape=(784,)),
                                                      ns["layers"].Dense(128, activation="relu"),
                                                      ns["layers"].Dense(1, activation="softmax")]),), "클래스"),
    (lesson02.q3, lambda ns: (ns["keras"].Sequential([ns["keras"].Input(shape=(784,)),
                                                      ns["layers"].Dense(256, activation="relu"),
                                                      ns["layers"].Dense(10, activation="softmax")]),), "은닉층의 뉴런"),
    (lesson02.q3, lambda ns: (ns["keras"].Sequential([ns["keras"].Input(shape=(784,)),
                                                      ns["layers"].Dense(128, activation="relu"),
                                                      ns["layers"].Dense(64, activation="relu"),
                                                      ns["layers"].Dense(10, activation="softmax")]),), "두 개입니다"),
    (lesson02.q3, lambda ns: (ns["keras"].Sequential,), "클래스"),
    (lesson02.q3, lambda ns: (ns["layers"].Dense(10, activation="softmax"),), "층 하나"),
    (lesson02.q3, lambda ns: ("784-128-10",), "Keras 모델이어야"),
    # 03 컴파일
    (lesson03.q1, lambda ns: ("categorical_crossentropy",), "원-핫"),
    (lesson03.q1, lambda ns: ("binary_crossentropy",), "두 클래스"),
    (lesson03.q1, lambda ns: ("mse",), "회귀"),
    (lesson03.q1, lambda ns: ("accuracy",), "평가 지표"),
    (lesson03.q1, lambda ns: ("rmsprop",), "옵티마이저"),
    (lesson03.q1, lambda ns: ("sparse categorical crossentropy",), "밑줄"),
    (lesson03.q1, lambda ns: ("sparse_categorical_crosentropy",), "철자"),
    (lesson03.q1, lambda ns: (ns["keras"].losses.CategoricalCrossentropy(),), "원-핫"),
    (lesson03.q1, lambda ns: (ns["keras"].losses.SparseCategoricalCrossentropy(from_logits=True),), "from_logits"),
    (lesson03.q1, lambda ns: (ns["keras"].losses.SparseCategoricalCrossentropy,), "클래스 자체"),
    (lesson03.q2, lambda ns: (3,), "정수 레이블 그대로"),
    (lesson03.q2, lambda ns: ([0, 0, 1, 0, 0, 0, 0, 0, 0, 0],), "0부터"),
    (lesson03.q2, lambda ns: ([0, 0, 0, 0, 1, 0, 0, 0, 0, 0],), "다시 세어"),
    (lesson03.q2, lambda ns: ([0, 0, 0, 1, 0, 0, 0, 0, 0],), "길이가 9"),
    (lesson03.q2, lambda ns: ([0, 0, 0, 3, 0, 0, 0, 0, 0, 0],), "0과 1만"),
    (lesson03.q2, lambda ns: ([1, 0, 0, 1, 0, 0, 0, 0, 0, 0],), "딱 하나"),
    (lesson03.q2, lambda ns: (np.eye(10)[[3]],), "2차원"),
    (lesson03.q2, lambda ns: ("0001000000",), "배열이어야"),
    (lesson03.q3, lambda ns: (0.1,), "확률"),
    (lesson03.q3, lambda ns: (np.log(0.1),), "부호"),
    (lesson03.q3, lambda ns: (-np.log10(0.1),), "밑이 10"),
    (lesson03.q3, lambda ns: (-10 * np.log(0.1),), "모두"),
    (lesson03.q3, lambda ns: (0,), "확률 1"),
    (lesson03.q3, lambda ns: ("2.3",), "문자열"),
    # 04 전처리
    (lesson04.q1, lambda ns: (ns["x_small"].size * 4, ns["x_small"]), "float32"),
    (lesson04.q1, lambda ns: (ns["x_small"].size * 64, ns["x_small"]), "비트"),
    (lesson04.q1, lambda ns: (ns["x_small"].size, ns["x_small"]), "값의 개수만"),
    (lesson04.q1, lambda ns: (ns["x_small"].size * 8 / 10**6, ns["x_small"]), "MB"),
    (lesson04.q1, lambda ns: (len(ns["x_small"]) * 8, ns["x_small"]), "이미지 수만"),
    (lesson04.q1, lambda ns: (ns["x_small"].size * 8, ns["ready_small"]), "원본 이미지"),
    (lesson04.q2, lambda ns: (ns["x_small"], ns["x_small"]), "평탄화"),
    (lesson04.q2, lambda ns: (ns["x_small"].reshape(6000, 784) / 255, ns["x_small"]), "float64"),
    (lesson04.q2, lambda ns: (ns["x_small"].reshape(6000, 784).astype("float32"), ns["x_small"]), "정규화"),
    (lesson04.q2, lambda ns: ((ns["x_small"].reshape(6000, 784) // 255).astype("float32"), ns["x_small"]), "정수 나눗셈"),
    (lesson04.q2, lambda ns: (ns["x_small"].reshape(6000, 784).astype("float32") / 256, ns["x_small"]), "256"),
    (lesson04.q2, lambda ns: (ns["x_small"].transpose(0, 2, 1).reshape(6000, 784).astype("float32") / 255, ns["x_small"]),
     "순서가 바뀌"),
    (lesson04.q2, lambda ns: (ns["ready_small"].T, ns["x_small"]), "축의 순서"),
    (lesson04.q2, lambda ns: (ns["ready_small"].ravel(), ns["x_small"]), "1차원"),
    (lesson04.q2, lambda ns: (ns["ready_small"][:1000], ns["x_small"]), "6,000장"),
    (lesson04.q2, lambda ns: (ns["ready_small"][::-1], ns["x_small"]), "순서를 섞거나"),
    (lesson04.q2, lambda ns: (ns["ready_small"].astype("float16"), ns["x_small"]), "float16"),
    (lesson04.q3, lambda ns: (ns["ready_small"][0], ns["x_small"]), "784칸"),
    (lesson04.q3, lambda ns: (ns["x_small"][0], ns["x_small"]), "원본(0~255)"),
    (lesson04.q3, lambda ns: (ns["ready_small"][1].reshape(28, 28), ns["x_small"]), "0부터"),
    (lesson04.q3, lambda ns: (ns["ready_small"][0].reshape(28, 28).T, ns["x_small"]), "전치"),
    (lesson04.q3, lambda ns: (ns["ready_small"][:1].reshape(1, 28, 28), ns["x_small"]), "샘플 축"),
    (lesson04.q3, lambda ns: (ns["x_small"][0] / 255, ns["x_small"]), "float64"),
    # 06 학습
    (lesson06.q1, lambda ns: (468,), "내림"),
    (lesson06.q1, lambda ns: (60000 / 128,), "정수"),
    (lesson06.q1, lambda ns: (391,), "50,000개"),
    (lesson06.q1, lambda ns: (60000 * 128,), "곱했습니다"),
    (lesson06.q1, lambda ns: (60000,), "샘플 수"),
    (lesson06.q2, lambda ns: (50000 / 128 * 100,), "작은 배치"),
    (lesson06.q2, lambda ns: ((50000 // 128) * 100,), "내림"),
    (lesson06.q2, lambda ns: (469 * 100,), "60,000개"),
    (lesson06.q2, lambda ns: (391,), "한 에포크"),
    (lesson06.q2, lambda ns: (50000 * 100,), "샘플을 본 횟수"),
    (lesson06.q3, lambda ns: (ns["x_train"][:10000], ns["x_train"]), "앞쪽"),
    (lesson06.q3, lambda ns: (ns["x_train"][-5000:], ns["x_train"]), "5,000개"),
    (lesson06.q3, lambda ns: (ns["x_train"][:-10000], ns["x_train"]), "남는 훈련"),
    (lesson06.q3, lambda ns: (ns["x_test"], ns["x_train"]), "테스트 세트"),
    (lesson06.q3, lambda ns: (ns["x_train"][-10000:].reshape(10000, 784), ns["x_train"]), "모양"),
    (lesson06.q4, lambda ns: (np.random.seed,), "NumPy"),
    (lesson06.q4, lambda ns: (random.seed,), "파이썬 random"),
    (lesson06.q4, lambda ns: (__import__("tensorflow").random.set_seed,), "TensorFlow 의 난수만"),
    (lesson06.q4, lambda ns: (__import__("tensorflow").config.experimental.enable_op_determinism,), "op 결정성"),
    (lesson06.q4, lambda ns: (ns["config"].set_seed,), "수업 도우미"),
    (lesson06.q4, lambda ns: (None,), "괄호 없이"),
    (lesson06.q4, lambda ns: ("keras.utils.set_random_seed",), "문자열"),
    (lesson06.q4, lambda ns: (print,), "한 번에 고정하는"),
    # 07 평가
    (lesson07.q1, lambda ns: (98.36,), "백분율"),
    (lesson07.q1, lambda ns: (164 / 10000,), "오류율"),
    (lesson07.q1, lambda ns: (10000 - 164,), "맞힌 개수"),
    (lesson07.q1, lambda ns: (0.9,), "맞힌 개수(전체 − 틀린 개수)"),
    (lesson07.q3, lambda ns: (ns["keras"].callbacks.EarlyStopping(monitor="loss", patience=3, restore_best_weights=True),),
     "훈련 손실"),
    (lesson07.q3, lambda ns: (ns["keras"].callbacks.EarlyStopping(monitor="val_accuracy", patience=3,
                                                                  restore_best_weights=True),), "검증 손실"),
    (lesson07.q3, lambda ns: (ns["keras"].callbacks.EarlyStopping(monitor="val_loss", patience=3),), "되돌리지"),
    (lesson07.q3, lambda ns: (ns["keras"].callbacks.EarlyStopping(monitor="val_loss", patience=5,
                                                                  restore_best_weights=True),), "patience"),
    (lesson07.q3, lambda ns: (ns["keras"].callbacks.EarlyStopping,), "클래스 자체"),
    (lesson07.q3, lambda ns: ("EarlyStopping",), "조기 종료 콜백이 아닙니다"),
    (lesson07.q4, lambda ns: ((9, 4), ns["y_test"], ns["y_pred"]), "순서가 반대"),
    (lesson07.q4, lambda ns: ((7, 2), ns["y_test"], ns["y_pred"]), "더 자주"),
    (lesson07.q4, lambda ns: ((3, 3), ns["y_test"], ns["y_pred"]), "대각선"),
    (lesson07.q4, lambda ns: ((1, 8), ns["y_test"], ns["y_pred"]), "한 번도"),
    (lesson07.q4, lambda ns: ("4→9", ns["y_test"], ns["y_pred"]), "튜플"),
    (lesson07.q4, lambda ns: ((4, 9, 1), ns["y_test"], ns["y_pred"]), "3개"),
    (lesson07.q4, lambda ns: ((30, 4), ns["y_test"], ns["y_pred"]), "0~9"),
    (lesson07.q4, lambda ns: ((4, 9), ns["y_test"], np.eye(10)[ns["y_pred"]]), "y_pred"),
]

# 틀렸을 때 보이면 안 되는 정답(학생이 직접 적은 값에 들어 있으면 예외).
SECRETS = {
    lesson01.q1.key: ["uint8", "255"],
    lesson01.q2.key: ["784"],
    lesson02.q1.key: ["200960", "200,960"],
    lesson02.q2.key: ["101770", "101,770"],
    lesson03.q1.key: ["sparse_categorical", "SparseCategorical"],
    lesson03.q2.key: ["[0, 0, 0, 1,", "0, 0, 0, 1, 0"],
    lesson03.q3.key: ["2.30", "2.302"],
    lesson04.q1.key: ["376320000", "376,320,000", "376.32", "37632000", "37,632,000"],
    lesson06.q1.key: ["469"],
    lesson06.q2.key: ["39100", "39,100"],
    lesson06.q4.key: ["set_random_seed", "keras.utils"],
    lesson07.q1.key: ["0.9836", "98.36"],
    lesson07.q4.key: ["(4, 9)", "4, 9"],
}


def _case_id(case):
    exercise, _, fragment = case
    return f"{exercise.key}-{fragment}"


@pytest.mark.parametrize("case", WRONG, ids=[_case_id(c) for c in WRONG])
def test_wrong_answer_gets_feedback_without_the_answer(case, ns):
    exercise, make, fragment = case
    values = make(ns)
    result = exercise.evaluate(*values)
    assert result.outcome is Outcome.INCORRECT, repr(result)
    text = rendered(result)
    assert fragment in result.message, result.message
    answer_text = " ".join(repr(v) for v in values[: len(exercise.answers)])
    for secret in SECRETS.get(exercise.key, []):
        if secret not in answer_text:
            assert secret not in text, f"{exercise.key} 의 오답 메시지에 정답 {secret!r} 이 보입니다:\n{text}"


def test_every_exercise_has_several_wrong_answers():
    counts = {q.key: 0 for q in OUR_EXERCISES}
    for exercise, _, _ in WRONG:
        counts[exercise.key] += 1
    counts.pop(lesson07.q2.key)  # 아래 test_best_epoch_wrong_answers 가 따로 다룬다
    assert min(counts.values()) >= 3, counts


BEST_EPOCH_HISTORY = {  # 검증 손실은 3 에포크에서 가장 낮고, 훈련 손실은 5, 검증 정확도는 4 에서 가장 좋다
    "loss": [0.6, 0.3, 0.2, 0.1, 0.05, 0.06],
    "val_loss": [0.5, 0.3, 0.2, 0.25, 0.3, 0.35],
    "val_accuracy": [0.8, 0.9, 0.93, 0.95, 0.94, 0.94],
}


@pytest.mark.parametrize("answer, fragment", [
    (2, "0부터"), (6, "마지막"), (5, "훈련 손실"), (4, "검증 정확도"), (0.2, "값을 적었습니다"),
    (7, "1부터 6까지"), (2.5, "정수"), ("3", "문자열"),
])
def test_best_epoch_wrong_answers(answer, fragment):
    result = lesson07.q2.evaluate(answer, BEST_EPOCH_HISTORY)
    assert result.outcome is Outcome.INCORRECT
    assert fragment in result.message, result.message
    assert lesson07.q2.evaluate(3, BEST_EPOCH_HISTORY).outcome is Outcome.CORRECT


def test_best_epoch_needs_a_validation_curve():
    result = lesson07.q2.evaluate(1, {"loss": [0.5, 0.4]})
    assert result.outcome is Outcome.INCORRECT and "val_loss" in result.message


def test_ties_in_the_confusion_matrix_accept_every_top_pair(ns):
    y_pred = ns["y_test"].copy()
    for real, guess in ((4, 9), (7, 2)):
        y_pred[np.flatnonzero(ns["y_test"] == real)[:25]] = guess
    for pair in ((4, 9), (7, 2), [7, 2], np.array([4, 9])):
        assert lesson07.q4.evaluate(pair, ns["y_test"], y_pred).outcome is Outcome.CORRECT


@pytest.mark.parametrize("answer", [
    "sparse_categorical_crossentropy", "SparseCategoricalCrossentropy",
    lambda keras: keras.losses.SparseCategoricalCrossentropy(), lambda keras: keras.losses.sparse_categorical_crossentropy,
])
def test_loss_accepts_every_form_keras_accepts(answer, ns):
    value = answer(ns["keras"]) if callable(answer) else answer
    assert lesson03.q1.evaluate(value).outcome is Outcome.CORRECT


@pytest.mark.parametrize("answer", ["uint8", np.uint8, np.dtype("uint8")])
def test_pixel_dtype_accepts_name_type_and_dtype(answer):
    assert lesson01.q1.evaluate(answer, 255).outcome is Outcome.CORRECT


# --- 확인 자체의 약속 ----------------------------------------------------------------------------


def test_unexpected_answer_never_raises(lesson99):
    def fragile(answer):
        return {"a": 1}[answer]

    lesson99.q1 = exercise = lesson99.declare(title="시험용", answers={"x": "'a'"}, checker=fragile)
    result = exercise.evaluate("b")
    assert result.outcome is Outcome.INCORRECT
    assert "KeyError" in result.message and "hint()" in result.message
    assert exercise.evaluate("a").outcome is Outcome.CORRECT


def test_wrong_number_of_values_explains_the_call():
    result = lesson07.q4.evaluate((4, 9))
    assert result.outcome is Outcome.INCORRECT
    assert "ex.q4.check(most_confused, y_test, y_pred)" in result.message
    assert "ex.q2.check(best_epoch, curves)" in lesson07.q2.evaluate(3).message


def test_incorrect_carries_message_and_template():
    exc = Incorrect("틀렸습니다", "x = ____")
    assert exc.message == "틀렸습니다" and exc.template == "x = ____" and str(exc) == "틀렸습니다"


# --- 보이기: 노트북에서는 색 상자, 콘솔에서는 평문, 채점기에는 JSON ------------------------------------


def test_result_renders_rich_and_plain():
    from IPython.core.formatters import DisplayFormatter

    result = lesson02.q1.evaluate(784 * 256)
    data, _ = DisplayFormatter().format(result)
    assert set(data) >= {"text/plain", "text/markdown", "text/html", MIME_TYPE}
    plain = data["text/plain"]
    assert plain.splitlines()[0] == "[오답] 문제 1. 첫 번째 밀집층(Dense)의 파라미터 수"
    assert "<" not in plain and "**" not in plain
    assert data["text/markdown"].startswith("**오답** · 문제 1.")
    assert "```python\n# 밀집층 하나의 파라미터 수" in data["text/markdown"]
    assert "<div" in data["text/html"] and "<code>" in data["text/html"] and "#c62828" in data["text/html"]
    assert data[MIME_TYPE] == {
        "exercise": "lesson02.q1", "lesson": "02", "number": 1, "title": lesson02.q1.title,
        "outcome": "incorrect", "label": "오답",
    }


def test_html_escapes_what_the_student_typed():
    result = lesson03.q1.evaluate("<script>alert(1)</script>")
    assert "<script>" not in result._repr_html_()
    assert "&lt;script&gt;" in result._repr_html_()


@pytest.mark.parametrize("outcome, color", [("correct", "#2e7d32"), ("not_attempted", "#1565c0")])
def test_each_outcome_has_its_own_look(outcome, color):
    result = lesson02.q1.evaluate(784 * 256 + 256 if outcome == "correct" else ____)
    assert result.outcome.value == outcome and color in result._repr_html_()


def test_check_hint_solution_print_plain_text_outside_a_notebook(capsys):
    lesson02.q1.check(784 * 256 + 256)
    lesson02.q1.hint()
    lesson02.q1.hint(2)
    lesson02.q1.solution()
    out = capsys.readouterr().out
    assert "[정답] 문제 1." in out
    assert "[힌트] 문제 1." in out and "힌트 1/2" in out and "hint(2)" in out and "힌트 2/2" in out
    assert "[풀이] 문제 1." in out and "first_dense_params = 784 * 256 + 256" in out
    assert lesson02.q1.check(1) is None  # 노트북처럼 보여 주기만 하고 값은 돌려주지 않는다


def test_outcome_labels():
    assert [o.label for o in Outcome] == ["정답", "오답", "아직 풀지 않음"]
    assert [o.short for o in Outcome] == ["정답", "오답", "미응답"]


# --- 모든 수업 모듈(다른 사람이 더한 것 포함)의 선언이 약속을 지키는지 ------------------------------------


def _all_exercises():
    return [q for name in registry.available_lessons() for q in registry.exercises_of(name)]


@pytest.fixture
def lesson99(monkeypatch):
    """시험용 수업 모듈 ``mnist_lesson.exercises.lesson99``: ``declare`` 가 그 안에서 Exercise 를 만든다."""
    import types

    module = types.ModuleType("mnist_lesson.exercises.lesson99")
    exec("from mnist_lesson.exercises.core import Exercise\n"
         "def declare(**kwargs):\n    return Exercise(**kwargs)", module.__dict__)
    monkeypatch.setitem(sys.modules, module.__name__, module)
    return module


def test_identity_comes_from_the_module_and_the_variable_name(lesson99):
    lesson99.q7 = exercise = lesson99.declare(title="시험용", answers={"x": "1"}, checker=lambda x: None)
    assert (exercise.lesson, exercise.number, exercise.key) == ("99", 7, "lesson99.q7")
    assert registry.exercises_of(lesson99) == [exercise]
    assert core.parse_key("lesson99.q7") == ("99", 7)
    with pytest.raises(ValueError):
        core.parse_key("lesson9.q7")
    lesson99.q8 = exercise  # 한 문제에 이름이 둘이면 번호를 정할 수 없다
    exercise._number = None
    with pytest.raises(LookupError):
        exercise.number


def test_lesson_modules_are_numbered_and_unique():
    names = registry.available_lessons()
    assert names[:6] == ["lesson01", "lesson02", "lesson03", "lesson04", "lesson06", "lesson07"]
    keys = [q.key for q in _all_exercises()]
    assert len(keys) == len(set(keys))
    for name in names:
        exercises = registry.exercises_of(name)
        assert 2 <= len(exercises) <= 4, name
        assert [q.number for q in exercises] == list(range(1, len(exercises) + 1)), name
        assert all(f"lesson{q.lesson}" == name for q in exercises), name


def test_lessons_in_source():
    source = (
        "from mnist_lesson.exercises import ____\n"
        "from mnist_lesson.exercises import lesson02 as ex\n"
        "from mnist_lesson.exercises import ____, lesson06\n"
        "import mnist_lesson.exercises.lesson07 as ex6\n"
        "# from mnist_lesson.exercises import lesson10 는 주석 밖에서만\n"
    )
    assert registry.lessons_in_source(source) == ["lesson02", "lesson06", "lesson07"]
    assert registry.lesson_name("2") == registry.lesson_name("lesson02") == "lesson02"
    with pytest.raises(ValueError):
        registry.exercises_of("99")


def test_import_is_cheap_and_changes_nothing():
    code = (
        "import os, sys, numpy as np\n"
        "env = dict(os.environ); state = np.random.get_state()[1].copy()\n"
        "import mnist_lesson.exercises\n"
        "from mnist_lesson.exercises import registry\n"
        "for name in registry.available_lessons(): registry.exercises_of(name)\n"
        "import mnist_lesson.answer_keys, mnist_lesson.grading, mnist_lesson.cli\n"
        "heavy = sorted(m for m in ('tensorflow', 'keras', 'matplotlib', 'sklearn', 'pandas', 'nbclient') if m in sys.modules)\n"
        "assert not heavy, heavy\n"
        "assert dict(os.environ) == env\n"
        "assert (np.random.get_state()[1] == state).all()\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={k: v for k, v in os.environ.items() if k != "PYTHONSTARTUP"})
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr
