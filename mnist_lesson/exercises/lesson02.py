"""02 모델 설계: 연습문제(작은 이미지를 받는 첫 밀집층의 파라미터 수, 작은 모델의 전체 파라미터 수, 그 모델 만들기, 첫 층이 차지하는 몫)."""

from __future__ import annotations

from mnist_lesson.exercises.checks import activation_name, as_number, keras_model, model_layers, number_checker
from mnist_lesson.exercises.core import Exercise, Incorrect
from mnist_lesson.exercises.registry import unknown_question


_PARAMS_TEMPLATE = "# 밀집층 하나의 파라미터 수 = (입력 수 × 뉴런 수) + 뉴런 수\nsmall_input_params = ____ * ____ + ____"

q1 = Exercise(
    title="14×14 로 줄인 이미지(196칸)를 받는 첫 밀집층(뉴런 256개)의 파라미터 수",
    answers={"small_input_params": "196 * 256 + 256"},
    checker=number_checker(
        196 * 256 + 256,
        mistakes=[
            (196 * 256, "가중치만 셌습니다. 뉴런마다 하나씩 있는 편향(bias)도 학습하는 파라미터입니다."),
            (196 * 256 + 196, "편향은 입력마다가 아니라 뉴런마다 하나씩 있습니다."),
            (14 * 256 + 256, "이미지 한 변(14)만 셌습니다. 14×14 이미지를 한 줄로 펴면 입력이 몇 칸인가요?"),
            (784 * 256 + 256, "28×28(784칸) 입력의 값입니다. 이미지를 14×14 로 줄이면 입력 칸 수가 바뀝니다."),
            (lambda v: abs(v - (784 * 256 + 256) / 4) < 1, "입력이 4분의 1 이 되어도 편향 256개는 그대로입니다. 784칸 입력의 "
             "파라미터 수를 4 로 나누지 말고, 가중치와 편향을 따로 세세요."),
            (196 + 256, "입력 수와 뉴런 수를 더했습니다. 밀집층은 모든 입력을 모든 뉴런과 잇기 때문에 곱합니다."),
        ],
        otherwise="196칸 입력, 뉴런 256개인 밀집층의 파라미터 수가 아닙니다. 가중치와 편향을 따로 세어 더해 보세요.",
        template=_PARAMS_TEMPLATE,
        what="`small_input_params`",
    ),
    hints=[
        "14×14 이미지를 한 줄로 펴면 입력이 14 × 14 칸입니다. 4절의 식 `입력 수 × 뉴런 수 + 뉴런 수` 에 넣어 보세요.",
        "가중치는 입력 수에 비례하지만, 편향은 뉴런 수(256)만큼이라 입력 크기와 상관없습니다.",
    ],
    explanation=("196 × 256 + 256 = 50,432개로, 784칸일 때의 약 4분의 1 입니다. 밀집층의 가중치는 입력 칸 수에 비례하므로, "
                 "이미지가 커질수록 MLP 의 첫 층은 빠르게 커집니다. 09 의 합성곱 층은 이미지 크기와 상관없이 파라미터 수가 같습니다."),
)


q2 = Exercise(
    title="784→128→10 모델의 전체 파라미터 수",
    answers={"small_model_params": "(784 * 128 + 128) + (128 * 10 + 10)"},
    checker=number_checker(
        (784 * 128 + 128) + (128 * 10 + 10),
        mistakes=[
            (784 * 128 + 128 * 10, "가중치만 셌습니다. 두 밀집층 모두 뉴런마다 편향이 하나씩 있습니다."),
            ((784 * 128 + 128) + 128 * 10, "출력층의 편향 10개가 빠졌습니다."),
            (784 * 128 + (128 * 10 + 10), "은닉층의 편향 128개가 빠졌습니다."),
            (784 * 128 + 128, "은닉층만 셌습니다. 출력층(128→10)도 파라미터를 가집니다."),
            (128 * 10 + 10, "출력층만 셌습니다. 은닉층(784→128)도 파라미터를 가집니다."),
            (784 * 128 * 10, "층을 지날 때마다 곱하지 않습니다. 층마다 따로 센 뒤 더합니다."),
            (784 + 128 + 10, "뉴런(칸) 수를 더했습니다. 파라미터는 층 사이의 연결(가중치)과 편향입니다."),
        ],
        otherwise="784→128→10 모델의 전체 파라미터 수가 아닙니다. 밀집층마다 가중치와 편향을 세어 더해 보세요.",
        template="small_model_params = (____ * ____ + ____) + (____ * ____ + ____)  # 은닉층 + 출력층",
        what="`small_model_params`",
    ),
    hints=[
        "층마다 (입력 수 × 뉴런 수) + 뉴런 수 를 구해 더합니다. 입력층(keras.Input)에는 파라미터가 없습니다.",
        "출력층의 입력 수는 바로 앞 은닉층의 뉴런 수입니다.",
    ],
    explanation="은닉층 784×128+128 = 100,480, 출력층 128×10+10 = 1,290, 합계 101,770개입니다.",
)


_MODEL_TEMPLATE = """small_model = keras.Sequential([
    keras.Input(shape=(____,)),
    layers.Dense(____, activation="____"),
    layers.Dense(____, activation="____"),
])"""


def _check_small_model(model):
    keras_model(model, "`small_model`", _MODEL_TEMPLATE, packages=("keras", "tf_keras", "tensorflow"))
    import keras  # 답이 Keras 모델이므로 이미 불러와져 있다

    try:
        input_shape = tuple(model.input_shape)
    except (AttributeError, ValueError):
        raise Incorrect("입력의 모양이 정해지지 않았습니다. 층 목록의 맨 앞에 `keras.Input(shape=(...,))` 입력을 두세요.",
                        _MODEL_TEMPLATE) from None
    if input_shape[1:] == (28, 28):
        raise Incorrect("입력이 28×28 이미지 모양입니다. 이 모델은 784칸으로 편 한 줄을 입력으로 받습니다.", _MODEL_TEMPLATE)
    if input_shape[1:] != (784,):
        raise Incorrect(f"입력 모양이 {input_shape[1:]} 입니다. 이미지 한 장을 편 784칸을 받도록 하세요.", _MODEL_TEMPLATE)
    others = [type(layer).__name__ for layer in model_layers(model) if not isinstance(layer, keras.layers.Dense)]
    if others:
        raise Incorrect(f"밀집층이 아닌 층({', '.join(others)})이 들어 있습니다. 이 문제의 모델은 밀집층 두 개뿐입니다.",
                        _MODEL_TEMPLATE)
    dense = model_layers(model)
    if len(dense) != 2:
        raise Incorrect(f"밀집층이 {len(dense)}개입니다. 784→128→10 은 은닉층 하나와 출력층 하나, 모두 두 개입니다.",
                        _MODEL_TEMPLATE)
    hidden, output = dense
    if hidden.units != 128:
        raise Incorrect(f"은닉층의 뉴런이 {hidden.units}개입니다. 문제의 구조 784→128→10 을 다시 보세요.", _MODEL_TEMPLATE)
    if output.units != 10:
        raise Incorrect(f"출력층의 뉴런이 {output.units}개입니다. 출력층의 뉴런 수는 구분할 클래스(숫자 0~9)의 수와 같아야 합니다.",
                        _MODEL_TEMPLATE)
    if activation_name(hidden) != "relu":
        raise Incorrect(f"은닉층의 활성화 함수가 {activation_name(hidden)} 입니다. 이 문제의 은닉층은 relu 를 씁니다.",
                        _MODEL_TEMPLATE)
    if activation_name(output) != "softmax":
        raise Incorrect(f"출력층의 활성화 함수가 {activation_name(output)} 입니다. 10개 숫자의 확률(합이 1)을 내려면 "
                        "출력층에 어떤 활성화 함수가 필요할까요?", _MODEL_TEMPLATE)
    if not (hidden.use_bias and output.use_bias):
        raise Incorrect("편향(use_bias)을 끈 층이 있습니다. 밀집층의 기본값처럼 편향을 켜 두세요.", _MODEL_TEMPLATE)


q3 = Exercise(
    title="784→128(relu)→10(softmax) 모델 만들기",
    answers={"small_model": """keras.Sequential([
    keras.Input(shape=(784,)),
    layers.Dense(128, activation="relu"),
    layers.Dense(10, activation="softmax"),
])"""},
    checker=_check_small_model,
    hints=[
        "이 노트북에서 만든 784→256→256→128→64→10 모델과 같은 방법으로, 층 목록만 짧게 바꾸면 됩니다.",
        "맨 앞은 `keras.Input(shape=(784,))`, 그다음 은닉층 `layers.Dense(뉴런 수, activation=...)`, 마지막이 출력층입니다.",
    ],
    explanation=("`keras.Input` 입력층으로 입력 모양을 먼저 알려 주면 학습 전에도 `small_model.summary()` 에서 "
                 "파라미터 수를 볼 수 있습니다. 문제 2에서 손으로 센 값과 같은지 비교해 보세요."),
)


# --- 문제 4. 첫 층이 차지하는 몫 ----------------------------------------------------------------------

_SHARE_TEMPLATE = "first_layer_share = small_model.layers[0].count_params() / small_model.____()"
_SMALL_FIRST, _SMALL_TOTAL = 784 * 128 + 128, (784 * 128 + 128) + (128 * 10 + 10)


def _check_share(first_layer_share):
    value = float(as_number(first_layer_share, "`first_layer_share`"))
    expected = _SMALL_FIRST / _SMALL_TOTAL
    if abs(value - expected) < 5e-3:  # 소수 둘째 자리까지 반올림한 답도 받는다
        return
    if abs(value - 100 * expected) < 0.5:  # 반올림한 백분율(99)도 백분율로 알아본다
        raise Incorrect("백분율(%)로 적었습니다. 0~1 사이의 비율로 적으세요(예: 절반이면 0.5).", _SHARE_TEMPLATE)
    if abs(value - 200_960 / 308_554) < 5e-3:
        raise Incorrect("이 노트북의 큰 모델(784→256→…→10)의 비율입니다. 문제 3에서 만든 `small_model` 의 비율을 구하세요.",
                        _SHARE_TEMPLATE)
    if abs(value - (128 * 10 + 10) / _SMALL_TOTAL) < 5e-4:
        raise Incorrect("출력층의 몫입니다. 첫 번째 층(은닉층)의 몫을 묻습니다.", _SHARE_TEMPLATE)
    if abs(value - _SMALL_TOTAL / _SMALL_FIRST) < 5e-3:
        raise Incorrect("분자와 분모가 바뀌었습니다: 첫 층의 파라미터 수 ÷ 모델 전체의 파라미터 수.", _SHARE_TEMPLATE)
    if value > 1:
        raise Incorrect("몫(비율)은 1 보다 클 수 없습니다. 첫 층의 파라미터 수를 모델 전체의 파라미터 수로 나누세요.", _SHARE_TEMPLATE)
    raise Incorrect("784→128→10 모델에서 첫 층이 차지하는 몫이 아닙니다. `small_model.summary()` 의 Param # 을 보고 계산하세요.",
                    _SHARE_TEMPLATE)


q4 = Exercise(
    title="784→128→10 모델에서 첫 층이 차지하는 파라미터의 몫",
    answers={"first_layer_share": "small_model.layers[0].count_params() / small_model.count_params()"},
    checker=_check_share,
    hints=[
        "문제 3의 `small_model` 에서 `small_model.layers[0].count_params()` 의 값은 첫 층, `small_model.count_params()` 의 값은 전체의 파라미터 수입니다.",
        "몫 = 첫 층 ÷ 전체. 0~1 사이의 비율로 적습니다.",
    ],
    explanation=("약 0.99: 이 모델의 파라미터는 거의 모두 첫 층에 있습니다. 이 노트북의 큰 모델(약 65%)보다 더 치우쳤습니다. "
                 "784칸 입력을 모든 뉴런과 잇는 첫 층이 MLP 의 크기를 정합니다: 모델을 줄이려면 첫 층의 뉴런 수나 입력 크기를 줄이는 것이 "
                 "가장 효과가 큽니다."),
)

__getattr__ = unknown_question(__name__)  # ex.q9 처럼 없는 문제는 한국어로 알린다
