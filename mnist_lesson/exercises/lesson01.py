"""01 MNIST 불러오기와 살펴보기: 연습문제(테스트 세트에서 가장 많은 숫자, 잉크를 가장 적게·많이 쓰는 숫자)."""

from __future__ import annotations

import numpy as np

from mnist_lesson.exercises.checks import as_number, context_images, context_labels, shown
from mnist_lesson.exercises.core import Exercise, Incorrect
from mnist_lesson.exercises.registry import unknown_question
from mnist_lesson.exercises.sources import mnist


def _check_most_common(answer, y_test):
    labels = context_labels(y_test, "y_test")
    counts = np.bincount(labels, minlength=10)
    value = as_number(answer, "`most_common_digit`")
    template = "counts = np.bincount(y_test)  # 숫자 0~9 가 각각 몇 번 나오는지\nmost_common_digit = counts.????()"
    if value in counts and not 0 <= value <= 9:
        raise Incorrect("그것은 어떤 숫자가 나온 횟수입니다. 횟수가 아니라 가장 많이 나온 숫자(0~9) 자체를 묻습니다.", template)
    if not float(value).is_integer() or not 0 <= value <= 9:
        raise Incorrect(f"레이블은 숫자 0~9 중 하나입니다(받은 값 {shown(value)}).", template)
    digit = int(value)
    if counts[digit] == counts.max():
        return
    if counts[digit] == counts.min():
        raise Incorrect("그 숫자는 가장 적게 나온 숫자입니다. 가장 큰 값의 자리를 찾는 함수와 가장 작은 값의 자리를 "
                        "찾는 함수를 헷갈리지 않았나요?", template)
    raise Incorrect("그 숫자보다 더 자주 나오는 숫자가 있습니다. 눈대중 대신 테스트 세트의 숫자별 개수를 세어 "
                    "가장 큰 것을 고르세요.", template)


q1 = Exercise(
    title="테스트 세트에서 가장 많이 나오는 숫자",
    answers={"most_common_digit": "int(np.bincount(y_test).argmax())"},
    args={"y_test": mnist("y_test")},
    checker=_check_most_common,
    hints=[
        "`np.bincount(y_test)` 함수는 0, 1, …, 9 가 각각 몇 번 나오는지 센 배열을 돌려줍니다(6절에서 훈련 세트로 해 본 것).",
        "배열에서 가장 큰 값이 있는 자리(인덱스)는 `.argmax()` 메서드가 알려 줍니다. 그 자리가 곧 숫자입니다.",
    ],
    explanation=("테스트 세트도 훈련 세트처럼 숫자별 개수가 크게 치우치지 않습니다. "
                 "그래서 정확도 하나로 모델을 평가해도 크게 속지 않습니다."),
)


# --- 문제 2. 잉크를 가장 적게·많이 쓰는 숫자 ----------------------------------------------------------------

_INK_TEMPLATE = """ink = [x_train[y_train == digit].mean() for digit in range(10)]  # 숫자마다 픽셀 값의 평균
least_ink_digit = int(np.arg____(ink))
most_ink_digit = int(np.arg____(ink))"""


def _digit(value, what: str) -> int:
    number = as_number(value, what)
    if not float(number).is_integer() or not 0 <= number <= 9:
        raise Incorrect(f"{what} 에는 숫자 0~9 중 하나를 적습니다(받은 값 {shown(value)}). 평균 밝기가 아니라 그 숫자를 적으세요.",
                        _INK_TEMPLATE)
    return int(number)


def _check_ink(least_ink_digit, most_ink_digit, x_train, y_train):
    images = context_images(x_train)
    labels = context_labels(y_train, "y_train", n=len(images))
    # 숫자마다의 평균 밝기 = (그 숫자 이미지들의 픽셀 합) / (장 수 × 픽셀 수). 한 장씩 더한 뒤 숫자별로 모으면
    # 60,000장을 float64 로 바꾼 복사본(376 MB)을 만들지 않아도 된다(확인 한 번이 0.5초에서 0.02초로). uint8 의 합은 float64 로
    # 정확하므로 값은 이미지마다 .mean() 한 것과 같다.
    flat = images.reshape(len(images), -1)
    counts = np.bincount(labels, minlength=10)[:10]
    sums = np.bincount(labels, weights=flat.sum(axis=1, dtype=np.float64), minlength=10)[:10]
    with np.errstate(invalid="ignore", divide="ignore"):
        ink = np.where(counts > 0, sums / (counts * flat.shape[1]), np.nan)
    least, most = _digit(least_ink_digit, "`least_ink_digit`"), _digit(most_ink_digit, "`most_ink_digit`")
    lowest, highest = int(np.nanargmin(ink)), int(np.nanargmax(ink))
    if (least, most) == (lowest, highest):
        return
    if (least, most) == (highest, lowest):
        raise Incorrect("두 답이 서로 바뀌었습니다. 평균 밝기가 가장 작은 숫자가 잉크를 가장 적게 씁니다(배경은 0, 잉크가 진할수록 값이 큼).",
                        _INK_TEMPLATE)
    problems = []
    if least != lowest:
        if least == int(counts.argmin()):
            problems.append("가장 적게: 샘플이 가장 적은 숫자를 골랐습니다. 이 문제는 이미지 한 장에 든 잉크의 양(평균 밝기)을 묻습니다.")
        else:
            problems.append("가장 적게: 그 숫자보다 잉크를 덜 쓰는 숫자가 있습니다. 숫자마다 이미지들의 평균 밝기를 계산해 비교하세요.")
    if most != highest:
        if most == lowest and most == int(counts.argmax()):
            problems.append("가장 많이: 고른 숫자는 잉크를 가장 적게 쓰는 숫자이고, 샘플이 가장 많은 숫자이기도 합니다. 가장 큰 값은 "
                            "`np.argmax` 함수로 고르고, 개수가 아니라 이미지 한 장의 잉크 양(평균 밝기)을 비교하세요.")
        elif most == lowest:
            problems.append("가장 많이: 잉크를 가장 적게 쓰는 숫자를 골랐습니다. 평균 밝기가 가장 큰 숫자는 `np.argmax` 함수로 고르세요.")
        elif most == int(counts.argmax()):
            problems.append("가장 많이: 샘플이 가장 많은 숫자를 골랐습니다. 개수가 아니라 이미지 한 장의 잉크 양(평균 밝기)을 비교하세요.")
        else:
            problems.append("가장 많이: 그 숫자보다 잉크를 더 쓰는 숫자가 있습니다. 눈대중 대신 숫자마다 평균 밝기를 계산하세요.")
    raise Incorrect("\n".join(problems), _INK_TEMPLATE)


q2 = Exercise(
    title="잉크를 가장 적게 쓰는 숫자와 가장 많이 쓰는 숫자(숫자별 평균 밝기)",
    answers={"least_ink_digit": "int(np.argmin([x_train[y_train == digit].mean() for digit in range(10)]))",
             "most_ink_digit": "int(np.argmax([x_train[y_train == digit].mean() for digit in range(10)]))"},
    args={"x_train": mnist("x_train"), "y_train": mnist("y_train")},
    checker=_check_ink,
    hints=[
        "`x_train[y_train == 3]` 배열은 레이블이 3 인 이미지만 모은 배열입니다. 그 평균(`.mean()`)이 숫자 3 의 평균 밝기(잉크의 양)입니다.",
        "숫자 0~9 의 평균 밝기를 목록으로 만든 뒤, 가장 작은 자리는 `np.argmin` 함수로, 가장 큰 자리는 `np.argmax` 함수로 찾습니다.",
    ],
    explanation=("1 은 획 하나라 잉크가 가장 적고, 0 은 큰 고리라 가장 많습니다. 잉크의 양만 보아도 1 과 0 은 꽤 가려낼 수 있지만, "
                 "양이 비슷한 숫자(예: 4 와 9)는 모양을 보아야 구별됩니다. 신경망은 이런 모양의 차이를 784개 픽셀에서 스스로 찾아냅니다."),
)

__getattr__ = unknown_question(__name__)  # ex.q9 처럼 없는 문제는 한국어로 알린다
