"""09 합성곱 신경망: 연습문제(옮긴 숫자에서 MLP 와 CNN, 컬러 이미지의 합성곱 층, 합성곱·풀링 뒤의 모양, 숫자에 맞는 데이터 증강)."""

from __future__ import annotations

import math

import numpy as np

from mnist_lesson.exercises.checks import as_number, context_labels, number_checker, shown
from mnist_lesson.exercises.core import Exercise, Incorrect
from mnist_lesson.exercises.registry import unknown_question
from mnist_lesson.exercises.sources import from_kernel, mnist


def _example_shifted(errors: int):
    """테스트용 예측: 옮긴 테스트 숫자 2,000장 가운데 앞의 errors 장을 틀린 것."""
    y_pred = mnist("y_test").value()[:2000].copy()
    y_pred[:errors] = (y_pred[:errors] + 1) % 10
    return y_pred


_SHIFTED_REASON = ("옮긴 숫자에 대한 예측은 그 학생이 학습한 MLP 와 CNN 이 낸 것이라 커널에만 있습니다. y_test 배열은 채점기가 "
                   "다시 불러오고, 정확도와 '더 잘 읽는 모델'은 채점기가 이 예측으로 다시 계산합니다.")


# --- 문제 1. 옮긴 숫자를 누가 더 잘 읽나 -----------------------------------------------------------------

_SHIFT_TEMPLATE = '''mlp_shifted_acc = np.mean(shifted_pred["MLP"] == y_test[:len(shifted_pred["MLP"])])  # 옮긴 숫자에서 MLP 의 정확도
cnn_shifted_acc = np.mean(shifted_pred["____"] == y_test[:len(shifted_pred["____"])])
more_robust = "____"  # 옮긴 숫자를 더 잘 읽은 모델: "MLP" 또는 "CNN"'''


def _accuracy(predictions, labels, name: str) -> float:
    predicted = context_labels(predictions, name)
    if len(predicted) > len(labels):
        raise Incorrect(f"check 에 함께 넘긴 `{name}` 배열이 테스트 세트보다 깁니다.")
    return float(np.mean(predicted == labels[: len(predicted)]))


def _check_shifted(mlp_shifted_acc, cnn_shifted_acc, more_robust, y_test, shifted_pred):
    labels = context_labels(y_test, "y_test")
    if not isinstance(shifted_pred, dict) or set(shifted_pred) != {"MLP", "CNN"}:
        raise Incorrect("check 에 함께 넘긴 `shifted_pred` 사전에는 \"MLP\" 와 \"CNN\" 의 예측이 있어야 합니다. 위의 셀을 다시 실행하세요.")
    measured = {name: _accuracy(shifted_pred[name], labels, f'shifted_pred["{name}"]') for name in ("MLP", "CNN")}
    problems = []
    for name, answer in (("MLP", mlp_shifted_acc), ("CNN", cnn_shifted_acc)):
        what = f"`{name.lower()}_shifted_acc`"
        try:
            value = float(as_number(answer, what))
        except Incorrect as exc:
            problems.append(exc.message)
            continue
        target = measured[name]
        if abs(value - target) < 5e-4:
            continue
        if abs(value - 100 * target) < 0.05:
            problems.append(f"{name}: 백분율(%)로 적었습니다. 0~1 사이의 비율로 적으세요.")
        elif abs(value - (1 - target)) < 5e-4:
            problems.append(f"{name}: 틀린 비율(오류율)입니다. 정확도는 맞힌 비율입니다.")
        elif abs(value - measured["CNN" if name == "MLP" else "MLP"]) < 5e-4:
            problems.append(f"{name}: 다른 모델의 정확도와 같습니다. 두 예측 배열을 바꿔 쓰지 않았는지 보세요.")
        else:
            problems.append(f"{name}: 옮긴 숫자에 대한 예측 배열과 `y_test` 의 앞부분을 비교한 정확도가 아닙니다. "
                            "예측 배열의 길이만큼 `y_test[:len(...)]` 처럼 잘라 비교하세요.")
    if not isinstance(more_robust, str) or more_robust.strip().upper() not in ("MLP", "CNN"):
        problems.append(f"`more_robust` 에는 \"MLP\" 나 \"CNN\" 을 적습니다(받은 것: {shown(more_robust)}).")
    else:
        choice = more_robust.strip().upper()
        other = "CNN" if choice == "MLP" else "MLP"
        if measured[choice] < measured[other]:
            problems.append("고른 모델의 정확도가 옮긴 숫자에서 더 낮습니다. 여러분이 잰 두 정확도를 비교해 더 높은 쪽을 고르세요"
                            "(짐작이 아니라 이 노트북의 결과로).")
    if problems:
        raise Incorrect("\n".join(problems), _SHIFT_TEMPLATE)


q1 = Exercise(
    title="오른쪽으로 3픽셀 옮긴 테스트 숫자에서 MLP 와 CNN 의 정확도, 그리고 더 잘 읽는 모델",
    answers={"mlp_shifted_acc": 'float(np.mean(shifted_pred["MLP"] == y_test[:len(shifted_pred["MLP"])]))',
             "cnn_shifted_acc": 'float(np.mean(shifted_pred["CNN"] == y_test[:len(shifted_pred["CNN"])]))',
             "more_robust": '"CNN" if cnn_shifted_acc >= mlp_shifted_acc else "MLP"'},
    args={"y_test": mnist("y_test"),
          "shifted_pred": from_kernel(_SHIFTED_REASON, example=lambda: {"MLP": _example_shifted(700), "CNN": _example_shifted(60)})},
    checker=_check_shifted,
    hints=[
        "`shifted_pred[\"MLP\"]` 배열과 `shifted_pred[\"CNN\"]` 배열은 옮긴 테스트 숫자 앞 2,000장의 예측입니다. 정답은 `y_test` 의 같은 2,000장입니다.",
        "정확도 = `np.mean(예측 == 정답)` 의 값. 8절에서 옮기지 않은 숫자로 잰 두 모델의 성적과도 비교해 보세요: 어느 쪽이 더 많이 떨어졌나요?",
    ],
    explanation=("MLP 는 784칸의 자리마다 따로 가중치를 배워서, 숫자가 3픽셀만 옮겨 가도 전혀 다른 입력이 됩니다. CNN 은 같은 필터를 모든 "
                 "자리에 쓰고(가중치 공유) 풀링으로 자리를 조금 뭉개며, 이 노트북은 옮기기 증강으로 학습했으므로 옮긴 숫자에도 강합니다. "
                 "짧게 학습한 모델(빠른 모드)이면 두 정확도가 모두 낮을 수 있으니, 여러분이 잰 값으로 판단하세요."),
)


# --- 문제 2. 컬러 이미지의 합성곱 층 -------------------------------------------------------------------------

q2 = Exercise(
    title="컬러(빨강·초록·파랑 3채널) 이미지에 쓴 Conv2D(16, 5) 의 파라미터 수",
    answers={"color_conv_params": "(5 * 5 * 3 + 1) * 16"},
    checker=number_checker(
        (5 * 5 * 3 + 1) * 16,
        mistakes=[
            ((5 * 5 * 1 + 1) * 16, "채널을 1개로 셌습니다. 컬러 이미지는 채널이 3개이고, 필터 하나는 세 채널 모두에 5×5 가중치를 가집니다."),
            ((3 * 3 * 3 + 1) * 16, "필터 크기를 3×3 으로 셌습니다. `Conv2D(16, 5)` 의 둘째 인자 5 는 5×5 필터라는 뜻입니다."),
            (5 * 5 * 3 * 16, "가중치만 셌습니다. 필터마다 편향이 하나씩 있습니다."),
            ((5 * 5 * 3 + 3) * 16, "편향은 입력 채널마다가 아니라 필터마다 하나입니다."),
            ((5 * 5 * 16 + 1) * 3, "입력 채널과 필터 수를 바꿨습니다. 입력 채널 3개, 필터(출력 채널) 16개입니다."),
            (5 * 5 * 3 + 1, "필터 하나의 파라미터입니다. 필터가 16개입니다."),
            ((3 * 3 * 1 + 1) * 32, "2절에서 본 흑백 입력 Conv2D(32, 3) 의 값입니다. 이 문제의 층은 필터 크기, 채널, 필터 수가 모두 다릅니다."),
        ],
        otherwise="Conv2D(16, 5) 를 3채널 이미지에 쓴 층의 파라미터 수가 아닙니다. 필터 하나의 가중치(높이 × 너비 × 입력 채널)와 편향을 세고 필터 수를 곱하세요.",
        template="color_conv_params = (____ * ____ * ____ + ____) * ____  # (높이 × 너비 × 입력 채널 + 편향) × 필터 수",
        what="`color_conv_params`",
    ),
    hints=[
        "필터 하나는 입력의 모든 채널을 한꺼번에 봅니다: 5×5 칸 × 3채널의 가중치와 편향 하나.",
        "2절의 계산 `(3 * 3 * 1 + 1) * 32` 계산과 같은 식입니다. 필터 크기, 입력 채널, 필터 수만 이 문제에 맞게 바꾸세요. "
        "`keras.Sequential([keras.Input((32, 32, 3)), layers.Conv2D(16, 5)]).count_params()` 계산으로 확인할 수 있습니다.",
    ],
    explanation=("(5×5×3 + 1) × 16 = 1,216 개입니다. 이미지의 가로·세로 크기는 식에 들어가지 않습니다(가중치 공유). "
                 "채널이 늘면 필터 하나의 가중치가 채널 수에 비례해 늘어납니다: 뒤쪽 합성곱 층의 파라미터가 많은 까닭입니다."),
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
        raise Incorrect(f"모양의 값은 정수여야 합니다(받은 것: {shown(pooled_shape)}). 홀수를 2로 나눌 때 풀링은 남는 한 줄을 버립니다.",
                        _SHAPE_TEMPLATE)
    height, width, channels = (int(v) for v in numbers)
    if (height, width, channels) == (13, 13, 32):
        return
    if (height, width) == (26, 26):
        raise Incorrect("합성곱 뒤의 모양입니다. 최대 풀링이 가로·세로를 절반으로 줄입니다.", _SHAPE_TEMPLATE)
    if (height, width) == (14, 14):
        raise Incorrect("padding=\"same\" 처럼 계산했습니다. padding=\"valid\" 는 가장자리를 채우지 않아서, 3×3 필터가 들어갈 수 "
                        "있는 자리만큼 크기가 줄어듭니다(28 → 26). 풀링은 그다음에 절반으로 줄입니다.", _SHAPE_TEMPLATE)
    if (height, width) == (28, 28):
        raise Incorrect("크기가 그대로입니다. 합성곱(valid)이 28 → 26 으로 줄이고, 최대 풀링이 다시 가로·세로를 절반으로 줄입니다.",
                        _SHAPE_TEMPLATE)
    if (height, width) == (12, 12):
        raise Incorrect("하나 더 작습니다. 풀링은 홀수일 때만 남는 한 줄을 버립니다: 합성곱 뒤의 26 은 짝수입니다.", _SHAPE_TEMPLATE)
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
    raise Incorrect(f"증강 층들을 `keras.Sequential([...])` 안에 묶으세요(받은 것: {type(answer).__name__} {shown(answer)}).",
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
                            "만듭니다(3절). 가장 가까운 픽셀을 그대로 가져오게 하세요.")
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

__getattr__ = unknown_question(__name__)  # ex.q9 처럼 없는 문제는 한국어로 알린다
