"""여러 학습 방법 비교: 검증 손실·정확도, 테스트 정확도, 에포크 수, 걸린 시간을 표 하나와 그림 하나로.

08 노트북이 규제 방법들을, 09 노트북이 MLP 와 CNN 을 같은 조건에서 비교할 때 쓴다.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from mnist_lesson.history import best_epoch as best_epoch_of
from mnist_lesson.history import history_dict
from mnist_lesson.errors import LessonInputError
from mnist_lesson.plots import _images_2d
from mnist_lesson.preprocess import check_labels


@dataclass(frozen=True)
class Run:
    """비교할 학습 한 번: 이름, 에포크별 기록, 끝난 모델의 검증·테스트 성능, 학습 시간(초)."""

    name: str
    history: dict
    val_loss: float
    val_accuracy: float
    test_accuracy: float
    seconds: float
    note: str = ""

    @property
    def epochs(self) -> int:
        """실제로 학습한 에포크 수(조기 종료하면 최대 에포크보다 적다)."""
        return len(self.history["loss"])

    @property
    def best_epoch(self) -> int:
        """검증 손실이 가장 낮았던 에포크(1부터 센다)."""
        return best_epoch_of(self.history, "val_loss")


def _check_history(history, name: str) -> dict:
    hist = history_dict(history)
    missing = [k for k in ("loss", "val_loss", "val_accuracy") if k not in hist]
    if missing:
        raise LessonInputError(
            f"'{name}' 의 학습 기록에 {missing} 이(가) 없습니다(있는 것: {sorted(hist)}). "
            "model.fit(..., validation_data=(x_val, y_val)) 처럼 검증 세트를 주고 학습하세요."
        )
    return hist


def evaluate_run(name, model, history, seconds, validation_data, test_data, note: str = "") -> Run:
    """학습을 끝낸 모델을 검증·테스트 세트로 평가해 ``Run`` 하나로 묶는다.

    조기 종료가 가장 좋은 가중치를 되돌렸다면, 평가하는 것은 그 되돌린 모델이다(마지막 에포크가 아니다).

    Args:
        name: 표와 그림에 쓸 이름(예: "드롭아웃").
        model: 학습을 끝낸 keras 모델(정확도 지표로 컴파일한 것).
        history: ``model.fit()`` 이 돌려준 History(검증 세트로 학습한 것).
        seconds: 학습에 걸린 시간(초).
        validation_data: ``(x_val, y_val)``.
        test_data: ``(x_test, y_test)``.
        note: 표의 '비고' 칸에 적을 말.

    Returns:
        Run.
    """
    hist = _check_history(history, name)
    val = model.evaluate(*validation_data, batch_size=1000, verbose=0, return_dict=True)
    test = model.evaluate(*test_data, batch_size=1000, verbose=0, return_dict=True)
    return Run(
        name=name, history=hist, val_loss=float(val["loss"]), val_accuracy=float(val["accuracy"]),
        test_accuracy=float(test["accuracy"]), seconds=float(seconds), note=note,
    )


def recorded_run(name, history, seconds, note: str = "") -> Run:
    """미리 기록한 학습 기록(마지막 에포크의 모델)을 ``Run`` 으로 만든다. 기록에 ``test_accuracy`` 가 있어야 한다."""
    hist = _check_history(history, name)
    if "test_accuracy" not in hist:
        raise LessonInputError(f"'{name}' 의 기록에 에포크별 'test_accuracy' 가 없습니다(있는 것: {sorted(hist)}).")
    return Run(
        name=name, history=hist, val_loss=hist["val_loss"][-1], val_accuracy=hist["val_accuracy"][-1],
        test_accuracy=hist["test_accuracy"][-1], seconds=float(seconds), note=note,
    )


def comparison_table(runs, baseline: int = 0):
    """방법마다 한 행: 에포크, 검증 손실이 가장 낮았던 에포크, 검증 손실·정확도, 테스트 정확도, 시간.

    Args:
        runs: ``Run`` 목록.
        baseline: 시간 비율의 기준(=1.00)이 될 행의 번호. 보통 원본 방법(0번).

    Returns:
        pandas DataFrame(방법 이름이 색인). 정확도는 % 단위다.
    """
    import pandas as pd

    runs = list(runs)
    if not runs:
        raise LessonInputError("비교할 학습이 하나도 없습니다. Run 을 하나 이상 넘기세요.")
    if not 0 <= baseline < len(runs):
        raise LessonInputError(f"baseline={baseline} 은(는) 0 이상 {len(runs)} 미만이어야 합니다.")
    base_seconds = runs[baseline].seconds
    rows = []
    for run in runs:
        rows.append({
            "방법": run.name,
            "에포크": run.epochs,
            "최저 검증 손실 에포크": run.best_epoch,
            "검증 손실": round(run.val_loss, 4),
            "검증 정확도(%)": round(100 * run.val_accuracy, 2),
            "테스트 정확도(%)": round(100 * run.test_accuracy, 2),
            "학습 시간(초)": round(run.seconds, 1),
            "시간 비율": round(run.seconds / base_seconds, 2) if base_seconds > 0 else float("nan"),
            "비고": run.note,
        })
    return pd.DataFrame(rows).set_index("방법")


def comparison_plot(runs, target_accuracy: float | None = None, max_epoch: int | None = None,
                    title: str = "학습 방법 비교") -> Figure:
    """검증 손실·검증 정확도 곡선과, 테스트 정확도·학습 시간 막대를 한 그림(2×2)에 그린다.

    Args:
        runs: ``Run`` 목록.
        target_accuracy: 테스트 정확도 막대에 점선으로 그을 목표(0~1, 예: 0.986).
        max_epoch: 곡선의 가로축을 이 에포크까지만 보여 준다(아주 긴 기록이 짧은 학습들을 누르지 않게).
        title: 그림 제목.
    """
    runs = list(runs)
    if not runs:
        raise LessonInputError("비교할 학습이 하나도 없습니다. Run 을 하나 이상 넘기세요.")
    fig = Figure(figsize=(12, 8), layout="constrained")
    (ax_loss, ax_acc), (ax_test, ax_time) = fig.subplots(2, 2)
    colors = [f"C{i}" for i in range(len(runs))]
    for run, color in zip(runs, colors):
        epochs = np.arange(1, run.epochs + 1)
        style = dict(color=color, label=run.name, marker="o" if run.epochs <= 30 else None, markersize=3)
        ax_loss.plot(epochs, run.history["val_loss"], **style)
        ax_acc.plot(epochs, 100 * np.asarray(run.history["val_accuracy"]), **style)
    ax_loss.set_title("검증 손실(낮을수록 좋다)")
    ax_acc.set_title("검증 정확도(높을수록 좋다)")
    for ax, ylabel in ((ax_loss, "검증 손실"), (ax_acc, "검증 정확도(%)")):
        ax.set_xlabel("에포크")
        ax.set_ylabel(ylabel)
        ax.grid(alpha=0.3)
        if max_epoch is not None:
            ax.set_xlim(0.5, max_epoch + 0.5)
            longer = [r.name for r in runs if r.epochs > max_epoch]
            if longer:
                ax.set_xlabel(f"에포크 ({', '.join(longer)} 은(는) 그림 밖으로 더 이어짐)")
    ax_loss.legend(fontsize=8)
    low = min(100 * np.min(r.history["val_accuracy"][min(2, r.epochs - 1):]) for r in runs)
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


def prediction_gallery(images, y_true, predictions: dict, indices, cols: int = 8,
                       title: str = "모델별 예측") -> Figure:
    """고른 숫자들을 모델마다의 예측과 함께 보여 준다(맞으면 초록, 틀리면 빨강).

    Args:
        images: 테스트 이미지, (n, 28, 28) 또는 (n, 784).
        y_true: 정답 레이블.
        predictions: ``{모델 이름: 예측 레이블 배열}`` (예: ``{"MLP": y_pred_mlp, "CNN": y_pred_cnn}``).
        indices: 보여 줄 이미지의 번호들.
        cols: 한 줄의 그림 수.
        title: 그림 제목.
    """
    images = _images_2d(images)
    y_true = check_labels(np.asarray(y_true), n=len(images), name="y_true")
    preds = {name: check_labels(np.asarray(p), n=len(images), name=f"predictions['{name}']") for name, p in predictions.items()}
    indices = [int(i) for i in np.asarray(indices).ravel()]
    rows = max(1, int(np.ceil(len(indices) / cols)))
    fig = Figure(figsize=(1.5 * cols, 1.75 * rows + 0.4), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for ax, i in zip(axes.flat, indices):
        ax.imshow(images[i], cmap="gray_r")
        ax.set_title(f"실제 {y_true[i]}", fontsize=8)
        for k, (name, p) in enumerate(preds.items()):  # 그림 안쪽 아래에 모델마다 한 줄(맞으면 초록, 틀리면 빨강)
            ax.text(0.02, 0.02 + 0.17 * (len(preds) - 1 - k), f"{name} {p[i]}", transform=ax.transAxes,
                    ha="left", va="bottom", fontsize=7, color="tab:green" if p[i] == y_true[i] else "tab:red",
                    bbox=dict(facecolor="white", alpha=0.8, edgecolor="none", pad=1))
    fig.suptitle(f"{title} ({len(indices)}장)" if indices else f"{title} (없음)")
    return fig
