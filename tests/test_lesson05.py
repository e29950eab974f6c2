"""05 신경망은 어떻게 배우나: 노트북 자신의 코드가 말하는 대로 동작하는지, 그리고 05 연습문제.

노트북의 셀 가운데 꼬리표(``metadata.tags``)를 단 셀을 이 프로세스에서 순서대로 실행하고(준비 셀 다음에), 그 결과를 믿을 수
있는 기준과 비교한다: 손으로 쓴 연쇄 법칙은 ``tf.GradientTape`` 와 아주 조금 옮겨서 잰 기울기와, 손으로 쓴 학습 한 스텝은
Keras 의 ``train_on_batch`` 와, 손으로 쓴 반복문은 ``fit`` 과. 셀의 코드를 여기에 다시 쓰지 않는다.
"""

import math
import re

import nbformat
import numpy as np
import pytest

from mnist_lesson.exercises import ____, Outcome, lesson05, registry

from conftest import NOTEBOOKS, ROOT, count_graph_traces
from wrong_answers import assert_wrong, too_few_wrong_answers

NOTEBOOK = NOTEBOOKS / "05_how_networks_learn.ipynb"


def _cells():
    return nbformat.read(NOTEBOOK, as_version=4).cells


def _run(*tags, **given):
    """준비 셀과, 꼬리표가 ``tags`` 중 하나인 셀들을 노트북의 순서대로 실행한 이름 공간(``given`` 은 미리 넣어 둘 이름)."""
    code = [c for c in _cells() if c.cell_type == "code"]
    space = dict(given)
    setup = next(c for c in code if "config.setup(" in c.source)
    exec(setup.source, space)  # 준비 셀: import 와 cfg (그 앞의 설치 셀은 이 저장소에서 아무것도 하지 않는다)
    chosen = [c for c in code if set(c.metadata.get("tags", ())) & set(tags)]
    assert chosen, f"꼬리표 {tags} 를 단 셀이 없습니다"
    for cell in chosen:
        exec(cell.source, space)
    return space


# --- 2절·4절: 경사 하강법과 연쇄 법칙 ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def chain():
    return _run("chain-rule")


def test_hand_chain_rule_equals_gradient_tape(chain):
    by_hand, tape = chain["by_hand"], chain["tape_grads"]
    assert set(by_hand) == {"w1", "b1", "w2", "b2"} == set(tape)
    assert all(abs(by_hand[name] - tape[name]) < 1e-12 for name in by_hand)
    assert chain["z"] > 0 and all(abs(v) > 0.1 for v in by_hand.values())  # ReLU 가 켜진 예: 비교가 빈 값끼리가 아니다


def test_hand_chain_rule_equals_a_measured_slope(chain):
    # 믿을 기준 하나 더: 가중치를 아주 조금 옮겨서 잰 기울기(노트북 1절의 방법)와 같다.
    values = {name: chain[name] for name in ("w1", "b1", "w2", "b2")}

    def toy_loss(**weights):
        h = max(weights["w1"] * chain["x_in"] + weights["b1"], 0.0)
        return (weights["w2"] * h + weights["b2"] - chain["y_true"]) ** 2

    for name in values:
        up, down = dict(values), dict(values)
        up[name] += 1e-6
        down[name] -= 1e-6
        measured = (toy_loss(**up) - toy_loss(**down)) / 2e-6
        assert math.isclose(chain["by_hand"][name], measured, rel_tol=1e-6), name


def test_one_hand_step_goes_downhill(chain):
    assert chain["L_new"] < chain["L"]


def test_toy_data_and_descent_are_what_the_exercises_check():
    space = _run("toy-data")
    np.testing.assert_array_equal(space["x"], lesson05.POINTS_X)
    np.testing.assert_array_equal(space["y"], lesson05.POINTS_Y)
    for lr in (0.02, 0.2, 0.45, 0.55):
        assert math.isclose(space["loss"](space["descend"](lr)[-1]), lesson05.descend_loss(lr), rel_tol=1e-12)
    assert lesson05.descend_loss(0.55) > space["loss"](0.5) > lesson05.descend_loss(0.45)  # 0.55 는 발산, 0.45 는 수렴


def test_toy_network_is_the_one_exercise_1_uses(chain):
    assert {name: chain[name] for name in lesson05.TOY_WEIGHTS} == lesson05.TOY_WEIGHTS
    assert chain["y_true"] == lesson05.TOY_TARGET
    assert lesson05.toy_gradients(chain["x_in"]) == tuple(chain["by_hand"][n] for n in ("w1", "b1", "w2", "b2"))


# --- 6절·7절: 진짜 학습 한 스텝과 fit ----------------------------------------------------------------------


# 이 fixture 를 쓰는 테스트를 한 작업자에 모아(pytest-xdist 의 --dist loadgroup) 6절·7절의 실행을 작업자마다 되풀이하지 않는다.
uses_step = pytest.mark.xdist_group("lesson05-step")


@pytest.fixture(scope="module")
def step():
    return _run("train-step", "fit-loop")


@uses_step
def test_written_out_step_equals_one_keras_step(step):
    mine, theirs, start = step["model"].get_weights(), step["twin"].get_weights(), step["start"]
    assert len(mine) == len(theirs) == 10
    assert max(float(np.abs(a - b).max()) for a, b in zip(mine, theirs)) < 1e-6
    # 비교가 헛되지 않도록: 두 모델 모두 스텝 전보다 뚜렷이 움직였다.
    assert min(float(np.abs(a - s).max()) for a, s in zip(mine, start)) > 1e-4
    assert min(float(np.abs(b - s).max()) for b, s in zip(theirs, start)) > 1e-4
    assert math.isclose(float(step["keras_loss"]), float(step["batch_loss"]), rel_tol=1e-5)


@uses_step
def test_the_step_lowers_the_batch_loss(step):
    after = float(step["loss_fn"](step["y_batch"], step["model"](step["x_batch"])))
    assert after < float(step["batch_loss"])


@uses_step
def test_hand_loop_equals_fit_for_one_epoch(step):
    looped, fitted = step["looped"].get_weights(), step["fitted"].get_weights()
    assert step["steps"] == math.ceil(step["n_loop"] / step["cfg"].batch_size) and step["n_loop"] % step["cfg"].batch_size
    assert max(float(np.abs(a - b).max()) for a, b in zip(looped, fitted)) < 1e-5
    fresh = step["models"].build_seed_mlp().get_weights()
    assert max(float(np.abs(a - b).max()) for a, b in zip(looped, fresh)) > 1e-3  # 반복문이 실제로 학습했다


def test_timed_epoch_does_not_prepare_the_graph_again(monkeypatch):
    # 7절의 주장: 준비 운동 덕분에 시간을 재는 fit 은 계산 그래프를 다시 준비하지 않는다(준비 시간이 에포크 시간에 섞이지 않는다).
    # fit 마다 학습 스텝의 그래프를 그린 횟수를 센다(conftest.count_graph_traces).
    from mnist_lesson import models

    rng = np.random.default_rng(0)
    x_fit, y_fit = rng.random((3_000, 784), dtype=np.float32), rng.integers(0, 10, 3_000)
    watched = []  # epoch_time 이 컴파일한 모델마다 [fit 밖에서 그린 횟수, 첫 fit 이 그린 횟수, 둘째 fit 이 그린 횟수, ...]
    compile_like_original = models.compile_like_original

    def compile_and_watch(model):
        model = compile_like_original(model)
        watched.append(count_graph_traces(model))
        return model

    monkeypatch.setattr(models, "compile_like_original", compile_and_watch)
    space = _run("epoch-time", x_fit=x_fit, y_fit=y_fit)
    seconds, counted = space["epoch_time"](64)
    assert len(watched) == 1, watched
    (fits,) = watched
    assert counted == space["n_time"] // 64 and seconds > 0
    assert len(fits) == 3 and fits[1] >= 1, fits  # 준비 운동의 fit 이 그래프를 준비하고
    assert fits[2] == 0, fits                      # 시간을 재는 fit 은 그것을 그대로 쓴다


# --- 뼈대와 용어 ------------------------------------------------------------------------------------------


def test_exercise_section_has_the_same_header_as_the_other_lessons():
    def header(name):
        cells = nbformat.read(NOTEBOOKS / name, as_version=4).cells
        i = next(i for i, c in enumerate(cells) if c.cell_type == "markdown" and c.source.startswith("## 연습문제"))
        return cells[i].source, cells[i + 1].source.replace("lesson02", "lessonNN")

    ours = header("05_how_networks_learn.ipynb")
    assert ours[0] == header("02_model_design.ipynb")[0]
    assert ours[1].replace("lesson05", "lessonNN") == header("02_model_design.ipynb")[1]


def test_summary_is_short_and_points_to_06():
    summary = next(c.source for c in _cells() if c.cell_type == "markdown" and c.source.startswith("## 정리"))
    bullets = [line for line in summary.splitlines() if line.startswith("- ")]
    assert 3 <= len(bullets) <= 6
    assert summary.splitlines()[-1].startswith("다음 노트북: **06. 학습**")


def test_terms_first_met_in_05_are_introduced_with_their_english_name():
    glossary = (ROOT / "GLOSSARY.md").read_text(encoding="utf-8")
    terms = [re.sub(r"\s*\(.*\)$", "", row.split("|")[1].strip()) for row in glossary.splitlines()
             if row.startswith("| ") and row.split("|")[4].strip() == "05"]
    assert len(terms) >= 10
    markdown = "\n".join(c.source for c in _cells() if c.cell_type == "markdown").replace("**", "")
    prose = "\n".join(line for line in markdown.splitlines() if not line.startswith("#"))  # 제목 줄은 빼고 본문에서
    for term in terms:
        at = prose.find(term)
        assert at >= 0, f"05 노트북에 나오지 않는 용어: '{term}'"
        assert re.match(r"\([A-Za-z]", prose[at + len(term):]), f"처음 나올 때 {term}(English) 로 소개합니다: '{term}'"


# --- 05 연습문제 -------------------------------------------------------------------------------------------

X, Y = lesson05.POINTS_X, lesson05.POINTS_Y
RIGHT = lesson05.toy_gradients(-1.0)

WRONG = [
    (lesson05.q1, (lesson05.toy_gradients(2.0),), "x = 2.0"),
    (lesson05.q1, (lesson05.toy_gradients(-1.0, relu_derivative=False),), "ReLU 의 미분을 빠뜨렸습니다"),
    (lesson05.q1, (lesson05.toy_gradients(-1.0, relu_derivative=False, relu_forward=False),), "건너뛰었습니다"),
    (lesson05.q1, (tuple(-v for v in RIGHT),), "부호"),
    (lesson05.q1, (tuple(v / 2 for v in RIGHT),), "2 가 빠졌습니다"),
    (lesson05.q1, ((0.0, 0.0, 0.0, 1.0),), "첫 층(w1, b1)은 맞았습니다"),
    (lesson05.q1, (RIGHT[:3],), "3개"),
    (lesson05.q1, ({"w1": 0.0},), "튜플"),
    (lesson05.q2, (lesson05.descend_loss(0.45), False, X, Y), "발산할 것이라"),
    (lesson05.q2, (lesson05._loss(0.5), True, X, Y), "처음 가중치"),
    (lesson05.q2, (lesson05.descend_loss(0.55), True, X, Y), "0.55 의 결과"),
    (lesson05.q2, (lesson05.descend_loss(0.45, steps=10), True, X, Y), "스텝 수"),
    (lesson05.q2, (lesson05.descend_loss(0.45), "True", X, Y), "True 나 False"),
    (lesson05.q3, (11776 // 32, "나", 11776 + 20), "내림"),
    (lesson05.q3, (math.ceil(11776 / 128), "나", 11776), "128 의 스텝"),
    (lesson05.q3, (11776 * 32, "나", 11776), "곱했습니다"),
    (lesson05.q3, (math.ceil(11776 / 32), "가", 11776), "같은 샘플 수"),
    (lesson05.q3, (math.ceil(11776 / 32), "다", 11776), "계산의 양"),
    (lesson05.q3, (math.ceil(11776 / 32), "라", 11776), "중 하나"),
]

SECRETS = {
    lesson05.q1.key: ["-2.4", "−2.4"],
    lesson05.q2.key: [f"{lesson05.descend_loss(0.45):.3f}", f"{lesson05.descend_loss(0.45):.2f}"],
    lesson05.q3.key: ["368", 'reason = "나"'],
}


@pytest.mark.parametrize("case", WRONG, ids=[f"{q.key}-{fragment}" for q, _, fragment in WRONG])
def test_wrong_answer_names_the_mistake(case):
    exercise, values, fragment = case
    assert_wrong(exercise, values, fragment, SECRETS.get(exercise.key, []))


def test_every_exercise_has_several_wrong_answers():
    problem = too_few_wrong_answers(WRONG, registry.exercises_of(lesson05))
    assert not problem, problem


def test_exercise_1_answer_is_what_gradient_tape_says():
    import tensorflow as tf

    weights = {name: tf.Variable(value, dtype=tf.float64) for name, value in lesson05.TOY_WEIGHTS.items()}
    with tf.GradientTape() as tape:
        h = tf.nn.relu(weights["w1"] * -1.0 + weights["b1"])
        loss = (weights["w2"] * h + weights["b2"] - lesson05.TOY_TARGET) ** 2
    grads = tape.gradient(loss, weights)
    from_tape = [float(grads[n]) if grads[n] is not None else 0.0 for n in ("w1", "b1", "w2", "b2")]
    assert lesson05.q1.evaluate(tuple(from_tape)).outcome is Outcome.CORRECT
    assert from_tape[0] == from_tape[1] == 0.0  # ReLU 가 꺼져서 첫 층은 배우지 않는다(문제가 가르치는 것)


def test_exercise_2_solution_matches_the_notebooks_descend():
    space = _run("toy-data")
    exec(lesson05.q2.solution_code, space)
    assert math.isclose(space["final_loss"], space["loss"](space["descend"](0.45)[-1]), rel_tol=1e-12)
    assert lesson05.q2.evaluate(space["final_loss"], space["converges"], space["x"], space["y"]).outcome is Outcome.CORRECT


def test_exercise_3_steps_are_what_keras_counts():
    # 스텝 수의 정답(⌈n / 32⌉)을 Keras 가 실제로 센다: 작은 모델로, 나누어떨어지지 않는 샘플 수에서.
    import keras

    n, counted = 32 * 5 + 7, []
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    model.fit(np.zeros((n, 1)), np.zeros(n), batch_size=32, epochs=1, verbose=0,
              callbacks=[keras.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: counted.append(batch))])
    assert lesson05.q3.evaluate(len(counted), "나", n).outcome is Outcome.CORRECT
    assert lesson05.q3.evaluate(____, "나", n).outcome is Outcome.NOT_ATTEMPTED
