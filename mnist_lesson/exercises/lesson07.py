"""07 평가: 연습문제(검증 정확도가 가장 높은 에포크, 가장 자주 틀리는 숫자, 되돌리지 않는 조기 종료가 남기는 가중치)."""

from __future__ import annotations

import numpy as np

from mnist_lesson.exercises.checks import as_number, context_labels, shown
from mnist_lesson.exercises.core import Exercise, Incorrect
from mnist_lesson.exercises.registry import unknown_question
from mnist_lesson.exercises.sources import from_kernel, mnist, recorded

# 07 의 curves 는 실행 조건에 따라 그 학생이 학습한 기록(20 에포크 이상)이거나 패키지에 든 기록이다. 학생이 학습한
# 기록은 그 커널에서만 다시 만들 수 있으므로 채점기는 커널의 값을 쓴다. 답(에포크 번호)은 채점기가 그 곡선에서 다시
# 계산하므로, 곡선을 꾸며 답에 맞추는 것은 답을 바로 적는 것보다 쉽지 않다.
_CURVES = from_kernel(
    "curves 사전은 그 학생이 학습한 기록이거나 패키지의 기록이라 커널에서만 알 수 있습니다. 답은 채점기가 그 곡선에서 다시 계산합니다.",
    example=lambda: recorded("seed_mlp_100_epochs").value(),
)


def _example_predictions():
    """테스트용 예측: y_test 에서 4→9 를 30번, 7→2 를 20번, 9→4 를 10번 틀린 것."""
    y_test = mnist("y_test").value()
    y_pred = y_test.copy()
    for real, guess, times in ((4, 9, 30), (7, 2, 20), (9, 4, 10)):
        y_pred[np.flatnonzero(y_test == real)[:times]] = guess
    return y_pred


# y_pred 는 그 학생의 모델이 낸 예측이라 커널에만 있다. y_test 는 채점기가 MNIST 에서 다시 불러오고, 답(가장 자주
# 틀리는 숫자)은 그 둘로 채점기가 다시 계산한다.
_PREDICTIONS = from_kernel(
    "y_pred 배열은 그 학생의 모델이 낸 예측이라 커널에만 있습니다. y_test 배열은 채점기가 다시 불러오고, 답은 채점기가 다시 계산합니다.",
    example=_example_predictions,
)


def _curve(history, key: str) -> np.ndarray:
    raw = getattr(history, "history", history)
    if not isinstance(raw, dict) or key not in raw:
        have = sorted(raw) if isinstance(raw, dict) else type(history).__name__
        raise Incorrect(f"check 에 함께 넘긴 학습 기록에 '{key}' 항목이 없습니다(있는 것: {have}). 검증 세트와 함께 학습한 "
                        "기록(History 나 {'val_loss': [...]} 사전)을 넘기세요.")
    values = np.asarray(raw[key], dtype=float)
    if values.ndim != 1 or len(values) == 0:
        raise Incorrect(f"학습 기록의 '{key}' 항목이 비어 있습니다.")
    return values


def _epoch(value, what: str, template: str, curve: np.ndarray) -> int:
    number = as_number(value, what)
    if not float(number).is_integer():
        if any(abs(number - v) < 1e-9 for v in curve):
            raise Incorrect("기록의 값을 적었습니다. 그 값이 나온 에포크의 번호를 묻습니다.", template)
        raise Incorrect(f"에포크 번호는 정수여야 합니다(받은 값 {shown(value)}).", template)
    epoch = int(number)
    if not 1 <= epoch <= len(curve):
        raise Incorrect(f"이 학습 기록의 에포크는 1부터 {len(curve)}까지입니다(받은 값 {epoch}).", template)
    return epoch


# --- 문제 1. 검증 정확도가 가장 높은 에포크 -------------------------------------------------------------------

_ACC_TEMPLATE = 'best_acc_epoch = int(np.arg____(curves["____"])) + 1  # 에포크는 1부터 셉니다'


def _check_best_accuracy_epoch(best_acc_epoch, curves):
    val_accuracy = _curve(curves, "val_accuracy")
    epoch = _epoch(best_acc_epoch, "`best_acc_epoch`", _ACC_TEMPLATE, val_accuracy)
    best = set(np.flatnonzero(val_accuracy == val_accuracy.max()) + 1)
    if epoch in best:
        return
    if epoch + 1 in best:
        raise Incorrect("한 에포크 앞입니다: 배열의 인덱스는 0부터, 에포크는 1부터 셉니다.", _ACC_TEMPLATE)
    raw = getattr(curves, "history", curves)
    if "val_loss" in raw and epoch - 1 in set(np.flatnonzero(np.asarray(raw["val_loss"]) == np.min(raw["val_loss"]))):
        raise Incorrect("검증 손실이 가장 낮은 에포크(3절의 요약이 보여 준 것)입니다. 이 문제는 검증 정확도가 가장 높은 에포크를 묻습니다: "
                        "두 에포크가 같다고 짐작하지 말고 계산해 보세요.", _ACC_TEMPLATE)
    if epoch == len(val_accuracy):
        raise Incorrect("마지막 에포크입니다. 오래 학습할수록 검증 정확도가 가장 높아지는 것은 아닙니다: 가장 큰 값의 자리를 계산하세요.",
                        _ACC_TEMPLATE)
    # np.argmax(curves["accuracy"]) 의 답: 훈련 정확도는 100% 에 닿은 뒤 여러 에포크 그대로이므로 그 첫 에포크만 이 실수로 본다
    if "accuracy" in raw and epoch - 1 == int(np.argmax(raw["accuracy"])):
        raise Incorrect("훈련 정확도가 가장 높은 에포크입니다. 훈련 정확도는 외울수록 오릅니다: 검증 정확도(val_accuracy)를 보세요.",
                        _ACC_TEMPLATE)
    raise Incorrect("검증 정확도가 가장 높은 에포크가 아닙니다. 눈대중 대신 가장 큰 값의 자리를 계산하세요.", _ACC_TEMPLATE)


q1 = Exercise(
    title="검증 정확도가 가장 높았던 에포크(1부터 셈)",
    answers={"best_acc_epoch": 'int(np.argmax(curves["val_accuracy"])) + 1'},
    args={"curves": _CURVES},
    checker=_check_best_accuracy_epoch,
    hints=[
        "3절의 `curves` 변수는 사전입니다: `curves[\"val_accuracy\"]` 항목이 에포크마다의 검증 정확도입니다.",
        "`np.argmax` 함수는 가장 큰 값의 자리(인덱스)를 돌려줍니다. 인덱스는 0부터, 에포크는 1부터 셉니다.",
    ],
    explanation=("원본 방법의 100 에포크 기록에서 검증 정확도가 가장 높은 에포크는 검증 손실이 가장 낮은 에포크보다 훨씬 뒤에 옵니다. 손실이 오르는 동안에도 정확도는 "
                 "조금씩 오를 수 있기 때문입니다(틀린 것은 더 확신하며 틀리고, 맞히는 것은 조금 늘어납니다). 조기 종료가 무엇을 지켜볼지"
                 "(`monitor`)에 따라 전혀 다른 에포크에서 멈추는 까닭입니다."),
)


# --- 문제 2. 가장 자주 틀리는 숫자 ------------------------------------------------------------------------

_HARD_TEMPLATE = """error_rate = [np.mean(y_pred[y_test == digit] != digit) for digit in range(10)]  # 숫자마다 틀린 비율
hardest_digit = int(np.arg____(error_rate))"""


def _check_hardest(hardest_digit, y_test, y_pred):
    truth = context_labels(y_test, "y_test")
    predicted = context_labels(y_pred, "y_pred", n=len(truth))
    value = as_number(hardest_digit, "`hardest_digit`")
    if not float(value).is_integer() or not 0 <= value <= 9:
        raise Incorrect(f"숫자 0~9 중 하나를 적습니다(받은 값 {shown(value)}). 틀린 비율이 아니라 그 숫자를 적으세요.", _HARD_TEMPLATE)
    digit = int(value)
    wrong = predicted != truth
    if not wrong.any():
        raise Incorrect("넘긴 예측이 모두 맞았습니다. `y_pred` 배열이 이 노트북의 모델이 낸 예측인지 확인하세요.")
    rate = np.array([wrong[truth == d].mean() if np.any(truth == d) else 0.0 for d in range(10)])
    count = np.array([np.count_nonzero(wrong & (truth == d)) for d in range(10)])
    as_guess = np.array([np.count_nonzero(wrong & (predicted == d)) for d in range(10)])
    if rate[digit] == rate.max():
        return
    if count[digit] == count.max():
        raise Incorrect("틀린 개수가 가장 많은 숫자입니다. 숫자마다 테스트 이미지 수가 다르므로(예: 1 이 가장 많습니다) 개수가 아니라 "
                        "그 숫자의 이미지 가운데 틀린 비율로 비교하세요.", _HARD_TEMPLATE)
    if as_guess[digit] == as_guess.max():
        raise Incorrect("모델이 틀리게 가장 자주 '답한' 숫자입니다. 이 문제는 실제 숫자(y_test)가 그 숫자인 이미지를 얼마나 틀렸는지 묻습니다: "
                        "오차 행렬의 열이 아니라 행입니다.", _HARD_TEMPLATE)
    if rate[digit] == rate.min():
        raise Incorrect("가장 잘 맞히는 숫자입니다. 가장 큰 값의 자리를 찾는 함수와 가장 작은 값의 자리를 찾는 함수를 헷갈리지 않았나요?",
                        _HARD_TEMPLATE)
    raise Incorrect("그 숫자보다 더 자주 틀리는 숫자가 있습니다. 숫자마다 틀린 비율을 계산해 가장 큰 것을 고르세요.", _HARD_TEMPLATE)


q2 = Exercise(
    title="모델이 가장 자주 틀리는 숫자(그 숫자의 테스트 이미지 가운데 틀린 비율)",
    answers={"hardest_digit": "int(np.argmax([np.mean(y_pred[y_test == digit] != digit) for digit in range(10)]))"},
    args={"y_test": mnist("y_test"), "y_pred": _PREDICTIONS},
    checker=_check_hardest,
    hints=[
        "`y_pred[y_test == 7]` 배열은 실제로 7 인 이미지들에 대한 예측입니다. 그중 7 이 아닌 것의 비율이 숫자 7 의 틀린 비율입니다.",
        "숫자 0~9 의 틀린 비율을 목록으로 만들고 `np.argmax` 함수로 가장 큰 자리를 찾으세요. 오차 행렬의 행마다 대각선 밖의 합 ÷ 행의 합과 같습니다.",
    ],
    explanation=("어느 숫자가 가장 어려운지는 모델과 학습(에포크, 시드)에 따라 달라지므로, 이 노트북의 예측으로 직접 셉니다. "
                 "숫자마다 테스트 이미지 수가 다르므로(1 이 가장 많고 5 가 가장 적습니다) 비교는 개수가 아니라 비율로 합니다. "
                 "틀린 비율이 가장 큰 숫자의 이미지를 6절의 틀린 숫자 모음에서 찾아보면 무엇과 헷갈렸는지 보입니다."),
)


# --- 문제 3. 되돌리지 않는 조기 종료가 남기는 가중치 --------------------------------------------------------------

_PATIENCE = 3
_STOP_TEMPLATE = """best, wait = float("inf"), 0
for epoch, value in enumerate(curves["val_loss"], start=1):
    if value < best:
        best, wait = value, 0
    else:
        wait += 1
        if wait >= ____:      # patience 번 나아지지 않으면 그 에포크에서 멈춥니다
            break
kept_epoch = ____"""


def stop_epoch(val_loss, patience: int) -> int:
    """``EarlyStopping(monitor="val_loss", patience=patience)`` 가 멈추는 에포크(1부터 셈, 멈추지 않으면 마지막 에포크)."""
    best, wait = float("inf"), 0
    for epoch, value in enumerate(val_loss, start=1):
        if value < best:
            best, wait = value, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch
    return len(val_loss)


def _check_kept_epoch(kept_epoch, curves):
    val_loss = _curve(curves, "val_loss")
    epoch = _epoch(kept_epoch, "`kept_epoch`", _STOP_TEMPLATE, val_loss)
    expected = stop_epoch(val_loss, _PATIENCE)
    if epoch == expected:
        return
    best = int(np.argmin(val_loss[:expected])) + 1
    if epoch == best:
        raise Incorrect("검증 손실이 가장 낮았던 에포크입니다. 그 가중치로 돌아가는 것은 restore_best_weights=True 일 때입니다. "
                        "이 문제는 되돌리지 않으므로 멈춘 에포크의 가중치가 남습니다.", _STOP_TEMPLATE)
    if epoch == len(val_loss):
        raise Incorrect("마지막 에포크입니다. 조기 종료는 검증 손실이 patience 번 연달아 나아지지 않으면 그 자리에서 학습을 멈춥니다.",
                        _STOP_TEMPLATE)
    if epoch == stop_epoch(val_loss, 5):
        raise Incorrect("patience 5(4절의 셀)로 셌습니다. 이 문제의 patience 는 3 입니다.", _STOP_TEMPLATE)
    if epoch == expected - 1 or epoch == expected + 1:
        raise Incorrect("한 에포크 어긋났습니다. 가장 좋았던 에포크 다음부터 나아지지 않은 에포크를 하나씩 세어, 그 수가 patience(3)에 "
                        "닿는 에포크의 학습이 끝나면 멈춥니다.", _STOP_TEMPLATE)
    raise Incorrect("그 에포크에서 멈추지 않습니다. 에포크마다 지금까지 가장 낮은 검증 손실과 비교해 나아지지 않은 횟수를 세어 보세요.",
                    _STOP_TEMPLATE)


q3 = Exercise(
    title="curves 를 EarlyStopping(patience=3, restore_best_weights=False) 콜백으로 학습했다면 남는 가중치의 에포크",
    answers={"kept_epoch": """best, wait = float("inf"), 0
for epoch, value in enumerate(curves["val_loss"], start=1):
    if value < best:
        best, wait = value, 0
    else:
        wait += 1
        if wait >= 3:
            break
kept_epoch = epoch"""},
    args={"curves": _CURVES},
    checker=_check_kept_epoch,
    hints=[
        "조기 종료는 에포크가 끝날 때마다 검증 손실이 지금까지 가장 낮은 값보다 낮은지 봅니다. 낮으면 세던 수를 0 으로, 아니면 1 을 더합니다.",
        "센 수가 patience(3)에 닿은 에포크에서 학습이 멈춥니다. 되돌리지 않으면 모델에는 그 마지막 에포크의 가중치가 남습니다.",
    ],
    explanation=("멈춘 에포크는 가장 좋았던 에포크보다 patience 만큼 뒤입니다. 그동안 검증 손실은 이미 오르고 있었으므로, 되돌리지 않으면 "
                 "과적합이 시작된 가중치가 남습니다. 그래서 이 시리즈는 늘 `restore_best_weights=True` 설정을 씁니다."),
)

__getattr__ = unknown_question(__name__)  # ex.q9 처럼 없는 문제는 한국어로 알린다
