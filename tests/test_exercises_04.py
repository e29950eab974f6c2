"""04 연습문제: 흔한 오답은 그 실수를 짚는 한국어 설명과 함께 오답이고, 정답 값은 보이지 않는다."""

import numpy as np
import pytest

from mnist_lesson.exercises import Outcome, lesson04, registry

from wrong_answers import assert_wrong, too_few_wrong_answers


@pytest.fixture(scope="module")
def ns(mnist):
    (x_train, _), (x_test, _) = mnist
    x_small = x_train[:6000]
    return {"x_train": x_train, "x_small": x_small, "x_test": x_test, "zero": float(np.mean(x_small == 0)),
            "one": x_test[:1].reshape(1, 784).astype("float32") / 255}


WRONG = [
    (lesson04.q1, lambda ns: (100 * ns["zero"], ns["x_small"]), "백분율"),
    (lesson04.q1, lambda ns: (1 - ns["zero"], ns["x_small"]), "잉크가 있는"),
    (lesson04.q1, lambda ns: (int(np.count_nonzero(ns["x_small"] == 0)), ns["x_small"]), "개수"),
    (lesson04.q1, lambda ns: (float(np.mean(ns["x_small"] == 255)), ns["x_small"]), "255"),
    (lesson04.q1, lambda ns: (float(np.mean(ns["x_small"] < 128)), ns["x_small"]), "흐린 잉크"),
    (lesson04.q1, lambda ns: (ns["zero"], ns["x_small"].astype("float32") / 255), "원본 이미지"),
    (lesson04.q2, lambda ns: (ns["one"][0], ns["x_test"]), "샘플 축"),
    (lesson04.q2, lambda ns: (ns["x_test"][:1] / 255, ns["x_test"]), "평탄화"),
    (lesson04.q2, lambda ns: (ns["one"].T, ns["x_test"]), "축의 순서"),
    (lesson04.q2, lambda ns: (ns["x_test"][:1].reshape(1, 784) / 255, ns["x_test"]), "float64"),
    (lesson04.q2, lambda ns: (ns["x_test"][:1].reshape(1, 784).astype("float32"), ns["x_test"]), "정규화"),
    (lesson04.q2, lambda ns: (ns["x_test"][:1].reshape(1, 784).astype("float32") / 256, ns["x_test"]), "256"),
    (lesson04.q2, lambda ns: (ns["x_test"][1:2].reshape(1, 784).astype("float32") / 255, ns["x_test"]), "두 번째"),
    (lesson04.q2, lambda ns: (ns["x_test"][:1].transpose(0, 2, 1).reshape(1, 784).astype("float32") / 255, ns["x_test"]), "전치"),
    (lesson04.q2, lambda ns: (ns["one"].astype("float16"), ns["x_test"]), "float16"),
]


@pytest.mark.parametrize("case", WRONG, ids=[f"{q.key}-{fragment}" for q, _, fragment in WRONG])
def test_wrong_answer_names_the_mistake(case, ns):
    exercise, make, fragment = case
    secrets = [f"{ns['zero']:.3f}", f"{100 * ns['zero']:.1f}"] if exercise is lesson04.q1 else []
    assert_wrong(exercise, make(ns), fragment, secrets)


def test_every_exercise_has_several_wrong_answers():
    problem = too_few_wrong_answers(WRONG, registry.exercises_of(lesson04))
    assert not problem, problem


def test_one_input_is_what_the_model_accepts(ns):
    # 정답의 모양을 실제 모델이 받는다: (1, 784) 는 예측 한 줄, (784,) 는 Keras 가 모양 오류로 거부한다.
    from mnist_lesson import models

    model = models.build_seed_mlp()
    assert lesson04.q2.evaluate(ns["one"], ns["x_test"]).outcome is Outcome.CORRECT
    assert model.predict(ns["one"], verbose=0).shape == (1, 10)
    with pytest.raises(ValueError):
        model.predict(ns["one"][0], verbose=0)


def test_the_always_blank_pixels_the_feedback_counts(ns):
    # 문제 1 의 설명이 말하는 수: 훈련 이미지 60,000장 모두에서 0 인 픽셀.
    assert int((ns["x_train"].max(axis=0) == 0).sum()) == 67
    assert "67개" in lesson04.q1.explanation


def test_rounded_background_share_is_correct_but_a_near_miss_is_not(ns):
    """노트북이 '약 81%' 라 하므로 0.81(과 0.809)은 정답이다. 하지만 테스트 세트의 비율처럼 가까운 다른 값은 오답이다."""
    zero = ns["zero"]
    for answer in (zero, round(zero, 3), round(zero, 2)):
        assert lesson04.q1.evaluate(answer, ns["x_small"]).outcome is Outcome.CORRECT, answer
    train_share, test_share = float(np.mean(ns["x_train"] == 0)), float(np.mean(ns["x_test"] == 0))
    assert round(test_share, 2) == round(train_share, 2) and test_share != round(train_share, 3)
    assert lesson04.q1.evaluate(test_share, ns["x_train"]).outcome is Outcome.INCORRECT
