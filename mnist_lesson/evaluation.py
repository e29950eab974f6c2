"""평가: 학습 기록에서 과적합을 읽고, 예측에서 자주 헷갈린 숫자 쌍을 찾는다."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mnist_lesson.arguments import count
from mnist_lesson.errors import LessonInputError
from mnist_lesson.history import best_index, metric_mode, training_history
from mnist_lesson.preprocess import N_CLASSES, check_labels


@dataclass(frozen=True)
class HistorySummary:
    """학습 기록 요약: ``monitor`` 가 가장 좋았던 에포크와 마지막 에포크의 값.

    ``mode`` 가 "min" 이면(손실) 가장 낮은 값이, "max" 면(정확도) 가장 높은 값이 가장 좋다.
    """

    monitor: str
    epochs: int
    best_epoch: int
    best_value: float
    last_value: float
    last_train_loss: float
    mode: str = "min"
    nan_epochs: tuple[int, ...] = ()

    @property
    def rise(self) -> float:
        """마지막 값 - 가장 좋았던 값. 손실이면 클수록, 정확도면 작을수록(음수) 마지막이 더 나쁘다(과적합)."""
        return self.last_value - self.best_value

    def _lines(self):
        best = "가장 낮았던" if self.mode == "min" else "가장 높았던"
        lines = [
            f"학습한 에포크: {self.epochs}",
            f"{self.monitor} 값이 {best} 에포크: {self.best_epoch} (값 {self.best_value:.4f})",
            f"마지막 에포크의 {self.monitor} 값: {self.last_value:.4f} ({best} 값보다 {self.rise:+.4f})",
            f"마지막 에포크의 훈련 손실: {self.last_train_loss:.4f}",
        ]
        if self.nan_epochs:
            shown = ", ".join(map(str, self.nan_epochs[:10])) + (" …" if len(self.nan_epochs) > 10 else "")
            lines.append(
                f"값이 NaN 인 에포크 {len(self.nan_epochs)}개: {shown} (학습이 발산했습니다. 가장 좋은 값을 고를 때 뺐습니다)"
            )
        return lines

    def __repr__(self) -> str:
        return "\n".join(self._lines())

    def _repr_markdown_(self) -> str:
        return "\n".join(f"- {line}" for line in self._lines())


def summarize_history(history, monitor: str = "val_loss", mode: str = "auto") -> HistorySummary:
    """학습 기록에서 ``monitor`` 가 가장 좋았던 에포크(1부터 셈)를 찾는다.

    Args:
        history: ``model.fit()`` 이 돌려준 History 또는 ``{'loss': [...], 'val_loss': [...]}`` 사전.
        monitor: 볼 지표. 손실(``val_loss``)은 가장 낮은, 정확도(``val_accuracy``)는 가장 높은 에포크를 고른다.
        mode: ``"auto"`` (Keras 의 ``EarlyStopping`` 처럼 이름으로 방향을 정한다), ``"min"``, ``"max"``.

    Raises:
        LessonInputError: 기록이 아닐 때(모델 등), 기록에 ``loss`` 나 ``monitor`` 가 없을 때(검증 세트 없이 학습한
            경우 등), 방향을 알 수 없을 때, 값이 모두 NaN 일 때.
    """
    hist = training_history(history)
    if monitor not in hist:
        if str(monitor).startswith("val_"):
            todo = ("검증 지표(val_...)는 검증 세트를 주고 학습해야 생깁니다: "
                    "model.fit(..., validation_data=(x_val, y_val)) 처럼 학습했는지 확인하세요.")
        else:
            todo = ("손실 말고 다른 지표는 compile 에서 고른 것만 기록됩니다(예: metrics=[\"accuracy\"]). "
                    "monitor 값으로 기록에 있는 항목 하나를 주세요.")
        raise LessonInputError(f"학습 기록에 '{monitor}' 항목이 없습니다(있는 것: {sorted(hist)}). {todo}")
    direction = metric_mode(monitor, mode)
    values = np.asarray(hist[monitor], dtype=float)
    best = best_index(values, monitor, direction)
    return HistorySummary(
        monitor=monitor, epochs=len(values), best_epoch=best + 1, best_value=float(values[best]),
        last_value=float(values[-1]), last_train_loss=float(hist["loss"][-1]), mode=direction,
        nan_epochs=tuple(int(i) + 1 for i in np.flatnonzero(np.isnan(values))),
    )


def most_confused_pairs(y_true, y_pred, top: int = 5):
    """가장 자주 헷갈린 (실제, 예측) 숫자 쌍을 많은 순서로 돌려준다.

    Returns:
        pandas DataFrame: 열은 '실제', '예측', '횟수'.
    """
    import pandas as pd
    from sklearn.metrics import confusion_matrix

    y_true = check_labels(np.asarray(y_true), name="y_true")
    y_pred = check_labels(np.asarray(y_pred), n=len(y_true), name="y_pred", pair="y_true")
    top = count(top, "top")
    cm = confusion_matrix(y_true, y_pred, labels=list(range(N_CLASSES)))
    np.fill_diagonal(cm, 0)
    order = np.argsort(-cm, axis=None, kind="stable")[:top]
    rows = [(int(i), int(j), int(cm[i, j])) for i, j in zip(*np.unravel_index(order, cm.shape)) if cm[i, j] > 0]
    return pd.DataFrame(rows, columns=["실제", "예측", "횟수"])
