"""06 학습: 연습문제(배치 크기 64 의 스텝 수와 마지막 배치, 시드를 다시 고정하지 않으면, 검증 세트 떼어 내기)."""

from __future__ import annotations

import math

import numpy as np

from mnist_lesson.exercises.checks import as_array, as_number, choice_problem, shown
from mnist_lesson.exercises.core import Exercise, Incorrect
from mnist_lesson.exercises.registry import unknown_question
from mnist_lesson.exercises.sources import computed, from_kernel, mnist


# --- 문제 1. 배치 크기 64 의 스텝 수와 마지막 배치 ------------------------------------------------------------

_N, _BATCH = 50_000, 64
_STEPS_TEMPLATE = """steps_64 = math.ceil(____ / ____)           # 에포크당 스텝 수
last_batch = ____ - (steps_64 - 1) * ____     # 마지막 배치에 남는 샘플 수"""


def _check_steps_64(steps_64, last_batch):
    problems = []
    expected_steps, expected_last = math.ceil(_N / _BATCH), _N - (math.ceil(_N / _BATCH) - 1) * _BATCH
    try:
        steps = as_number(steps_64, "`steps_64`")
        if steps != expected_steps:
            if steps == _N // _BATCH:
                problems.append("스텝 수: 내림을 했습니다. 나누어떨어지지 않고 남은 샘플도 작은 배치 하나로 학습하므로 한 스텝이 더 있습니다.")
            elif steps == math.ceil(_N / 128):
                problems.append("스텝 수: 배치 크기 128 의 값(4절)입니다. 배치를 64 로 줄이면 스텝은 어떻게 되나요?")
            elif steps == math.ceil(60_000 / _BATCH):
                problems.append("스텝 수: 60,000장으로 셌습니다. 검증 세트를 뗀 50,000장으로 학습합니다.")
            elif not float(steps).is_integer():
                problems.append("스텝 수는 정수입니다. 마지막에 남은 샘플도 (작은) 배치 하나가 되어 한 스텝을 차지합니다.")
            else:
                problems.append("스텝 수: 50,000장을 64장씩 묶으면 묶음이 몇 개인지 다시 계산하세요(남는 샘플도 한 묶음).")
    except Incorrect as exc:
        problems.append(exc.message)
    try:
        last = as_number(last_batch, "`last_batch`")
        if last != expected_last:
            if last == _BATCH:
                problems.append("마지막 배치: 50,000 은 64 로 나누어떨어지지 않습니다. 마지막 배치에는 64장보다 적게 남습니다.")
            elif last == 0:
                problems.append("마지막 배치: 0장짜리 배치는 없습니다. 남은 샘플이 있으면 그것이 마지막 (작은) 배치입니다.")
            elif last == 50_000 - (math.ceil(50_000 / 128) - 1) * 128:
                problems.append("마지막 배치: 4절의 배치 크기 128 일 때의 값입니다. 64장씩 묶고 남는 샘플을 세세요.")
            else:
                problems.append("마지막 배치: 앞의 배치들이 64장씩 가져가고 남는 샘플의 수가 아닙니다. 나머지 연산(`%`)을 써 보세요.")
    except Incorrect as exc:
        problems.append(exc.message)
    if problems:
        raise Incorrect("\n".join(problems), _STEPS_TEMPLATE)


q1 = Exercise(
    title="50,000장을 배치 크기 64 로: 에포크당 스텝 수와 마지막 배치의 크기",
    answers={"steps_64": "math.ceil(50000 / 64)", "last_batch": "50000 - (math.ceil(50000 / 64) - 1) * 64"},
    checker=_check_steps_64,
    hints=[
        "에포크당 스텝 수는 ⌈샘플 수 / 배치 크기⌉ (`math.ceil`) 입니다. 4절에서 배치 128 일 때 어떻게 셌는지 보세요.",
        "앞의 (스텝 수 − 1) 개 배치는 64장씩 꽉 찹니다. 남는 것이 마지막 배치입니다: `50000 % 64` 의 값과 같습니다(0 이 아니면).",
    ],
    explanation=("781 개 배치가 64장씩 가져가고 마지막 배치에 16장이 남아, 모두 782 스텝입니다. 배치를 절반으로 줄이면 에포크당 "
                 "스텝은 두 배가 되고(가중치를 두 배 자주 고칩니다), 마지막 작은 배치는 16장뿐이라 그 스텝의 그레이디언트는 많이 흔들립니다."),
)


# --- 문제 2. 시드를 다시 고정하지 않으면 ------------------------------------------------------------------

_SEED_TEMPLATE = '''print(first_unseeded)
print(second_unseeded)
same_without_seed = first_unseeded == second_unseeded
why = "____"'''

_WHY = {
    "나": "op 결정성은 켜져 있습니다(준비 셀의 config.setup. GPU 에서는 켜지 않고 그렇다고 알립니다). op 결정성은 같은 난수로 시작했을 때 같은 계산이 되게 할 뿐, "
          "난수의 출발점을 정하지는 않습니다.",
    "다": "두 번 모두 같은 `x_fit[:5000]` 배열로 학습합니다. 데이터가 같아도 가중치의 초깃값이 다르면 손실이 달라집니다.",
}


def _check_unseeded(same_without_seed, why, first_unseeded, second_unseeded):
    try:
        first, second = [float(v) for v in first_unseeded], [float(v) for v in second_unseeded]
    except (TypeError, ValueError):
        raise Incorrect("check 에 함께 넘긴 두 손실 목록(`first_unseeded`, `second_unseeded`)이 숫자 목록이 아닙니다. 위의 셀을 다시 실행하세요.") from None
    if first == second:
        raise Incorrect("두 손실 목록이 끝자리까지 같게 나왔습니다. `unseeded_run` 안에서 시드를 고정하지 않았는지 위의 셀을 확인하고 다시 실행하세요.")
    problems = []
    if not isinstance(same_without_seed, (bool, np.bool_)):
        problems.append(f"`same_without_seed` 에는 True 나 False 를 적습니다(받은 것: {shown(same_without_seed)}). "
                        "두 손실 목록을 `==` 연산으로 비교한 결과입니다.")
    elif same_without_seed:
        problems.append("두 실행의 손실이 같다고 했습니다. `first_unseeded` 목록과 `second_unseeded` 목록을 출력해 끝자리까지 비교해 보세요. "
                        "시드는 한 번 고정하면 계속 같은 수가 나오는 것이 아니라, 난수가 나오는 순서의 출발점을 정할 뿐입니다.")
    if problem := choice_problem(why, "why", _WHY):
        problems.append(problem)
    if problems:
        raise Incorrect("\n".join(problems), _SEED_TEMPLATE)


q2 = Exercise(
    title="시드를 다시 고정하지 않고 두 번 학습하면 손실이 같은지, 그 까닭",
    answers={"same_without_seed": "first_unseeded == second_unseeded", "why": '"가"'},
    args={name: from_kernel(
        "두 손실 목록은 그 학생의 커널에서 시드를 다시 고정하지 않고 학습한 결과라 커널에만 있습니다. "
        "답(두 목록이 같은지)은 채점기가 이 두 목록으로 다시 비교합니다.",
        example=example) for name, example in (("first_unseeded", lambda: [0.82, 0.31]),
                                               ("second_unseeded", lambda: [0.79, 0.30]))},
    checker=_check_unseeded,
    hints=[
        "두 손실 목록을 출력해 보세요. 목록 두 개는 `==` 연산으로 비교하면 모든 값이 같을 때만 True 입니다.",
        "2절의 `short_run` 함수는 모델을 만들기 전에 `config.set_seed(cfg.seed)` 줄을 불렀습니다. `unseeded_run` 함수에는 그 줄이 없습니다.",
    ],
    explanation=("시드는 난수가 나오는 순서의 출발점입니다. 첫 모델이 초깃값을 뽑는 동안 난수가 소비되므로, 다시 고정하지 않고 만든 "
                 "둘째 모델은 다른 초깃값에서 출발해 다른 손실을 냅니다. 그래서 이 시리즈는 모델을 만들기 직전마다 "
                 "`config.set_seed(cfg.seed)` 줄을 부릅니다(08 의 '공정하게 비교하는 규칙')."),
)


# --- 문제 3. 검증 세트 떼어 내기 ---------------------------------------------------------------------------


def _x_train_ready():
    """06 의 ``x_train``: 1절이 전처리한 훈련 세트 전체((60000, 784) float32, 0~1)."""
    from mnist_lesson.preprocess import to_model_input

    return to_model_input(mnist("x_train").value())

_VAL_TEMPLATE = "val_images = x_train[____:]  # 음수 인덱스는 끝에서부터 셉니다"
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
        "파이썬의 자르기(slicing)에서 음수 인덱스는 끝에서부터 셉니다: `a[-3:]` 조각은 마지막 세 개.",
    ],
    explanation=("`x_train[-10000:]` 조각은 Keras 의 `validation_split` 인자가 떼는 부분과 같습니다. "
                 "학습에는 나머지 `x_train[:-10000]` 조각을 씁니다. 테스트 세트는 마지막 평가 때까지 건드리지 않습니다."),
)

__getattr__ = unknown_question(__name__)  # ex.q9 처럼 없는 문제는 한국어로 알린다
