"""예측을 보는 그림: 오차 행렬, 틀린 숫자 모음, 확률 막대(07), 모델별 예측 비교(09)."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from mnist_lesson.arguments import choice, count, digit
from mnist_lesson.errors import LessonInputError
from mnist_lesson.images import as_batch, as_image
from mnist_lesson.plots._common import grid, image_axes, probabilities
from mnist_lesson.preprocess import N_CLASSES, check_labels


def confusion_matrix(y_true, y_pred, normalize: str | None = None) -> Figure:
    """오차 행렬(confusion matrix): 행은 실제 숫자, 열은 예측한 숫자. scikit-learn 으로 그린다.

    Args:
        y_true: 정답 레이블.
        y_pred: 예측 레이블(``probs.argmax(axis=1)``).
        normalize: None(개수), ``"true"`` (행마다 비율), ``"pred"`` (열마다), ``"all"`` (전체).
    """
    from sklearn.metrics import ConfusionMatrixDisplay

    normalize = choice(normalize, "normalize", (None, "true", "pred", "all"))
    y_true = check_labels(y_true, name="y_true")
    y_pred = check_labels(y_pred, n=len(y_true), name="y_pred", pair="y_true")
    fig = Figure(figsize=(7, 6), layout="constrained")
    ax = fig.subplots()
    ConfusionMatrixDisplay.from_predictions(
        y_true, y_pred, labels=list(range(N_CLASSES)), normalize=normalize,
        ax=ax, cmap="Blues", colorbar=True, values_format=".2f" if normalize else "d",
    )
    ax.set_xlabel("예측한 숫자")
    ax.set_ylabel("실제 숫자")
    ax.set_title("오차 행렬")
    return fig


def misclassified_gallery(images, y_true, probs, n: int = 16, cols: int = 8) -> Figure:
    """틀리게 분류한 테스트 숫자를 (실제, 예측, 확신도)와 함께 보여 준다. 확신이 큰 실수부터."""
    images = as_batch(images, "images")
    y_true = check_labels(y_true, n=len(images), name="y_true")
    probs = probabilities(probs, n=len(images))
    n = count(n, "n")
    y_pred = probs.argmax(axis=1)
    wrong = np.flatnonzero(y_pred != y_true)
    wrong = wrong[np.argsort(-probs[wrong, y_pred[wrong]], kind="stable")][:n]
    rows, cols = grid(len(wrong), cols)
    fig = Figure(figsize=(1.5 * cols, 1.9 * rows), layout="constrained")
    axes = image_axes(fig, rows, cols)
    for ax, i in zip(axes.flat, wrong):
        ax.imshow(images[i], cmap="gray_r")
        ax.set_title(f"실제 {y_true[i]}, 예측 {y_pred[i]}\n확신도 {probs[i, y_pred[i]]:.0%}", fontsize=8, color="tab:red")
    total = int((y_pred != y_true).sum())
    fig.suptitle(f"틀린 숫자 {len(wrong)}장 (전체 {len(y_true):,}장 중 {total:,}장 틀림, 확신이 큰 순서)")
    return fig


def probability_bars(probs, image=None, true_label=None) -> Figure:
    """예측 하나의 숫자별 확률을 막대그래프로 보여 준다(이미지가 있으면 옆에 함께).

    Args:
        probs: 예측 하나의 확률 (10,) 또는 (1, 10).
        image: 함께 보여 줄 이미지 한 장.
        true_label: 정답(0~9). 주면 예측이 틀렸을 때 정답 막대를 초록으로 칠한다.
    """
    probs = probabilities(probs)
    if len(probs) != 1:
        raise LessonInputError(f"확률 막대는 예측 한 개만 그립니다(받은 예측 수: {len(probs)}). probs[i] 처럼 하나를 넘기세요.")
    probs = probs[0]
    if true_label is not None:
        true_label = digit(true_label, "true_label")
    fig = Figure(figsize=(9 if image is not None else 6, 3.5), layout="constrained")
    if image is not None:
        ax_img, ax = fig.subplots(1, 2, width_ratios=[1, 2])
        ax_img.imshow(as_image(image, "image"), cmap="gray_r")
        ax_img.axis("off")
        ax_img.set_title("입력 이미지" if true_label is None else f"입력 이미지(실제 {true_label})")
    else:
        ax = fig.subplots()
    predicted = int(probs.argmax())
    colors = ["tab:blue"] * N_CLASSES
    if true_label is not None and true_label != predicted:
        colors[true_label] = "tab:green"
    colors[predicted] = "tab:orange" if true_label is None or true_label == predicted else "tab:red"
    bars = ax.bar(range(N_CLASSES), probs, color=colors)
    ax.bar_label(bars, labels=[f"{p:.0%}" if p >= 0.01 else "" for p in probs], fontsize=8)
    ax.set_xticks(range(N_CLASSES))
    ax.set_ylim(0, 1.1)
    ax.set_xlabel("숫자")
    ax.set_ylabel("확률")
    ax.set_title(f"예측: {predicted} (확률 {probs[predicted]:.1%})")
    return fig


def _indices(indices, n: int) -> list[int]:
    """보여 줄 이미지 번호: 정수 번호들, 또는 이미지 수와 같은 길이의 참/거짓 마스크."""
    idx = np.asarray(indices)
    if idx.dtype == np.bool_:
        if idx.shape != (n,):
            raise LessonInputError(
                f"indices 자리의 참/거짓 마스크는 모양이 {idx.shape} 입니다: 이미지 수({n:,})와 같은 길이여야 합니다."
            )
        return np.flatnonzero(idx).tolist()
    if idx.size == 0:
        return []
    if not np.issubdtype(idx.dtype, np.integer):
        raise LessonInputError(
            f"indices 값은 이미지 번호(정수)들이나 참/거짓 마스크여야 합니다(받은 자료형: {idx.dtype}). "
            "예: np.flatnonzero(y_pred != y_test)[:24]"
        )
    idx = idx.ravel()
    outside = idx[(idx < -n) | (idx >= n)]
    if outside.size:
        raise LessonInputError(f"indices 에 이미지 수({n:,})를 벗어난 번호가 있습니다: {outside[:5].tolist()}")
    return [int(i) for i in idx]


def prediction_gallery(images, y_true, predictions: dict, indices, cols: int = 8,
                       title: str = "모델별 예측") -> Figure:
    """고른 숫자들을 모델마다의 예측과 함께 보여 준다(맞으면 초록, 틀리면 빨강).

    Args:
        images: 테스트 이미지 묶음(``images.as_batch`` 가 받는 모양).
        y_true: 정답 레이블.
        predictions: ``{모델 이름: 예측 레이블 배열}`` (예: ``{"MLP": y_pred_mlp, "CNN": y_pred_cnn}``).
        indices: 보여 줄 이미지의 번호들, 또는 이미지 수와 같은 길이의 참/거짓 마스크(예: ``y_pred != y_test``).
        cols: 한 줄의 그림 수.
        title: 그림 제목.
    """
    images = as_batch(images, "images")
    y_true = check_labels(y_true, n=len(images), name="y_true")
    if not isinstance(predictions, dict) or not predictions:
        raise LessonInputError(
            "predictions 값은 {모델 이름: 예측 레이블 배열} 사전이어야 합니다. 예: {'MLP': y_pred_mlp, 'CNN': y_pred_cnn}"
        )
    preds = {name: check_labels(p, n=len(images), name=f"predictions['{name}']") for name, p in predictions.items()}
    indices = _indices(indices, len(images))
    rows, cols = grid(len(indices), cols)
    fig = Figure(figsize=(1.5 * cols, 1.75 * rows + 0.4), layout="constrained")
    axes = image_axes(fig, rows, cols)
    for ax, i in zip(axes.flat, indices):
        ax.imshow(images[i], cmap="gray_r")
        ax.set_title(f"실제 {y_true[i]}", fontsize=8)
        for k, (name, p) in enumerate(preds.items()):  # 그림 안쪽 아래에 모델마다 한 줄(맞으면 초록, 틀리면 빨강)
            ax.text(0.02, 0.02 + 0.17 * (len(preds) - 1 - k), f"{name} {p[i]}", transform=ax.transAxes,
                    ha="left", va="bottom", fontsize=7, color="tab:green" if p[i] == y_true[i] else "tab:red",
                    bbox=dict(facecolor="white", alpha=0.8, edgecolor="none", pad=1))
    fig.suptitle(f"{title} ({len(indices)}장)" if indices else f"{title} (없음)")
    return fig
