"""그림: 숫자 격자, 픽셀 히트맵, 레이블 분포, 학습 곡선, 오차 행렬, 틀린 숫자 모음, 확률 막대.

모든 함수는 matplotlib ``Figure`` 를 만들어 돌려준다(pyplot 전역 상태를 건드리지 않는다).
노트북에서는 셀의 마지막 줄에 두면 한 번 그려지고, 테스트에서는 그림 속 값을 확인할 수 있다.
한글이 보이려면 먼저 ``config.setup()`` (또는 ``fonts.use_korean_font()``)을 부른다.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from mnist_lesson.history import history_dict
from mnist_lesson.errors import LessonInputError
from mnist_lesson.preprocess import N_CLASSES, check_labels

_METRIC_NAMES = {"loss": "손실", "accuracy": "정확도"}


def _images_2d(images, name: str = "images") -> np.ndarray:
    """(n, 28, 28) 또는 (n, 784) 의 이미지 묶음을 (n, 28, 28) 로 돌려준다."""
    images = np.asarray(images)
    if images.size == 0:
        raise LessonInputError(f"{name} 이(가) 비어 있습니다. 그릴 이미지가 하나 이상 필요합니다.")
    if images.ndim == 2 and images.shape[1] == 784:
        return images.reshape(-1, 28, 28)
    if images.ndim == 3 and images.shape[1:] == (28, 28):
        return images
    raise LessonInputError(
        f"{name} 의 모양이 {images.shape} 입니다. (샘플 수, 28, 28) 또는 (샘플 수, 784) 여야 합니다."
    )


def _one_image(image) -> np.ndarray:
    """이미지 한 장((28, 28) 또는 (784,))이나 한 장짜리 묶음을 (28, 28) 로."""
    image = np.asarray(image)
    return _images_2d(image[None] if image.ndim in (1, 2) else image, "image")[0]


def _probabilities(probs, n: int | None = None, name: str = "probs") -> np.ndarray:
    probs = np.asarray(probs, dtype=float)
    if probs.ndim == 1:
        probs = probs[None]
    if probs.ndim != 2 or probs.shape[1] != N_CLASSES:
        raise LessonInputError(
            f"{name} 의 모양이 {probs.shape} 입니다. model.predict() 가 돌려준 (샘플 수, 10) 확률이어야 합니다."
        )
    if n is not None and len(probs) != n:
        raise LessonInputError(f"{name} 의 샘플 수 {len(probs)} 이(가) 이미지 수 {n} 과(와) 다릅니다.")
    if np.any(probs < 0) or not np.allclose(probs.sum(axis=1), 1.0, atol=1e-3):
        raise LessonInputError(
            f"{name} 의 각 행은 합이 1인 확률이어야 합니다(출력층이 softmax 인지 확인하세요)."
        )
    return probs


def sample_grid(images, labels, n: int = 25, cols: int = 5, predictions=None) -> Figure:
    """앞에서부터 n 장의 숫자 이미지를 레이블(과 예측)과 함께 격자로 보여 준다."""
    images = _images_2d(images)
    labels = check_labels(np.asarray(labels), n=len(images))
    n = min(n, len(images))
    if predictions is not None:
        predictions = check_labels(np.asarray(predictions), n=len(images), name="predictions")
    rows = int(np.ceil(n / cols))
    fig = Figure(figsize=(1.6 * cols, 1.8 * rows), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= n:
            continue
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
    """숫자 한 장의 28×28 픽셀 값을 히트맵과 숫자로 보여 준다."""
    image = _one_image(image)
    fig = Figure(figsize=(9, 9), layout="constrained")
    ax = fig.subplots()
    mesh = ax.imshow(image, cmap="Greys")
    if show_values:
        threshold = image.max() / 2
        for (r, c), value in np.ndenumerate(image):
            if value:
                text = f"{value:.2f}" if np.issubdtype(image.dtype, np.floating) else str(value)
                ax.text(c, r, text, ha="center", va="center", fontsize=5,
                        color="white" if value > threshold else "black")
    ax.set_xticks(range(0, 28, 4))
    ax.set_yticks(range(0, 28, 4))
    ax.set_xlabel("열(가로 위치)")
    ax.set_ylabel("행(세로 위치)")
    title = "픽셀 값(0=흰 배경, 255=가장 진한 잉크)"
    ax.set_title(title if label is None else f"레이블 {label} 의 {title}")
    fig.colorbar(mesh, ax=ax, shrink=0.8, label="픽셀 값")
    return fig


def label_distribution(y_train, y_test=None) -> Figure:
    """숫자(0~9)별 샘플 수를 막대그래프로 보여 준다."""
    y_train = check_labels(np.asarray(y_train), name="y_train")
    fig = Figure(figsize=(8, 4), layout="constrained")
    ax = fig.subplots()
    digits = np.arange(N_CLASSES)
    width = 0.4 if y_test is not None else 0.8
    counts = np.bincount(y_train, minlength=N_CLASSES)
    bars = ax.bar(digits - (width / 2 if y_test is not None else 0), counts, width, label="훈련 세트")
    ax.bar_label(bars, fontsize=7)
    if y_test is not None:
        y_test = check_labels(np.asarray(y_test), name="y_test")
        test_counts = np.bincount(y_test, minlength=N_CLASSES)
        bars = ax.bar(digits + width / 2, test_counts, width, label="테스트 세트")
        ax.bar_label(bars, fontsize=7)
        ax.legend()
    ax.set_xticks(digits)
    ax.set_xlabel("숫자(레이블)")
    ax.set_ylabel("샘플 수")
    ax.set_title("숫자별 샘플 수")
    return fig


def learning_curves(history, title: str = "학습 곡선", best_epoch: int | None = None) -> Figure:
    """에포크별 손실과 정확도를 훈련/검증(/테스트)으로 나눠 그린다.

    Args:
        history: ``model.fit()`` 이 돌려준 History 또는 ``{'loss': [...], 'val_loss': [...]}`` 사전.
        title: 그림 제목.
        best_epoch: 세로 점선으로 표시할 에포크(1부터 센다). 예: 조기 종료가 고른 에포크.
    """
    hist = history_dict(history)
    if "loss" not in hist:
        raise LessonInputError(f"학습 기록에 'loss' 가 없습니다(있는 것: {sorted(hist)}).")
    fig = Figure(figsize=(11, 4), layout="constrained")
    axes = fig.subplots(1, 2)
    for ax, metric in zip(axes, ("loss", "accuracy")):
        for prefix, label, style in (("", "훈련", "-"), ("val_", "검증", "-"), ("test_", "테스트", "--")):
            values = hist.get(prefix + metric)
            if values:
                ax.plot(range(1, len(values) + 1), values, style, label=label)
        if best_epoch is not None:
            ax.axvline(best_epoch, color="gray", linestyle=":", label=f"에포크 {best_epoch}")
        ax.set_xlabel("에포크")
        ax.set_ylabel(_METRIC_NAMES[metric])
        ax.set_title(_METRIC_NAMES[metric])
        ax.grid(alpha=0.3)
        ax.legend()
    fig.suptitle(title)
    return fig


def confusion_matrix(y_true, y_pred, normalize: str | None = None) -> Figure:
    """오차 행렬(confusion matrix): 행은 실제 숫자, 열은 예측한 숫자. scikit-learn 으로 그린다."""
    from sklearn.metrics import ConfusionMatrixDisplay

    y_true = check_labels(np.asarray(y_true), name="y_true")
    y_pred = check_labels(np.asarray(y_pred), n=len(y_true), name="y_pred")
    fig = Figure(figsize=(7, 6), layout="constrained")
    ax = fig.subplots()
    ConfusionMatrixDisplay.from_predictions(
        y_true, y_pred, labels=list(range(N_CLASSES)), normalize=normalize,
        ax=ax, cmap="Blues", colorbar=True, values_format=".2f" if normalize else "d",
    )
    ax.set_xlabel("예측한 숫자")
    ax.set_ylabel("실제 숫자")
    ax.set_title("오차 행렬(혼동 행렬)")
    return fig


def misclassified_gallery(images, y_true, probs, n: int = 16, cols: int = 8) -> Figure:
    """틀리게 분류한 테스트 숫자를 (실제, 예측, 확신도)와 함께 보여 준다. 확신이 큰 실수부터."""
    images = _images_2d(images)
    y_true = check_labels(np.asarray(y_true), n=len(images), name="y_true")
    probs = _probabilities(probs, n=len(images))
    y_pred = probs.argmax(axis=1)
    wrong = np.flatnonzero(y_pred != y_true)
    wrong = wrong[np.argsort(-probs[wrong, y_pred[wrong]])][:n]
    rows = max(1, int(np.ceil(len(wrong) / cols)))
    fig = Figure(figsize=(1.5 * cols, 1.9 * rows), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for ax, i in zip(axes.flat, wrong):
        ax.imshow(images[i], cmap="gray_r")
        ax.set_title(f"실제 {y_true[i]}, 예측 {y_pred[i]}\n확신도 {probs[i, y_pred[i]]:.0%}", fontsize=8, color="tab:red")
    total = int((y_pred != y_true).sum())
    fig.suptitle(f"틀린 숫자 {len(wrong)}장 (전체 {len(y_true):,}장 중 {total:,}장 틀림, 확신이 큰 순서)")
    return fig


def probability_bars(probs, image=None, true_label=None) -> Figure:
    """예측 하나의 숫자별 확률을 막대그래프로 보여 준다(이미지가 있으면 옆에 함께)."""
    probs = _probabilities(probs)
    if len(probs) != 1:
        raise LessonInputError(f"확률 막대는 예측 한 개만 그립니다(받은 예측 수: {len(probs)}). probs[i] 를 넘기세요.")
    probs = probs[0]
    fig = Figure(figsize=(9 if image is not None else 6, 3.5), layout="constrained")
    if image is not None:
        ax_img, ax = fig.subplots(1, 2, width_ratios=[1, 2])
        ax_img.imshow(_one_image(image), cmap="gray_r")
        ax_img.axis("off")
        ax_img.set_title("입력 이미지" if true_label is None else f"입력 이미지(실제 {true_label})")
    else:
        ax = fig.subplots()
    predicted = int(probs.argmax())
    colors = ["tab:blue"] * N_CLASSES
    if true_label is not None and int(true_label) != predicted:
        colors[int(true_label)] = "tab:green"
    colors[predicted] = "tab:orange" if true_label is None or int(true_label) == predicted else "tab:red"
    bars = ax.bar(range(N_CLASSES), probs, color=colors)
    ax.bar_label(bars, labels=[f"{p:.0%}" if p >= 0.01 else "" for p in probs], fontsize=8)
    ax.set_xticks(range(N_CLASSES))
    ax.set_ylim(0, 1.1)
    ax.set_xlabel("숫자")
    ax.set_ylabel("확률")
    ax.set_title(f"예측: {predicted} (확률 {probs[predicted]:.1%})")
    return fig
