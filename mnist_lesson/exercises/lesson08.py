"""08 과적합과 규제: 연습문제(드롭아웃이 곱하는 수, 배치 정규화의 학습 파라미터, 규제를 넣은 모델, 코사인 감쇠 스케줄)."""

from __future__ import annotations

import math

from mnist_lesson.exercises.checks import activation_name, keras_model, model_layers, number_checker, shown
from mnist_lesson.exercises.core import Exercise, Incorrect


q1 = Exercise(
    title="Dropout(0.25) 가 학습할 때 살아남은 값에 곱하는 수",
    answers={"dropout_scale": "1 / (1 - 0.25)"},
    checker=number_checker(
        1 / (1 - 0.25),
        integer=False,
        tol=0.005,
        mistakes=[
            (1.25, "비율 0.2 에서 1.25 가 나온 것은 1 + 0.2 가 아니라 1 / (1 − 0.2) 이기 때문입니다. 0.25 로 다시 계산하세요."),
            (0.75, "살아남는 비율입니다. 살아남은 값들의 합이 원래 크기가 되도록 그 비율로 나눕니다(곱하는 수는 그 역수)."),
            (0.25, "끄는 비율(rate) 그대로입니다. 묻는 것은 살아남은 값에 곱해서 합의 크기를 맞추는 수입니다."),
            (1 / 0.25, "끄는 비율로 나누었습니다. 살아남는 비율(1 − rate)로 나누어야 합니다."),
            (1, "예측할 때(training=False)의 값입니다. 학습할 때는 살아남은 값을 키웁니다."),
            (0, "꺼진 칸의 값입니다. 묻는 것은 살아남은 칸에 곱하는 수입니다."),
        ],
        otherwise="살아남은 값에 곱하는 수가 아닙니다. 끄는 비율이 rate 이면 살아남는 비율은 1 − rate 입니다.",
        template="dropout_scale = 1 / (1 - ____)",
        what="`dropout_scale`",
    ),
    hints=[
        "5절의 출력을 보세요: Dropout(0.2) 에서 살아남은 칸은 1.25 가 되었습니다. 1.25 는 1 / 0.8 입니다.",
        "살아남는 비율은 1 − rate 입니다. 살아남은 값들을 그 비율로 나누면 합의 크기(기댓값)가 그대로입니다.",
    ],
    explanation=("1 / 0.75 ≈ 1.33 입니다. 이렇게 키워 두기 때문에 예측할 때는 아무것도 끄지 않고 그대로 쓰면 "
                 "학습할 때와 값의 크기가 같습니다(역 드롭아웃, inverted dropout)."),
)


q2 = Exercise(
    title="Dense(128) 다음 BatchNormalization 층의 학습하는(trainable) 파라미터 수",
    answers={"bn_trainable": "2 * 128"},
    checker=number_checker(
        2 * 128,
        mistakes=[
            (4 * 128, "이동 평균과 이동 분산까지 셌습니다. 그 둘은 배치들의 통계를 모을 뿐 그레이디언트로 학습하지 않습니다."),
            (128, "γ(크기)와 β(위치) 중 하나만 셌습니다. 특성(뉴런)마다 둘 다 학습합니다."),
            (3 * 128, "학습하는 값은 γ 와 β 두 가지뿐입니다. 이동 평균·이동 분산은 학습하지 않습니다."),
            (2, "특성마다 γ, β 가 따로 있습니다: 앞 밀집층의 뉴런 수만큼 곱하세요."),
            (0, "배치 정규화에도 학습하는 값이 있습니다: 정규화한 뒤 다시 늘이고 옮기는 두 값."),
            (128 * 128 + 128, "밀집층의 파라미터입니다. 배치 정규화 층 하나만 묻습니다."),
        ],
        otherwise="배치 정규화 층의 학습하는 파라미터 수가 아닙니다. 특성(뉴런)마다 무엇을 학습하는지 생각해 보세요.",
        template="bn_trainable = ____ * ____  # (특성마다 학습하는 값의 종류) × (특성 수)",
        what="`bn_trainable`",
    ),
    hints=[
        "6절의 출력을 보세요: 256개 뉴런 다음의 배치 정규화 층에서 학습하는 것과 학습하지 않는 것의 수를 따로 보여 줍니다.",
        "특성마다 γ(크기)와 β(위치)를 학습하고, 이동 평균·이동 분산은 학습하지 않고 모으기만 합니다.",
    ],
    explanation=("γ 128개와 β 128개, 256개를 학습합니다. `model.summary()` 의 Param # 은 이동 평균·이동 분산까지 더한 "
                 "512 이고, 그중 256개가 Non-trainable params 로 따로 나옵니다."),
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
        raise Incorrect("입력의 모양이 정해지지 않았습니다. 맨 앞에 `keras.Input(shape=(784,))` 을 두세요.", _MODEL_TEMPLATE) from None
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
        raise Incorrect("은닉 밀집층의 편향이 켜져 있습니다. 배치 정규화의 β 가 편향의 일을 하므로 `use_bias=False` 로 끕니다.",
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
    explanation=("이 순서가 08 노트북의 모든 규제 모델에서 되풀이됩니다. `regularized_model.summary()` 로 "
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
