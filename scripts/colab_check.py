"""Colab 검사: 노트북만 든 빈 폴더와, Colab 이 고정한 판을 그대로 설치한 새 Python 3.13 가상 환경에서 수업을 실행한다.

Colab 은 ``.ipynb`` 하나만 연다. 그래서 노트북은 첫 코드 셀(설치 셀)에서 ``mnist_lesson`` 을 스스로 설치해야 하고,
그때 Colab 이 고정한 패키지(TensorFlow, ipykernel 등)를 하나도 바꾸면 안 된다. 이 스크립트가 그것을 확인한다.

1. 이 저장소의 wheel 을 만든다.
2. Colab 과 같은 판(``COLAB_PINS``)만 설치한 Python 3.13 가상 환경을 만든다. 처음 한 번 만들어
   ``~/.cache/mnist-lesson-colab/venv-<판의 해시>`` 에 두고, 실행할 때마다 그 환경의 하드 링크 사본을 쓴다
   (사본에 설치한 것은 캐시에 남지 않는다: 매번 새 환경과 같다).
3. 노트북 ``NOTEBOOKS`` 를 저장소가 없는 빈 폴더에 복사한다.
4. 빠른 모드로 실행한다. 설치 셀은 ``MNIST_LESSON_WHEEL`` 로 1의 wheel 을 설치하고, 커널은 시작할 때
   ``scripts/colab_stub`` 의 가짜 ``google.colab`` 을 가져온다(Colab 에서만 가는 길: 사진 올리기, 위젯 관리자, 저장 안내).
5. 확인한다: 모든 셀이 실행됐다, 고정한 패키지의 ``pip freeze`` 가 그대로다, 어느 셀에도 stderr 가 없다(설치 셀과 준비 셀의
   처음 한 번만 나오는 알림 ``FIRST_RUN_NOTICES`` 는 빼고),
   한글 그래프에 빠진 글자가 없다, 캔버스 셀이 위젯을 만들었다, 사진 올리기가 Colab 의 ``files.upload()`` 를 썼다.

실행: ``python3 scripts/colab_check.py`` (저장소 폴더에서. MNIST 를 내려받을 수 없으면 ``MNIST_LESSON_DATA`` 를 준다).
환경 변수: ``MNIST_LESSON_PY313`` (Python 3.13 실행 파일), ``MNIST_LESSON_COLAB_CACHE`` (캐시 폴더).
실행한 노트북은 ``test-artifacts/colab/`` 에 남는다.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STUB = Path(__file__).resolve().parent / "colab_stub"
OUT = ROOT / "test-artifacts" / "colab"
# Colab 런타임이 설치해 둔 판(Python 3.13). 이것과, 이것들이 필요로 하는 것만 설치한다.
COLAB_PINS = {
    "tensorflow": "2.20.0",
    "keras": "3.13.2",
    "numpy": "2.1.3",
    "ipykernel": "6.17.1",
    "ipython": "7.34.0",
    "ipywidgets": "7.7.1",
    "anywidget": "0.9.21",
}
NOTEBOOKS = ["01_load_and_explore.ipynb", "10_my_handwriting.ipynb"]
CELL_TIMEOUT = 900  # 셀 하나의 상한(초): 설치 셀이 패키지를 내려받는 시간 포함
UPLOAD_SAMPLE = ROOT / "mnist_lesson" / "samples" / "5_photo.png"  # '사용자가 고른 사진'
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
REPORT_TAG = "COLAB-CHECK "


class CheckFailed(Exception):
    """검사 하나가 실패했다(무엇이 왜 실패했는지 말한다)."""


def _python313() -> str:
    """Python 3.13 실행 파일: MNIST_LESSON_PY313, pyenv 의 3.13.0, PATH 의 python3.13 순으로, 실제로 실행되는 것."""
    candidates = [os.environ.get("MNIST_LESSON_PY313"), "/root/.pyenv/versions/3.13.0/bin/python3.13",
                  shutil.which("python3.13")]
    for candidate in filter(None, candidates):
        check = [candidate, "-c", "import sys; raise SystemExit(sys.version_info[:2] != (3, 13))"]
        if Path(candidate).is_file() and subprocess.run(check, capture_output=True).returncode == 0:
            return candidate
    raise CheckFailed("Python 3.13 이 없습니다. 설치한 뒤 MNIST_LESSON_PY313=/경로/python3.13 으로 알려 주세요.")


def _run(cmd, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        raise CheckFailed(f"명령이 실패했습니다({done.returncode}): {' '.join(map(str, cmd))}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done


def _freeze(python: Path) -> dict[str, str]:
    """가상 환경의 ``pip freeze``: 소문자 이름 → 그 줄."""
    lines = _run([str(python), "-m", "pip", "freeze", "--all"]).stdout.splitlines()
    return {line.split("==")[0].split(" @ ")[0].strip().lower().replace("_", "-"): line for line in lines if line.strip()}


def build_wheel(work: Path) -> Path:
    """저장소의 패키지 부분만 복사해 wheel 을 만든다(저장소 폴더에 build/ 나 egg-info 를 남기지 않는다)."""
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "mnist_lesson", source / "mnist_lesson", ignore=shutil.ignore_patterns("__pycache__"))
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(source), "-w", str(work / "dist")])
    wheels = sorted((work / "dist").glob("mnist_lesson-*.whl"))
    if len(wheels) != 1:
        raise CheckFailed(f"wheel 이 하나 만들어지지 않았습니다: {wheels}")
    return wheels[0]


def base_venv(python: str, cache: Path) -> tuple[Path, bool]:
    """Colab 의 판만 설치한 가상 환경(캐시). 돌려주는 것: (환경 폴더, 이번에 새로 만들었는지)."""
    version = _run([python, "-c", "import sys; print(sys.version)"]).stdout.strip()
    key = hashlib.sha256(json.dumps([COLAB_PINS, version], sort_keys=True).encode()).hexdigest()[:12]
    venv = cache / f"venv-{key}"
    if (venv / ".complete").is_file():
        return venv, False
    shutil.rmtree(venv, ignore_errors=True)
    cache.mkdir(parents=True, exist_ok=True)
    _run([python, "-m", "venv", str(venv)])
    pins = [f"{name}=={version}" for name, version in COLAB_PINS.items()]
    _run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", *pins])
    (venv / ".complete").write_text(json.dumps({"pins": COLAB_PINS, "python": version}, ensure_ascii=False))
    return venv, True


def _kernel_env(work: Path, wheel: Path, cache: Path) -> dict:
    """학생의 Colab 커널과 같은 환경 변수: 저장소의 경로도, TF_CPP_MIN_LOG_LEVEL 도 없다."""
    ipython_dir = work / "ipython"
    startup = ipython_dir / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-colab.py").write_text("import google.colab  # Colab 의 커널도 시작할 때 가져온다\n")
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "TF_CPP_MIN_LOG_LEVEL", "MNIST_LESSON_ARTIFACTS", "MNIST_LESSON_EPOCHS",
                        "VIRTUAL_ENV", "JUPYTER_PATH")}
    env.update(
        PYTHONPATH=str(STUB),
        IPYTHONDIR=str(ipython_dir),
        MNIST_LESSON_FAST="1",
        MNIST_LESSON_WHEEL=str(wheel),
        COLAB_STUB_UPLOAD=str(UPLOAD_SAMPLE),
        HOME=str(work / "home"),  # 학생의 빈 홈 폴더(Keras 캐시도 없다)
        PIP_CACHE_DIR=str(cache / "pip"),  # 설치 셀이 내려받는 패키지는 캐시에서(CI 시간을 줄인다)
        MPLCONFIGDIR=str(cache / "matplotlib"),  # Colab 처럼 글꼴 캐시를 미리 만들어 둔 상태(처음 한 번만 만든다)
    )
    (work / "home").mkdir()
    return env


def _kernelspec(work: Path, python: Path) -> Path:
    spec = work / "jupyter" / "kernels" / "colab-py313"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Colab 흉내 (Python 3.13)", "language": "python",
    }))
    return work / "jupyter"


REPORT_CELL = f'''
import json, sys, warnings
import matplotlib
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
import mnist_lesson
from google.colab import files, output

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    fig = Figure()
    fig.subplots().set_title("한글 제목: 손글씨 숫자 0~9, 정확도")
    FigureCanvasAgg(fig).draw()
fonts = [f.fname for f in font_manager.fontManager.ttflist if f.name == "NanumGothic"]
print("{REPORT_TAG}" + json.dumps({{
    "package": mnist_lesson.__file__, "family": matplotlib.rcParams["font.family"], "fonts": fonts,
    "warnings": [str(w.message) for w in caught],
    "uploads": files.calls, "widget_manager": output.calls, "colab": "google.colab" in sys.modules,
}}, ensure_ascii=False))
'''


def run_notebook(path: Path, env: dict) -> tuple[object, dict, float]:
    """노트북 하나를 새 커널에서 처음부터 끝까지 실행하고, (실행된 노트북, 끝에 덧붙인 셀의 보고, 걸린 초)."""
    from nbclient.exceptions import CellExecutionError

    from mnist_lesson.runner import execute, stream_text

    start = time.monotonic()
    try:
        nb = execute(path, timeout=CELL_TIMEOUT, kernel_name="colab-py313", extra_cells=[REPORT_CELL], env=env,
                     keep=OUT / path.name)
    except CellExecutionError as exc:
        raise CheckFailed(f"{path.name}: 셀에서 오류가 났습니다(실행한 노트북: {OUT / path.name}).\n{str(exc)[-3000:]}") from None
    seconds = time.monotonic() - start
    text = stream_text(nb.cells[-1])
    lines = [line for line in text.splitlines() if line.startswith(REPORT_TAG)]
    if not lines:
        raise CheckFailed(f"{path.name}: 마지막 보고 셀이 아무것도 출력하지 않았습니다: {text[-2000:]!r}")
    return nb, json.loads(lines[0][len(REPORT_TAG):]), seconds


# 처음 한 번 나오는 정당한 알림: 새 환경에서 matplotlib 을 처음 가져오면 글꼴 캐시를 만든다고 알린다.
# (Colab 은 캐시를 미리 만들어 두므로 학생은 보지 않는다. 이 검사도 캐시를 남겨 두어 두 번째부터는 나오지 않는다.)
FIRST_RUN_NOTICES = ("Matplotlib is building the font cache; this may take a moment.",)


def check_notebook(name: str, nb, report: dict, venv: Path, first: bool) -> list[str]:
    """실행된 노트북 하나를 검사하고, 실패한 것의 설명 목록을 돌려준다."""
    from mnist_lesson import bootstrap
    from mnist_lesson.runner import stream_text

    problems = []
    code = [c for c in nb.cells if c.cell_type == "code"]
    not_run = [i for i, c in enumerate(code) if not c.get("execution_count")]
    errors = [o.get("ename") for c in code for o in c.outputs if o.get("output_type") == "error"]
    if not_run or errors:
        problems.append(f"실행되지 않은 코드 셀 {not_run}, 오류 {errors}")
    boot = [c for c in code if c.source.startswith(bootstrap.BOOTSTRAP_MARKER)]
    setup = [c for c in code if bootstrap.SETUP_CALL in c.source]
    if len(boot) != 1 or len(setup) != 1 or code.index(boot[0]) + 1 != code.index(setup[0]):
        problems.append("설치 셀 바로 뒤에 준비 셀이 하나 있어야 합니다")
    else:
        for label, cell in (("설치 셀", boot[0]), ("준비 셀", setup[0])):
            stderr = [line for line in stream_text(cell, "stderr").splitlines() if line.strip()]
            unexpected = [line for line in stderr if line.strip() not in FIRST_RUN_NOTICES]
            if unexpected:
                problems.append(f"{label}에 stderr 출력이 있습니다:\n" + "\n".join(unexpected)[:2000])
            elif stderr:
                print(f"  참고: {name} 의 {label}에 처음 한 번만 나오는 알림: {stderr}")
        said = stream_text(boot[0], "stdout")
        if first and not ("설치했습니다" in said and "하나도 바꾸지 않았습니다" in said):
            problems.append(f"첫 노트북의 설치 셀이 설치했다고 말하지 않았습니다: {said!r}")
        if not first and said:
            problems.append(f"이미 설치된 뒤의 설치 셀은 아무것도 하지 않아야 합니다: {said!r}")
        table = "".join(str(o.get("data", {})) for o in setup[0].outputs)
        if "Colab 의 파일은 런타임이 끝나면 사라집니다" not in table:
            problems.append("준비 셀의 실행 설정에 Colab 저장 폴더 안내가 없습니다")
    others = [(i, stream_text(c, "stderr").strip()) for i, c in enumerate(code) if c not in boot + setup and stream_text(c, "stderr").strip()]
    for i, text in others:  # 학습을 시작할 때 TensorFlow 2.20 이 쓰는 줄은 tfimport 가 거른다: 그 밖의 stderr 는 어느 셀이든 실패
        problems.append(f"코드 셀 {i} 에 stderr 출력이 있습니다: {text[:2000]}")
    all_text = "".join(stream_text(c, "stderr") + stream_text(c, "stdout") for c in code)
    if "missing from font" in all_text or report["warnings"]:
        problems.append(f"한글 글자가 글꼴에 없다는 경고: {report['warnings']}")
    site = venv / "lib"
    if not Path(report["package"]).resolve().is_relative_to(site.resolve()):
        problems.append(f"mnist_lesson 을 가상 환경이 아닌 곳에서 가져왔습니다: {report['package']}")
    # 이 기계에는 시스템 나눔 글꼴도 있지만 Colab 에는 없다: wheel 에 든 글꼴이 등록되어 첫 글꼴로 쓰여야 한다.
    if report["family"][:1] != ["NanumGothic"] or not any(Path(f).resolve().is_relative_to(site.resolve()) for f in report["fonts"]):
        problems.append(f"그래프 글꼴로 wheel 의 나눔고딕이 등록되지 않았습니다: {report['family']}, {report['fonts']}")
    if not report["colab"]:
        problems.append("커널이 google.colab 을 가져오지 않았습니다(Colab 흉내가 켜지지 않음)")
    if name.startswith("10_"):
        widget = [c for c in code if "canvas.make_canvas(" in c.source]
        if not widget or not any(WIDGET_MIME in o.get("data", {}) for o in widget[0].outputs):
            problems.append("캔버스 셀이 위젯을 만들지 않았습니다")
        if "enable_custom_widget_manager" not in report["widget_manager"]:
            problems.append("anywidget 이 Colab 의 위젯 관리자를 켜지 않았습니다")
        if not [u for u in report["uploads"] if u]:
            problems.append("사진 셀이 google.colab.files.upload() 로 사진을 올리지 않았습니다")
    return problems


def main() -> int:
    started = time.monotonic()
    times = {}
    cache = Path(os.environ.get("MNIST_LESSON_COLAB_CACHE", "~/.cache/mnist-lesson-colab")).expanduser()
    shared = ROOT.parent / "shared" / "data" / "mnist.npz"  # 이 기계에서는 MNIST 를 내려받을 수 없다(.ci/run 과 같은 사본)
    if not os.environ.get("MNIST_LESSON_DATA") and shared.is_file():
        os.environ["MNIST_LESSON_DATA"] = str(shared)
    cache.mkdir(parents=True, exist_ok=True)
    OUT.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))  # 검사 코드는 이 저장소의 mnist_lesson.bootstrap 으로 셀을 알아본다
    work = Path(tempfile.mkdtemp(prefix="run-", dir=cache))  # 캐시와 같은 파일 시스템(하드 링크)
    try:
        python = _python313()
        t = time.monotonic()
        wheel = build_wheel(work)
        times["wheel"] = time.monotonic() - t

        t = time.monotonic()
        base, created = base_venv(python, cache)
        times["가상 환경(새로 만듦)" if created else "가상 환경(캐시)"] = time.monotonic() - t
        t = time.monotonic()
        venv = work / "venv"
        _run(["cp", "-al", str(base), str(venv)])  # 하드 링크 사본: 빠르고, 사본에 설치한 것은 캐시에 남지 않는다
        python_venv = venv / "bin" / "python"
        base_before = _freeze(base / "bin" / "python")
        before = _freeze(python_venv)
        times["사본"] = time.monotonic() - t
        for name, version in COLAB_PINS.items():
            if before.get(name) != f"{name}=={version}":
                raise CheckFailed(f"가상 환경의 {name} 판이 Colab 과 다릅니다: {before.get(name)}")

        lesson = work / "content"  # 저장소가 없는 빈 폴더(Colab 의 /content 처럼)
        lesson.mkdir()
        for name in NOTEBOOKS:
            shutil.copy(ROOT / "notebooks" / name, lesson / name)
        env = _kernel_env(work, wheel, cache)
        os.environ["JUPYTER_PATH"] = str(_kernelspec(work, python_venv))

        problems = []
        for i, name in enumerate(NOTEBOOKS):
            nb, report, seconds = run_notebook(lesson / name, env)
            times[name] = seconds
            problems += [f"{name}: {p}" for p in check_notebook(name, nb, report, venv, first=(i == 0))]

        after = _freeze(python_venv)
        changed = {n: (line, after.get(n)) for n, line in before.items() if after.get(n) != line}
        if changed:
            problems.append(f"설치 셀이 이미 있던 패키지를 바꿨습니다: {changed}")
        if _freeze(base / "bin" / "python") != base_before:
            problems.append("캐시의 가상 환경이 바뀌었습니다(하드 링크 사본에 쓴 것이 새어 나갔습니다)")
        added = sorted(set(after) - set(before))
        times["전체"] = time.monotonic() - started
        print("Colab 검사: Python 3.13 +", ", ".join(f"{n} {v}" for n, v in COLAB_PINS.items()))
        print(f"  설치 셀이 새로 설치한 패키지 {len(added)}개: {', '.join(added)}")
        print("  걸린 시간: " + ", ".join(f"{k} {v:.0f}초" for k, v in times.items()))
        if problems:
            print("실패:\n  - " + "\n  - ".join(problems), file=sys.stderr)
            return 1
        print(f"  통과: 모든 셀 실행, 고정한 {len(COLAB_PINS)}개 패키지와 이미 있던 {len(before)}개 패키지 그대로, "
              "어느 셀에도 stderr 없음, 한글 글꼴, 캔버스 위젯, Colab 사진 올리기")
        return 0
    except CheckFailed as exc:
        print(f"Colab 검사 실패: {exc}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
