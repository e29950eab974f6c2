import numpy as np

from mnist_lesson import callbacks, config, models


def _tiny_data(n=64, seed=0):
    rng = np.random.default_rng(seed)
    return rng.random((n, 784), dtype=np.float32), rng.integers(0, 10, n)


def test_epoch_recorder_adds_seconds_and_test_metrics_to_history():
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


def test_epoch_recorder_without_test_data_records_only_time():
    x, y = _tiny_data()
    model = models.compile_like_original(models.build_seed_mlp())
    history = model.fit(x, y, epochs=2, batch_size=32, verbose=0, callbacks=[callbacks.EpochRecorder()])
    assert len(history.history["seconds"]) == 2
    assert "test_accuracy" not in history.history


def test_epoch_recorder_checks_its_arguments_before_training():
    import pytest

    from mnist_lesson.errors import LessonInputError

    x, y = _tiny_data(8)
    with pytest.raises(LessonInputError, match="함께 주거나"):
        callbacks.EpochRecorder(x)
    with pytest.raises(LessonInputError, match="샘플 수가 다릅니다"):
        callbacks.EpochRecorder(x, y[:4])
    with pytest.raises(LessonInputError, match="batch_size 값은"):
        callbacks.EpochRecorder(x, y, batch_size=0)
