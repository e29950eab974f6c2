"""그림 모듈들이 함께 쓰는 것: 예측 확률의 검사, 격자의 칸 수, 이미지 격자의 축."""

from __future__ import annotations

import numpy as np

from mnist_lesson.arguments import count
from mnist_lesson.errors import LessonInputError
from mnist_lesson.images import IMAGE_SHAPE, N_CLASSES, N_PIXELS, looks_like_labels


def _looks_like_labels(values: np.ndarray) -> bool:
    """정수 레이블(0~9)의 1차원 배열처럼 보이는지: 확률 자리에 y_test 나 argmax 결과를 넘긴 경우(확률 10개 한 줄은 뺀다)."""
    return looks_like_labels(values) and not (values.size == N_CLASSES and np.isclose(values.sum(), 1.0))


def _looks_like_images(values: np.ndarray) -> bool:
    """이미지 묶음이나 한 장처럼 보이는지: 확률 자리에 x_test 를 넘긴 경우."""
    return (values.shape[-2:] == IMAGE_SHAPE or values.shape[-3:] == IMAGE_SHAPE + (1,)
            or (values.ndim in (1, 2) and values.shape[-1] == N_PIXELS))


def _probability_hint(values: np.ndarray) -> str:
    if _looks_like_labels(values):
        return (" 정수 레이블(예: y_test 나 probs.argmax(axis=1) 의 결과)로 보입니다: 이 자리에는 레이블이 아니라 "
                "model.predict(x) 가 돌려준 확률을 그대로 넘기세요. 인자의 순서도 확인하세요.")
    if _looks_like_images(values):
        return (" 이미지로 보입니다: 이 자리에는 이미지가 아니라 model.predict(이미지) 가 돌려준 확률을 넘기세요. "
                "인자의 순서도 확인하세요.")
    return " probs = model.predict(x_test) 처럼 구한 확률을 넘기세요."


def probabilities(probs, n: int | None = None, name: str = "probs") -> np.ndarray:
    """(샘플 수, 10) 확률 배열(한 개면 (10,))을 검사해 (샘플 수, 10) 실수 배열로 돌려준다.

    오류 메시지에는 받은 그대로의 모양을 쓰고, 레이블이나 이미지를 넘긴 것으로 보이면 그렇다고 알린다.
    """
    try:
        given = np.asarray(probs, dtype=float)
    except (TypeError, ValueError):
        raise LessonInputError(f"{name} 값을 숫자 배열로 바꿀 수 없습니다. model.predict() 의 결과를 넘기세요.") from None
    probs = given[None] if given.ndim == 1 else given
    if probs.ndim != 2 or probs.shape[1] != N_CLASSES:
        raise LessonInputError(
            f"{name} 배열의 모양이 {given.shape} 입니다. model.predict() 의 결과인 (샘플 수, 10) 확률"
            f"(예측 하나라면 (10,))이어야 합니다.{_probability_hint(given)}"
        )
    if n is not None and len(probs) != n:
        raise LessonInputError(
            f"{name} 배열의 샘플 수({len(probs):,})가 이미지 수({n:,})와 다릅니다. 확률은 같은 이미지들을 "
            "model.predict 에 넣어 구해야 합니다: 둘을 같은 범위로 잘랐는지 보세요."
        )
    if not np.all(np.isfinite(probs)) or np.any(probs < 0) or not np.allclose(probs.sum(axis=1), 1.0, atol=1e-3):
        hint = _probability_hint(given) if _looks_like_labels(given) else ""
        raise LessonInputError(
            f"{name} 배열의 각 행은 합이 1인 확률이어야 합니다(출력층이 softmax 인지 확인하세요. "
            f"로짓이라면 keras.ops.softmax(로짓) 처럼 확률로 바꾼 뒤 넘기세요).{hint}"
        )
    return probs


def grid(n: int, cols, name: str = "cols") -> tuple[int, int]:
    """그림 n 장을 놓을 격자의 (줄 수, 칸 수). 칸 수는 n 보다 많지 않게 줄인다."""
    cols = min(count(cols, name), max(n, 1))
    return max(1, int(np.ceil(n / cols))), cols


def image_axes(fig, rows: int, cols: int) -> np.ndarray:
    """이미지를 늘어놓을 ``rows`` × ``cols`` 칸의 축(2차원 배열). 축선과 눈금 없이 이미지만 보인다.

    ``axis("off")`` 만 하면 보이지 않는 눈금도 matplotlib 가 칸마다 만들고 자리를 재므로(제목의 위치와 constrained 배치가
    눈금의 크기를 묻는다), 눈금을 아예 비워 둔다: 그림은 바이트까지 같고 25칸짜리가 40%쯤 빨리 그려진다.
    """
    axes = fig.subplots(rows, cols, squeeze=False, subplot_kw={"xticks": [], "yticks": []})
    for ax in axes.flat:
        ax.axis("off")
    return axes
