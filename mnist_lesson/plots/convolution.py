"""합성곱 들여다보기: 필터(커널)와 특성 맵(feature map)을 작은 이미지 격자로 그린다(09 노트북)."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from mnist_lesson.arguments import count
from mnist_lesson.errors import LessonInputError
from mnist_lesson.plots._common import grid, image_axes


def _as_floats(values, what: str) -> np.ndarray:
    try:
        values = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise LessonInputError(f"{what} 값을 숫자 배열로 바꿀 수 없습니다.") from None
    if not np.all(np.isfinite(values)):
        raise LessonInputError(f"{what} 배열에 NaN 이나 무한대 값이 있습니다: 학습이 발산했는지 보세요.")
    return values


def _grid(images, titles, cols, title: str, cmap: str, symmetric: bool) -> Figure:
    rows, cols = grid(len(images), cols)
    fig = Figure(figsize=(1.3 * cols, 1.45 * rows + 0.5), layout="constrained")
    axes = image_axes(fig, rows, cols)
    for ax, image, label in zip(axes.flat, images, titles):
        if symmetric:  # 음수(파랑)와 양수(빨강)를 같은 세기로: 0 은 흰색
            limit = float(np.abs(image).max()) or 1.0
            ax.imshow(image, cmap=cmap, vmin=-limit, vmax=limit)
        else:
            ax.imshow(image, cmap=cmap)
        ax.set_title(label, fontsize=8)
    fig.suptitle(title)
    return fig


_KERNEL_SHAPE = "예: 흑백 이미지를 받는 첫 층 Conv2D(32, 3) 의 필터는 모양이 (3, 3, 1, 32) 입니다."


def kernel_grid(kernels, n: int = 32, cols: int = 8, title: str = "첫 합성곱 층의 필터") -> Figure:
    """합성곱 층의 필터(커널)들을 그린다. 빨강은 양수 가중치, 파랑은 음수 가중치.

    Args:
        kernels: ``Conv2D`` 의 가중치 ``layer.get_weights()[0]``, 모양 (높이, 너비, 입력 채널, 필터 수).
            입력 채널이 여럿이면 첫 채널만 그린다.
        n: 그릴 필터 수(앞에서부터).
        cols: 한 줄의 그림 수.
        title: 그림 제목.
    """
    if hasattr(kernels, "get_weights"):
        raise LessonInputError(
            f"kernels 자리에 층이나 모델이 들어왔습니다(받은 것: {type(kernels).__name__}). 필터의 가중치 배열이 필요합니다: "
            f"kernels = layer.get_weights()[0] 처럼 꺼내서 넘기세요. {_KERNEL_SHAPE}"
        )
    if isinstance(kernels, (list, tuple)) and len(kernels) == 2 and getattr(kernels[0], "ndim", None) == 4:
        raise LessonInputError(
            "kernels 자리에 get_weights() 의 결과 전체(필터와 편향 두 배열의 목록)가 들어왔습니다. "
            f"첫 항목인 필터만 넘기세요: layer.get_weights()[0]. {_KERNEL_SHAPE}"
        )
    kernels = _as_floats(kernels, "필터")
    if kernels.ndim != 4:
        hint = " 1차원 배열은 필터가 아니라 편향(get_weights()[1])입니다." if kernels.ndim == 1 else ""
        raise LessonInputError(
            f"필터 배열의 모양이 {kernels.shape} 입니다. Conv2D 층의 필터 가중치, 곧 (높이, 너비, 입력 채널, 필터 수) "
            f"모양의 4차원 배열이 필요합니다. {_KERNEL_SHAPE} kernels = layer.get_weights()[0] 처럼 꺼내서 넘기세요.{hint}"
        )
    n = min(count(n, "n"), kernels.shape[3])
    images = [kernels[:, :, 0, i] for i in range(n)]
    return _grid(images, [f"필터 {i}" for i in range(n)], cols, title, "bwr", symmetric=True)


def feature_map_grid(maps, n: int = 16, cols: int = 8, title: str = "특성 맵") -> Figure:
    """한 이미지의 특성 맵(채널마다 하나)을 그린다. 밝을수록 그 필터가 강하게 반응한 곳.

    Args:
        maps: 층의 출력, 모양 (높이, 너비, 채널) 또는 샘플 하나짜리 (1, 높이, 너비, 채널).
        n: 그릴 채널 수(앞에서부터).
        cols: 한 줄의 그림 수.
        title: 그림 제목.
    """
    maps = _as_floats(maps, "특성 맵")
    if maps.ndim == 4 and maps.shape[0] == 1:
        maps = maps[0]
    if maps.ndim != 3:
        raise LessonInputError(
            f"특성 맵 배열의 모양이 {maps.shape} 입니다. 이미지 한 장에 대한 층의 출력 (높이, 너비, 채널) 이어야 합니다. "
            "여러 장이면 maps[0] 처럼 한 장을 고르세요."
        )
    n = min(count(n, "n"), maps.shape[2])
    images = [maps[:, :, i] for i in range(n)]
    height, width = maps.shape[:2]
    return _grid(images, [f"채널 {i}" for i in range(n)], cols, f"{title} ({height}×{width}, 채널 {maps.shape[2]}개 중 {n}개)",
                 "magma", symmetric=False)
