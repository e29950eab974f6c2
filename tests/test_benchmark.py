"""벤치마크 스크립트가 썩지 않도록: 빠른 모드(몇 백 장, 1 에포크)로 네 방법을 모두 돌리고 표의 모양과 값의 범위를 본다.

시간은 확인하지 않는다(기계마다 다르다). 전체 실행의 표는 README 에 있다.
"""

import inspect
import json
import re
import subprocess
import sys

import nbformat
import pytest

from mnist_lesson.exercises.registry import notebook_source

from conftest import NOTEBOOKS, ROOT

SCRIPT = ROOT / "benchmarks" / "benchmark.py"
sys.path.insert(0, str(SCRIPT.parent))
import benchmark  # noqa: E402


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench") / "quick.json"
    done = subprocess.run([sys.executable, str(SCRIPT), "--quick", "--json", str(out)],
                          capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout, json.loads(out.read_text())


def test_quick_table_has_every_recipe_and_the_machine(quick):
    table, _ = quick
    rows = [line for line in table.splitlines() if line.startswith("| ") and not line.startswith("| 방법")]
    assert [row.split("|")[1].strip() for row in rows] == [benchmark.LABELS[name] for name in benchmark.RECIPES]
    header = table.splitlines()[0]
    for column in ("학습 시간(초)", "시간 비율", "98.0% 도달", "99.0% 도달", "최종 테스트 정확도", "최대 RSS(MB)", "메모리 비율"):
        assert column in header
    assert all(len(row.split("|")) == len(header.split("|")) for row in rows)
    assert rows[0].split("|")[4].strip() == "1.00"  # 원본 자신에 대한 시간 비율
    assert "기계:" in table and "코어" in table and "TensorFlow" in table
    assert "빠른 모드" in table and "자식 프로세스" in table


def test_quick_values_are_sane(quick):
    _, raw = quick
    assert raw["quick"] is True and raw["machine"]["cores"] >= 1
    results = raw["results"]
    assert list(results) == list(benchmark.RECIPES)
    for name, r in results.items():
        assert r["epochs"] == 1, name
        assert r["train_seconds"] > 0
        assert 0.0 <= r["final_test_accuracy"] <= 1.0
        assert r["peak_rss_mb"] > r["baseline_rss_mb"] > 50
        assert set(r["reached"]) == {"0.980", "0.990"}
    assert results["original"]["input_dtype"] == "float64"
    assert {results[n]["input_dtype"] for n in ("seed_mlp", "best_mlp", "cnn")} == {"float32"}
    assert results["original"]["train_samples"] == benchmark.QUICK_TRAIN + benchmark.QUICK_VAL
    assert results["seed_mlp"]["train_samples"] == benchmark.QUICK_TRAIN
    assert results["original"]["params"] == results["seed_mlp"]["params"] == 308_554


def test_full_run_checks_the_targets():
    machine = {"cpu": "CPU", "cores": 2, "memory_gib": 24, "os": "Linux", "python": "3", "tensorflow": "2", "keras": "3",
               "load_average": 0.1, "date": "2026-01-01"}

    def result(seconds, accuracy, rss, reached=None):
        return {"epochs": 10, "train_seconds": seconds, "final_test_accuracy": accuracy, "peak_rss_mb": rss,
                "baseline_rss_mb": 700.0, "reached": {"0.980": reached, "0.990": None}}

    results = {
        "original": result(100.0, 0.985, 1700.0, {"epoch": 15, "seconds": 15.2}),
        "seed_mlp": result(110.0, 0.985, 1300.0),
        "best_mlp": result(20.0, 0.9864, 1300.0),
        "cnn": result(301.0, 0.996, 1500.0),
    }
    table = benchmark.render_table(results, machine, quick=False)
    checks = table.split("목표 확인:")[1]
    mlp, cnn, memory = [line for line in checks.splitlines() if line.startswith("- ")]
    assert mlp.endswith("충족") and "20%" in mlp
    assert "**미달**" in cnn  # 301초 > 300초
    assert "0.60배" in memory and "충족" in memory  # (1300-700)/(1700-700)
    assert "15 에포크 · 15.2초" in table


def test_readme_block_is_replaced_between_the_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("앞\n<!-- benchmark:start -->\n옛 표\n<!-- benchmark:end -->\n뒤\n", encoding="utf-8")
    benchmark.update_readme("| 새 표 |", readme)
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("앞\n<!-- benchmark:start -->\n## 벤치마크") and text.endswith("<!-- benchmark:end -->\n뒤\n")
    assert "| 새 표 |" in text and "옛 표" not in text and "benchmarks/benchmark.py" in text


# --- 벤치마크의 방법이 노트북의 셀과 같은지: 노트북을 고치고 벤치마크를 잊으면 README 의 표가 다른 모델을 재게 된다 ---

_CALL = re.compile(r"(?:layers\.\w+|keras\.Input)\((?:[^()]|\([^()]*\))*\)")


def _notebook(name: str):
    return nbformat.read(NOTEBOOKS / name, as_version=4)


def _model_cell(nb, marker: str) -> str:
    [source] = [cell.source for cell in nb.cells if cell.cell_type == "code" and marker in cell.source]
    return source


def _layer_calls(source: str) -> list[str]:
    """층을 만드는 호출들을 순서대로, 주석과 공백을 뺀 글자로."""
    without_comments = "\n".join(line.split("#")[0] for line in source.splitlines())
    return [re.sub(r"\s+", "", call) for call in _CALL.findall(without_comments)]


@pytest.mark.parametrize(
    "recipe, notebook, marker, snippets",
    [
        ("_best_mlp", "08_regularization.ipynb", 'name="best_mlp"',
         ["RMSprop(", "CosineDecay(0.002", "patience=3", "restore_best_weights=True"]),
        ("_cnn", "09_cnn.ipynb", 'name="cnn"', ["Adam(", "CosineDecay(0.004"]),
    ],
)
def test_benchmark_recipes_are_the_notebook_cells(recipe, notebook, marker, snippets):
    bench = inspect.getsource(getattr(benchmark, recipe))
    nb = _notebook(notebook)
    cell = _model_cell(nb, marker)
    assert _layer_calls(bench) == _layer_calls(cell) and len(_layer_calls(cell)) >= 8
    code = notebook_source(nb)
    for snippet in snippets:
        assert snippet in bench and snippet in code, snippet
    # 전체 실행의 에포크: 노트북의 config.setup(full_epochs=N) 과 벤치마크의 (1 if quick else N)
    [notebook_epochs] = re.findall(r"full_epochs=(\d+)", code)
    [bench_epochs] = re.findall(r"1 if quick else (\d+)", bench)
    assert notebook_epochs == bench_epochs


def test_best_mlp_batch_size_matches_07():
    bench = inspect.getsource(benchmark._best_mlp)
    [notebook_batch] = re.findall(r"best_batch_size = (\d+)", notebook_source(_notebook("08_regularization.ipynb")))
    assert re.search(rf"\), {notebook_batch}\b", bench), "벤치마크의 배치 크기가 08 의 best_batch_size 와 다릅니다"


def test_readme_table_is_the_recorded_full_run():
    """README 의 표는 손으로 고친 것이 아니라 benchmarks/latest.json(전체 실행의 잰 값)에서 만든 그대로다."""
    raw = json.loads(benchmark.LATEST.read_text())
    assert raw["quick"] is False and list(raw["results"]) == list(benchmark.RECIPES)
    block = benchmark.render_table(raw["results"], raw["machine"], quick=False)
    readme = benchmark.README.read_text(encoding="utf-8")
    assert block in readme.split(benchmark.README_START)[1].split(benchmark.README_END)[0]
    assert "**미달**" not in block  # 이슈 4 의 세 목표를 모두 보여 준다
