"""정답지: 학생용 노트북의 빈칸을 해답 코드로 기계적으로 채우고, 채운 정답지를 실행하면 모든 문제가 정답이다.

수업 노트북의 정답지는 하나씩 따로 실행한다(빠른 모드, 노트북 하나에 15~25초). pytest-xdist 가 나눠 돌린다.
"""

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from mnist_lesson import cli, nbtools
from mnist_lesson.answer_keys import (AnswerKeyError, fill_blanks, make_answer_key, verify_answer_key,
                                      write_answer_keys)
from mnist_lesson.exercises import Outcome
from mnist_lesson.exercises.registry import exercises_of, lessons_in_source, notebook_source

from conftest import NOTEBOOKS

LESSON_NOTEBOOKS = sorted(
    path for path in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")
    if lessons_in_source(notebook_source(nbformat.read(path, as_version=4)))
)


def test_lessons_01_to_06_have_exercises():
    numbers = {path.name[:2] for path in LESSON_NOTEBOOKS}
    assert {"01", "02", "03", "04", "06", "07"} <= numbers


@pytest.mark.slow  # 노트북마다 샌드박스 안에서 한 번 더: README 의 테스트 명령에서는 test_lessons.py 가 같은 판정을 본다
@pytest.mark.parametrize("path", LESSON_NOTEBOOKS, ids=[p.name for p in LESSON_NOTEBOOKS])
def test_answer_key_of_each_lesson_runs_with_every_check_correct(path, tmp_path):
    (key,) = write_answer_keys([path], tmp_path)
    exercises = [q for lesson in key.lessons for q in exercises_of(lesson)]
    assert key.lessons == [f"lesson{path.name[:2]}"]
    # 학생용 노트북에는 수업의 모든 문제의 빈칸이 있고, 정답지는 그것을 모두 채웠다.
    assert sorted(key.filled) == sorted(var for q in exercises for var in q.answers)
    ok, result, problems = verify_answer_key(key.target, timeout=900)  # 학급 채점과 같은 길: 샌드박스, 채점기의 확인
    assert ok, f"{path.name} 의 정답지: {problems}"
    assert result.outcomes == {q.key: Outcome.CORRECT.value for q in exercises}

SOLUTIONS = {"steps": "import math\n\nsteps = math.ceil(60000 / 128)", "loss_name": '"sparse_categorical_crossentropy"'}


def test_fill_blanks_replaces_the_assignment_with_the_solution():
    source = "# 문제 1: ____ 를 답으로 바꾸세요\nloss_name = ____  # 여기에 답\nex.q1.check(loss_name)\n"
    filled, names = fill_blanks(source, SOLUTIONS)
    assert names == ["loss_name"]
    assert filled == (
        "# 문제 1: ____ 를 답으로 바꾸세요\nloss_name = \"sparse_categorical_crossentropy\"\nex.q1.check(loss_name)\n"
    )


def test_fill_blanks_keeps_indentation_and_inserts_statement_solutions():
    source = "if True:\n    steps = ____ / ____\n    print(steps)"
    filled, names = fill_blanks(source, SOLUTIONS)
    assert names == ["steps"]
    assert filled == "if True:\n    import math\n\n    steps = math.ceil(60000 / 128)\n    print(steps)"
    namespace = {}
    exec(filled, namespace)
    assert namespace["steps"] == 469


def test_fill_blanks_handles_multi_line_blanks_and_magic_cells():
    filled, _ = fill_blanks("loss_name = (\n    ____\n)\nprint(loss_name)", SOLUTIONS)
    assert filled == 'loss_name = "sparse_categorical_crossentropy"\nprint(loss_name)'
    filled, _ = fill_blanks("%matplotlib inline\nloss_name = ____\n", SOLUTIONS)
    assert filled == '%matplotlib inline\nloss_name = "sparse_categorical_crossentropy"\n'


def test_fill_blanks_refuses_unknown_and_unfillable_blanks():
    with pytest.raises(AnswerKeyError, match="mystery"):
        fill_blanks("mystery = ____", SOLUTIONS)
    with pytest.raises(AnswerKeyError, match="채우지 못한 빈칸"):
        fill_blanks("print(____)", SOLUTIONS)


def student_notebook(*sources):
    nb = new_notebook(cells=[new_markdown_cell("## 연습문제")] + [new_code_cell(s) for s in sources])
    return nbformat.from_dict(nbtools.normalize(nb))


BLANK_03 = student_notebook(
    "from mnist_lesson.exercises import ____\nfrom mnist_lesson.exercises import lesson03 as ex",
    "import numpy as np\n\nbatch_loss = ____\nex.q1.check(batch_loss)\n# ex.q1.hint()\n# ex.q1.solution()",
    "higher_accuracy = ____\nlower_loss = ____\nex.q2.check(higher_accuracy, lower_loss)",
    "initial_loss_5 = ____\nex.q3.check(initial_loss_5)",
)


def test_make_answer_key_fills_every_blank_and_marks_the_copy():
    original = nbtools.dumps(BLANK_03)
    key, filled, lessons = make_answer_key(BLANK_03, "03_compile.ipynb")
    assert nbtools.dumps(BLANK_03) == original  # 원본 객체는 그대로
    assert lessons == ["lesson03"] and filled == ["batch_loss", "higher_accuracy", "lower_loss", "initial_loss_5"]
    assert "강사용 정답지" in key.cells[0].source and "03_compile.ipynb" in key.cells[0].source
    assert "batch_loss = float(np.mean(-np.log(p_true)))\nex.q1.check(batch_loss)" in key.cells[3].source
    assert key.cells[4].source.startswith('higher_accuracy = "B"\nlower_loss = "A"\nex.q2.check(')
    assert "initial_loss_5 = -np.log(1 / 5)" in key.cells[5].source
    assert nbtools.dumps(key) == nbtools.dumps(nbtools.normalize(key))  # 커밋할 수 있는 깨끗한 노트북


def test_notebook_without_exercises_is_skipped(tmp_path):
    (tmp_path / "handout").mkdir()
    nbformat.write(student_notebook("print('연습문제 없음')"), tmp_path / "handout" / "10_free.ipynb")
    nbformat.write(BLANK_03, tmp_path / "handout" / "03_compile.ipynb")
    keys = write_answer_keys([tmp_path / "handout"], tmp_path / "keys")
    assert [(k.source.name, k.target is not None) for k in keys] == [("03_compile.ipynb", True), ("10_free.ipynb", False)]
    assert "가져오지 않습니다" in keys[1].skipped
    assert sorted(p.name for p in (tmp_path / "keys").iterdir()) == ["03_compile.ipynb"]


def test_answer_keys_never_overwrite_the_originals(tmp_path):
    nbformat.write(BLANK_03, tmp_path / "03_compile.ipynb")
    before = (tmp_path / "03_compile.ipynb").read_text(encoding="utf-8")
    with pytest.raises(AnswerKeyError, match="덮어쓰게"):
        write_answer_keys([tmp_path / "03_compile.ipynb"], tmp_path)
    assert (tmp_path / "03_compile.ipynb").read_text(encoding="utf-8") == before
    assert cli.main(["answer-key", str(tmp_path), "-o", str(tmp_path)]) == 2  # 잘못된 입력


def test_answer_keys_are_not_written_into_the_handout_folder_or_where_they_cannot_be(tmp_path, capsys):
    """나눠 줄 폴더 안의 정답지(함께 나간다)와 쓸 수 없는 출력 폴더는 한국어 오류다(종료 코드 2, 아무것도 쓰지 않음)."""
    handout = tmp_path / "handout"
    handout.mkdir()
    nbformat.write(BLANK_03, handout / "03_compile.ipynb")
    assert cli.main(["answer-key", str(handout), "-o", str(handout / "answers")]) == 2
    assert "학생용 노트북 폴더" in capsys.readouterr().err and not (handout / "answers").exists()
    blocker = tmp_path / "keys.txt"
    blocker.write_text("메모", encoding="utf-8")
    assert cli.main(["answer-key", str(handout), "-o", str(blocker / "keys")]) == 2
    err = capsys.readouterr().err
    assert "에 쓸 수 없습니다" in err and "Traceback" not in err and blocker.read_text(encoding="utf-8") == "메모"
    assert cli.main(["answer-key", str(handout), "-o", str(tmp_path / "answer_keys")]) == 0  # 폴더 밖이면 된다
    capsys.readouterr()
    assert cli.main(["answer-key", str(tmp_path / "answer_keys"), "-o", str(tmp_path / "again")]) == 2  # 정답지의 정답지
    assert "이미 정답지입니다" in capsys.readouterr().out and not (tmp_path / "again").exists()


@pytest.mark.slow  # --verify 는 정답지를 샌드박스 안에서 실행한다(README 의 '느린 검사')
def test_answer_key_command_writes_and_verifies(tmp_path, capsys):
    nbformat.write(BLANK_03, tmp_path / "03_compile.ipynb")
    out = tmp_path / "answer_keys"
    assert cli.main(["answer-key", str(tmp_path / "03_compile.ipynb"), "-o", str(out), "--verify", "--timeout", "60"]) == 0
    printed = capsys.readouterr().out
    assert "빈칸 4개: batch_loss, higher_accuracy, lower_loss, initial_loss_5" in printed
    assert f"확인: {out / '03_compile.ipynb'} … 통과 (완료" in printed
    assert "batch_loss = ____" in nbformat.read(tmp_path / "03_compile.ipynb", as_version=4).cells[2].source


@pytest.mark.slow  # --verify 는 정답지를 샌드박스 안에서 실행한다(README 의 '느린 검사')
def test_verify_reports_a_key_whose_checks_fail(tmp_path, capsys):
    # 빈칸 밖에서 답을 틀린 값으로 바꾸면 정답지도 틀린다: --verify 가 채점기의 확인으로 그것을 잡는다.
    broken = student_notebook(
        "import numpy as np\nfrom mnist_lesson.exercises import ____\nfrom mnist_lesson.exercises import lesson03 as ex",
        "batch_loss = ____\nbatch_loss = 2.6593\nex.q1.check(batch_loss)",
    )
    nbformat.write(broken, tmp_path / "03_broken.ipynb")
    assert cli.main(["answer-key", str(tmp_path / "03_broken.ipynb"), "-o", str(tmp_path / "k"), "--verify",
                     "--timeout", "60"]) == 1
    printed = capsys.readouterr().out
    assert "실패" in printed and "lesson03.q1" in printed and "오답" in printed and "더했습니다" in printed
    assert "lesson03.q2" in printed and "미응답" in printed  # 지운 확인 줄도 되살려 확인한다(답 변수가 없다)


def test_answer_keys_never_overwrite_an_earlier_key_without_force(tmp_path, capsys):
    nbformat.write(BLANK_03, tmp_path / "03_compile.ipynb")
    keys = tmp_path / "keys"
    assert cli.main(["answer-key", str(tmp_path / "03_compile.ipynb"), "-o", str(keys)]) == 0
    edited = keys / "03_compile.ipynb"
    edited.write_text(edited.read_text(encoding="utf-8").replace("강사용 정답지", "강사가 고친 정답지"), encoding="utf-8")
    before = edited.read_bytes()
    capsys.readouterr()
    assert cli.main(["answer-key", str(tmp_path / "03_compile.ipynb"), "-o", str(keys)]) == 0
    printed = capsys.readouterr().out
    assert edited.read_bytes() == before and "이전 결과가 있어" in printed  # 손으로 고친 정답지는 그대로
    (fresh,) = [p for p in tmp_path.iterdir() if p.name.startswith("keys-")]
    assert (fresh / "03_compile.ipynb").is_file() and str(fresh) in printed
    with pytest.raises(AnswerKeyError, match="--force"):
        write_answer_keys([tmp_path / "03_compile.ipynb"], keys)
    assert cli.main(["answer-key", str(tmp_path / "03_compile.ipynb"), "-o", str(keys), "--force"]) == 0
    assert edited.read_bytes() != before
