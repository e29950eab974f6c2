import numpy as np
import pytest

from mnist_lesson import history
from mnist_lesson.errors import LessonInputError


def test_history_dict_accepts_a_keras_history_or_a_dict():
    class FakeHistory:
        history = {"loss": [np.float32(0.5), 0.25]}

    assert history.history_dict(FakeHistory()) == {"loss": [0.5, 0.25]}
    assert history.history_dict({"loss": (1, 2)}) == {"loss": [1.0, 2.0]}


@pytest.mark.parametrize("bad, message", [([1, 2, 3], "History"), ({}, "History"), ({"loss": 0.5}, "숫자 목록"),
                                          ({"loss": "0.5"}, "숫자 목록"), ({"loss": [None]}, "숫자가 아닌")])
def test_history_dict_rejects_nonsense(bad, message):
    with pytest.raises(LessonInputError, match=message):
        history.history_dict(bad)


@pytest.mark.parametrize("monitor, mode", [("loss", "min"), ("val_loss", "min"), ("val_accuracy", "max"),
                                           ("test_accuracy", "max"), ("val_sparse_categorical_accuracy", "max"),
                                           ("val_mean_squared_error", "min"), ("val_auc", "max")])
def test_direction_comes_from_the_metric_name_like_keras_auto(monitor, mode):
    assert history.metric_mode(monitor) == mode


def test_unknown_metric_needs_an_explicit_mode():
    with pytest.raises(LessonInputError, match="mode='min'"):
        history.metric_mode("seconds")
    assert history.metric_mode("seconds", "min") == "min"
    with pytest.raises(LessonInputError, match="mode 값은"):
        history.metric_mode("loss", "lowest")


def test_best_epoch_takes_the_lowest_loss_and_the_highest_accuracy():
    h = {"val_loss": [0.9, 0.4, 0.6], "val_accuracy": [0.80, 0.95, 0.90]}
    assert history.best_epoch(h) == 2
    assert history.best_epoch(h, "val_accuracy") == 2
    assert history.best_epoch({"val_accuracy": [0.9, 0.8, 0.99]}, "val_accuracy") == 3  # argmin 이 아니다


def test_best_epoch_skips_nan_and_refuses_all_nan():
    assert history.best_epoch({"val_loss": [0.5, np.nan, 0.3, np.nan]}) == 3
    with pytest.raises(LessonInputError, match="NaN.*발산"):
        history.best_epoch({"val_loss": [np.nan, np.nan]})
    with pytest.raises(LessonInputError, match="validation_data"):
        history.best_epoch({"loss": [1.0]})


@pytest.mark.parametrize("value", [0, 4, 1.5, "2", True])
def test_epoch_number_is_checked(value):
    with pytest.raises(LessonInputError, match="1 이상 3 이하의 에포크 번호"):
        history.epoch_number(value, 3)
