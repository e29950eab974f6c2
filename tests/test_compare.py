import numpy as np
import pytest

from mnist_lesson import compare, models
from mnist_lesson.errors import LessonInputError


def _history(n, start=0.5):
    loss = list(np.linspace(start, 0.05, n))
    val_loss = [0.3, 0.1] + [0.1 + 0.01 * i for i in range(n - 2)]
    return {"loss": loss, "accuracy": [0.9] * n, "val_loss": val_loss, "val_accuracy": [0.97] * n,
            "test_accuracy": [0.96] * (n - 1) + [0.985]}


def _runs():
    return [
        compare.recorded_run("원본(기록)", _history(10), seconds=100.0),
        compare.Run("드롭아웃", _history(4), val_loss=0.08, val_accuracy=0.982, test_accuracy=0.9861, seconds=20.0),
    ]


def test_recorded_run_uses_last_epoch():
    run = compare.recorded_run("원본", _history(10), seconds=240.4, note="기록")
    assert run.epochs == 10 and run.best_epoch == 2
    assert run.test_accuracy == 0.985 and run.val_loss == pytest.approx(0.17)


def test_table_has_one_row_per_run_and_time_ratio_against_baseline():
    table = compare.comparison_table(_runs())
    assert list(table.index) == ["원본(기록)", "드롭아웃"]
    assert table.loc["드롭아웃", "시간 비율"] == 0.2
    assert table.loc["드롭아웃", "테스트 정확도(%)"] == 98.61
    assert table.loc["원본(기록)", "에포크"] == 10
    assert table.loc["원본(기록)", "최저 검증 손실 에포크"] == 2


def test_evaluate_run_evaluates_the_model_it_is_given():
    rng = np.random.default_rng(0)
    x, y = rng.random((40, 784), dtype=np.float32), rng.integers(0, 10, 40)
    model = models.compile_like_original(models.build_seed_mlp())
    history = model.fit(x, y, epochs=2, validation_data=(x, y), verbose=0)
    run = compare.evaluate_run("짧게", model, history, 1.5, (x, y), (x[:20], y[:20]))
    _, accuracy = model.evaluate(x[:20], y[:20], verbose=0)
    assert run.epochs == 2 and run.seconds == 1.5
    assert np.isclose(run.test_accuracy, accuracy)


def test_bad_inputs_are_explained():
    with pytest.raises(LessonInputError, match="검증 세트"):
        compare.recorded_run("검증 없음", {"loss": [1.0], "accuracy": [0.5]}, seconds=1)
    with pytest.raises(LessonInputError, match="하나도 없습니다"):
        compare.comparison_table([])
    with pytest.raises(LessonInputError, match="baseline"):
        compare.comparison_table(_runs(), baseline=5)
    with pytest.raises(LessonInputError, match="baseline 값은 0 이상의 정수"):
        compare.comparison_table(_runs(), baseline="0")
    with pytest.raises(LessonInputError, match="Run 객체"):
        compare.comparison_table([{"loss": [1.0]}])


def test_best_epoch_is_the_same_rule_as_the_summary():
    from mnist_lesson import evaluation

    hist = _history(6)
    hist["val_loss"][4] = float("nan")
    run = compare.recorded_run("원본", hist, seconds=1.0)
    assert run.best_epoch == evaluation.summarize_history(hist).best_epoch == 2
