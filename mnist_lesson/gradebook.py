"""채점표 파일: 결과 폴더 고르기(덮어쓰지 않기), 한 줄씩 바로 쓰는 채점표, 요약표, 검토용 노트북 폴더.

- 결과 폴더에 이전 채점이 있으면 덮어쓰지 않고 날짜를 붙인 새 폴더에 쓴다(``--force`` 일 때만 덮어쓴다).
- ``grades.csv`` 는 학생 한 명이 끝날 때마다 한 줄을 덧붙인다(쓰다가 멈춰도 끝난 학생은 남는다).
- 머리말(``#`` 로 시작하는 줄)에 어떻게 채점했는지(샌드박스, 제한)를, 끝에 끝났는지 멈췄는지를 적는다.
  pandas 는 ``pd.read_csv(path, comment="#")`` 로 읽는다.
- ``summary.csv`` 는 줄을 쓸 때마다 통째로 새로 쓴다(임시 파일에 쓴 뒤 이름 바꾸기).
CSV 는 엑셀에서 한글이 깨지지 않도록 UTF-8(BOM)이다.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
import time
from pathlib import Path

from mnist_lesson.exercises.core import Outcome
from mnist_lesson.statuses import GRADABLE, NOT_GRADED, STATUSES

NOT_RUN = "미실행"  # 문제 하나의 결과: 확인 줄이 실행되지 않았다
OUTCOME_LABELS = {o.value: o.short for o in Outcome}
CELL_LABELS = (*OUTCOME_LABELS.values(), NOT_RUN)

GRADES_FILE = "grades.csv"
SUMMARY_FILE = "summary.csv"
NOTEBOOKS_DIR = "notebooks"
OWNED = (GRADES_FILE, SUMMARY_FILE, NOTEBOOKS_DIR)
FIXED_COLUMNS = ["학생", "파일", "파일 이름(바이트)", "상태", "설명", "시간(초)", "정답 수", "검토용 노트북"]
SUMMARY_HEADER = ["문제", "내용", *CELL_LABELS, "정답률"]
END_MARK = "# 끝:"
INTERRUPTED_MARK = "# 중단:"


def choose_out_dir(out, *, force: bool = False) -> tuple[Path, str]:
    """결과를 쓸 폴더. 이전 결과가 있으면(비어 있지 않으면) 날짜를 붙인 새 폴더를 고른다.

    Returns:
        ``(폴더, 안내문)``. 안내문은 새 폴더를 골랐거나 덮어쓸 때만 있다.
    """
    out = Path(out)
    if not out.exists() or (out.is_dir() and not any(out.iterdir())):
        return out, ""
    if force:
        return out, f"--force: {out} 의 이전 채점 결과를 덮어씁니다."
    stamp = time.strftime("%Y%m%d-%H%M%S")
    candidate, n = out.with_name(f"{out.name}-{stamp}"), 1
    while candidate.exists():
        n += 1
        candidate = out.with_name(f"{out.name}-{stamp}-{n}")
    return candidate, (f"{out} 에 이전 결과가 있어 지키려고 새 폴더 {candidate} 에 씁니다"
                       "(덮어쓰려면 --force).")


def _csv_line(values) -> str:
    """CSV 한 줄. 칸을 모두 따옴표로 감싼다: 이름이 ``#`` 으로 시작하는 학생의 줄이 머리말로 읽혀 빠지지 않고,
    칸 속의 ``#`` (``박#지성``)을 주석으로 읽는 프로그램(pandas 의 ``comment="#"``)도 칸을 자르지 않는다."""
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_ALL).writerow(values)
    return buffer.getvalue()


def _append(path: Path, text: str) -> None:
    """한 번에 덧붙이고 디스크까지 보낸다(멈춰도 반쯤 쓴 줄이 남지 않게 한 번의 write)."""
    with path.open("a", encoding="utf-8", newline="") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())


def _as_text(value: str) -> str:
    """학생이 정한 글(이름, 파일 이름)이 엑셀에서 수식으로 실행되지 않게: ``=``·``+``·``-``·``@`` 로 시작하면 앞에 ``'``."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def row(result, exercises) -> dict:
    """채점표의 한 줄: 학생 한 명. 학생이 정한 이름은 수식이 되지 않게 적는다(원래 바이트는 ``파일 이름(바이트)``)."""
    values = {"학생": _as_text(result.student), "파일": _as_text(result.file), "파일 이름(바이트)": result.file_raw, "상태": result.status,
              "설명": result.detail, "시간(초)": f"{result.seconds:.1f}",
              "정답 수": str(sum(result.outcomes.get(key) == Outcome.CORRECT.value for key, _ in exercises)),
              "검토용 노트북": result.notebook}
    values.update({key: result.label(key) for key, _ in exercises})
    return values


def summary_rows(results, exercises) -> list[dict]:
    """요약표: 문제마다 정답·오답·미응답·미실행 학생 수, 정답률(이 수업의 노트북을 실행한 제출물 중)."""
    gradable = [r for r in results if r.status in GRADABLE]
    rows = []
    for key, title in exercises:
        counts = {label: 0 for label in CELL_LABELS}
        for r in results:
            counts[r.label(key)] += 1
        correct = sum(r.outcomes.get(key) == Outcome.CORRECT.value for r in gradable)
        rate = f"{100 * correct / len(gradable):.0f}%" if gradable else "-"
        rows.append({"문제": key, "내용": title, **counts, "정답률": rate})
    return rows


def status_line(results) -> str:
    counts = {s: sum(r.status == s for r in results) for s in STATUSES}
    text = ", ".join(f"{s} {n}" for s, n in counts.items() if n)
    gradable = sum(counts[s] for s in GRADABLE)
    return f"제출 {len(results)}개: {text or '없음'} (정답률의 분모: 실행한 제출물 {gradable}개)"


def summary_markdown(report) -> str:
    """요약표를 마크다운 표로(터미널과 노트북에 그대로 붙여 쓸 수 있게)."""
    lines = [status_line(report.results), ""]
    lines.append("| " + " | ".join(SUMMARY_HEADER) + " |")
    lines.append("|" + "|".join("---" if h in ("문제", "내용") else "---:" for h in SUMMARY_HEADER) + "|")
    for r in summary_rows(report.results, report.exercises):
        lines.append("| " + " | ".join(str(r[h]) for h in SUMMARY_HEADER) + " |")
    if report.interrupted:
        lines += ["", "※ 채점을 멈췄습니다(Ctrl-C): 남은 제출물은 '미채점' 입니다."]
    return "\n".join(lines)


def read_rows(path) -> list[dict]:
    """``grades.csv`` 나 ``summary.csv`` 를 읽는다: 맨 앞의 머리말과 맨 끝의 ``#`` 줄만 건너뛴다.

    가운데의 줄은 ``#`` 으로 시작해도 표의 일부다(여러 줄인 칸의 다음 줄).
    """
    with open(path, encoding="utf-8-sig", newline="") as f:
        lines = f.readlines()
    start = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    end = len(lines)
    while end > start and lines[end - 1].startswith("# "):
        end -= 1
    return list(csv.DictReader(lines[start:end]))


class Gradebook:
    """결과 폴더 하나: 채점표를 한 줄씩 쓰고, 요약표를 새로 쓰고, 검토용 노트북을 둔다."""

    def __init__(self, out_dir, *, title: str = ""):
        self.out_dir = Path(out_dir)
        self.title = title
        self.grades = self.out_dir / GRADES_FILE
        self.summary = self.out_dir / SUMMARY_FILE
        self.notebooks = self.out_dir / NOTEBOOKS_DIR
        self.results = []
        self.exercises = []
        self.notes = []
        self.started = ""

    def check_writable(self) -> None:
        """결과 폴더를 만들고 그 안에 쓸 수 있는지 미리 본다(채점을 시작한 뒤에 실패하지 않게).

        Raises:
            OSError: 폴더를 만들 수 없거나 그 안에 쓸 수 없을 때(권한, 읽기 전용, 같은 이름의 파일).
        """
        self.out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=self.out_dir, prefix=".쓰기-확인-"):
            pass

    def start(self, exercises, notes) -> None:
        """폴더를 만들고(이전에 이 도구가 쓴 파일만 지운다) 채점표의 머리말과 열 이름을 쓴다."""
        self.exercises, self.notes = list(exercises), list(notes)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        for name in (GRADES_FILE, SUMMARY_FILE):
            (self.out_dir / name).unlink(missing_ok=True)
        if self.notebooks.is_dir():
            for path in self.notebooks.glob("*.ipynb"):
                path.unlink()
        self.notebooks.mkdir(exist_ok=True)
        self.started = time.strftime("%Y-%m-%d %H:%M:%S")
        head = [f"# mnist-lesson 채점표 ({self.started}{', ' + self.title if self.title else ''})",
                *(f"# {note}" for note in self.notes),
                "# 이 표는 학생 한 명이 끝날 때마다 한 줄씩 씁니다. 마지막 줄이 '# 끝:' 이 아니면 채점이 끝나지 않은 것입니다."]
        header = FIXED_COLUMNS + [key for key, _ in self.exercises]
        self.grades.write_text("\ufeff" + "\n".join(head) + "\n" + _csv_line(header), encoding="utf-8", newline="")
        self._write_summary(final=False, interrupted=False)

    def notebook_path(self, name: str) -> Path:
        return self.notebooks / name

    def relative(self, path) -> str:
        try:
            return str(Path(path).relative_to(self.out_dir))
        except ValueError:
            return str(path)

    def add(self, result) -> None:
        """학생 한 명의 줄을 바로 덧붙이고 요약표를 새로 쓴다."""
        self.results.append(result)
        values = row(result, self.exercises)
        _append(self.grades, _csv_line([values[h] for h in FIXED_COLUMNS + [k for k, _ in self.exercises]]))
        self._write_summary(final=False, interrupted=False)

    def finish(self, *, interrupted: bool) -> None:
        """끝(또는 멈춤)을 채점표와 요약표에 적는다."""
        when = time.strftime("%Y-%m-%d %H:%M:%S")
        if interrupted:
            left = sum(r.status == NOT_GRADED for r in self.results)
            _append(self.grades, f"{INTERRUPTED_MARK} {when} Ctrl-C 로 채점을 멈췄습니다. "
                                 f"채점하지 못한 {left}명은 상태가 '미채점' 입니다. 다시 채점하세요.\n")
        else:
            _append(self.grades, f"{END_MARK} {when} 제출물 {len(self.results)}개를 모두 채점했습니다.\n")
        self._write_summary(final=True, interrupted=interrupted)

    def _write_summary(self, *, final: bool, interrupted: bool) -> None:
        head = [f"# mnist-lesson 요약표 ({self.started}{', ' + self.title if self.title else ''})",
                *(f"# {note}" for note in self.notes),
                f"# {status_line(self.results)}"]
        if interrupted:
            head.append(f"{INTERRUPTED_MARK} Ctrl-C 로 채점을 멈췄습니다. 남은 제출물은 '미채점' 입니다.")
        elif not final:
            head.append("# 채점 중: 아직 끝나지 않았습니다(끝난 학생까지의 요약입니다).")
        body = _csv_line(SUMMARY_HEADER) + "".join(
            _csv_line([r[h] for h in SUMMARY_HEADER]) for r in summary_rows(self.results, self.exercises))
        tmp = self.summary.with_name(self.summary.name + ".tmp")
        with tmp.open("w", encoding="utf-8", newline="") as f:
            f.write("\ufeff" + "\n".join(head) + "\n" + body)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.summary)
