"""학급 채점의 공격들: 제출물마다 하나씩(x1 만 결과를 꾸미는 두 방법을 함께), 점수를 올리지도, 샌드박스 밖(다른 제출물, 결과 폴더, 강사의 IPython
폴더)을 건드리지도 못해야 한다. 학급은 grading_class.py 가 한 번만 채점한다(샌드박스 필수)."""

import json
import os

import pytest

from grading_class import (CP949_FOLDER, IN_CLASS, KEYS, MEMORY_MIB, MIME_TYPE, graded_class, kept_notebook, kept_text,
                           outcomes)


# 학급을 채점한 작업자에게 이 파일의 테스트를 모은다(pytest-xdist 의 --dist loadgroup 일 때). 다른 분배에서도 학급은
# 한 번만 채점된다(grading_class 의 파일 잠금). 학급 채점은 README 의 '느린 검사'다(grading_class.IN_CLASS).
pytestmark = IN_CLASS
ATTACKS = 8  # x1(결과 꾸미기 두 가지), x3~x5, b0, x7~x9


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    return graded_class(tmp_path_factory)


def test_the_class_was_graded_in_the_sandbox(graded):
    assert graded["code"] == 0, graded["stderr"]
    assert "격리: bubblewrap 샌드박스" in graded["stdout"]


# --- 결과를 꾸미기 ----------------------------------------------------------------------------------------


def test_displaying_the_checks_own_bundle_does_not_decide_a_grade(graded):
    row = graded["rows"]["x1_fake_results"]
    # 커널은 마지막 셀에서 문제마다 확인 함수의 결과 상자(정답)를 위조해 보였지만, 답이 틀려 채점은 오답이다.
    last = kept_notebook(graded, "x1_fake_results").cells[-1]
    assert last.source.startswith("display(")
    assert [o["data"][MIME_TYPE]["exercise"] for o in last.outputs if o["data"][MIME_TYPE]["label"] == "정답"] == KEYS
    assert outcomes(row) == ["오답", "오답", "오답"]


def test_replacing_the_checker_or_check_in_the_kernel_does_not_decide_a_grade(graded):
    row = graded["rows"]["x1_fake_results"]
    assert row["상태"] == "완료"
    assert outcomes(row) == ["오답", "오답", "오답"]
    # 커널은 바꿔치기한 확인으로 가짜 정답을 보여 주었지만(검토용 노트북에 남는다), 채점은 채점기가 했다.
    assert "가짜" in json.dumps(kept_notebook(graded, "x1_fake_results"), ensure_ascii=False)


# --- 보면 안 되는 것 읽기 ---------------------------------------------------------------------------------


def test_the_kernel_cannot_see_the_graders_environment_folders_or_answer_keys(graded):
    text = kept_text(graded, "x3_snoop")
    seen = json.loads(text.split("SEEN ", 1)[1].split("\n", 1)[0])
    paths = graded["paths"]
    for secret in (paths["submissions"], paths["out"], paths["key"].parent):
        assert str(secret) not in text, f"제출물이 채점기의 폴더 {secret} 를 보았습니다"
    assert "STOLEN None" in text
    assert outcomes(graded["rows"]["x3_snoop"]) == ["미응답", "미응답", "미응답"]
    # 채점기의 환경 변수는 하나도 그대로 물려받지 않는다(같은 값일 수밖에 없는 수업 설정과 ipykernel 이 정하는 것 말고는)
    same = {"LANG", "MNIST_LESSON_FAST", "TF_CPP_MIN_LOG_LEVEL", "PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED",
            "MPLBACKEND", "TERM", "CLICOLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "PAGER", "GIT_PAGER", "PYDEVD_USE_FRAME_EVAL"}
    leaked = {key for key, value in os.environ.items() if seen["env"].get(key) == value and key not in same}
    assert not leaked, leaked
    assert "PYTEST_XDIST_TESTRUNUID" not in seen["env"] and "MNIST_LESSON_CAPTURE_DIR" in seen["env"]
    assert seen["env"]["HOME"] == "/home/student" and seen["cwd"] == "/work"
    if os.geteuid() == 0:
        assert seen["uid"] == 65534  # 채점기가 root 여도 커널은 권한 없는 사용자다


# --- 실행 밖으로 나가기 -----------------------------------------------------------------------------------


def test_a_new_session_process_does_not_outlive_the_run(graded):
    assert graded["leftovers"] == []


def test_a_detached_process_cannot_rewrite_the_grades_after_the_grader_exits(graded):
    assert not graded["grades_changed_after_exit"]
    assert outcomes(graded["rows"]["x4_detach"]) == ["미응답", "미응답", "미응답"]
    assert "가짜" not in graded["paths"]["grades"].read_text(encoding="utf-8")
    assert not (graded["paths"]["submissions"] / "late.txt").exists()


# --- 다른 사람을 해치기 ------------------------------------------------------------------------------------


def test_a_submission_cannot_edit_or_delete_other_submissions(graded):
    assert graded["originals_intact"]
    rows = graded["rows"]
    assert outcomes(rows["a_all_right"]) == ["정답", "정답", "정답"]
    assert outcomes(rows["b_some_wrong"]) == ["오답", "정답", "오답"]
    assert "해냈다" not in kept_text(graded, "x5_vandal")


def test_a_submission_cannot_write_into_the_output_or_submissions_folder(graded):
    out = graded["paths"]["out"]
    assert sorted(p.name for p in out.iterdir()) == ["grades.csv", "notebooks", "summary.csv"]
    assert all(p.suffix == ".ipynb" for p in (out / "notebooks").iterdir())
    assert not (graded["paths"]["submissions"] / "evil.txt").exists()


def test_an_ipython_startup_file_reaches_neither_the_next_submission_nor_the_instructor(graded):
    assert list(graded["paths"]["ipython"].rglob("*")) == []  # 강사의 IPYTHONDIR 는 그대로 비어 있다
    # 손대지 않은 제출물(한글 이름의 학생 폴더)은 모든 공격 뒤에 시작해 빈칸 그대로 채점된다
    last = CP949_FOLDER.decode("cp949")
    starts = [line.split(" 시작: ", 1)[1].split(" (")[0] for line in graded["stdout"].splitlines() if " 시작: " in line]
    attacks = [name for name in starts if name.startswith("x") or name == "b0_plant_startup"]
    assert len(attacks) == ATTACKS and all(starts.index(name) < starts.index(last) for name in attacks)
    assert outcomes(graded["rows"][last]) == ["미응답", "미응답", "미응답"]


# --- 제한 ---------------------------------------------------------------------------------------------------


def test_memory_is_limited(graded):
    row = graded["rows"]["x7_memory"]
    assert row["상태"] == "오류" and f"메모리 제한({MEMORY_MIB} MiB)" in row["설명"], row
    assert outcomes(row) == ["정답", "미실행", "미실행"]
    assert "다 잡았다" not in kept_text(graded, "x7_memory")


def test_the_number_of_processes_and_threads_is_limited(graded):
    started = int(kept_text(graded, "x8_threads").split("THREADS", 1)[1].split()[0])
    assert 10 < started < 512  # 기본 한도 512 (커널과 실행기의 스레드도 센다)
    assert outcomes(graded["rows"]["x8_threads"]) == ["정답", "미응답", "미응답"]


def test_a_huge_print_does_not_raise_the_graders_memory_and_is_capped(graded):
    assert graded["peak_mib"] < 200, graded["peak_mib"]  # 80 MB 를 출력했지만 채점기는 잘린 노트북만 읽는다
    kept = graded["paths"]["out"] / graded["rows"]["x9_big_print"]["검토용 노트북"]
    assert kept.stat().st_size < 8 * 1024 * 1024
    assert "보관했습니다" in kept_text(graded, "x9_big_print")
    assert outcomes(graded["rows"]["x9_big_print"]) == ["정답", "미응답", "미응답"]


def test_every_attack_has_its_own_row(graded):
    attacks = [name for name in graded["rows"] if name.startswith("x") or name == "b0_plant_startup"]
    assert len(attacks) == ATTACKS and all(graded["rows"][name]["lesson03.q1"] in ("정답", "오답", "미응답", "미실행")
                                      for name in attacks)
    assert KEYS == ["lesson03.q1", "lesson03.q2", "lesson03.q3"]
