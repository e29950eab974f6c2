"""05 신경망은 어떻게 배우나: 연습문제(ReLU 가 꺼진 샘플의 역전파, 학습률 0.45 로 내려가 보기, 배치 크기 32 의 스텝 수와 그 시간)."""

from __future__ import annotations

import math

import numpy as np

from mnist_lesson.exercises.checks import as_array, as_number, choice_problem, shown
from mnist_lesson.exercises.core import Exercise, Incorrect
from mnist_lesson.exercises.registry import unknown_question
from mnist_lesson.exercises.sources import computed, from_kernel

# 노트북 4절의 작은 신경망과 1절의 점 다섯 개. tests/test_lesson05.py 가 노트북의 셀과 같은 값인지 확인한다.
TOY_WEIGHTS = {"w1": 0.5, "b1": 0.1, "w2": 1.5, "b2": -0.2}
TOY_TARGET = 1.0
POINTS_X = np.array([-2.0, -1.0, 0.0, 1.0, 2.0])
POINTS_Y = np.array([-3.1, -1.4, 0.6, 2.4, 4.3])


def toy_gradients(x_in: float, relu_derivative: bool = True, relu_forward: bool = True) -> tuple[float, ...]:
    """4절의 신경망에서 입력 x_in 의 (dL/dw1, dL/db1, dL/dw2, dL/db2). 끄는 인자는 흔한 실수를 흉내 낸다."""
    w1, b1, w2, b2 = (TOY_WEIGHTS[k] for k in ("w1", "b1", "w2", "b2"))
    z = w1 * x_in + b1
    h = max(z, 0.0) if relu_forward else z
    dyhat = 2 * (w2 * h + b2 - TOY_TARGET)
    gate = (1.0 if z > 0 else 0.0) if relu_derivative else 1.0
    dz = dyhat * w2 * gate
    return (dz * x_in, dz, dyhat * h, dyhat)


# --- 문제 1. ReLU 가 꺼진 샘플의 그레이디언트 ---------------------------------------------------------

_GRADS_TEMPLATE = """z = 0.5 * (-1.0) + 0.1             # 앞으로: 첫 층의 가중합
h = max(z, 0.0)                    # ReLU
y_hat = 1.5 * h + (-0.2)
dL_dyhat = 2 * (y_hat - 1.0)       # 뒤로: 손실의 미분부터
dL_dz = dL_dyhat * 1.5 * (____)    # ReLU 의 미분: z 가 양수면 1, 아니면 0
toy_grads = (dL_dz * ____, dL_dz, dL_dyhat * ____, dL_dyhat)"""


def _near(got, target, tol=1e-6) -> bool:
    return len(got) == len(target) and all(abs(a - b) <= tol for a, b in zip(got, target))


def _check_toy_grads(toy_grads):
    if isinstance(toy_grads, dict):
        raise Incorrect("사전이 아니라 `(dL/dw1, dL/db1, dL/dw2, dL/db2)` 순서의 튜플로 적으세요.", _GRADS_TEMPLATE)
    if isinstance(toy_grads, (str, bytes)) or not hasattr(toy_grads, "__len__"):
        raise Incorrect(f"그레이디언트 네 개의 튜플로 적으세요(받은 것: {shown(toy_grads)}).", _GRADS_TEMPLATE)
    values = as_array(toy_grads, "`toy_grads`").ravel()
    if len(values) != 4:
        raise Incorrect(f"수가 {len(values)}개입니다. 가중치 네 개(w1, b1, w2, b2)의 그레이디언트를 적으세요.", _GRADS_TEMPLATE)
    got = [float(as_number(v.item(), "`toy_grads` 의 수")) for v in values]
    expected = toy_gradients(-1.0)
    if _near(got, expected):
        return
    if _near(got, toy_gradients(2.0)):
        raise Incorrect("4절의 입력 x = 2.0 의 값을 그대로 적었습니다. 입력을 −1.0 으로 바꾸면 앞으로 계산한 값부터 달라집니다.",
                        _GRADS_TEMPLATE)
    if _near(got, toy_gradients(-1.0, relu_derivative=False)):
        raise Incorrect("뒤로 갈 때 ReLU 의 미분을 빠뜨렸습니다. z 가 0 보다 작으면 ReLU 의 출력은 z 를 조금 바꿔도 0 그대로이므로, "
                        "미분은 1 이 아니라 0 입니다.", _GRADS_TEMPLATE)
    if _near(got, toy_gradients(-1.0, relu_derivative=False, relu_forward=False)):
        raise Incorrect("ReLU 를 아예 건너뛰었습니다: 앞으로 갈 때 h = ReLU(z) 는 음수를 0 으로 바꾸고, 뒤로 갈 때 그 미분(0 또는 1)을 곱합니다.",
                        _GRADS_TEMPLATE)
    if _near(got, toy_gradients(-1.0, relu_forward=False)):
        raise Incorrect("앞으로 계산할 때 h 에 ReLU 를 적용하지 않았습니다(h = z). ReLU 는 음수를 0 으로 바꿉니다.", _GRADS_TEMPLATE)
    if _near(got, [-v for v in expected]):
        raise Incorrect("부호가 모두 반대입니다. 손실 (ŷ − y)² 의 미분은 2·(ŷ − y) 입니다(y − ŷ 가 아니라).", _GRADS_TEMPLATE)
    if _near(got, [v / 2 for v in expected]):
        raise Incorrect("2 가 빠졌습니다. (ŷ − y)² 를 ŷ 로 미분하면 2·(ŷ − y) 입니다.", _GRADS_TEMPLATE)
    if _near(got[:2], expected[:2]):
        raise Incorrect("첫 층(w1, b1)은 맞았습니다. 둘째 층(w2, b2)의 그레이디언트를 다시 보세요: ŷ = w2·h + b2 를 w2 로 미분하면 h 입니다.",
                        _GRADS_TEMPLATE)
    if _near(got[2:], expected[2:]):
        raise Incorrect("둘째 층(w2, b2)은 맞았습니다. 첫 층으로 갈 때 무엇을 곱해야 하는지 4절의 뒤로 가는 줄들을 따라가 보세요.",
                        _GRADS_TEMPLATE)
    raise Incorrect("네 그레이디언트가 아닙니다. 먼저 z, h, ŷ 를 앞으로 계산하고, 손실에서부터 뒤로 미분을 곱해 오세요.", _GRADS_TEMPLATE)


q1 = Exercise(
    title="입력 x = −1 일 때 작은 신경망의 그레이디언트 (dL/dw1, dL/db1, dL/dw2, dL/db2)",
    answers={"toy_grads": """z = 0.5 * (-1.0) + 0.1
h = max(z, 0.0)
y_hat = 1.5 * h + (-0.2)
dL_dyhat = 2 * (y_hat - 1.0)
dL_dz = dL_dyhat * 1.5 * (1.0 if z > 0 else 0.0)
toy_grads = (dL_dz * (-1.0), dL_dz, dL_dyhat * h, dL_dyhat)"""},
    checker=_check_toy_grads,
    hints=[
        "먼저 앞으로 계산해 보세요: z = w1·x + b1 이 양수인가요, 음수인가요? ReLU 를 지난 h 는 얼마인가요?",
        "ReLU 의 미분은 z 가 양수면 1, 아니면 0 입니다. 뒤로 가다가 0 을 곱하면 그 앞(첫 층)의 그레이디언트는 모두 0 입니다.",
    ],
    explanation=("z = −0.4 라서 ReLU 가 꺼지고(h = 0), 뒤로 가는 길이 ReLU 에서 막힙니다. 그래서 이 샘플로는 첫 층의 w1, b1 이 "
                 "배우지 않고, 출력층의 편향 b2 만 바뀝니다(w2 의 그레이디언트도 h = 0 이라 0). 큰 MLP 에서도 샘플마다 꺼진 "
                 "ReLU 뒤의 가중치는 그 샘플에서 배우지 않습니다."),
)


# --- 문제 2. 학습률 0.45 ---------------------------------------------------------------------------------

def _loss(w: float, x=POINTS_X, y=POINTS_Y) -> float:
    return float(np.mean((w * np.asarray(x) - np.asarray(y)) ** 2))


def descend_loss(lr: float, steps: int = 8, w: float = 0.5, x=POINTS_X, y=POINTS_Y) -> float:
    """노트북 3절의 ``descend`` 처럼 (x, y) 에서 내려간 뒤의 손실."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    for _ in range(steps):
        w = w - lr * float(np.mean(2 * (w * x - y) * x))
    return _loss(w, x, y)


_LR_TEMPLATE = """path = descend(0.45)            # 3절의 함수: 지나온 가중치들
final_loss = loss(path[____])   # 마지막 가중치의 손실
converges = final_loss < loss(path[____])"""


def _check_learning_rate(final_loss, converges, x, y):
    if np.shape(x) != np.shape(y) or np.size(x) < 2:
        raise Incorrect("check 에 함께 넘긴 `x` 배열과 `y` 배열이 1절의 점 다섯 개가 아닙니다. 1절의 셀을 다시 실행하세요.")
    problems = []
    expected = descend_loss(0.45, x=x, y=y)
    start = _loss(0.5, x, y)
    try:
        value = float(as_number(final_loss, "`final_loss`"))
    except Incorrect as exc:
        problems.append(exc.message)
        value = None
    if value is not None and not math.isclose(value, expected, rel_tol=1e-3, abs_tol=1e-4):
        if math.isclose(value, start, rel_tol=1e-3):
            problems.append("처음 가중치(w = 0.5)의 손실입니다. 여덟 스텝을 간 뒤, 마지막 가중치의 손실을 적으세요.")
        elif math.isclose(value, descend_loss(0.55, x=x, y=y), rel_tol=1e-3):
            problems.append("학습률 0.55 의 결과입니다. 이 문제는 0.45 입니다.")
        elif any(math.isclose(value, descend_loss(0.45, steps=n, x=x, y=y), rel_tol=1e-3) for n in range(1, 30) if n != 8):
            problems.append("스텝 수가 다릅니다. `descend` 의 기본값처럼 여덟 스텝 뒤의 손실을 적으세요.")
        else:
            problems.append("학습률 0.45 로 여덟 스텝 뒤의 손실이 아닙니다. `descend(0.45)` 함수가 돌려준 마지막 가중치로 `loss` 함수를 계산하세요.")
    if not isinstance(converges, (bool, np.bool_)):
        problems.append(f"`converges` 에는 True 나 False 를 적습니다(받은 것: {shown(converges)}).")
    elif not converges:
        problems.append("0.55 와 가까워서 발산할 것이라 짐작했나요? 직접 돌려서 처음 손실과 마지막 손실을 비교해 보세요. "
                        "지그재그로 바닥을 넘나들어도, 넘어갈 때마다 바닥에 조금씩 가까워지면 손실은 줄어듭니다.")
    if problems:
        raise Incorrect("\n".join(problems), _LR_TEMPLATE)


q2 = Exercise(
    title="학습률 0.45 로 여덟 스텝: 마지막 손실과 수렴하는지",
    answers={"final_loss": """w = 0.5
for _ in range(8):
    w = w - 0.45 * np.mean(2 * (w * x - y) * x)  # 1절의 slope(w)
final_loss = float(np.mean((w * x - y) ** 2))    # 1절의 loss(w)""",
             "converges": "final_loss < np.mean((0.5 * x - y) ** 2)"},
    args={"x": computed(lambda: POINTS_X.copy()), "y": computed(lambda: POINTS_Y.copy())},
    checker=_check_learning_rate,
    hints=[
        "`descend(0.45)` 함수는 지나온 가중치 아홉 개(처음 + 여덟 스텝)를 돌려줍니다. 마지막 것은 `[-1]` 자리에 있고, 그 손실은 `loss(...)` 함수로 잽니다.",
        "3절처럼 그림으로 그려 보면 지그재그가 보입니다. 튀어 나갈 때마다 바닥에서 멀어지는지, 가까워지는지 보세요.",
    ],
    explanation=("이 문제의 손실은 기울기가 바닥까지의 거리에 비례하는 그릇 모양이라, 한 스텝이 바닥까지의 거리에 (1 − 학습률 × 4) 를 곱합니다. "
                 "0.45 에서는 −0.8 배: 바닥을 넘나들지만 거리가 줄어 수렴하고, 0.55 에서는 −1.2 배라 발산합니다. "
                 "경계(0.5)에 가까워질수록 곱하는 수가 −1 에 가까워져 수렴이 느려집니다: 0.45 는 수렴하지만 천천히 지그재그로 내려갑니다."),
)


# --- 문제 3. 배치 크기 32 -------------------------------------------------------------------------------

_STEPS_TEMPLATE = """steps_32 = math.ceil(n_time / ____)  # 에포크당 스텝 = ⌈샘플 수 / 배치 크기⌉
reason = "____\""""

_REASONS = {
    "가": ("한 에포크는 배치 크기와 상관없이 훈련 세트를 한 번씩, 곧 같은 샘플 수를 봅니다. 배치 크기는 그 샘플을 몇 장씩 묶는지만 "
           "바꿉니다."),
    "다": ("그레이디언트를 구하는 계산은 배치가 작을수록 적습니다(샘플이 적으니까). 그리고 작은 배치의 그레이디언트는 더 정확한 것이 "
           "아니라 더 흔들립니다(7절의 '왜 미니배치인가'). 흔들림이 크고 작은 것은 계산의 양을 바꾸지도 않습니다."),
}


def _check_batch_32(steps_32, reason, n_time):
    n = int(as_number(n_time, "check 에 함께 넘긴 `n_time`"))
    if n < 1:
        raise Incorrect("check 에 함께 넘긴 `n_time` 값이 양수가 아닙니다. 7절의 셀을 먼저 실행하세요.")
    problems = []
    try:
        value = as_number(steps_32, "`steps_32`")
        expected = math.ceil(n / 32)
        if value != expected:
            if value == n // 32 and n % 32:
                problems.append("내림을 했습니다. 나누어떨어지지 않고 남은 샘플도 작은 배치 하나가 되어 한 스텝을 차지합니다.")
            elif value == math.ceil(n / 128):
                problems.append("배치 크기 128 의 스텝 수입니다. 배치를 32 로 줄이면 스텝은 어떻게 되나요?")
            elif value == math.ceil(n / 128) // 4 or value == math.ceil(n / 512):
                problems.append("배치를 줄였는데 스텝을 줄였습니다. 배치가 작을수록 한 에포크를 채우는 데 스텝이 더 많이 필요합니다.")
            elif value == n * 32:
                problems.append("곱했습니다. 한 스텝이 32장을 처리하므로 샘플 수를 배치 크기로 나눕니다.")
            elif not float(value).is_integer():
                problems.append("스텝 수는 정수입니다. 마지막에 남은 샘플도 작은 배치 하나로 한 스텝입니다.")
            else:
                problems.append("배치 크기 32 의 에포크당 스텝 수가 아닙니다. `n_time` 장을 32장씩 묶으면 묶음이 몇 개인가요?")
    except Incorrect as exc:
        problems.append(exc.message)
    if problem := choice_problem(reason, "reason", _REASONS):
        problems.append(problem)
    if problems:
        raise Incorrect("\n".join(problems), _STEPS_TEMPLATE)


q3 = Exercise(
    title="배치 크기 32: 에포크당 스텝 수와 에포크가 길어지는 까닭",
    answers={"steps_32": "math.ceil(n_time / 32)", "reason": '"나"'},
    args={"n_time": from_kernel(
        "n_time 값은 학생이 고른 실행 모드(빠른 모드면 줄인 훈련 세트)에서 정해지는 샘플 수라 커널에서만 알 수 있습니다. "
        "답(스텝 수)은 채점기가 이 수로 다시 계산하므로, 이 수를 꾸며도 스텝 수를 바로 적는 것보다 쉽지 않습니다.",
        example=lambda: 11_776)},
    checker=_check_batch_32,
    hints=[
        "에포크당 스텝 = ⌈샘플 수 / 배치 크기⌉. 7절의 표에서 배치 크기 64 의 스텝 수를 어떻게 셌는지 보세요.",
        "한 에포크에 보는 샘플 수는 배치 크기와 상관없이 같습니다. 달라지는 것은 스텝의 수와 스텝 하나의 크기입니다.",
    ],
    explanation=("배치 32 는 배치 128 보다 스텝이 네 배입니다. 스텝마다 파이썬과 Keras 가 하는 준비와 작은 행렬 곱의 비효율이 "
                 "고정 비용으로 붙으므로, 샘플 수가 같아도 에포크가 길어집니다. 대신 가중치를 네 배 자주 고칩니다."),
)

__getattr__ = unknown_question(__name__)  # ex.q9 처럼 없는 문제는 한국어로 알린다
