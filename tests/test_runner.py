"""노트북 실행기: 새 커널에서 처음부터 실행, 오류 셀 알리기, 보관하는 출력의 한도."""

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

from mnist_lesson import runner


def test_execute_runs_in_a_fresh_kernel(tmp_path):
    path = tmp_path / "n.ipynb"
    nb = new_notebook(cells=[new_code_cell("import os\nprint(os.getcwd())")])
    nbformat.write(nb, path)
    out = runner.execute(path, cwd=tmp_path, extra_cells=["print(1 + 1)"])
    assert runner.stream_text(out.cells[0]).strip() == str(tmp_path)
    assert runner.stream_text(out.cells[1]).strip() == "2"
    assert nbformat.read(path, as_version=4).cells[0].outputs == []  # 원본 파일은 그대로


def test_execute_passes_the_environment_and_keeps_what_ran_before_an_error(tmp_path):
    """Colab 검사가 쓰는 길: 커널의 환경 변수를 정하고, 셀에서 오류가 나도 거기까지 실행한 노트북을 keep 에 남긴다."""
    import os

    import pytest
    from nbclient.exceptions import CellExecutionError

    path, keep = tmp_path / "n.ipynb", tmp_path / "ran.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("import os, sys\nprint(os.environ['RUNNER_PROBE'])\n"
                                                     "print('경고', file=sys.stderr)"),
                                       new_code_cell("raise ValueError('셀의 오류')")]), path)
    with pytest.raises(CellExecutionError):
        runner.execute(path, env={**os.environ, "RUNNER_PROBE": "환경 변수가 왔습니다"}, keep=keep)
    ran = nbformat.read(keep, as_version=4)
    assert runner.stream_text(ran.cells[0], "stdout").strip() == "환경 변수가 왔습니다"
    assert runner.stream_text(ran.cells[0], "stderr").strip() == "경고"
    both = runner.stream_text(ran.cells[0])  # 이름이 없으면 둘 다(두 흐름의 순서는 커널이 정한다)
    assert sorted(both.split()) == sorted("환경 변수가 왔습니다 경고".split())


def test_run_notebook_never_raises_and_says_which_cell_failed(tmp_path):
    nb = new_notebook(cells=[new_code_cell("x = 1"), new_code_cell("raise ValueError('셀의 오류')"),
                             new_code_cell("print('여기는 실행되지 않는다')")])
    run = runner.run_notebook(nb, timeout=60, cwd=tmp_path)
    assert (run.status, run.cell, run.reason) == (runner.ERROR, 2, "error")
    assert run.describe() == "셀 2 에서 ValueError: 셀의 오류"
    assert run.describe(lambda i: f"학생 셀 {i + 10}").startswith("학생 셀 12 에서")
    assert run.nb.cells[2].outputs == []  # '모두 실행' 처럼 첫 오류에서 멈춘다


def test_outputs_are_capped_with_a_note():
    nb = new_notebook(cells=[new_code_cell("print('x' * 10**7)"), new_code_cell("print(1)")])
    nb.cells[0].outputs = [new_output("stream", name="stdout", text="x" * 3_000_000)]
    nb.cells[1].outputs = [new_output("display_data", data={"text/plain": "y" * 10, "image/png": "z" * 9_000_000})]
    runner.cap_outputs(nb, limit=2_000_000, one=1_000_000)
    text = nb.cells[0].outputs[0]["text"]
    assert len(text) < 1_100_000 and "보관했습니다" in text
    assert "image/png" not in nb.cells[1].outputs[0].get("data", {})
    assert len(nbformat.writes(nb)) < 2_500_000


def test_the_instructor_command_skips_rfc3987_syntax_too():
    # 강사의 명령(mnist-lesson grade / answer-key)도 nbformat 을 가져오기 전에 'iri' 문법을 건너뛴다(nbimport).
    import subprocess
    import sys

    code = """
import sys
from mnist_lesson import cli
try:
    cli.main(["grade", "--help"])
except SystemExit:
    pass
import nbformat
assert sys.modules["rfc3987_syntax"] is None and "lark" not in sys.modules, "rfc3987_syntax 를 가져왔습니다"
print("건너뜀")
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("건너뜀")


def test_the_runner_command_skips_rfc3987_syntax_and_ipython_and_still_validates_notebooks(tmp_path):
    # 채점기가 제출물마다 부르는 명령(python -m mnist_lesson.runner)은 jsonschema 가 가져올 때 lark 문법을 만드는
    # rfc3987_syntax 도, 커널 폴더를 알려고 IPython 도 가져오지 않는다(제출물마다 1초 남짓과 0.3초 남짓).
    # nbformat 의 읽기·검증·쓰기와 커널 찾기는 그대로여야 한다.
    import subprocess
    import sys

    good = tmp_path / "good.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("print(1)")]), good)
    code = f"""
import runpy, sys
sys.argv = ["runner", "--help"]
try:
    runpy.run_module("mnist_lesson.runner", run_name="__main__")
except SystemExit:
    pass
import nbformat
assert sys.modules["rfc3987_syntax"] is None and "lark" not in sys.modules, "rfc3987_syntax 를 가져왔습니다"
from mnist_lesson import runner
km = runner._client_class()(nbformat.v4.new_notebook(), kernel_name="python3").create_kernel_manager()
assert km.kernel_spec.language == "python" and "IPython" not in sys.modules, "커널을 찾으려고 IPython 을 가져왔습니다"
nb = nbformat.read({str(good)!r}, as_version=4)  # 읽으며 검증한다
nb.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\\n")]
nbformat.validate(nb)
nbformat.validate(nbformat.reads(nbformat.writes(nb), as_version=4))
bad = nbformat.from_dict(dict(nb, cells=[dict(nb.cells[0], outputs=[{{"output_type": "nonsense"}}])]))
try:
    nbformat.validate(bad)
except nbformat.ValidationError:
    print("검증함")
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("검증함")


def test_the_kernel_is_looked_up_in_the_same_folders_as_jupyter_client(tmp_path, monkeypatch):
    from jupyter_client.kernelspec import KernelSpecManager

    for ipython_dir in (None, str(tmp_path / "ipython")):
        if ipython_dir:
            monkeypatch.setenv("IPYTHONDIR", ipython_dir)
        km = runner._client_class()(new_notebook(), kernel_name="python3").create_kernel_manager()
        default = KernelSpecManager()
        assert km.kernel_spec_manager.kernel_dirs == default.kernel_dirs
        assert km.kernel_spec.resource_dir == default.get_kernel_spec("python3").resource_dir
