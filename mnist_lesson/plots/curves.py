"""학습 곡선: 에포크별 손실·정확도(06~09 노트북)."""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from mnist_lesson.history import epoch_number, training_history

_METRIC_NAMES = {"loss": "손실", "accuracy": "정확도"}
SHOW_POINTS_UP_TO = 20  # 에포크가 이보다 적으면 선 위에 에포크마다 점을 찍는다


def learning_curves(history, title: str = "학습 곡선", best_epoch: int | None = None) -> Figure:
    """에포크별 손실과 정확도를 훈련/검증(/테스트)으로 나눠 그린다(정확도가 기록에 없으면 손실만).

    Args:
        history: ``model.fit()`` 이 돌려준 History 또는 ``{'loss': [...], 'val_loss': [...]}`` 사전.
        title: 그림 제목.
        best_epoch: 세로 점선으로 표시할 에포크(1부터 센다). 예: 조기 종료가 고른 에포크.

    Raises:
        LessonInputError: 학습 기록이 아니거나(모델 등) 기록에 ``loss`` 가 없을 때, ``best_epoch`` 가 범위 밖일 때.
    """
    hist = training_history(history)
    if best_epoch is not None:
        best_epoch = epoch_number(best_epoch, len(hist["loss"]))
    metrics = [m for m in ("loss", "accuracy") if any(p + m in hist for p in ("", "val_", "test_"))]
    n_epochs = max(len(v) for v in hist.values())
    fig = Figure(figsize=(5.5 * len(metrics), 4), layout="constrained")
    axes = fig.subplots(1, len(metrics), squeeze=False)[0]
    for ax, metric in zip(axes, metrics):
        for prefix, label, style in (("", "훈련", "-"), ("val_", "검증", "-"), ("test_", "테스트", "--")):
            values = hist.get(prefix + metric)
            if values:  # 에포크가 적으면(빠른 모드의 1 에포크) 선이 보이지 않으므로 점도 찍는다
                marker = "o" if len(values) <= SHOW_POINTS_UP_TO else None
                ax.plot(range(1, len(values) + 1), values, style, marker=marker, label=label)
        if best_epoch is not None:
            ax.axvline(best_epoch, color="gray", linestyle=":", label=f"에포크 {best_epoch}")
        ax.set_xlabel("에포크")
        if n_epochs <= 10:  # 에포크는 정수: 1 에포크뿐일 때도 0.96, 1.04 같은 눈금을 쓰지 않는다
            ax.set_xticks(range(1, n_epochs + 1))
        else:
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel(_METRIC_NAMES[metric])
        ax.set_title(_METRIC_NAMES[metric])
        ax.grid(alpha=0.3)
        ax.legend()
    fig.suptitle(title)
    return fig
