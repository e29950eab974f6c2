"""노트북 위생: 깨끗하게 커밋되었는지, 뼈대를 따르는지, 한국어인지. (실행은 nbmake 가 한다.)"""

import re

import nbformat
import pytest

from mnist_lesson import nbtools
from mnist_lesson.exercises.registry import notebook_source

from conftest import NOTEBOOKS

PATHS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
HANGUL = re.compile(r"[가-힣]")
# 파일을 저장하는 노트북: tests/test_lessons.py 의 차례 테스트(같은 저장 폴더에서 차례로, 09 는 옛 파일을 덮어쓰며)가 저장한 것을 본다.
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
        f"정리되지 않은 노트북: {path.name}. 정리하려면: python -m mnist_lesson.nbtools {path.relative_to(NOTEBOOKS.parent)}"
    )


# --- 뼈대(CONTRIBUTING.md 의 '노트북 하나의 뼈대') -------------------------------------------------------

ESTIMATE = re.compile(r"^예상 시간: 전체 실행 (약 \d+분|\d+분 이내)\(2코어 CPU\), 빠른 모드 \d+분 이내$")
EXERCISE_INTRO = [
    "아래 문제를 풀고 `check()` 로 확인해 보세요.",
    "- 문제마다 `____`(빈칸)을 답으로 바꾸고 셀을 실행합니다. 결과는 **정답**, **오답**(무엇이 틀렸는지 알려 줍니다), "
    "**아직 풀지 않음** 중 하나입니다.",
    "- 막히면 `# ex.q1.hint()` 줄의 `#` 을 지우고 실행하세요. 힌트가 더 있으면 `ex.q1.hint(2)`, 풀이는 `ex.q1.solution()` 입니다. "
    "먼저 스스로 풀어 보세요!",
    "- `NameError`(그런 이름이 없음)가 나오면 그 이름을 만드는 셀을 아직 실행하지 않은 것입니다: 바로 아래의 가져오기 셀(`ex`)과 "
    "위의 셀들을 차례로 먼저 실행하세요.",
]


def _cells(path):
    return nbformat.read(path, as_version=4).cells


def _heading(cell) -> str:
    return cell.source.splitlines()[0] if cell.cell_type == "markdown" and cell.source else ""


def _title(path) -> str:
    """제목 셀의 '# NN. 제목' 에서 'NN. 제목'(쌍점 앞까지)."""
    return _cells(path)[0].source.splitlines()[0][2:].split(":")[0].strip()


def _setup_index(cells) -> int:
    [i] = [i for i, c in enumerate(cells) if c.cell_type == "code" and "config.setup(" in c.source]
    return i


def _section(cells, heading: str):
    """'## 정리' 처럼 heading 으로 시작하는 셀의 번호."""
    [i] = [i for i, c in enumerate(cells) if _heading(c) == heading]
    return i


@pytest.mark.parametrize("path", PATHS, ids=_ids(PATHS))
def test_title_cell(path):
    """제목 셀: '# NN. 제목', 한 문장, '이 노트북에서 배울 것' 목록, 한 가지 형식의 예상 시간."""
    title = _cells(path)[0]
    lines = title.source.splitlines()
    assert title.cell_type == "markdown" and lines[0].startswith(f"# {path.name[:2]}. ")
    assert "**이 노트북에서 배울 것**" in lines
    after = lines[lines.index("**이 노트북에서 배울 것**") + 1]
    assert after.startswith("- "), "배울 것은 목록으로 씁니다"
    estimates = [line for line in lines if line.startswith("예상 시간")]
    assert len(estimates) == 1 and ESTIMATE.match(estimates[0]), (
        f"{path.name}: 예상 시간은 '예상 시간: 전체 실행 약 N분(2코어 CPU), 빠른 모드 M분 이내' 형식입니다(받은 것: {estimates})"
    )


@pytest.mark.parametrize("path", PATHS, ids=_ids(PATHS))
def test_prepare_bootstrap_and_setup_cells(path):
    """'## 준비' 다음에 (만들어 넣는 부트스트랩 셀 하나가 있을 수 있고) 준비 셀 하나, 그다음 바로 1절."""
    cells = _cells(path)
    assert _heading(cells[1]).startswith("## 준비")
    setup = _setup_index(cells)
    between = cells[2:setup]
    assert len(between) <= 1 and all(c.cell_type == "code" for c in between), (
        f"{path.name}: '## 준비' 와 준비 셀 사이에는 부트스트랩 코드 셀 하나만 올 수 있습니다"
    )
    assert _heading(cells[setup + 1]).startswith("## 1. "), f"{path.name}: 준비 셀 다음은 '## 1. …' 입니다"
    code = [c for c in cells if c.cell_type == "code"]
    assert code.index(cells[setup]) == len(between), "준비 셀 앞에 다른 코드 셀이 있습니다"


def test_the_bootstrap_cell_is_the_same_everywhere():
    """부트스트랩 셀(nbtools 가 만들어 넣는다)이 있는 노트북은 모두 같은 셀을 가진다."""
    bootstraps = {}
    for path in PATHS:
        cells = _cells(path)
        for cell in cells[2:_setup_index(cells)]:
            bootstraps[path.name] = cell.source
    assert len(set(bootstraps.values())) <= 1, sorted(bootstraps)


@pytest.mark.parametrize("path", PATHS, ids=_ids(PATHS))
def test_sections_are_numbered_then_summary_then_exercises(path):
    headings = [line for c in _cells(path) if c.cell_type == "markdown" for line in c.source.splitlines()
                if line.startswith("## ")]
    numbered = headings[1:-2]
    assert headings[0].startswith("## 준비") and headings[-2:] == ["## 정리", "## 연습문제"], headings
    assert numbered and [h.split(".")[0] for h in numbered] == [f"## {k}" for k in range(1, len(numbered) + 1)], (
        f"{path.name}: 절 제목은 '## 1. …', '## 2. …' 처럼 차례로 번호를 붙입니다: {numbered}"
    )


@pytest.mark.parametrize("path", PATHS, ids=_ids(PATHS))
def test_every_summary_ends_the_same_way(path):
    """'## 정리': 배운 것 3~6줄(목록), 그리고 '다음 노트북: **NN. 제목** …' 한 줄(마지막 노트북은 '다음 노트북: 없습니다.')."""
    cells = _cells(path)
    lines = [line for line in cells[_section(cells, "## 정리")].source.splitlines()[1:] if line.strip()]
    bullets = [line for line in lines[:-1] if line.startswith("- ")]
    assert all(line.startswith(("- ", "  ")) for line in lines[:-1]) and 3 <= len(bullets) <= 6, (
        f"{path.name}: 정리는 배운 것 3~6줄의 목록입니다"
    )
    later = PATHS[PATHS.index(path) + 1:]
    if later:
        expected = f"다음 노트북: **{_title(later[0])}** "
        assert lines[-1].startswith(expected), f"{path.name}: 정리의 마지막 줄은 '{expected}…' 입니다(받은 것: {lines[-1]})"
    else:
        assert lines[-1].startswith("다음 노트북: 없습니다."), lines[-1]


@pytest.mark.parametrize("path", PATHS, ids=_ids(PATHS))
def test_exercises_follow_one_pattern(path):
    """연습문제: 같은 안내, 같은 import 셀, 그리고 문제마다 '### 문제 N. …' 마크다운 다음 (다음 마크다운 전까지) 코드 셀만:
    해 보는 셀(0개 이상, ``ex.q…check(`` 가 없다), ex.qN.check(…) 와 힌트·풀이 줄이 있는 답 셀 하나,
    그리고 예측을 실제로 확인해 보는 셀(0개 이상, 05 의 문제 3 처럼 먼저 예측하고 답한 뒤 돌려 보는 문제)."""
    cells = _cells(path)
    start = _section(cells, "## 연습문제")
    intro = cells[start].source.splitlines()
    first, *bullets = EXERCISE_INTRO
    for line in bullets:
        assert line in intro, f"{path.name}: 연습문제의 안내는 다른 수업과 같아야 합니다. 빠진 줄: {line}"
    assert any(line.startswith(first) for line in intro), f"{path.name}: 연습문제의 안내는 '{first}' 로 시작합니다"
    imports = cells[start + 1]
    code = [line.split("#")[0].strip() for line in imports.source.splitlines() if line.split("#")[0].strip()]
    assert imports.cell_type == "code" and code == [
        "from mnist_lesson.exercises import ____", f"from mnist_lesson.exercises import lesson{path.name[:2]} as ex"]
    rest = cells[start + 2:]
    questions = [i for i, c in enumerate(rest) if c.cell_type == "markdown"]
    assert questions, f"{path.name}: 문제가 없습니다"
    for k, (i, end) in enumerate(zip(questions, questions[1:] + [len(rest)]), start=1):
        assert _heading(rest[i]).startswith(f"### 문제 {k}. "), (
            f"{path.name}: {k}번째 문제의 제목은 '### 문제 {k}. …' 입니다(문제 번호는 1부터 빈틈없이 이어지고, "
            f"lessonNN.py 의 q{k} 와 같습니다)")
        # 제목 아래의 코드 셀들: 답을 적고 확인하는 셀 하나. 그 앞뒤에 문제가 쓸 값을 준비하거나(그림, 예측) 답을 실제로
        # 확인해 보는 셀이 올 수 있지만, 그 셀들에는 빈칸도 확인 줄도 없다.
        block = rest[i + 1:end]
        answers = [c for c in block if c.cell_type == "code" and f"ex.q{k}.check(" in c.source]
        assert len(answers) == 1, f"{path.name}: 문제 {k} 아래에 확인 셀(ex.q{k}.check)이 하나 있어야 합니다"
        [answer] = answers
        assert f"# ex.q{k}.hint()" in answer.source and f"# ex.q{k}.solution()" in answer.source
        assert all(c.cell_type == "code" and ".check(" not in c.source and "____" not in c.source
                   for c in block if c is not answer), f"{path.name}: 문제 {k} 의 다른 셀에는 빈칸도 확인 줄도 두지 않습니다"


@pytest.mark.parametrize("path", PATHS, ids=_ids(PATHS))
def test_korean_prose_and_keras_3_code(path):
    cells = _cells(path)
    assert all(HANGUL.search(c.source) for c in cells if c.cell_type == "markdown"), "모든 설명 셀은 한국어여야 합니다"
    for c in cells:
        if c.cell_type == "code":
            assert "input_shape=" not in c.source, "Keras 3 에서 경고가 나는 input_shape 대신 keras.Input 을 씁니다"
            assert "import *" not in c.source


@pytest.mark.parametrize("path", PATHS, ids=_ids(PATHS))
def test_notebooks_that_save_files_are_rerun_tested(path):
    code = notebook_source(nbformat.read(path, as_version=4))
    saves = bool(re.search(r"artifacts\.save_|\.save\(|savefig\(|to_csv\(", code))
    assert saves == (path.name in SAVES_FILES), (
        f"{path.name}: 파일을 저장하는 노트북은 SAVES_FILES 에 넣고 tests/test_lessons.py 의 차례 테스트에 더하세요"
    )
