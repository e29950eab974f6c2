"""scripts/record_seed_history.py: 패키지의 EpochRecorder 로 에포크별 테스트 지표를 기록한다(작은 데이터로 2 에포크)."""

import importlib.util

import numpy as np

from conftest import ROOT


def test_script_records_validation_and_test_metrics_each_epoch(tmp_path, monkeypatch):
    from mnist_lesson import artifacts, data

    spec = importlib.util.spec_from_file_location("record_seed_history", ROOT / "scripts" / "record_seed_history.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    rng = np.random.default_rng(0)
    small = lambda n: (rng.integers(0, 256, (n, 28, 28), dtype=np.uint8), rng.integers(0, 10, n).astype(np.uint8))
    monkeypatch.setattr(data, "load_mnist", lambda: (small(10_200), small(50)))  # 검증 10,000장 + 훈련 200장
    script.main(epochs=2, out=tmp_path / "seed.json")
    history, meta = artifacts.load_history(tmp_path / "seed.json")
    assert all(len(history[k]) == 2 for k in ("loss", "val_loss", "test_loss", "test_accuracy", "seconds"))
    assert meta["epochs"] == 2 and meta["train_samples"] == 200 and meta["val_samples"] == 10_000
    assert 0 <= history["test_accuracy"][-1] <= 1
