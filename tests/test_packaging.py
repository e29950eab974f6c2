"""패키지: 진짜 의존성이 pyproject.toml 에 Colab 의 판을 포함하는 범위로 있고, wheel 이 글꼴·예시·기록을 담는다."""

import ast
import importlib.metadata
import json
import shutil
import subprocess
import sys
import zipfile

import pytest
from packaging.requirements import Requirement

from mnist_lesson import bootstrap

from conftest import ROOT

PYPROJECT = bootstrap._read_toml(ROOT / "pyproject.toml")
RUNTIME = [Requirement(r) for r in PYPROJECT["project"]["dependencies"]]
EXTRAS = {name: [Requirement(r) for r in reqs] for name, reqs in PYPROJECT["project"]["optional-dependencies"].items()}
# Colab 이 설치해 둔 판(scripts/colab_check.py 의 COLAB_PINS 와 같다)
COLAB = {"tensorflow": "2.20.0", "keras": "3.13.2", "numpy": "2.1.3", "ipykernel": "6.17.1",
         "ipython": "7.34.0", "ipywidgets": "7.7.1", "anywidget": "0.9.21"}
# 수업에는 필요 없는 것: 수업만 설치하면(pip install .) 따라오지 않는다
NOT_FOR_LESSONS = {"jupyterlab", "pytest", "pytest-xdist", "nbmake", "playwright", "nbclient", "ipykernel"}
# 커널 안에서만 가져오는 것(Jupyter 가 있으면 늘 있다): runtime.kernel_shell, exercises.core.show
PROVIDED_BY_THE_KERNEL = {"IPython"}


def _all_requirements():
    return RUNTIME + [r for reqs in EXTRAS.values() for r in reqs]


def test_the_colab_check_uses_the_same_pins():
    source = (ROOT / "scripts" / "colab_check.py").read_text(encoding="utf-8")
    pins = ast.literal_eval(source.split("COLAB_PINS = ", 1)[1].split("\n}\n", 1)[0] + "\n}")
    assert pins == COLAB


def test_every_requirement_has_a_range():
    for req in _all_requirements():
        if req.name == "mnist-lesson":  # [test] 가 [lab, instructor] 를 포함한다
            continue
        ops = {spec.operator for spec in req.specifier}
        assert ">=" in ops and "<" in ops, f"{req}: 하한과 상한을 함께 적습니다"


def test_ranges_include_what_colab_has():
    for req in _all_requirements():
        if req.name in COLAB:
            assert req.specifier.contains(COLAB[req.name]), f"{req} 이 Colab 의 {req.name} {COLAB[req.name]} 를 받지 않습니다"
    named = {r.name for r in RUNTIME} | {r.name for r in EXTRAS["lab"]}
    assert {"tensorflow", "keras", "numpy", "ipywidgets", "anywidget", "ipykernel"} <= named


def test_a_lesson_only_install_brings_no_lab_or_test_tools():
    assert not {r.name for r in RUNTIME} & NOT_FOR_LESSONS
    assert {"pytest", "pytest-xdist", "nbmake", "playwright"} <= {r.name for r in EXTRAS["test"]}
    assert "jupyterlab" in {r.name for r in EXTRAS["lab"]}
    assert {"nbclient", "ipykernel"} <= {r.name for r in EXTRAS["instructor"]}


def _imported_modules():
    """mnist_lesson 의 모든 모듈이 가져오는(함수 안에서 늦게 가져오는 것 포함) 최상위 외부 모듈."""
    found = set()
    for path in (ROOT / "mnist_lesson").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"mnist_lesson", "__future__", "google", "tomli"}


def test_every_third_party_import_is_declared():
    declared = {r.name.lower() for r in _all_requirements()}
    runtime = {r.name.lower() for r in RUNTIME}
    owners = importlib.metadata.packages_distributions()
    for module in sorted(_imported_modules() - PROVIDED_BY_THE_KERNEL):
        dists = {d.lower() for d in owners.get(module, [])}
        assert dists & declared, f"mnist_lesson 이 가져오는 {module} 모듈의 배포판({dists})이 pyproject.toml 에 없습니다"
        if module not in {"nbclient", "jupyter_client", "jupyter_core"}:  # 강사용 명령만 쓴다([instructor])
            assert dists & runtime, f"{module} 모듈은 수업에 쓰이므로 dependencies 에 있어야 합니다"


def test_requirements_txt_is_one_line_for_the_whole_environment():
    lines = [l.split("#")[0].strip() for l in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()]
    assert [l for l in lines if l] == ["-e .[lab,instructor,test]"]
    assert set(EXTRAS) == {"lab", "instructor", "test"}


# 두 wheel 테스트를 한 작업자에 모아(pytest-xdist 의 --dist loadgroup) wheel 을 한 번만 빌드한다. pip 로 wheel 을 빌드하므로
# README 의 '느린 검사'다(.ci/run 의 Colab 검사도 같은 wheel 을 빌드해 설치한다).
wheel_group = pytest.mark.xdist_group("wheel")


@pytest.fixture(scope="module")
def installed_wheel(tmp_path_factory):
    """저장소 밖에 만든 wheel 을 풀어 놓은 폴더(설치된 것과 같은 모양). 빌드는 이 기계의 setuptools 로 한다(인터넷 없이)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "mnist_lesson", source / "mnist_lesson", ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", str(source),
                    "-w", str(work / "dist")], check=True, capture_output=True)
    wheel, = (work / "dist").glob("mnist_lesson-*.whl")
    site = work / "site"
    zipfile.ZipFile(wheel).extractall(site)
    return wheel, site


@wheel_group
@pytest.mark.slow
def test_wheel_contains_fonts_samples_and_recorded_histories(installed_wheel):
    wheel, _ = installed_wheel
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder, pattern in (("fonts", "*.ttf"), ("fonts", "OFL.txt"), ("samples", "*.png"), ("recorded", "*.json")):
        expected = {f"mnist_lesson/{folder}/{p.name}" for p in (ROOT / "mnist_lesson" / folder).glob(pattern)}
        assert expected and expected <= names, f"wheel 에 {folder}/{pattern} 이 빠졌습니다"
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("METADATA"))).decode()
    assert f"Project-URL: Repository, {bootstrap.load_repository(ROOT / 'pyproject.toml').url}" in metadata


@wheel_group
@pytest.mark.slow
def test_installed_wheel_finds_its_files_outside_the_repository(installed_wheel, tmp_path):
    _, site = installed_wheel
    code = (
        "import json, importlib.resources, mnist_lesson\n"
        "from mnist_lesson import fonts\n"
        "root = importlib.resources.files('mnist_lesson')\n"
        "recorded = [json.loads(p.read_text(encoding='utf-8')) for p in (root / 'recorded').iterdir() if p.name.endswith('.json')]\n"
        "print(json.dumps({'package': mnist_lesson.__file__, 'fonts': [p.is_file() for p in fonts.font_paths()],\n"
        "                  'font': fonts.use_korean_font(),\n"
        "                  'samples': sorted(p.name for p in (root / 'samples').iterdir() if p.name.endswith('.png')),\n"
        "                  'recorded': len(recorded)}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "MPLCONFIGDIR": str(tmp_path / "mpl")})
    report = json.loads(out.stdout)
    assert report["package"].startswith(str(site))  # 저장소가 아니라 풀어 놓은 wheel 에서 가져왔다
    assert report["fonts"] == [True, True] and report["font"] == "NanumGothic"
    assert report["samples"] == sorted(p.name for p in (ROOT / "mnist_lesson" / "samples").glob("*.png"))
    assert report["recorded"] == len(list((ROOT / "mnist_lesson" / "recorded").glob("*.json"))) >= 1


def test_package_version_matches_pyproject():
    import mnist_lesson

    assert mnist_lesson.__version__ == PYPROJECT["project"]["version"]
