"""03 컴파일: 연습문제(정수 레이블에 맞는 손실 함수, 원-핫 레이블, 학습 전 모델의 손실)."""

from __future__ import annotations

import math
import re

import numpy as np

from mnist_lesson.exercises.checks import as_array, number_checker, shown
from mnist_lesson.exercises.core import Exercise, Incorrect


_LOSS_TEMPLATE = 'model.compile(optimizer="rmsprop", loss=loss_name, metrics=["accuracy"])'

_LOSS_MISTAKES = {
    "categorical_crossentropy": "그 손실은 원-핫(one-hot) 레이블([0, 0, 1, 0, …])을 받습니다. 우리 레이블은 정수(0~9) 하나씩입니다. "
                                "정수 레이블을 그대로 받는 형제 손실을 찾아보세요.",
    "binary_crossentropy": "그 손실은 두 클래스(예/아니오)를 가릅니다. MNIST 는 숫자 10개 중 하나를 고르는 다중 분류입니다.",
    "mean_squared_error": "평균 제곱 오차는 값을 맞히는 회귀에 씁니다. 클래스를 고르는 분류에는 교차 엔트로피 계열을 씁니다.",
    "mean_absolute_error": "평균 절대 오차는 회귀에 씁니다. 클래스를 고르는 분류에는 교차 엔트로피 계열을 씁니다.",
    "kl_divergence": "KL 발산은 두 확률 분포를 비교하는 손실로, 레이블이 확률 분포(원-핫 포함)일 때 씁니다. 우리 레이블은 정수입니다.",
    "hinge": "힌지 손실은 서포트 벡터 머신 식의 손실입니다. 소프트맥스 확률을 내는 분류 모델에는 교차 엔트로피 계열을 씁니다.",
    "accuracy": "정확도는 평가 지표(metrics)입니다. 손실은 학습이 줄여 나갈, 미분할 수 있는 값이어야 합니다.",
    "rmsprop": "RMSprop 은 옵티마이저입니다. 손실 함수를 고르세요.",
    "adam": "Adam 은 옵티마이저입니다. 손실 함수를 고르세요.",
    "sgd": "SGD 는 옵티마이저입니다. 손실 함수를 고르세요.",
}
_ALIASES = {"mse": "mean_squared_error", "mae": "mean_absolute_error", "kld": "kl_divergence",
            "kullback_leibler_divergence": "kl_divergence", "acc": "accuracy"}


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def _loss_name(loss) -> tuple[str, bool]:
    """답을 (손실 이름, from_logits) 로 읽는다."""
    if isinstance(loss, str):
        text = loss.strip()
        if " " in text or "-" in text:
            raise Incorrect(f"{shown(loss)}: Keras 에 넘기는 손실 이름은 단어를 밑줄(_)로 잇습니다.", _LOSS_TEMPLATE)
        name = text if text.islower() else _snake(text)
        return _ALIASES.get(name, name), False
    if isinstance(loss, type):
        raise Incorrect("손실 클래스 자체를 넣었습니다. 괄호를 붙여 객체로 만들거나, 문자열 이름을 쓰세요.", _LOSS_TEMPLATE)
    if callable(loss) and hasattr(loss, "__name__") and not hasattr(loss, "get_config"):
        return _ALIASES.get(loss.__name__, loss.__name__), False
    if hasattr(loss, "get_config"):
        config = loss.get_config()
        return _snake(type(loss).__name__), bool(config.get("from_logits", False))
    raise Incorrect(f"`loss_name` 에는 손실 함수의 이름(문자열)을 적습니다(받은 것: {type(loss).__name__} {shown(loss)}).",
                    _LOSS_TEMPLATE)


def _check_loss(loss_name):
    name, from_logits = _loss_name(loss_name)
    if name == "sparse_categorical_crossentropy":
        if from_logits:
            raise Incorrect("손실은 맞지만 `from_logits=True` 입니다. 우리 출력층은 softmax 로 이미 확률을 내므로 "
                            "기본값(False)을 쓰세요.", _LOSS_TEMPLATE)
        return
    if name in _LOSS_MISTAKES:
        raise Incorrect(_LOSS_MISTAKES[name], _LOSS_TEMPLATE)
    raise Incorrect(f"{shown(loss_name)} 은(는) 이 모델의 손실로 맞지 않습니다(철자도 확인하세요). 레이블의 모양(정수 하나인가, "
                    "원-핫 목록인가)과 클래스 수(10개)를 생각해 고르세요.", _LOSS_TEMPLATE)


q1 = Exercise(
    title="정수 레이블에 맞는 손실 함수",
    answers={"loss_name": '"sparse_categorical_crossentropy"'},
    checker=_check_loss,
    hints=[
        "`y_train[:5]` 를 출력해 보세요. 레이블은 원-핫 목록이 아니라 정수 하나씩입니다.",
        "10개 클래스 중 하나를 고르는 분류의 손실은 교차 엔트로피(crossentropy) 계열이고, "
        "정수 레이블을 그대로 받는 것은 이름 앞에 한 단어가 더 붙습니다.",
    ],
    explanation=("sparse categorical cross-entropy 는 정수 레이블을 그대로 받습니다. 레이블을 원-핫으로 바꿨다면 "
                 "categorical cross-entropy 를 썼을 것입니다(계산하는 값은 같습니다)."),
)


_ONE_HOT_TEMPLATE = "one_hot_3 = [0, 0, ...]  # 길이 10: 숫자 0의 자리부터 숫자 9의 자리까지"


def _check_one_hot(one_hot_3):
    if isinstance(one_hot_3, (int, np.integer)) and not isinstance(one_hot_3, bool):
        raise Incorrect("정수 레이블 그대로입니다(sparse 방식). 원-핫은 클래스 수만큼의 칸에 0과 1을 적은 목록입니다.",
                        _ONE_HOT_TEMPLATE)
    vector = as_array(one_hot_3, "`one_hot_3`")
    if vector.ndim == 2 and 1 in vector.shape:
        raise Incorrect(f"모양이 {vector.shape} 인 2차원 배열입니다. 레이블 하나의 원-핫은 1차원 목록 하나입니다.",
                        _ONE_HOT_TEMPLATE)
    if vector.ndim != 1:
        raise Incorrect(f"모양이 {vector.shape} 입니다. 레이블 하나의 원-핫은 1차원 목록 하나입니다.", _ONE_HOT_TEMPLATE)
    if len(vector) != 10:
        raise Incorrect(f"길이가 {len(vector)} 입니다. 칸은 클래스(숫자 0~9)마다 하나씩입니다.", _ONE_HOT_TEMPLATE)
    if not np.all((vector == 0) | (vector == 1)):
        raise Incorrect("원-핫에는 0과 1만 들어갑니다. 레이블 값(3)을 칸에 적는 것이 아니라 그 자리에 1을 적습니다.",
                        _ONE_HOT_TEMPLATE)
    if vector.sum() != 1:
        raise Incorrect(f"1이 {int(vector.sum())}개 있습니다. 원-핫(one-hot)은 '하나만 뜨겁다'는 뜻으로 1이 딱 하나입니다.",
                        _ONE_HOT_TEMPLATE)
    position = int(vector.argmax())
    if position == 3:
        return
    if position == 2:
        raise Incorrect("인덱스는 0부터 셉니다. 맨 앞 칸이 숫자 0의 자리입니다.", _ONE_HOT_TEMPLATE)
    raise Incorrect(f"1이 숫자 {position} 의 자리에 있습니다. 숫자 3의 자리를 다시 세어 보세요(맨 앞 칸이 숫자 0).",
                    _ONE_HOT_TEMPLATE)


q2 = Exercise(
    title="레이블 3의 원-핫 표현",
    answers={"one_hot_3": "[0, 0, 0, 1, 0, 0, 0, 0, 0, 0]"},
    checker=_check_one_hot,
    hints=[
        "원-핫 표현은 클래스 수(10)만큼의 칸을 만들고, 정답 클래스의 칸에만 1, 나머지는 0을 적습니다.",
        "칸의 번호는 0부터 셉니다: 첫 칸이 숫자 0, 둘째 칸이 숫자 1 …",
    ],
    explanation=("`keras.utils.to_categorical(3, num_classes=10)` 도 같은 값을 만듭니다. sparse 손실을 쓰면 "
                 "이렇게 바꾸지 않고 정수 3을 그대로 넘깁니다."),
)


_UNIFORM_LOSS = -math.log(1 / 10)


def _summed(value) -> bool:
    """10개 숫자 모두의 -log(확률)을 더한 값인지."""
    return math.isclose(float(value), _UNIFORM_LOSS * 10, abs_tol=0.05)


q3 = Exercise(
    title="학습 전 모델의 손실(모든 숫자에 같은 확률)",
    answers={"initial_loss": "-np.log(1 / 10)"},
    checker=number_checker(
        _UNIFORM_LOSS,
        tol=0.01,
        integer=False,
        mistakes=[
            (0.1, "그것은 정답 숫자에 준 확률입니다. 손실은 그 확률에 로그를 씌운 뒤 부호를 바꾼 값입니다."),
            (-_UNIFORM_LOSS, "부호가 반대입니다. 확률(1보다 작음)의 로그는 음수이므로 앞에 마이너스를 붙여 양수로 만듭니다."),
            (1.0, "밑이 10인 로그를 썼습니다. 교차 엔트로피는 자연로그(`np.log`)를 씁니다."),
            (-1.0, "밑이 10인 로그를 썼고 부호도 반대입니다. 자연로그(`np.log`)에 마이너스를 붙입니다."),
            (math.log2(10), "밑이 2인 로그를 썼습니다. 교차 엔트로피는 자연로그(`np.log`)를 씁니다."),
            (0.9, "그것은 틀린 숫자들에 준 확률의 합입니다. 손실은 정답 숫자에 준 확률만 봅니다."),
            (0, "손실이 0이면 정답 숫자에 확률 1을 줬다는 뜻입니다. 학습 전에는 10개 숫자에 확률을 고르게 나눕니다."),
            (_summed, "10개 숫자 모두의 -log(확률)을 더했습니다. 손실은 정답 숫자 하나에 준 확률만 봅니다."),
        ],
        otherwise="학습 전 모델이 정답 숫자에 주는 확률을 먼저 구하고, 손실 = -log(그 확률) 로 계산해 보세요.",
        template="initial_loss = -np.log(____)  # ____: 정답 숫자에 준 확률",
        what="`initial_loss`",
    ),
    hints=[
        "학습 전 모델은 10개 숫자에 거의 같은 확률을 줍니다. 정답 숫자에 준 확률은 얼마일까요?",
        "sparse categorical cross-entropy 는 샘플마다 -log(정답 숫자에 준 확률) 입니다. 자연로그는 `np.log`.",
    ],
    explanation=("-ln(1/10) ≈ 2.30. 학습을 시작할 때 첫 에포크의 손실이 이 근처에서 출발하는지 보면 "
                 "모델과 손실 설정이 맞는지 빠르게 점검할 수 있습니다."),
)
