"""08 연습문제: 흔한 오답은 그 실수를 짚는 한국어 설명과 함께 오답이고, 곡선 문제의 기록은 문제가 말하는 모양이다."""

import ast
import inspect
import math

import nbformat
import numpy as np
import pytest

from mnist_lesson import artifacts
from mnist_lesson.exercises import ____, Outcome, lesson08, registry

from conftest import NOTEBOOKS, selection_summary, selection_verdict, solve
from wrong_answers import assert_wrong, cell_defining, too_few_wrong_answers


@pytest.fixture(scope="module")
def ns():
    import keras
    from keras import layers

    return {"np": np, "math": math, "keras": keras, "layers": layers}


def _model(ns, *hidden):
    return ns["keras"].Sequential([ns["keras"].Input(shape=(784,)), *hidden])


SUMMARY = lesson08.recorded_summary()  # 11절의 summary 표(채점기가 기록에서 다시 만드는 것)
GAP, SEEDS_OK, IMAGES_OK = lesson08.pair_verdict(SUMMARY)  # 모두 합치기 − 드롭아웃


def _first_seed_gap():
    _, seeds, _ = selection_summary("selection_mlp_08")
    first = seeds[seeds["seed"] == 1234].set_index("recipe")["val_accuracy"]
    return first["combined"] - first["dropout"]


def _pair(gap, seeds_ok, images_ok, reading, summary=SUMMARY):
    return (gap, seeds_ok, images_ok, reading, summary)


WRONG = [
    (lesson08.q1, lambda ns: ("가", "나"), "학습 가의 검증 손실"),
    (lesson08.q1, lambda ns: ("나", "나"), "학습 나는 훈련 손실"),
    (lesson08.q1, lambda ns: ("다", "가"), "학습 가는 훈련 정확도"),
    (lesson08.q1, lambda ns: ("다", "다"), "학습 다는 훈련 손실이 0"),
    (lesson08.q1, lambda ns: ("C", "나"), "중 하나"),
    (lesson08.q2, lambda ns: _pair(100 * GAP, SEEDS_OK, IMAGES_OK, "가"), "백분율 포인트"),
    (lesson08.q2, lambda ns: _pair(-GAP, SEEDS_OK, IMAGES_OK, "가"), "거꾸로"),
    (lesson08.q2, lambda ns: _pair(_first_seed_gap(), SEEDS_OK, IMAGES_OK, "가"), "시드 하나의 값"),
    (lesson08.q2, lambda ns: _pair(0.02, SEEDS_OK, IMAGES_OK, "가"), "평균의 차이가 아닙니다"),
    (lesson08.q2, lambda ns: _pair("0.0034", SEEDS_OK, IMAGES_OK, "가"), "문자열"),
    (lesson08.q2, lambda ns: _pair(GAP, not SEEDS_OK, IMAGES_OK, "가"), "시드 기준을 다시"),
    (lesson08.q2, lambda ns: _pair(GAP, SEEDS_OK, not IMAGES_OK, "가"), "기준을 너무 작게"),
    (lesson08.q2, lambda ns: _pair(GAP, SEEDS_OK, "아니요", "가"), "참/거짓"),
    (lesson08.q2, lambda ns: _pair(GAP, SEEDS_OK, IMAGES_OK, "나"), "지나친 말"),
    (lesson08.q2, lambda ns: _pair(GAP, SEEDS_OK, IMAGES_OK, "다"), "테스트 세트가 고르는 데"),
    (lesson08.q2, lambda ns: _pair(GAP, SEEDS_OK, IMAGES_OK, "라"), "중 하나"),
    (lesson08.q2, lambda ns: _pair(GAP, SEEDS_OK, IMAGES_OK, "가", {}), "표의 모양"),
    (lesson08.q3, lambda ns: _model(ns, ns["layers"].Dense(128, activation="relu"), ns["layers"].BatchNormalization(),
                                    ns["layers"].Dropout(0.3), ns["layers"].Dense(10, activation="softmax")),
     "밀집층 안에서 relu"),
    (lesson08.q3, lambda ns: _model(ns, ns["layers"].Dense(128, use_bias=False), ns["layers"].Activation("relu"),
                                    ns["layers"].BatchNormalization(), ns["layers"].Dropout(0.3),
                                    ns["layers"].Dense(10, activation="softmax")), "활성화(ReLU) 뒤"),
    (lesson08.q3, lambda ns: _model(ns, ns["layers"].Dense(128, use_bias=False), ns["layers"].BatchNormalization(),
                                    ns["layers"].Activation("relu"), ns["layers"].Dropout(0.7),
                                    ns["layers"].Dense(10, activation="softmax")), "끄는 비율"),
    (lesson08.q3, lambda ns: _model(ns, ns["layers"].Dense(128), ns["layers"].BatchNormalization(),
                                    ns["layers"].Activation("relu"), ns["layers"].Dropout(0.3),
                                    ns["layers"].Dense(10, activation="softmax")), "use_bias=False"),
    (lesson08.q3, lambda ns: _model(ns, ns["layers"].Dense(128, use_bias=False), ns["layers"].BatchNormalization(),
                                    ns["layers"].Activation("relu"), ns["layers"].Dense(10, activation="softmax"),
                                    ns["layers"].Dropout(0.3)), "출력층 뒤"),
    (lesson08.q3, lambda ns: _model(ns, ns["layers"].Dense(128, activation="relu"), ns["layers"].Dense(10, activation="softmax")),
     "배치 정규화 층이 없습니다"),
    (lesson08.q3, lambda ns: ns["layers"].Dense(10), "층 하나"),
    (lesson08.q3, lambda ns: _model(ns, ns["layers"].Dense(128, use_bias=False), ns["layers"].BatchNormalization(),
                                    ns["layers"].Activation("relu"), ns["layers"].Dropout(0.3), ns["layers"].Dense(10),
                                    ns["layers"].Activation("softmax")), "한 층으로"),
    (lesson08.q4, lambda ns: ns["keras"].optimizers.schedules.CosineDecay(0.002, 10), "에포크 수"),
    (lesson08.q4, lambda ns: ns["keras"].optimizers.schedules.CosineDecay(0.002, 50000 * 10), "샘플 수"),
    (lesson08.q4, lambda ns: ns["keras"].optimizers.schedules.CosineDecay(0.002, (50000 // 256) * 10), "내림"),
    (lesson08.q4, lambda ns: ns["keras"].optimizers.schedules.CosineDecay(0.002, math.ceil(50000 / 128) * 10), "128"),
    (lesson08.q4, lambda ns: ns["keras"].optimizers.schedules.CosineDecay(0.002, math.ceil(60000 / 256) * 10), "60,000장"),
    (lesson08.q4, lambda ns: ns["keras"].optimizers.schedules.CosineDecay(0.001, math.ceil(50000 / 256) * 10), "처음 학습률"),
    (lesson08.q4, lambda ns: ns["keras"].optimizers.RMSprop(0.002), "옵티마이저"),
    (lesson08.q4, lambda ns: ns["keras"].callbacks.ReduceLROnPlateau(), "콜백"),
    (lesson08.q4, lambda ns: 0.002, "숫자"),
    (lesson08.q4, lambda ns: ns["keras"].optimizers.schedules.CosineDecay(0.002, math.ceil(50000 / 256) * 10, alpha=0.1), "alpha"),
    (lesson08.q4, lambda ns: ns["keras"].optimizers.schedules.CosineDecay(0.002, math.ceil(50000 / 256) * 10, warmup_steps=100,
                                                                         warmup_target=0.004), "워밍업"),
]

SECRETS = {
    lesson08.q1.key: ['overfitting = "다"', 'underfitting = "나"'],
    lesson08.q2.key: ['reading = "가"', f"{GAP:.4f}", f"{100 * GAP:.2f}"],
    lesson08.q4.key: ["1960", "1,960"],
}


def _values(exercise, made):
    return made if isinstance(made, tuple) else (made,)


@pytest.mark.parametrize("case", WRONG, ids=[f"{q.key}-{fragment}" for q, _, fragment in WRONG])
def test_wrong_answer_names_the_mistake(case, ns):
    exercise, make, fragment = case
    assert_wrong(exercise, _values(exercise, make(ns)), fragment, SECRETS.get(exercise.key, []))


def test_every_exercise_has_several_wrong_answers():
    problem = too_few_wrong_answers(WRONG, registry.exercises_of(lesson08))
    assert not problem, problem


# --- 문제 2: 정답은 기록에서, 노트북의 summary 표로 계산한 해답이 정답이고, 빈칸은 '아직 풀지 않음' -------------------------


def test_pair_is_not_printed_by_the_judge_cell_and_reads_as_choice_ga():
    """문제의 쌍은 11절의 judge 셀이 출력하지 않는 쌍이고, 기록에서는 시드 기준만 넘는다(보기 "가")."""
    source = cell_defining("08_regularization.ipynb", "mean_gap")
    assert '"combined"' in source and '"dropout"' in source and lesson08.PAIR == ("combined", "dropout")
    nb = nbformat.read(NOTEBOOKS / "08_regularization.ipynb", as_version=4)
    [judge_cell] = [c.source for c in nb.cells if c.cell_type == "code" and "def judge(" in c.source]
    calls = [ast.unparse(node) for node in ast.walk(ast.parse(judge_cell))
             if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "judge"]
    assert sorted(calls) == sorted(["judge(key, 'baseline')", "judge(order[0], order[1])", "judge('combined', 'cosine_decay')"])
    assert set(lesson08.PAIR) != set(selection_summary("selection_mlp_08")[0].index[:2])  # order[0], order[1] 가 아니다
    assert lesson08.PAIR[1] != "baseline" and set(lesson08.PAIR) != {"combined", "cosine_decay"}
    assert SEEDS_OK and not IMAGES_OK and lesson08._expected_reading(SEEDS_OK, IMAGES_OK) == "가"


def test_checker_summary_is_the_notebook_summary():
    """채점기가 기록에서 다시 만든 summary 표가 노트북 11절의 셀(과 conftest)의 계산과 같고, 판정도 judge 의 기준과 같다."""
    summary, _, _ = selection_summary("selection_mlp_08")
    assert list(SUMMARY.index) == list(summary.index)
    for column in ("n", "mean", "sd", "se_mean", "se_images"):
        assert np.allclose(SUMMARY[column], summary[column], rtol=1e-12), column
    assert (GAP, SEEDS_OK, IMAGES_OK) == selection_verdict(summary, *lesson08.PAIR)
    cell = next(c for c in nbformat.read(NOTEBOOKS / "08_regularization.ipynb", as_version=4).cells
                if c.cell_type == "code" and "summary = seeds.groupby" in c.source)
    for line in inspect.getsource(lesson08.recorded_summary).splitlines():
        if line.strip().startswith(("summary[", "summary = seeds")):
            assert " ".join(line.split("#")[0].split()).replace('record["meta"]', "meta") in " ".join(cell.source.split()), line


def test_solution_on_the_notebook_summary_is_correct():
    summary, _, _ = selection_summary("selection_mlp_08")
    values = solve(lesson08.q2, {"summary": summary, "math": math})
    assert lesson08.q2.evaluate(*values).outcome is Outcome.CORRECT
    assert lesson08.q2.evaluate(*_pair(0.0034, True, False, "가")).outcome is Outcome.CORRECT  # 표의 반올림한 백분율로 계산해도


def test_blank_answers_are_not_attempted():
    assert lesson08.q2.evaluate(*_pair(____, ____, ____, ____)).outcome is Outcome.NOT_ATTEMPTED
    assert lesson08.q2.evaluate(*_pair(GAP, ____, IMAGES_OK, "가")).outcome is Outcome.NOT_ATTEMPTED


def test_every_wrong_part_is_named_at_once():
    result = lesson08.q2.evaluate(*_pair(-GAP, not SEEDS_OK, not IMAGES_OK, "다"))
    assert result.outcome is Outcome.INCORRECT
    for fragment in ("`mean_gap`", "`seeds_survive`", "`images_survive`", "`reading`"):
        assert fragment in result.message


# --- 문제 1 의 곡선: 노트북이 그리는 기록, 그리고 그 기록이 정말 그런 모양인지 ----------------------------------


def _recorded(name):
    history, _ = artifacts.load_recorded_history(name)
    return {key: np.asarray(values[:15]) for key, values in history.items() if not key.startswith("test_")}


def test_the_notebook_draws_the_records_the_checker_knows():
    source = cell_defining("08_regularization.ipynb", "curves_08")
    for letter, name in lesson08.CURVE_RECORDS.items():
        expected = f'"{letter}": {{name: values[:15] for name, values in recorded.items()' if name == "seed_mlp_100_epochs" \
            else f'"{letter}": artifacts.load_recorded_history("{name}")'
        assert expected in source, (letter, name)


def test_overfitting_curve_rises_after_its_best_epoch_while_training_loss_falls():
    curve = _recorded(lesson08.CURVE_RECORDS["다"])
    best = int(curve["val_loss"].argmin())
    assert best <= 4 and curve["val_loss"][-1] > 1.3 * curve["val_loss"][best]
    assert curve["loss"][-1] < 0.05 and np.all(np.diff(curve["loss"][:10]) < 0)


def test_underfitting_curve_cannot_even_fit_the_training_set():
    curve = _recorded(lesson08.CURVE_RECORDS["나"])
    assert curve["accuracy"][-1] < 0.9
    assert curve["loss"][-1] > curve["val_loss"][-1] > 0.5


def test_good_curve_stays_low_on_validation():
    curve = _recorded(lesson08.CURVE_RECORDS["가"])
    assert curve["val_loss"][-1] < 1.1 * curve["val_loss"].min()
    assert curve["accuracy"][-1] > 0.98 and curve["val_accuracy"][-1] > 0.98
    assert len(curve["loss"]) == 15


def test_a_relu_layer_counts_as_the_activation_layer(ns):
    """`layers.ReLU()` 층은 `layers.Activation("relu")` 와 같은 일을 하므로 정답이다."""
    layers = ns["layers"]
    model = _model(ns, layers.Dense(128, use_bias=False), layers.BatchNormalization(), layers.ReLU(), layers.Dropout(0.3),
                   layers.Dense(10, activation="softmax"))
    assert lesson08.q3.evaluate(model).outcome is Outcome.CORRECT


def test_a_leaky_relu_layer_is_not_the_relu_activation(ns):
    """`layers.ReLU(negative_slope=0.1)` 는 음수를 0 으로 바꾸지 않으므로 relu 활성화 층으로 세지 않는다."""
    layers = ns["layers"]
    model = _model(ns, layers.Dense(128, use_bias=False), layers.BatchNormalization(), layers.ReLU(negative_slope=0.1),
                   layers.Dropout(0.3), layers.Dense(10, activation="softmax"))
    result = lesson08.q3.evaluate(model)
    assert result.outcome is Outcome.INCORRECT
    assert "층의 순서가 Dense → BatchNormalization → ReLU → Dropout → Dense" in result.message
