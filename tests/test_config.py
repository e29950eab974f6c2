from pathlib import Path

import pytest

from mnist_lesson import config
from mnist_lesson.errors import ConfigError


def test_full_run_by_default():
    cfg = config.get_config(env={})
    assert cfg.epochs == 100 and cfg.full_epochs == 100
    assert cfg.batch_size == 128 and cfg.seed == 1234
    assert not cfg.fast and cfg.train_samples is None
    assert cfg.notes == ()
    assert cfg.artifacts_dir == Path.cwd() / "artifacts"


def test_fast_mode_shrinks_epochs_and_says_why():
    cfg = config.get_config(env={"MNIST_LESSON_FAST": "1"})
    assert cfg.fast and cfg.epochs == config.FAST_EPOCHS
    assert cfg.train_samples == config.FAST_TRAIN_SAMPLES
    text = str(cfg)
    assert "빠른 모드" in text and "100 → 1" in text
    assert "빠른 모드" in cfg._repr_markdown_()


def test_epochs_variable_wins_but_never_exceeds_full():
    assert config.get_config(env={"MNIST_LESSON_EPOCHS": "3"}).epochs == 3
    assert config.get_config(env={"MNIST_LESSON_FAST": "1", "MNIST_LESSON_EPOCHS": "5"}).epochs == 5
    assert config.get_config(full_epochs=10, env={"MNIST_LESSON_EPOCHS": "500"}).epochs == 10


@pytest.mark.parametrize("value", ["0", "-2", "three", "1.5"])
def test_bad_epochs_variable_is_explained(value):
    with pytest.raises(ConfigError, match="MNIST_LESSON_EPOCHS.*1 이상의 정수"):
        config.get_config(env={"MNIST_LESSON_EPOCHS": value})


def test_bad_fast_flag_is_explained():
    with pytest.raises(ConfigError, match="MNIST_LESSON_FAST"):
        config.get_config(env={"MNIST_LESSON_FAST": "maybe"})


def test_data_and_artifact_locations_are_shown(tmp_path):
    cfg = config.get_config(env={"MNIST_LESSON_DATA": "/d/mnist.npz", "MNIST_LESSON_ARTIFACTS": str(tmp_path)})
    assert "/d/mnist.npz" in cfg.data_source
    assert cfg.artifacts_dir == tmp_path
    assert str(tmp_path) in repr(cfg)


def test_setup_fixes_seed_turns_on_the_font_and_returns_the_config(monkeypatch):
    import matplotlib
    import numpy as np

    monkeypatch.setenv("MNIST_LESSON_EPOCHS", "2")
    cfg = config.setup(full_epochs=10, seed=7)
    assert (cfg.epochs, cfg.full_epochs, cfg.seed) == (2, 10, 7)
    assert matplotlib.rcParams["font.family"][0] == "NanumGothic"
    first = np.random.rand()
    config.setup(full_epochs=10, seed=7)
    assert np.random.rand() == first  # 같은 시드로 NumPy 난수도 고정된다
    assert config._show_figures_inline() is False  # Jupyter 밖에서는 아무것도 하지 않는다
