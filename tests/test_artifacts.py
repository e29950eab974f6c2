import os
import stat

import numpy as np
import pytest

from mnist_lesson import artifacts, models
from mnist_lesson.errors import ArtifactError, LessonInputError


def test_model_round_trip_gives_identical_predictions(tmp_path):
    model = models.compile_like_original(models.build_seed_mlp())
    x = np.random.default_rng(1).random((8, 784), dtype=np.float32)
    path = artifacts.save_model(model, tmp_path / "sub" / "m.keras")
    assert path.is_file()
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]  # 임시 파일이 남지 않는다
    loaded = artifacts.load_model(path)
    np.testing.assert_array_equal(model.predict(x, verbose=0), loaded.predict(x, verbose=0))


def test_saved_files_have_ordinary_permissions(tmp_path):
    path = artifacts.save_history({"loss": [1.0]}, tmp_path / "h.json")
    mode = stat.S_IMODE(os.stat(path).st_mode)
    assert mode & stat.S_IRGRP and mode & stat.S_IROTH  # mkstemp 의 0600 이 아니다


def test_missing_model_is_none(tmp_path):
    assert artifacts.load_model(tmp_path / "nope.keras") is None


def test_corrupt_model_is_reported_and_none(tmp_path, capsys):
    path = tmp_path / artifacts.MODEL_FILE
    path.write_bytes(b"not a zip")
    assert artifacts.load_model(path) is None
    out = capsys.readouterr().out
    assert "읽을 수 없어" in out and "06 노트북을 다시 실행하면" in out
    assert "Error" not in out  # 영어 예외 이름을 끼워 넣지 않는다
    assert path.read_bytes() == b"not a zip"  # 사용자의 파일을 지우지 않는다


def test_model_file_needs_keras_suffix(tmp_path):
    with pytest.raises(LessonInputError, match=r"\.keras"):
        artifacts.save_model(models.build_seed_mlp(), tmp_path / "m.h5")


def test_swapped_save_model_arguments_are_explained(tmp_path):
    model = models.build_seed_mlp()
    for path in (tmp_path / "m.keras", str(tmp_path / "m.keras")):
        with pytest.raises(LessonInputError, match=r"인자 순서가 바뀌었습니다.*save_model\(model, "):
            artifacts.save_model(path, model)
    assert list(tmp_path.iterdir()) == []


def test_save_model_needs_a_model_and_a_path(tmp_path):
    with pytest.raises(LessonInputError, match="첫 인자는 저장할 Keras 모델"):
        artifacts.save_model(None, tmp_path / "m.keras")
    with pytest.raises(LessonInputError, match="둘째 인자는 파일 경로"):
        artifacts.save_model(models.build_seed_mlp(), 3)


@pytest.mark.parametrize("text, problem", [
    ('{"history": {"loss": [0.5, 0.2', "1번째 줄 .*JSON 으로 읽을 수 없습니다"),  # 저장 도중에 잘린 파일
    ("", "파일이 비어 있습니다"),
    ('{"meta": {"epochs": 2}}', "학습 기록의 모양이 아닙니다"),  # history 항목이 없다
    ("[1, 2]", "학습 기록의 모양이 아닙니다"),
    ('{"history": {"loss": "abc"}}', "숫자 목록이어야 합니다"),
], ids=["truncated", "empty", "no-history", "not-a-dict", "not-numbers"])
def test_a_broken_history_file_is_explained_and_left_alone(tmp_path, text, problem):
    path = tmp_path / artifacts.HISTORY_FILE
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ArtifactError, match=f"학습 기록 파일이 손상되었습니다.*{problem}") as err:
        artifacts.load_history(path)
    assert "06 노트북을 다시 실행하면 새 파일로 바뀝니다" in str(err.value)
    assert "Error" not in str(err.value)
    assert path.read_text(encoding="utf-8") == text  # 사용자의 파일을 지우거나 덮어쓰지 않는다


def test_a_missing_history_file_is_explained(tmp_path):
    with pytest.raises(ArtifactError, match="학습 기록 파일이 없습니다.*이 파일을 저장하는 노트북"):
        artifacts.load_history(tmp_path / "h.json")
    with pytest.raises(LessonInputError, match="있는 이름: .*seed_mlp_100_epochs"):
        artifacts.load_recorded_history("seed_mlp_1000_epochs")


def test_save_failures_name_the_reason_in_korean(tmp_path, monkeypatch):
    import errno

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(artifacts.Path, "write_text", full)
    with pytest.raises(ArtifactError, match="디스크에 남은 공간이 없습니다") as err:
        artifacts.save_history({"loss": [1.0]}, tmp_path / "h.json")
    assert "OSError" not in str(err.value) and _hidden(tmp_path) == []


def test_history_round_trip_with_meta(tmp_path):
    path = artifacts.save_history({"loss": [0.5, 0.25], "val_loss": [0.4, 0.3]}, tmp_path / "h.json", epochs=2)
    history, meta = artifacts.load_history(path)
    assert history == {"loss": [0.5, 0.25], "val_loss": [0.4, 0.3]}
    assert meta == {"epochs": 2}


def test_recorded_history_shows_the_overfitting_story():
    history, meta = artifacts.load_recorded_history()
    assert meta["epochs"] == 100 and meta["seed"] == 1234 and meta["batch_size"] == 128
    assert all(len(history[k]) == 100 for k in ("loss", "val_loss", "test_loss", "accuracy", "test_accuracy"))
    val_loss = np.array(history["val_loss"])
    assert val_loss.argmin() < 10                      # 검증 손실은 초반에 가장 낮고
    assert val_loss[-1] > 1.5 * val_loss.min()          # 끝에서는 크게 오른다
    assert history["loss"][-1] < 0.01 and history["accuracy"][-1] > 0.999
    assert 0.980 <= history["test_accuracy"][-1] <= 0.990  # 원본의 98.36% 근처


# --- 저장할 수 없을 때: 한국어 오류, 임시 파일 없음, 사용자의 파일은 그대로 ------------------------------


def _hidden(folder):
    return [p.name for p in folder.iterdir() if p.name.startswith(".")]


def test_a_file_where_the_folder_should_be_is_explained(tmp_path):
    blocker = tmp_path / "artifacts"
    blocker.write_text("학생의 메모")
    with pytest.raises(ArtifactError, match="같은 이름의 파일이 있습니다.*MNIST_LESSON_ARTIFACTS"):
        artifacts.save_history({"loss": [1.0]}, blocker / "h.json")
    assert blocker.read_text() == "학생의 메모" and _hidden(tmp_path) == []


def test_a_read_only_folder_is_explained_without_temp_files(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):  # root 는 chmod 로 막히지 않으므로, 읽기 전용 폴더의 오류를 그대로 흉내 낸다
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(artifacts.tempfile, "mkstemp", refuse)
    with pytest.raises(ArtifactError, match="쓸 수 없습니다"):
        artifacts.save_model(models.build_seed_mlp(), tmp_path / "m.keras")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_with_the_model_file_name_is_not_replaced(tmp_path):
    (tmp_path / "m.keras").mkdir()
    with pytest.raises(ArtifactError, match="같은 이름의 폴더"):
        artifacts.save_model(models.build_seed_mlp(), tmp_path / "m.keras")
    assert (tmp_path / "m.keras").is_dir() and _hidden(tmp_path) == []


def test_a_failing_save_leaves_no_temp_file(tmp_path):
    class Broken:
        def save(self, path):
            open(path, "wb").write(b"half")
            raise ValueError("저장 중 실패(흉내)")

    with pytest.raises(ValueError, match="흉내"):
        artifacts.save_model(Broken(), tmp_path / "m.keras")
    assert list(tmp_path.iterdir()) == []


def test_home_folder_in_paths_is_expanded(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    path = artifacts.save_history({"loss": [1.0]}, "~/art/h.json")
    assert path == tmp_path / "art" / "h.json" and path.is_file()
    assert artifacts.load_history("~/art/h.json")[0] == {"loss": [1.0]}


def test_folder_problem_says_nothing_for_a_fine_folder(tmp_path):
    assert artifacts.folder_problem(tmp_path / "new" / "deeper") is None
    (tmp_path / "file").write_text("x")
    assert "같은 이름의 파일" in artifacts.folder_problem(tmp_path / "file" / "deeper")
