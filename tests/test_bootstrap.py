"""노트북의 생성되는 부분(Colab 배지, 설치 셀, 준비 셀의 첫 줄)과 저장소 주소 한 곳이 맞는지, 설치 셀이 하는 일.

설치 셀을 진짜 Colab 판의 가상 환경에서 실행해 보는 것은 ``scripts/colab_check.py`` 가 한다(.ci/run 이 부른다).
여기서는 pip 을 부르지 않고, 셀이 부르려는 명령과 하는 말을 확인한다.
"""

import importlib.metadata
import importlib.util
import re
import subprocess
import sys
import types

import nbformat
import pytest

from mnist_lesson import bootstrap, nbtools
from mnist_lesson.errors import LessonInputError

from conftest import NOTEBOOKS, ROOT

PATHS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
REPO = bootstrap.load_repository(ROOT / "pyproject.toml")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_address_is_configured_once_in_pyproject():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert pyproject.count("github.com/") == 1  # [project.urls] Repository 한 곳
    assert REPO.url in pyproject and REPO.owner and REPO.name
    assert REPO.install_source == f"git+{REPO.url}@{REPO.ref}"


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_generated_parts_are_up_to_date(path):
    text = path.read_text(encoding="utf-8")
    regenerated = nbtools.dumps(nbtools.normalize(nbformat.reads(nbtools.generated_parts(path, text), as_version=4)))
    assert regenerated == text, f"생성되는 부분이 낡았습니다: python -m mnist_lesson.nbtools notebooks/{path.name}"


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_badge_and_bootstrap_cell_follow_the_configured_address(path):
    nb = nbformat.read(path, as_version=4)
    title = nb.cells[0].source.split("\n")
    assert title[0].startswith(f"# {path.name[:2]}. ") and title[1] == ""
    assert title[2] == REPO.badge(f"notebooks/{path.name}")  # 제목 다음 줄(빈 줄 뒤)이 배지
    assert REPO.colab_url(f"notebooks/{path.name}").endswith(f"/blob/{REPO.ref}/notebooks/{path.name}")
    code = [c for c in nb.cells if c.cell_type == "code"]
    boot = [i for i, c in enumerate(code) if c.source.startswith(bootstrap.BOOTSTRAP_MARKER)]
    assert len(boot) == 1 and code[boot[0]].source == REPO.bootstrap_source()
    assert bootstrap.SETUP_CALL in code[boot[0] + 1].source  # 설치 셀 바로 다음이 준비 셀
    assert code[boot[0] + 1].source.startswith(bootstrap.SETUP_HEAD)
    assert nb.cells[[i for i, c in enumerate(nb.cells) if c is code[boot[0]]][0] - 1].source.startswith("## 준비")


def test_the_bootstrap_cell_never_upgrades_or_forces():
    source = REPO.bootstrap_source()
    assert REPO.install_source in source and bootstrap.WHEEL_ENV in source
    for flag in ("-U", "--upgrade", "--force-reinstall", "--no-deps", "--user"):
        assert f'"{flag}"' not in source
    assert '"-c", pins.name' in source  # 있는 패키지는 지금 버전으로 묶는다
    assert len(source.splitlines()) <= 40  # 짧게


def test_readme_links_use_the_configured_address():
    github = {f"{owner}/{name.removesuffix('.git').rstrip('.')}"
              for owner, name in re.findall(r"https://github\.com/([\w.-]+)/([\w.-]+)", README)}
    assert github == {f"{REPO.owner}/{REPO.name}"}
    colab = re.findall(r"https://colab\.research\.google\.com/github/([^)\s]+)", README)
    assert colab, "README 의 Colab 절에 노트북을 여는 링크가 있어야 합니다"
    for link in colab:
        owner, name, blob, ref, *path = link.split("/")
        assert (owner, name, blob, ref) == (REPO.owner, REPO.name, "blob", REPO.ref)
        assert (ROOT / "/".join(path)).is_file(), f"README 의 Colab 링크가 없는 파일을 가리킵니다: {link}"
    assert "[project.urls]" in README  # 주소를 바꾸는 곳을 README 가 알려 준다


def test_non_github_address_gives_a_korean_error(tmp_path):
    bad = tmp_path / "pyproject.toml"
    bad.write_text('[project.urls]\nRepository = "https://gitlab.com/a/b"\n[tool.mnist-lesson]\nref = "main"\n')
    with pytest.raises(LessonInputError, match="GitHub 저장소 주소가 아닙니다"):
        bootstrap.load_repository(bad)


def _old_style_notebook(later_code: str):
    nb = nbformat.v4.new_notebook()
    old_setup = ('import os\nos.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # 예전 줄\n\nimport math\nimport time\n\n'
                 'from mnist_lesson import config\n\ncfg = config.setup()\ncfg')
    nb.cells = [nbformat.v4.new_markdown_cell("# 07. 제목\n\n본문"), nbformat.v4.new_markdown_cell("## 준비"),
                nbformat.v4.new_code_cell(old_setup), nbformat.v4.new_code_cell(later_code)]
    return nb


def test_apply_is_idempotent_and_converts_the_old_setup_lines():
    once = bootstrap.apply(_old_style_notebook("print(os.cpu_count())"), "notebooks/07_x.ipynb", REPO)
    assert [c.cell_type for c in once.cells] == ["markdown", "markdown", "code", "code", "code"]
    assert once.cells[2].source == REPO.bootstrap_source() and once.cells[2].id == bootstrap.BOOTSTRAP_ID
    setup = once.cells[3].source
    assert setup.startswith(bootstrap.SETUP_HEAD) and "TF_CPP_MIN_LOG_LEVEL" not in setup
    assert "\nimport math\nimport os\nimport time\n" in setup  # os 를 쓰므로 남기되 이름 순으로
    assert once.cells[0].source == f"# 07. 제목\n\n{REPO.badge('notebooks/07_x.ipynb')}\n\n본문"
    twice = bootstrap.apply(nbformat.from_dict(once), "notebooks/07_x.ipynb", REPO)
    assert [c.source for c in twice.cells] == [c.source for c in once.cells]


def test_apply_rewrites_a_tfimport_head_whose_comment_changed():
    nb = _old_style_notebook("print(1)")
    nb.cells[2].source = ("from mnist_lesson import tfimport\ntfimport.import_tensorflow()  # 예전 판의 주석\n\n"
                          "from mnist_lesson import config\n\ncfg = config.setup()\ncfg")
    setup = bootstrap.apply(nb, "notebooks/07_x.ipynb", REPO).cells[3].source
    assert setup == bootstrap.SETUP_HEAD + "\nfrom mnist_lesson import config\n\ncfg = config.setup()\ncfg"


def test_apply_drops_import_os_when_nothing_uses_it():
    setup = bootstrap.apply(_old_style_notebook("print(1)"), "notebooks/07_x.ipynb", REPO).cells[3].source
    assert "import os" not in setup and "\nimport math\nimport time\n" in setup


def test_apply_needs_a_title_and_a_setup_cell():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("제목 없음")]
    with pytest.raises(LessonInputError, match="제목 셀"):
        bootstrap.apply(nb, "notebooks/01_x.ipynb", REPO)
    nb.cells = [nbformat.v4.new_markdown_cell("# 01. 제목"), nbformat.v4.new_code_cell("print(1)")]
    with pytest.raises(LessonInputError, match="준비 셀"):
        bootstrap.apply(nb, "notebooks/01_x.ipynb", REPO)


def test_copies_outside_the_repository_are_left_alone(tmp_path):
    copy = tmp_path / "01_load_and_explore.ipynb"
    text = PATHS[0].read_text(encoding="utf-8").replace(REPO.url, "https://github.com/someone/else")
    copy.write_text(text, encoding="utf-8")
    assert nbtools.generated_parts(copy, text) == text


# --- 설치 셀을 실행해 보기(pip 은 흉내) --------------------------------------------------------------------


def _dist(name, version):
    return types.SimpleNamespace(metadata={"Name": name}, version=version)


@pytest.fixture
def missing_package(monkeypatch):
    """mnist_lesson 이 없는 Colab 처럼: find_spec 은 None, pip 은 명령을 기록하고 패키지 두 개를 '설치' 한다."""
    installed = [_dist("tensorflow", "2.20.0"), _dist("ipykernel", "6.17.1"), _dist("numpy", "2.1.3")]
    calls = []
    real_find_spec = importlib.util.find_spec

    def fake_run(cmd, **kwargs):
        constraints = open(cmd[cmd.index("-c") + 1], encoding="utf-8").read().splitlines()
        calls.append((cmd, constraints))
        if fake_run.fail:  # True 면 버전 충돌, 글이면 pip 이 stderr 에 쓴 그 글
            stderr = fake_run.fail if isinstance(fake_run.fail, str) else "ERROR: ResolutionImpossible: 충돌하는 요구"
            return subprocess.CompletedProcess(cmd, 1, "", stderr)
        installed.extend([_dist("mnist-lesson", "0.1.0"), _dist("matplotlib", "3.9.0")])
        return subprocess.CompletedProcess(cmd, 0, "", "")

    fake_run.fail = False
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "mnist_lesson" else real_find_spec(name, *a))
    monkeypatch.setattr(importlib.metadata, "distributions", lambda: list(installed))
    monkeypatch.setattr(subprocess, "run", fake_run)
    monkeypatch.delenv(bootstrap.WHEEL_ENV, raising=False)
    return calls, fake_run


def test_bootstrap_does_nothing_when_the_package_is_importable(monkeypatch, capsys):
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: pytest.fail("설치할 것이 없는데 pip 을 불렀습니다"))
    exec(REPO.bootstrap_source(), {})
    assert capsys.readouterr().out == ""


def test_bootstrap_installs_without_moving_what_is_installed(missing_package, capsys):
    calls, _ = missing_package
    exec(REPO.bootstrap_source(), {})
    (cmd, constraints), = calls
    assert cmd[:4] == [sys.executable, "-m", "pip", "install"] and cmd[-1] == REPO.install_source
    assert sorted(constraints) == ["ipykernel===6.17.1", "numpy===2.1.3", "tensorflow===2.20.0"]
    out = capsys.readouterr().out
    assert "새로 설치한 패키지 2개: matplotlib, mnist-lesson" in out
    assert "이미 있던 패키지는 하나도 바꾸지 않았습니다" in out and "다시 시작하지 않아도 됩니다" in out


def test_bootstrap_source_can_be_a_wheel_for_instructors(missing_package, monkeypatch):
    calls, _ = missing_package
    monkeypatch.setenv(bootstrap.WHEEL_ENV, "https://example.org/mnist_lesson-0.1.0-py3-none-any.whl")
    exec(REPO.bootstrap_source(), {})
    assert calls[0][0][-1] == "https://example.org/mnist_lesson-0.1.0-py3-none-any.whl"


def test_bootstrap_failure_says_what_happened_in_korean(missing_package):
    _, fake_run = missing_package
    fake_run.fail = True
    with pytest.raises(RuntimeError, match="설치하지 못했습니다") as info:
        exec(REPO.bootstrap_source(), {})
    assert "ResolutionImpossible" in str(info.value)  # pip 의 출력을 그대로 보여 준다


# pip 이 실제로 내는 줄들(pip 24: 버전 충돌, 인터넷 없음; git 으로 받을 때는 git 의 줄)
CONFLICT = ("ERROR: Cannot install mnist-lesson because these package versions have conflicting dependencies.\n"
            "ERROR: ResolutionImpossible: for help visit https://pip.pypa.io/en/latest/topics/dependency-resolution/")
OFFLINE = ("  fatal: unable to access 'https://github.com/o/r/': Could not resolve host: github.com\n"
           "  error: subprocess-exited-with-error")
OFFLINE_INDEX = ("WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection "
                 "broken by 'NewConnectionError(': Failed to establish a new connection: [Errno 101] Network is unreachable')'\n"
                 "ERROR: No matching distribution found for keras>=3")


def test_a_version_conflict_is_not_blamed_on_the_internet(missing_package):
    _, fake_run = missing_package
    fake_run.fail = CONFLICT
    with pytest.raises(RuntimeError, match="버전 충돌") as info:
        exec(REPO.bootstrap_source(), {})
    message = str(info.value)
    assert "인터넷" not in message and "다시 실행해도 같습니다" in message and "강사" in message
    assert "conflicting dependencies" in message  # pip 의 출력도 그대로


@pytest.mark.parametrize("stderr", [OFFLINE, OFFLINE_INDEX], ids=["git", "index"])
def test_no_internet_says_so_and_to_run_again(missing_package, stderr):
    _, fake_run = missing_package
    fake_run.fail = stderr
    with pytest.raises(RuntimeError, match="인터넷에 연결하지 못했습니다") as info:
        exec(REPO.bootstrap_source(), {})
    assert "버전" not in str(info.value).split(stderr)[-1] and "다시 실행하세요" in str(info.value)


def test_an_unknown_pip_failure_names_both_possible_causes(missing_package):
    _, fake_run = missing_package
    fake_run.fail = "ERROR: 알 수 없는 실패"
    with pytest.raises(RuntimeError) as info:
        exec(REPO.bootstrap_source(), {})
    advice = str(info.value).split("알 수 없는 실패")[-1]
    assert "인터넷 연결" in advice and "버전" in advice
