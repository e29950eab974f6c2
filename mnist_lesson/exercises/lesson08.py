"""08 과적합과 규제: 연습문제(학습 곡선 셋에서 과적합·과소적합 고르기, 기록한 두 방법의 차이가 진짜인지 판정하기, 규제를 넣은 모델, 코사인 감쇠 스케줄)."""

from __future__ import annotations

import json
import math

import numpy as np

from mnist_lesson.exercises.checks import (activation_name, as_number, choice_problem, keras_model, layer_kind, model_layers,
                                          shown)
from mnist_lesson.exercises.core import Exercise, Incorrect
from mnist_lesson.exercises.registry import unknown_question
from mnist_lesson.exercises.sources import computed


# --- 문제 1. 학습 곡선 읽기 --------------------------------------------------------------------------------

# 연습문제 셀이 그리는 세 곡선(모두 패키지에 든 기록, 08 과 같은 데이터·시드·15 에포크):
# 가 = 모두 합치기(배치 정규화 + 드롭아웃 + 코사인 감쇠), 나 = Dropout(0.8), 다 = 원본 방법(seed_mlp_100_epochs 의 처음 15 에포크).
# tests/test_exercises_08.py 가 노트북 셀이 이 순서로 그리는지, 기록이 정말 그런 모양인지 확인한다.
CURVE_RECORDS = {"가": "combined_15_epochs", "나": "dropout_0.8_15_epochs", "다": "seed_mlp_100_epochs"}
_OVERFIT, _UNDERFIT, _GOOD = "다", "나", "가"

_CURVES_TEMPLATE = """overfitting = "____"   # 훈련 손실은 계속 내려가는데 검증 손실은 어느 에포크부터 오르는 학습
underfitting = "____"  # 훈련 세트조차 잘 맞히지 못하는 학습"""

_WHY_NOT = {
    ("overfitting", _GOOD): "과적합: 학습 가의 검증 손실은 끝까지 낮게 머뭅니다. 과적합은 훈련 손실이 계속 내려가는 동안 검증 손실이 "
                            "가장 낮은 에포크 뒤로 다시 오르는 모양입니다.",
    ("overfitting", _UNDERFIT): "과적합: 학습 나는 훈련 손실이 검증 손실보다도 높습니다. 외우기는커녕 훈련 세트도 잘 맞히지 못하는 "
                                "모습입니다.",
    ("underfitting", _GOOD): "과소적합: 학습 가는 훈련 정확도가 높고 검증 손실도 낮습니다. 과소적합은 훈련 손실이 높게 머물러 "
                             "훈련 세트조차 잘 맞히지 못하는 모양입니다.",
    ("underfitting", _OVERFIT): "과소적합: 학습 다는 훈련 손실이 0 가까이 내려갑니다: 훈련 세트를 너무 잘 맞히는(외우는) 쪽입니다. "
                                "검증 손실이 오르는 것은 과적합의 신호입니다.",
}


def _curve_letter(value, what: str) -> str:
    if not isinstance(value, str) or value.strip() not in CURVE_RECORDS:
        raise Incorrect(f"{what} 에는 \"가\", \"나\", \"다\" 중 하나를 적습니다(받은 것: {shown(value)}).", _CURVES_TEMPLATE)
    return value.strip()


def _check_curves(overfitting, underfitting):
    problems = []
    for what, value, expected in (("overfitting", overfitting, _OVERFIT), ("underfitting", underfitting, _UNDERFIT)):
        try:
            letter = _curve_letter(value, f"`{what}`")
        except Incorrect as exc:
            problems.append(exc.message)
            continue
        if letter != expected:
            problems.append(_WHY_NOT[(what, letter)])
    if problems:
        raise Incorrect("\n".join(problems), _CURVES_TEMPLATE)


q1 = Exercise(
    title="학습 곡선 셋(가·나·다)에서 과적합인 것과 과소적합인 것",
    answers={"overfitting": '"다"', "underfitting": '"나"'},
    checker=_check_curves,
    hints=[
        "손실 그림에서 훈련 곡선과 검증 곡선을 함께 보세요. 과적합: 훈련 손실은 계속 내려가는데 검증 손실이 어느 에포크부터 오릅니다.",
        "과소적합: 훈련 손실이 높게 머물고 훈련 정확도가 낮습니다. 드롭아웃을 너무 세게 걸면 학습할 때 뉴런 대부분이 꺼져서 이렇게 됩니다.",
    ],
    explanation=("다(원본 방법)는 2절의 과적합: 검증 손실이 3 에포크 근처에서 가장 낮고 그 뒤로 오릅니다. 나(Dropout 0.8)는 과소적합: "
                 "학습할 때 뉴런의 80% 를 끄니 훈련 손실이 검증 손실보다도 높게 머뭅니다(검증할 때는 아무것도 끄지 않습니다). "
                 "가(모두 합치기)는 검증 손실이 끝까지 낮게 머뭅니다. 과적합이면 규제를 더하고, 과소적합이면 규제를 줄이거나 모델을 키웁니다."),
)


# --- 문제 2. 차이가 진짜인가: judge 셀이 견주지 않은 쌍 ------------------------------------------------------------

# 11절의 judge 셀은 원본 방법과의 차이, 1·2위, '모두 합치기'와 '학습률 스케줄'만 출력한다. 이 문제는 출력하지 않은 쌍을
# 학생이 직접 판정한다. 확인에 함께 넘기는 summary 표는 패키지의 기록(selection_mlp_08.json)으로 만든 것이라, 채점기는
# 커널의 표를 쓰지 않고 11절과 같은 계산(recorded_summary)으로 다시 만든다. tests/test_exercises_08.py 가 이 쌍이 judge 셀에
# 없고, 판정이 보기 "가" 와 맞고, recorded_summary 가 노트북의 셀과 같은 표를 만드는지 본다.
PAIR = ("combined", "dropout")  # 모두 합치기, 드롭아웃
SELECTION_RECORD = "selection_mlp_08"
_READINGS = ("가", "나", "다")

_PAIR_TEMPLATE = """mean_gap = summary.loc["combined", "____"] - summary.loc["dropout", "____"]  # 모두 합치기 − 드롭아웃(0~1 의 비율)
seeds_survive = bool(abs(mean_gap) > 2 * math.hypot(summary.loc["combined", "____"], summary.loc["dropout", "____"]))
images_survive = bool(abs(mean_gap) > 2 * math.hypot(summary.loc["combined", "____"], summary.loc["dropout", "____"]))
reading = "____\""""


def _record() -> dict:
    from mnist_lesson import artifacts

    return json.loads((artifacts.RECORDED_DIR / f"{SELECTION_RECORD}.json").read_text(encoding="utf-8"))


def recorded_summary():
    """11절의 summary 표를 그 셀과 같은 계산으로(pandas DataFrame, 검증 정확도의 평균이 높은 순서)."""
    import pandas as pd

    record = _record()
    seeds = pd.DataFrame(record["runs"])
    summary = seeds.groupby("recipe").agg(n=("seed", "size"), mean=("val_accuracy", "mean"), sd=("val_accuracy", "std"),
                                          loss=("val_loss", "mean"), epochs=("epochs", "mean"))
    summary["se_mean"] = summary["sd"] / np.sqrt(summary["n"])
    summary["se_images"] = np.sqrt(summary["mean"] * (1 - summary["mean"]) / record["meta"]["val_samples"])
    return summary.sort_values("mean", ascending=False)


_COLUMNS = ("mean", "se_mean", "se_images")


def _columns(summary) -> dict:
    """summary 표에서 이 문제의 두 방법의 mean·se_mean·se_images 값."""
    try:
        return {key: {column: float(summary.loc[key, column]) for column in _COLUMNS} for key in PAIR}
    except Exception:
        raise Incorrect("check 에 함께 넘긴 `summary` 표의 모양이 11절의 셀이 만든 것과 다릅니다(방법 이름 "
                        f"{', '.join(PAIR)} 의 행과 {', '.join(_COLUMNS)} 열이 있어야 합니다). 그 셀을 다시 실행하세요.") from None


def pair_verdict(summary) -> tuple[float, bool, bool]:
    """(평균의 차이 모두 합치기 − 드롭아웃, 시드를 바꿔도 남는가, 다른 이미지에서도 남는가): 08 노트북의 judge 와 같은 기준."""
    values = _columns(summary)
    (a, b) = (values[key] for key in PAIR)
    gap = a["mean"] - b["mean"]
    seeds_ok = abs(gap) > 2 * math.hypot(a["se_mean"], b["se_mean"])
    images_ok = abs(gap) > 2 * math.hypot(a["se_images"], b["se_images"])
    return gap, bool(seeds_ok), bool(images_ok)


def _expected_reading(seeds_ok: bool, images_ok: bool) -> str:
    return "가" if seeds_ok and not images_ok else "나" if images_ok else "다"


def _truth(value, what: str) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise Incorrect(f"{what} 에는 참/거짓(True 또는 False)을 적습니다(받은 것: {shown(value)}).", _PAIR_TEMPLATE)


_WHY_NOT_READING = {
    "가": "`reading`: 보기 가는 시드 기준만 넘고 이미지 기준은 넘지 못한 차이를 읽은 말입니다. 여러분이 계산한 두 판단과 맞는 보기를 고르세요.",
    "나": "`reading`: 보기 나는 지나친 말입니다. 두 기준을 모두 넘어도 '다른 이미지에서도 남을 가능성이 크다' 일 뿐, "
          "'어떤 숫자에서도 확실하다' 는 아닙니다. 여러분이 계산한 두 판단과 맞는 보기를 고르세요.",
    "다": "`reading`: '구별할 수 있는가' 는 두 기준을 넘는지로 판단합니다. 여러분이 계산한 판단을 다시 보세요. 그리고 테스트 세트로 "
          "고르면 테스트 세트가 고르는 데 쓰여서, 그 정확도는 더는 처음 보는 숫자의 성적이 아닙니다.",
}


def _check_pair(mean_gap, seeds_survive, images_survive, reading, summary):
    a, b = PAIR
    gap, seeds_ok, images_ok = pair_verdict(summary)
    problems = []
    try:
        value = float(as_number(mean_gap, "`mean_gap`"))
    except Incorrect as exc:
        problems.append(exc.message)
    else:
        runs = _record()["runs"]
        first = {r["recipe"]: r["val_accuracy"] for r in runs if r["seed"] == min(x["seed"] for x in runs)}  # 시드 하나(1234)
        if abs(value - gap) < 5e-5:  # 표의 반올림한 백분율로 계산해도 받는다
            pass
        elif abs(value - 100 * gap) < 5e-3:
            problems.append("`mean_gap`: 백분율 포인트(%p)로 적었습니다. 0~1 의 비율(`summary` 표의 mean 열의 단위)로 적으세요.")
        elif abs(value + gap) < 5e-5 or abs(value + 100 * gap) < 5e-3:
            problems.append("`mean_gap`: 빼는 순서가 거꾸로입니다. a(모두 합치기)의 평균에서 b(드롭아웃)의 평균을 뺍니다.")
        elif abs(value - (first[a] - first[b])) < 5e-5:
            problems.append("`mean_gap`: 시드 하나의 값으로 계산했습니다. 기록한 세 시드의 평균(`summary` 표의 mean 열)으로 계산하세요.")
        else:
            problems.append("`mean_gap`: 두 방법의 검증 정확도 평균의 차이가 아닙니다. `summary` 표의 mean 열에서 a 의 값으로부터 "
                            "b 의 값을 빼세요.")
    try:
        if _truth(seeds_survive, "`seeds_survive`") != seeds_ok:
            problems.append("`seeds_survive`: 시드 기준을 다시 계산해 보세요. 차이의 크기를 두 평균의 표준오차(se_mean 열, "
                            "시드 표준편차 ÷ √시드 수)를 합친 √(a² + b²) 의 2배와 견줍니다.")
    except Incorrect as exc:
        problems.append(exc.message)
    try:
        answer = _truth(images_survive, "`images_survive`")
        if answer != images_ok:
            problems.append(
                "`images_survive`: 기준을 너무 작게 잡은 것 같습니다. 한 방법의 se_images 값만 썼거나 2배를 빠뜨리지 않았나요? "
                "두 방법을 견줄 때는 두 방법의 se_images 값을 합친 √(a² + b²) 의 2배와 견줍니다." if answer else
                "`images_survive`: 이미지 기준을 다시 계산해 보세요. 차이의 크기를 두 방법의 이미지 표준오차(se_images 열)를 "
                "합친 √(a² + b²) 의 2배와 견줍니다.")
    except Incorrect as exc:
        problems.append(exc.message)
    expected = _expected_reading(seeds_ok, images_ok)
    wrong = {option: why for option, why in _WHY_NOT_READING.items() if option != expected}
    if problem := choice_problem(reading, "reading", wrong, _READINGS):
        problems.append(problem)
    if problems:
        raise Incorrect("\n".join(problems), _PAIR_TEMPLATE)


q2 = Exercise(
    title="judge 셀이 견주지 않은 쌍(모두 합치기와 드롭아웃)의 차이를 시드 기준과 이미지 기준으로 읽기",
    answers={"mean_gap": 'summary.loc["combined", "mean"] - summary.loc["dropout", "mean"]',
             "seeds_survive": ('bool(abs(mean_gap) > 2 * math.hypot(summary.loc["combined", "se_mean"], '
                               'summary.loc["dropout", "se_mean"]))'),
             "images_survive": ('bool(abs(mean_gap) > 2 * math.hypot(summary.loc["combined", "se_images"], '
                                'summary.loc["dropout", "se_images"]))'),
             "reading": '"가"'},
    args={"summary": computed(recorded_summary)},
    checker=_check_pair,
    hints=[
        "11절의 `judge` 함수가 하는 계산을 이 쌍에 직접 해 보세요. `summary` 표의 열: mean(평균), se_mean(시드로 생기는 흔들림), "
        "se_images(검증 이미지로 생기는 흔들림). 두 흔들림을 합칠 때는 `math.hypot` 함수를 씁니다.",
        "다 계산했으면 `judge(\"combined\", \"dropout\")` 를 불러 여러분의 판단과 맞는지 견주어 보세요. 그다음 보기를 고릅니다: 시드 기준은 '같은 검증 이미지에서 "
        "시드를 바꿔도', 이미지 기준은 '다른 검증 이미지에서도' 에 대한 말입니다.",
    ],
    explanation=("시드 기준은 같은 검증 이미지 10,000장에서 시드의 흔들림보다 큰 차이인지, 이미지 기준은 다른 이미지 10,000장으로 재도 남을 "
                 "만큼 큰 차이인지를 봅니다. 모두 합치기와 드롭아웃의 차이는 앞의 것만 넘습니다. 그래서 '시드를 바꿔도 모두 합치기가 높다' 까지는 "
                 "말할 수 있지만 '처음 보는 숫자에서도 낫다' 고 말하기에는 작습니다. 이럴 때 테스트 세트로 재어 고르면 테스트 세트가 검증 세트가 "
                 "되어 버리므로, 미리 정한 규칙(검증 정확도의 평균)으로 고르고 테스트 세트는 고른 뒤에 한 번만 봅니다."),
)


_MODEL_TEMPLATE = """regularized_model = keras.Sequential([
    keras.Input(shape=(784,)),
    layers.Dense(128, use_bias=____),
    layers.____(),
    layers.Activation("relu"),
    layers.Dropout(____),
    layers.Dense(10, activation="softmax"),
])"""

_EXPECTED_ORDER = ["Dense", "BatchNormalization", "Activation", "Dropout", "Dense"]


def _check_regularized_model(model):
    keras_model(model, "`regularized_model`", _MODEL_TEMPLATE)
    try:
        input_shape = tuple(model.input_shape)
    except (AttributeError, ValueError):
        raise Incorrect("입력의 모양이 정해지지 않았습니다. 맨 앞에 `keras.Input(shape=(784,))` 입력을 두세요.", _MODEL_TEMPLATE) from None
    if input_shape[1:] != (784,):
        raise Incorrect(f"입력 모양이 {input_shape[1:]} 입니다. 784칸으로 편 이미지를 받도록 하세요.", _MODEL_TEMPLATE)
    layers_ = model_layers(model)
    names = [layer_kind(layer) for layer in layers_]
    if names.count("Dropout") and names[-1] == "Dropout":
        raise Incorrect("출력층 뒤에 드롭아웃을 두었습니다. 확률을 낸 뒤에 값을 끄면 안 됩니다: 은닉층 뒤에 둡니다.", _MODEL_TEMPLATE)
    if "BatchNormalization" not in names:
        raise Incorrect("배치 정규화 층이 없습니다. 은닉 밀집층과 활성화 사이에 넣으세요.", _MODEL_TEMPLATE)
    if "Dropout" not in names:
        raise Incorrect("드롭아웃 층이 없습니다. 활성화 다음에 넣으세요.", _MODEL_TEMPLATE)
    if names != _EXPECTED_ORDER:
        if "Activation" not in names and activation_name(layers_[0]) == "relu":
            raise Incorrect("밀집층 안에서 relu 를 쓰면 활성화가 배치 정규화보다 먼저 일어납니다. 활성화는 배치 정규화 다음에 "
                            "`layers.Activation(\"relu\")` 층으로 따로 둡니다.", _MODEL_TEMPLATE)
        if "Activation" in names and names.index("BatchNormalization") > names.index("Activation"):
            raise Incorrect("배치 정규화가 활성화(ReLU) 뒤에 있습니다. 이 수업에서는 Dense → 배치 정규화 → 활성화 순서로 씁니다.",
                            _MODEL_TEMPLATE)
        if names.index("Dropout") < names.index("BatchNormalization"):
            raise Incorrect("드롭아웃이 배치 정규화보다 앞에 있습니다. 정규화하고 활성화한 출력을 끄도록 활성화 다음에 두세요.",
                            _MODEL_TEMPLATE)
        if names[:-1] == _EXPECTED_ORDER and names[-1] == "Activation":
            raise Incorrect("출력층은 `layers.Dense(10, activation=\"softmax\")` 한 층으로 씁니다(softmax 를 따로 두지 않습니다).",
                            _MODEL_TEMPLATE)
        raise Incorrect(f"층의 순서가 {' → '.join(names)} 입니다. 기대한 순서: {' → '.join(_EXPECTED_ORDER)}.", _MODEL_TEMPLATE)
    hidden, bn, activation, dropout, output = layers_
    if hidden.units != 128 or output.units != 10:
        raise Incorrect(f"뉴런 수가 {hidden.units} → {output.units} 입니다. 은닉층 128개, 출력층 10개입니다.", _MODEL_TEMPLATE)
    if activation_name(hidden) != "linear":
        raise Incorrect("은닉 밀집층에 활성화 함수를 넣었습니다. 활성화는 배치 정규화 다음의 Activation 층이 합니다.", _MODEL_TEMPLATE)
    if activation_name(activation) != "relu":
        raise Incorrect(f"Activation 층이 {activation_name(activation)} 입니다. 은닉층의 활성화는 relu 입니다.", _MODEL_TEMPLATE)
    if activation_name(output) != "softmax":
        raise Incorrect("출력층이 softmax 가 아닙니다. 10개 숫자의 확률을 내도록 하세요.", _MODEL_TEMPLATE)
    if hidden.use_bias:
        raise Incorrect("은닉 밀집층의 편향이 켜져 있습니다. 배치 정규화의 β 가 편향의 일을 하므로 `use_bias=False` 설정으로 끕니다.",
                        _MODEL_TEMPLATE)
    rate = float(dropout.rate)
    if math.isclose(rate, 0.7):
        raise Incorrect("드롭아웃 비율이 0.7 입니다. Keras 의 rate 는 남기는 비율이 아니라 끄는 비율입니다.", _MODEL_TEMPLATE)
    if not math.isclose(rate, 0.3):
        raise Incorrect(f"드롭아웃 비율이 {rate} 입니다. 문제는 30% 를 끄라고 했습니다.", _MODEL_TEMPLATE)


q3 = Exercise(
    title="784→128→10 모델에 배치 정규화와 드롭아웃(30%) 넣기",
    answers={"regularized_model": """keras.Sequential([
    keras.Input(shape=(784,)),
    layers.Dense(128, use_bias=False),
    layers.BatchNormalization(),
    layers.Activation("relu"),
    layers.Dropout(0.3),
    layers.Dense(10, activation="softmax"),
])"""},
    checker=_check_regularized_model,
    hints=[
        "8절 '모두 합치기' 모델의 은닉층 한 줄과 같은 순서입니다: 밀집층 → 배치 정규화 → 활성화 → 드롭아웃.",
        "밀집층의 편향은 끄고(`use_bias=False`), 활성화는 `layers.Activation(\"relu\")` 층으로 따로 둡니다. 드롭아웃의 rate 는 끄는 비율입니다.",
    ],
    explanation=("이 순서가 08 노트북의 '모두 합치기'와 '더 넓게, 더 큰 배치' 모델의 은닉층마다 되풀이됩니다. `regularized_model.summary()` 에서 "
                 "배치 정규화 층의 학습하지 않는 파라미터(이동 평균·분산)도 확인해 보세요."),
)


_STEPS = math.ceil(50_000 / 256) * 10
_SCHEDULE_TEMPLATE = """schedule = keras.optimizers.schedules.CosineDecay(
    initial_learning_rate=____,
    decay_steps=math.ceil(____ / ____) * ____,  # 스텝 수 = 에포크당 스텝 × 에포크
)"""


def _check_schedule(schedule):
    if isinstance(schedule, type):
        raise Incorrect("스케줄 클래스 자체를 넣었습니다. 인자를 넣어 불러서 스케줄을 만드세요.", _SCHEDULE_TEMPLATE)
    kind = type(schedule).__name__
    if kind in ("RMSprop", "Adam", "SGD", "AdamW"):
        raise Incorrect("옵티마이저를 넣었습니다. 옵티마이저에 넘겨줄 학습률 스케줄만 만드세요.", _SCHEDULE_TEMPLATE)
    if kind in ("ReduceLROnPlateau", "LearningRateScheduler"):
        raise Incorrect("콜백을 넣었습니다. 이 문제는 `keras.optimizers.schedules` 의 코사인 감쇠 스케줄을 묻습니다.",
                        _SCHEDULE_TEMPLATE)
    if isinstance(schedule, (int, float)):
        raise Incorrect(f"숫자 {shown(schedule)} 하나입니다. 스텝마다 학습률을 바꾸는 스케줄 객체를 만드세요.", _SCHEDULE_TEMPLATE)
    if kind != "CosineDecay":
        raise Incorrect(f"코사인 감쇠 스케줄이 아닙니다(받은 것: {kind} {shown(schedule)}).", _SCHEDULE_TEMPLATE)
    config = schedule.get_config()
    problems = []
    if not math.isclose(float(config["initial_learning_rate"]), 0.002):
        problems.append(f"처음 학습률이 {config['initial_learning_rate']} 입니다. 문제의 처음 학습률을 다시 보세요.")
    steps = int(config["decay_steps"])
    if steps != _STEPS:
        if steps == 10:
            problems.append("decay_steps 에 에포크 수를 넣었습니다. 스케줄은 에포크가 아니라 스텝(배치)마다 바뀝니다.")
        elif steps == 50_000 * 10:
            problems.append("decay_steps 에 샘플 수를 넣었습니다. 스텝 하나는 샘플 하나가 아니라 배치 하나입니다.")
        elif steps == (50_000 // 256) * 10:
            problems.append("에포크당 스텝 수를 내림했습니다. 남은 샘플의 작은 배치도 한 스텝입니다(올림).")
        elif steps == math.ceil(50_000 / 128) * 10:
            problems.append("배치 크기 128 로 셌습니다. 이 문제의 배치 크기는 256 입니다.")
        elif steps == math.ceil(60_000 / 256) * 10:
            problems.append("60,000장으로 셌습니다. 검증 세트를 뗀 50,000장으로 학습합니다.")
        elif steps == math.ceil(50_000 / 256):
            problems.append("한 에포크의 스텝 수입니다. 학습 전체(10 에포크)에 걸쳐 0 까지 줄어야 합니다.")
        else:
            problems.append(f"decay_steps 가 {steps} 입니다. 학습 전체의 스텝 수(에포크당 스텝 × 에포크)를 넣으세요.")
    if not math.isclose(float(config.get("alpha") or 0.0), 0.0):
        problems.append(f"alpha 가 {config['alpha']} 입니다. 마지막 학습률이 처음 학습률의 그 비율만큼 남습니다: 0 까지 줄이려면 "
                        "alpha 는 기본값(0) 그대로 둡니다.")
    if config.get("warmup_steps"):
        problems.append("워밍업(warmup_steps)을 넣었습니다. 이 문제는 처음 학습률에서 바로 줄어들기 시작하는 코사인 감쇠입니다.")
    if problems:
        raise Incorrect("\n".join(problems), _SCHEDULE_TEMPLATE)


q4 = Exercise(
    title="50,000장, 배치 256, 10 에포크에 맞춘 코사인 감쇠(처음 학습률 0.002)",
    answers={"schedule": """keras.optimizers.schedules.CosineDecay(
    initial_learning_rate=0.002,
    decay_steps=math.ceil(50000 / 256) * 10,
)"""},
    checker=_check_schedule,
    hints=[
        "7절에서 만든 스케줄과 같은 클래스입니다. decay_steps 는 학습 전체의 스텝 수입니다.",
        "에포크당 스텝 수는 `math.ceil(샘플 수 / 배치 크기)` 입니다(06 노트북의 연습문제).",
    ],
    explanation=("에포크당 196 스텝 × 10 에포크 = 1,960 스텝에 걸쳐 학습률이 0.002 에서 0 으로 줄어듭니다. "
                 "배치 크기를 바꾸면 스텝 수가 바뀌므로 decay_steps 도 다시 계산해야 합니다(9절처럼)."),
)

__getattr__ = unknown_question(__name__)  # ex.q9 처럼 없는 문제는 한국어로 알린다
