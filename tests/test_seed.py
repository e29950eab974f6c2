"""config.set_seed: 시드 고정과 op 결정성. GPU 에서는 op 결정성을 켜지 않고 한 번 알린다(GPU 없이 흉내 내어 검사한다)."""

import sys
import types

import numpy as np
import pytest

from mnist_lesson import config


def _enabled() -> bool:
    from tensorflow.python.framework import config as tf_config

    return tf_config.is_op_determinism_enabled()


@pytest.fixture
def tf():
    """TensorFlow. 검사가 끝나면 op 결정성을 이 테스트 모음의 기본(켜짐)으로 되돌리고, 안내 기록을 지운다."""
    from mnist_lesson import tfimport

    tf = tfimport.import_tensorflow()
    config._notified.clear()
    yield tf
    tf.config.experimental.enable_op_determinism()
    config._notified.clear()


@pytest.fixture
def fake_gpu(tf, monkeypatch):
    """GPU 가 하나 보이는 것처럼: ``tf.config.list_physical_devices("GPU")`` 가 장치 하나를 돌려준다."""
    real = tf.config.list_physical_devices
    gpu = tf.config.PhysicalDevice(name="/physical_device:GPU:0", device_type="GPU")
    monkeypatch.setattr(tf.config, "list_physical_devices",
                        lambda kind=None: [gpu] if kind == "GPU" else real(kind))


def test_cpu_turns_op_determinism_on_and_seeds_numpy(tf, capsys):
    from tensorflow.python.framework import config as tf_config

    tf_config.disable_op_determinism()
    assert config.set_seed(7) is True
    assert _enabled()
    first = np.random.rand(3)
    config.set_seed(7)
    assert np.array_equal(first, np.random.rand(3))
    assert capsys.readouterr().out == ""  # CPU 에서는 알릴 것이 없다


def test_gpu_keeps_seeding_but_not_op_determinism_and_says_so_once(tf, fake_gpu, capsys):
    tf.config.experimental.enable_op_determinism()  # 앞에서 켜 두었어도
    assert config.set_seed(7) is False
    assert not _enabled()  # 끈다: 결정적 GPU 커널이 없는 연산이 멈추지 않게
    first = np.random.rand(3)
    config.set_seed(7)  # 06 처럼 여러 번 불러도
    assert np.array_equal(first, np.random.rand(3))  # 시드는 여전히 고정된다
    out = capsys.readouterr().out
    assert out.count("※") == 1 and out.strip() == f"※ {config.GPU_NOTICE}"
    assert "UnimplementedError" in out and "근사적" in out


def test_gpu_with_determinism_asked_for_explicitly(tf, fake_gpu, capsys):
    assert config.set_seed(7, deterministic=True) is True
    assert _enabled()
    assert capsys.readouterr().out == ""


def test_determinism_can_be_turned_off(tf):
    assert config.set_seed(7, deterministic=False) is False
    assert not _enabled()


def test_setup_on_a_gpu_does_not_stop(tf, fake_gpu, capsys):
    cfg = config.setup(full_epochs=3)
    assert cfg.epochs >= 1
    assert "op 결정성" in capsys.readouterr().out


def test_setup_in_colab_says_where_files_go(tf, monkeypatch):
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    cfg = config.setup(full_epochs=3)
    assert any("Colab 의 파일은 런타임이 끝나면 사라집니다" in note and str(cfg.artifacts_dir) in note for note in cfg.notes)
    assert "MNIST_LESSON_ARTIFACTS" in cfg._repr_markdown_()
    monkeypatch.delitem(sys.modules, "google.colab")
    assert not any("Colab" in note for note in config.setup(full_epochs=3).notes)
