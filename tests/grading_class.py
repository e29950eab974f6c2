"""학급 채점 테스트가 함께 쓰는 학급 하나: 정직한 제출물, 망가진 파일, 강사의 불편을 재현하는 모양, 공격하는 제출물.

제출물은 TensorFlow 를 쓰지 않는 03 수업 문제로 작게 만들고, 명령줄 도구를 별도 프로세스로 한 번만 실행한다
(``--jobs 2``). pytest-xdist 의 작업자 여럿이 이 학급을 쓰면 먼저 온 작업자만 채점하고 나머지는 그 결과를 읽는다.
"""

import csv
import fcntl
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from mnist_lesson.exercises import lesson03
from mnist_lesson.exercises.core import MIME_TYPE

# 이 학급을 쓰는 테스트의 표시: 학급을 채점한 작업자에게 모으고(pytest-xdist 의 --dist loadgroup), README 의 '느린 검사'로
# 둔다(샌드박스 안의 제출물 열네 개, 2코어에서 25초쯤. README 의 테스트 명령에서는 빠지고 .ci/run 이 -m slow 로 돌린다).
IN_CLASS = [pytest.mark.xdist_group("graded_class"), pytest.mark.slow]


def in_class(test):
    """테스트 함수에 ``IN_CLASS`` 의 표시를 붙인다(``@in_class``)."""
    for mark in IN_CLASS:
        test = mark(test)
    return test


# 노트북 하나의 제한 시간(초): 작은 정직한 제출물은 샌드박스에서 혼자면 1.7~1.9초, 이 학급을 바쁜 2코어 기계에서
# 채점하는 테스트 안에서도 4.6초 안쪽이다(채점표의 시간(초), 실행기의 시작 포함. 잰 값). 끝나지 않는 제출물은 이만큼
# 자리를 차지하므로 가장 느린 정직한 제출물의 3배 남짓으로 잡는다.
LIMIT = 14
MEMORY_MIB = 1024  # 메모리 한도: 작은 제출물에는 넉넉하고, 3 GiB 를 잡으려는 제출물은 막힌다
KEYS = [q.key for q in (lesson03.q1, lesson03.q2, lesson03.q3)]
MARKER = f"MNIST_ATTACK_{uuid.uuid4().hex[:12]}"
KEY_MARK = f"강사용 정답지 {uuid.uuid4().hex[:8]}"

SETUP = "from mnist_lesson.exercises import ____\nfrom mnist_lesson.exercises import lesson03 as ex"
Q1_RIGHT = "batch_loss = 1.3296\nex.q1.check(batch_loss)"
Q1_WRONG = "batch_loss = 2.6593  # 평균 대신 합\nex.q1.check(batch_loss)"
Q1_BLANK = "batch_loss = ____\nex.q1.check(batch_loss)\n# ex.q1.hint()\n# ex.q1.solution()"
Q2_RIGHT = 'higher_accuracy = "B"\nlower_loss = "A"\nex.q2.check(higher_accuracy, lower_loss)'
Q2_WRONG = 'higher_accuracy = "A"\nlower_loss = "B"\nex.q2.check(higher_accuracy, lower_loss)'
Q2_BLANK = "higher_accuracy = ____\nlower_loss = ____\nex.q2.check(higher_accuracy, lower_loss)"
Q3_RIGHT = "import math\ninitial_loss_5 = -math.log(1 / 5)\nex.q3.check(initial_loss_5)\nprint('끝')"
Q3_NUMPY = "import numpy as np\ninitial_loss_5 = -np.log(np.float32(0.2))  # NumPy 스칼라도 숫자다\nex.q3.check(initial_loss_5)"
Q3_WRONG = "initial_loss_5 = 0.2\nex.q3.check(initial_loss_5)"
Q3_BLANK = "initial_loss_5 = ____\nex.q3.check(initial_loss_5)"
BLANKS = (SETUP, Q1_BLANK, Q2_BLANK, Q3_BLANK)


def notebook(*sources, kernel="python3"):
    nb = new_notebook(cells=[new_markdown_cell("# 03 컴파일: 연습문제")] + [new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": kernel, "display_name": kernel, "language": "python"}
    return nb


def attacks(paths: dict) -> dict:
    """공격하는 제출물들. ``paths`` 는 채점기 쪽의 실제 경로(제출물 폴더, 결과 폴더, 정답지, 강사의 IPython 폴더)."""
    p = {k: str(v) for k, v in paths.items()}
    fake_bundle = "\n".join(
        f"display({{{MIME_TYPE!r}: {{'exercise': {key!r}, 'lesson': '03', 'number': {i}, 'outcome': 'correct', "
        f"'label': '정답'}}, 'text/plain': '[정답]'}}, raw=True)" for i, key in enumerate(KEYS, start=1))
    snoop = f"""
import glob, json, os, pathlib
seen = {{"uid": os.getuid(), "env": dict(os.environ), "cwd": os.getcwd()}}
for pid in ("1", str(os.getppid()), "self"):
    for what in ("cmdline", "environ", "mountinfo"):
        try:
            seen[pid + "/" + what] = open(f"/proc/{{pid}}/{{what}}", "rb").read().decode("utf-8", "replace")
        except OSError as exc:
            seen[pid + "/" + what] = type(exc).__name__
    try:
        seen[pid + "/cwd"] = os.readlink(f"/proc/{{pid}}/cwd")
    except OSError as exc:
        seen[pid + "/cwd"] = type(exc).__name__
stolen = None
candidates = [{p['key']!r}, os.path.join(os.environ.get("PWD", "/"), "keys", "03_compile.ipynb")]
for root in ("/work", "/in", "/out", "/home", "/tmp", "/opt", os.environ.get("PWD", "/work")):
    candidates += glob.glob(os.path.join(root, "**", "*.ipynb"), recursive=True)[:200]
for path in candidates:
    try:
        text = open(path, encoding="utf-8").read()
    except OSError:
        continue
    if {KEY_MARK[::-1]!r}[::-1] in text:  # 정답지에만 있는 표시(이 셀에는 거꾸로 적어 자기 자신과 헷갈리지 않게)
        stolen = path
        for cell in json.loads(text)["cells"]:
            if cell["cell_type"] == "code" and "ex.q" not in "".join(cell["source"]):
                exec("".join(cell["source"]))
print("SEEN", json.dumps(seen, ensure_ascii=False))
print("STOLEN", stolen)
"""
    detach = f"""
import subprocess, sys, time
code = '''# {MARKER}
import os, time
for _ in range(600):
    for path in ({p['grades']!r}, {p['submissions']!r} + "/late.txt"):
        try:
            with open(path, "w") as f:
                f.write("학생,상태\\\\n가짜,완료\\\\n")
        except OSError:
            pass
    time.sleep(0.1)
'''
subprocess.Popen([sys.executable, "-c", code], start_new_session=True,
                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
if os_fork := getattr(__import__("os"), "fork", None):
    if os_fork() == 0:  # 두 번 떼어 낸 데몬: 부모가 바로 끝나 init 에 맡겨진다
        import os
        os.setsid()
        if os.fork() == 0:
            os.execv(sys.executable, [sys.executable, "-c", code])
        os._exit(0)
time.sleep(0.5)
"""
    vandal = f"""
import os, shutil
for action in (lambda: open({p['victim']!r}, "w").write("{{}}"),
               lambda: os.remove({p['victim2']!r}),
               lambda: open({p['out']!r} + "/evil.txt", "w").write("x"),
               lambda: open({p['submissions']!r} + "/evil.txt", "w").write("x"),
               lambda: open("/in/submission.ipynb", "w").write("x"),
               lambda: shutil.rmtree({p['out']!r})):
    try:
        action()
        print("해냈다")
    except OSError as exc:
        print("막힘", type(exc).__name__)
"""
    planter = f"""
import os
evil = "batch_loss = 1.3296\\nhigher_accuracy = 'B'\\nlower_loss = 'A'\\ninitial_loss_5 = 1.6094\\n"
for folder in (os.path.expanduser("~/.ipython"), os.environ.get("IPYTHONDIR", "/nowhere"), {p['ipython']!r}):
    try:
        os.makedirs(os.path.join(folder, "profile_default", "startup"), exist_ok=True)
        open(os.path.join(folder, "profile_default", "startup", "00-evil.py"), "w").write(evil)
        print("심음", folder)
    except OSError as exc:
        print("막힘", folder, type(exc).__name__)
"""
    replace = ("from mnist_lesson.exercises import core\n"
               "ex.q1.checker = ex.q2.checker = ex.q3.checker = lambda *answers: None\n"
               "core.Exercise.evaluate = lambda self, *values: core.CheckResult(self, core.Outcome.CORRECT, '가짜')\n"
               "core.Exercise.check = lambda self, *values: core.show(core.CheckResult(self, core.Outcome.CORRECT, '가짜'))")
    memory = "import numpy as np\nhog = np.ones(3 * 2**30, dtype=np.uint8)  # 3 GiB\nprint('다 잡았다', hog.sum())"
    threads = ("import threading, time\nstarted = 0\ntry:\n    for _ in range(5000):\n"
               "        threading.Thread(target=time.sleep, args=(30,), daemon=True).start()\n        started += 1\n"
               "except RuntimeError:\n    pass\nprint('THREADS', started)")
    big = "print('x' * 80_000_000)"
    return {
        # 커널이 보여 주는 결과를 꾸미는 두 방법(확인 함수 바꿔치기, 결과 상자 위조)은 같은 것을 보인다: 채점기는 커널이
        # 보여 준 것을 쓰지 않는다. 그래서 한 노트북에서 둘 다 한다(틀린 답에 가짜 정답이 두 번 보인다).
        "x1_fake_results.ipynb": notebook(SETUP, replace, Q1_WRONG, Q2_WRONG, Q3_WRONG, fake_bundle),
        "x3_snoop.ipynb": notebook(SETUP, snoop, Q1_BLANK, Q2_BLANK, Q3_BLANK),
        "x4_detach.ipynb": notebook(SETUP, detach, *BLANKS[1:]),
        "x5_vandal.ipynb": notebook(SETUP, vandal, *BLANKS[1:]),
        "b0_plant_startup.ipynb": notebook(SETUP, planter, *BLANKS[1:]),
        "x7_memory.ipynb": notebook(SETUP, Q1_RIGHT, memory, Q2_RIGHT, Q3_RIGHT),
        "x8_threads.ipynb": notebook(SETUP, threads, Q1_RIGHT, Q2_BLANK, Q3_BLANK),
        "x9_big_print.ipynb": notebook(SETUP, big, Q1_RIGHT, Q2_BLANK, Q3_BLANK),
    }


HONEST = {
    "a_all_right.ipynb": notebook(SETUP, Q1_RIGHT, Q2_RIGHT, Q3_RIGHT),
    "b_some_wrong.ipynb": notebook(SETUP, Q1_WRONG, Q2_RIGHT, Q3_WRONG),
    "d_raises.ipynb": notebook(SETUP, Q1_RIGHT, "raise RuntimeError('학생 코드의 오류')", Q2_RIGHT, Q3_RIGHT),
    "e_loops_forever.ipynb": notebook(SETUP, Q1_RIGHT, "import time\nwhile True:\n    time.sleep(0.5)", Q2_RIGHT),
    # 가져오기 셀을 지우고, 확인 줄의 인자를 정답으로 바꾸고(되살아나서 batch_loss 변수를 본다), 문제 3의 확인 줄을 지웠다.
    "f_edited_checks.ipynb": notebook(
        "batch_loss = 99.0\nex.q1.check(1.3296)",
        'higher_accuracy = ____\nlower_loss = ____\nex.q2.check("B", "A")',
        Q3_NUMPY.split("\nex.q3")[0], kernel="no-such-kernel"),
}
BROKEN = {
    "g_malformed.ipynb": '{"cells": [{"cell_type": "code", "source": "1 +',
    "h_essay.txt": "제 숙제는 공책에 적었습니다.",
    "i_not_a_notebook.ipynb": json.dumps({"hello": "world"}),
    "j_binary.pdf": b"%PDF-1.4\x00\xff\xfe binary",
    "박민수.ipynb": "{깨진 JSON",
}
CP949_FOLDER = "김영희_20240301_assignsubmission_file_".encode("cp949")
OTHER_LESSON = notebook("from mnist_lesson.exercises import ____\nfrom mnist_lesson.exercises import lesson02 as ex",
                        "first_dense_params = 784 * 256 + 256\nex.q1.check(first_dense_params)")


def read_csv(path):
    """채점표를 읽는다(``#`` 로 시작하는 머리말과 끝 줄은 건너뛴다)."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def _build(root: Path) -> dict:
    folder, out = root / "submissions", root / "grades"
    keys, ipython = root / "keys", root / "instructor_ipython"
    for d in (folder, keys, ipython):
        d.mkdir(parents=True)
    (keys / "03_compile.ipynb").write_text(json.dumps(notebook(
        f"# > **{KEY_MARK}**", SETUP, Q1_RIGHT, Q2_RIGHT, Q3_RIGHT)), encoding="utf-8")
    paths = {"submissions": folder, "out": out, "grades": out / "grades.csv", "key": keys / "03_compile.ipynb",
             "victim": folder / "a_all_right.ipynb", "victim2": folder / "b_some_wrong.ipynb", "ipython": ipython}
    for name, nb in {**HONEST, **attacks(paths)}.items():
        nbformat.write(nb, folder / name)
    for name, content in BROKEN.items():
        (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    (folder / ".DS_Store").write_bytes(b"\x00")             # 숨김 파일은 제출물이 아니다
    (folder / ".hidden").mkdir()                            # 숨김 폴더도
    nbformat.write(OTHER_LESSON, folder / "z_lesson02.ipynb")  # 다른 수업의 노트북
    (folder / "빈폴더_학생").mkdir()                          # 빈 학생 폴더
    student = os.path.join(os.fsencode(str(folder)), CP949_FOLDER)  # CP949 이름의 학생 폴더(Windows 의 zip)
    os.makedirs(os.path.join(student, b"old"))
    nbformat.write(notebook(SETUP, Q1_RIGHT, Q2_RIGHT, Q3_RIGHT),
                   os.path.join(student, b"old", b"03_compile_old.ipynb").decode("utf-8", "surrogateescape"))
    time.sleep(0.05)
    # 가장 최근 것은 손대지 않은 제출물이다. 한글 이름이라 모든 공격(ASCII 이름) 뒤에 채점된다.
    nbformat.write(notebook(*BLANKS), os.path.join(student, b"03_compile.ipynb").decode("utf-8", "surrogateescape"))
    originals = {name: (folder / name).read_bytes() for name in ("a_all_right.ipynb", "b_some_wrong.ipynb")}
    return {"paths": paths, "originals": originals}


def _peak_rss(pid: int, stop: threading.Event, box: dict) -> None:
    while not stop.is_set():
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    box["peak_kib"] = max(box.get("peak_kib", 0), int(line.split()[1]))
        except OSError:
            return
        time.sleep(0.05)


def graded_class(tmp_path_factory) -> dict:
    """학급을 한 번 채점한 결과: 경로들, 종료 코드, 화면 출력, 채점표 줄, 요약표, 채점기의 최대 메모리 등.

    pytest-xdist 의 작업자들은 같은 세션 폴더(``getbasetemp().parent``)를 나눠 쓰므로 거기서 만난다. pytest 가 오래된
    세션 폴더를 지우므로 따로 치우지 않는다.
    """
    base = tmp_path_factory.getbasetemp()
    root = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "grading-class"
    root.mkdir(exist_ok=True)
    with open(root / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = root / "result.json"
        if not done.exists():
            built = _build(root / "class")
            paths = built["paths"]
            env = dict(os.environ, IPYTHONDIR=str(paths["ipython"]))
            proc = subprocess.Popen(
                [sys.executable, "-m", "mnist_lesson", "grade", str(paths["submissions"]), "-o", str(paths["out"]),
                 "--lesson", "03", "--timeout", str(LIMIT), "--jobs", "2", "--memory", str(MEMORY_MIB),
                 "--sandbox", "required"],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=root)
            stop, box = threading.Event(), {}
            watcher = threading.Thread(target=_peak_rss, args=(proc.pid, stop, box), daemon=True)
            watcher.start()
            stdout, stderr = proc.communicate(timeout=900)
            stop.set()
            grades_after = paths["grades"].read_bytes()
            time.sleep(1.5)  # 떼어 낸 프로세스가 남았다면 그동안 채점표를 고쳤을 것이다
            leftovers = [entry.name for entry in Path("/proc").iterdir() if entry.name.isdigit()
                         and MARKER.encode() in _cmdline(entry)]
            result = {"code": proc.returncode, "stdout": stdout, "stderr": stderr, "peak_mib": box.get("peak_kib", 0) / 1024,
                      "grades_changed_after_exit": paths["grades"].read_bytes() != grades_after,
                      "leftovers": leftovers,
                      "originals_intact": all((paths["submissions"] / n).is_file() and (paths["submissions"] / n)
                                              .read_bytes() == b for n, b in built["originals"].items()),
                      "paths": {k: str(v) for k, v in paths.items()}}
            done.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
        result = json.loads(done.read_text(encoding="utf-8"))
    paths = {k: Path(v) for k, v in result["paths"].items()}
    result["paths"] = paths
    result["rows"] = {row["학생"]: row for row in read_csv(paths["grades"])}
    result["summary"] = {row["문제"]: row for row in read_csv(paths["out"] / "summary.csv")}
    return result


def _cmdline(entry: Path) -> bytes:
    try:
        return (entry / "cmdline").read_bytes()
    except OSError:
        return b""


def outcomes(row):
    return [row[key] for key in KEYS]


def kept_notebook(result, student):
    return nbformat.read(result["paths"]["out"] / result["rows"][student]["검토용 노트북"], as_version=4)


def kept_text(result, student) -> str:
    nb = kept_notebook(result, student)
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
