"""09 노트북을 한 폴더에서 두 번 실행한다: 첫 실행이 저장한 모델을 둘째 실행이 불러 쓰고, 05·08 의 파일은 만들지 않는다."""

from mnist_lesson import nbtools

from conftest import NOTEBOOKS

NOTEBOOK = NOTEBOOKS / "09_my_handwriting.ipynb"


def _stdout(nb):
    return "".join(nbtools.stream_text(cell) for cell in nb.cells if cell.cell_type == "code")


def test_09_twice_in_one_folder(tmp_path, monkeypatch):
    artifacts_dir = tmp_path / "artifacts"
    monkeypatch.setenv("MNIST_LESSON_ARTIFACTS", str(artifacts_dir))
    monkeypatch.setenv("MNIST_LESSON_FAST", "1")
    monkeypatch.delenv("MNIST_LESSON_EPOCHS", raising=False)

    first = _stdout(nbtools.execute(NOTEBOOK, cwd=tmp_path))
    assert "저장된 모델이 없어서 짧게 다시 학습합니다" in first
    assert (artifacts_dir / "model_09.keras").is_file()

    second = _stdout(nbtools.execute(NOTEBOOK, cwd=tmp_path))
    assert "불러왔습니다: 이 노트북이 지난번에 저장한 모델" in second
    assert "짧게 다시 학습합니다" not in second

    for out in (first, second):
        assert "테스트 1,000장의 확률이 모두 같다: True" in out  # 저장 → 불러오기가 모델을 그대로 되살린다
        assert "예측한 숫자가 모두 같다: True" in out
        assert "BlankImageError" in out and "ImageInputError" in out  # 잘못된 입력 절이 오류를 보여 주고 계속했다
    # 05·08 노트북의 파일은 만들거나 덮어쓰지 않는다.
    assert sorted(p.name for p in artifacts_dir.iterdir()) == ["model_09.keras"]
