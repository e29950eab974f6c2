"""06 학습: 연습문제(에포크당 스텝 수, 전체 업데이트 횟수, 검증 세트 떼어 내기, 시드를 한 번에 고정하는 함수)."""

from __future__ import annotations

import math

import numpy as np

from mnist_lesson.exercises.checks import as_array, number_checker, shown
from mnist_lesson.exercises.core import Exercise, Incorrect
from mnist_lesson.exercises.sources import computed, mnist


def _x_train_ready():
    """06 의 ``x_train``: 노트북 첫 셀처럼 불러온 훈련 세트를 ``preprocess.to_model_input`` 으로 바꾼 것."""
    from mnist_lesson import preprocess

    return preprocess.to_model_input(mnist("x_train").value())


q1 = Exercise(
    title="60,000개, 배치 크기 128 일 때 에포크당 스텝 수",
    answers={"steps_60000": "import math\n\nsteps_60000 = math.ceil(60000 / 128)"},
    checker=number_checker(
        math.ceil(60000 / 128),
        mistakes=[
            (60000 // 128, "내림을 했습니다. 나누어떨어지지 않고 남은 샘플도 작은 배치 하나로 학습하므로 한 스텝이 더 있습니다."),
            (60000 / 128, "스텝 수는 정수입니다. 마지막에 남은 샘플들도 (작은) 배치 하나가 되어 한 스텝을 차지합니다."),
            (math.ceil(50000 / 128), "검증 세트를 뗀 50,000개의 스텝 수입니다. 이 문제는 60,000개 전체를 묻습니다."),
            (60000 * 128, "곱했습니다. 한 스텝이 배치 하나(128개)를 처리하므로 샘플 수를 배치 크기로 나눕니다."),
            (60000, "샘플 수입니다. 한 스텝은 샘플 하나가 아니라 배치 하나(128개)를 처리합니다."),
            (128, "배치 크기입니다. 한 에포크에 배치가 몇 개 들어가는지를 묻습니다."),
        ],
        otherwise="에포크당 스텝 수가 아닙니다. 샘플 수를 배치 크기로 나누고, 남는 샘플을 어떻게 하는지 생각해 보세요.",
        template="steps_60000 = math.ceil(____ / ____)",
        what="`steps_60000`",
    ),
    hints=[
        "스텝(step) 하나 = 배치 하나로 가중치를 한 번 고치는 것. 한 에포크는 훈련 세트를 한 번 모두 보는 것입니다.",
        "60,000 은 128 로 나누어떨어지지 않습니다. 남은 샘플도 버리지 않고 마지막 작은 배치로 학습합니다(올림: `math.ceil`).",
    ],
    explanation=("60,000 / 128 = 468.75 이므로 128개짜리 배치 468개와 96개짜리 배치 하나, 모두 469 스텝입니다. "
                 "`model.fit` 의 진행 막대에 보이는 숫자가 이 값입니다."),
)


_STEPS_50K = math.ceil(50000 / 128)

q2 = Exercise(
    title="50,000개로 100 에포크 학습할 때 가중치 업데이트 횟수",
    answers={"total_updates": "import math\n\ntotal_updates = math.ceil(50000 / 128) * 100"},
    checker=number_checker(
        _STEPS_50K * 100,
        mistakes=[
            (50000 / 128 * 100, "에포크마다 생기는 마지막 작은 배치를 빼먹었습니다. 에포크당 스텝 수를 먼저 올림한 뒤 곱하세요."),
            (math.floor(50000 / 128 * 100), "에포크마다 생기는 마지막 작은 배치를 빼먹었습니다. 에포크당 스텝 수를 먼저 올림한 뒤 곱하세요."),
            (math.ceil(50000 / 128 * 100), "에포크마다 생기는 마지막 작은 배치를 빼먹었습니다. 에포크당 스텝 수를 먼저 올림한 뒤 곱하세요."),
            ((50000 // 128) * 100, "에포크마다 내림을 했습니다. 남은 샘플의 작은 배치도 한 번의 업데이트입니다."),
            (math.ceil(60000 / 128) * 100, "60,000개 전체로 셌습니다. 검증 세트 10,000개를 뗀 50,000개로 학습합니다."),
            (_STEPS_50K, "한 에포크의 업데이트 횟수입니다. 100 에포크 전체를 묻습니다."),
            (50000 * 100, "샘플을 본 횟수입니다. 가중치는 샘플마다가 아니라 배치마다 한 번 고칩니다."),
            (100, "에포크 수입니다. 한 에포크 안에도 업데이트가 여러 번 있습니다."),
        ],
        otherwise="전체 업데이트 횟수가 아닙니다. (에포크당 스텝 수) × (에포크 수) 로 계산해 보세요.",
        template="total_updates = math.ceil(____ / ____) * ____",
        what="`total_updates`",
    ),
    hints=[
        "가중치는 스텝마다 한 번 고칩니다. 에포크당 스텝 수에 에포크 수를 곱하세요.",
        "훈련에 쓰는 샘플은 검증 세트 10,000개를 뗀 50,000개입니다. 에포크마다 마지막 작은 배치가 있습니다.",
    ],
    explanation=("에포크당 391 스텝 × 100 에포크 = 39,100번. 빠른 모드(1 에포크)에서는 391번뿐이라 "
                 "정확도가 전체 실행보다 낮게 나옵니다."),
)


_VAL_TEMPLATE = "val_images = x_train[____:]  # 음수 인덱스는 끝에서부터 센다"
_VAL_SIZE = 10_000


def _check_validation(val_images, x_train):
    source = as_array(x_train, "check 에 함께 넘긴 `x_train`")
    if source.ndim < 2 or len(source) <= _VAL_SIZE:
        raise Incorrect(f"check 에 함께 넘긴 `x_train` 의 모양이 {source.shape} 입니다. 검증 세트를 떼기 전의 "
                        "훈련 세트 전체를 넘기세요.")
    answer = as_array(val_images, "`val_images`")
    if len(answer) == len(source) - _VAL_SIZE and answer.shape[1:] == source.shape[1:]:
        raise Incorrect("검증 세트가 아니라 남는 훈련 부분을 골랐습니다. 떼어 낼 것은 10,000개입니다.", _VAL_TEMPLATE)
    if answer.ndim == 0 or len(answer) != _VAL_SIZE:
        raise Incorrect(f"{len(answer) if answer.ndim else 0:,}개를 골랐습니다. 검증 세트는 10,000개입니다.", _VAL_TEMPLATE)
    if answer.shape[1:] != source.shape[1:]:
        raise Incorrect(f"모양이 {answer.shape} 입니다. 샘플을 자르기만 하고 모양은 바꾸지 마세요.", _VAL_TEMPLATE)
    if np.array_equal(answer, source[-_VAL_SIZE:]):
        return
    if np.array_equal(answer, source[:_VAL_SIZE]):
        raise Incorrect("앞쪽 10,000개를 골랐습니다. 이 수업은 Keras 의 validation_split 처럼 훈련 세트의 마지막 부분을 "
                        "검증 세트로 씁니다.", _VAL_TEMPLATE)
    raise Incorrect("x_train 의 마지막 10,000개와 값이 다릅니다. 다른 배열(예: 테스트 세트)을 자르거나 순서를 섞지 "
                    "않았는지 보세요. 테스트 세트는 마지막 평가 때까지 쓰지 않습니다.", _VAL_TEMPLATE)


q3 = Exercise(
    title="훈련 세트의 마지막 10,000개를 검증 세트로",
    answers={"val_images": "x_train[-10000:]"},
    args={"x_train": computed(_x_train_ready)},
    checker=_check_validation,
    hints=[
        "파이썬의 자르기(slicing)에서 음수 인덱스는 끝에서부터 셉니다: `a[-3:]` 는 마지막 세 개.",
    ],
    explanation=("`x_train[-10000:]` 은 Keras 의 `validation_split` 이 떼는 부분과 같습니다. "
                 "학습에는 나머지 `x_train[:-10000]` 을 씁니다. 테스트 세트는 마지막 평가 때까지 건드리지 않습니다."),
)


_SEED_TEMPLATE = "seed_function = ____.____.____  # 괄호 없이: 함수를 부르지 말고 함수 자체를"


def _check_seed_function(seed_function):
    if seed_function is None:
        raise Incorrect("None 입니다: 함수를 부른 결과를 넣은 것 같습니다. 괄호 없이 함수 자체를 넣으세요.", _SEED_TEMPLATE)
    if isinstance(seed_function, str):
        raise Incorrect(f"문자열 {shown(seed_function)} 입니다. 이름이 아니라 함수 자체를(따옴표와 괄호 없이) 넣으세요.",
                        _SEED_TEMPLATE)
    if not callable(seed_function):
        raise Incorrect(f"함수가 아닙니다(받은 것: {type(seed_function).__name__} {shown(seed_function)}). "
                        "함수를 부르지 말고 함수 자체를 넣으세요.", _SEED_TEMPLATE)
    name = getattr(seed_function, "__name__", "")
    module = getattr(seed_function, "__module__", "") or ""
    if name == "set_random_seed" and module.startswith("keras"):
        return
    if module.startswith("numpy"):
        raise Incorrect("NumPy 의 시드만 고정합니다. 파이썬 random 과 TensorFlow 의 난수는 그대로 남습니다.", _SEED_TEMPLATE)
    if module == "random":
        raise Incorrect("파이썬 random 모듈의 시드만 고정합니다. NumPy 와 TensorFlow 의 난수는 그대로 남습니다.",
                        _SEED_TEMPLATE)
    if name == "enable_op_determinism":
        raise Incorrect("op 결정성은 병렬 연산의 합산 순서를 고정합니다. 시드(난수의 출발점)는 따로 고정해야 합니다.",
                        _SEED_TEMPLATE)
    if module.startswith("tensorflow"):
        raise Incorrect("TensorFlow 의 난수만 고정합니다. 파이썬 random 과 NumPy 의 난수는 그대로 남습니다.", _SEED_TEMPLATE)
    if module.startswith("mnist_lesson"):
        raise Incorrect("수업 도우미의 함수입니다. 그 안에서 부르는 Keras 의 함수를 찾아 넣으세요.", _SEED_TEMPLATE)
    raise Incorrect(f"{shown(seed_function)} 은(는) 파이썬·NumPy·TensorFlow 의 시드를 한 번에 고정하는 Keras 함수가 "
                    "아닙니다.", _SEED_TEMPLATE)


q4 = Exercise(
    title="파이썬·NumPy·TensorFlow 의 시드를 한 번에 고정하는 Keras 함수",
    answers={"seed_function": "keras.utils.set_random_seed"},
    checker=_check_seed_function,
    hints=[
        "이 노트북의 재현성 절에서 `config.set_seed` 가 안에서 부르는 함수를 찾아보세요.",
        "Keras 의 여러 도구는 `keras.utils` 아래에 있습니다.",
    ],
    explanation=("`keras.utils.set_random_seed(1234)` 는 파이썬 random, NumPy, TensorFlow 의 시드를 함께 고정합니다. "
                 "같은 컴퓨터에서 손실 값까지 똑같이 나오게 하려면 op 결정성도 켭니다."),
)
