"""수업 노트북마다 한 번: nbmake 로 처음부터 끝까지 실행하며, 빈칸도 정답지도 채점기의 판정으로 확인한다(빠른 모드).

노트북 하나를 실행할 때 연습문제 셀은 두 벌로 돈다: 먼저 학생이 받는 그대로(빈칸 ``____``), 이어서 정답지처럼 빈칸을
해답으로 채운 것(``answer_keys.make_answer_key``). 확인 줄은 학급 채점처럼 되살린다(``restore.prepare``): 커널은 답의
값을 데이터로 넘기고, 이 테스트가 채점기의 판정(``verdicts.check_capture``)으로 빈칸은 '아직 풀지 않음', 해답은 '정답' 인지
본다. 그래서 한 번의 실행이 네 가지를 보인다: 노트북이 혼자서 끝까지 돈다, 빈칸을 남겨도 멈추지 않는다, 정답지의 모든
확인이 정답이다, 어느 셀에도 빨간 stderr 칸이 없다(진짜 커널이 진짜 TensorFlow 를 가져온다. 학생처럼
``TF_CPP_MIN_LOG_LEVEL`` 없이). (샌드박스 안의 채점은 ``test_grading*.py`` 와 ``test_answer_keys.py`` 가 본다.)

노트북 사이의 파일 넘겨주기는 같은 저장 폴더에서 차례로 실행해 본다(``xdist_group``: 한 작업자가 순서대로):
06 이 저장한 모델을 07 이 불러 쓰고, 09 는 06 의 MLP 가 없어 짧게 학습하며 예전 CNN 파일을 덮어쓰고, 10 은 그 CNN 을
불러 쓴다. 07 과 10 이 혼자(빈 폴더에서) 도는 길은 그 갈림길까지만 이 프로세스에서 실행해 본다(커널을 또 띄우지 않는다).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import nbformat
import pytest

from mnist_lesson import answer_keys, artifacts, restore
from mnist_lesson.exercises.core import Outcome
from mnist_lesson.exercises.registry import exercises_of
from mnist_lesson.exercises.values import MANIFEST, read_manifest
from mnist_lesson.runner import stream_text
from mnist_lesson.verdicts import TrustedValues, check_capture

from conftest import NOTEBOOKS, notebook_stdout

PATHS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
BLANK_TAG = "ci-student-copy"  # 학생이 받는 그대로의 연습문제 셀(빈칸)
TIMEOUT = 600


def _by_number(number: str) -> Path:
    (path,) = [p for p in PATHS if p.name.startswith(number)]
    return path


def ci_variant(path: Path):
    """실행할 사본: 빈칸이 있는 셀마다 학생용(빈칸)과 정답지용(해답) 두 벌, 확인 줄은 채점기처럼 되살린 것.

    Args:
        path: 학생용 노트북.

    Returns:
        ``(노트북, 수업 모듈 이름들)``.
    """
    student = nbformat.read(path, as_version=4)
    key, _, lessons = answer_keys.make_answer_key(student, path.name)
    cells = []
    for original, filled in zip(student.cells, key.cells[1:]):  # key.cells[0] 은 '강사용 정답지' 안내
        if filled.source != original.source:
            blank = nbformat.v4.new_code_cell(original.source, metadata={"tags": [BLANK_TAG]})
            cells.append(blank)
        cells.append(filled)
    variant = nbformat.v4.new_notebook(cells=cells, metadata=student.metadata)
    return (restore.prepare(variant, lessons).nb if lessons else variant), lessons


def run_lesson(path: Path, folder: Path, monkeypatch):
    """``folder`` 에서 노트북을 nbmake 로 실행한다(저장 폴더는 ``folder/artifacts``). 실행된 노트북을 돌려준다.

    마지막 셀이 끝나면 커널을 바로 끝낸다(nbclient 의 ``shutdown_kernel="immediate"``, 채점기의 실행기와 같다).
    기본값(graceful)은 TensorFlow 를 가져온 커널이 스스로 끝나기를 기다리는데, 그 정리에 노트북마다 1.5~2.5초가 든다.
    출력은 그 전에 다 받았으므로 확인하는 것은 같다.
    """
    import functools

    import nbmake.nb_run
    from nbclient import NotebookClient
    from nbmake.nb_run import NotebookRun

    monkeypatch.setattr(nbmake.nb_run, "NotebookClient", functools.partial(NotebookClient, shutdown_kernel="immediate"))

    folder.mkdir(parents=True, exist_ok=True)
    values = folder / f"values-{path.stem}"
    monkeypatch.setenv("MNIST_LESSON_ARTIFACTS", str(folder / "artifacts"))
    monkeypatch.setenv("MNIST_LESSON_CAPTURE_DIR", str(values))
    monkeypatch.delenv("TF_CPP_MIN_LOG_LEVEL", raising=False)  # 학생의 커널처럼: 로그 수준은 tfimport 가 정한다
    nb, lessons = ci_variant(path)
    nb.cells.append(nbformat.v4.new_code_cell(TFIMPORT_PROBE))
    target = folder / path.name
    nbformat.write(nb, target)
    # ipykernel 은 PYTEST_CURRENT_TEST 가 있으면 fd 2 에 쓴 것(TensorFlow 의 C++ 로그)을 셀의 출력으로 보내지 않는다
    # (ipykernel/iostream.py: "Don't redirect from within pytest"). 학생의 커널처럼 보내게 그 변수 없이 커널을 띄운다.
    current_test = os.environ.pop("PYTEST_CURRENT_TEST", None)
    try:
        result = NotebookRun(target, TIMEOUT).execute()
    finally:
        if current_test is not None:
            os.environ["PYTEST_CURRENT_TEST"] = current_test
    target.unlink()  # 저장 폴더만 남긴다(다음 노트북이 보는 것)
    assert result.error is None, f"{path.name}: {result.error.summary}\n{result.error.trace[-3000:]}"
    _assert_no_red_output(path, result.nb)
    if lessons:
        _assert_every_check(path, lessons, values)
    return result.nb


# 노트북마다 마지막에 덧붙여 실행한다: 걸러 낸 시작 안내의 수와 학습을 시작할 때의 줄의 수, 로그 수준, 다시 불러도 같은
# 모듈을 돌려주는지, 커널이 끝날 때까지 거르는 파이프가 켜져 있는지
TFIMPORT_PROBE = ("import os as _os, sys as _sys\nfrom mnist_lesson import tfimport as _tfimport\n"
                  "print('TFIMPORT', sum(map(_tfimport.is_known_startup_line, _tfimport.hidden_lines)),"
                  " sum(map(_tfimport.is_known_runtime_line, _tfimport.hidden_lines)), _os.environ['TF_CPP_MIN_LOG_LEVEL'],"
                  " _tfimport.import_tensorflow() is _sys.modules['tensorflow'], bool(_tfimport._kept))")
# 노트북의 코드가 Keras 모델로 직접 학습·평가·예측하는 곳: 학습을 시작할 때의 줄(tfimport.RUNTIME_MESSAGES)이 나오는 곳
_KERAS_RUN = re.compile(r"\.(fit|evaluate|predict)\(")


def _assert_no_red_output(path: Path, nb):
    """어느 셀에도 빨간 stderr 칸이 없고(빈칸과 정답지 모두), tfimport 가 정말로 무언가를 걸렀다.

    진짜 커널에서 진짜 TensorFlow 로(노트북마다): 그냥 가져오면 시작 안내를 fd 2 에 쓰고, op 결정성을 켠 채 처음 학습·평가·
    예측할 때 알려진 오류(E) 줄을 한 번 더 쓰지만, ``import_tensorflow`` 는 알려진 줄만 버린다. 거를 것이 없어서
    통과하는 것이 아님을 걸러 낸 줄의 수로 본다. 셀이 일부러 경고를 보여 준다면 이 테스트를 그 셀에 맞게 고치세요.
    """
    from mnist_lesson import tfimport

    code = [c for c in nb.cells if c.cell_type == "code"]
    for number, cell in enumerate(code[:-1]):
        noise = [o.get("text", "") for o in cell.get("outputs", []) if o.get("name") == "stderr"]
        assert not noise, f"{path.name}: 코드 셀 {number} 에 stderr(빨간 칸)가 보입니다: {noise}\n{cell.source[:300]}"
    probe = stream_text(code[-1]).split()
    assert probe[0] == "TFIMPORT" and int(probe[1]) >= 1, f"{path.name}: 걸러 낸 시작 안내가 없습니다: {probe}"
    if any(_KERAS_RUN.search(c.source) for c in code):  # 그 줄은 op 결정성을 켠 채(config.set_seed) 학습할 때 나온다
        assert int(probe[2]) >= 1, f"{path.name}: 학습을 시작할 때의 줄을 거른 적이 없습니다: {probe}"
    assert probe[3] == tfimport.LOG_LEVEL, f"{path.name}: 로그 수준 {probe[3]}"  # 정하지 않았으면 오류(E)는 보이는 단계로
    assert probe[4] == "True", f"{path.name}: import_tensorflow 를 다시 부르면 같은 tensorflow 모듈이어야 합니다"
    assert probe[5] == "True", f"{path.name}: 커널 안인데 학습을 시작할 때의 줄을 거르는 파이프가 꺼져 있습니다"


def _assert_every_check(path: Path, lessons, values: Path):
    """커널이 넘긴 답을 채점기의 판정으로: 문제마다 빈칸은 '아직 풀지 않음', 마지막(정답지의 해답)은 '정답'."""
    exercises = {q.key: q for name in lessons for q in exercises_of(name)}
    trusted = TrustedValues()
    seen = {key: [] for key in exercises}
    entries = sorted((p for p in values.iterdir() if p.is_dir()), key=lambda p: int(p.name.split("-")[0]))
    for entry in entries:
        manifest = read_manifest(entry / MANIFEST)
        exercise = exercises[manifest["exercise"]]
        result = check_capture(exercise, entry, manifest, trusted)
        assert result is not None, f"{exercise.key}: 채점기가 노트북 값을 다시 만들지 못했습니다"
        seen[exercise.key].append((result.outcome, result.message))
    for key, outcomes in seen.items():
        assert outcomes, f"{path.name}: {key} 의 확인 줄이 실행되지 않았습니다"
        assert outcomes[0][0] is Outcome.NOT_ATTEMPTED, f"{path.name}: 빈칸인 {key} 가 {outcomes[0]} 로 판정되었습니다"
        assert outcomes[-1][0] is Outcome.CORRECT, f"{path.name}: 정답지의 {key} 가 {outcomes[-1]} 로 판정되었습니다"


def _saved(folder: Path) -> list[str]:
    return sorted(p.name for p in (folder / "artifacts").iterdir()) if (folder / "artifacts").is_dir() else []


# --- 노트북 하나씩: 빈 폴더에서 혼자 ---------------------------------------------------------------------

# 뒤의 수업일수록 학습을 많이 해 오래 걸리므로 뒤에서부터(병렬 작업자에게 긴 것을 먼저 준다. conftest.py)
ALONE = [p for p in reversed(PATHS) if p.name[:2] not in ("06", "07", "09", "10")]


@pytest.mark.parametrize("path", ALONE, ids=[p.name for p in ALONE])
def test_lesson_runs_alone_with_blanks_and_its_answer_key(path, tmp_path, monkeypatch):
    nb = run_lesson(path, tmp_path, monkeypatch)
    assert _saved(tmp_path) == []  # 파일을 저장하는 수업은 06, 09, 10 뿐이다
    assert sum(c.cell_type == "code" for c in nb.cells) > 5


# --- 저장한 파일을 넘겨주는 수업: 한 폴더에서 차례로 ------------------------------------------------------


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    """06 → 07 과 09 → 10 이 같은 저장 폴더를 쓰도록(한 작업자 안에서 차례로 실행된다)."""
    return {"06-07": tmp_path_factory.mktemp("chain-06-07"), "09-10": tmp_path_factory.mktemp("chain-09-10")}


@pytest.mark.xdist_group("chain-06-07")
def test_06_saves_its_model_and_history(chain, monkeypatch):
    folder = chain["06-07"]
    run_lesson(_by_number("06"), folder, monkeypatch)
    assert _saved(folder) == sorted([artifacts.MODEL_FILE, artifacts.HISTORY_FILE])  # 임시 파일 없음
    meta = json.loads((folder / "artifacts" / artifacts.HISTORY_FILE).read_text())["meta"]
    assert meta["epochs"] == 1 and meta["fast"] is True
    assert 0.5 <= meta["test_accuracy"] <= 0.99  # 빠른 모드 1 에포크(범위로)


@pytest.mark.xdist_group("chain-06-07")
def test_07_uses_the_model_06_saved(chain, monkeypatch):
    folder = chain["06-07"]
    if artifacts.MODEL_FILE not in _saved(folder):
        pytest.fail("06 의 실행이 먼저 모델을 저장해야 합니다(같은 xdist_group 에서 앞 테스트가 실패했습니다)")
    out = notebook_stdout(run_lesson(_by_number("07"), folder, monkeypatch))
    assert "06 노트북이 저장한 모델을 불러왔습니다" in out
    assert _saved(folder) == sorted([artifacts.MODEL_FILE, artifacts.HISTORY_FILE])  # 07 은 아무것도 저장하지 않는다


def run_in_process(path: Path, folder: Path, monkeypatch, stop_after: str) -> str:
    """노트북의 준비 셀부터 ``stop_after`` 를 담은 셀까지를 이 프로세스에서 실행하고 출력을 돌려준다(갈림길만 볼 때).

    커널을 새로 띄우고 TensorFlow 를 다시 가져오는 몇 초를 아낀다. 노트북 전체는 다른 테스트가 커널에서 실행한다.
    """
    import contextlib
    import io

    monkeypatch.setenv("MNIST_LESSON_ARTIFACTS", str(folder / "artifacts"))
    code = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    start = next(i for i, c in enumerate(code) if "config.setup(" in c.source)
    end = next(i for i, c in enumerate(code) if stop_after in c.source)
    out, space = io.StringIO(), {"__name__": "__main__"}
    with contextlib.redirect_stdout(out):
        for cell in code[start:end + 1]:
            exec(compile(cell.source, f"{path.name}:{cell.get('id')}", "exec"), space)
    return out.getvalue()


def test_07_alone_trains_the_missing_model(tmp_path, monkeypatch):
    out = run_in_process(_by_number("07"), tmp_path, monkeypatch, stop_after="artifacts.load_model(")
    assert "저장한 모델이 없어" in out
    assert _saved(tmp_path) == []  # 07 은 06 의 파일을 만들지 않는다


@pytest.mark.xdist_group("chain-09-10")
def test_09_trains_the_missing_mlp_and_overwrites_an_old_cnn(chain, monkeypatch):
    folder = chain["09-10"]
    (folder / "artifacts").mkdir()
    (folder / "artifacts" / artifacts.CNN_FILE).write_bytes(b"an old, broken file")
    out = notebook_stdout(run_lesson(_by_number("09"), folder, monkeypatch))
    assert "06 노트북이 저장한 MLP 가 없어" in out
    model = artifacts.load_model(folder / "artifacts" / artifacts.CNN_FILE)
    assert model is not None and tuple(model.inputs[0].shape[1:]) == (28, 28, 1)
    assert _saved(folder) == [artifacts.CNN_FILE]  # 06 의 파일을 만들지 않고, 임시 파일도 없다


@pytest.mark.xdist_group("chain-09-10")
def test_10_uses_the_cnn_09_saved(chain, monkeypatch):
    folder = chain["09-10"]
    if _saved(folder) != [artifacts.CNN_FILE]:
        pytest.fail("09 의 실행이 먼저 CNN 을 저장해야 합니다(같은 xdist_group 에서 앞 테스트가 실패했습니다)")
    out = notebook_stdout(run_lesson(_by_number("10"), folder, monkeypatch))
    assert re.search(r"불러왔습니다: 09 노트북의 합성곱 신경망", out)
    assert "테스트 1,000장의 확률이 모두 같은가요? True" in out  # 저장 → 불러오기가 모델을 그대로 되살린다
    assert "예측한 숫자가 모두 같은가요? True" in out
    assert "BlankImageError" in out and "ImageInputError" in out  # 잘못된 입력 절이 오류를 보여 주고 계속했다
    assert _saved(folder) == sorted([artifacts.CNN_FILE, "model_10.keras"])  # 09 의 파일은 그대로 두고 자기 것만


def test_10_alone_trains_a_small_cnn_and_saves_it(tmp_path, monkeypatch):
    out = run_in_process(_by_number("10"), tmp_path, monkeypatch, stop_after="model = reloaded")
    assert "저장된 모델이 없어서 짧게 다시 학습합니다" in out
    assert "테스트 1,000장의 확률이 모두 같은가요? True" in out
    assert _saved(tmp_path) == ["model_10.keras"]


def test_every_lesson_notebook_is_run_here():
    names = {p.name for p in ALONE} | {_by_number(n).name for n in ("06", "07", "09", "10")}
    assert names == {p.name for p in PATHS}
