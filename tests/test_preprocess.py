import math

import numpy as np
import pytest

from mnist_lesson import images, preprocess
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
    np.testing.assert_array_equal(x, _images(5))  # 제자리에서 나누는 것은 새 배열이다: 학생의 이미지는 그대로
    assert not np.shares_memory(out, x)


@pytest.mark.parametrize("shape", [(2, 784), (2, 28, 28, 1)])
def test_to_model_input_accepts_flat_and_channel_uint8(shape):
    x = _images(2)
    np.testing.assert_array_equal(preprocess.to_model_input(x.reshape(shape)), preprocess.to_model_input(x))


@pytest.mark.parametrize(
    "bad, message",
    [
        (np.zeros((3, 32, 32), np.uint8), r"\(3, 32, 32\).*\(샘플 수, 28, 28\)"),
        (np.zeros((28, 28), np.uint8), r"\(28, 28\).*images\[None\]"),
        (np.zeros((3, 28, 28), np.int64), "int64.*uint8.*astype"),
        (np.zeros((0, 28, 28), np.uint8), "비어 있습니다"),
        ([[0] * 784], "int64.*uint8"),
        (np.zeros((784, 3), np.uint8), r"축의 순서가 반대.*images\.T"),
        (np.zeros((2, 28, 28, 3), np.uint8), "컬러"),
        (np.full((2, 28, 28), 300.0), "300"),
        ([np.zeros((28, 28)), np.zeros((20, 20))], "모양이 서로 다릅니다"),
    ],
)
def test_bad_images_are_explained(bad, message):
    with pytest.raises(LessonInputError, match=message):
        preprocess.to_model_input(bad)


def test_already_scaled_input_is_refused_not_scaled_twice():
    scaled = preprocess.to_model_input(_images(2))
    with pytest.raises(LessonInputError, match="이미 전처리된 것"):
        preprocess.to_model_input(scaled)


def test_check_images_returns_the_checked_28x28_batch_without_copying():
    x = _images(4).reshape(4, 784)
    batch = preprocess.check_images(x)
    assert batch.shape == (4, 28, 28) and np.shares_memory(batch, x)


# --- images.as_batch: 이미지처럼 생긴 것 → 검사한 (n, 28, 28) -----------------------------------------


@pytest.mark.parametrize("shape, n", [((28, 28), 1), ((784,), 1), ((28, 28, 1), 1), ((5, 28, 28), 5),
                                      ((5, 784), 5), ((5, 28, 28, 1), 5)])
def test_as_batch_accepts_every_mnist_layout(shape, n):
    x = _images(n).reshape(shape)
    batch = images.as_batch(x)
    assert batch.shape == (n, 28, 28) and batch.dtype == np.uint8
    np.testing.assert_array_equal(batch.reshape(-1), x.reshape(-1))


def test_as_batch_keeps_normalised_floats_and_converts_small_integers():
    floats = _images(2).astype(np.float32) / 255
    assert images.as_batch(floats).dtype == np.float32
    ints = _images(2).astype(np.int64)
    converted = images.as_batch(ints)
    assert converted.dtype == np.uint8 and np.array_equal(converted, ints)
    np.testing.assert_array_equal(images.to_unit(images.as_batch(_images(2))), floats)
    assert images.to_unit(images.as_batch(floats.astype(np.float64))).dtype == np.float32


@pytest.mark.parametrize(
    "bad, kwargs, message",
    [
        (np.full((2, 28, 28), 255.0), {}, r"0~1 이어야.*/ 255"),
        (np.full((2, 28, 28), -0.5), {}, "0~1 이어야"),
        (np.full((2, 28, 28), np.nan), {}, "NaN"),
        (np.full((2, 28, 28), 256), {}, "0~255"),
        (np.zeros((2, 28, 28), bool), {}, "astype"),
        (np.zeros((2, 28, 28), np.float32), {"raw": True}, "이미 전처리된 것"),
        (np.zeros((28, 28), np.uint8), {"single": False}, "한 장"),
        (np.array(["a"] * 784), {}, "자료형"),
    ],
)
def test_as_batch_refuses_with_a_reason(bad, kwargs, message):
    with pytest.raises(LessonInputError, match=message):
        images.as_batch(bad, **kwargs)


def test_as_image_wants_exactly_one_image():
    assert images.as_image(_images(1)).shape == (28, 28)
    assert images.as_image(_images(1).reshape(784)).shape == (28, 28)
    with pytest.raises(LessonInputError, match=r"3장.*x_train\[0\]"):
        images.as_image(_images(3), name="x_train")


# --- 레이블, 검증 세트, 앞에서 n 개 --------------------------------------------------------------------


def test_check_labels():
    assert preprocess.check_labels(np.array([0, 9, 3], np.uint8)).dtype == np.int64
    assert preprocess.check_labels([1, 2]).tolist() == [1, 2]  # 목록도 받는다
    with pytest.raises(LessonInputError, match=r"0~9 밖의 값이 있습니다: \[10\]"):
        preprocess.check_labels(np.array([1, 10]))
    with pytest.raises(LessonInputError, match="0~9 밖의 값"):
        preprocess.check_labels(np.array([-1, 2]))
    with pytest.raises(LessonInputError, match="원-핫"):
        preprocess.check_labels(np.eye(10)[[1, 2]])
    with pytest.raises(LessonInputError, match="float64.*정수"):
        preprocess.check_labels(np.array([1.0, 2.0]))
    with pytest.raises(LessonInputError, match=r"길이\(2\)가 이미지 수\(3\)와 다릅니다.*같은 범위로 잘랐는지"):
        preprocess.check_labels(np.array([1, 2]), n=3)
    with pytest.raises(LessonInputError, match="비어 있습니다"):
        preprocess.check_labels(np.array([], np.int64))


def test_label_length_mismatch_names_the_array_it_is_compared_with():
    """y_pred 를 y_true 와 맞출 때(오차 행렬)는 '이미지 수' 가 아니라 비교한 배열의 이름으로 말한다."""
    with pytest.raises(LessonInputError, match=r"y_pred 배열의 길이\(2\)가 y_true 배열의 길이\(3\)와 다릅니다") as info:
        preprocess.check_labels(np.array([1, 2]), n=3, name="y_pred", pair="y_true")
    assert "이미지 수" not in str(info.value)


@pytest.mark.parametrize("bad, message", [
    (None, r"labels 자리에 레이블이 없습니다\(None\).*넘기세요"),
    (np.array([1.0, 2.0]), r"float64.*정수.*labels\.astype\(np\.int64\)"),
    (np.array([0.3, 0.7]), r"float64.*probs\.argmax\(axis=1\)"),
    (np.array([[1], [2]]), r"\(2, 1\).*labels\.ravel\(\)"),
    (np.zeros((2, 3), np.int64), r"\(2, 3\).*1차원 배열을 넘기세요"),
])
def test_bad_labels_say_what_to_do(bad, message):
    with pytest.raises(LessonInputError, match=message):
        preprocess.check_labels(bad)


def test_split_validation_takes_the_last_samples_like_keras():
    x = np.arange(20).reshape(10, 2)
    y = np.arange(10) % 10
    (x_fit, y_fit), (x_val, y_val) = preprocess.split_validation(x, y, val_size=3)
    assert x_fit.shape == (7, 2) and x_val.shape == (3, 2)
    np.testing.assert_array_equal(x_val, x[7:])
    np.testing.assert_array_equal(y_fit, y[:7])
    with pytest.raises(LessonInputError, match="val_size=10"):
        preprocess.split_validation(x, y, val_size=10)
    with pytest.raises(LessonInputError, match="샘플 수가 다릅니다"):
        preprocess.split_validation(x, y[:5], val_size=2)


@pytest.mark.parametrize("n, fraction", [(10, 0.25), (60000, 0.2), (7, 0.5), (101, 0.1)])
def test_split_validation_accepts_a_fraction_like_keras_validation_split(n, fraction):
    x, y = np.arange(n), np.arange(n) % 10
    (x_fit, _), (x_val, _) = preprocess.split_validation(x, y, val_size=fraction)
    # Keras 의 validation_split: 앞의 floor(n × (1 - 비율))개가 훈련, 나머지가 검증
    assert len(x_fit) == math.floor(n * (1 - fraction)) and len(x_fit) + len(x_val) == n
    np.testing.assert_array_equal(x_val, x[len(x_fit):])


@pytest.mark.parametrize("val_size, message", [(1.5, "0 과 1 사이"), (0.0, "0 과 1 사이"), ("0.2", "비율"),
                                               (True, "비율"), (1e-17, "검증 샘플이 0개"), (100, "검증 샘플이 100개")])
def test_split_validation_bad_sizes_are_explained(val_size, message):
    x, y = np.arange(100), np.arange(100) % 10
    with pytest.raises(LessonInputError, match=message):
        preprocess.split_validation(x, y, val_size=val_size)


def test_split_validation_without_images_says_none_not_empty():
    y = np.arange(10) % 10
    with pytest.raises(LessonInputError, match=r"x 자리에 배열이 없습니다\(None\).*이미지 배열") as info:
        preprocess.split_validation(None, y)
    assert "비어 있습니다" not in str(info.value)
    with pytest.raises(LessonInputError, match=r"x 값이 배열이 아닙니다\(받은 값: 5\)"):
        preprocess.split_validation(5, y)
    with pytest.raises(LessonInputError, match=r"y 자리에 레이블이 없습니다\(None\)"):
        preprocess.split_validation(np.arange(10), None)


def test_take():
    x, y = np.arange(10), np.arange(10)
    assert preprocess.take(x, y, None)[0] is x
    assert len(preprocess.take(x, y, 4)[0]) == 4
    assert len(preprocess.take(x, y, 99)[0]) == 10
    with pytest.raises(LessonInputError, match="n 값은 1 이상의 정수"):
        preprocess.take(x, y, 0)
    with pytest.raises(LessonInputError, match="n 값은 1 이상의 정수"):
        preprocess.take(x, y, 2.5)


def test_take_refuses_images_and_labels_that_do_not_pair_up():
    x, y = _images(300), np.zeros(100, np.uint8)
    with pytest.raises(LessonInputError, match=r"x 배열\(300개\)과 y 배열\(100개\)의 샘플 수가 다릅니다"):
        preprocess.take(x, y, 200)


@pytest.mark.parametrize("x, y, message", [
    (np.arange(10), None, r"y 자리\(레이블\)에 값이 없습니다\(None\).*preprocess\.take\(x_train, y_train, n\).*x\[:n\]"),
    (None, np.arange(10), r"x 자리\(입력\)에 값이 없습니다\(None\)"),
    (np.arange(10), 3, r"y 자리\(레이블\)에 배열이 아닌 값.*받은 값: 3"),
])
def test_take_without_a_pair_is_explained_in_korean(x, y, message):
    """take 는 입력과 레이블을 한 쌍으로 받는다(독스트링). None 이면 len() 의 영어 TypeError 대신 한국어로 알린다."""
    for n in (3, None):
        with pytest.raises(LessonInputError, match=message):
            preprocess.take(x, y, n)


# --- images: 받는 모양을 모두 말하고, 할 일을 말한다 ---------------------------------------------------------


def test_shape_error_lists_every_single_image_shape_that_is_accepted():
    with pytest.raises(LessonInputError) as info:
        images.as_batch(np.zeros((3, 32, 32), np.uint8))
    for shape in images._SINGLE_SHAPES:
        assert str(shape) in str(info.value).split("한 장")[1], shape  # 메시지가 말하는 모양은
        assert images.as_batch(np.zeros(shape, np.uint8)).shape == (1, 28, 28)  # 정말 받는다


@pytest.mark.parametrize("bad, message", [
    (np.full((2, 28, 28), 256), r"256~256 입니다.*np\.clip\(images, 0, 255\)\.astype\(np\.uint8\)"),
    (np.array(["a"] * 784), r"<U1.*픽셀 값\(숫자\)의 배열을 넘기세요"),
    (np.arange(5), r"모양이 \(5,\).*레이블\(예: y_test\)로 보입니다.*인자의 순서"),
])
def test_image_errors_say_what_to_do(bad, message):
    with pytest.raises(LessonInputError, match=message):
        images.as_batch(bad)
