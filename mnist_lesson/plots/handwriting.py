"""내 손글씨의 그림: 전처리 단계별 이미지와, 이미지마다의 예측 확률(10 노트북). 전처리는 ``mnist_lesson.handwriting``."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from mnist_lesson.errors import LessonInputError
from mnist_lesson.handwriting import MnistDigit
from mnist_lesson.plots._common import probabilities


def _digit(digit, name: str = "digit") -> MnistDigit:
    if not isinstance(digit, MnistDigit):
        raise LessonInputError(
            f"{name} 값은 handwriting.to_mnist(...) 의 결과(MnistDigit)여야 합니다(받은 것: {type(digit).__name__})."
        )
    return digit


def handwriting_steps(digit: MnistDigit, title: str | None = None) -> Figure:
    """전처리 단계별 이미지를 한 줄로 보여 준다(모든 단계: 배경 0 검정, 잉크 밝게; 첫 칸만 원래 색).

    Args:
        digit: ``handwriting.to_mnist`` 의 결과.
        title: 그림 제목.
    """
    digit = _digit(digit)
    names = list(digit.steps)
    fig = Figure(figsize=(1.9 * len(names), 2.4), layout="constrained")
    axes = fig.subplots(1, len(names), squeeze=False)[0]
    for i, (ax, name) in enumerate(zip(axes, names)):
        img = digit.steps[name]
        ax.imshow(img, cmap="gray", vmin=0, vmax=255, interpolation="nearest" if max(img.shape) <= 80 else "antialiased")
        ax.set_title(f"{i + 1}. {name}\n{img.shape[1]}×{img.shape[0]}", fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
    if title:
        fig.suptitle(title)
    return fig


def handwriting_predictions(digits, probs, names=None) -> Figure:
    """이미지마다 한 줄: 원본(흑백), 모델이 본 28×28, 숫자별 확률 막대.

    Args:
        digits: ``handwriting.to_mnist`` 의 결과 하나 또는 목록.
        probs: ``handwriting.predict`` 의 결과 (이미지 수, 10).
        names: 줄마다의 이름(이미지 수와 같은 길이). 없으면 "이미지 1", "이미지 2", …
    """
    digits = [digits] if isinstance(digits, MnistDigit) else list(digits)
    if not digits:
        raise LessonInputError("그릴 손글씨가 없습니다. handwriting.to_mnist(...) 의 결과를 하나 이상 넘기세요.")
    digits = [_digit(d, f"digits[{i}]") for i, d in enumerate(digits)]
    probs = probabilities(probs, n=len(digits))
    names = [f"이미지 {i + 1}" for i in range(len(digits))] if names is None else list(names)
    if len(names) != len(digits):
        raise LessonInputError(f"names 목록의 길이({len(names)})가 이미지 수({len(digits)})와 다릅니다.")
    fig = Figure(figsize=(9, 2.2 * len(digits)), layout="constrained")
    axes = fig.subplots(len(digits), 3, squeeze=False, width_ratios=[1, 1, 2.4])
    for (ax_src, ax_in, ax_bar), digit, p, name in zip(axes, digits, probs, names):
        ax_src.imshow(digit.steps["흑백"], cmap="gray", vmin=0, vmax=255)
        ax_src.set_title(name, fontsize=9)
        ax_in.imshow(digit.image, cmap="gray", vmin=0, vmax=255, interpolation="nearest")
        ax_in.set_title("모델이 본 28×28", fontsize=9)
        for ax in (ax_src, ax_in):
            ax.set_xticks([])
            ax.set_yticks([])
        best = int(np.argmax(p))
        colors = ["tab:orange" if d == best else "tab:blue" for d in range(10)]
        ax_bar.bar(range(10), p, color=colors)
        ax_bar.set_xticks(range(10))
        ax_bar.set_ylim(0, 1.05)
        ax_bar.set_ylabel("확률")
        ax_bar.set_title(f"예측: {best} (확률 {p[best]:.0%})", fontsize=10)
    return fig
