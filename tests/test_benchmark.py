"""벤치마크 스크립트가 썩지 않도록: 빠른 모드(몇 백 장, 1 에포크)로 네 방법을 모두 돌리고 표의 모양과 값의 범위를 본다.

시간은 확인하지 않는다(기계마다 다르다). 전체 실행의 표는 README 에 있다.
"""

import json
import re
import subprocess
import sys

import nbformat
import pytest

from mnist_lesson.exercises.registry import notebook_source

from conftest import NOTEBOOKS, ROOT, model_description, notebook_recipe, selection_summary

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


@pytest.mark.slow  # 방법마다 자식 프로세스로 학습한다(README 의 '느린 검사')
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


@pytest.mark.slow  # 방법마다 자식 프로세스로 학습한다(README 의 '느린 검사')
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
    benchmark.update_readme("| 새 표 |", readme, seconds=1121.5)  # 재는 데 걸린 시간은 그 실행의 값(19분 가까이)
    assert "이번 실행은 19분" in readme.read_text(encoding="utf-8")


# --- 벤치마크의 방법이 검증 세트로 고른 방법(기록 스크립트의 후보)이고, 노트북의 셀과 같은지 ---------------------
# 노트북을 고치고 벤치마크를 잊거나, 다시 기록해서 고른 방법이 바뀌었는데 벤치마크를 잊으면 README 의 표가 다른 모델을 재게 된다.

sys.path.insert(0, str(ROOT / "scripts"))
import record_selection_runs  # noqa: E402

def _notebook(name: str):
    return nbformat.read(NOTEBOOKS / name, as_version=4)


def _chosen(kind: str) -> str:
    """노트북의 규칙(기록한 검증 정확도의 평균이 가장 높은 후보)으로 고른 후보 이름."""
    summary, _, _ = selection_summary({"mlp": "selection_mlp_08", "cnn": "selection_cnn_09"}[kind])
    return summary.index[0]


BENCHMARK_RECIPE = {"mlp": "_best_mlp", "cnn": "_cnn"}


@pytest.mark.parametrize("kind", sorted(BENCHMARK_RECIPE))
def test_benchmark_measures_the_recipe_chosen_on_validation(kind):
    """벤치마크의 모델·옵티마이저·스케줄·배치·에포크·콜백이 기록 스크립트에서 고른 후보와 같다(학습은 하지 않고 만들어서 비교)."""
    from mnist_lesson import config

    chosen = _chosen(kind)
    model, fit, _ = getattr(benchmark, BENCHMARK_RECIPE[kind])(quick=False)
    config.set_seed(config.SEED)
    script_model, script_fit = record_selection_runs.RECIPES[kind][chosen][0](len(fit["x"]), record_selection_runs.EPOCHS[kind])
    assert model_description(model, fit) == model_description(script_model, script_fit), (
        f"벤치마크의 {BENCHMARK_RECIPE[kind]} 가 고른 후보 {chosen} 와 다릅니다")


@pytest.mark.parametrize("kind", sorted(BENCHMARK_RECIPE))
def test_benchmark_measures_what_the_notebook_trains(kind):
    """벤치마크의 방법이 노트북이 고른 뒤 학습하는 것과 같다: 08 은 고른 후보의 셀, 09 는 6절이 CANDIDATES 와 build_cnn 으로 만드는 모델."""
    chosen = _chosen(kind)
    model, fit, _ = getattr(benchmark, BENCHMARK_RECIPE[kind])(quick=False)
    notebook_model, notebook_fit = notebook_recipe(kind, chosen, n_fit=len(fit["x"]))
    assert model_description(model, fit) == model_description(notebook_model, notebook_fit), (
        f"벤치마크의 {BENCHMARK_RECIPE[kind]} 가 노트북이 고른 {chosen} 의 학습과 다릅니다")


def test_notebooks_choose_by_the_recorded_mean():
    """08·09 의 고르는 셀은 기록의 평균이 가장 높은 후보(order[0])를 고른다: 테스트가 쓰는 규칙과 같다."""
    for notebook in ("08_regularization.ipynb", "09_cnn.ipynb"):
        code = notebook_source(_notebook(notebook))
        assert 'sort_values("mean", ascending=False)' in code and "chosen = order[0]" in code, notebook
        # 테스트 세트는 고른 모델 하나에 한 번: evaluate(x_test …) 가 한 번뿐이다
        assert len(re.findall(r"\.evaluate\(\s*x_test", code)) == 1, notebook


def test_readme_table_is_the_recorded_full_run():
    """README 의 표는 손으로 고친 것이 아니라 benchmarks/latest.json(전체 실행의 잰 값)에서 만든 그대로다."""
    raw = json.loads(benchmark.LATEST.read_text())
    assert raw["quick"] is False and list(raw["results"]) == list(benchmark.RECIPES)
    block = benchmark.render_table(raw["results"], raw["machine"], quick=False)
    readme = benchmark.README.read_text(encoding="utf-8")
    assert block in readme.split(benchmark.README_START)[1].split(benchmark.README_END)[0]


def test_table_says_which_rows_an_older_recipe_measured():
    """방법을 바꾸고 아직 다시 재지 않았으면(이름이 다르면) 표가 그 행이 예전 방법의 값이라고 말한다: 지금의 방법의 값처럼 보이지 않게."""
    raw = json.loads(benchmark.LATEST.read_text())
    block = benchmark.render_table(raw["results"], raw["machine"], quick=False)
    for name, r in raw["results"].items():
        assert r.get("label"), f"latest.json 의 {name} 에 잰 방법의 이름(label)이 없습니다"
        stale = f"'{r['label']}' 행은 지금 이 벤치마크가 재는 방법이 아니라 그 전의 방법으로 잰 값입니다"
        assert (stale in block) == (r["label"] != benchmark.LABELS[name]), name


@pytest.mark.parametrize("kind, number", [("best_mlp", "08"), ("cnn", "09")])
def test_notebook_time_estimate_covers_the_measured_training(kind, number):
    """노트북 제목의 '전체 실행 약 N분' 은 벤치마크가 같은 방법으로 잰 학습 시간보다 짧게 약속하지 않는다."""
    import re

    raw = json.loads(benchmark.LATEST.read_text())
    (path,) = NOTEBOOKS.glob(f"{number}_*.ipynb")
    title = json.loads(path.read_text())["cells"][0]["source"]
    title = title if isinstance(title, str) else "".join(title)
    minutes = int(re.search(r"예상 시간: 전체 실행 약 (\d+)분", title).group(1))
    assert minutes * 60 >= raw["results"][kind]["train_seconds"], (path.name, minutes, raw["results"][kind]["train_seconds"])
