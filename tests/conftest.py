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
