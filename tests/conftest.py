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
