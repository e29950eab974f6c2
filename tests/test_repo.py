"""저장소 약속: README 의 명령과 CI 가 같고, 의존성은 버전 범위로 고정되어 있다."""

import re

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command():
    readme_cmd = re.search(r"# 2\) 테스트.*\n(python -m pytest[^\n]*)", README).group(1)
    ci_cmd = [line for line in CI.splitlines() if "pytest" in line and not line.startswith("#")]
    assert ci_cmd == [readme_cmd.replace("python ", "python3 ", 1)]


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


def test_requirements_use_compatible_ranges():
    lines = [l.split("#")[0].strip() for l in (ROOT / "requirements.txt").read_text().splitlines()]
    packages = [l for l in lines if l and not l.startswith("-")]
    names = {re.split(r"[<>=!~\[ ;]", p)[0].lower() for p in packages}
    assert {"tensorflow", "numpy", "matplotlib", "jupyterlab", "nbmake"} <= names
    for spec in packages:
        assert ">=" in spec and "<" in spec, f"{spec}: 하한과 상한을 함께 적습니다"
    assert "-e ." in lines


def test_the_test_command_executes_every_notebook():
    pyproject = (ROOT / "pyproject.toml").read_text()  # tomllib 은 3.11 부터라 정규식으로 읽는다
    assert "--nbmake" in re.search(r'^addopts = "(.*)"', pyproject, re.M).group(1).split()
    assert '"notebooks"' in re.search(r"^testpaths = \[(.*)\]", pyproject, re.M).group(1)
