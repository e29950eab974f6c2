"""제출물 찾기: 학생마다 채점할 파일을 고르고, 어떤 이름(바이트)이든 보여 줄 이름으로 바꾸고, 노트북으로 읽는다.

제출물 폴더 바로 아래의 파일 하나가 학생 한 명이거나, 폴더 하나가 학생 한 명이다(강의 플랫폼이 내보내는
``이름_…/02_model_design.ipynb`` 모양). 파일 이름은 바이트 그대로 다룬다: Windows 의 zip 에서 온 CP949 이름도
UTF-8 이 아닌 이름도 채점표에 원래 바이트(퍼센트 표기)와 읽은 이름이 함께 남는다.
"""

from __future__ import annotations

import collections
import json
import os
import re
import unicodedata
import urllib.parse
from dataclasses import dataclass, field

import nbformat

from mnist_lesson.exercises.registry import available_lessons, lessons_in_source, notebook_source
from mnist_lesson.statuses import NOT_JSON, NOT_NOTEBOOK

MAX_SUBMISSION_BYTES = 200 * 1024 * 1024
_HIDDEN = re.compile(r"^(\.|__MACOSX$)")


# --- 파일 이름 -------------------------------------------------------------------------------------------


def decode_name(raw) -> str:
    """파일 이름의 바이트를 보여 줄 이름으로: UTF-8, 안 되면 CP949(한국어 Windows 의 zip), 그것도 안 되면 대체 문자.

    한글은 NFC(완성형)로 맞춘다: macOS 가 만든 zip 의 이름은 자모를 나눠 쓴 NFD 라서, 그대로 두면 엑셀에서 자모가
    흩어져 보이고 명단의 이름과 맞지 않는다(원래 바이트는 ``quote_name`` 이 따로 남긴다).
    """
    return unicodedata.normalize("NFC", _decoded(raw))


def _decoded(raw) -> str:
    if isinstance(raw, str):
        try:
            raw = os.fsencode(raw)
        except UnicodeError:
            return raw.encode("utf-8", "replace").decode("utf-8")
    for encoding in ("utf-8", "cp949"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            pass
    return raw.decode("utf-8", "replace")


def quote_name(raw) -> str:
    """파일 이름의 원래 바이트를 퍼센트 표기로(``urllib.parse.unquote_to_bytes`` 로 되돌릴 수 있다)."""
    if isinstance(raw, str):
        raw = os.fsencode(raw)
    return urllib.parse.quote_from_bytes(raw, safe="/ ._-()[]")


# --- 제출물 찾기 -------------------------------------------------------------------------------------------


@dataclass
class Submission:
    """학생 한 명의 제출물: 이름, 채점할 파일(없을 수 있다), 고를 수 있었던 노트북들, 고른 까닭."""

    student: str
    raw: bytes                 # 학생(파일 또는 폴더) 이름의 원래 바이트
    candidates: list           # 채점할 수 있는 파일들의 경로(bytes/str), 노트북이 먼저
    relative: list             # 같은 순서로, 제출물 폴더 안의 상대 경로(bytes/str)
    path: object = None
    file: str = ""
    file_raw: str = ""
    note: str = ""
    lessons: list = field(default_factory=list)


def _listdir(folder):
    try:
        return sorted(os.listdir(folder))
    except OSError:
        return []


def _is_hidden(name) -> bool:
    return bool(_HIDDEN.match(decode_name(name)))


def _join(a, b):
    return os.path.join(a, b)


def _walk_files(folder, prefix):
    found = []
    for name in _listdir(folder):
        if _is_hidden(name):
            continue
        path, rel = _join(folder, name), _join(prefix, name)
        if os.path.isdir(path) and not os.path.islink(path):
            found += _walk_files(path, rel)
        elif os.path.isfile(path):
            found.append((path, rel))
    return found


def _is_ipynb(name) -> bool:
    return decode_name(os.path.basename(name)).lower().endswith(".ipynb")


def nested_class_folders(submissions) -> list[str]:
    """노트북이 든 하위 폴더가 둘 이상인 '학생' 폴더들의 이름: 학급 폴더를 하나 위에서 고른 것으로 보인다."""
    found = []
    for sub in submissions:
        folders = {os.path.dirname(r) for p, r in zip(sub.candidates, sub.relative) if _is_ipynb(p)}
        deeper = {d for d in folders if os.fsdecode(d).replace("\\", "/").count("/") >= 1}
        if len(deeper) >= 2:
            found.append(sub.student)
    return found


def find_submissions(folder) -> list[Submission]:
    """제출물 폴더의 학생들: 바로 아래의 파일 하나가 한 명, 또는 폴더 하나가 한 명(강의 플랫폼이 내보낸 모양).

    숨김 파일·폴더(``.`` 으로 시작), ``__MACOSX``, ``.ipynb_checkpoints`` 는 건너뛴다. 파일 이름은 바이트 그대로 다룬다.
    """
    base = os.fsencode(str(folder)) if os.name == "posix" else str(folder)
    found = []
    for name in _listdir(base):
        if _is_hidden(name):
            continue
        path = _join(base, name)
        if os.path.isdir(path) and not os.path.islink(path):
            files = _walk_files(path, name)
            files.sort(key=lambda pr: (not _is_ipynb(pr[0]), pr[1]))
            found.append(Submission(decode_name(name), os.fsencode(name) if isinstance(name, str) else name,
                                    [p for p, _ in files], [r for _, r in files]))
        elif os.path.isfile(path):
            stem = decode_name(name)
            stem = stem.rsplit(".", 1)[0] if "." in stem.lstrip(".") else stem
            found.append(Submission(stem, os.fsencode(name) if isinstance(name, str) else name, [path], [name]))
    return found


def read_submission(path):
    """제출 파일을 노트북으로 읽는다(실행하지 않는다).

    Returns:
        ``(노트북 또는 None, 상태 또는 None, 설명)``. 읽을 수 있으면 상태는 None.
    """
    is_ipynb = _is_ipynb(path)
    suffix = os.path.splitext(decode_name(os.path.basename(path)))[1]
    if os.path.islink(path):  # 압축 파일이 만든 링크가 다른 학생의 파일이나 시스템 파일을 가리킬 수 있다
        return None, NOT_NOTEBOOK, "심볼릭 링크는 채점하지 않습니다. 파일 자체를 제출하세요."
    try:
        size = os.path.getsize(path)
        if size > MAX_SUBMISSION_BYTES:
            return None, NOT_NOTEBOOK, f"파일이 너무 큽니다({size / 2**20:.0f} MB, 한도 {MAX_SUBMISSION_BYTES // 2**20} MB)."
        with open(path, "rb") as f:
            text = f.read().decode("utf-8")
        raw = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        if is_ipynb:
            return None, NOT_JSON, f"JSON 으로 읽을 수 없습니다({type(exc).__name__}: {str(exc)[:120]})."
        unzip = " 압축 파일이면 풀어서 안의 노트북을 넣어 주세요." if suffix.lower() in (".zip", ".7z", ".rar", ".gz", ".tar") else ""
        return None, NOT_NOTEBOOK, f"노트북(.ipynb)이 아닌 파일입니다({suffix or '확장자 없음'}).{unzip}"
    except OSError as exc:
        return None, NOT_NOTEBOOK, f"파일을 읽을 수 없습니다({type(exc).__name__})."
    if not (isinstance(raw, dict) and isinstance(raw.get("cells"), list) and "nbformat" in raw):
        return None, NOT_NOTEBOOK, "JSON 이지만 주피터 노트북이 아닙니다(cells, nbformat 항목이 없음)."
    try:
        nb = nbformat.reads(text, as_version=4)
    except Exception as exc:
        return None, NOT_NOTEBOOK, f"노트북 형식이 아닙니다({type(exc).__name__}: {str(exc)[:120]})."
    return nb, None, ""


def _lessons_of(path) -> list[str]:
    nb, status, _ = read_submission(path)
    return [] if nb is None else [name for name in lessons_in_source(notebook_source(nb)) if name in available_lessons()]


def choose_files(submissions, graded: list[str] | None) -> None:
    """학생마다 채점할 파일을 고른다(제자리에서). 노트북이 여럿이면 채점하는 수업의 것 중 가장 최근 것."""
    for sub in submissions:
        notebooks = [(p, r) for p, r in zip(sub.candidates, sub.relative) if _is_ipynb(p)]
        pairs = notebooks or list(zip(sub.candidates, sub.relative))[:1]
        if len(notebooks) > 1:
            lessons = {p: _lessons_of(p) for p, _ in notebooks}
            matching = [(p, r) for p, r in notebooks if graded and set(lessons[p]) & set(graded)]
            pool = matching or notebooks
            pool.sort(key=lambda pr: os.path.getmtime(pr[0]), reverse=True)
            pairs = pool[:1]
            names = ", ".join(decode_name(os.path.basename(r)) for _, r in notebooks)
            chosen = decode_name(os.path.basename(pairs[0][1]))
            among = "채점하는 수업의 노트북 중에서" if matching else "그중"
            sub.note = (f"노트북이 {len(notebooks)}개 있습니다({names}). {among} 가장 최근에 저장한 "
                        f"{chosen} 파일을 채점했습니다.")
        if pairs:
            sub.path, rel = pairs[0]
            sub.file, sub.file_raw = decode_name(rel), quote_name(rel)
            sub.lessons = _lessons_of(sub.path) if _is_ipynb(sub.path) else []
        else:
            sub.file, sub.file_raw = decode_name(sub.raw) + "/", quote_name(sub.raw) + "/"


def class_lessons(submissions) -> list[str]:
    """``--lesson`` 이 없을 때 채점할 수업: 제출물이 가장 많이 가져오는 수업(같으면 모두)."""
    counts = collections.Counter(name for sub in submissions for name in sub.lessons)
    if not counts:
        return []
    top = max(counts.values())
    return sorted(name for name, n in counts.items() if n == top)
