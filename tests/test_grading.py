"""학급 채점: 테스트가 만든 제출물(모두 정답, 일부 오답, 모두 빈칸, 오류, 무한 반복, 깨진 JSON, 노트북 아님)을
채점해 채점표(CSV)의 줄과 칸이 저마다 알맞은지 본다.

제출물은 TensorFlow 를 쓰지 않는 03 수업 문제로 작게 만든다(무한 반복만 제한 시간까지 돈다).
"""

import contextlib
import csv
import io
import json
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from mnist_lesson import cli, grading
from mnist_lesson.exercises import lesson03
from mnist_lesson.exercises.core import MIME_TYPE

LIMIT = 20  # 노트북 하나의 제한 시간(초): 작은 제출물은 몇 초면 끝나고, 무한 반복은 여기서 멈춘다
KEYS = [q.key for q in (lesson03.q1, lesson03.q2, lesson03.q3)]

SETUP = "from mnist_lesson.exercises import ____\nfrom mnist_lesson.exercises import lesson03 as ex"
Q1_RIGHT = 'loss_name = "sparse_categorical_crossentropy"\nex.q1.check(loss_name)'
Q1_WRONG = 'loss_name = "categorical_crossentropy"\nex.q1.check(loss_name)'
Q1_BLANK = "loss_name = ____\nex.q1.check(loss_name)\n# ex.q1.hint()\n# ex.q1.solution()"
Q2_RIGHT = "one_hot_3 = [0, 0, 0, 1, 0, 0, 0, 0, 0, 0]\nex.q2.check(one_hot_3)"
Q2_BLANK = "one_hot_3 = ____\nex.q2.check(one_hot_3)"
Q3_RIGHT = "import math\ninitial_loss = -math.log(1 / 10)\nex.q3.check(initial_loss)\nprint('끝')"
Q3_WRONG = "initial_loss = 0.1\nex.q3.check(initial_loss)"
Q3_BLANK = "initial_loss = ____\nex.q3.check(initial_loss)"
# 채점기 프로세스를 건드리려는 제출물: 별도 커널에서 돌면 채점기의 mnist_lesson 에는 아무 일도 없다.
MEDDLE = "import mnist_lesson\nmnist_lesson.MEDDLED = True\nopen('written_by_submission.txt', 'w').write('x')"


def notebook(*sources, kernel="python3"):
    nb = new_notebook(cells=[new_markdown_cell("# 03 컴파일: 연습문제")] + [new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": kernel, "display_name": kernel, "language": "python"}
    return nb


SUBMISSIONS = {
    "a_all_right.ipynb": notebook(SETUP, Q1_RIGHT, Q2_RIGHT, Q3_RIGHT),
    "b_some_wrong.ipynb": notebook(SETUP, Q1_WRONG, Q2_RIGHT, Q3_WRONG),
    "c_all_blank.ipynb": notebook(SETUP, Q1_BLANK, Q2_BLANK, Q3_BLANK),
    "d_raises.ipynb": notebook(SETUP, Q1_RIGHT, "raise RuntimeError('학생 코드의 오류')", Q2_RIGHT, Q3_RIGHT),
    "e_loops_forever.ipynb": notebook(SETUP, Q1_RIGHT, "while True:\n    pass", Q2_RIGHT),
    "f_meddles.ipynb": notebook(MEDDLE, SETUP, Q1_RIGHT, Q2_BLANK, Q3_RIGHT, kernel="no-such-kernel"),
}
BROKEN = {
    "g_malformed.ipynb": '{"cells": [{"cell_type": "code", "source": "1 +',
    "h_essay.txt": "제 숙제는 공책에 적었습니다.",
    "i_not_a_notebook.ipynb": json.dumps({"hello": "world"}),
    "j_binary.pdf": b"%PDF-1.4\x00\xff\xfe binary",
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """제출물 폴더를 만들고 명령줄 도구로 한 번 채점한다: (폴더, 결과 폴더, 종료 코드, 화면 출력)."""
    folder = tmp_path_factory.mktemp("submissions")
    out = tmp_path_factory.mktemp("grades")
    for name, nb in SUBMISSIONS.items():
        nbformat.write(nb, folder / name)
    for name, content in BROKEN.items():
        (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    (folder / ".DS_Store").write_bytes(b"\x00")  # 숨김 파일은 제출물이 아니다
    (folder / "old").mkdir()                       # 하위 폴더도 아니다
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = cli.main(["grade", str(folder), "-o", str(out), "--timeout", str(LIMIT)])
    return folder, out, code, printed.getvalue()


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def rows(graded):
    _, out, _, _ = graded
    return {row["학생"]: row for row in read_csv(out / grading.GRADES_FILE)}


def outcomes(row):
    return [row[key] for key in KEYS]


def test_every_file_gets_exactly_one_row(graded, rows):
    _, out, code, _ = graded
    assert code == 0
    expected = sorted(name.rsplit(".", 1)[0] for name in [*SUBMISSIONS, *BROKEN])
    assert sorted(rows) == expected
    header = list(read_csv(out / grading.GRADES_FILE)[0])
    assert header == ["학생", "파일", "상태", "설명", "시간(초)", *KEYS]


def test_all_right(rows):
    row = rows["a_all_right"]
    assert (row["상태"], row["설명"]) == ("완료", "")
    assert outcomes(row) == ["정답", "정답", "정답"]


def test_some_wrong(rows):
    row = rows["b_some_wrong"]
    assert row["상태"] == "완료"
    assert outcomes(row) == ["오답", "정답", "오답"]


def test_all_blank(rows):
    row = rows["c_all_blank"]
    assert row["상태"] == "완료"
    assert outcomes(row) == ["미응답", "미응답", "미응답"]


def test_raises_stops_like_run_all_and_says_where(rows):
    row = rows["d_raises"]
    assert row["상태"] == "오류"
    assert "셀 4" in row["설명"] and "RuntimeError" in row["설명"] and "학생 코드의 오류" in row["설명"]
    assert outcomes(row) == ["정답", "미실행", "미실행"]


def test_infinite_loop_is_killed_at_the_limit(rows):
    row = rows["e_loops_forever"]
    assert row["상태"] == "시간 초과"
    assert f"{LIMIT}초" in row["설명"] and "셀 4" in row["설명"]
    assert LIMIT - 1 <= float(row["시간(초)"]) < LIMIT + 15
    assert outcomes(row) == ["정답", "미실행", "미실행"]


def test_submission_runs_in_its_own_kernel_not_in_the_grader(graded, rows):
    import mnist_lesson

    folder, _, _, _ = graded
    row = rows["f_meddles"]
    assert row["상태"] == "완료"  # 노트북이 적은 커널 이름은 무시하고 python3 으로 실행한다
    assert outcomes(row) == ["정답", "미응답", "정답"]
    assert not hasattr(mnist_lesson, "MEDDLED")
    assert not (folder / "written_by_submission.txt").exists()
    assert not Path("written_by_submission.txt").exists()


@pytest.mark.parametrize("student, status, words", [
    ("g_malformed", "JSON 아님", "JSON"),
    ("h_essay", "노트북 아님", ".txt"),
    ("i_not_a_notebook", "노트북 아님", "cells"),
    ("j_binary", "노트북 아님", ".pdf"),
])
def test_broken_files_are_reported_not_dropped(rows, student, status, words):
    row = rows[student]
    assert row["상태"] == status and words in row["설명"]
    assert outcomes(row) == ["미실행", "미실행", "미실행"]


def test_summary_counts_each_exercise(graded):
    _, out, _, _ = graded
    summary = {row["문제"]: row for row in read_csv(out / grading.SUMMARY_FILE)}
    assert list(summary) == KEYS
    # 학생 10명: q1 은 a, d, e, f 정답 / b 오답 / c 미응답 / 깨진 파일 4개 미실행
    q1 = summary[lesson03.q1.key]
    assert (q1["정답"], q1["오답"], q1["미응답"], q1["미실행"], q1["정답률"]) == ("4", "1", "1", "4", "40%")
    assert q1["내용"] == lesson03.q1.title
    q2 = summary[lesson03.q2.key]
    assert (q2["정답"], q2["오답"], q2["미응답"], q2["미실행"]) == ("2", "0", "2", "6")
    q3 = summary[lesson03.q3.key]
    assert (q3["정답"], q3["오답"], q3["미응답"], q3["미실행"]) == ("2", "1", "1", "6")


def test_command_prints_progress_and_a_markdown_summary(graded):
    _, out, _, printed = graded
    assert "채점: a_all_right.ipynb … 완료" in printed
    assert "채점: e_loops_forever.ipynb … 시간 초과" in printed
    assert "제출 10개: 완료 4, 오류 1, 시간 초과 1, JSON 아님 1, 노트북 아님 3" in printed
    assert "| 문제 | 내용 | 정답 | 오답 | 미응답 | 미실행 | 정답률 |" in printed
    assert f"| {KEYS[0]} | {lesson03.q1.title} | 4 | 1 | 1 | 4 | 40% |" in printed
    assert f"채점표: {out / grading.GRADES_FILE}" in printed


# --- 작은 단위 ---------------------------------------------------------------------------------------


def test_collect_outcomes_keeps_the_last_check_and_ignores_junk():
    nb = notebook("ex.q1.check(a)", "ex.q1.check(b)", "print('x')")

    def shown(outcome, key=KEYS[0]):
        return new_output("display_data", data={"text/plain": "…", MIME_TYPE: {"exercise": key, "outcome": outcome}})

    nb.cells[1].outputs = [shown("incorrect")]
    nb.cells[2].outputs = [shown("correct"), shown("bogus"), shown("correct", key="../../etc")]
    nb.cells[3].outputs = [new_output("stream", name="stdout", text=json.dumps({"exercise": KEYS[1], "outcome": "correct"}))]
    assert grading.collect_outcomes(nb) == {KEYS[0]: "correct"}


def test_grade_command_refuses_to_write_into_the_submissions_folder(tmp_path, capsys):
    assert cli.main(["grade", str(tmp_path), "-o", str(tmp_path)]) == 2
    assert "제출물 폴더" in capsys.readouterr().err
    assert cli.main(["grade", str(tmp_path / "없음")]) == 2
    assert cli.main(["grade", str(tmp_path), "--lesson", "99", "-o", str(tmp_path / "out")]) == 2
    assert "99" in capsys.readouterr().err


def test_parallel_grading_and_explicit_lesson_columns(tmp_path):
    nbformat.write(notebook(SETUP, Q1_RIGHT), tmp_path / "kim.ipynb")
    nbformat.write(notebook(SETUP, Q1_WRONG), tmp_path / "lee.ipynb")
    (tmp_path / "park.txt").write_text("빈 제출", encoding="utf-8")
    report = grading.grade_folder(tmp_path, timeout=60, lessons=["03", "2"], jobs=2)
    assert [key for key, _ in report.exercises] == [
        "lesson03.q1", "lesson03.q2", "lesson03.q3", "lesson02.q1", "lesson02.q2", "lesson02.q3"]
    by_name = {row["학생"]: row for row in report.rows()}
    assert by_name["kim"]["lesson03.q1"] == "정답" and by_name["lee"]["lesson03.q1"] == "오답"
    assert by_name["kim"]["lesson02.q1"] == "미실행" and by_name["park"]["상태"] == "노트북 아님"
