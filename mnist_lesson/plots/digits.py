"""데이터를 보는 그림: 숫자 격자, 픽셀 히트맵, 레이블 분포 (01 노트북부터)."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from mnist_lesson.arguments import count, digit
from mnist_lesson.images import as_batch, as_image
from mnist_lesson.plots._common import grid, image_axes
from mnist_lesson.preprocess import N_CLASSES, check_labels


def sample_grid(images, labels, n: int = 25, cols: int = 5, predictions=None) -> Figure:
    """앞에서부터 n 장의 숫자 이미지를 레이블(과 예측)과 함께 격자로 보여 준다.

    Args:
        images: 이미지 묶음(``images.as_batch`` 가 받는 모양).
        labels: 정답 레이블(이미지 수와 같은 길이).
        n: 보여 줄 장 수(이미지가 더 적으면 있는 만큼).
        cols: 한 줄의 그림 수.
        predictions: 예측 레이블. 주면 맞으면 초록, 틀리면 빨강 제목으로 함께 보인다.
    """
    images = as_batch(images, "images")
    labels = check_labels(labels, n=len(images), name="labels")
    n = min(count(n, "n"), len(images))
    if predictions is not None:
        predictions = check_labels(predictions, n=len(images), name="predictions")
    rows, cols = grid(n, cols)
    fig = Figure(figsize=(1.6 * cols, 1.8 * rows), layout="constrained")
    axes = image_axes(fig, rows, cols)
    for i, ax in enumerate(axes.flat[:n]):
        ax.imshow(images[i], cmap="gray_r")
        title = f"레이블 {labels[i]}"
        color = "black"
        if predictions is not None:
            title += f" / 예측 {predictions[i]}"
            color = "tab:green" if predictions[i] == labels[i] else "tab:red"
        ax.set_title(title, fontsize=9, color=color)
    fig.suptitle(f"MNIST 손글씨 숫자 {n}장")
    return fig


def pixel_heatmap(image, label=None, show_values: bool = True) -> Figure:
    """숫자 한 장의 28×28 픽셀 값을 히트맵과 숫자로 보여 준다.

    Args:
        image: 이미지 한 장((28, 28), (784,) 또는 한 장짜리 묶음). 여러 장이면 한 장을 고르라고 알린다.
        label: 제목에 쓸 레이블(0~9).
        show_values: 잉크가 있는 칸마다 값을 숫자로 적을지.
    """
    image = as_image(image, "image")
    if label is not None:
        label = digit(label, "label")
    scaled = np.issubdtype(image.dtype, np.floating)  # 정규화한 이미지(0~1)
    fig = Figure(figsize=(9, 9), layout="constrained")
    ax = fig.subplots()
    mesh = ax.imshow(image, cmap="Greys", vmin=0, vmax=1 if scaled else 255)
    if show_values:
        threshold = (1 if scaled else 255) / 2
        for (r, c), value in np.ndenumerate(image):
            if value:
                ax.text(c, r, f"{value:.2f}" if scaled else str(value), ha="center", va="center", fontsize=5,
                        color="white" if value > threshold else "black")
    ax.set_xticks(range(0, 28, 4))
    ax.set_yticks(range(0, 28, 4))
    ax.set_xlabel("열(가로 위치)")
    ax.set_ylabel("행(세로 위치)")
    title = f"픽셀 값(0=흰 배경, {'1' if scaled else '255'}=가장 진한 잉크)"
    ax.set_title(title if label is None else f"레이블 {label} 의 {title}")
    fig.colorbar(mesh, ax=ax, shrink=0.8, label="픽셀 값")
    return fig


def label_distribution(y_train, y_test=None) -> Figure:
    """숫자(0~9)별 샘플 수를 막대그래프로 보여 준다."""
    y_train = check_labels(y_train, name="y_train")
    fig = Figure(figsize=(8, 4), layout="constrained")
    ax = fig.subplots()
    digits = np.arange(N_CLASSES)
    width = 0.4 if y_test is not None else 0.8
    counts = np.bincount(y_train, minlength=N_CLASSES)
    bars = ax.bar(digits - (width / 2 if y_test is not None else 0), counts, width, label="훈련 세트")
    ax.bar_label(bars, fontsize=7)
    if y_test is not None:
        y_test = check_labels(y_test, name="y_test")
        test_counts = np.bincount(y_test, minlength=N_CLASSES)
        bars = ax.bar(digits + width / 2, test_counts, width, label="테스트 세트")
        ax.bar_label(bars, fontsize=7)
        ax.legend()
    ax.set_xticks(digits)
    ax.set_xlabel("숫자(레이블)")
    ax.set_ylabel("샘플 수")
    ax.set_title("숫자별 샘플 수")
    return fig
