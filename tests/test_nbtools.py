import nbformat

from mnist_lesson import nbtools


def _dirty_notebook():
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "x"}, "widgets": {"big": "state"}}
    code = nbformat.v4.new_code_cell("print('안녕')", execution_count=7, metadata={"scrolled": True, "tags": ["x"]})
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="안녕\n")]
    nb.cells = [nbformat.v4.new_markdown_cell("# 제목"), code]
    return nb


def test_normalize_strips_outputs_and_metadata():
    nb = nbtools.normalize(_dirty_notebook())
    code = nb.cells[1]
    assert code.outputs == [] and code.execution_count is None
    assert dict(code.metadata) == {"tags": ["x"]}
    assert set(nb.metadata) == {"kernelspec", "language_info"}
    nbformat.validate(nb)


def test_normalize_keeps_cell_ids_and_fixes_missing_or_repeated_ones():
    nb = _dirty_notebook()
    nb.cells[0].id = "keep-me"
    nb.cells[1].id = "keep-me"  # 겹치는 ID
    nb.cells.append(nbformat.v4.new_markdown_cell("끝"))
    del nb.cells[2]["id"]
    ids = [c.id for c in nbtools.normalize(nb).cells]
    assert ids[0] == "keep-me" and len(set(ids)) == 3
    assert ids == [c.id for c in nbtools.normalize(nbtools.normalize(nb)).cells]  # 두 번 정리해도 같다
    inserted = nbtools.normalize(nb)
    inserted.cells.insert(0, nbformat.v4.new_markdown_cell("새 셀"))
    assert [c.id for c in nbtools.normalize(inserted).cells][1:] == ids  # 셀을 넣어도 다른 셀의 ID 는 그대로


def test_clean_file_check_and_fix(tmp_path):
    path = tmp_path / "n.ipynb"
    nbformat.write(_dirty_notebook(), path)
    before = path.read_text(encoding="utf-8")
    assert nbtools.clean_file(path, check=True) is False
    assert path.read_text(encoding="utf-8") == before                  # 검사만 하면 그대로
    assert nbtools.clean_file(path) is False                           # 고치고
    assert nbtools.clean_file(path, check=True) is True                # 이제 깨끗하다
    assert nbtools.main(["--check", str(path)]) == 0


def test_a_cell_added_without_an_id_gets_the_same_id_every_time(tmp_path):
    """손으로 더한 셀(ID 없음)은 nbformat.reads 의 무작위 ID 대신 내용으로 정한 ID 를 받는다: 두 번 정리해도 같다."""
    import json
    import warnings

    text = json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                       "cells": [{"cell_type": "code", "source": ["x = 1\n", "y = 2"], "metadata": {}, "outputs": [],
                                  "execution_count": None}]})  # Jupyter 처럼 소스를 줄의 목록으로 저장한 파일
    ids = []
    for name in ("a.ipynb", "b.ipynb"):
        (tmp_path / name).write_text(text, encoding="utf-8")
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # MissingIDFieldWarning 도 나지 않는다
            nbtools.clean_file(tmp_path / name)
        ids.append(json.loads((tmp_path / name).read_text(encoding="utf-8"))["cells"][0]["id"])
    assert ids[0] == ids[1] and ids[0].startswith("cell-")
    assert json.loads((tmp_path / "a.ipynb").read_text(encoding="utf-8"))["cells"][0]["source"] == "x = 1\ny = 2"
