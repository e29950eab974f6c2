"""진짜 브라우저 테스트: JupyterLab 을 띄우고 Debian 의 Chromium 으로 10 노트북을 열어 끝까지 실행한다.

확인하는 것: 모든 셀이 오류 없이 실행된다, 어느 셀에도 stderr 출력(빨간 칸)이 없다(학생처럼
``TF_CPP_MIN_LOG_LEVEL`` 없이 실행한다), 한국어 제목이 화면에 보인다, 캔버스가 그려진다,
캔버스에 마우스로 그린 7 을 7 로 읽고 미리보기가 나타난다. 스크린숏을 ``test-artifacts/browser/`` 에 남긴다.

학생은 06 노트북을 먼저 실행하므로, 테스트도 06 이 저장했을 자리에 작은 MLP(12,000장, 3 에포크)를 먼저 저장해 둔다.
10 노트북은 그 모델을 불러오고(빠른 모드의 10 이 스스로 학습한 모델은 그린 숫자를 제대로 읽지 못한다), 캔버스의 예측이
전처리와 모델을 거쳐 맞게 나오는지까지 본다. 10 이 모델 없이 스스로 학습하는 길은 ``tests/test_lessons.py`` 가 본다.

필요한 것(``.ci/run`` 이 설치한다): Debian 의 ``chromium`` (``/usr/bin/chromium``), 한글 글꼴 ``fonts-nanum``,
파이썬 패키지 ``playwright`` (브라우저를 내려받지 않고 ``executable_path`` 로 Debian 의 Chromium 을 쓴다).
없으면 건너뛰지 않고 무엇을 설치하면 되는지 말하며 실패한다.

직접 실행: ``python -m pytest -q -m slow tests/test_browser.py -s`` (느린 검사라 ``-m slow`` 가 있어야 고른다. 스크린숏 경로를 출력한다).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # README 의 테스트 명령에서는 빠지고 .ci/run 이 돌린다(README 의 '느린 검사')

from mnist_lesson import bootstrap
from mnist_lesson.runner import stream_text

from conftest import NOTEBOOKS, ROOT, handwriting_mlp

NOTEBOOK = NOTEBOOKS / "10_my_handwriting.ipynb"
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM = os.environ.get("MNIST_LESSON_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
RUN_TIMEOUT = 420  # 노트북 전체 실행의 상한(초): 빠른 모드에서 보통 1분 안쪽
START_TIMEOUT = 90  # JupyterLab 서버가 뜨기까지의 상한(초)

# JupyterLab 설정: 셀을 모두 그리고(가상 스크롤 끄기), 커널 고르기 대화상자 없이 노트북의 커널을 바로 쓰고,
# 소식·업데이트 알림을 끈다. (대화상자가 실행 도중에 뜨면 새 커널로 바뀌어 앞 셀의 변수가 사라진다.)
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none", "autoStartDefaultKernel": True},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
}


def _require_browser():
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"Chromium 이 없습니다({CHROMIUM}). 브라우저 테스트에는 Debian 의 chromium 이 필요합니다: "
            "apt-get update && apt-get install -y chromium fonts-nanum  (.ci/run 이 설치합니다)",
            pytrace=False,
        )
    try:
        from playwright.sync_api import sync_playwright  # noqa: F401
    except ImportError:
        pytest.fail("파이썬 패키지 playwright 가 없습니다: python -m pip install -r requirements.txt", pytrace=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 5.0):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.loads(response.read().decode())


def _wait_for_server(base: str, token: str, proc, log: Path):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"JupyterLab 이 시작하지 못하고 끝났습니다(종료 코드 {proc.returncode}).\n{log.read_text()[-3000:]}")
        try:
            _get(f"{base}/api/status?token={token}", timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"JupyterLab 이 {START_TIMEOUT}초 안에 응답하지 않았습니다.\n{log.read_text()[-3000:]}")


def _stop_server(proc, base: str, token: str):
    """서버(와 커널)를 끈다: 먼저 정중하게(/api/shutdown), 안 되면 프로세스 그룹째로."""
    if proc.poll() is None:
        try:
            req = urllib.request.Request(f"{base}/api/shutdown?token={token}", method="POST", data=b"")
            urllib.request.urlopen(req, timeout=5).close()
        except OSError:
            pass
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=10)
            break
        except subprocess.TimeoutExpired:
            continue


def _saved_notebook_done(path: Path):
    """저장된 노트북에서 (모든 코드 셀이 실행됐는지, 오류 출력 목록)."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False, []
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    errors = [
        f"셀 {i}: {o.get('ename')}: {o.get('evalue')}"
        for i, c in enumerate(nb["cells"]) for o in c.get("outputs", []) if o.get("output_type") == "error"
    ]
    return all(c.get("execution_count") for c in code), errors


def _cells_with_stderr(path: Path) -> dict:
    """저장된 노트북에서 stderr 에 쓴 코드 셀(코드 셀 번호 → 글의 앞부분)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    found = {}
    for number, cell in enumerate(code):
        text = stream_text(cell, "stderr")
        if text:
            found[number] = text[:300]
    return found


def _stdout(path: Path) -> str:
    """저장된 노트북의 코드 셀들이 stdout 에 쓴 글을 모두 잇는다."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "".join(stream_text(c, "stdout") for c in nb["cells"] if c["cell_type"] == "code")


def _first_cells_stderr(path: Path) -> dict:
    """저장된 노트북의 설치 셀과 준비 셀이 stderr 에 쓴 것(셀 이름 → 글). 두 셀이 모두 실행됐어야 한다."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    first = {
        "설치 셀": next(c for c in code if "".join(c["source"]).startswith(bootstrap.BOOTSTRAP_MARKER)),
        "준비 셀": next(c for c in code if bootstrap.SETUP_CALL in "".join(c["source"])),
    }
    assert all(c.get("execution_count") for c in first.values()), "설치 셀과 준비 셀이 실행되지 않았습니다"
    return {name: stream_text(cell, "stderr") for name, cell in first.items()}


def test_notebook10_runs_in_chromium(tmp_path, mnist):
    _require_browser()
    from playwright.sync_api import sync_playwright

    from mnist_lesson import artifacts

    artifacts.save_model(handwriting_mlp(mnist), tmp_path / "artifacts" / artifacts.MODEL_FILE)  # 06 이 저장했을 자리
    work = tmp_path / "notebooks"
    work.mkdir()
    shutil.copy(NOTEBOOK, work / NOTEBOOK.name)
    settings = tmp_path / "lab-settings"
    for name, value in LAB_SETTINGS.items():
        target = settings / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(value))
    env = dict(os.environ)
    env.update(
        MNIST_LESSON_FAST="1",
        MNIST_LESSON_ARTIFACTS=str(tmp_path / "artifacts"),
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "lab-workspaces"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
    )
    env.pop("TF_CPP_MIN_LOG_LEVEL", None)  # 학생의 JupyterLab 처럼: TensorFlow 의 로그 수준을 정해 두지 않는다
    # ipykernel 은 PYTEST_CURRENT_TEST 가 있으면 fd 2 에 쓴 것(TensorFlow 의 C++ 로그)을 셀로 보내지 않고 서버 로그로
    # 흘린다(ipykernel/iostream.py: "Don't redirect from within pytest"). 그러면 아래의 stderr 검사가 아무것도 보지 못한다.
    env.pop("PYTEST_CURRENT_TEST", None)
    port, token = _free_port(), os.urandom(16).hex()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "jupyterlab.log"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with open(log, "w") as log_file:
        proc = subprocess.Popen(
            [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root", "--ip=127.0.0.1",
             f"--port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
             f"--ServerApp.root_dir={work}", "--LabApp.news_url=", "--ServerApp.terminals_enabled=False"],
            cwd=work, env=env, stdout=log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:
        _wait_for_server(base, token, proc, log)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, timeout=60_000)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="ko-KR")
                page.set_default_timeout(60_000)
                _run_and_check(page, base, token, work / NOTEBOOK.name)
            finally:
                browser.close()
    finally:
        _stop_server(proc, base, token)


def _start_kernel(base: str, token: str, name: str) -> None:
    """노트북의 세션(커널)을 서버에 미리 만든다: JupyterLab 이 커널을 고르라는 대화상자를 띄우지 않는다."""
    body = json.dumps({"path": name, "name": name, "type": "notebook", "kernel": {"name": "python3"}}).encode()
    req = urllib.request.Request(f"{base}/api/sessions?token={token}", data=body, method="POST",
                                 headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req, timeout=30).close()


def _accept_dialogs(page) -> None:
    """혹시 뜬 대화상자(커널 고르기 등)는 기본 단추로 닫는다."""
    button = page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept")
    if button.count():
        button.first.click()


def _run_and_check(page, base, token, saved):
    _start_kernel(base, token, saved.name)
    page.goto(f"{base}/lab/tree/{saved.name}?token={token}", wait_until="domcontentloaded")
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(state="visible", timeout=120_000)
    # 커널에 연결될 때까지: 툴바의 커널 상태 표시가 Idle 이 되어야 한다.
    page.wait_for_function(
        "() => { const e = document.querySelector('.jp-Notebook-ExecutionIndicator');"
        " return e && e.getAttribute('data-status') === 'idle'; }",
        timeout=120_000,
    )
    # 서버 쪽에서도: 이 노트북의 커널에 브라우저가 연결되어 있고 쉬고 있다.
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        kernels = [s["kernel"] for s in _get(f"{base}/api/sessions?token={token}") if s["path"] == saved.name]
        if len(kernels) == 1 and kernels[0]["connections"] >= 1 and kernels[0]["execution_state"] == "idle":
            break
        time.sleep(0.5)
    else:
        pytest.fail(f"브라우저가 {START_TIMEOUT}초 안에 커널에 연결되지 않았습니다: {kernels}")
    page.wait_for_timeout(1000)
    _accept_dialogs(page)
    kernel_id = kernels[0]["id"]
    page.locator(".lm-MenuBar-itemLabel").filter(has_text=re.compile(r"^Run$")).first.click()
    page.locator(".lm-Menu-itemLabel").filter(has_text=re.compile(r"^Run All Cells$")).first.click()

    # 모든 셀이 끝날 때까지 기다린다: 실행 대기([*])인 셀이 없고, 커널이 쉬고, 마지막 코드 셀에 번호가 붙음.
    start = time.monotonic()
    deadline = start + RUN_TIMEOUT
    done = False
    while time.monotonic() < deadline:
        state = page.evaluate(
            "() => { const p = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(e => e.textContent.trim());"
            " const ind = document.querySelector('.jp-Notebook-ExecutionIndicator');"
            " return {prompts: p, status: ind ? ind.getAttribute('data-status') : null}; }"
        )
        prompts = state["prompts"]
        if prompts and state["status"] == "idle" and not any("*" in p for p in prompts) and prompts[-1] not in ("[ ]:", ""):
            done = True
            break
        if page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'] >> text=Traceback").count():
            break  # 오류가 나면 JupyterLab 은 나머지 셀을 실행하지 않는다
        dialog = page.locator(".jp-Dialog")
        if dialog.count():  # 실행 도중의 대화상자(커널 고르기·재시작)는 받아들이지 않고 실패로 알린다
            page.screenshot(path=str(ARTIFACTS / "notebook10_after_run.png"))
            pytest.fail(f"실행 도중에 JupyterLab 대화상자가 떴습니다: {dialog.first.inner_text()[:200]!r}")
        if prompts and all(p in ("[ ]:", "") for p in prompts) and time.monotonic() - start > 60:
            break  # 1분이 지나도 아무 셀도 실행되지 않았다
        time.sleep(1)
    page.screenshot(path=str(ARTIFACTS / "notebook10_after_run.png"))  # 실패했을 때 원인을 보기 위해서도

    # 저장해서 파일로 확인한다(출력의 종류를 정확히 알 수 있다).
    page.keyboard.press("Control+s")
    ok, errors = False, []
    for _ in range(30):
        ok, errors = _saved_notebook_done(saved)
        if (ok or errors) and not page.locator(".jp-mod-dirty").count():
            break
        time.sleep(1)
    assert not errors, f"브라우저에서 실행한 셀에 오류가 있습니다: {errors}"
    kernels = [s["kernel"]["id"] for s in _get(f"{base}/api/sessions?token={token}") if s["path"] == saved.name]
    assert kernels == [kernel_id], "실행 도중에 커널이 바뀌었습니다"
    assert done and ok, f"노트북이 {RUN_TIMEOUT}초 안에 끝까지 실행되지 않았습니다(입력 번호: {prompts[-5:]})."
    stderr = _first_cells_stderr(saved)
    assert stderr == {"설치 셀": "", "준비 셀": ""}, f"첫 셀들에 빨간 stderr 칸이 있습니다: {stderr}"
    noisy = _cells_with_stderr(saved)  # 학습을 시작할 때 TensorFlow 가 쓰는 알려진 줄도 tfimport 가 거른다
    assert not noisy, f"빨간 stderr 칸이 있는 코드 셀: {noisy}"
    assert "불러왔습니다: 06 노트북의 다층 퍼셉트론(MLP)" in _stdout(saved), "10 노트북이 06 의 모델을 불러오지 않았습니다"

    # 한국어 제목이 실제로 화면에 보인다(글꼴이 없으면 네모로 나오므로 스크린숏으로도 확인한다).
    page.locator("h1", has_text="10. 내 손글씨 인식하기").first.scroll_into_view_if_needed()
    assert page.locator("h1", has_text="10. 내 손글씨 인식하기").first.is_visible()
    assert page.locator("h2", has_text="마우스로 숫자 그리기").count() == 1
    page.screenshot(path=str(ARTIFACTS / "notebook10_top.png"))

    # 캔버스가 그려지고, 마우스로 그리면 예측이 나온다(브라우저 → 커널 → 브라우저 왕복).
    canvas = page.locator("canvas.mnist-canvas-draw")
    canvas.wait_for(state="visible", timeout=60_000)
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 100, f"캔버스의 크기가 이상합니다: {box}"
    x0, y0, w, h = box["x"], box["y"], box["width"], box["height"]
    stroke = [(0.3, 0.2), (0.7, 0.2), (0.45, 0.85)]  # 숫자 7
    page.mouse.move(x0 + stroke[0][0] * w, y0 + stroke[0][1] * h)
    page.mouse.down()
    for (ax, ay), (bx, by) in zip(stroke, stroke[1:]):
        for t in range(1, 11):
            page.mouse.move(x0 + (ax + (bx - ax) * t / 10) * w, y0 + (ay + (by - ay) * t / 10) * h)
    page.mouse.up()
    title = page.locator(".mnist-canvas-title")
    page.wait_for_function(
        "() => /예측: \\d/.test(document.querySelector('.mnist-canvas-title')?.textContent || '')", timeout=60_000
    )
    assert page.locator(".mnist-canvas-preview").is_visible()
    assert re.search(r"예측: 7(?!\d)", title.text_content()), f"그린 7 을 7 로 읽지 않았습니다: {title.text_content()!r}"
    page.screenshot(path=str(ARTIFACTS / "notebook10_canvas.png"))
    print(f"\n스크린숏: {ARTIFACTS / 'notebook10_top.png'} , {ARTIFACTS / 'notebook10_canvas.png'}")
    print(f"캔버스 예측: {title.text_content()}")
