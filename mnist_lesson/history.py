"""학습 기록: ``model.fit()`` 의 History 나 사전을 한 모양으로 바꾸고, 가장 좋았던 에포크를 찾는다.

가장 좋았던 에포크는 여기서만 고른다(요약 ``evaluation.summarize_history`` 가 쓴다).
지표의 방향은 Keras 의 ``EarlyStopping(mode="auto")`` 처럼 이름으로 정한다: 손실은 낮을수록, 정확도는 높을수록 좋다.
"""

from __future__ import annotations

import numbers

import numpy as np

from mnist_lesson.arguments import choice
from mnist_lesson.errors import LessonInputError

# 이름(앞의 val_/test_ 를 뗀 것)으로 방향을 아는 지표들. 모르는 이름이면 mode="min"/"max" 를 직접 받는다.
_LOWER_IS_BETTER = ("loss", "crossentropy", "error", "mse", "mae", "mape", "msle", "hinge")
_HIGHER_IS_BETTER = ("accuracy", "acc", "auc", "precision", "recall", "f1")


def history_dict(history) -> dict[str, list[float]]:
    """keras ``History`` 객체나 사전을 ``{지표 이름: [에포크별 값]}`` 사전으로 바꾼다.

    Raises:
        LessonInputError: History 도 사전도 아니거나, 값이 숫자 목록이 아닐 때.
    """
    raw = getattr(history, "history", history)
    if not isinstance(raw, dict) or not raw:
        raise LessonInputError(
            "학습 기록은 model.fit() 의 결과(History)나 {'loss': [...]} 형태의 사전이어야 합니다"
            f"(받은 것: {type(history).__name__})."
        )
    out = {}
    for key, values in raw.items():
        if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
            raise LessonInputError(
                f"학습 기록의 '{key}' 항목은 에포크마다 하나씩인 숫자 목록이어야 합니다(받은 것: {type(values).__name__})."
            )
        try:
            out[str(key)] = [float(v) for v in values]
        except (TypeError, ValueError):
            raise LessonInputError(f"학습 기록의 '{key}' 항목에 숫자가 아닌 값이 있습니다.") from None
    return out


def training_history(history) -> dict[str, list[float]]:
    """``model.fit()`` 의 학습 기록(History 나 사전)을 ``{지표: [에포크별 값]}`` 사전으로. 훈련 손실 ``loss`` 가 있어야 한다.

    기록 대신 넘기기 쉬운 것(모델, ``load_recorded_history`` 가 돌려준 (기록, 정보) 튜플)은 그렇다고 알린다.

    Raises:
        LessonInputError: 기록이 아니거나, 기록에 ``loss`` 가 없을 때.
    """
    if hasattr(history, "fit") and hasattr(history, "layers"):
        raise LessonInputError(
            f"학습 기록 자리에 모델이 들어왔습니다(받은 것: {type(history).__name__}). 학습 기록은 fit 이 돌려줍니다: "
            "history = model.fit(...) 처럼 받아 둔 history(또는 history.history)를 넘기세요."
        )
    if isinstance(history, tuple) and len(history) == 2 and isinstance(history[0], dict):
        raise LessonInputError(
            "학습 기록 자리에 튜플이 들어왔습니다: artifacts.load_recorded_history 함수는 (기록, 정보) 둘을 돌려줍니다. "
            "recorded, meta = artifacts.load_recorded_history() 처럼 나눠 받고 recorded 사전을 넘기세요."
        )
    hist = history_dict(history)
    if "loss" not in hist:
        raise LessonInputError(
            f"학습 기록에 훈련 손실 'loss' 항목이 없습니다(있는 것: {sorted(hist)}). model.fit() 이 돌려준 기록에는 "
            "늘 'loss' 항목이 있습니다: history = model.fit(...) 의 history(또는 history.history)를 그대로 넘기세요. "
            "사전을 직접 만들었다면 에포크별 훈련 손실을 'loss' 항목에 넣으세요."
        )
    return hist


def metric_mode(monitor: str, mode: str = "auto") -> str:
    """지표가 낮을수록 좋은지("min") 높을수록 좋은지("max"). ``mode="auto"`` 면 이름으로 정한다.

    Raises:
        LessonInputError: ``mode`` 가 auto/min/max 가 아니거나, 이름으로 방향을 알 수 없을 때.
    """
    choice(mode, "mode", ("auto", "min", "max"))
    if mode != "auto":
        return mode
    name = str(monitor).lower().removeprefix("val_").removeprefix("test_")
    if any(word in name for word in _LOWER_IS_BETTER):
        return "min"
    if any(word in name for word in _HIGHER_IS_BETTER):
        return "max"
    raise LessonInputError(
        f"'{monitor}' 지표가 낮을수록 좋은지 높을수록 좋은지 이름으로 알 수 없습니다. "
        "방향을 함께 주세요: mode='min'(낮을수록 좋음) 또는 mode='max'(높을수록 좋음)."
    )


def best_index(values, monitor: str, mode: str = "auto") -> int:
    """에포크별 값에서 가장 좋은 값의 자리(0부터 셈). NaN 인 에포크는 건너뛴다.

    Raises:
        LessonInputError: 값이 없거나 모두 NaN 일 때(학습이 발산함).
    """
    values = np.asarray(values, dtype=float)
    if values.size == 0:
        raise LessonInputError(f"학습 기록의 '{monitor}' 항목이 비어 있습니다. 한 에포크 이상 학습한 기록이 필요합니다.")
    if np.isnan(values).all():
        raise LessonInputError(
            f"모든 에포크의 '{monitor}' 값이 NaN 입니다: 학습이 발산했습니다. 학습률을 낮추거나 입력을 0~1 로 정규화했는지 보세요."
        )
    return int(np.nanargmin(values) if metric_mode(monitor, mode) == "min" else np.nanargmax(values))


def best_epoch(history, monitor: str = "val_loss", mode: str = "auto") -> int:
    """``monitor`` 가 가장 좋았던 에포크(1부터 셈). 손실이면 가장 낮은, 정확도면 가장 높은 에포크.

    Raises:
        LessonInputError: 기록에 ``monitor`` 가 없거나 값이 모두 NaN 일 때.
    """
    hist = history_dict(history)
    if monitor not in hist:
        raise LessonInputError(
            f"학습 기록에 '{monitor}' 항목이 없습니다(있는 것: {sorted(hist)}). 검증 지표(val_...)는 "
            "model.fit(..., validation_data=(x_val, y_val)) 처럼 검증 세트를 주고 학습해야 생깁니다."
        )
    return best_index(hist[monitor], monitor, mode) + 1


def epoch_number(value, n_epochs: int, name: str = "best_epoch") -> int:
    """에포크 번호 인자(1부터 ``n_epochs`` 까지의 정수)를 검사한다."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not 1 <= value <= n_epochs:
        raise LessonInputError(
            f"{name} 값은 1 이상 {n_epochs} 이하의 에포크 번호(정수, 1부터 셈)여야 합니다(받은 값: {value!r})."
        )
    return int(value)
