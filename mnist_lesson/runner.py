"""노트북 실행기: 노트북을 새 커널에서 처음부터 실행한다. 테스트, 정답지 확인, 학급 채점이 모두 이것을 쓴다.

- ``execute(path)``: 테스트용. 오류가 나면 nbclient 의 ``CellExecutionError`` 를 그대로 낸다.
- ``run_notebook(nb, timeout=…)``: 채점용. 예외를 내지 않고 상태(완료·오류·시간 초과)와 설명을 돌려준다.
  전체 실행 시간에 제한을 두고, 셀의 출력은 한도(``OUTPUT_LIMIT``)까지만 보관한다.
- ``python -m mnist_lesson.runner 노트북 --out 폴더 --timeout 초``: 채점기가 샌드박스 안에서 부르는 명령.
  실행된 노트북(출력은 한도까지)과 실행 결과(``run.json``)를 ``--out`` 폴더에 쓴다.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

if __name__ == "__main__":
    # 채점기가 제출물마다 부르는 명령(python -m mnist_lesson.runner)으로 돌 때만: nbformat 을 가져오기 전에
    # jsonschema 의 'iri' 문법을 만들지 않게 한다(제출물마다 1초 남짓. 까닭은 nbimport). 커널(학생 코드)에는 닿지 않는다.
    from mnist_lesson.nbimport import skip_iri_grammar

    skip_iri_grammar()

import nbformat

from mnist_lesson.statuses import DONE, ERROR, TIMEOUT

OUTPUT_LIMIT = 5_000_000        # 노트북 하나에 보관하는 출력(글자 수)
ONE_OUTPUT_LIMIT = 1_000_000    # 출력 하나
EXECUTED_FILE = "executed.ipynb"
RUN_FILE = "run.json"
_CUT_NOTE = "\n※ 출력이 너무 길어 여기까지만 보관했습니다(채점기의 보관 한도).\n"


@dataclass
class NotebookRun:
    """노트북을 한 번 실행한 결과: 실행된 노트북(출력 포함), 상태, 걸린 시간, 멈춘 셀(1부터, 없으면 0)과 그 까닭.

    ``reason`` 은 ``""``(끝까지 실행), ``"error"``(셀의 오류), ``"timeout"``, ``"startup_timeout"``, ``"dead"``
    (커널이 죽음), ``"failed"``(커널을 띄우지 못함) 중 하나이고, ``error`` 는 오류의 한 줄 설명이다.
    """

    nb: object
    status: str
    seconds: float
    cell: int = 0
    reason: str = ""
    error: str = ""
    timeout: float = 0.0

    def describe(self, cell_name=lambda index: f"셀 {index}") -> str:
        """채점표의 설명: 어느 셀에서 무슨 일이 있었는지(셀 이름은 ``cell_name(번호)``)."""
        where = cell_name(self.cell)
        return {
            "": "",
            "error": f"{where} 에서 {self.error}",
            "timeout": f"제한 시간 {self.timeout:g}초를 넘겨 {where} 에서 멈췄습니다.",
            "startup_timeout": f"제한 시간 {self.timeout:g}초 안에 커널이 준비되지 않았습니다.",
            "dead": f"{where} 에서 커널이 죽었습니다.",
            "failed": f"실행하지 못했습니다({self.error}).",
        }.get(self.reason, self.error)

    @property
    def detail(self) -> str:
        return self.describe()


def stream_text(cell, name: str | None = None) -> str:
    """실행된 코드 셀이 쓴 글을 한 문자열로: ``name`` 이 없으면 stdout 과 stderr 모두, 있으면 그것만(``"stderr"``).

    저장된 파일에서 읽은 셀처럼 글이 줄의 목록이어도 된다.
    """
    return "".join("".join(o.get("text", "")) for o in cell.get("outputs", [])
                   if o.get("output_type") == "stream" and name in (None, o.get("name")))


# --- 출력 한도 -----------------------------------------------------------------------------------------


def _size(output) -> int:
    if output.get("output_type") == "stream":
        return len(output.get("text", ""))
    if output.get("output_type") == "error":
        return sum(len(line) for line in output.get("traceback", [])) + len(str(output.get("evalue", "")))
    return sum(len(v) if isinstance(v, str) else len(json.dumps(v)) for v in output.get("data", {}).values())


def _shrink(output, room: int):
    """출력 하나를 ``room`` 글자 안으로 줄인 것(줄일 수 없으면 None)."""
    if output.get("output_type") == "stream":
        output["text"] = output.get("text", "")[:max(room, 0)] + _CUT_NOTE
        return output
    if output.get("output_type") == "error":
        output["traceback"] = [line[:2000] for line in output.get("traceback", [])[-20:]]
        output["evalue"] = str(output.get("evalue", ""))[:2000]
        return output if _size(output) <= max(room, 4000) else None
    text = output.get("data", {}).get("text/plain")
    if isinstance(text, str):  # 그림·HTML 은 버리고 평문만 줄여서 남긴다
        output["data"] = {"text/plain": text[:max(room, 0)] + _CUT_NOTE}
        return output
    return None


def cap_outputs(nb, limit: int = OUTPUT_LIMIT, one: int = ONE_OUTPUT_LIMIT):
    """노트북의 출력을 한도 안으로 줄인다(제자리에서 고치고 돌려준다). 잘린 곳에는 그렇다고 적는다."""
    used = 0
    for cell in nb.get("cells", []):
        kept = []
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            size = _size(output)
            room = min(one, limit - used)
            if size > room:
                output = _shrink(output, room)
                if output is None:
                    kept.append(nbformat.v4.new_output("stream", name="stdout", text=_CUT_NOTE))
                    used += len(_CUT_NOTE)
                    continue
                size = _size(output)
            kept.append(output)
            used += size
        if cell.get("cell_type") == "code":
            cell["outputs"] = kept
    return nb


def _client_class():
    from nbclient import NotebookClient

    class CappedClient(NotebookClient):
        """출력을 받는 대로 한도까지만 노트북에 담는 실행기(끝없이 출력하는 셀이 실행기의 메모리를 채우지 않게)."""

        output_budget = OUTPUT_LIMIT

        def create_kernel_manager(self):
            # jupyter_client 는 커널 폴더 목록의 마지막 폴더(IPython 폴더/kernels)를 알려고 IPython 전체를 가져온다
            # (실행기에서 0.3~0.5초, 커널을 띄우기 전에). 같은 목록을 IPython 없이 적는다: IPython.paths.get_ipython_dir
            # 와 같은 규칙(IPYTHONDIR, 없으면 ~/.ipython). 커널은 여전히 같은 kernelspec 으로 뜬다(tests/test_runner.py).
            from jupyter_client.kernelspec import KernelSpecManager
            from jupyter_core.paths import jupyter_path

            km = super().create_kernel_manager()
            ipython_dir = os.path.expanduser(os.environ.get("IPYTHONDIR") or os.path.join("~", ".ipython"))
            km.kernel_spec_manager = KernelSpecManager(
                parent=km, data_dir=km.data_dir,
                kernel_dirs=[*jupyter_path("kernels"), os.path.join(ipython_dir, "kernels")])
            return km

        def output(self, outs, msg, display_id, cell_index):
            out = super().output(outs, msg, display_id, cell_index)
            if out is not None and outs and outs[-1] is out:
                size = _size(out)
                self.output_budget -= size
                if self.output_budget < 0 or size > ONE_OUTPUT_LIMIT:
                    room = max(min(ONE_OUTPUT_LIMIT, self.output_budget + size), 0)
                    shrunk = _shrink(out, room)
                    outs[-1] = shrunk if shrunk is not None else nbformat.v4.new_output(
                        "stream", name="stdout", text=_CUT_NOTE)
            return out

    return CappedClient


# --- 실행 ----------------------------------------------------------------------------------------------


def _first_error(nb) -> tuple[int, str] | None:
    for index, cell in enumerate(nb.cells, start=1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return index, f"{output.get('ename', '')}: {output.get('evalue', '')}"[:200]
    return None


def run_notebook(nb, *, timeout: float, cwd, env=None, keep_going: bool = False) -> NotebookRun:
    """노트북을 새 커널에서 처음부터 실행한다. 전체 실행 시간이 ``timeout`` 초를 넘으면 커널을 끈다.

    Args:
        nb: nbformat 노트북(출력이 채워진다).
        timeout: 노트북 전체의 제한 시간(초, 커널 시작 포함).
        cwd: 커널의 작업 폴더.
        env: 커널의 환경 변수(기본: 지금 프로세스의 것).
        keep_going: True 면 오류가 난 셀 뒤의 셀도 계속 실행한다.

    Returns:
        NotebookRun. 어떤 노트북이어도 예외를 내지 않는다. ``detail`` 의 셀 번호는 이 노트북의 번호다.
    """
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    deadline = time.monotonic() + timeout
    current = {"index": 0}

    def remaining(cell):
        return max(deadline - time.monotonic(), 0.1)

    def started(cell, cell_index):
        current["index"] = cell_index + 1

    client = _client_class()(
        nb, timeout=math.ceil(timeout), timeout_func=remaining, kernel_name="python3", allow_errors=keep_going,
        shutdown_kernel="immediate", startup_timeout=math.ceil(min(60, max(timeout, 1))), record_timing=False,
        on_cell_start=started, resources={"metadata": {"path": str(cwd)}},
    )
    start = time.monotonic()
    status, reason, error = DONE, "", ""
    try:
        # 커널 프로세스의 로그(TensorFlow 안내 등)는 실행기의 화면에 섞지 않는다. 셀의 출력은 노트북에 그대로 남는다.
        client.execute(env=dict(os.environ if env is None else env),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except CellTimeoutError:
        status, reason = TIMEOUT, "timeout"
    except DeadKernelError:
        status, reason = ERROR, "dead"
    except CellExecutionError:
        pass  # 아래에서 출력의 오류로 설명한다
    except Exception as exc:  # 커널을 띄우지 못하는 등: 이 노트북만 오류로 두고 돌아간다
        if time.monotonic() >= deadline:
            status, reason = TIMEOUT, "startup_timeout"
        else:
            status, reason, error = ERROR, "failed", f"{type(exc).__name__}: {str(exc)[:150]}"
    cap_outputs(nb)
    first = _first_error(nb)
    cell = current["index"] if status != DONE else 0
    if status == DONE and first:
        status, reason, cell, error = ERROR, "error", first[0], first[1]
    return NotebookRun(nb, status, time.monotonic() - start, cell, reason, error, timeout)


def execute(path, cwd=None, timeout: int = 600, kernel_name: str = "python3", extra_cells=(), env=None, keep=None):
    """노트북을 새 커널에서 처음부터 끝까지 실행하고, 실행된 노트북을 돌려준다(파일은 바꾸지 않는다).

    Args:
        path: 노트북 파일.
        cwd: 커널의 작업 폴더(기본: 노트북이 있는 폴더).
        timeout: 셀 하나의 제한 시간(초).
        extra_cells: 끝에 덧붙여 함께 실행할 코드 문자열들(테스트가 결과 값을 꺼낼 때).
        env: 커널의 환경 변수(기본: 이 프로세스의 것).
        keep: 실행한 노트북을 저장할 파일. 셀에서 오류가 나도 거기까지 실행한 것을 저장한다(원인을 볼 수 있게).

    Raises:
        nbclient.exceptions.CellExecutionError: 셀에서 오류가 났을 때.
    """
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    for source in extra_cells:
        nb.cells.append(nbformat.v4.new_code_cell(source))
    client = _client_class()(
        nb, timeout=timeout, kernel_name=kernel_name, shutdown_kernel="immediate",  # 출력을 다 받은 뒤 바로 끝낸다
        resources={"metadata": {"path": str(cwd or path.parent)}},
    )
    try:
        client.execute(**({} if env is None else {"env": env}))  # env=None 은 jupyter_client 가 받지 못한다
    finally:
        if keep is not None:
            nbformat.write(nb, keep)
    return nb


# --- 샌드박스 안에서 부르는 명령 ---------------------------------------------------------------------------


def main(argv=None) -> int:
    """``python -m mnist_lesson.runner 노트북 --out 폴더 --timeout 초 [--keep-going]``.

    노트북을 지금 폴더에서 실행하고 ``폴더/executed.ipynb`` 와 ``폴더/run.json`` 을 쓴다. 종료 코드는 늘 0 이다
    (노트북의 상태는 ``run.json`` 에 있다).
    """
    import argparse

    parser = argparse.ArgumentParser(description="노트북을 새 커널에서 실행하고 결과를 폴더에 씁니다(채점기가 씁니다).")
    parser.add_argument("notebook", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--timeout", type=float, required=True)
    parser.add_argument("--keep-going", action="store_true")
    args = parser.parse_args(argv)
    nb = nbformat.read(args.notebook, as_version=4)
    run = run_notebook(nb, timeout=args.timeout, cwd=Path.cwd(), keep_going=args.keep_going)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / EXECUTED_FILE).write_text(json.dumps(run.nb, ensure_ascii=False), encoding="utf-8")
    result = {"status": run.status, "seconds": round(run.seconds, 3), "cell": run.cell, "reason": run.reason,
              "error": run.error, "timeout": run.timeout}
    (args.out / RUN_FILE).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
