import numpy as np

from mnist_lesson import models


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
