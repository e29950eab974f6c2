"""단위 테스트의 공통 준비물. 환경 변수(빠른 모드, MNIST 파일 위치)는 저장소 맨 위의 conftest.py 가 정한다."""

import json
from pathlib import Path

import pytest

from mnist_lesson import envvars

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


@pytest.fixture(scope="session")
def mnist():
    """실제 MNIST (envvars.DATA 가 가리키는 파일 또는 Keras 캐시). 구할 수 없으면 테스트는 실패한다(건너뛰지 않는다)."""
    from mnist_lesson import data

    return data.load_mnist()


def handwriting_mlp(mnist):
    """손글씨를 읽는 작은 MLP: 12,000장으로 3 에포크(2초 남짓). 손글씨 테스트와 브라우저 테스트가 쓴다.

    같은 장수로 2 에포크 학습한 작은 CNN 과 손글씨 테스트의 값이 같거나 나았고(펜 글씨 50개 모두, 옮기고 줄인 숫자를
    전처리하면 93%) 학습은 세 배쯤 빠르다. CNN 의 입력 모양(28, 28, 1)은 ``test_model_input_shapes`` 와 10 노트북이 본다.
    """
    import keras
    from keras import layers

    from mnist_lesson import config, handwriting

    config.set_seed(1234)
    (x_train, y_train), _ = mnist
    net = keras.Sequential([
        keras.Input(shape=(784,)),
        layers.Dense(256, activation="relu"), layers.Dense(128, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ])
    net.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    net.fit(handwriting.model_input(x_train[:12000], net), y_train[:12000], epochs=3, batch_size=128, verbose=0)
    return net


def count_graph_traces(model) -> list:
    """``model`` 이 학습 스텝의 계산 그래프를 그린 횟수를 ``fit`` 마다 세는 목록을 돌려준다.

    ``train_step`` 의 파이썬 코드는 그래프를 그릴 때만 돌므로 그 호출을 센다. 목록의 첫 칸은 ``fit`` 밖(예:
    ``train_on_batch``)에서 그린 횟수이고, ``fit`` 을 부를 때마다 칸이 하나씩 늘어난다: ``[밖, 첫 fit, 둘째 fit, ...]``.
    """
    counts = [0]
    step, fit = model.train_step, model.fit

    def counting_step(data):
        counts[-1] += 1
        return step(data)

    def counting_fit(*args, **kwargs):
        counts.append(0)
        return fit(*args, **kwargs)

    model.train_step, model.fit = counting_step, counting_fit
    return counts


# --- 연습문제 테스트 ---------------------------------------------------------------------------------


def rendered(result) -> str:
    """결과가 화면에 보일 수 있는 모든 글(평문, 마크다운, HTML, JSON)."""
    return "\n".join([repr(result), result._repr_markdown_(), result._repr_html_(),
                      json.dumps(result.to_json(), ensure_ascii=False)])


def solve(exercise, ns):
    """해답 코드를 노트북처럼 실행하고, check 에 넘길 값들(답, 그리고 맥락 인자)을 돌려준다."""
    space = dict(ns)
    exec(exercise.solution_code, space)
    return [space[var] for var in exercise.answers] + [space[arg] for arg in exercise.args]


# --- 노트북을 처음부터 실행하는 테스트 ------------------------------------------------------------------


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """노트북을 실행할 빈 수업 폴더(cwd). 저장 폴더는 그 안의 ``artifacts`` (아직 만들지 않음), 빠른 모드."""
    folder = tmp_path / "lesson"
    folder.mkdir()
    monkeypatch.setenv(envvars.ARTIFACTS, str(folder / "artifacts"))
    monkeypatch.setenv(envvars.FAST, "1")
    monkeypatch.delenv(envvars.EPOCHS, raising=False)
    return folder


def notebook_stdout(nb) -> str:
    """실행된 노트북의 모든 코드 셀의 표준 출력을 이어 붙인 글."""
    from mnist_lesson.runner import stream_text

    return "".join(stream_text(cell) for cell in nb.cells if cell.cell_type == "code")


# --- 08·09 의 고르기 기록(mnist_lesson/recorded/selection_*.json) -------------------------------------


def selection_summary(name: str):
    """기록한 후보마다 검증 정확도의 평균·표준편차와 두 가지 표준오차. 노트북의 11절 셀과 같은 계산이다.

    Returns:
        (요약 DataFrame(평균이 높은 순서), 학습 한 번이 한 행인 DataFrame, 메타 정보)
    """
    import numpy as np
    import pandas as pd

    record = json.loads((ROOT / "mnist_lesson" / "recorded" / f"{name}.json").read_text())
    seeds = pd.DataFrame(record["runs"])
    summary = seeds.groupby("recipe").agg(n=("seed", "size"), mean=("val_accuracy", "mean"), sd=("val_accuracy", "std"),
                                          loss=("val_loss", "mean"), epochs=("epochs", "mean"))
    summary["se_mean"] = summary["sd"] / np.sqrt(summary["n"])
    summary["se_images"] = np.sqrt(summary["mean"] * (1 - summary["mean"]) / record["meta"]["val_samples"])
    return summary.sort_values("mean", ascending=False), seeds, record["meta"]


def selection_verdict(summary, a: str, b: str) -> tuple[float, bool, bool]:
    """(평균 차이, 시드를 바꿔도 남는가, 다른 이미지에서도 남는가). 노트북의 judge 셀과 같은 기준이다."""
    import math

    diff = summary.loc[a, "mean"] - summary.loc[b, "mean"]
    seeds_ok = abs(diff) > 2 * math.hypot(summary.loc[a, "se_mean"], summary.loc[b, "se_mean"])
    images_ok = abs(diff) > 2 * math.hypot(summary.loc[a, "se_images"], summary.loc[b, "se_images"])
    return diff, bool(seeds_ok), bool(images_ok)


# --- 08·09 노트북이 고른 방법을 노트북의 셀 그대로 만들기(학습하지 않는다) -------------------------------------------
# 벤치마크(benchmarks/benchmark.py)와 기록 스크립트(scripts/record_selection_runs.py)의 방법이 노트북과 같은지
# 만들어서 비교한다: 글자가 아니라 층 설정, 옵티마이저, 학습률 스케줄, 배치 크기, 에포크, 콜백.


def model_description(model, fit) -> dict:
    """이름을 뺀 층 설정, 옵티마이저와 학습률 스케줄의 설정, 손실, 배치 크기·에포크, 콜백 설정."""
    import keras

    def strip(config):
        return {k: v for k, v in config.items() if k != "name"}

    schedule = model.optimizer.learning_rate
    return {
        "layers": [(type(layer).__name__, strip(layer.get_config())) for layer in model.layers],
        "optimizer": type(model.optimizer).__name__,
        "schedule": keras.optimizers.schedules.serialize(schedule) if not hasattr(schedule, "numpy") else float(schedule),
        "loss": model.loss,
        "batch_size": fit["batch_size"], "epochs": fit["epochs"],
        "callbacks": [(type(c).__name__, c.monitor, c.patience, c.restore_best_weights) for c in fit.get("callbacks", [])],
    }


def _code_cells(notebook: str) -> list[str]:
    import nbformat

    return [c.source for c in nbformat.read(NOTEBOOKS / notebook, as_version=4).cells if c.cell_type == "code"]


def _one_cell(cells: list[str], needle: str) -> str:
    found = [source for source in cells if needle in source]
    assert len(found) == 1, f"{needle!r} 를 담은 코드 셀이 {len(found)}개입니다(하나여야 합니다)"
    return found[0]


def _exec_definitions(source: str, names: set, namespace: dict) -> None:
    """셀에서 ``names`` 를 정의하는 최상위 문장(함수 정의, 대입)만 실행한다(학습이나 출력은 하지 않는다)."""
    import ast

    tree = ast.parse(source)
    keep = [node for node in tree.body
            if (isinstance(node, ast.FunctionDef) and node.name in names)
            or (isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id in names for t in node.targets))]
    assert {getattr(n, "name", None) or n.targets[0].id for n in keep} == names, f"셀에 {names} 의 정의가 없습니다"
    exec(compile(ast.Module(body=keep, type_ignores=[]), "<notebook>", "exec"), namespace)


def notebook_recipe(kind: str, name: str, n_fit: int = 50_000):
    """노트북의 셀 그대로 후보 ``name`` 의 (컴파일한 모델, fit 에 줄 인자)를 만든다. kind 는 "mlp"(08) 또는 "cnn"(09).

    08: ``train("name", …)`` 을 부르는 셀을 실행하되, ``train`` 은 학습하지 않고 받은 것만 적어 둔다(3절의 train 처럼
    에포크는 ``cfg.epochs``). 09: 4절의 ``build_cnn``, 5절의 ``CANDIDATES`` 를 정의하고 6절의 모델 셀(``recipe = CANDIDATES[chosen]``)을
    ``chosen = name`` 으로 실행한다. 전체 실행의 값(08 은 15 에포크, 09 는 12 에포크, 배치 128, 시드 1234)을 쓴다.
    """
    import math
    import re
    import types

    import keras
    from keras import layers

    from mnist_lesson import config, models

    notebook = {"mlp": "08_regularization.ipynb", "cnn": "09_cnn.ipynb"}[kind]
    cells = _code_cells(notebook)
    [full_epochs] = {int(e) for e in re.findall(r"full_epochs=(\d+)", "\n".join(cells))}
    cfg = types.SimpleNamespace(epochs=full_epochs, full_epochs=full_epochs, batch_size=128, seed=config.SEED, fast=False)
    namespace = {"keras": keras, "layers": layers, "math": math, "config": config, "models": models, "cfg": cfg,
                 "x_fit": range(n_fit)}  # 셀은 len(x_fit) 만 쓴다
    if kind == "mlp":
        train_cell = _one_cell(cells, "def train(")
        assert "epochs=cfg.epochs, batch_size=batch_size" in train_cell and "callbacks=list(callbacks)" in train_cell
        got = {}

        def train(key, model, callbacks=(), batch_size=cfg.batch_size, note=""):
            got.update(key=key, model=model, fit=dict(epochs=cfg.epochs, batch_size=batch_size, callbacks=list(callbacks)))

        namespace.update(train=train, steps_per_epoch=math.ceil(n_fit / cfg.batch_size))
        exec(_one_cell(cells, f'train("{name}"'), namespace)
        assert got["key"] == name
        return got["model"], got["fit"]
    _exec_definitions(_one_cell(cells, "def build_cnn("), {"build_cnn"}, namespace)
    _exec_definitions(_one_cell(cells, "CANDIDATES = {"), {"CANDIDATES", "NAMES"}, namespace)
    fit_cell = _one_cell(cells, "model.fit(x_fit")
    assert "epochs=epochs, batch_size=batch_size" in fit_cell and "callbacks" not in fit_cell
    namespace["chosen"] = name
    exec(_one_cell(cells, "recipe = CANDIDATES[chosen]"), namespace)
    return namespace["model"], dict(epochs=namespace["epochs"], batch_size=namespace["batch_size"])


def notebook_candidates() -> dict:
    """09 노트북 5절의 ``CANDIDATES`` 표와 ``NAMES``."""
    namespace = {}
    _exec_definitions(_one_cell(_code_cells("09_cnn.ipynb"), "CANDIDATES = {"), {"CANDIDATES", "NAMES"}, namespace)
    return namespace["CANDIDATES"], namespace["NAMES"]
