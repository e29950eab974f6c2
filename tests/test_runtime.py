"""어디에서 실행 중인지(runtime)와 Colab 에서만 가는 길: 사진 올리기, 저장 폴더 안내, 캔버스 안내, 결과 보여 주기."""

import subprocess
import sys
import types

import pytest

from mnist_lesson import canvas, runtime
from mnist_lesson.exercises import core

from conftest import ROOT


@pytest.fixture
def fake_colab(monkeypatch):
    """``google.colab`` 을 가져온 커널처럼(Colab 의 커널은 시작할 때 가져온다). ``files.upload`` 는 정해 둔 답을 준다."""
    files = types.SimpleNamespace(answer={})

    def upload():
        for name, content in files.answer.items():  # 진짜처럼: 같은 이름이 있으면 "이름 (1).확장자" 로 저장
            target, n = runtime.Path(name), 0
            while target.exists():
                n += 1
                target = runtime.Path(f"{target.stem.split(' (')[0]} ({n}){target.suffix}")
            target.write_bytes(content)
        return dict(files.answer)

    files.upload = upload
    colab = types.ModuleType("google.colab")
    colab.files = files
    monkeypatch.setitem(sys.modules, "google.colab", colab)
    monkeypatch.setitem(sys.modules, "google.colab.files", files)
    return files


def test_outside_jupyter_and_colab():
    assert runtime.kernel_shell() is None and not runtime.in_jupyter()  # pytest 는 커널이 아니다
    assert not runtime.in_colab()
    assert runtime.upload_file() is None
    assert runtime.storage_note("/content/artifacts") is None


def test_importing_the_probes_imports_nothing_heavy():
    code = (
        "import sys\n"
        "import mnist_lesson.runtime, mnist_lesson.tfimport, mnist_lesson.bootstrap, mnist_lesson.config, mnist_lesson.canvas\n"
        "from mnist_lesson import runtime\n"
        "runtime.in_jupyter(); runtime.in_colab()\n"
        "print(sorted(m for m in ('tensorflow', 'keras', 'IPython', 'matplotlib', 'anywidget', 'nbformat', 'google.colab')"
        " if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_colab_is_recognised_by_the_module_its_kernel_imports(fake_colab):
    assert runtime.in_colab()
    assert not runtime.in_jupyter()  # Colab 모듈이 있어도 커널이 없으면 위젯을 못 그린다


def test_upload_returns_the_file_colab_saved_and_keeps_existing_files(fake_colab, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my_digit.png").write_bytes(b"old photo")
    fake_colab.answer = {"my_digit.png": b"new photo"}
    path = runtime.upload_file()
    assert path.name == "my_digit (1).png" and path.read_bytes() == b"new photo"
    assert (tmp_path / "my_digit.png").read_bytes() == b"old photo"  # 있던 파일은 그대로
    assert "Cancel upload" in capsys.readouterr().out  # 예시 사진으로 계속하는 법을 먼저 알린다


def test_upload_cancelled_gives_none(fake_colab, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    fake_colab.answer = {}
    assert runtime.upload_file() is None
    assert "올린 파일이 없습니다" in capsys.readouterr().out


def test_upload_of_several_files_uses_the_first_and_says_so(fake_colab, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    fake_colab.answer = {"a.png": b"first", "b.png": b"second"}
    assert runtime.upload_file().read_bytes() == b"first"
    assert "첫 파일만" in capsys.readouterr().out


def test_storage_note_in_colab_points_to_drive(fake_colab):
    note = runtime.storage_note("/content/artifacts")
    assert "/content/artifacts" in note and "MNIST_LESSON_ARTIFACTS" in note and "drive.mount" in note
    assert runtime.storage_note("/content/drive/MyDrive/mnist_lesson") is None  # Drive 에 두면 안내가 필요 없다


@pytest.mark.parametrize("colab", [False, True])
def test_canvas_message_for_missing_packages_fits_the_place(colab, request, monkeypatch):
    if colab:
        request.getfixturevalue("fake_colab")
    monkeypatch.setitem(sys.modules, "anywidget", None)  # 가져오면 ImportError
    ok, why = canvas.widgets_available()
    assert not ok and "anywidget" in why
    if colab:
        assert "JupyterLab" not in why and "!pip install" in why  # Colab 에는 다시 시작할 JupyterLab 이 없다
    else:
        assert "JupyterLab 을 다시 시작" in why


def test_canvas_outside_a_kernel_says_why():
    ok, why = canvas.widgets_available()
    assert not ok and "Jupyter 커널이 아닌" in why


def test_show_prints_plainly_outside_a_kernel(capsys):
    class Thing:
        def __repr__(self):
            return "평문으로 보입니다"

    core.show(Thing())
    assert capsys.readouterr().out.strip() == "평문으로 보입니다"
