"""학급 채점: 정직한 학급과 망가진 파일, 강사의 기능(학생별 폴더, 다른 수업, 정답률, 진행 표시, 합계, 검토용 노트북),
그리고 성적을 잃지 않는 것(다시 채점, 빈 폴더, 어떤 파일 이름, Ctrl-C, 채점기가 죽을 때).

큰 학급은 grading_class.py 가 한 번만 채점하고(test_grading_attacks.py 와 함께 쓴다), 나머지는 노트북 한두 개의
작은 학급이다. 모두 TensorFlow 를 쓰지 않는 03 수업이다.
"""

import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import nbformat
import pytest

from mnist_lesson import cli, grading, sandbox
from mnist_lesson.exercises import lesson03
from mnist_lesson.gradebook import Gradebook, choose_out_dir, read_rows
from mnist_lesson.restore import prepare
from mnist_lesson.submissions import choose_files, decode_name, find_submissions, quote_name

from grading_class import (CP949_FOLDER, KEYS, LIMIT, Q1_RIGHT, Q2_RIGHT, Q3_RIGHT, SETUP, graded_class, in_class,
                           kept_notebook, notebook, outcomes, read_csv)


# 학급을 쓰는 테스트는 학급을 채점한 작업자에게 모은다(pytest-xdist 의 --dist loadgroup 일 때). 다른 분배에서도 학급은
# 한 번만 채점된다(grading_class 의 파일 잠금). 학급을 쓰지 않는 테스트(Ctrl-C, 채점기가 죽을 때 등)는 묶지 않아
# 다른 작업자가 학급을 채점하는 동안 돌 수 있다. 그중 채점기를 프로세스로 띄워 샌드박스 안에서 채점하는 것(Ctrl-C, 채점기가
# 죽을 때)도 느린 검사다. 샌드박스 없이 끝까지 채점하는 테스트는 README 의 테스트 명령에 남는다.
# 학급 채점은 샌드박스 안에서 제출물 열네 개를 실행하고(끝나지 않는 제출물은 제한 시간 14초를 다 쓴다) 2코어에서 25초쯤
# 걸리므로 README 의 '느린 검사'다(grading_class.in_class: .ci/run 이 -m slow 로 돌린다).


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    return graded_class(tmp_path_factory)


# --- 정직한 학급 --------------------------------------------------------------------------------------------


@in_class
def test_every_file_and_student_folder_gets_exactly_one_row(graded):
    assert graded["code"] == 0, graded["stderr"]
    folder = graded["paths"]["submissions"]
    expected = {decode_name(name).rsplit(".", 1)[0] if os.path.isfile(os.path.join(os.fsencode(str(folder)), name))
                else decode_name(name)
                for name in os.listdir(os.fsencode(str(folder))) if not name.startswith(b".")}
    assert set(graded["rows"]) == expected and len(graded["rows"]) == len(expected) == 21
    header = list(read_csv(graded["paths"]["grades"])[0])
    assert header == ["학생", "파일", "파일 이름(바이트)", "상태", "설명", "시간(초)", "정답 수", "검토용 노트북", *KEYS]


@pytest.mark.parametrize("student, status, expected", [
    ("a_all_right", "완료", ["정답", "정답", "정답"]),
    ("b_some_wrong", "완료", ["오답", "정답", "오답"]),
])
@in_class
def test_outcomes_are_decided_by_the_grader(graded, student, status, expected):
    row = graded["rows"][student]
    assert (row["상태"], row["설명"]) == (status, "")
    assert outcomes(row) == expected


@in_class
def test_an_error_stops_like_run_all_and_says_which_cell(graded):
    row = graded["rows"]["d_raises"]
    assert row["상태"] == "오류"
    assert "셀 4 에서" in row["설명"] and "RuntimeError" in row["설명"] and "학생 코드의 오류" in row["설명"]
    assert outcomes(row) == ["정답", "미실행", "미실행"]


@in_class
def test_a_notebook_that_never_ends_is_stopped_at_the_limit(graded):
    row = graded["rows"]["e_loops_forever"]
    assert row["상태"] == "시간 초과"
    assert f"{LIMIT}초" in row["설명"] and "셀 4" in row["설명"]
    assert LIMIT - 1 <= float(row["시간(초)"]) < LIMIT + 40
    assert outcomes(row) == ["정답", "미실행", "미실행"]


@in_class
def test_check_lines_and_imports_are_restored(graded):
    # 가져오기 셀을 지웠고, q1 의 확인 줄 인자를 정답 값으로 바꿨고(되살아나 batch_loss=99.0 을 본다),
    # q3 의 확인 줄을 지웠다(노트북 끝에서 되살아나 NumPy 스칼라 답을 본다). 노트북의 커널 이름은 무시한다.
    row = graded["rows"]["f_edited_checks"]
    assert row["상태"] == "완료", row
    assert outcomes(row) == ["오답", "미응답", "정답"]


@pytest.mark.parametrize("student, status, words", [
    ("g_malformed", "JSON 아님", "JSON"),
    ("h_essay", "노트북 아님", ".txt"),
    ("i_not_a_notebook", "노트북 아님", "cells"),
    ("j_binary", "노트북 아님", ".pdf"),
    ("박민수", "JSON 아님", "JSON"),
    ("빈폴더_학생", "노트북 아님", "빈 폴더"),
])
@in_class
def test_broken_files_are_reported_not_dropped(graded, student, status, words):
    row = graded["rows"][student]
    assert row["상태"] == status and words in row["설명"]
    assert outcomes(row) == ["미실행", "미실행", "미실행"] and row["정답 수"] == "0"


# --- 강사의 기능 -------------------------------------------------------------------------------------------


@in_class
def test_a_student_folder_with_a_cp949_name_is_graded_and_keeps_its_bytes(graded):
    name = CP949_FOLDER.decode("cp949")
    row = graded["rows"][name]
    assert row["파일"] == f"{name}/03_compile.ipynb"
    assert urllib.parse.unquote_to_bytes(row["파일 이름(바이트)"]) == CP949_FOLDER + b"/03_compile.ipynb"
    # 폴더에 노트북이 둘이면 가장 최근 것(손대지 않은 빈칸)을 채점하고 그렇다고 적는다(예전 것은 모두 정답이다)
    assert "2개" in row["설명"] and "가장 최근" in row["설명"]
    assert row["상태"] == "완료" and outcomes(row) == ["미응답", "미응답", "미응답"]


@in_class
def test_another_lessons_notebook_is_flagged_and_lesson_limits_the_columns(graded):
    row = graded["rows"]["z_lesson02"]
    assert row["상태"] == "다른 수업" and "lesson02" in row["설명"]
    header = list(read_csv(graded["paths"]["grades"])[0])
    assert not any(column.startswith("lesson02") for column in header)


@in_class
def test_correct_rate_counts_only_gradable_submissions(graded):
    rows = list(graded["rows"].values())
    gradable = [r for r in rows if r["상태"] in ("완료", "오류", "시간 초과")]
    assert 0 < len(gradable) < len(rows)  # 노트북 아님·JSON 아님·다른 수업은 분모에서 뺀다
    for key in KEYS:
        correct = sum(r[key] == "정답" for r in gradable)
        summary = graded["summary"][key]
        assert summary["정답률"] == f"{100 * correct / len(gradable):.0f}%"
        assert sum(int(summary[label]) for label in ("정답", "오답", "미응답", "미실행")) == len(rows)
    assert graded["summary"][KEYS[0]]["내용"] == lesson03.q1.title
    assert f"실행한 제출물 {len(gradable)}개" in graded["stdout"]


@in_class
def test_progress_is_printed_as_it_happens_with_time_left(graded):
    lines = graded["stdout"].splitlines()
    n = len(graded["rows"])
    assert f"[1/{n}] 시작: a_all_right (a_all_right.ipynb)" in lines
    starts = [i for i, line in enumerate(lines) if " 시작: " in line]
    ends = [i for i, line in enumerate(lines) if " 끝: " in line]
    assert len(starts) == len(ends) == n
    assert starts[1] < ends[0]  # 두 개씩 실행하므로 첫 번째가 끝나기 전에 두 번째가 시작한다
    assert any("남은 시간 약" in lines[i] for i in ends)
    assert any(line.startswith("[1/") and "끝: a_all_right … 완료" in line and "정답 3" in line for line in lines)


@in_class
def test_each_student_has_a_total(graded):
    for row in graded["rows"].values():
        assert row["정답 수"] == str(outcomes(row).count("정답"))
    assert graded["rows"]["a_all_right"]["정답 수"] == "3"


@in_class
def test_executed_notebooks_are_kept_for_review_with_the_graders_verdict(graded):
    for student, row in graded["rows"].items():
        if row["상태"] in ("완료", "오류", "시간 초과"):
            nb = kept_notebook(graded, student)
            assert nb.cells[0].source.startswith("## 채점기의 판정"), student
            assert all(f"{key}" in nb.cells[0].source for key in KEYS)
        else:
            assert row["검토용 노트북"] == ""
    right = kept_notebook(graded, "a_all_right")
    assert any(o.get("output_type") == "display_data" for c in right.cells if c.cell_type == "code"
               for o in c.get("outputs", []))  # 학생이 본 결과 상자도 남는다


@in_class
def test_the_files_say_the_run_finished(graded):
    text = graded["paths"]["grades"].read_text(encoding="utf-8-sig")
    assert text.startswith("# mnist-lesson 채점표") and "bubblewrap" in text.splitlines()[1]
    assert text.rstrip().splitlines()[-1].startswith("# 끝:")
    assert "채점 중" not in graded["paths"]["out"].joinpath("summary.csv").read_text(encoding="utf-8-sig")


# --- 성적을 잃지 않기 ----------------------------------------------------------------------------------------


def _broken_class(folder: Path) -> Path:
    folder.mkdir()
    (folder / "essay.txt").write_text("공책에 적었습니다.", encoding="utf-8")
    (folder / "broken.ipynb").write_text("{", encoding="utf-8")
    return folder


def test_grading_again_never_overwrites_an_earlier_grades_folder(tmp_path, capsys):
    folder, out = _broken_class(tmp_path / "subs"), tmp_path / "grades" / "03"
    assert cli.main(["grade", str(folder), "-o", str(out), "--lesson", "03"]) == 0
    first = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    capsys.readouterr()
    (folder / "essay.txt").unlink()
    assert cli.main(["grade", str(folder), "-o", str(out), "--lesson", "03"]) == 0
    printed = capsys.readouterr().out
    assert "이전 결과가 있어" in printed and "--force" in printed
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == first  # 처음 결과는 그대로
    (second,) = [p for p in out.parent.iterdir() if p != out]
    assert second.name.startswith("03-") and len(read_rows(second / "grades.csv")) == 1
    assert str(second) in printed
    assert cli.main(["grade", str(folder), "-o", str(out), "--lesson", "03", "--force"]) == 0
    assert len(read_rows(out / "grades.csv")) == 1  # --force 일 때만 덮어쓴다


@pytest.mark.parametrize("layout", ["empty", "hidden_only"])
def test_an_empty_folder_is_a_korean_error_not_an_empty_grades_file(tmp_path, capsys, layout):
    folder = tmp_path / "subs"
    folder.mkdir()
    if layout == "hidden_only":
        (folder / ".DS_Store").write_bytes(b"\x00")
        (folder / "__MACOSX").mkdir()
    assert cli.main(["grade", str(folder), "-o", str(tmp_path / "out")]) == 2
    assert "채점할 파일이 없습니다" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_wrong_folders_and_options_are_errors(tmp_path, capsys):
    assert cli.main(["grade", str(tmp_path), "-o", str(tmp_path)]) == 2
    assert "제출물 폴더 안에" in capsys.readouterr().err
    assert cli.main(["grade", str(tmp_path / "없음")]) == 2
    folder = _broken_class(tmp_path / "subs")
    assert cli.main(["grade", str(folder), "-o", str(tmp_path / "out")]) == 2
    assert "--lesson" in capsys.readouterr().err  # 어느 수업인지 알 수 없다
    assert cli.main(["grade", str(folder), "--lesson", "99", "-o", str(tmp_path / "out")]) == 2
    assert "99" in capsys.readouterr().err


@pytest.mark.parametrize("options, words", [
    (["--timeout", "5m"], "--timeout 옵션: '5m' 값은 숫자 형식이 아닙니다(초 단위의 수를 주세요)"),
    (["--timeout", "0"], "--timeout 옵션: 0 값은 1초 이상이어야 합니다"),
    (["--sandbox", "requried"], "'requried' 값은 고를 수 있는 값이 아닙니다. 고를 수 있는 값:"),
    (["--fats"], "모르는 인자입니다: --fats (철자를 확인하세요)"),
    (["--jobs", "0"], "--jobs 옵션: 0 값은 1 이상이어야 합니다"),
    (["--memory", "0"], "--memory 옵션: 0 값은 512 MiB 이상이어야 합니다"),
    (["--max-processes", "2"], "--max-processes 옵션: 2 값은 16 이상이어야 합니다"),
    (["--lesson"], "--lesson 옵션 뒤에 값이 하나 있어야 합니다"),
])
def test_option_mistakes_are_korean_errors_before_anything_runs(tmp_path, capsys, options, words):
    """argparse 의 영어 오류 대신 한국어로, 잘못된 수(0 개의 작업, 0 MiB)는 조용히 고치지 않고 알린다."""
    with pytest.raises(SystemExit) as stop:
        cli.main(["grade", str(tmp_path), "-o", str(tmp_path / "out"), *options])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and words in err and "도움말: mnist-lesson" in err
    assert "invalid" not in err and "unrecognized" not in err and "expected one" not in err
    assert not (tmp_path / "out").exists()


def test_instructor_mistakes_with_folders_are_korean_errors(tmp_path, capsys):
    """파일을 폴더로 준 것, 쓸 수 없는 결과 폴더, 잘못 고른 --lesson, 한 단계 위의 학급 폴더: 채점하지 않고 알린다."""
    lone = tmp_path / "이영희_03.ipynb"
    nbformat.write(notebook(SETUP, Q1_RIGHT), lone)
    assert cli.main(["grade", str(lone), "-o", str(tmp_path / "out")]) == 2
    assert "폴더가 아니라 파일입니다" in capsys.readouterr().err

    folder = tmp_path / "subs"
    folder.mkdir()
    for name in ("kim", "lee"):
        nbformat.write(notebook(SETUP, Q1_RIGHT), folder / f"{name}.ipynb")
    blocker = tmp_path / "grades.txt"
    blocker.write_text("강사의 메모", encoding="utf-8")
    assert cli.main(["grade", str(folder), "-o", str(blocker / "03")]) == 2
    err = capsys.readouterr().err
    assert "에 쓸 수 없습니다(경로 중간에 폴더가 아닌 파일이 있습니다" in err and "Traceback" not in err
    assert blocker.read_text(encoding="utf-8") == "강사의 메모"

    assert cli.main(["grade", str(folder), "--lesson", "02", "-o", str(tmp_path / "out")]) == 2
    assert "수업 02 의 노트북을 낸 학생이 없습니다. 제출물이 가져오는 수업: 03(2명)" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()

    classes = tmp_path / "classes"
    for lesson in ("02", "03"):
        for name in ("kim", "lee"):
            (classes / lesson / name).mkdir(parents=True)
            nbformat.write(notebook(SETUP, Q1_RIGHT), classes / lesson / name / "03_compile.ipynb")
    assert cli.main(["grade", str(classes), "-o", str(tmp_path / "out")]) == 2
    assert "학급 폴더를 하나 위에서 고른 것으로 보입니다" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_required_sandbox_without_bubblewrap_refuses_to_grade(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sandbox, "find_bwrap", lambda: None)
    folder = _broken_class(tmp_path / "subs")
    assert cli.main(["grade", str(folder), "-o", str(tmp_path / "out"), "--lesson", "03", "--sandbox", "required"]) == 2
    assert "샌드박스를 쓸 수 없습니다" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def _start(folder: Path, out: Path, *extra):
    return subprocess.Popen([sys.executable, "-m", "mnist_lesson", "grade", str(folder), "-o", str(out), "--lesson", "03",
                             "--timeout", "120", *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def _wait_for(proc, words: str, seen: list) -> None:
    for line in proc.stdout:
        seen.append(line)
        if words in line:
            return
    raise AssertionError(f"{words!r} 가 나오지 않았습니다: {''.join(seen)}")


SLEEPER = "import time\ntime.sleep(300)"


def _child(tag: str) -> str:
    """샌드박스 안의 커널이 띄우는 자식 프로세스(명령줄의 표시로 /proc 에서 찾는다): 이 셀까지 실행했다는 증거."""
    from grading_class import MARKER

    return (f"import subprocess, sys\nsubprocess.Popen([sys.executable, '-c', "
            f"'# {MARKER}-{tag}\\nimport time; time.sleep(300)'])")


def _processes(tag: str) -> list:
    from grading_class import MARKER

    mark = f"{MARKER}-{tag}".encode()
    return [p.name for p in Path("/proc").iterdir() if p.name.isdigit() and mark in _cmdline(p)]


def _wait_until(condition, seconds: float, what: str, proc=None) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline or (proc is not None and proc.poll() is not None):
            raise AssertionError(f"{seconds:g}초 안에 {what}")
        time.sleep(0.1)


@pytest.mark.slow  # 채점기를 프로세스로 띄워 샌드박스 안에서 채점한다(README 의 '느린 검사')
def test_ctrl_c_stops_cleanly_marks_the_rest_and_exits_non_zero(tmp_path):
    folder = tmp_path / "subs"
    folder.mkdir()
    nbformat.write(notebook(SETUP, Q1_RIGHT, Q2_RIGHT, Q3_RIGHT), folder / "a.ipynb")
    nbformat.write(notebook(SETUP, Q1_RIGHT, _child("ctrl-c") + "\n" + SLEEPER, Q2_RIGHT), folder / "b.ipynb")
    nbformat.write(notebook(SETUP, Q1_RIGHT), folder / "c.ipynb")
    out = tmp_path / "out"
    proc, seen = _start(folder, out), []
    _wait_for(proc, "[2/3] 시작", seen)
    # b 의 커널이 잠자는 셀에 들어간 것을 보고(정해 둔 시간만큼 기다리는 대신) 멈춘다
    _wait_until(lambda: _processes("ctrl-c"), 90, "b 의 커널이 셀을 실행하지 않았습니다", proc)
    os.killpg(proc.pid, signal.SIGINT)       # 터미널의 Ctrl-C 처럼 채점기의 프로세스 그룹 전체에
    time.sleep(0.3)
    os.killpg(proc.pid, signal.SIGINT)       # 두 번째 Ctrl-C 는 정리를 망가뜨리지 않는다
    rest, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err  # 셸에서 Ctrl-C 로 멈춘 명령의 종료 코드
    rows = {r["학생"]: r for r in read_rows(out / "grades.csv")}
    assert outcomes(rows["a"]) == ["정답", "정답", "정답"] and rows["a"]["상태"] == "완료"
    assert (rows["b"]["상태"], rows["c"]["상태"]) == ("미채점", "미채점")
    assert "Ctrl-C" in rows["b"]["설명"]
    assert (out / "grades.csv").read_text(encoding="utf-8-sig").rstrip().splitlines()[-1].startswith("# 중단:")
    assert "# 중단:" in (out / "summary.csv").read_text(encoding="utf-8-sig")
    assert "멈췄습니다" in err
    _wait_until(lambda: not _processes("ctrl-c"), 3, "실행 중이던 샌드박스가 끝나지 않았습니다")


@pytest.mark.slow  # 채점기를 프로세스로 띄워 샌드박스 안에서 채점한다(README 의 '느린 검사')
def test_a_crash_keeps_every_finished_row_and_ends_the_running_sandbox(tmp_path):
    folder = tmp_path / "subs"
    folder.mkdir()
    nbformat.write(notebook(SETUP, Q1_RIGHT, Q2_RIGHT, Q3_RIGHT), folder / "a.ipynb")
    nbformat.write(notebook(SETUP, _child("crash"), SLEEPER), folder / "b.ipynb")
    out = tmp_path / "out"
    proc, seen = _start(folder, out), []
    _wait_for(proc, "[2/2] 시작", seen)
    _wait_until(lambda: _processes("crash"), 90, "b 의 커널이 자식 프로세스를 띄우지 않았습니다", proc)
    proc.kill()                               # 채점기가 죽는다(kill -9)
    proc.wait(timeout=30)
    rows = read_rows(out / "grades.csv")
    assert [r["학생"] for r in rows] == ["a"] and outcomes(rows[0]) == ["정답", "정답", "정답"]
    assert not (out / "grades.csv").read_text(encoding="utf-8-sig").rstrip().splitlines()[-1].startswith("# 끝:")
    assert "채점 중" in (out / "summary.csv").read_text(encoding="utf-8-sig")
    # 샌드박스는 채점기와 함께 끝난다(예전에는 2초 기다린 뒤 보았다: 같은 한도 안에서 끝나는 대로 넘어간다)
    _wait_until(lambda: not _processes("crash"), 2, "샌드박스가 채점기와 함께 끝나지 않았습니다")
    # 죽은 채점기가 남긴 임시 폴더와 cgroup 은 다음 채점이 시작할 때 치운다
    roots = [Path(tempfile.gettempdir()), Path("/dev/shm")]
    plan = sandbox.plan("auto")
    if plan.cgroups is not None:
        roots += [plan.cgroups.memory_dir] + ([plan.cgroups.pids_dir] if plan.cgroups.pids_dir else [])
    left = [p for root in roots if root.is_dir() for p in root.glob(f"mnist-*-{proc.pid}-*")]
    assert left, "죽은 채점기의 임시 폴더가 있어야 이 확인이 뜻이 있다"
    sandbox.clean_stale([Path(tempfile.gettempdir()), Path("/dev/shm")])
    assert not [p for p in left if p.exists()]


def _cmdline(p: Path) -> bytes:
    try:
        return (p / "cmdline").read_bytes()
    except OSError:
        return b""


def test_without_a_sandbox_grading_still_works_and_says_so_loudly(tmp_path, capsys):
    folder = tmp_path / "subs"
    folder.mkdir()
    nbformat.write(notebook(SETUP, Q1_RIGHT, Q2_RIGHT, Q3_RIGHT), folder / "a.ipynb")
    out = tmp_path / "out"
    assert cli.main(["grade", str(folder), "-o", str(out), "--sandbox", "off", "--timeout", "120"]) == 0
    captured = capsys.readouterr()
    assert "샌드박스 없이" in captured.err and "=" * 20 in captured.err
    assert outcomes(read_rows(out / "grades.csv")[0]) == ["정답", "정답", "정답"]
    assert "※ 경고: 샌드박스 없이" in (out / "grades.csv").read_text(encoding="utf-8-sig").splitlines()[1]


def test_a_renamed_answer_variable_is_not_attempted_and_the_rest_is_still_graded(tmp_path):
    """학생이 답 변수의 이름을 바꿔(batch_loss → loss) 자기 커널에서 정답을 봤어도, 채점은 문제에 적힌 변수로 한다.

    그 문제만 미응답이고(무엇이 없는지 말한다), 되살린 확인 줄이 NameError 로 멈춰 뒤의 문제가 모두 미실행이 되지 않는다.
    """
    folder = tmp_path / "subs"
    folder.mkdir()
    nbformat.write(notebook(SETUP, "loss = 1.3296\nex.q1.check(loss)", Q2_RIGHT, Q3_RIGHT), folder / "renamed.ipynb")
    out = tmp_path / "out"
    assert cli.main(["grade", str(folder), "-o", str(out), "--sandbox", "off", "--timeout", "120"]) == 0
    assert outcomes(read_rows(out / "grades.csv")[0]) == ["미응답", "정답", "정답"]
    review = (out / "notebooks" / "renamed.ipynb").read_text(encoding="utf-8")  # 채점기의 판정 표와 커널의 안내
    assert "`batch_loss` 변수가 없습니다. 채점은 문제에 적힌 변수 이름으로" in review
    assert "노트북에 `batch_loss` 변수가 없어 lesson03.q1 문제는 미응답입니다" in review


# --- 작은 단위 ------------------------------------------------------------------------------------------------


def test_file_names_of_any_bytes_are_decoded_utf8_then_cp949():
    assert decode_name("김영희.ipynb".encode("utf-8")) == "김영희.ipynb"
    assert decode_name("김영희.ipynb".encode("cp949")) == "김영희.ipynb"
    assert decode_name(b"\xff\xfe\xfd.ipynb").endswith(".ipynb")
    raw = "이름 (1).ipynb".encode("cp949")
    assert urllib.parse.unquote_to_bytes(quote_name(raw)) == raw


def test_macos_decomposed_names_are_shown_composed_and_never_share_a_review_notebook():
    """macOS 의 zip 은 한글 이름을 NFD(자모를 나눠)로 쓴다: 보여 줄 때는 NFC, 원래 바이트는 그대로 남긴다."""
    import unicodedata

    nfd = unicodedata.normalize("NFD", "김민수.ipynb")
    assert nfd != "김민수.ipynb" and decode_name(nfd.encode("utf-8")) == "김민수.ipynb"
    assert urllib.parse.unquote_to_bytes(quote_name(nfd.encode("utf-8"))) == nfd.encode("utf-8")
    taken = set()  # macOS·Windows 에서는 NFC 와 NFD, Kim 과 kim 이 같은 파일이다: 검토용 노트북이 서로 덮어쓰지 않게
    names = [grading._keep_name(s, taken) for s in ("김민수", unicodedata.normalize("NFD", "김민수"), "Kim", "kim")]
    assert names == ["김민수.ipynb", "김민수-2.ipynb", "Kim.ipynb", "kim-2.ipynb"]


def test_find_submissions_reads_files_and_student_folders(tmp_path):
    (tmp_path / "kim.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "lee_123_file_").mkdir()
    (tmp_path / "lee_123_file_" / "deep").mkdir()
    (tmp_path / "lee_123_file_" / "deep" / "02.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "lee_123_file_" / ".ipynb_checkpoints").mkdir()
    (tmp_path / "__MACOSX").mkdir()
    (tmp_path / ".hidden.ipynb").write_text("{}", encoding="utf-8")
    found = {s.student: s for s in find_submissions(tmp_path)}
    assert sorted(found) == ["kim", "lee_123_file_"]
    assert [decode_name(r) for r in found["lee_123_file_"].relative] == ["lee_123_file_/deep/02.ipynb"]


def test_prepare_restores_check_lines_imports_and_deleted_checks():
    nb = notebook("import numpy as np", 'batch_loss = 99.0\nif True: ex.q1.check("정답을 직접")',
                  "%matplotlib inline\nhigher_accuracy = ____\nex.q2.check(higher_accuracy, 1, 2)")
    prepared = prepare(nb, ["lesson03"])
    sources = [c.source for c in prepared.nb.cells]
    assert sources[0].startswith("from mnist_lesson.exercises import ____")  # 가져오기 셀이 없어 맨 앞에 넣었다
    assert 'record_declared("lesson03.q1", lambda: (batch_loss,))' in sources[3] and "정답을 직접" not in sources[3]
    assert ('record_declared("lesson03.q2", lambda: (higher_accuracy, lower_loss,))' in sources[4]
            and "%matplotlib inline" in sources[4])
    assert prepared.appended == ["lesson03.q3"] and 'record_declared("lesson03.q3", lambda: (initial_loss_5,))' in sources[-1]
    assert prepared.cell_name(4) == "셀 3" and prepared.cell_name(1) == "채점기가 넣은 셀"
    assert prepared.edited == ["lesson03.q1", "lesson03.q2"]  # 정답을 직접 넘기고, 인자를 하나 더 넣었다
    assert prepared.tampering() == ("확인 줄을 지운 문제 lesson03.q3 · 확인 줄의 인자를 바꾼 문제 lesson03.q1, lesson03.q2"
                                    "(채점기가 나눠 준 확인 줄로 되살려 채점했습니다).")
    assert nb.cells[2].source.endswith('ex.q1.check("정답을 직접")')  # 원본은 그대로


def test_handed_out_notebooks_and_their_answer_keys_are_never_flagged_as_tampered():
    """나눠 준 노트북의 확인 줄은 모두 선언된 변수를 그 순서로 넘긴다: 손대지 않은 제출물은 '바꾼 문제' 가 없다."""
    from conftest import NOTEBOOKS

    from mnist_lesson.answer_keys import make_answer_key
    from mnist_lesson.exercises.registry import lessons_in_source, notebook_source

    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        lessons = lessons_in_source(notebook_source(nb))[:1]
        for version in (nb, make_answer_key(nb)[0]):
            prepared = prepare(version, lessons)
            assert (prepared.appended, prepared.edited, prepared.tampering()) == ([], [], ""), path.name


def test_choose_out_dir_keeps_earlier_results(tmp_path):
    assert choose_out_dir(tmp_path / "new") == (tmp_path / "new", "")
    (tmp_path / "old").mkdir()
    assert choose_out_dir(tmp_path / "old")[0] == tmp_path / "old"  # 빈 폴더는 쓴다
    (tmp_path / "old" / "grades.csv").write_text("x", encoding="utf-8")
    chosen, note = choose_out_dir(tmp_path / "old")
    assert chosen.parent == tmp_path and chosen.name.startswith("old-") and "--force" in note
    assert choose_out_dir(tmp_path / "old", force=True)[0] == tmp_path / "old"


def test_each_row_is_on_disk_as_soon_as_it_is_added(tmp_path):
    book = Gradebook(tmp_path / "out")
    columns = [(q.key, q.title) for q in (lesson03.q1, lesson03.q2, lesson03.q3)]
    book.start(columns, ["격리: 시험"])
    assert read_rows(book.grades) == []
    book.add(grading.StudentResult("kim", "kim.ipynb", "완료", outcomes={KEYS[0]: "correct"}))
    assert [r["학생"] for r in read_rows(book.grades)] == ["kim"]  # 끝나기 전에도 이미 있다
    assert read_rows(book.summary)[0]["정답률"] == "100%"
    book.add(grading.StudentResult("lee", "lee.txt", "노트북 아님"))
    assert read_rows(book.summary)[0]["정답률"] == "100%"  # 노트북 아님은 분모에 넣지 않는다
    book.finish(interrupted=False)
    assert book.grades.read_text(encoding="utf-8-sig").rstrip().splitlines()[-1].startswith("# 끝:")


def test_names_with_a_hash_are_kept_by_read_rows_and_by_pandas(tmp_path):
    """'#' 으로 시작하거나 '#' 이 든 이름의 학생도 채점표에서 빠지거나 잘리지 않는다(README 의 pandas 읽는 법으로도)."""
    import pandas as pd  # 수업의 의존성이다(pyproject.toml)

    book = Gradebook(tmp_path / "out")
    book.start([(q.key, q.title) for q in (lesson03.q1, lesson03.q2, lesson03.q3)], ["격리: 시험"])
    names = ["#1 김민수", "박#지성", "이, 준"]
    for name in names:
        book.add(grading.StudentResult(name, f"{name}.ipynb", "완료", outcomes={KEYS[0]: "correct"}))
    book.finish(interrupted=False)
    assert [r["학생"] for r in read_rows(book.grades)] == names
    table = pd.read_csv(book.grades, comment="#")
    assert table["학생"].tolist() == names and table["정답 수"].tolist() == [1, 1, 1]


def test_names_that_look_like_formulas_stay_text_and_a_zip_is_told_to_be_unpacked(tmp_path):
    """학생이 정한 이름이 엑셀에서 수식(=HYPERLINK(…))으로 실행되지 않고, 압축 파일에는 풀라는 안내가 붙는다."""
    from mnist_lesson.submissions import read_submission

    book = Gradebook(tmp_path / "out")
    book.start([(q.key, q.title) for q in (lesson03.q1,)], [])
    book.add(grading.StudentResult('=HYPERLINK("http://x")', "=1+1.ipynb", "완료"))
    book.add(grading.StudentResult("김민수", "과제.ipynb", "완료"))
    rows = read_rows(book.grades)
    assert [(r["학생"], r["파일"]) for r in rows] == [("'=HYPERLINK(\"http://x\")", "'=1+1.ipynb"), ("김민수", "과제.ipynb")]
    (tmp_path / "과제.zip").write_bytes(b"PK\x03\x04 zip")
    nb, status, detail = read_submission(tmp_path / "과제.zip")
    assert nb is None and "압축 파일이면 풀어서" in detail


def test_the_setup_script_installs_bubblewrap_for_the_sandbox_tests():
    from conftest import ROOT

    script = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    assert "command -v bwrap" in script and "bubblewrap" in script and "apt-get install" in script


def test_the_note_about_several_notebooks_names_the_one_that_was_graded(tmp_path):
    """노트북이 여럿인 학생의 설명: 몇 개였고, 어느 것을 왜 골랐는지 합니다체로 말한다(학습 한 번 없이, 채점하지 않고)."""
    folder = tmp_path / "submissions" / "학생"
    folder.mkdir(parents=True)
    for i, (name, source) in enumerate([("old.ipynb", SETUP), ("mine.ipynb", SETUP), ("scratch.ipynb", "print(1)")]):
        nbformat.write(notebook(source), folder / name)
        os.utime(folder / name, (1_000_000 + i, 1_000_000 + i))  # scratch 가 가장 최근이지만 03 을 가져오지 않는다
    subs = find_submissions(tmp_path / "submissions")
    choose_files(subs, ["lesson03"])
    assert subs[0].file == "학생/mine.ipynb"
    assert subs[0].note == ("노트북이 3개 있습니다(mine.ipynb, old.ipynb, scratch.ipynb). 채점하는 수업의 노트북 중에서 "
                            "가장 최근에 저장한 mine.ipynb 파일을 채점했습니다.")
    choose_files(subs, None)  # 수업을 모르면 모든 노트북 중에서
    assert subs[0].file == "학생/scratch.ipynb" and "그중 가장 최근에 저장한 scratch.ipynb 파일을" in subs[0].note
