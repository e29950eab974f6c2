"""EpochRecorder: 에포크마다 걸린 시간과 테스트 지표를 학습 기록에 더한다.

mnist_lesson.callbacks 는 Keras 를 가져오므로(가져오는 데 몇 초) 모듈 맨 위가 아니라 테스트 안에서 가져온다. 그래야
테스트를 모으는 동안(pytest-xdist 의 작업자마다 한 번씩) TensorFlow 를 가져오지 않는다.
"""

import numpy as np
import pytest

from mnist_lesson import config
from mnist_lesson.errors import LessonInputError


@pytest.fixture
def callbacks():
    from mnist_lesson import callbacks

    return callbacks


@pytest.fixture
def models():
    from mnist_lesson import models

    return models


def _tiny_data(n=64, seed=0):
    rng = np.random.default_rng(seed)
    return rng.random((n, 784), dtype=np.float32), rng.integers(0, 10, n)


def test_epoch_recorder_adds_seconds_and_test_metrics_to_history(callbacks, models):
    config.set_seed(1234)
    x, y = _tiny_data()
    x_test, y_test = _tiny_data(32, seed=1)
    model = models.compile_like_original(models.build_seed_mlp())
    recorder = callbacks.EpochRecorder(x_test, y_test)
    history = model.fit(x, y, epochs=3, batch_size=32, verbose=0, callbacks=[recorder])
    hist = history.history
    assert len(hist["seconds"]) == len(hist["test_accuracy"]) == len(hist["test_loss"]) == 3
    assert all(b > a > 0 for a, b in zip(hist["seconds"], hist["seconds"][1:]))
    # 기록된 테스트 정확도는 같은 모델을 직접 평가한 값과 같다(마지막 에포크).
    _, accuracy = model.evaluate(x_test, y_test, verbose=0)
    assert np.isclose(hist["test_accuracy"][-1], accuracy)


def test_epoch_recorder_without_test_data_records_only_time(callbacks, models):
    x, y = _tiny_data()
    model = models.compile_like_original(models.build_seed_mlp())
    history = model.fit(x, y, epochs=2, batch_size=32, verbose=0, callbacks=[callbacks.EpochRecorder()])
    assert len(history.history["seconds"]) == 2
    assert "test_accuracy" not in history.history


def test_epoch_recorder_checks_its_arguments_before_training(callbacks):
    x, y = _tiny_data(8)
    with pytest.raises(LessonInputError, match="함께 주거나"):
        callbacks.EpochRecorder(x)
    with pytest.raises(LessonInputError, match="샘플 수가 다릅니다"):
        callbacks.EpochRecorder(x, y[:4])
    with pytest.raises(LessonInputError, match="batch_size 값은"):
        callbacks.EpochRecorder(x, y, batch_size=0)
