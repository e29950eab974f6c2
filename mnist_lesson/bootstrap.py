"""수업 노트북의 생성되는 부분: 제목 셀의 "Colab 에서 열기" 배지, 준비 셀 앞의 설치(bootstrap) 셀, 준비 셀의 첫 줄.

세 가지 모두 저장소의 주소 한 곳(``pyproject.toml`` 의 ``[project.urls] Repository``)과 브랜치·태그
(``[tool.mnist-lesson] ref``)에서 만든다. 주소를 바꾸면 ``python -m mnist_lesson.nbtools notebooks/*.ipynb`` 를
다시 실행하면 되고, ``tests/test_bootstrap.py`` 가 노트북·README 가 그 주소와 같은지 검사한다.

설치 셀은 ``mnist_lesson`` 을 가져올 수 있으면(저장소의 JupyterLab, CI) 아무것도 하지 않는다. 없으면(Colab 에서
노트북만 열었을 때) 이 저장소를 설치하되, 이미 설치된 패키지는 모두 지금 버전으로 묶어(pip 의 constraints) 없는 것만
새로 설치한다: ``-U`` 없이, Colab 이 고정한 패키지를 하나도 바꾸지 않으므로 런타임을 다시 시작할 필요가 없다.
강사는 ``MNIST_LESSON_WHEEL`` 에 wheel 파일의 경로나 URL 을 주어 설치 원본을 바꿀 수 있다.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from mnist_lesson.errors import LessonInputError

WHEEL_ENV = "MNIST_LESSON_WHEEL"  # 강사용: 설치 원본(wheel 파일의 경로나 URL)
BOOTSTRAP_MARKER = "# 준비 0: mnist_lesson 패키지 확인"  # 설치 셀의 첫 줄(뼈대 검사가 이것으로 알아본다)
BOOTSTRAP_ID = "bootstrap"  # 설치 셀의 셀 ID(노트북마다 같다)
BADGE_ALT = "Colab 에서 열기"
BADGE_IMAGE = "https://colab.research.google.com/assets/colab-badge.svg"
SETUP_CALL = "config.setup("  # 준비 셀을 알아보는 글
TITLE = re.compile(r"^# \d\d\. ")
_GITHUB = re.compile(r"^https://github\.com/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+?)(?:\.git)?/?$")

# 준비 셀의 첫 줄: TensorFlow 를 먼저, 알려진 안내(시작할 때, 커널에서는 학습을 시작할 때도)만 걸러서 가져온다(tfimport 모듈).
# 학생이 읽는 셀이라 주석도 합니다체로 쓴다.
SETUP_HEAD = (
    "from mnist_lesson import tfimport\n"
    "tfimport.import_tensorflow()  # TensorFlow 를 먼저 가져옵니다: TensorFlow 가 늘 내는 알려진 안내 몇 줄만 거르고, "
    "다른 경고와 오류는 그대로 보입니다\n"
)
# 주석만 다른 예전 판의 첫 줄도 알아본다: tfimport 를 가져와 부르는 두 줄이면 지금의 SETUP_HEAD 로 바꾼다.
_TFIMPORT_HEAD = re.compile(r"\Afrom mnist_lesson import tfimport\ntfimport\.import_tensorflow\(\)[^\n]*\n")
# 예전 준비 셀의 첫 줄(이 줄은 C++ 시작 안내를 끄지 못했고, 오류 로그까지 숨겼다). 새 첫 줄로 바꾼다.
_LEGACY_HEAD = re.compile(r'\Aimport os\nos\.environ\.setdefault\("TF_CPP_MIN_LOG_LEVEL", "\d"\)[^\n]*\n\n?')

BOOTSTRAP_TEMPLATE = '''\
{marker} (python -m mnist_lesson.nbtools 가 만드는 셀입니다. 고치지 마세요)
# 패키지가 있으면(저장소의 JupyterLab) 아무것도 하지 않습니다. 없으면(Colab 등) 설치하되, 이미 있는 패키지는 그대로 둡니다.
import importlib.metadata, importlib.util, os, subprocess, sys, tempfile


def installed_versions():  # 설치된 패키지의 이름 → 버전(같은 이름이 둘이면 먼저 보이는 것)
    found = {{}}
    for dist in importlib.metadata.distributions():
        if dist.metadata["Name"]:  # 망가진 설치는 이름이 없습니다
            found.setdefault(dist.metadata["Name"], dist.version)
    return found


if importlib.util.find_spec("mnist_lesson") is None:
    source = os.environ.get("{wheel_env}") or "{source}"
    print(f"mnist_lesson 패키지가 없어서 설치합니다: {{source}}", flush=True)
    before = installed_versions()
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as pins:  # 있는 패키지는 지금 버전으로 묶습니다
        pins.write("\\n".join(f"{{name}}==={{version}}" for name, version in before.items()))
    done = subprocess.run([sys.executable, "-m", "pip", "install", "-c", pins.name, source], capture_output=True, text=True)
    if done.returncode != 0:  # pip 의 출력으로 까닭을 가립니다: 버전 충돌, 인터넷, 그 밖의 것
        err = done.stderr
        if "ResolutionImpossible" in err or "conflicting dependencies" in err:
            why = ("pip 이 패키지 버전을 맞추지 못했습니다(버전 충돌): 이 셀은 이미 있는 패키지를 지금 버전으로 묶어 두는데, "
                   "mnist_lesson 패키지가 다른 버전을 요구합니다. 다시 실행해도 같습니다: 이 런타임에 다른 패키지를 직접 "
                   "설치했다면 런타임을 초기화한 뒤 다시 해 보고, 그래도 안 되면 위 출력을 강사에게 보여 주세요.")
        elif any(sign in err for sign in ("resolve host", "name resolution", "establish a new connection", "unreachable", "timed out")):
            why = "인터넷에 연결하지 못했습니다. 연결(회사·학교 방화벽 포함)을 확인하고 이 셀을 다시 실행하세요."
        else:
            why = ("까닭은 위 출력의 ERROR 줄에 있습니다. 인터넷 연결 문제라면 연결을 확인하고 이 셀을 다시 실행하고, "
                   "패키지 버전 문제라면 다시 실행해도 같으니 위 출력을 강사에게 보여 주세요.")
        raise RuntimeError(f"mnist_lesson 패키지를 설치하지 못했습니다(설치 원본: {{source}}). pip 의 마지막 출력:\\n{{err[-2000:]}}\\n{{why}}")
    importlib.invalidate_caches()
    after = installed_versions()
    added = sorted(name for name in after if name not in before)
    changed = sorted(name for name in before if after.get(name) != before[name])
    print(f"설치했습니다. 새로 설치한 패키지 {{len(added)}}개: {{', '.join(added)}}")
    print("이미 있던 패키지는 하나도 바꾸지 않았습니다. 런타임을 다시 시작하지 않아도 됩니다." if not changed
          else f"바뀐 패키지가 있습니다: {{', '.join(changed)}}. 런타임을 다시 시작하세요.")'''


@dataclass(frozen=True)
class Repository:
    """이 시리즈가 공개된 GitHub 저장소: 주인, 이름, 노트북이 설치하고 배지가 가리키는 브랜치·태그, 노트북 폴더."""

    owner: str
    name: str
    ref: str = "main"
    notebooks: str = "notebooks"

    @property
    def url(self) -> str:
        return f"https://github.com/{self.owner}/{self.name}"

    @property
    def install_source(self) -> str:
        """pip 이 받는 설치 원본: 저장소의 그 브랜치·태그."""
        return f"git+{self.url}@{self.ref}"

    def colab_url(self, notebook: str) -> str:
        """노트북(저장소 안의 경로, 예: ``notebooks/01_load_and_explore.ipynb``)을 Colab 에서 여는 주소."""
        return f"https://colab.research.google.com/github/{self.owner}/{self.name}/blob/{self.ref}/{notebook}"

    def badge(self, notebook: str) -> str:
        return f"[![{BADGE_ALT}]({BADGE_IMAGE})]({self.colab_url(notebook)})"

    def bootstrap_source(self) -> str:
        return BOOTSTRAP_TEMPLATE.format(marker=BOOTSTRAP_MARKER, wheel_env=WHEEL_ENV, source=self.install_source)


def _read_toml(path: Path) -> dict:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # 파이썬 3.10: requirements.txt 가 tomli 를 설치한다
        import tomli as tomllib
    with open(path, "rb") as f:
        return tomllib.load(f)


def load_repository(pyproject) -> Repository:
    """``pyproject.toml`` 에서 저장소 주소와 브랜치·태그를 읽는다.

    Raises:
        LessonInputError: 주소가 없거나 GitHub 저장소 주소(https://github.com/주인/이름)가 아닐 때.
    """
    data = _read_toml(Path(pyproject))
    url = data.get("project", {}).get("urls", {}).get("Repository", "")
    match = _GITHUB.match(url)
    if not match:
        raise LessonInputError(
            f"{pyproject} 파일의 [project.urls] Repository 값이 GitHub 저장소 주소가 아닙니다(받은 값: {url!r}). "
            "https://github.com/주인/이름 꼴로 적으세요(Colab 배지는 GitHub 의 노트북을 엽니다)."
        )
    tool = data.get("tool", {}).get("mnist-lesson", {})
    return Repository(match[1], match[2], ref=tool.get("ref", "main"), notebooks=tool.get("notebooks", "notebooks"))


def find_pyproject(start) -> Path | None:
    """``start`` 와 그 위 폴더에서 이 시리즈의 ``pyproject.toml`` (``[tool.mnist-lesson]`` 이 있는 것)을 찾는다."""
    for folder in [Path(start).resolve(), *Path(start).resolve().parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "[tool.mnist-lesson]" in candidate.read_text(encoding="utf-8"):
            return candidate
    return None


# --- 노트북에 넣기 ------------------------------------------------------------------------------------


def _with_badge(title: str, badge: str) -> str:
    """제목 셀: 첫 줄(``# NN. 제목``) 다음에 빈 줄, 배지, 빈 줄. 예전 배지는 지운다."""
    first, _, rest = title.partition("\n")
    lines = [line for line in rest.split("\n") if BADGE_IMAGE not in line]
    body = "\n".join(lines).lstrip("\n")
    return f"{first}\n\n{badge}\n\n{body}" if body else f"{first}\n\n{badge}"


def _uses_os(code: str) -> bool:
    return re.search(r"(?<![\w.])os\.", code) is not None


def _add_import_os(body: str) -> str:
    """``import os`` 를 첫 묶음(표준 라이브러리의 ``import x`` 줄들)에 이름 순으로 넣는다. 그런 묶음이 없으면 앞에 따로."""
    lines = body.split("\n")
    group = 0
    while group < len(lines) and lines[group].startswith("import ") and \
            lines[group].split()[1].split(".")[0] in sys.stdlib_module_names:
        group += 1
    if group == 0:
        return "import os\n\n" + body
    at = next((i for i in range(group) if lines[i].split()[1] > "os"), group)
    return "\n".join(lines[:at] + ["import os"] + lines[at:])


def setup_source(setup: str, other_code: str) -> str:
    """준비 셀의 첫 줄을 ``SETUP_HEAD`` 로 바꾼 소스. 예전 첫 줄의 ``import os`` 는 노트북이 ``os`` 를 쓸 때만 남긴다."""
    body = setup
    legacy = _LEGACY_HEAD.match(body)
    head = _TFIMPORT_HEAD.match(body)
    if head:
        body = body[head.end():].lstrip("\n")
    elif legacy:
        body = body[legacy.end():].lstrip("\n")
        if _uses_os(body + "\n" + other_code) and not re.search(r"^import os$", body, re.M):
            body = _add_import_os(body)
    return SETUP_HEAD + "\n" + body


def apply(nb, notebook: str, repo: Repository):
    """노트북(nbformat 객체)의 배지·설치 셀·준비 셀 첫 줄을 ``repo`` 에 맞게 만든다(제자리에서 바꾸고 돌려준다).

    Args:
        nb: 수업 노트북. 첫 셀은 ``# NN. 제목`` 이고 ``config.setup(`` 을 부르는 준비 셀이 있어야 한다.
        notebook: 저장소 안의 노트북 경로(배지의 주소에 쓴다).
        repo: ``load_repository`` 가 돌려준 저장소.

    Raises:
        LessonInputError: 제목 셀이나 준비 셀이 없을 때(무엇이 없는지 말한다).
    """
    import nbformat

    if not nb.cells or nb.cells[0].cell_type != "markdown" or not TITLE.match(nb.cells[0].source):
        raise LessonInputError(f"{notebook}: 첫 셀이 '# NN. 제목' 꼴의 제목 셀이 아닙니다.")
    nb.cells[0].source = _with_badge(nb.cells[0].source, repo.badge(notebook))
    old = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith(BOOTSTRAP_MARKER)]
    nb.cells = [c for c in nb.cells if not any(c is o for o in old)]
    setups = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and SETUP_CALL in c.source]
    if not setups:
        raise LessonInputError(f"{notebook}: config.setup(...) 을 부르는 준비 셀이 없습니다.")
    index = setups[0]
    others = "\n".join(c.source for i, c in enumerate(nb.cells) if c.cell_type == "code" and i != index)
    nb.cells[index].source = setup_source(nb.cells[index].source, others)
    cell = nbformat.v4.new_code_cell(repo.bootstrap_source())
    cell.id = BOOTSTRAP_ID
    nb.cells.insert(index, cell)
    return nb
