"""02 모델 설계: 연습문제(첫 밀집층의 파라미터 수, 작은 모델의 전체 파라미터 수, 주어진 구조의 모델 만들기)."""

from __future__ import annotations

from mnist_lesson.exercises.checks import activation_name, keras_model, model_layers, number_checker
from mnist_lesson.exercises.core import Exercise, Incorrect


_PARAMS_TEMPLATE = "# 밀집층 하나의 파라미터 수 = (입력 수 × 뉴런 수) + 뉴런 수\nfirst_dense_params = ____ * ____ + ____"

q1 = Exercise(
    title="첫 번째 밀집층(Dense)의 파라미터 수",
    answers={"first_dense_params": "784 * 256 + 256"},
    checker=number_checker(
        784 * 256 + 256,
        mistakes=[
            (784 * 256, "가중치만 셌습니다. 뉴런마다 하나씩 있는 편향(bias)도 학습하는 파라미터입니다."),
            (784 * 256 + 784, "편향은 입력마다가 아니라 뉴런마다 하나씩 있습니다."),
            (256, "뉴런 수만 셌습니다. 뉴런 하나는 입력 784개 각각에 가중치를 하나씩 가집니다."),
            (784, "입력 수만 셌습니다. 입력 하나하나가 256개 뉴런 모두와 연결됩니다."),
            (784 + 256, "입력 수와 뉴런 수를 더했습니다. 밀집층은 모든 입력을 모든 뉴런과 잇기 때문에 곱합니다."),
            (256 * 256 + 256, "두 번째 밀집층(256→256)의 파라미터 수입니다. 첫 번째 층의 입력은 784칸입니다."),
            (308_554, "모델 전체의 파라미터 수입니다. 첫 번째 밀집층 하나만 묻습니다."),
        ],
        otherwise="첫 번째 밀집층(입력 784칸, 뉴런 256개)의 파라미터 수가 아닙니다. 가중치와 편향을 따로 세어 더해 보세요.",
        template=_PARAMS_TEMPLATE,
        what="`first_dense_params`",
    ),
    hints=[
        "밀집층의 파라미터는 두 가지입니다: 입력과 뉴런을 잇는 선마다 가중치 하나, 뉴런마다 편향 하나.",
        "첫 번째 밀집층은 784칸 입력을 받고 뉴런이 256개입니다. `model.summary()` 의 Param # 과 비교해 보세요.",
    ],
    explanation="가중치 784×256 = 200,704개에 뉴런마다 편향 하나씩 256개를 더해 200,960개입니다.",
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
        raise Incorrect("입력의 모양이 정해지지 않았습니다. 층 목록의 맨 앞에 `keras.Input(shape=(...,))` 을 두세요.",
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
    explanation=("`keras.Input` 으로 입력 모양을 먼저 알려 주면 학습 전에도 `small_model.summary()` 로 "
                 "파라미터 수를 볼 수 있습니다. 문제 2에서 손으로 센 값과 같은지 비교해 보세요."),
)
