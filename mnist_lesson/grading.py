"""학급 채점: 제출한 노트북을 하나씩 따로 띄운 커널에서 시간 제한을 두고 실행하고, 문제별 결과를 표로 모은다.

제출물은 믿을 수 없는 코드다. 채점기는 제출물을 자기 프로세스에서 가져오거나(import) exec 하지 않는다.
노트북마다 nbclient 가 새 커널(별도 프로세스)을 띄우고, 임시 폴더를 작업 폴더로 삼아 실행한 뒤 커널을 바로 끈다.
채점기는 실행된 노트북의 출력 중 ``check`` 가 내보낸 기계용 JSON(``MIME_TYPE``)만 읽는다.

깨진 제출물(오류, 끝나지 않음, JSON 아님, 노트북 아님)도 빠짐없이 한 줄을 차지하고, 다른 제출물의 채점을 막지 않는다.
"""

from __future__ import annotations

import csv
import json
import math
import os
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from mnist_lesson.exercises.core import MIME_TYPE, Outcome, parse_key
from mnist_lesson.exercises.registry import available_lessons, exercises_of, lesson_name, lessons_in_source, notebook_source

DONE = "완료"
ERROR = "오류"
TIMEOUT = "시간 초과"
NOT_JSON = "JSON 아님"
NOT_NOTEBOOK = "노트북 아님"
STATUSES = (DONE, ERROR, TIMEOUT, NOT_JSON, NOT_NOTEBOOK)

NOT_RUN = "미실행"
OUTCOME_LABELS = {o.value: o.short for o in Outcome}
CELL_LABELS = (*OUTCOME_LABELS.values(), NOT_RUN)
SUMMARY_HEADER = ("문제", "내용", *CELL_LABELS, "정답률")

GRADES_FILE = "grades.csv"
SUMMARY_FILE = "summary.csv"



# --- 읽기와 실행 --------------------------------------------------------------------------------


def read_submission(path):
    """제출 파일을 노트북으로 읽는다(실행하지 않는다).

    Returns:
        ``(노트북 또는 None, 상태 또는 None, 설명)``. 읽을 수 있으면 상태는 None.
    """
    path = Path(path)
    is_ipynb = path.suffix.lower() == ".ipynb"
    try:
        text = path.read_text(encoding="utf-8")
        raw = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        if is_ipynb:
            return None, NOT_JSON, f"JSON 으로 읽을 수 없습니다({type(exc).__name__}: {str(exc)[:120]})."
        return None, NOT_NOTEBOOK, f"노트북(.ipynb)이 아닌 파일입니다({path.suffix or '확장자 없음'})."
    except OSError as exc:
        return None, NOT_NOTEBOOK, f"파일을 읽을 수 없습니다({type(exc).__name__})."
    if not (isinstance(raw, dict) and isinstance(raw.get("cells"), list) and "nbformat" in raw):
        return None, NOT_NOTEBOOK, "JSON 이지만 주피터 노트북이 아닙니다(cells, nbformat 항목이 없음)."
    try:
        nb = nbformat.reads(text, as_version=4)
    except Exception as exc:
        return None, NOT_NOTEBOOK, f"노트북 형식이 아닙니다({type(exc).__name__}: {str(exc)[:120]})."
    return nb, None, ""


@dataclass
class Run:
    """노트북 한 번 실행한 결과: 실행된 노트북(출력 포함), 상태, 설명, 걸린 시간."""

    nb: object
    status: str
    detail: str
    seconds: float


def _first_error(nb) -> tuple[int, str] | None:
    for index, cell in enumerate(nb.cells, start=1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return index, f"{output.get('ename', '')}: {output.get('evalue', '')}"[:200]
    return None


def run_notebook(nb, *, timeout: float, cwd, env=None, keep_going: bool = False) -> Run:
    """노트북을 새 커널에서 처음부터 실행한다. 전체 실행 시간이 ``timeout`` 초를 넘으면 커널을 끈다.

    Args:
        nb: nbformat 노트북(출력이 채워진다).
        timeout: 노트북 전체의 제한 시간(초, 커널 시작 포함).
        cwd: 커널의 작업 폴더.
        env: 커널의 환경 변수(기본: 지금 프로세스의 것).
        keep_going: True 면 오류가 난 셀 뒤의 셀도 계속 실행한다.

    Returns:
        Run. 어떤 제출물이어도 예외를 내지 않는다.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    deadline = time.monotonic() + timeout
    current = {"index": 0}

    def remaining(cell):
        return max(deadline - time.monotonic(), 0.1)

    def started(cell, cell_index):
        current["index"] = cell_index + 1

    client = NotebookClient(
        nb, timeout=math.ceil(timeout), timeout_func=remaining, kernel_name="python3", allow_errors=keep_going,
        shutdown_kernel="immediate", startup_timeout=math.ceil(min(60, max(timeout, 1))), record_timing=False,
        on_cell_start=started, resources={"metadata": {"path": str(cwd)}},
    )
    start = time.monotonic()
    status, detail = DONE, ""
    try:
        # 커널 프로세스의 로그(TensorFlow 안내 등)는 채점기 화면에 섞지 않는다. 셀의 출력은 노트북에 그대로 남는다.
        client.execute(env=dict(os.environ if env is None else env),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except CellTimeoutError:
        status, detail = TIMEOUT, f"제한 시간 {timeout:g}초를 넘겨 셀 {current['index']} 에서 멈췄습니다."
    except DeadKernelError:
        status, detail = ERROR, f"셀 {current['index']} 을(를) 실행하다가 커널이 죽었습니다."
    except CellExecutionError:
        pass  # 아래에서 출력의 오류로 설명한다
    except Exception as exc:  # 커널을 띄우지 못하는 등: 이 제출물만 오류로 두고 다음으로 간다
        if time.monotonic() >= deadline:
            status, detail = TIMEOUT, f"제한 시간 {timeout:g}초 안에 커널이 준비되지 않았습니다."
        else:
            status, detail = ERROR, f"실행하지 못했습니다({type(exc).__name__}: {str(exc)[:150]})."
    error = _first_error(nb)
    if status == DONE and error:
        status, detail = ERROR, f"셀 {error[0]} 에서 {error[1]}"
    return Run(nb, status, detail, time.monotonic() - start)


def collect_outcomes(nb) -> dict[str, str]:
    """실행된 노트북의 출력에서 문제별 결과(``correct``/``incorrect``/``not_attempted``)를 모은다.

    같은 문제를 여러 번 확인했으면 마지막 결과를 쓴다.
    """
    outcomes = {}
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            if output.get("output_type") not in ("display_data", "execute_result"):
                continue
            payload = output.get("data", {}).get(MIME_TYPE)
            if isinstance(payload, str):
                try:
                    payload = json.loads(payload)
                except json.JSONDecodeError:
                    continue
            if not isinstance(payload, dict):
                continue
            key, outcome = payload.get("exercise"), payload.get("outcome")
            try:
                parse_key(key)
            except ValueError:
                continue
            if outcome in OUTCOME_LABELS:
                outcomes[key] = outcome
    return outcomes


# --- 학생 한 명 --------------------------------------------------------------------------------


@dataclass
class StudentResult:
    """제출물 하나의 채점 결과: 학생(파일 이름), 상태, 설명, 문제별 결과."""

    student: str
    file: str
    status: str
    detail: str = ""
    seconds: float = 0.0
    outcomes: dict = field(default_factory=dict)
    lessons: list = field(default_factory=list)

    def label(self, key: str) -> str:
        """문제 하나의 칸: 정답 / 오답 / 미응답 / 미실행."""
        return OUTCOME_LABELS.get(self.outcomes.get(key), NOT_RUN)


def grade_file(path, *, timeout: float = 600, fast: bool = False, keep_going: bool = False) -> StudentResult:
    """제출물 하나를 읽고, 별도 커널에서 실행하고, 문제별 결과를 모은다(예외를 내지 않는다).

    Args:
        path: 제출 파일.
        timeout: 노트북 전체의 제한 시간(초).
        fast: True 면 커널에 ``MNIST_LESSON_FAST=1`` 을 준다(에포크 1).
        keep_going: True 면 오류가 난 셀 뒤도 계속 실행한다.
    """
    path = Path(path)
    nb, status, detail = read_submission(path)
    if nb is None:
        return StudentResult(path.stem, path.name, status, detail)
    lessons = lessons_in_source(notebook_source(nb))
    with tempfile.TemporaryDirectory(prefix="mnist-grade-") as workdir:
        env = dict(os.environ)
        env["MNIST_LESSON_ARTIFACTS"] = str(Path(workdir) / "artifacts")  # 제출물끼리 저장 파일을 나눠 쓰지 않게
        env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        if fast:
            env["MNIST_LESSON_FAST"] = "1"
        run = run_notebook(nb, timeout=timeout, cwd=workdir, env=env, keep_going=keep_going)
    outcomes = collect_outcomes(run.nb)
    return StudentResult(path.stem, path.name, run.status, run.detail, run.seconds, outcomes, lessons)


# --- 학급 전체 ----------------------------------------------------------------------------------


@dataclass
class ClassReport:
    """학급 채점 결과: 학생별 결과와 열이 될 문제들(``(열 이름, 제목)``)."""

    results: list
    exercises: list

    def rows(self) -> list[dict]:
        """채점표: 학생 한 명에 한 줄, 문제 하나에 한 열."""
        rows = []
        for r in self.results:
            row = {"학생": r.student, "파일": r.file, "상태": r.status, "설명": r.detail, "시간(초)": f"{r.seconds:.1f}"}
            row.update({key: r.label(key) for key, _ in self.exercises})
            rows.append(row)
        return rows

    def summary_rows(self) -> list[dict]:
        """요약표: 문제마다 정답·오답·미응답·미실행이 몇 명인지."""
        total = len(self.results)
        rows = []
        for key, title in self.exercises:
            counts = {label: 0 for label in CELL_LABELS}
            for r in self.results:
                counts[r.label(key)] += 1
            rate = f"{100 * counts['정답'] / total:.0f}%" if total else "-"
            rows.append({"문제": key, "내용": title, **counts, "정답률": rate})
        return rows

    def status_counts(self) -> dict[str, int]:
        return {s: sum(r.status == s for r in self.results) for s in STATUSES}

    def summary_markdown(self) -> str:
        """요약표를 마크다운 표로(터미널과 노트북에 그대로 붙여 쓸 수 있게)."""
        counts = ", ".join(f"{s} {n}" for s, n in self.status_counts().items() if n)
        lines = [f"제출 {len(self.results)}개: {counts or '없음'}", ""]
        header = SUMMARY_HEADER
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "|".join("---" if h in ("문제", "내용") else "---:" for h in header) + "|")
        for row in self.summary_rows():
            lines.append("| " + " | ".join(str(row[h]) for h in header) + " |")
        return "\n".join(lines)

    def write(self, out_dir) -> tuple[Path, Path]:
        """채점표와 요약표를 CSV(엑셀에서 한글이 깨지지 않는 UTF-8 BOM)로 쓴다.

        Returns:
            ``(채점표 경로, 요약표 경로)``.
        """
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, rows, header in (
            (GRADES_FILE, self.rows(), ["학생", "파일", "상태", "설명", "시간(초)", *(k for k, _ in self.exercises)]),
            (SUMMARY_FILE, self.summary_rows(), SUMMARY_HEADER),
        ):
            path = out_dir / name
            with path.open("w", encoding="utf-8-sig", newline="") as f:
                writer = csv.DictWriter(f, fieldnames=header)
                writer.writeheader()
                writer.writerows(rows)
            paths.append(path)
        return paths[0], paths[1]


def submission_paths(folder) -> list[Path]:
    """채점할 파일들: 폴더 바로 아래의 모든 파일(숨김 파일과 하위 폴더는 빼고), 이름 순서."""
    return sorted(p for p in Path(folder).iterdir() if p.is_file() and not p.name.startswith("."))


def _lesson_names(lessons) -> list[str]:
    names = [lesson_name(lesson) for lesson in lessons or ()]
    available = available_lessons()
    unknown = [name for name in names if name not in available]
    if unknown:
        raise ValueError(f"연습문제가 없는 수업입니다: {', '.join(unknown)} (있는 것: {', '.join(available)}).")
    return names


def _columns(results, names) -> list[tuple[str, str]]:
    if not names:
        found = {name for r in results for name in r.lessons}
        found |= {f"lesson{parse_key(key)[0]}" for r in results for key in r.outcomes}
        names = sorted(found & set(available_lessons()))
    columns = [(q.key, q.title) for name in names for q in exercises_of(name)]
    known = {key for key, _ in columns}
    extra = sorted({key for r in results for key in r.outcomes} - known)
    return columns + [(key, "") for key in extra]


def grade_folder(folder, *, timeout: float = 600, lessons=None, fast: bool = False, keep_going: bool = False,
                 jobs: int = 1, progress=None) -> ClassReport:
    """폴더의 제출물을 모두 채점한다.

    Args:
        folder: 제출물 폴더(파일 하나가 학생 한 명, 파일 이름이 학생 이름).
        timeout: 노트북 하나의 제한 시간(초).
        lessons: 열로 쓸 수업들(예: ``["02"]``). 없으면 제출물이 가져오는 수업에서 찾는다.
        fast: 커널을 빠른 모드(에포크 1)로 실행한다.
        keep_going: 오류가 난 셀 뒤도 계속 실행한다.
        jobs: 동시에 실행할 노트북 수.
        progress: 제출물 하나가 끝날 때마다 ``progress(StudentResult)`` 로 부른다.

    Returns:
        ClassReport.

    Raises:
        ValueError: ``lessons`` 에 연습문제가 없는 수업이 있을 때(채점을 시작하기 전에).
    """
    names = _lesson_names(lessons)
    paths = submission_paths(folder)
    options = dict(timeout=timeout, fast=fast, keep_going=keep_going)
    results = []
    if jobs > 1 and len(paths) > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
            futures = [pool.submit(grade_file, path, **options) for path in paths]
            for path, future in zip(paths, futures):
                try:
                    result = future.result()
                except Exception as exc:  # 작업 프로세스가 죽어도 그 제출물만 오류로 남긴다
                    result = StudentResult(path.stem, path.name, ERROR, f"채점 작업이 실패했습니다({type(exc).__name__}).")
                results.append(result)
                if progress:
                    progress(result)
    else:
        for path in paths:
            result = grade_file(path, **options)
            results.append(result)
            if progress:
                progress(result)
    return ClassReport(results, _columns(results, names))
