"""09 합성곱 신경망: 연습문제(합성곱 층의 파라미터 수 두 가지, 합성곱·풀링 뒤의 모양, 숫자에 맞는 데이터 증강)."""

from __future__ import annotations

import math

from mnist_lesson.exercises.checks import as_number, number_checker, shown
from mnist_lesson.exercises.core import Exercise, Incorrect


_FIRST_TEMPLATE = "# 합성곱 층의 파라미터 수 = (필터 높이 × 필터 너비 × 입력 채널 + 편향 1) × 필터 수\nconv1_params = (____ * ____ * ____ + ____) * ____"

q1 = Exercise(
    title="흑백 28×28 입력에 쓴 Conv2D(32, 3) 의 파라미터 수",
    answers={"conv1_params": "(3 * 3 * 1 + 1) * 32"},
    checker=number_checker(
        (3 * 3 * 1 + 1) * 32,
        mistakes=[
            (3 * 3 * 32, "가중치만 셌습니다. 필터마다 편향이 하나씩 있습니다."),
            (3 * 3 * 1 + 1, "필터 하나의 파라미터입니다. 필터가 32개입니다."),
            (9, "필터 하나의 가중치입니다. 필터 32개 모두와 편향을 세세요."),
            (28 * 28 * 32, "출력(특성 맵)의 값 개수입니다. 파라미터는 위치마다가 아니라 필터마다 있습니다: 가중치 공유."),
            (26 * 26 * 32, "출력(특성 맵)의 값 개수입니다. 파라미터는 위치마다가 아니라 필터마다 있습니다: 가중치 공유."),
            (28 * 28 * 9 * 32, "위치마다 따로 가중치를 세었습니다. 합성곱은 같은 필터를 모든 위치에 나눠 씁니다(가중치 공유)."),
            (784 * 32 + 32, "밀집층처럼 모든 픽셀과 연결했습니다. 합성곱의 출력 한 칸은 3×3 이웃만 봅니다(지역 연결)."),
            (32, "필터 수입니다. 필터 하나에도 가중치가 여러 개 있습니다."),
        ],
        otherwise="Conv2D(32, 3) 의 파라미터 수가 아닙니다. 필터 하나의 가중치와 편향을 세고 필터 수를 곱하세요.",
        template=_FIRST_TEMPLATE,
        what="`conv1_params`",
    ),
    hints=[
        "필터 하나는 3×3 칸 × 입력 채널 수 만큼의 가중치와 편향 하나를 가집니다. 흑백 이미지의 채널은 1개입니다.",
        "필터는 이미지의 모든 위치에서 같은 가중치를 씁니다. 그래서 이미지 크기(28×28)는 파라미터 수에 들어가지 않습니다.",
    ],
    explanation="(3×3×1 + 1) × 32 = 320 개입니다. MLP 의 첫 밀집층(200,960개)의 600분의 1쯤입니다.",
)


q2 = Exercise(
    title="32채널 특성 맵에 쓴 Conv2D(64, 3) 의 파라미터 수",
    answers={"conv2_params": "(3 * 3 * 32 + 1) * 64"},
    checker=number_checker(
        (3 * 3 * 32 + 1) * 64,
        mistakes=[
            ((3 * 3 * 1 + 1) * 64, "입력 채널을 1개로 셌습니다. 이 층의 입력은 앞 층이 낸 특성 맵 32장이고, "
                                   "필터 하나는 32개 채널 모두에 3×3 가중치를 가집니다."),
            (3 * 3 * 32 * 64, "가중치만 셌습니다. 필터마다 편향이 하나씩 있습니다."),
            ((3 * 3 * 32 + 32) * 64, "편향은 입력 채널마다가 아니라 필터마다 하나입니다."),
            ((3 * 3 * 64 + 1) * 32, "입력 채널과 필터 수를 바꿨습니다. 입력 채널 32개, 필터(출력 채널) 64개입니다."),
            ((3 * 3 * 1 + 1) * 32, "첫 합성곱 층(문제 1)의 파라미터 수입니다."),
        ],
        otherwise="Conv2D(64, 3) 의 파라미터 수가 아닙니다. 필터 하나가 입력 채널 몇 개를 보는지부터 세어 보세요.",
        template="conv2_params = (____ * ____ * ____ + ____) * ____  # (높이 × 너비 × 입력 채널 + 편향) × 필터 수",
        what="`conv2_params`",
    ),
    hints=[
        "이 층의 입력은 이미지가 아니라 앞 층의 특성 맵 32장입니다: 입력 채널이 32개입니다.",
        "`model.summary()` 에서 둘째 Conv2D 의 Param # 과 비교해 보세요(09 의 CNN 은 편향을 끄므로 그만큼 적습니다).",
    ],
    explanation=("필터 하나가 3×3×32 = 288개의 가중치와 편향 1개를 가지므로 289 × 64 = 18,496 개입니다. "
                 "채널이 늘수록 합성곱 층의 파라미터와 계산이 빠르게 늘어납니다."),
)


_SHAPE_TEMPLATE = "pooled_shape = (____, ____, ____)  # (높이, 너비, 채널): 샘플 축은 빼고"


def _check_pooled_shape(pooled_shape):
    if isinstance(pooled_shape, (str, bytes)) or not hasattr(pooled_shape, "__len__"):
        raise Incorrect(f"(높이, 너비, 채널) 세 수의 튜플로 적으세요(받은 것: {shown(pooled_shape)}).", _SHAPE_TEMPLATE)
    values = list(pooled_shape)
    if len(values) == 4 and values[0] in (None, 1):
        raise Incorrect("샘플 축까지 적었습니다. 이미지 한 장의 (높이, 너비, 채널) 세 수만 적으세요.", _SHAPE_TEMPLATE)
    if len(values) != 3:
        raise Incorrect(f"수가 {len(values)}개입니다. (높이, 너비, 채널) 세 수를 적으세요.", _SHAPE_TEMPLATE)
    numbers = [as_number(v, "`pooled_shape` 의 수") for v in values]
    if not all(float(v).is_integer() for v in numbers):
        raise Incorrect(f"모양은 정수입니다(받은 것: {shown(pooled_shape)}). 홀수를 2로 나눌 때 풀링은 남는 한 줄을 버립니다.",
                        _SHAPE_TEMPLATE)
    height, width, channels = (int(v) for v in numbers)
    if (height, width, channels) == (13, 13, 32):
        return
    if (height, width) == (26, 26):
        raise Incorrect("합성곱 뒤의 모양입니다. 최대 풀링이 가로·세로를 절반으로 줄입니다.", _SHAPE_TEMPLATE)
    if (height, width) in ((14, 14), (28, 28)):
        raise Incorrect("padding=\"valid\" 는 가장자리를 채우지 않아서, 3×3 필터가 들어갈 수 있는 자리만큼 크기가 줄어듭니다"
                        "(28 → 26). 09 의 CNN 처럼 padding=\"same\" 이라면 맞았을 것입니다.", _SHAPE_TEMPLATE)
    if (height, width) == (12, 12):
        raise Incorrect("풀링에서 크기를 한 번 더 줄였습니다. 26 을 2 로 나눈 값입니다.", _SHAPE_TEMPLATE)
    if channels == 1 and (height, width) == (13, 13):
        raise Incorrect("채널 수가 입력 그대로입니다. 합성곱 층의 출력 채널 수는 필터 수와 같습니다.", _SHAPE_TEMPLATE)
    if (height, width) == (13, 13):
        raise Incorrect(f"높이와 너비는 맞았습니다. 채널 {channels}개는 아닙니다: 출력 채널은 필터 수와 같습니다.", _SHAPE_TEMPLATE)
    raise Incorrect("합성곱(valid)으로 28 → 26, 최대 풀링으로 절반이 되는 과정을 한 단계씩 따라가 보세요.", _SHAPE_TEMPLATE)


q3 = Exercise(
    title="28×28×1 이미지가 Conv2D(32, 3, padding=\"valid\") 와 MaxPooling2D() 를 지난 뒤의 모양",
    answers={"pooled_shape": "(13, 13, 32)"},
    checker=_check_pooled_shape,
    hints=[
        "padding=\"valid\" 인 3×3 합성곱은 가장자리 한 줄씩을 잃습니다: 28 − 3 + 1.",
        "MaxPooling2D() 는 2×2 칸마다 하나를 남겨 가로·세로를 절반(내림)으로 줄이고, 채널 수는 그대로 둡니다.",
    ],
    explanation=("합성곱 뒤 26×26×32, 풀링 뒤 13×13×32 입니다. 확인하려면 "
                 "`keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(32, 3), layers.MaxPooling2D()]).output_shape`."),
)


_AUG_TEMPLATE = """digit_augmentation = keras.Sequential([
    layers.RandomRotation(____, fill_mode="____", interpolation="____"),
    layers.RandomTranslation(____, ____, fill_mode="____", interpolation="____"),
])"""


def _layers_of(answer):
    import keras  # 답이 Keras 객체이므로 이미 불러와져 있다

    if isinstance(answer, (list, tuple)):
        return list(answer)
    if isinstance(answer, keras.Sequential):
        return list(answer.layers)
    if isinstance(answer, keras.layers.Layer):
        return [answer]
    raise Incorrect(f"증강 층들을 `keras.Sequential([...])` 로 묶으세요(받은 것: {type(answer).__name__} {shown(answer)}).",
                    _AUG_TEMPLATE)


def _check_augmentation(digit_augmentation):
    if isinstance(digit_augmentation, type):
        raise Incorrect("클래스 자체를 넣었습니다. 층 목록을 넣어 불러서 만드세요.", _AUG_TEMPLATE)
    found = {}
    for layer in _layers_of(digit_augmentation):
        kind = type(layer).__name__
        if kind == "RandomFlip":
            raise Incorrect("뒤집기가 들어 있습니다. 좌우나 위아래로 뒤집은 숫자는 다른 모양(거울 글씨, 다른 숫자)이 되어 "
                            "레이블과 맞지 않습니다.", _AUG_TEMPLATE)
        if kind in ("Conv2D", "Dense", "MaxPooling2D", "Flatten", "Dropout", "BatchNormalization"):
            raise Incorrect(f"증강이 아닌 층({kind})이 들어 있습니다. 이 문제는 모델 앞에 둘 증강 층만 묻습니다.", _AUG_TEMPLATE)
        found[kind] = layer
    problems = []
    rotation = found.get("RandomRotation")
    if rotation is None:
        problems.append("돌리기(RandomRotation)가 없습니다.")
    else:
        upper = max(abs(float(f)) for f in rotation.factor)
        if upper >= 0.25:
            problems.append("너무 많이 돌립니다. 90° 넘게 돌리면 6 과 9 가 바뀌는 것처럼 레이블과 맞지 않게 됩니다.")
        elif not math.isclose(upper, 0.05, abs_tol=1e-6):
            problems.append(f"돌리는 정도가 ±{upper} 바퀴(±{upper * 360:.0f}°)입니다. factor 는 각도가 아니라 "
                            "한 바퀴(360°)에 대한 비율입니다. 문제의 각도를 360 으로 나누세요.")
        if rotation.fill_mode != "constant":
            problems.append(f"RandomRotation 의 fill_mode 가 '{rotation.fill_mode}' 입니다. 기본값 'reflect' 는 빈 가장자리를 "
                            "거울처럼 비춰 채워서 숫자 옆에 획 조각이 생깁니다. 배경(0)으로 채우세요.")
        if rotation.interpolation != "nearest":
            problems.append(f"RandomRotation 의 보간이 '{rotation.interpolation}' 입니다. 부드러운 보간은 픽셀 값을 섞어 획을 흐리게 "
                            "만듭니다(3절의 표). 가장 가까운 픽셀을 그대로 가져오게 하세요.")
    translation = found.get("RandomTranslation")
    if translation is None:
        problems.append("옮기기(RandomTranslation)가 없습니다.")
    else:
        factors = (translation.height_factor, translation.width_factor)
        flat = [abs(float(f)) for factor in factors for f in (factor if isinstance(factor, (list, tuple)) else [factor])]
        if not all(math.isclose(f, 0.1, abs_tol=1e-6) for f in flat):
            problems.append(f"옮기는 정도가 {factors} 입니다. 가로·세로 모두 이미지 크기의 ±10% 입니다(픽셀 수가 아니라 비율).")
        if translation.fill_mode != "constant":
            problems.append(f"RandomTranslation 의 fill_mode 가 '{translation.fill_mode}' 입니다. 옮기고 남은 자리는 배경(0)으로 "
                            "채우세요: 'reflect' 는 숫자의 일부를 비춰 넣습니다.")
        if translation.interpolation != "nearest":
            problems.append(f"RandomTranslation 의 보간이 '{translation.interpolation}' 입니다. 3절의 `shift` 층처럼 가장 가까운 "
                            "픽셀을 그대로 가져오게 하세요(흐려지지 않게).")
    if problems:
        raise Incorrect("\n".join(problems), _AUG_TEMPLATE)


q4 = Exercise(
    title="숫자에 맞는 데이터 증강: ±18° 돌리기와 가로·세로 ±10% 옮기기(빈 곳은 배경, 가장 가까운 픽셀)",
    answers={"digit_augmentation": """keras.Sequential([
    layers.RandomRotation(0.05, fill_mode="constant", interpolation="nearest"),
    layers.RandomTranslation(0.1, 0.1, fill_mode="constant", interpolation="nearest"),
])"""},
    checker=_check_augmentation,
    hints=[
        "3절의 `shift` 층에 돌리기 층 하나를 더합니다. 두 층 모두 fill_mode 와 interpolation 을 `shift` 처럼 줍니다.",
        "RandomRotation 의 factor 는 각도가 아니라 한 바퀴(360°)에 대한 비율입니다. fill_mode 의 기본값은 'reflect', "
        "interpolation 의 기본값은 'bilinear' 입니다.",
    ],
    explanation=("숫자는 조금 기울고 옮겨져도 같은 숫자이지만, 뒤집거나 크게 돌리면 다른 숫자가 됩니다. "
                 "증강은 '레이블이 바뀌지 않는 변화'만 골라야 합니다."),
)
