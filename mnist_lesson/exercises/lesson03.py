"""03 컴파일: 연습문제(배치 두 개의 손실, 정확도와 손실이 다른 모델을 고를 때, 클래스가 5개일 때 학습 전 손실)."""

from __future__ import annotations

import math

import numpy as np

from mnist_lesson.exercises.checks import as_number, number_checker, shown
from mnist_lesson.exercises.core import Exercise, Incorrect
from mnist_lesson.exercises.registry import unknown_question

# 노트북의 연습문제 셀이 보여 주는 값. 확인 함수는 커널의 값이 아니라 이 값으로 정답을 계산한다
# (tests/test_exercises_03.py 가 노트북의 셀과 같은지 확인한다).
BATCH_PROBS = np.array([
    [0.02, 0.03, 0.05, 0.70, 0.05, 0.05, 0.02, 0.03, 0.03, 0.02],  # 정답 3: 70% 로 맞힘
    [0.02, 0.03, 0.60, 0.05, 0.05, 0.10, 0.05, 0.04, 0.03, 0.03],  # 정답 5: 2 라고 틀림(5 에는 10%)
])
BATCH_LABELS = np.array([3, 5])

# 숫자 0, 1, 2 만 있는 작은 문제에서 두 모델이 샘플 네 개에 준 확률과 정답.
PROBS_A = np.array([[0.9, 0.05, 0.05], [0.05, 0.9, 0.05], [0.05, 0.05, 0.9], [0.4, 0.5, 0.1]])
PROBS_B = np.array([[0.4, 0.3, 0.3], [0.3, 0.4, 0.3], [0.3, 0.3, 0.4], [0.4, 0.3, 0.3]])
LABELS_AB = np.array([0, 1, 2, 0])


def _true_class_probs(probs, labels) -> np.ndarray:
    return np.asarray(probs)[np.arange(len(labels)), np.asarray(labels)]


def batch_loss_of(probs, labels) -> float:
    """Keras 의 sparse categorical cross-entropy 가 보고하는 값: 샘플마다 −ln(정답 확률), 배치의 평균."""
    return float(np.mean(-np.log(_true_class_probs(probs, labels))))


# --- 문제 1. 배치 두 개의 손실 -----------------------------------------------------------------------------

_BATCH_TEMPLATE = """p_true = probs_2[[0, 1], labels_2]      # 샘플마다 정답 숫자에 준 확률
batch_loss = np.____(-np.log(p_true))    # Keras 가 보고하는 배치의 손실"""


def _check_batch_loss(batch_loss):
    probs, labels = BATCH_PROBS, BATCH_LABELS
    value = float(as_number(batch_loss, "`batch_loss`"))
    p_true = _true_class_probs(probs, labels)
    expected = batch_loss_of(probs, labels)
    if math.isclose(value, expected, abs_tol=1e-3):
        return
    mistakes = [
        (np.sum(-np.log(p_true)), "두 샘플의 손실을 더했습니다. Keras 는 배치의 손실을 샘플 수로 나눈 평균으로 보고합니다"
                                  "(배치 크기가 바뀌어도 같은 눈금으로 읽도록)."),
        (np.mean(-np.log10(p_true)), "밑이 10인 로그를 썼습니다. 교차 엔트로피는 자연로그(`np.log`)를 씁니다."),
        (np.mean(np.log(p_true)), "부호가 반대입니다. 확률(1보다 작음)의 로그는 음수이므로 앞에 마이너스를 붙여 양수로 만듭니다."),
        (np.mean(-np.log(probs.max(axis=1))), "샘플마다 가장 큰 확률을 썼습니다. 손실은 모델이 고른 숫자가 아니라 "
                                                   "정답 숫자에 준 확률을 봅니다: 둘째 샘플의 정답은 5 입니다."),
        (-np.log(p_true[0]), "첫 샘플만 셌습니다. 배치의 손실은 두 샘플의 손실의 평균입니다."),
        (-np.log(p_true[1]), "둘째 샘플만 셌습니다. 배치의 손실은 두 샘플의 손실의 평균입니다."),
        (np.mean(p_true), "정답에 준 확률의 평균입니다. 손실은 확률마다 −log 를 씌운 뒤 평균합니다."),
        (0.5, "정확도(두 샘플 중 하나를 맞힘)입니다. 손실은 정답에 준 확률로 계산합니다."),
        (-np.log(np.mean(p_true)), "확률을 먼저 평균한 뒤 로그를 씌웠습니다. 샘플마다 −log 를 씌운 뒤 평균합니다(순서를 바꾸면 값이 다릅니다)."),
    ]
    for wrong, message in mistakes:
        if math.isclose(value, float(wrong), abs_tol=1e-3):
            raise Incorrect(message, _BATCH_TEMPLATE)
    raise Incorrect("Keras 가 보고할 배치의 손실이 아닙니다. 샘플마다 정답 숫자에 준 확률을 찾아 −log 를 씌우고 평균하세요.",
                    _BATCH_TEMPLATE)


q1 = Exercise(
    title="샘플 두 개짜리 배치의 손실(Keras 가 보고하는 값)",
    answers={"batch_loss": """p_true = np.array([0.70, 0.10])  # probs_2 에서 샘플마다 정답 칸(3 과 5)의 확률
batch_loss = float(np.mean(-np.log(p_true)))"""},
    checker=_check_batch_loss,
    hints=[
        "샘플마다 정답 숫자의 칸을 보세요: 첫 샘플은 3 번 칸, 둘째 샘플은 5 번 칸입니다(0 부터 셉니다).",
        "샘플마다 −log(정답 확률)(`np.log`)를 구한 뒤, 배치 손실은 그 둘의 평균입니다. "
        "`keras.losses.sparse_categorical_crossentropy(labels_2, probs_2)` 함수로 샘플마다의 값을 확인할 수 있습니다.",
    ],
    explanation=("첫 샘플(70% 로 맞힘)의 손실은 0.36 정도지만, 둘째 샘플(정답에 10%)은 2.30 이라 배치의 평균을 끌어올립니다. "
                 "손실은 틀린 샘플, 특히 정답에 작은 확률을 준 샘플이 좌우합니다. Keras 는 이렇게 샘플마다 잰 손실을 배치에서 평균합니다."),
)


# --- 문제 2. 정확도와 손실이 다른 모델을 가리킬 때 ------------------------------------------------------------

_AB_TEMPLATE = """for name, probs in [("A", probs_A), ("B", probs_B)]:
    accuracy = np.mean(probs.argmax(axis=1) == labels_AB)
    loss = np.mean(-np.log(probs[np.arange(4), labels_AB]))
    print(name, accuracy, loss)
higher_accuracy = "____"
lower_loss = "____\""""


def _letter(value, what: str) -> str:
    if not isinstance(value, str) or value.strip().upper() not in ("A", "B"):
        raise Incorrect(f"{what} 에는 \"A\" 나 \"B\" 를 적습니다(받은 것: {shown(value)}).", _AB_TEMPLATE)
    return value.strip().upper()


def _scores(probs_A, probs_B, labels_AB):
    pairs = (("A", np.asarray(probs_A, dtype=float)), ("B", np.asarray(probs_B, dtype=float)))
    labels = np.asarray(labels_AB)
    accuracy = {name: float(np.mean(p.argmax(axis=1) == labels)) for name, p in pairs}
    loss = {name: batch_loss_of(p, labels) for name, p in pairs}
    return accuracy, loss


def _check_accuracy_vs_loss(higher_accuracy, lower_loss):
    problems = []
    accuracy, loss = _scores(PROBS_A, PROBS_B, LABELS_AB)
    try:
        acc_answer = _letter(higher_accuracy, "`higher_accuracy`")
        if accuracy[acc_answer] < max(accuracy.values()):
            problems.append("정확도: 그 모델이 더 자신 있어 보이지만, 정확도는 확신이 아니라 가장 큰 확률의 숫자가 정답과 같은 "
                            "샘플의 비율만 셉니다. 샘플마다 가장 큰 확률의 자리(`argmax`)를 정답과 비교해 세어 보세요.")
    except Incorrect as exc:
        problems.append(exc.message)
    try:
        loss_answer = _letter(lower_loss, "`lower_loss`")
        if loss[loss_answer] > min(loss.values()):
            problems.append("손실: 정확도가 높은 모델이 손실도 낮을 것이라 짐작했나요? 손실은 정답에 준 확률을 봅니다. "
                            "맞히더라도 정답에 겨우 40% 를 주면 샘플마다 손실이 꽤 큽니다. 직접 계산해 보세요.")
    except Incorrect as exc:
        problems.append(exc.message)
    if problems:
        raise Incorrect("\n".join(problems), _AB_TEMPLATE)


q2 = Exercise(
    title="정확도가 높은 모델과 손실이 낮은 모델(두 모델, 샘플 네 개)",
    answers={"higher_accuracy": '"B"', "lower_loss": '"A"'},
    checker=_check_accuracy_vs_loss,
    hints=[
        "정확도: 샘플마다 가장 큰 확률의 숫자(`probs.argmax(axis=1)`)가 정답(`labels_AB`)과 같은 비율. "
        "손실: 샘플마다 정답 숫자에 준 확률의 −log 를 평균.",
        "두 값을 모델마다 계산해 표로 적어 보세요. 같은 모델이 둘 다 이기지는 않습니다.",
    ],
    explanation=("B 는 네 개를 모두 맞히지만 정답에 40% 씩만 주고, A 는 하나를 틀리지만 나머지를 90% 로 확신하며 맞힙니다. "
                 "그래서 정확도는 B 가, 손실은 A 가 낫습니다. 학습은 손실을 줄이므로 A 쪽으로 가고, 사람은 정확도를 읽습니다: "
                 "두 값을 함께 보아야 하는 까닭입니다. 07 에서 과적합한 모델도 정확도는 오르는데 손실은 나빠집니다(그때는 B 처럼 맞힌 답을 덜 확신해서가 아니라, 틀린 답을 너무 확신해서입니다)."),
)


# --- 문제 3. 클래스가 5개일 때 학습 전 손실 -----------------------------------------------------------------

_UNIFORM_5 = -math.log(1 / 5)

q3 = Exercise(
    title="숫자 0~4 다섯 개만 가르는 모델의 학습 전 손실(모든 숫자에 같은 확률)",
    answers={"initial_loss_5": "-np.log(1 / 5)"},
    checker=number_checker(
        _UNIFORM_5,
        tol=0.01,
        integer=False,
        mistakes=[
            (-math.log(1 / 10), "숫자가 10개일 때의 값입니다. 이 문제의 모델은 숫자 다섯 개에 확률을 나눕니다."),
            (0.2, "그것은 정답 숫자에 준 확률입니다. 손실은 그 확률에 로그를 씌운 뒤 부호를 바꾼 값입니다."),
            (math.log(1 / 5), "부호가 반대입니다. 확률(1보다 작음)의 로그는 음수이므로 앞에 마이너스를 붙여 양수로 만듭니다."),
            (-math.log10(1 / 5), "밑이 10인 로그를 썼습니다. 교차 엔트로피는 자연로그(`np.log`)를 씁니다."),
            (math.log2(5), "밑이 2인 로그를 썼습니다. 교차 엔트로피는 자연로그(`np.log`)를 씁니다."),
            (5 * _UNIFORM_5, "다섯 숫자 모두의 −log(확률)을 더했습니다. 손실은 정답 숫자 하나에 준 확률만 봅니다."),
            (0.8, "틀린 숫자들에 준 확률의 합입니다. 손실은 정답 숫자에 준 확률만 봅니다."),
        ],
        otherwise="학습 전 모델이 정답 숫자에 주는 확률을 먼저 구하고, 손실 = −log(그 확률) 로 계산해 보세요.",
        template="initial_loss_5 = -np.log(____)  # ____: 다섯 숫자에 고르게 나눌 때 정답 숫자에 준 확률",
        what="`initial_loss_5`",
    ),
    hints=[
        "3절의 '학습 전의 손실은 약 2.30' 이 어디서 나왔는지 떠올려 보세요. 숫자가 10개에서 5개로 줄면 무엇이 바뀌나요?",
        "다섯 숫자에 확률을 고르게 나누면 정답 숫자에 준 확률은 1/5 입니다. 손실은 −ln(그 확률).",
    ],
    explanation=("−ln(1/5) = ln 5 ≈ 1.61 입니다. 클래스가 k 개인 분류에서 학습 전 손실은 ln k 근처에서 출발합니다. "
                 "학습하기 전(첫 배치)의 손실이 이 값과 크게 다르면, 레이블이나 출력층의 크기, 손실 함수의 설정을 의심해 볼 만합니다. "
                 "(fit 이 보여 주는 첫 에포크의 손실은 에포크 동안의 평균이라 이미 훨씬 작습니다.)"),
)

__getattr__ = unknown_question(__name__)  # ex.q9 처럼 없는 문제는 한국어로 알린다
