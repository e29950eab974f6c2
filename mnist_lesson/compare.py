"""여러 학습 방법 비교: 검증 손실·정확도, 테스트 정확도, 에포크 수, 걸린 시간을 ``Run`` 하나씩 모아 표로.

08 노트북이 규제 방법들을 같은 조건에서 비교할 때 쓴다. 같은 ``Run`` 목록의 그림은 ``plots.comparison_plot``.
"""

from __future__ import annotations

from dataclasses import dataclass

from mnist_lesson.arguments import count
from mnist_lesson.errors import LessonInputError
from mnist_lesson.history import best_epoch as best_epoch_of
from mnist_lesson.history import history_dict


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
            f"'{name}' 의 학습 기록에 없는 항목이 있습니다: {missing} (있는 것: {sorted(hist)}). "
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
        raise LessonInputError(f"'{name}' 의 기록에 에포크별 'test_accuracy' 항목이 없습니다(있는 것: {sorted(hist)}).")
    return Run(
        name=name, history=hist, val_loss=hist["val_loss"][-1], val_accuracy=hist["val_accuracy"][-1],
        test_accuracy=hist["test_accuracy"][-1], seconds=float(seconds), note=note,
    )


def check_runs(runs) -> list[Run]:
    """비교할 ``Run`` 목록을 검사해 목록으로 돌려준다(표와 ``plots.comparison_plot`` 이 함께 쓴다)."""
    runs = list(runs)
    if not runs:
        raise LessonInputError("비교할 학습이 하나도 없습니다. Run 객체를 하나 이상 넘기세요.")
    for run in runs:
        if not isinstance(run, Run):
            raise LessonInputError(
                "runs 목록에는 Run 객체(compare.evaluate_run(...) 또는 compare.recorded_run(...) 의 결과)만 넣습니다"
                f"(받은 것: {type(run).__name__})."
            )
    return runs


def comparison_table(runs, baseline: int = 0):
    """방법마다 한 행: 에포크, 검증 손실이 가장 낮았던 에포크, 검증 손실·정확도, 테스트 정확도, 시간.

    Args:
        runs: ``Run`` 목록.
        baseline: 시간 비율의 기준(=1.00)이 될 행의 번호. 보통 원본 방법(0번).

    Returns:
        pandas DataFrame(방법 이름이 색인). 정확도는 % 단위다.
    """
    import pandas as pd

    runs = check_runs(runs)
    if count(baseline, "baseline", minimum=0) >= len(runs):
        raise LessonInputError(f"baseline 값은 0 이상 {len(runs)} 미만의 행 번호여야 합니다(받은 값: {baseline!r}).")
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
