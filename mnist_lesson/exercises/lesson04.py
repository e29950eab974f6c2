"""04 전처리: 연습문제(float64 로 바꿨을 때의 메모리, 모델 입력 만들기, 한 장을 28×28 로 되돌리기)."""

from __future__ import annotations

import numpy as np

from mnist_lesson.exercises.checks import as_array, as_number, context_images, shown
from mnist_lesson.exercises.core import Exercise, Incorrect
from mnist_lesson.exercises.sources import mnist
from mnist_lesson.preprocess import N_PIXELS, to_model_input



def _check_bytes(float64_bytes, x_train):
    images = context_images(x_train)
    n_values = images.size
    value = as_number(float64_bytes, "`float64_bytes`")
    template = "float64_bytes = x_train.size * ____  # 값의 개수 × 값 하나의 바이트 수"
    if value == n_values * 8:
        return
    mistakes = [
        (n_values * 4, "float32(값 하나에 4바이트)의 크기입니다. float64 는 이름의 숫자가 말하듯 64비트입니다."),
        (n_values * 64, "비트 수를 곱했습니다. 1바이트는 8비트입니다."),
        (n_values, "값의 개수만 셌습니다(지금의 uint8 은 값 하나가 1바이트라 이 값이 현재 크기입니다). "
                   "float64 는 값 하나가 몇 바이트일까요?"),
        (len(images) * 8, "이미지 수만 셌습니다. 이미지 한 장에는 값이 784개 있습니다."),
    ]
    for wrong, message in mistakes:
        if value == wrong:
            raise Incorrect(message, template)
    for divisor, unit in ((10**6, "MB"), (2**20, "MiB"), (10**3, "KB"), (2**10, "KiB")):
        if abs(value - n_values * 8 / divisor) < 1:
            raise Incorrect(f"{unit} 단위로 적었습니다. 이 문제는 바이트(byte) 수를 묻습니다.", template)
    raise Incorrect("float64 배열이 차지하는 바이트 수가 아닙니다. 값의 개수와 값 하나의 크기(바이트)를 곱하세요.", template)


q1 = Exercise(
    title="x_train 을 float64 로 바꾸면 차지하는 바이트 수",
    answers={"float64_bytes": "x_train.size * 8"},
    args={"x_train": mnist("x_train")},
    checker=_check_bytes,
    hints=[
        "배열의 메모리 = 값의 개수(`x_train.size`) × 값 하나의 크기(바이트). 1바이트 = 8비트.",
        "float64 는 값 하나에 64비트를 씁니다. `np.dtype('float64').itemsize` 로 확인할 수 있습니다.",
    ],
    explanation=("60,000×784 개 값이 float64 로 약 376 MB, float32 로 그 절반인 약 188 MB 입니다. "
                 "신경망의 가중치가 float32 이므로 입력도 float32 로 두면 메모리와 변환 시간을 아낍니다."),
)


_READY_TEMPLATE = 'x_train_ready = x_train.reshape(____, ____).astype("____") / ____'


def _compare_rows(answer: np.ndarray, images: np.ndarray, chunk: int = 5000):
    """전처리한 답과 원본을 나눠서 비교하고, 처음 다른 곳의 종류를 돌려준다(같으면 None)."""
    for start in range(0, len(images), chunk):
        raw = images[start:start + chunk].reshape(-1, N_PIXELS)
        got = answer[start:start + chunk]
        expected = to_model_input(raw)
        if np.allclose(got, expected, atol=1e-6):
            continue
        if np.allclose(got * 256, raw, atol=1e-3):
            return "256"
        if images.ndim == 3:
            swapped = images[start:start + chunk].transpose(0, 2, 1).reshape(-1, N_PIXELS) / 255
            if np.allclose(got, swapped, atol=1e-6):
                return "transposed"
        return "values"
    return None


def _check_ready(x_train_ready, x_train):
    images = context_images(x_train)
    n = len(images)
    ready = as_array(x_train_ready, "`x_train_ready`")
    if ready.shape[1:] == (28, 28):
        raise Incorrect("평탄화가 빠졌습니다: 모양이 아직 (샘플 수, 28, 28) 입니다. 모델은 이미지 한 장을 784칸짜리 한 줄로 받습니다.",
                        _READY_TEMPLATE)
    if ready.ndim == 2 and ready.shape[0] == N_PIXELS and ready.shape[1] != N_PIXELS:
        raise Incorrect(f"축의 순서가 반대입니다(모양 {ready.shape}). 첫 번째 축은 샘플, 두 번째 축이 784칸입니다.",
                        _READY_TEMPLATE)
    if ready.ndim == 1:
        raise Incorrect("모든 값을 1차원 한 줄로 폈습니다. 샘플마다 한 줄씩: 모양이 (샘플 수, 784) 여야 합니다.",
                        _READY_TEMPLATE)
    if ready.ndim != 2 or ready.shape[1] != N_PIXELS:
        raise Incorrect(f"모양이 {ready.shape} 입니다. 모델 입력의 모양은 (샘플 수, 784) 입니다.", _READY_TEMPLATE)
    if ready.shape[0] != n:
        raise Incorrect(f"샘플이 {ready.shape[0]:,}개입니다. check 에 함께 넘긴 x_train 의 이미지 {n:,}장을 모두 바꾸세요.",
                        _READY_TEMPLATE)
    if ready.dtype == np.float64:
        raise Incorrect("자료형이 float64 입니다(NumPy 에서 정수를 나누면 기본으로 float64 가 됩니다). 가중치와 같은 "
                        "float32 로 바꾸세요: 메모리가 절반입니다.", _READY_TEMPLATE)
    if ready.dtype != np.float32:
        raise Incorrect(f"자료형이 {ready.dtype} 입니다. 0~1 사이의 실수를 담으려면 float32 로 바꾼 뒤 나누세요.",
                        _READY_TEMPLATE)
    top = float(ready.max())
    if top > 1.0 + 1e-6:
        raise Incorrect(f"가장 큰 값이 {top:g} 입니다. 0~1 로 정규화(가장 큰 픽셀 값으로 나누기)가 빠졌습니다.", _READY_TEMPLATE)
    if float(ready.min()) < 0:
        raise Incorrect("음수 값이 있습니다. 이 수업의 정규화는 픽셀 값을 0~1 로 옮기는 것입니다(평균을 빼지 않습니다).",
                        _READY_TEMPLATE)
    if np.isin(ready[:1000], (0.0, 1.0)).all() and not np.isin(images[:1000], (0, 255)).all():
        raise Incorrect("값이 0과 1뿐입니다. 정수 나눗셈(`//`)은 몫만 남깁니다. 실수 나눗셈 `/` 를 쓰세요.", _READY_TEMPLATE)
    problem = _compare_rows(ready, images)
    if problem == "256":
        raise Incorrect("256으로 나눴습니다. 가장 밝은 픽셀(255)이 정확히 1이 되도록 픽셀 값의 최댓값으로 나누세요.",
                        _READY_TEMPLATE)
    if problem == "transposed":
        raise Incorrect("픽셀의 순서가 바뀌었습니다(가로·세로를 뒤집음). 전치 없이 `reshape` 만 쓰세요.", _READY_TEMPLATE)
    if problem:
        raise Incorrect("값이 x_train 을 그대로 바꾼 것과 다릅니다. 순서를 섞거나 다른 배열(예: x_test)을 쓰지 않았는지 보세요.",
                        _READY_TEMPLATE)


q2 = Exercise(
    title="모델 입력 만들기: (샘플 수, 784), float32, 0~1",
    answers={"x_train_ready": 'x_train.reshape(len(x_train), 784).astype("float32") / 255'},
    args={"x_train": mnist("x_train")},
    checker=_check_ready,
    hints=[
        "세 단계입니다: 모양 바꾸기(`reshape`), 자료형 바꾸기(`astype`), 나누기.",
        "나누기 전에 float32 로 바꾸세요. uint8 을 그대로 나누면 NumPy 가 float64 를 만듭니다.",
    ],
    explanation="이 세 단계가 `preprocess.to_model_input(x_train)` 이 하는 일입니다. 06 부터는 이 함수 한 줄로 씁니다.",
)


_IMAGE_TEMPLATE = "first_image = x_train_ready[____].reshape(____, ____)"


def _check_first_image(first_image, x_train):
    images = context_images(x_train)
    image = as_array(first_image, "`first_image`")
    if image.ndim == 3 and image.shape[0] == 1:
        raise Incorrect(f"모양이 {image.shape} 입니다: 샘플 축이 남아 있습니다. 이미지 한 장만 꺼내세요.", _IMAGE_TEMPLATE)
    if image.shape == (N_PIXELS,):
        raise Incorrect("아직 784칸 한 줄입니다. 그림으로 보려면 세로×가로 격자로 모양을 되돌리세요.", _IMAGE_TEMPLATE)
    if image.shape != (28, 28):
        raise Incorrect(f"모양이 {image.shape} 입니다. 이미지 한 장은 28×28 격자입니다.", _IMAGE_TEMPLATE)
    if image.dtype == np.uint8 or float(image.max()) > 1.0 + 1e-6:
        raise Incorrect("원본(0~255)에서 꺼냈습니다. 문제 2에서 전처리한 배열(0~1)에서 꺼내세요.", _IMAGE_TEMPLATE)
    flat = images.reshape(len(images), N_PIXELS)
    expected = to_model_input(flat[:1])[0].reshape(28, 28)
    if np.allclose(image, expected, atol=1e-6):
        if image.dtype != np.float32:
            raise Incorrect(f"값은 맞지만 자료형이 {image.dtype} 입니다. 문제 2에서 만든 float32 배열에서 꺼내세요.",
                            _IMAGE_TEMPLATE)
        return
    if len(flat) > 1 and np.allclose(image, flat[1].reshape(28, 28) / 255, atol=1e-6):
        raise Incorrect("두 번째 이미지를 꺼냈습니다. 파이썬의 인덱스는 0부터 셉니다.", _IMAGE_TEMPLATE)
    if np.allclose(image, expected.T, atol=1e-6):
        raise Incorrect("가로와 세로가 뒤바뀌었습니다(전치). `reshape` 만으로 되돌리세요.", _IMAGE_TEMPLATE)
    raise Incorrect("훈련 세트의 첫 번째 이미지와 값이 다릅니다. 어느 배열의 몇 번째 샘플을 꺼냈는지 확인하세요.",
                    _IMAGE_TEMPLATE)


q3 = Exercise(
    title="전처리한 첫 번째 이미지를 28×28 로 되돌리기",
    answers={"first_image": "x_train_ready[0].reshape(28, 28)"},
    args={"x_train": mnist("x_train")},
    checker=_check_first_image,
    hints=[
        "전처리한 배열의 한 행이 이미지 한 장입니다. 첫 번째 행을 꺼낸 뒤 `reshape` 로 격자 모양을 되찾으세요.",
    ],
    explanation=("평탄화는 정보를 버리지 않습니다: 784칸을 28×28 로 되돌리면 같은 그림입니다. "
                 "다만 MLP 는 이웃한 픽셀이 서로 가깝다는 사실을 모른 채 784개 값을 받습니다(09 합성곱에서 다룹니다)."),
)
