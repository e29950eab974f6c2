"""노트북 위생: 깨끗하게 커밋되었는지, 뼈대를 따르는지, 한국어인지. (실행은 nbmake 가 한다.)"""

import re

import nbformat
import pytest

from mnist_lesson import nbtools
from mnist_lesson.exercises.registry import notebook_source

from conftest import NOTEBOOKS

PATHS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
HANGUL = re.compile(r"[가-힣]")
# 파일을 저장하는 노트북: 같은 폴더에서 두 번 실행해도 되는지 tests/test_rerun.py 등이 확인한다.
SAVES_FILES = {"06_training.ipynb", "09_cnn.ipynb", "10_my_handwriting.ipynb"}


def _ids(paths):
    return [p.name for p in paths]


def test_the_core_series_is_there():
    names = {p.name for p in PATHS}
    for name in ("01_load_and_explore", "02_model_design", "03_compile", "04_preprocessing",
                 "06_training", "07_evaluation"):
        assert f"{name}.ipynb" in names


@pytest.mark.parametrize("path", PATHS, ids=_ids(PATHS))
def test_committed_clean(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.nbformat == 4
    assert nb.metadata.kernelspec.name == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: 출력이 남아 있습니다"
    assert nbtools.clean_file(path, check=True), (
        f"{path.name} 이(가) 정리되지 않았습니다: python -m mnist_lesson.nbtools {path.relative_to(NOTEBOOKS.parent)}"
    )


@pytest.mark.parametrize("path", PATHS, ids=_ids(PATHS))
def test_follows_the_skeleton_in_korean(path):
    nb = nbformat.read(path, as_version=4)
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    number = path.name[:2]
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith(f"# {number}. ")
    assert "배울 것" in nb.cells[0].source
    headings = [line for text in markdown for line in text.splitlines() if line.startswith("## ")]
    assert headings[0] == "## 준비"
    assert "## 정리" in headings and headings[-1] == "## 연습문제"
    setup = [src for src in code if "config.setup(" in src]
    assert len(setup) == 1 and code[0] == setup[0], "준비 셀은 첫 코드 셀 하나여야 합니다"
    assert all(HANGUL.search(text) for text in markdown), "모든 설명 셀은 한국어여야 합니다"
    for src in code:
        assert "input_shape=" not in src, "Keras 3 에서 경고가 나는 input_shape 대신 keras.Input 을 씁니다"
        assert "import *" not in src


@pytest.mark.parametrize("path", PATHS, ids=_ids(PATHS))
def test_notebooks_that_save_files_are_rerun_tested(path):
    code = notebook_source(nbformat.read(path, as_version=4))
    saves = bool(re.search(r"artifacts\.save_|\.save\(|savefig\(|to_csv\(", code))
    assert saves == (path.name in SAVES_FILES), (
        f"{path.name}: 파일을 저장하는 노트북은 SAVES_FILES 에 넣고 두 번 실행 테스트를 더하세요"
    )
