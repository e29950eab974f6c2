"""08 을 이미 파일이 있는 폴더에서 실행한다: 05 의 MLP 를 불러다 쓰고, 전에 저장된 CNN 파일을 안전하게 덮어쓴다.

(처음 실행하는 경우, 곧 05 의 모델이 없을 때는 nbmake 가 빠른 모드로 한 번 실행한다.)
"""

import pytest

from mnist_lesson import artifacts, models, nbtools

from conftest import NOTEBOOKS


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    folder = tmp_path / "lesson"
    (folder / "artifacts").mkdir(parents=True)
    monkeypatch.setenv("MNIST_LESSON_ARTIFACTS", str(folder / "artifacts"))
    monkeypatch.setenv("MNIST_LESSON_FAST", "1")
    monkeypatch.delenv("MNIST_LESSON_EPOCHS", raising=False)
    return folder


def test_08_uses_the_mlp_from_05_and_overwrites_its_old_cnn(workdir):
    saved = workdir / "artifacts"
    artifacts.save_model(models.compile_like_original(models.build_seed_mlp()), saved / artifacts.MODEL_FILE)
    (saved / "cnn_08.keras").write_bytes(b"an old, broken file")

    nb = nbtools.execute(NOTEBOOKS / "08_cnn.ipynb", cwd=workdir)
    out = "".join(nbtools.stream_text(cell) for cell in nb.cells if cell.cell_type == "code")

    assert "05 노트북이 저장한 MLP 를 불러왔습니다" in out
    model = artifacts.load_model(saved / "cnn_08.keras")
    assert model is not None and tuple(model.inputs[0].shape[1:]) == (28, 28, 1)
    assert sorted(p.name for p in saved.iterdir()) == sorted([artifacts.MODEL_FILE, "cnn_08.keras"])  # 임시 파일 없음
