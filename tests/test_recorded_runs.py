"""08·09 가 고를 때 쓰는 기록(mnist_lesson/recorded/selection_*.json): 메타 정보가 있고, 설계대로 다 있고, 테스트 세트를 쓰지 않았고,
기록한 후보가 노트북의 셀과 같다."""

import inspect
import json
import re
import sys

import nbformat
import pytest

from conftest import NOTEBOOKS, ROOT, model_description, notebook_candidates, notebook_recipe

sys.path.insert(0, str(ROOT / "scripts"))
import record_selection_runs as script  # noqa: E402

FILES = {"mlp": script.OUTPUT["mlp"], "cnn": script.OUTPUT["cnn"]}
NOTEBOOK = {"mlp": "08_regularization.ipynb", "cnn": "09_cnn.ipynb"}


def _record(kind):
    return json.loads(FILES[kind].read_text())


@pytest.mark.parametrize("kind", sorted(FILES))
def test_record_says_how_it_was_made(kind):
    meta = _record(kind)["meta"]
    assert meta["script"] == "scripts/record_selection_runs.py" and meta["lesson"] == NOTEBOOK[kind][:-6]
    assert meta["full_epochs"] == script.EPOCHS[kind] and len(meta["seeds"]) >= 3
    assert meta["train_samples"] == 50_000 and meta["val_samples"] == 10_000
    for key in ("recorded", "tensorflow", "keras", "python", "cpu_count", "machine", "seconds_note"):
        assert meta.get(key), key
    assert "validation only" in meta["evaluated_on"]


@pytest.mark.parametrize("kind", sorted(FILES))
def test_every_recipe_has_every_seed_and_no_test_metrics(kind):
    record = _record(kind)
    runs = record["runs"]
    recipes = {r["recipe"] for r in runs}
    assert recipes <= set(script.RECIPES[kind]) and len(recipes) >= 5
    for recipe in recipes:
        seeds = sorted(r["seed"] for r in runs if r["recipe"] == recipe)
        assert seeds == sorted(record["meta"]["seeds"]), f"{recipe}: 시드가 빠졌습니다({seeds})"
    for r in runs:
        assert not any(k.startswith("test_") for k in r["history"]), "고르는 기록에는 테스트 세트의 값이 없어야 합니다"
        assert len(r["history"]["val_accuracy"]) == r["epochs"] <= script.EPOCHS[kind]
        assert 0.9 < r["val_accuracy"] <= 1.0 and r["val_loss"] > 0
        assert r["best_epoch"] == min(range(r["epochs"]), key=r["history"]["val_loss"].__getitem__) + 1
    assert set(record["recipes"]) == recipes


_CALL = re.compile(r"(?:layers\.\w+|keras\.Input)\((?:[^()]|\([^()]*\))*\)")


def _layer_calls(source):
    without_comments = "\n".join(line.split("#")[0] for line in source.splitlines())
    return [re.sub(r"\s+", "", call) for call in _CALL.findall(without_comments)]


@pytest.mark.parametrize("recipe", ["dropout", "batch_norm", "combined", "wider"])
def test_mlp_candidates_are_the_notebook_cells(recipe):
    """08 에서 직접 학습하는 후보의 층이 기록 스크립트의 후보와 같다(그래서 시드 1234 의 값이 기록과 같다)."""
    calls = _layer_calls(inspect.getsource(script.MLP_RECIPES[recipe][0]))
    cells = [c.source for c in nbformat.read(NOTEBOOKS / NOTEBOOK["mlp"], as_version=4).cells if c.cell_type == "code"]
    assert any(_layer_calls(src) == calls for src in cells), recipe


def test_mlp_candidates_use_the_notebook_settings():
    code = "\n".join(c.source for c in nbformat.read(NOTEBOOKS / NOTEBOOK["mlp"], as_version=4).cells if c.cell_type == "code")
    source = inspect.getsource(script)
    for snippet in ("CosineDecay(0.002", "initial_learning_rate=0.001", "patience=3", "best_batch_size = 256"):
        assert snippet in code and snippet in source, snippet
    assert set(re.findall(r'train\("(\w+)"', code)) == set(script.MLP_RECIPES)


# --- 09 의 CNN 후보: 노트북의 build_cnn 과 CANDIDATES 표가 기록 스크립트의 후보를 그대로 만든다 ---------------------------


def test_cnn_candidates_table_lists_every_recorded_recipe():
    """5절의 CANDIDATES 표(6절이 학습할 설정)와 NAMES 는 기록 스크립트의 후보와 같고, 기록한 후보는 모두 표에 있다."""
    candidates, names = notebook_candidates()
    assert set(candidates) == set(names) == set(script.CNN_RECIPES)
    assert {r["recipe"] for r in _record("cnn")["runs"]} <= set(candidates)
    for settings in candidates.values():
        assert set(settings) == {"learning_rate", "augmentation", "batch_norm", "epochs"}


@pytest.mark.parametrize("recipe", sorted(script.CNN_RECIPES))
def test_cnn_candidates_are_the_notebook_builder(recipe):
    """노트북의 셀(build_cnn, CANDIDATES, 6절의 모델 셀)로 만든 후보가 기록 스크립트의 후보와 층·옵티마이저·스케줄·배치·에포크까지 같다.
    그래서 6절이 고른 후보를 학습하면 기록한 바로 그 방법이다(전체 실행의 시드 1234 는 기록과 같은 값을 낸다)."""
    from mnist_lesson import config

    config.set_seed(config.SEED)
    script_model, script_fit = script.CNN_RECIPES[recipe][0](50_000, script.EPOCHS["cnn"])
    model, fit = notebook_recipe("cnn", recipe)
    assert model_description(model, fit) == model_description(script_model, script_fit), recipe
    assert model.count_params() == {r["params"] for r in _record("cnn")["runs"] if r["recipe"] == recipe}.pop()
