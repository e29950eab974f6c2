"""07 평가: 연습문제(틀린 개수로 정확도, 검증 손실이 가장 낮은 에포크, 조기 종료 콜백, 가장 자주 헷갈린 숫자 쌍)."""

from __future__ import annotations

import numpy as np

from mnist_lesson.exercises.checks import as_array, as_number, context_labels, number_checker, shown
from mnist_lesson.exercises.core import Exercise, Incorrect
from mnist_lesson.exercises.sources import from_kernel, mnist, recorded


# 07 의 curves 는 실행 조건에 따라 그 학생이 학습한 기록(20 에포크 이상)이거나 패키지에 든 기록이다. 학생이 학습한
# 기록은 그 커널에서만 다시 만들 수 있으므로 채점기는 커널의 값을 쓴다. 답(검증 손실이 가장 낮은 에포크)은 채점기가
# 그 곡선에서 다시 계산하므로, 곡선을 꾸며 답에 맞추는 것은 답을 바로 적는 것보다 쉽지 않다.
_CURVES = from_kernel(
    "curves 는 그 학생이 학습한 기록이거나 패키지의 기록이라 커널에서만 알 수 있습니다. 답은 채점기가 그 곡선에서 다시 계산합니다.",
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
# 헷갈린 쌍)은 그 둘로 채점기가 다시 계산한다: 예측을 꾸며 답에 맞추는 것은 답을 바로 적는 것보다 쉽지 않다.
_PREDICTIONS = from_kernel(
    "y_pred 는 그 학생의 모델이 낸 예측이라 커널에만 있습니다. y_test 는 채점기가 다시 불러오고, 답은 채점기가 다시 계산합니다.",
    example=_example_predictions,
)


q1 = Exercise(
    title="테스트 10,000장 중 164장을 틀렸을 때의 정확도",
    answers={"test_accuracy": "(10000 - 164) / 10000"},
    checker=number_checker(
        (10000 - 164) / 10000,
        integer=False,
        tol=1e-6,
        mistakes=[
            (164 / 10000, "틀린 비율(오류율)입니다. 정확도는 맞힌 비율입니다."),
            (lambda v: abs(v - 98.36) < 1e-4, "백분율(%)로 적었습니다. Keras 처럼 0~1 사이의 비율로 적으세요."),
            (lambda v: abs(v - 1.64) < 1e-4, "오류율을 백분율로 적었습니다. 정확도는 맞힌 비율(0~1)입니다."),
            (10000 - 164, "맞힌 개수입니다. 정확도는 맞힌 개수를 전체 개수로 나눈 비율입니다."),
            (164, "틀린 개수입니다. 정확도는 맞힌 개수를 전체 개수로 나눈 비율입니다."),
            (lambda v: v > 1, "정확도는 0~1 사이의 비율입니다."),
        ],
        otherwise="정확도가 아닙니다. 맞힌 개수(전체 − 틀린 개수)를 전체 개수로 나누세요.",
        template="test_accuracy = (____ - ____) / ____",
        what="`test_accuracy`",
    ),
    hints=["정확도 = 맞힌 개수 / 전체 개수. 맞힌 개수는 전체에서 틀린 개수를 뺀 것입니다."],
    explanation="0.9836, 곧 98.36% 로 원본 튜토리얼이 보고한 테스트 정확도입니다.",
)


def _curve(history, key: str) -> np.ndarray:
    raw = getattr(history, "history", history)
    if not isinstance(raw, dict) or key not in raw:
        have = sorted(raw) if isinstance(raw, dict) else type(history).__name__
        raise Incorrect(f"check 에 함께 넘긴 학습 기록에 '{key}' 가 없습니다(있는 것: {have}). 검증 세트와 함께 학습한 "
                        "기록(History 나 {'val_loss': [...]} 사전)을 넘기세요.")
    values = np.asarray(raw[key], dtype=float)
    if values.ndim != 1 or len(values) == 0:
        raise Incorrect(f"학습 기록의 '{key}' 가 비어 있습니다.")
    return values


_EPOCH_TEMPLATE = 'best_epoch = int(np.argmin(curves["____"])) + ____  # 에포크는 1부터 센다'


def _check_best_epoch(best_epoch, curves):
    val_loss = _curve(curves, "val_loss")
    value = as_number(best_epoch, "`best_epoch`")
    best = set(np.flatnonzero(val_loss == val_loss.min()) + 1)
    if not float(value).is_integer():
        if any(abs(value - v) < 1e-9 for v in val_loss):
            raise Incorrect("검증 손실의 값을 적었습니다. 그 값이 나온 에포크 번호를 묻습니다.", _EPOCH_TEMPLATE)
        raise Incorrect(f"에포크 번호는 정수입니다(받은 값 {shown(value)}).", _EPOCH_TEMPLATE)
    epoch = int(value)
    if epoch in best:
        return
    if epoch + 1 in best:
        raise Incorrect("한 에포크 앞입니다: 배열의 인덱스는 0부터, 에포크는 1부터 셉니다.", _EPOCH_TEMPLATE)
    if epoch == len(val_loss):
        raise Incorrect("마지막 에포크입니다. 오래 학습할수록 좋아지는 것은 아닙니다: 검증 손실 곡선이 가장 낮은 곳을 찾으세요.",
                        _EPOCH_TEMPLATE)
    hist = getattr(curves, "history", curves)
    if "loss" in hist and epoch == int(np.argmin(hist["loss"])) + 1:
        raise Incorrect("훈련 손실이 가장 낮은 에포크입니다. 훈련 손실은 과적합이 와도 계속 내려갑니다: 검증 손실을 보세요.",
                        _EPOCH_TEMPLATE)
    for key in ("val_accuracy", "val_acc"):
        if key in hist and epoch - 1 in set(np.flatnonzero(np.asarray(hist[key]) == np.max(hist[key]))):
            raise Incorrect("검증 정확도가 가장 높은 에포크입니다. 이 문제(그리고 조기 종료의 기본값)는 검증 손실을 기준으로 합니다.",
                            _EPOCH_TEMPLATE)
    if not 1 <= epoch <= len(val_loss):
        raise Incorrect(f"이 학습 기록의 에포크는 1부터 {len(val_loss)}까지입니다(받은 값 {epoch}).", _EPOCH_TEMPLATE)
    raise Incorrect("검증 손실이 가장 낮은 에포크가 아닙니다. 눈대중 대신 가장 작은 값의 자리를 계산하세요.", _EPOCH_TEMPLATE)


q2 = Exercise(
    title="검증 손실이 가장 낮았던 에포크(1부터 셈)",
    answers={"best_epoch": 'int(np.argmin(curves["val_loss"])) + 1'},
    args={"curves": _CURVES},
    checker=_check_best_epoch,
    hints=[
        "`np.argmin` 은 가장 작은 값의 자리(인덱스)를 돌려줍니다. 인덱스는 0부터, 에포크는 1부터 셉니다.",
        "훈련 손실(loss)은 계속 내려갑니다. 과적합을 보려면 검증 손실(val_loss)을 봅니다.",
    ],
    explanation=("그 뒤로는 훈련 손실이 계속 내려가도 검증 손실은 오릅니다: 과적합입니다. "
                 "조기 종료는 이 에포크의 가중치로 되돌려 줍니다."),
)


_STOP_TEMPLATE = """early_stop = keras.callbacks.EarlyStopping(
    monitor="____",
    patience=____,
    restore_best_weights=____,
)"""


def _check_early_stop(early_stop):
    if isinstance(early_stop, type):
        raise Incorrect("콜백 클래스 자체를 넣었습니다. 괄호 안에 인자를 넣어 불러서 객체를 만드세요.", _STOP_TEMPLATE)
    if type(early_stop).__name__ != "EarlyStopping":
        raise Incorrect(f"조기 종료 콜백이 아닙니다(받은 것: {type(early_stop).__name__} {shown(early_stop)}). "
                        "`keras.callbacks` 에 있는 조기 종료 콜백을 만드세요.", _STOP_TEMPLATE)
    import keras  # 답이 Keras 콜백이므로 이미 불러와져 있다

    if not isinstance(early_stop, keras.callbacks.EarlyStopping):
        raise Incorrect("Keras 3 의 `keras.callbacks.EarlyStopping` 으로 만드세요.", _STOP_TEMPLATE)
    problems = []
    if early_stop.monitor == "loss":
        problems.append("훈련 손실(loss)을 지켜봅니다. 훈련 손실은 과적합이 와도 계속 내려가서 멈출 때를 알려 주지 못합니다.")
    elif early_stop.monitor != "val_loss":
        problems.append(f"지켜보는 값이 {early_stop.monitor!r} 입니다. 이 문제는 검증 손실을 지켜봅니다.")
    if early_stop.patience != 3:
        problems.append(f"patience 가 {early_stop.patience} 입니다. 문제는 몇 에포크 동안 나아지지 않으면 멈추라고 했나요?")
    if not early_stop.restore_best_weights:
        problems.append("멈춘 뒤 가장 좋았던 가중치로 되돌리지 않습니다. 그대로면 가장 좋았던 때보다 patience 만큼 "
                        "뒤(과적합이 시작된)의 가중치가 남습니다. 되돌리는 인자를 켜세요.")
    if problems:
        raise Incorrect("\n".join(problems), _STOP_TEMPLATE)


q3 = Exercise(
    title="검증 손실이 3 에포크 동안 나아지지 않으면 멈추고 가장 좋았던 가중치로 되돌리는 조기 종료",
    answers={"early_stop": """keras.callbacks.EarlyStopping(
    monitor="val_loss",
    patience=3,
    restore_best_weights=True,
)"""},
    checker=_check_early_stop,
    hints=[
        "이 노트북의 조기 종료 절에서 만든 콜백과 같은 클래스입니다. 인자 세 개의 값을 이 문제에 맞게 고르세요.",
        "`restore_best_weights` 의 기본값은 False 입니다.",
    ],
    explanation=("`model.fit(..., callbacks=[early_stop])` 로 넘기면, 검증 손실이 3 에포크 동안 나아지지 않을 때 멈추고 "
                 "가장 좋았던 에포크의 가중치로 되돌립니다. patience 가 작을수록 빨리 멈추지만, 잠깐 흔들린 것을 "
                 "과적합으로 착각할 위험도 커집니다."),
)


_PAIR_TEMPLATE = """from sklearn.metrics import confusion_matrix
cm = confusion_matrix(y_test, y_pred)  # 행: 실제 숫자, 열: 예측한 숫자
np.fill_diagonal(cm, 0)                # 맞힌 것(대각선)은 빼고 본다
most_confused = (____, ____)           # (실제, 예측)"""


def _check_most_confused(most_confused, y_test, y_pred):
    truth = context_labels(y_test, "y_test")
    predicted = context_labels(y_pred, "y_pred", n=len(truth))
    counts = np.zeros((10, 10), dtype=np.int64)
    np.add.at(counts, (truth, predicted), 1)
    np.fill_diagonal(counts, 0)
    if counts.max() == 0:
        raise Incorrect("넘긴 예측이 모두 맞았습니다. 헷갈린 쌍이 없으니 y_pred 가 모델의 예측인지 확인하세요.")
    if isinstance(most_confused, (str, bytes)) or not hasattr(most_confused, "__len__"):
        raise Incorrect(f"(실제 숫자, 예측한 숫자) 두 수의 튜플로 적으세요(받은 것: {shown(most_confused)}).", _PAIR_TEMPLATE)
    pair = as_array(most_confused, "`most_confused`").ravel()
    if len(pair) != 2:
        raise Incorrect(f"수가 {len(pair)}개입니다. (실제 숫자, 예측한 숫자) 두 개를 적으세요.", _PAIR_TEMPLATE)
    values = [as_number(v.item(), "`most_confused` 의 숫자") for v in pair]
    if not all(float(v).is_integer() and 0 <= v <= 9 for v in values):
        raise Incorrect(f"숫자는 0~9 의 정수입니다(받은 것: {shown(most_confused)}). 횟수가 아니라 숫자 쌍을 적으세요.",
                        _PAIR_TEMPLATE)
    real, guess = (int(v) for v in values)
    if real == guess:
        raise Incorrect("같은 숫자 두 개입니다. 오차 행렬의 대각선은 맞힌 것입니다. 대각선 밖에서 가장 큰 칸을 찾으세요.",
                        _PAIR_TEMPLATE)
    if counts[real, guess] == counts.max():
        return
    if counts[guess, real] == counts.max():
        raise Incorrect("순서가 반대입니다. 오차 행렬의 행이 실제 숫자, 열이 예측한 숫자입니다: (실제, 예측) 순서로 적으세요.",
                        _PAIR_TEMPLATE)
    if counts[real, guess] == 0:
        raise Incorrect("모델이 한 번도 그렇게 헷갈리지 않은 쌍입니다. 이 노트북의 예측으로 만든 오차 행렬을 보세요.",
                        _PAIR_TEMPLATE)
    raise Incorrect("그 쌍보다 더 자주 헷갈린 쌍이 있습니다. 대각선을 뺀 칸 중 가장 큰 칸을 찾으세요.", _PAIR_TEMPLATE)


q4 = Exercise(
    title="가장 자주 헷갈린 (실제, 예측) 숫자 쌍",
    answers={"most_confused": """from sklearn.metrics import confusion_matrix

cm = confusion_matrix(y_test, y_pred)
np.fill_diagonal(cm, 0)  # 맞힌 것(대각선)은 빼고 본다
most_confused = tuple(int(d) for d in np.unravel_index(cm.argmax(), cm.shape))"""},
    args={"y_test": mnist("y_test"), "y_pred": _PREDICTIONS},
    checker=_check_most_confused,
    hints=[
        "오차 행렬의 행은 실제 숫자, 열은 모델이 예측한 숫자입니다. 대각선은 맞힌 것입니다.",
        "대각선을 0으로 지운 뒤 가장 큰 칸의 (행, 열)을 찾으세요: `np.unravel_index(cm.argmax(), cm.shape)`.",
    ],
    explanation=("어떤 쌍이 가장 헷갈리는지는 학습할 때마다(에포크 수, 시드) 조금씩 다릅니다. "
                 "틀린 숫자 모음에서 그 쌍의 이미지를 보면 사람에게도 헷갈리는 글씨가 많습니다."),
)
