"""04 전처리: 연습문제(배경 픽셀의 비율, 테스트 이미지 한 장을 모델 입력으로)."""

from __future__ import annotations

import numpy as np

from mnist_lesson.exercises.checks import as_array, as_number, context_images
from mnist_lesson.exercises.core import Exercise, Incorrect
from mnist_lesson.exercises.registry import unknown_question
from mnist_lesson.exercises.sources import mnist
from mnist_lesson.preprocess import N_PIXELS, to_model_input


# --- 문제 1. 배경 픽셀의 비율 ----------------------------------------------------------------------------

_BACKGROUND_TEMPLATE = "background_share = np.mean(x_train == ____)  # 참(True)은 1, 거짓은 0 으로 쳐서 평균합니다"


def _check_background(background_share, x_train):
    images = context_images(x_train)
    value = float(as_number(background_share, "`background_share`"))
    zero = float(np.mean(images == 0))
    if abs(value - zero) < 5e-4 or value in (round(zero, 2), round(zero, 3)):  # 반올림한 답(0.81, 0.809)도 받는다
        return
    if abs(value - 100 * zero) < 0.5:
        raise Incorrect("백분율(%)로 적었습니다. 0~1 사이의 비율로 적으세요(예: 절반이면 0.5).", _BACKGROUND_TEMPLATE)
    if abs(value - (1 - zero)) < 5e-4:
        raise Incorrect("잉크가 있는(0 이 아닌) 픽셀의 비율입니다. 배경은 값이 0 인 픽셀입니다.", _BACKGROUND_TEMPLATE)
    if abs(value - np.count_nonzero(images == 0)) < 1:
        raise Incorrect("배경 픽셀의 개수입니다. 이 문제는 전체 픽셀에 대한 비율을 묻습니다: 개수 ÷ 전체 픽셀 수.",
                        _BACKGROUND_TEMPLATE)
    if abs(value - float(np.mean(images == 255))) < 5e-4:
        raise Incorrect("값이 255 인(가장 진한 잉크) 픽셀의 비율입니다. MNIST 의 배경은 0(잉크 없음, 그림에서는 흰색)입니다.", _BACKGROUND_TEMPLATE)
    if abs(value - float(np.mean(images < 128))) < 5e-4:
        raise Incorrect("값이 128 미만인(잉크가 흐리거나 없는) 픽셀을 모두 셌습니다. 흐린 잉크도 잉크입니다: 값이 정확히 0 인 픽셀만 세세요.",
                        _BACKGROUND_TEMPLATE)
    raise Incorrect("값이 0 인 픽셀의 비율이 아닙니다. `x_train == 0` 비교로 배경인 곳을 찾고, 그 비율을 구하세요.", _BACKGROUND_TEMPLATE)


q1 = Exercise(
    title="훈련 이미지의 픽셀 가운데 배경(값 0)인 것의 비율",
    answers={"background_share": "float(np.mean(x_train == 0))"},
    args={"x_train": mnist("x_train")},
    checker=_check_background,
    hints=[
        "`x_train == 0` 비교의 결과는 픽셀마다 배경인지(True/False)를 담은 같은 모양의 배열입니다.",
        "참/거짓 배열의 평균(`np.mean`)은 참의 비율입니다. 전처리 전이든 후든 배경은 0 이므로 답은 같습니다.",
    ],
    explanation=("약 81%: 한 이미지의 784칸 가운데 다섯에 넷은 0 입니다. 입력이 0 인 칸의 가중치는 그 이미지의 출력에 아무 일도 "
                 "하지 않고, 05 에서 보듯 그 이미지로는 배우지도 않습니다(그레이디언트가 0). 훈련 이미지 60,000장 모두에서 0 인 "
                 "가장자리 픽셀도 67개 있어서, 그 칸에 붙은 첫 층의 가중치는 학습 내내 한 번도 바뀌지 않습니다."),
)


# --- 문제 2. 테스트 이미지 한 장을 모델 입력으로 ---------------------------------------------------------------

_ONE_TEMPLATE = 'one_input = x_test[____].reshape(____, ____).astype("____") / ____  # 모양 (1, 784)'


def _check_one_input(one_input, x_test):
    images = context_images(x_test, "x_test")
    got = as_array(one_input, "`one_input`")
    expected = to_model_input(images[:1].reshape(1, N_PIXELS))
    if got.shape == (N_PIXELS,):
        raise Incorrect("모양이 (784,) 입니다: 샘플 축이 없습니다. 모델은 언제나 샘플 여러 장의 묶음(배치)을 받으므로, 한 장이라도 "
                        "(1, 784) 처럼 샘플 축을 두어야 `model.predict` 함수가 이미지 한 장으로 읽습니다.", _ONE_TEMPLATE)
    if got.shape in ((28, 28), (1, 28, 28)):
        raise Incorrect("평탄화가 빠졌습니다. 이 모델은 이미지 한 장을 784칸짜리 한 줄로 받습니다.", _ONE_TEMPLATE)
    if got.shape == (N_PIXELS, 1):
        raise Incorrect("축의 순서가 반대입니다(모양 (784, 1)): 784 개의 샘플에 값이 하나씩인 모양입니다. (1, 784) 로 만드세요.",
                        _ONE_TEMPLATE)
    if got.shape != (1, N_PIXELS):
        raise Incorrect(f"모양이 {got.shape} 입니다. 이미지 한 장의 모델 입력은 (1, 784) 입니다.", _ONE_TEMPLATE)
    if got.dtype == np.float64:
        raise Incorrect("자료형이 float64 입니다(NumPy 에서 정수를 나누면 기본으로 float64 가 됩니다). 나누기 전에 float32 로 바꾸세요.",
                        _ONE_TEMPLATE)
    if got.dtype != np.float32:
        raise Incorrect(f"자료형이 {got.dtype} 입니다. 모델의 가중치와 같은 float32 로 바꾸세요.", _ONE_TEMPLATE)
    if float(got.max()) > 1.0 + 1e-6:
        raise Incorrect("값이 1 보다 큽니다. 0~255 를 0~1 로 정규화(255 로 나누기)하세요: 정규화하지 않은 입력에는 모델이 엉뚱한 답을 합니다.",
                        _ONE_TEMPLATE)
    if np.allclose(got, expected, atol=1e-6):
        return
    if np.allclose(got * 256, images[:1].reshape(1, N_PIXELS), atol=1e-3):
        raise Incorrect("256 으로 나눴습니다. 가장 밝은 픽셀(255)이 정확히 1 이 되도록 255 로 나누세요.", _ONE_TEMPLATE)
    if len(images) > 1 and np.allclose(got, to_model_input(images[1:2].reshape(1, N_PIXELS)), atol=1e-6):
        raise Incorrect("두 번째 이미지입니다. 파이썬의 인덱스는 0 부터 셉니다.", _ONE_TEMPLATE)
    if np.allclose(got, expected.reshape(28, 28).T.reshape(1, N_PIXELS), atol=1e-6):
        raise Incorrect("가로와 세로가 뒤바뀌었습니다(전치). `reshape` 만으로 펴세요.", _ONE_TEMPLATE)
    raise Incorrect("테스트 세트의 첫 이미지를 훈련 세트와 같은 방법으로 바꾼 값이 아닙니다. 어느 배열의 몇 번째 이미지를 썼는지 보세요.",
                    _ONE_TEMPLATE)


q2 = Exercise(
    title="테스트 이미지 한 장(x_test[0])을 모델 입력으로: 모양 (1, 784), float32, 0~1",
    answers={"one_input": 'x_test[:1].reshape(1, 784).astype("float32") / 255'},
    args={"x_test": mnist("x_test")},
    checker=_check_one_input,
    hints=[
        "훈련 세트와 똑같은 세 단계(평탄화, float32, 255 로 나누기)입니다. 다만 이미지가 한 장입니다.",
        "`x_test[0]` 배열은 (28, 28), `x_test[:1]` 배열은 (1, 28, 28) 입니다. 모델은 첫 축을 샘플의 수로 읽습니다.",
    ],
    explanation=("`model.predict` 에는 한 장이라도 (1, 784) 처럼 샘플 축이 있는 묶음을 넘깁니다. (784,) 를 넘기면 Keras 는 "
                 "값 하나짜리 샘플 784개로 읽으려다 모양 오류를 냅니다. 10 노트북에서 내 손글씨 한 장을 예측할 때도 샘플 축을 붙입니다(CNN 에는 (1, 28, 28, 1))."),
)

__getattr__ = unknown_question(__name__)  # ex.q9 처럼 없는 문제는 한국어로 알린다
