"""평가: 학습 기록에서 과적합을 읽고, 예측에서 자주 헷갈린 숫자 쌍을 찾는다."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mnist_lesson.history import history_dict
from mnist_lesson.errors import LessonInputError
from mnist_lesson.preprocess import N_CLASSES, check_labels


@dataclass(frozen=True)
class HistorySummary:
    """학습 기록 요약: 검증 손실이 가장 낮았던 에포크와 마지막 에포크의 값."""

    monitor: str
    epochs: int
    best_epoch: int
    best_value: float
    last_value: float
    last_train_loss: float

    @property
    def rise(self) -> float:
        """가장 낮았던 때보다 마지막에 얼마나 올랐는지(클수록 과적합이 심하다)."""
        return self.last_value - self.best_value

    def _lines(self):
        return [
            f"학습한 에포크: {self.epochs}",
            f"{self.monitor} 이(가) 가장 낮았던 에포크: {self.best_epoch} (값 {self.best_value:.4f})",
            f"마지막 에포크의 {self.monitor}: {self.last_value:.4f} (최저보다 {self.rise:+.4f})",
            f"마지막 에포크의 훈련 손실: {self.last_train_loss:.4f}",
        ]

    def __repr__(self) -> str:
        return "\n".join(self._lines())

    def _repr_markdown_(self) -> str:
        return "\n".join(f"- {line}" for line in self._lines())


def summarize_history(history, monitor: str = "val_loss") -> HistorySummary:
    """학습 기록에서 ``monitor`` 가 가장 낮았던 에포크(1부터 셈)를 찾는다.

    Raises:
        LessonInputError: 기록에 ``monitor`` 나 ``loss`` 가 없을 때(검증 세트 없이 학습한 경우 등).
    """
    hist = history_dict(history)
    if monitor not in hist or "loss" not in hist:
        raise LessonInputError(
            f"학습 기록에 '{monitor}' 가 없습니다(있는 것: {sorted(hist)}). "
            "model.fit(..., validation_data=(x_val, y_val)) 처럼 검증 세트를 주고 학습했는지 확인하세요."
        )
    values = np.asarray(hist[monitor])
    best = int(values.argmin())
    return HistorySummary(
        monitor=monitor, epochs=len(values), best_epoch=best + 1, best_value=float(values[best]),
        last_value=float(values[-1]), last_train_loss=float(hist["loss"][-1]),
    )


def most_confused_pairs(y_true, y_pred, top: int = 5):
    """가장 자주 헷갈린 (실제, 예측) 숫자 쌍을 많은 순서로 돌려준다.

    Returns:
        pandas DataFrame: 열은 '실제', '예측', '횟수'.
    """
    import pandas as pd
    from sklearn.metrics import confusion_matrix

    y_true = check_labels(np.asarray(y_true), name="y_true")
    y_pred = check_labels(np.asarray(y_pred), n=len(y_true), name="y_pred")
    if top < 1:
        raise LessonInputError(f"top={top} 은(는) 1 이상이어야 합니다.")
    cm = confusion_matrix(y_true, y_pred, labels=list(range(N_CLASSES)))
    np.fill_diagonal(cm, 0)
    order = np.argsort(-cm, axis=None, kind="stable")[:top]
    rows = [(int(i), int(j), int(cm[i, j])) for i, j in zip(*np.unravel_index(order, cm.shape)) if cm[i, j] > 0]
    return pd.DataFrame(rows, columns=["실제", "예측", "횟수"])
