"""전처리: 28×28 uint8 이미지를 모델 입력(float32, 0~1, 784칸)으로 바꾸고, 입력을 검사한다.

04 노트북이 이 과정을 셀에 직접 써서 가르치고, 뒤 노트북들은 같은 일을 이 함수로 한 줄에 한다.
"""

from __future__ import annotations

import numpy as np

from mnist_lesson.errors import LessonInputError

IMAGE_SHAPE = (28, 28)
N_PIXELS = 28 * 28
N_CLASSES = 10


def _as_array(value, name: str) -> np.ndarray:
    if not isinstance(value, np.ndarray):
        raise LessonInputError(
            f"{name} 은(는) NumPy 배열이어야 합니다(받은 것: {type(value).__name__}). "
            f"np.asarray({name}) 로 바꿔서 넘기세요."
        )
    if value.size == 0:
        raise LessonInputError(f"{name} 이(가) 비어 있습니다(모양 {value.shape}). 샘플이 하나 이상 필요합니다.")
    return value


def check_images(images, name: str = "images") -> np.ndarray:
    """원본 MNIST 형식(uint8, 0~255)의 이미지 묶음인지 검사한다.

    Args:
        images: 모양 (n, 28, 28) 또는 (n, 784) 의 uint8 배열.
        name: 오류 메시지에 쓸 변수 이름.

    Returns:
        검사를 통과한 같은 배열.

    Raises:
        LessonInputError: 모양, 자료형, 값이 기대와 다를 때.
    """
    images = _as_array(images, name)
    flat_ok = images.ndim == 2 and images.shape[1] == N_PIXELS
    square_ok = images.ndim == 3 and images.shape[1:] == IMAGE_SHAPE
    if not (flat_ok or square_ok):
        raise LessonInputError(
            f"{name} 의 모양이 {images.shape} 입니다. 기대한 모양은 (샘플 수, 28, 28) 또는 (샘플 수, 784) 입니다. "
            "이미지 한 장이라면 images[None] 또는 images.reshape(1, 28, 28) 로 묶음을 만드세요."
        )
    if images.dtype != np.uint8:
        hint = (
            " 값이 0~1 사이라면 이미 전처리된 것입니다: 255로 한 번 더 나누면 모든 값이 0에 가까워져 학습이 망가집니다."
            if np.issubdtype(images.dtype, np.floating) and images.max() <= 1.0
            else ""
        )
        raise LessonInputError(
            f"{name} 의 자료형이 {images.dtype} 입니다. 이 함수는 원본 MNIST 처럼 uint8(0~255 정수) 이미지를 받습니다."
            + hint
        )
    return images


def to_model_input(images, name: str = "images") -> np.ndarray:
    """(n, 28, 28) uint8 이미지를 (n, 784) float32, 값 0~1 로 바꾼다.

    float64 가 아니라 float32 를 쓰는 이유: 신경망의 가중치가 float32 이고, 메모리는 절반이다
    (60,000×784 개 값이 float64 로 376 MB, float32 로 188 MB).

    Args:
        images: 모양 (n, 28, 28) 또는 (n, 784) 의 uint8 배열.
        name: 오류 메시지에 쓸 변수 이름.

    Returns:
        모양 (n, 784), 자료형 float32, 값 범위 [0, 1] 의 배열.

    Raises:
        LessonInputError: ``check_images`` 와 같다.
    """
    images = check_images(images, name)
    return images.reshape(len(images), N_PIXELS).astype(np.float32) / np.float32(255)


def check_labels(labels, n: int | None = None, name: str = "labels") -> np.ndarray:
    """레이블이 0~9 정수의 1차원 배열인지(그리고 샘플 수 n 과 길이가 같은지) 검사한다.

    Returns:
        int64 로 바꾼 레이블 배열.

    Raises:
        LessonInputError: 모양, 자료형, 값, 길이가 기대와 다를 때.
    """
    labels = _as_array(labels, name)
    if labels.ndim == 2 and labels.shape[1] == N_CLASSES:
        raise LessonInputError(
            f"{name} 의 모양이 {labels.shape} 입니다: 원-핫 인코딩된 레이블로 보입니다. "
            f"이 함수는 정수 레이블(모양 (샘플 수,))을 받습니다. labels.argmax(axis=1) 로 바꾸세요."
        )
    if labels.ndim != 1:
        raise LessonInputError(f"{name} 의 모양이 {labels.shape} 입니다. 기대한 모양은 (샘플 수,) 입니다.")
    if not np.issubdtype(labels.dtype, np.integer):
        raise LessonInputError(f"{name} 의 자료형이 {labels.dtype} 입니다. 레이블은 0~9 의 정수여야 합니다.")
    bad = labels[(labels < 0) | (labels >= N_CLASSES)]
    if bad.size:
        raise LessonInputError(
            f"{name} 에 0~9 밖의 값 {sorted(set(bad.tolist()))[:5]} 이(가) 있습니다. MNIST 레이블은 숫자 0~9 입니다."
        )
    if n is not None and len(labels) != n:
        raise LessonInputError(
            f"{name} 의 길이 {len(labels)} 이(가) 이미지 수 {n} 과(와) 다릅니다. 이미지와 레이블은 한 쌍씩 있어야 합니다."
        )
    return labels.astype(np.int64)


def split_validation(x, y, val_size: int = 10_000):
    """훈련 세트의 마지막 ``val_size`` 개를 검증 세트로 떼어 낸다(Keras 의 ``validation_split`` 과 같은 방식).

    Args:
        x: 훈련 입력(첫 축이 샘플).
        y: 훈련 레이블.
        val_size: 검증 세트 크기. 1 이상, 샘플 수보다 작아야 한다.

    Returns:
        ``(x_fit, y_fit), (x_val, y_val)``.

    Raises:
        LessonInputError: 길이가 다르거나 val_size 가 범위를 벗어날 때.
    """
    x = _as_array(x, "x")
    y = check_labels(y, n=len(x), name="y")
    if not 0 < val_size < len(x):
        raise LessonInputError(
            f"val_size={val_size} 는 1 이상, 샘플 수 {len(x)} 보다 작아야 합니다."
        )
    cut = len(x) - val_size
    return (x[:cut], y[:cut]), (x[cut:], y[cut:])


def take(x, y, n: int | None):
    """앞에서부터 n 개만 쓴다(n 이 None 이면 전부). 빠른 모드에서 무거운 실험을 줄일 때 쓴다."""
    if n is None or n >= len(x):
        return x, y
    if n < 1:
        raise LessonInputError(f"n={n} 은(는) 1 이상이어야 합니다.")
    return x[:n], y[:n]
