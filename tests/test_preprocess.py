import numpy as np
import pytest

from mnist_lesson import preprocess
from mnist_lesson.errors import LessonInputError


def _images(n=3, shape=(28, 28)):
    return np.random.default_rng(0).integers(0, 256, (n, *shape), dtype=np.uint8)


def test_to_model_input_matches_the_manual_recipe():
    x = _images(5)
    out = preprocess.to_model_input(x)
    expected = x.reshape(5, 784).astype(np.float32) / 255  # 04 노트북의 손 계산
    assert out.dtype == np.float32 and out.shape == (5, 784)
    np.testing.assert_array_equal(out, expected)
    assert out.min() >= 0 and out.max() <= 1


def test_to_model_input_accepts_flat_uint8():
    x = _images(2).reshape(2, 784)
    assert preprocess.to_model_input(x).shape == (2, 784)


@pytest.mark.parametrize(
    "bad, message",
    [
        (np.zeros((3, 32, 32), np.uint8), r"\(3, 32, 32\).*\(샘플 수, 28, 28\)"),
        (np.zeros((28, 28), np.uint8), r"\(28, 28\).*images\[None\]"),
        (np.zeros((3, 28, 28), np.int64), "int64.*uint8"),
        (np.zeros((0, 28, 28), np.uint8), "비어 있습니다"),
        ([[0] * 784], "NumPy 배열"),
    ],
)
def test_bad_images_are_explained(bad, message):
    with pytest.raises(LessonInputError, match=message):
        preprocess.to_model_input(bad)


def test_already_scaled_input_is_refused_not_scaled_twice():
    scaled = preprocess.to_model_input(_images(2))
    with pytest.raises(LessonInputError, match="이미 전처리된 것"):
        preprocess.to_model_input(scaled)


def test_check_labels():
    assert preprocess.check_labels(np.array([0, 9, 3], np.uint8)).dtype == np.int64
    with pytest.raises(LessonInputError, match=r"0~9 밖의 값 \[10\]"):
        preprocess.check_labels(np.array([1, 10]))
    with pytest.raises(LessonInputError, match="0~9 밖의 값"):
        preprocess.check_labels(np.array([-1, 2]))
    with pytest.raises(LessonInputError, match="원-핫"):
        preprocess.check_labels(np.eye(10)[[1, 2]])
    with pytest.raises(LessonInputError, match="float64.*정수"):
        preprocess.check_labels(np.array([1.0, 2.0]))
    with pytest.raises(LessonInputError, match="길이 2.*이미지 수 3"):
        preprocess.check_labels(np.array([1, 2]), n=3)
    with pytest.raises(LessonInputError, match="비어 있습니다"):
        preprocess.check_labels(np.array([], np.int64))


def test_split_validation_takes_the_last_samples_like_keras():
    x = np.arange(20).reshape(10, 2)
    y = np.arange(10) % 10
    (x_fit, y_fit), (x_val, y_val) = preprocess.split_validation(x, y, val_size=3)
    assert x_fit.shape == (7, 2) and x_val.shape == (3, 2)
    np.testing.assert_array_equal(x_val, x[7:])
    np.testing.assert_array_equal(y_fit, y[:7])
    with pytest.raises(LessonInputError, match="val_size=10"):
        preprocess.split_validation(x, y, val_size=10)
    with pytest.raises(LessonInputError, match="길이"):
        preprocess.split_validation(x, y[:5], val_size=2)


def test_take():
    x, y = np.arange(10), np.arange(10)
    assert preprocess.take(x, y, None)[0] is x
    assert len(preprocess.take(x, y, 4)[0]) == 4
    assert len(preprocess.take(x, y, 99)[0]) == 10
    with pytest.raises(LessonInputError):
        preprocess.take(x, y, 0)
