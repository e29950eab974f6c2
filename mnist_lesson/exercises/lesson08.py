"""08 과적합과 규제: 연습문제(학습 곡선 셋에서 과적합·과소적합 고르기, 검증 세트로 방법 고르기, 규제를 넣은 모델, 코사인 감쇠 스케줄)."""

from __future__ import annotations

import math

from mnist_lesson.exercises.checks import activation_name, keras_model, model_layers, shown
from mnist_lesson.exercises.core import Exercise, Incorrect
from mnist_lesson.exercises.sources import from_kernel


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


# --- 문제 2. 검증 세트로 방법 고르기 ------------------------------------------------------------------------

_CHOOSE_TEMPLATE = '''best_by_validation = max(val_table, key=lambda name: val_table[name]["____"])
why_validation = "____"'''

_WHY_VALIDATION = {
    "나": "테스트 세트와 검증 세트는 둘 다 10,000장입니다. 크기가 아니라 '고르는 데 썼는가'가 문제입니다.",
    "다": "테스트 정확도도 학습이 끝난 뒤 언제든 잴 수 있습니다(표에 있습니다). 잴 수 있어도 고르는 데 쓰면 안 되는 까닭을 생각해 보세요.",
}


def _check_choice(best_by_validation, why_validation, val_table):
    if not isinstance(val_table, dict) or not val_table:
        raise Incorrect("check 에 함께 넘긴 `val_table` 사전이 비어 있거나 사전이 아닙니다. 위의 셀을 먼저 실행하세요.")
    try:
        val_accuracy = {str(name): float(row["검증 정확도"]) for name, row in val_table.items()}
        val_loss = {str(name): float(row["검증 손실"]) for name, row in val_table.items()}
        test_accuracy = {str(name): float(row["테스트 정확도"]) for name, row in val_table.items()}
    except (KeyError, TypeError, ValueError):
        raise Incorrect("check 에 함께 넘긴 `val_table` 사전의 모양이 위의 셀이 만든 것과 다릅니다. 그 셀을 다시 실행하세요.") from None
    problems = []
    if not isinstance(best_by_validation, str):
        problems.append(f"`best_by_validation` 에는 표의 방법 이름(문자열)을 적습니다(받은 것: {shown(best_by_validation)}).")
    elif best_by_validation not in val_accuracy:
        problems.append("표에 없는 이름입니다. 표의 방법 이름을 띄어쓰기까지 그대로 옮겨 적으세요(이름들은 `list(val_table)` 코드로 볼 수 있습니다).")
    elif val_accuracy[best_by_validation] < max(val_accuracy.values()):
        best_test = max(test_accuracy.values())
        if test_accuracy[best_by_validation] == best_test:
            problems.append("테스트 정확도가 가장 높은 방법을 골랐습니다. 이 문제는 검증 정확도로 고릅니다: 테스트 세트는 고른 뒤에 한 번만 봅니다.")
        elif val_loss[best_by_validation] == min(val_loss.values()):
            problems.append("검증 손실이 가장 낮은 방법을 골랐습니다. 손실로 고르는 것도 한 방법이지만, 이 문제는 검증 정확도로 고릅니다.")
        else:
            problems.append("검증 정확도가 더 높은 방법이 있습니다. 표의 '검증 정확도' 열에서 가장 큰 값을 찾으세요.")
    choice = why_validation.strip().strip('"').strip() if isinstance(why_validation, str) else why_validation
    if choice not in ("가", "나", "다"):
        problems.append(f"`why_validation` 에는 \"가\", \"나\", \"다\" 중 하나를 적습니다(받은 것: {shown(why_validation)}).")
    elif choice in _WHY_VALIDATION:
        problems.append(_WHY_VALIDATION[choice])
    if problems:
        raise Incorrect("\n".join(problems), _CHOOSE_TEMPLATE)


q2 = Exercise(
    title="검증 정확도로 방법 하나 고르기, 그리고 테스트 정확도로 고르지 않는 까닭",
    answers={"best_by_validation": 'max(val_table, key=lambda name: val_table[name]["검증 정확도"])', "why_validation": '"가"'},
    args={"val_table": from_kernel(
        "val_table 사전은 그 학생이 방금 학습한 방법들의 검증·테스트 성적이라 커널에만 있습니다. "
        "답(검증 정확도가 가장 높은 방법)은 채점기가 이 표로 다시 고릅니다.",
        example=lambda: {"조기 종료": {"검증 손실": 0.080, "검증 정확도": 0.975, "테스트 정확도": 0.974},
                         "모두 합치기": {"검증 손실": 0.085, "검증 정확도": 0.981, "테스트 정확도": 0.980}})},
    checker=_check_choice,
    hints=[
        "`val_table` 변수는 {방법 이름: {\"검증 손실\": …, \"검증 정확도\": …, \"테스트 정확도\": …}} 사전입니다. 검증 정확도가 가장 큰 이름을 찾으세요.",
        "테스트 세트는 '처음 보는 데이터에서의 성적'을 재려고 마지막까지 아껴 둡니다. 여러 방법 가운데 테스트 성적이 가장 좋은 것을 고르면 무엇이 달라질까요?",
    ],
    explanation=("고르는 데 쓴 데이터의 성적은 운 좋게 높게 나온 쪽으로 치우칩니다. 그래서 고르기는 검증 세트로 하고, 고른 방법 하나의 "
                 "테스트 정확도만 마지막에 한 번 봅니다. 두 방법의 검증 정확도 차이가 작으면(10,000장이면 ±0.3%p 정도는 우연으로도 생깁니다) "
                 "더 짧게 학습하거나 더 단순한 쪽을 고르는 것도 좋은 선택입니다."),
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
    names = [type(layer).__name__ for layer in layers_]
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
    explanation=("이 순서가 08 노트북의 모든 규제 모델에서 되풀이됩니다. `regularized_model.summary()` 에서 "
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
