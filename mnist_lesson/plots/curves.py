"""학습 곡선: 에포크별 손실·정확도(06, 07 노트북)와, 여러 학습 방법의 비교(08, 09 노트북)."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from mnist_lesson.arguments import count, fraction
from mnist_lesson.compare import check_runs
from mnist_lesson.errors import LessonInputError
from mnist_lesson.history import epoch_number, history_dict

_METRIC_NAMES = {"loss": "손실", "accuracy": "정확도"}


def learning_curves(history, title: str = "학습 곡선", best_epoch: int | None = None) -> Figure:
    """에포크별 손실과 정확도를 훈련/검증(/테스트)으로 나눠 그린다(정확도가 기록에 없으면 손실만).

    Args:
        history: ``model.fit()`` 이 돌려준 History 또는 ``{'loss': [...], 'val_loss': [...]}`` 사전.
        title: 그림 제목.
        best_epoch: 세로 점선으로 표시할 에포크(1부터 센다). 예: 조기 종료가 고른 에포크.
    """
    hist = history_dict(history)
    if "loss" not in hist:
        raise LessonInputError(f"학습 기록에 'loss' 항목이 없습니다(있는 것: {sorted(hist)}).")
    if best_epoch is not None:
        best_epoch = epoch_number(best_epoch, len(hist["loss"]))
    metrics = [m for m in ("loss", "accuracy") if any(p + m in hist for p in ("", "val_", "test_"))]
    fig = Figure(figsize=(5.5 * len(metrics), 4), layout="constrained")
    axes = fig.subplots(1, len(metrics), squeeze=False)[0]
    for ax, metric in zip(axes, metrics):
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


def comparison_plot(runs, target_accuracy: float | None = None, max_epoch: int | None = None,
                    title: str = "학습 방법 비교") -> Figure:
    """검증 손실·검증 정확도 곡선과, 테스트 정확도·학습 시간 막대를 한 그림(2×2)에 그린다.

    Args:
        runs: ``compare.Run`` 목록(``compare.evaluate_run`` · ``compare.recorded_run`` 의 결과).
        target_accuracy: 테스트 정확도 막대에 점선으로 그을 목표(0~1 의 비율, 예: 0.986. 98.6 이 아니다).
        max_epoch: 곡선의 가로축을 이 에포크까지만 보여 준다(아주 긴 기록이 짧은 학습들을 누르지 않게).
        title: 그림 제목.
    """
    runs = check_runs(runs)
    if target_accuracy is not None:
        target_accuracy = fraction(target_accuracy, "target_accuracy")
    if max_epoch is not None:
        max_epoch = count(max_epoch, "max_epoch")
    fig = Figure(figsize=(12, 8), layout="constrained")
    (ax_loss, ax_acc), (ax_test, ax_time) = fig.subplots(2, 2)
    colors = [f"C{i}" for i in range(len(runs))]
    for run, color in zip(runs, colors):
        epochs = np.arange(1, run.epochs + 1)
        style = dict(color=color, label=run.name, marker="o" if run.epochs <= 30 else None, markersize=3)
        ax_loss.plot(epochs, run.history["val_loss"], **style)
        ax_acc.plot(epochs, 100 * np.asarray(run.history["val_accuracy"]), **style)
    ax_loss.set_title("검증 손실(낮을수록 좋습니다)")
    ax_acc.set_title("검증 정확도(높을수록 좋습니다)")
    for ax, ylabel in ((ax_loss, "검증 손실"), (ax_acc, "검증 정확도(%)")):
        ax.set_xlabel("에포크")
        ax.set_ylabel(ylabel)
        ax.grid(alpha=0.3)
        if max_epoch is not None:
            ax.set_xlim(0.5, max_epoch + 0.5)
            longer = [r.name for r in runs if r.epochs > max_epoch]
            if longer:
                ax.set_xlabel(f"에포크 (그림 밖으로 더 이어지는 기록: {', '.join(longer)})")
    ax_loss.legend(fontsize=8)
    low = min(100 * np.nanmin(r.history["val_accuracy"][min(2, r.epochs - 1):]) for r in runs)
    ax_acc.set_ylim(max(low - 0.2, 90), 100)

    names = [run.name for run in runs]
    y = np.arange(len(runs))
    test = np.array([100 * run.test_accuracy for run in runs])
    bars = ax_test.barh(y, test, color=colors)
    ax_test.bar_label(bars, labels=[f"{v:.2f}%" for v in test], fontsize=8, padding=2)
    ax_test.set_xlim(max(test.min() - 1.0, 0), min(test.max() + 0.6, 100.5))
    ax_test.set_title("테스트 정확도")
    if target_accuracy is not None:
        ax_test.axvline(100 * target_accuracy, color="gray", linestyle="--")
        ax_test.set_title(f"테스트 정확도 (점선: 목표 {100 * target_accuracy:.1f}%)")
        low, high = ax_test.get_xlim()  # 목표선이 그림 밖에 있지 않게
        ax_test.set_xlim(min(low, 100 * target_accuracy - 0.2), max(high, 100 * target_accuracy + 0.2))
    ax_test.set_xlabel("테스트 정확도(%)")

    seconds = np.array([run.seconds for run in runs])
    bars = ax_time.barh(y, seconds, color=colors)
    ax_time.bar_label(bars, labels=[f"{s:.0f}초 · {run.epochs}에포크" for s, run in zip(seconds, runs)], fontsize=8, padding=2)
    ax_time.set_xlim(0, seconds.max() * 1.35 if seconds.max() > 0 else 1)
    ax_time.set_title("학습 시간")
    ax_time.set_xlabel("초")
    for ax in (ax_test, ax_time):
        ax.set_yticks(y, names, fontsize=8)
        ax.invert_yaxis()
        ax.grid(axis="x", alpha=0.3)
    fig.suptitle(title)
    return fig
