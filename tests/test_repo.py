"""저장소 약속: README 의 명령과 CI 가 같다. (의존성의 범위는 tests/test_packaging.py 가 검사한다.)"""

import re

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command():
    readme_cmd = re.search(r"# 2\) 테스트.*\n(python -m pytest[^\n]*)", README).group(1)
    ci_cmd = [line for line in CI.splitlines() if "pytest" in line and not line.startswith("#")]
    assert ci_cmd[0] == readme_cmd.replace("python ", "python3 ", 1)
    assert ci_cmd[1:] == ["python3 -m pytest -n auto -m slow"]  # 그 밖의 pytest 는 README 의 '느린 검사' 하나


def test_ci_runs_the_readme_setup_command():
    readme_cmd = re.search(r"# 1\) 설치.*\n([^\n#]+)\n", README).group(1).strip()
    assert readme_cmd == "bash scripts/setup.sh"
    assert [line for line in CI.splitlines() if line.startswith("bash ")] == [readme_cmd]


def test_setup_script_installs_requirements_and_the_browser_test_packages():
    script = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    assert "-m pip install" in script and "-r requirements.txt" in script
    assert "apt-get install" in script and "chromium" in script and "fonts-nanum" in script
    assert "MNIST_LESSON_CHROMIUM" in script  # 브라우저 테스트와 같은 변수로 Chromium 을 찾는다
    assert "MNIST_LESSON_CHROMIUM" in (ROOT / "tests" / "test_browser.py").read_text(encoding="utf-8")


def test_readme_setup_command_installs_requirements():
    assert "python -m pip install -r requirements.txt" in README
    assert "jupyter lab notebooks/" in README
    assert "CC BY-SA 3.0" in README and "LeCun" in README and "Cortes" in README


def test_ci_runs_the_colab_check_after_the_test_command():
    lines = [line.strip() for line in CI.splitlines() if line.strip() and not line.startswith("#")]
    assert lines[-1] == "python3 scripts/colab_check.py"
    assert lines.index("python3 -m pytest -n auto") < lines.index("python3 scripts/colab_check.py")
    assert (ROOT / "scripts" / "colab_check.py").is_file() and (ROOT / "scripts" / "colab_stub" / "google" / "colab").is_dir()
    assert not (ROOT / "scripts" / "colab_stub" / "google" / "__init__.py").exists()  # google 은 protobuf 와 함께 쓰는 이름공간
    maintainer = README[README.index("### Colab 검사"):]
    assert "python3 scripts/colab_check.py" in maintainer and "~/.cache/mnist-lesson-colab" in maintainer


def test_readme_starts_with_colab_and_states_the_platforms():
    start = README[README.index("## 시작하기"):README.index("## 노트북\n")]
    assert start.index("### Google Colab 에서") < start.index("### 내 컴퓨터에서")
    platforms = start[start.index("### 지원하는 환경"):]
    for name in ("Linux", "macOS", "Intel", "2.16", "Windows", "Windows on ARM", "Colab", "테스트하지 않습니다"):
        assert name in platforms, name


def test_the_test_command_executes_every_notebook():
    """README 의 테스트 명령이 tests/ 를 모으고, 노트북을 실행하는 tests/test_lessons.py 는 느린 검사로 빠지지 않는다."""
    pyproject = (ROOT / "pyproject.toml").read_text()  # tomllib 은 3.11 부터라 정규식으로 읽는다
    assert re.search(r"^testpaths = \[(.*)\]", pyproject, re.M).group(1) == '"tests"'
    addopts = re.search(r'^addopts = "(.*)"', pyproject, re.M).group(1)
    assert "-m 'not slow'" in addopts
    lessons = (ROOT / "tests" / "test_lessons.py").read_text()
    assert "mark.slow" not in lessons and "pytestmark" not in lessons
    assert "def test_every_lesson_notebook_is_run_here" in lessons


def test_ci_runs_the_slow_checks_the_readme_names():
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert "python3 -m pytest -n auto -m slow" in lines
    assert lines.index("python3 -m pytest -n auto") < lines.index("python3 -m pytest -n auto -m slow")
    assert "python -m pytest -n auto -m slow" in README
