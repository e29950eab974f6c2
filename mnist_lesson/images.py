"""이미지 묶음: 이미지처럼 생긴 것을 검사한 (n, 28, 28) 묶음으로 바꾸는 곳(패키지에서 여기 하나뿐).

그림(``plots``), 전처리(``preprocess``), 데이터 검사(``data``), 내 손글씨(``handwriting``)가 모두 ``as_batch`` 를 쓴다.

받는 모양:
    (n, 28, 28), (n, 784), (n, 28, 28, 1): n 장의 묶음.
    (28, 28), (784,), (28, 28, 1): 한 장(``single=True`` 일 때만; 한 장짜리 묶음이 된다).
받는 값:
    uint8 0~255 (불러온 그대로의 MNIST), 0~255 범위의 다른 정수(uint8 로 바꾼다),
    실수 0~1 (정규화한 것). ``raw=True`` 면 uint8 만 받는다(전처리 전의 원본이 필요한 곳).
거부하는 것: 빈 배열, 다른 모양(컬러, 32×32, 축이 바뀐 것), 범위 밖의 값, NaN, 두 번 정규화할 값.
"""

from __future__ import annotations

import numpy as np

from mnist_lesson.errors import LessonInputError

IMAGE_SHAPE = (28, 28)
N_PIXELS = 28 * 28
N_CLASSES = 10  # 숫자 0~9 (preprocess 도 이 값을 내보낸다)
_SINGLE_SHAPES = (IMAGE_SHAPE, (N_PIXELS,), IMAGE_SHAPE + (1,))


def looks_like_labels(values: np.ndarray) -> bool:
    """숫자 레이블(0~9 의 정수 값)의 1차원 배열처럼 보이는지: 이미지나 확률 자리에 y_test 를 넘긴 실수를 알아볼 때."""
    return (values.ndim == 1 and values.size > 0 and bool(np.all(np.isfinite(values)))
            and bool(np.all(values == np.round(values))) and values.min() >= 0 and values.max() < N_CLASSES)


def _as_array(images, name: str) -> np.ndarray:
    try:
        x = np.asarray(images)
    except (ValueError, TypeError):
        raise LessonInputError(
            f"{name} 값을 배열로 바꿀 수 없습니다: 이미지들의 모양이 서로 다릅니다. "
            "모든 이미지가 28×28 인지 확인하세요(np.stack 에 넣어 묶을 수 있어야 합니다)."
        ) from None
    if x.size == 0:
        raise LessonInputError(f"{name} 배열이 비어 있습니다(모양 {x.shape}). 이미지가 한 장 이상 필요합니다.")
    return x


def _shape_error(x: np.ndarray, name: str, single: bool) -> LessonInputError:
    expected = "(샘플 수, 28, 28), (샘플 수, 784), (샘플 수, 28, 28, 1)"
    if single:
        expected += " 또는 한 장 " + ", ".join(str(shape) for shape in _SINGLE_SHAPES)
    hint = ""
    if np.issubdtype(x.dtype, np.integer) and looks_like_labels(x):
        hint = (" 숫자 레이블(예: y_test)로 보입니다: 이 자리에는 x_test 같은 이미지 배열을 넘기세요. "
                "인자의 순서를 확인하세요.")
    elif x.ndim == 2 and x.shape[0] == N_PIXELS:
        hint = f" 축의 순서가 반대로 보입니다: {name}.T 처럼 뒤집어 (샘플 수, 784) 모양을 만드세요."
    elif x.ndim == 4 and x.shape[1:3] == IMAGE_SHAPE and x.shape[3] in (3, 4):
        hint = " 컬러 이미지로 보입니다: MNIST 는 흑백(채널 1개)입니다."
    elif x.ndim == 4 and x.shape[1] == 1 and x.shape[2:] == IMAGE_SHAPE:
        hint = f" 채널이 앞에 있습니다(channels_first). 바꾸는 방법: {name}.reshape(-1, 28, 28)"
    return LessonInputError(f"{name} 배열의 모양이 {x.shape} 입니다. 기대한 모양은 {expected} 입니다.{hint}")


def as_batch(images, name: str = "images", *, raw: bool = False, single: bool = True) -> np.ndarray:
    """이미지처럼 생긴 것을 검사해 (n, 28, 28) 묶음으로 돌려준다.

    Args:
        images: NumPy 배열이나 배열로 바꿀 수 있는 것(목록, 텐서). 모양과 값은 모듈 설명 참고.
        name: 오류 메시지에 쓸 변수 이름.
        raw: True 면 불러온 그대로의 uint8(0~255)만 받는다. 정규화한 실수(0~1)는 "이미 전처리됨" 으로 거부한다.
        single: True 면 한 장((28, 28) 등)도 받아 한 장짜리 묶음으로 만든다. False 면 묶음만 받는다.

    Returns:
        모양 (n, 28, 28) 의 배열(가능하면 복사하지 않은 보기). 자료형은 uint8(0~255) 또는 실수(0~1).

    Raises:
        LessonInputError: 비었거나, 모양·자료형·값이 위의 어느 것도 아닐 때. 무엇을 하면 되는지도 말한다.
    """
    x = _as_array(images, name)
    if x.shape in _SINGLE_SHAPES:
        if not single:
            raise LessonInputError(
                f"{name} 배열의 모양이 {x.shape} 입니다: 이미지 한 장입니다. 이 함수는 (샘플 수, 28, 28) 또는 "
                f"(샘플 수, 784) 묶음을 받습니다. 한 장이라면 {name}[None] 또는 {name}.reshape(1, 28, 28) 처럼 묶음을 만드세요."
            )
        x = x.reshape((1,) + IMAGE_SHAPE)
    elif (x.ndim == 2 and x.shape[1] == N_PIXELS) or (x.ndim == 3 and x.shape[1:] == IMAGE_SHAPE) or (
        x.ndim == 4 and x.shape[1:] == IMAGE_SHAPE + (1,)
    ):
        x = x.reshape((len(x),) + IMAGE_SHAPE)
    else:
        raise _shape_error(x, name, single)
    return _checked_values(x, name, raw)


def _checked_values(x: np.ndarray, name: str, raw: bool) -> np.ndarray:
    if x.dtype == np.uint8:
        return x
    kind = f"{name} 배열의 자료형이 {x.dtype} 입니다."
    if x.dtype == np.bool_:
        raise LessonInputError(f"{kind} 참/거짓 대신 픽셀 값이 필요합니다. 바꾸는 방법: {name}.astype(np.uint8) * 255")
    if np.issubdtype(x.dtype, np.integer):
        low, high = int(x.min()), int(x.max())
        if 0 <= low and high <= 255 and not raw:
            return x.astype(np.uint8)
        if raw:
            hint = f" 값이 0~255 안에 있으니 바꾸면 됩니다: {name}.astype(np.uint8)" if 0 <= low and high <= 255 else ""
            raise LessonInputError(f"{kind} 원본 MNIST 처럼 uint8(0~255 정수) 이미지를 넘기세요.{hint}")
        raise LessonInputError(
            f"{kind} 픽셀 값은 0~255 여야 하는데 {low}~{high} 입니다. 이미지를 만든 계산을 확인하세요. "
            f"범위 밖의 값을 잘라 내도 된다면 바꾸는 방법: np.clip({name}, 0, 255).astype(np.uint8)"
        )
    if not np.issubdtype(x.dtype, np.floating):
        raise LessonInputError(
            f"{kind} 이미지는 uint8(0~255) 또는 실수(0~1) 배열이어야 합니다: data.load_mnist() 가 돌려준 x_train 처럼 "
            "픽셀 값(숫자)의 배열을 넘기세요."
        )
    if not np.all(np.isfinite(x)):
        raise LessonInputError(f"{name} 배열에 NaN 이나 무한대 값이 있습니다. 픽셀 값은 유한한 수여야 합니다.")
    low, high = float(x.min()), float(x.max())
    if raw:
        if 0 <= low and high <= 1:
            hint = (" 값이 0~1 사이라면 이미 전처리된 것입니다: 255로 한 번 더 나누면 모든 값이 0에 가까워져 "
                    "학습이 망가집니다. 전처리 전의 배열(불러온 그대로의 uint8)을 넘기세요.")
        else:
            hint = f" 값이 {low:g}~{high:g} 입니다. 0~255 의 정수라면 바꾸는 방법: {name}.astype(np.uint8)"
        raise LessonInputError(f"{kind} 원본 MNIST 처럼 uint8(0~255 정수) 이미지를 넘기세요.{hint}")
    if low < 0 or high > 1:
        hint = f" 0~255 의 값이라면 {name} / 255 처럼 정규화하거나 {name}.astype(np.uint8) 처럼 정수로 바꾸세요." if high > 1 else ""
        raise LessonInputError(
            f"{kind} 실수 이미지의 값은 0~1 이어야 하는데 {low:g}~{high:g} 입니다.{hint}"
        )
    return x


def as_image(image, name: str = "image") -> np.ndarray:
    """이미지 딱 한 장을 검사해 (28, 28) 로 돌려준다. 여러 장이면 한 장을 고르라고 알린다.

    Raises:
        LessonInputError: ``as_batch`` 와 같고, 여러 장이 들어왔을 때도.
    """
    batch = as_batch(image, name)
    if len(batch) != 1:
        raise LessonInputError(
            f"이미지 한 장이 필요한데 {name} 배열에는 {len(batch):,}장이 있습니다. "
            f"{name}[0] 처럼 한 장을 골라서 넘기세요."
        )
    return batch[0]


def to_unit(batch: np.ndarray) -> np.ndarray:
    """``as_batch`` 가 돌려준 묶음을 float32, 값 0~1 로(uint8 은 255 로 나누고, 실수는 그대로)."""
    if batch.dtype == np.uint8:
        return batch.astype(np.float32) / np.float32(255)
    return batch.astype(np.float32, copy=False)
