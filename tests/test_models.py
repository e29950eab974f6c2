import numpy as np

from mnist_lesson import models

from conftest import count_graph_traces


def test_seed_mlp_has_the_original_architecture():
    model = models.build_seed_mlp()
    assert model.built  # keras.Input 덕분에 학습 전에도 만들어져 있다
    dense = model.layers
    assert [layer.units for layer in dense] == [256, 256, 128, 64, 10]
    assert [layer.activation.__name__ for layer in dense] == ["relu"] * 4 + ["softmax"]
    assert model.input_shape == (None, 784)
    # 손 계산(입력 × 뉴런 + 편향)과 Keras 가 센 값이 같다
    sizes = [784, 256, 256, 128, 64, 10]
    by_hand = sum(i * o + o for i, o in zip(sizes[:-1], sizes[1:]))
    assert model.count_params() == by_hand == models.SEED_MLP_PARAMS


def test_compile_like_original():
    model = models.compile_like_original(models.build_seed_mlp())
    assert type(model.optimizer).__name__ == "RMSprop"
    assert np.isclose(float(model.optimizer.learning_rate), 0.001)
    assert model.loss == "sparse_categorical_crossentropy"


def _fit_counting_traces(model, x, y):
    """한 에포크 학습하고 (학습 기록, 그 fit 이 학습 스텝의 계산 그래프를 그린 횟수)를 돌려준다."""
    traces = count_graph_traces(model)
    history = model.fit(x[:256], y[:256], validation_data=(x[256:], y[256:]), epochs=1, batch_size=64, verbose=0)
    assert traces[0] == 0 and len(traces) == 2, traces  # fit 밖에서는 그리지 않았고, fit 은 한 번 불렀다
    return history.history, traces[1]


def test_compile_like_original_trains_like_the_string_settings_and_draws_the_graph_once():
    import keras

    from mnist_lesson import config

    rng = np.random.default_rng(0)
    x, y = rng.random((320, 784), dtype=np.float32), rng.integers(0, 10, 320)
    config.set_seed(7)
    plain = models.build_seed_mlp()
    plain.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])  # 03 노트북의 설정
    expected, plain_traces = _fit_counting_traces(plain, x, y)
    config.set_seed(7)
    got, traces = _fit_counting_traces(models.compile_like_original(models.build_seed_mlp()), x, y)
    assert set(got) == set(expected) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    for key in expected:
        np.testing.assert_allclose(got[key], expected[key], rtol=1e-6, err_msg=key)
    assert traces == 1 < plain_traces  # 변수를 미리 만들어 두어 그래프를 한 번만 그린다
    # 입력 모양을 모르는 모델도 그대로 컴파일되고, 첫 fit 이 변수를 만든다.
    unbuilt = models.compile_like_original(keras.Sequential([keras.layers.Dense(10, activation="softmax")]))
    assert not unbuilt.built and unbuilt.fit(x[:64], y[:64], epochs=1, verbose=0).history["loss"]


def test_untrained_predictions_are_probabilities():
    model = models.build_seed_mlp()
    probs = model.predict(np.random.default_rng(0).random((4, 784), dtype=np.float32), verbose=0)
    assert probs.shape == (4, 10)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)


def test_check_model_gives_the_input_shape():
    assert models.check_model(models.build_seed_mlp()) == (784,)


def test_check_model_explains_what_is_not_a_model(tmp_path):
    import keras
    import pytest

    from mnist_lesson.errors import LessonInputError

    for bad, fragment in [(None, "모델이 없습니다"), (tmp_path / "m.keras", "파일 경로"), ("m.keras", "파일 경로"),
                          ({"layers": 3}, "keras 모델이 필요합니다"),
                          (keras.Sequential([keras.layers.Dense(10)]), "입력 모양을 아직 모릅니다")]:
        with pytest.raises(LessonInputError, match=fragment):
            models.check_model(bad)


def test_check_model_hints_at_swapped_arguments():
    import pytest

    from mnist_lesson.errors import LessonInputError

    images = np.zeros((2, 784), np.float32)
    with pytest.raises(LessonInputError, match=r"keras 모델이 필요합니다\(받은 것: ndarray\).*인자의 순서.*"
                                               r"handwriting\.predict\(model, digits\)"):
        models.check_model(images, call="handwriting.predict(model, digits)")
    with pytest.raises(LessonInputError, match="인자의 순서를 확인하세요"):
        models.check_model([images[0]])
    with pytest.raises(LessonInputError, match="인자의 순서") as info:  # 캔버스 그림(데이터 URL)은 경로가 아니다
        models.check_model("data:image/png;base64,AAAA")
    assert "파일 경로" not in str(info.value)
    with pytest.raises(LessonInputError, match="artifacts.load_model") as info:  # 입력도 아닌 것: 순서 탓을 하지 않는다
        models.check_model({"layers": 3})
    assert "순서" not in str(info.value)
