"""전처리: 28×28 uint8 이미지를 모델 입력(float32, 0~1, 784칸)으로 바꾸고, 레이블을 검사하고, 검증 세트를 뗀다.

04 노트북이 이 과정을 셀에 직접 써서 가르치고, 뒤 노트북들은 같은 일을 이 함수로 한 줄에 한다.
이미지 묶음의 검사는 ``images.as_batch`` 한 곳에서 한다.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from mnist_lesson.arguments import count, shown
from mnist_lesson.errors import LessonInputError
from mnist_lesson.images import IMAGE_SHAPE, N_CLASSES, N_PIXELS, as_batch

__all__ = ["IMAGE_SHAPE", "N_PIXELS", "N_CLASSES", "check_images", "to_model_input", "check_labels",
           "split_validation", "take"]


def check_images(images, name: str = "images") -> np.ndarray:
    """불러온 그대로의 MNIST 이미지 묶음(uint8, 0~255)인지 검사한다.

    Args:
        images: 모양 (n, 28, 28), (n, 784) 또는 (n, 28, 28, 1) 의 uint8 배열.
        name: 오류 메시지에 쓸 변수 이름.

    Returns:
        검사를 통과한 (n, 28, 28) uint8 배열(복사하지 않은 보기).

    Raises:
        LessonInputError: 모양, 자료형, 값이 기대와 다를 때(이미 정규화한 실수라면 그렇다고 알린다).
    """
    return as_batch(images, name, raw=True, single=False)


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
    x = images.reshape(len(images), N_PIXELS).astype(np.float32)  # 새 배열(astype 은 늘 복사한다)
    x /= np.float32(255)  # 제자리에서 나눈다: 188 MB 짜리 배열을 하나 더 만들지 않는다
    return x


def check_labels(labels, n: int | None = None, name: str = "labels", pair: str | None = None) -> np.ndarray:
    """레이블이 0~9 정수의 1차원 배열인지(그리고 샘플 수 n 과 길이가 같은지) 검사한다.

    Args:
        labels: 검사할 레이블.
        n: 있어야 할 길이. 없으면 길이는 보지 않는다.
        name: 오류 메시지에 쓸 변수 이름.
        pair: 길이 n 을 준 배열의 이름(예: ``y_pred`` 를 ``y_true`` 와 맞출 때 "y_true"). 없으면 이미지 수와 맞춘다.

    Returns:
        int64 로 바꾼 레이블 배열.

    Raises:
        LessonInputError: None 이거나, 모양, 자료형, 값, 길이가 기대와 다를 때.
    """
    if labels is None:
        raise LessonInputError(
            f"{name} 자리에 레이블이 없습니다(None). 0~9 의 정수 레이블 배열(예: y_train, y_test)을 넘기세요."
        )
    labels = np.asarray(labels)
    if labels.size == 0:
        raise LessonInputError(f"{name} 배열이 비어 있습니다(모양 {labels.shape}). 레이블이 하나 이상 필요합니다.")
    if labels.ndim == 2 and labels.shape[1] == N_CLASSES:
        raise LessonInputError(
            f"{name} 배열의 모양이 {labels.shape} 입니다: 원-핫 인코딩된 레이블이나 예측 확률로 보입니다. "
            f"이 함수는 정수 레이블(모양 (샘플 수,))을 받습니다. 바꾸는 방법: {name}.argmax(axis=1)"
        )
    if labels.ndim != 1:
        if labels.ndim == 2 and labels.shape[1] == 1:
            todo = f"샘플마다 한 칸인 2차원 배열이라면 {name}.ravel() 처럼 1차원으로 펴세요."
        else:
            todo = "레이블은 샘플마다 숫자 하나이므로 y_train 같은 1차원 배열을 넘기세요."
        raise LessonInputError(f"{name} 배열의 모양이 {labels.shape} 입니다. 기대한 모양은 (샘플 수,) 입니다: {todo}")
    if not np.issubdtype(labels.dtype, np.integer):
        if np.issubdtype(labels.dtype, np.floating) and np.all(np.isfinite(labels)) and np.all(labels == np.round(labels)):
            todo = f"값이 모두 정수이므로 {name}.astype(np.int64) 처럼 정수로 바꾸면 됩니다."
        elif np.issubdtype(labels.dtype, np.floating):
            todo = "예측 확률이라면 probs.argmax(axis=1) 처럼 가장 큰 확률의 숫자를 레이블로 쓰세요."
        else:
            todo = "y_train, y_test 같은 정수 배열을 넘기세요."
        raise LessonInputError(f"{name} 배열의 자료형이 {labels.dtype} 입니다. 레이블은 0~9 의 정수여야 합니다: {todo}")
    bad = labels[(labels < 0) | (labels >= N_CLASSES)]
    if bad.size:
        raise LessonInputError(
            f"{name} 배열에 0~9 밖의 값이 있습니다: {sorted(set(bad.tolist()))[:5]}. MNIST 레이블은 숫자 0~9 입니다."
        )
    if n is not None and len(labels) != n:
        if pair is None:
            raise LessonInputError(
                f"{name} 배열의 길이({len(labels):,})가 이미지 수({n:,})와 다릅니다. 이미지와 레이블은 같은 순서로 "
                "한 쌍씩 있어야 합니다: 둘을 같은 범위로 잘랐는지 보세요(예: x_test[:100] 과 y_test[:100])."
            )
        raise LessonInputError(
            f"{name} 배열의 길이({len(labels):,})가 {pair} 배열의 길이({n:,})와 다릅니다. 두 배열은 같은 샘플을 "
            "같은 순서로 하나씩 담아야 합니다: 같은 이미지들에서 같은 범위로 만들었는지 보세요."
        )
    return labels.astype(np.int64)


def _same_length(x, y, x_name: str = "x", y_name: str = "y") -> None:
    if len(x) != len(y):
        raise LessonInputError(
            f"{x_name} 배열({len(x):,}개)과 {y_name} 배열({len(y):,}개)의 샘플 수가 다릅니다. "
            "입력과 레이블은 같은 샘플을 같은 순서로 한 쌍씩 담아야 합니다: 같은 범위로 잘랐는지 보세요."
        )


def _validation_count(val_size, n: int) -> int:
    """``val_size`` 를 검증 샘플 수로: 정수는 그 개수, 0~1 의 실수는 Keras 의 ``validation_split`` 과 같은 비율."""
    if isinstance(val_size, bool) or not isinstance(val_size, numbers.Real):
        raise LessonInputError(
            f"val_size 값은 검증 샘플 수(정수, 예: 10000)나 비율(0~1 의 실수, 예: 0.2)이어야 합니다(받은 값: {val_size!r})."
        )
    if isinstance(val_size, numbers.Integral):
        size = int(val_size)
    elif 0 < val_size < 1:
        size = n - int(math.floor(n * (1.0 - val_size)))  # Keras 의 validation_split 과 같은 계산
    else:
        raise LessonInputError(
            f"val_size={val_size!r}: 실수라면 0 과 1 사이의 비율이어야 합니다(예: 0.2). 개수라면 정수로 주세요(예: 10000)."
        )
    if not 0 < size < n:
        raise LessonInputError(
            f"val_size={val_size!r} 설정으로는 검증 샘플이 {size:,}개입니다: 1개 이상, 샘플 수 {n:,}개보다 적어야 "
            "훈련 세트와 검증 세트가 모두 남습니다."
        )
    return size


def split_validation(x, y, val_size=10_000):
    """훈련 세트의 마지막 ``val_size`` 개를 검증 세트로 떼어 낸다(Keras 의 ``validation_split`` 과 같은 방식).

    Args:
        x: 훈련 입력(첫 축이 샘플).
        y: 훈련 레이블.
        val_size: 검증 세트의 크기. 정수면 샘플 수, 0~1 의 실수면 비율(Keras 처럼 ``val_size=0.2``).

    Returns:
        ``(x_fit, y_fit), (x_val, y_val)``.

    Raises:
        LessonInputError: 길이가 다르거나 val_size 가 범위를 벗어날 때.
    """
    if x is None:
        raise LessonInputError(
            "x 자리에 배열이 없습니다(None). split_validation 함수는 이미지 배열(첫 축이 샘플, 예: x_train)과 "
            "레이블을 받습니다: preprocess.split_validation(x_train, y_train) 처럼 넘기세요."
        )
    given, x = x, np.asarray(x)
    if x.ndim == 0:
        raise LessonInputError(
            f"x 값이 배열이 아닙니다(받은 값: {shown(given)}). 첫 축이 샘플인 이미지 배열(예: x_train)을 넘기세요."
        )
    if len(x) == 0:
        raise LessonInputError(f"x 배열이 비어 있습니다(모양 {x.shape}). 샘플이 하나 이상 필요합니다.")
    y = check_labels(y, name="y")
    _same_length(x, y)
    cut = len(x) - _validation_count(val_size, len(x))
    return (x[:cut], y[:cut]), (x[cut:], y[cut:])


def take(x, y, n: int | None):
    """앞에서부터 n 개만 쓴다(n 이 None 이거나 샘플 수보다 크면 전부). 빠른 모드에서 무거운 실험을 줄일 때 쓴다.

    Raises:
        LessonInputError: x 나 y 가 없거나(None) 배열이 아닐 때, x 와 y 의 샘플 수가 다를 때, n 이 1 이상의 정수가 아닐 때.
    """
    for value, arg, what in ((x, "x", "입력"), (y, "y", "레이블")):
        if value is None:
            alone = " 입력만 줄이려면 x[:n] 처럼 직접 자르세요." if arg == "y" else ""
            raise LessonInputError(
                f"preprocess.take 함수의 {arg} 자리({what})에 값이 없습니다(None). 이 함수는 입력과 레이블을 한 쌍으로 받아 "
                f"앞에서부터 같은 수만큼 자릅니다: preprocess.take(x_train, y_train, n) 처럼 둘 다 넘기세요.{alone}"
            )
        if not hasattr(value, "__len__") or getattr(value, "ndim", 1) == 0:
            raise LessonInputError(
                f"preprocess.take 함수의 {arg} 자리({what})에 배열이 아닌 값이 들어왔습니다(받은 값: {shown(value)}). "
                "첫 축이 샘플인 배열을 넘기세요: preprocess.take(x_train, y_train, n)"
            )
    _same_length(x, y)
    if n is None:
        return x, y
    n = count(n, "n")
    if n >= len(x):
        return x, y
    return x[:n], y[:n]
