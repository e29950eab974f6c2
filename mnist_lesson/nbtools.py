"""노트북 도구: 커밋 전에 출력과 실행 번호를 지우고 메타데이터를 정리한다.

``python -m mnist_lesson.nbtools notebooks/*.ipynb`` 는 저장소의 수업 노트북이면 생성되는 부분(Colab 배지, 설치 셀,
준비 셀의 첫 줄, ``mnist_lesson.bootstrap``)도 ``pyproject.toml`` 의 저장소 주소로 다시 만든다.
유지보수자와 강사가 쓴다(학생 노트북은 이 모듈을 가져오지 않는다). 노트북 실행은 ``mnist_lesson.runner`` 에 있다.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import nbformat

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO = {"name": "python"}
_CELL_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")  # nbformat 4.5 가 허용하는 셀 ID


def _new_id(cell, taken: set) -> str:
    """ID 가 없거나 겹치는 셀의 새 ID: 셀 내용의 해시(같은 노트북이면 언제나 같은 값), 겹치면 뒤에 번호."""
    digest = hashlib.sha1("".join(cell.get("source", "")).encode("utf-8")).hexdigest()[:8]
    candidate, n = f"cell-{digest}", 1
    while candidate in taken:
        n += 1
        candidate = f"cell-{digest}-{n}"
    return candidate


def parse_notebook(text: str):
    """노트북 텍스트를 읽는다. nbformat 4 는 그대로 읽어, ID 가 없는 셀에 ``nbformat.reads`` 가 붙이는 무작위 ID
    (그리고 MissingIDFieldWarning) 대신 ``normalize`` 가 셀 내용으로 늘 같은 ID 를 붙이게 한다. 더 오래된 판은 4 로 바꾼다."""
    raw = json.loads(text)
    if isinstance(raw, dict) and raw.get("nbformat") == 4:
        return nbformat.v4.nbjson.JSONReader().to_notebook(raw)  # 여러 줄로 저장된 소스를 잇고, 검증(무작위 ID)은 하지 않는다
    return nbformat.reads(text, as_version=4)


def normalize(nb):
    """출력·실행 번호를 지우고, 메타데이터를 표준 값으로 정리한 사본.

    셀 ID 는 그대로 둔다(셀을 넣거나 빼도 다른 셀의 ID 가 바뀌지 않아 변경 내역이 작다).
    ID 가 없거나, 형식에 맞지 않거나, 앞 셀과 겹치면 셀 내용으로 새 ID 를 만든다.
    """
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    nb.nbformat, nb.nbformat_minor = 4, 5
    nb.metadata = nbformat.from_dict({"kernelspec": KERNELSPEC, "language_info": LANGUAGE_INFO})
    taken = set()
    for cell in nb.cells:
        current = cell.get("id")
        if not (isinstance(current, str) and _CELL_ID.fullmatch(current)) or current in taken:
            cell.id = _new_id(cell, taken)
        taken.add(cell.id)
        keep = {k: v for k, v in cell.get("metadata", {}).items() if k in ("tags",)}
        cell.metadata = nbformat.from_dict(keep)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        else:
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
            if cell.cell_type == "markdown":
                cell.pop("attachments", None)
    return nb


def dumps(nb) -> str:
    """정리한 노트북을 커밋할 텍스트로(들여쓰기 1, 유니코드 그대로, 끝에 줄바꿈)."""
    return json.dumps(nb, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def clean_file(path, check: bool = False) -> bool:
    """노트북 파일을 정리한다. ``check=True`` 면 고치지 않고 이미 깨끗한지만 알려 준다.

    Returns:
        파일이 이미 깨끗했으면 True.
    """
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    clean = dumps(normalize(parse_notebook(text)))
    if text == clean:
        return True
    if not check:
        path.write_text(clean, encoding="utf-8")
    return False


def generated_parts(path, text: str) -> str:
    """저장소의 수업 노트북(``pyproject.toml`` 의 노트북 폴더에 있는 ``NN_이름.ipynb``)이면 생성되는 부분을 다시 만든
    텍스트, 아니면(저장소 밖의 사본, 정답지 등) 받은 그대로."""
    from mnist_lesson import bootstrap

    path = Path(path).resolve()
    pyproject = bootstrap.find_pyproject(path.parent)
    if pyproject is None or not re.fullmatch(r"\d\d_\w+\.ipynb", path.name):
        return text
    repo = bootstrap.load_repository(pyproject)
    root = pyproject.parent
    if path.parent != (root / repo.notebooks).resolve():
        return text
    nb = parse_notebook(text)
    bootstrap.apply(nb, path.relative_to(root).as_posix(), repo)
    return dumps(nb)


def main(argv=None) -> int:
    """``python -m mnist_lesson.nbtools [--check] 노트북...``: 노트북을 정리하거나 검사한다.

    저장소의 수업 노트북이면 생성되는 부분(배지, 설치 셀, 준비 셀의 첫 줄)도 만든다(``generated_parts``).
    """
    import argparse

    parser = argparse.ArgumentParser(description="노트북의 출력을 지우고 메타데이터를 정리합니다(수업 노트북은 배지와 설치 셀도).")
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--check", action="store_true", help="고치지 않고 검사만 합니다(CI 용)")
    args = parser.parse_args(argv)
    dirty = []
    for path in args.paths:
        text = path.read_text(encoding="utf-8")
        clean = dumps(normalize(parse_notebook(generated_parts(path, text))))
        if clean != text:
            dirty.append(path)
            if not args.check:
                path.write_text(clean, encoding="utf-8")
    for p in dirty:
        print(f"{'정리 필요' if args.check else '정리함'}: {p}")
    return 1 if (args.check and dirty) else 0


if __name__ == "__main__":
    raise SystemExit(main())
