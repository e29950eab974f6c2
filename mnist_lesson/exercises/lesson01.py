"""01 MNIST 불러오기와 살펴보기: 연습문제(픽셀의 자료형과 최댓값, 이미지 한 장의 픽셀 수, 테스트 세트에서 가장 많은 숫자)."""

from __future__ import annotations

import numpy as np

from mnist_lesson.exercises.checks import as_number, context_labels, number_checker, shown
from mnist_lesson.exercises.core import Exercise, Incorrect
from mnist_lesson.exercises.sources import mnist


def _dtype_problem(pixel_dtype) -> str | None:
    if not isinstance(pixel_dtype, (str, type, np.dtype)):
        return (f"`pixel_dtype` 에는 자료형을 적습니다(받은 것: {type(pixel_dtype).__name__} {shown(pixel_dtype)}). "
                "문자열 이름이나 배열의 `.dtype` 이면 됩니다.")
    try:
        dtype = np.dtype(pixel_dtype)
    except TypeError:
        return f"{shown(pixel_dtype)} 은(는) NumPy 가 아는 자료형 이름이 아닙니다. 철자를 확인하세요."
    if dtype == np.uint8:
        return None
    if np.issubdtype(dtype, np.floating):
        return ("원본 MNIST 의 픽셀은 실수가 아니라 정수입니다. 실수(float32)로 바꾸는 일은 "
                "04 전처리에서 합니다. 불러온 그대로의 `x_train.dtype` 을 확인하세요.")
    if np.issubdtype(dtype, np.signedinteger):
        return ("픽셀 값은 음수가 없어서 부호 없는(unsigned) 정수 자료형에 담겨 있습니다. "
                "자료형 이름 앞에 붙는 글자를 확인하세요.")
    if np.issubdtype(dtype, np.unsignedinteger):
        return "부호 없는 정수는 맞지만 크기가 다릅니다. 픽셀 값 하나는 1바이트(8비트)에 담겨 있습니다."
    return f"자료형 {dtype} 은(는) 이미지 픽셀의 자료형이 아닙니다. `x_train.dtype` 을 출력해 보세요."


_check_pixel_max = number_checker(
    255,
    mistakes=[
        (256, "0부터 세는 것을 잊었습니다. 8비트 정수는 256가지 값을 담지만, 0부터 시작하므로 가장 큰 값은 256이 아닙니다."),
        (1, "0~1 은 전처리(04)를 한 뒤의 범위입니다. 지금은 불러온 그대로의 픽셀 값을 묻습니다."),
        (0, "0 은 가장 작은 값(배경의 검은색)입니다. 가장 큰 값(가장 진한 획)을 구하세요."),
        (127, "그것은 부호 있는 8비트 정수(int8)의 최댓값입니다. 픽셀은 부호 없는 정수에 담겨 있습니다."),
        (28, "28 은 이미지 한 변의 픽셀 수(크기)입니다. 픽셀 하나가 가지는 값의 최댓값을 묻습니다."),
        (784, "784 는 이미지 한 장의 픽셀 수입니다. 픽셀 하나가 가지는 값의 최댓값을 묻습니다."),
    ],
    otherwise="픽셀 하나가 가질 수 있는 가장 큰 값이 아닙니다. 배열 전체의 최댓값을 계산해 보세요.",
    template="pixel_max = x_train.max()",
    what="`pixel_max`",
)


def _check_pixels(pixel_dtype, pixel_max):
    problems = []
    dtype_problem = _dtype_problem(pixel_dtype)
    if dtype_problem:
        problems.append("자료형: " + dtype_problem)
    try:
        _check_pixel_max(pixel_max)
    except Incorrect as exc:
        problems.append("최댓값: " + exc.message)
    if problems:
        raise Incorrect("\n".join(problems), "pixel_dtype = x_train.????\npixel_max = x_train.????()")


q1 = Exercise(
    title="픽셀 값의 자료형과 최댓값",
    answers={"pixel_dtype": "x_train.dtype", "pixel_max": "x_train.max()"},
    checker=_check_pixels,
    hints=[
        "NumPy 배열은 `.dtype` 으로 자료형을, `.max()` 로 가장 큰 값을 알려 줍니다.",
        "MNIST 픽셀은 0(검은 배경)부터 가장 진한 획까지의 밝기를 8비트 부호 없는 정수 하나에 담습니다.",
    ],
    explanation=("MNIST 픽셀은 uint8(부호 없는 8비트 정수)이라 0~255 의 값을 가집니다. "
                 "신경망에 넣기 전에 04 에서 float32 의 0~1 로 바꿉니다."),
)


q2 = Exercise(
    title="이미지 한 장의 픽셀 수",
    answers={"pixels_per_image": "x_train.shape[1] * x_train.shape[2]"},
    checker=number_checker(
        784,
        mistakes=[
            (28, "28 은 이미지 한 변(가로 또는 세로)의 픽셀 수입니다. 이미지는 가로×세로 격자입니다."),
            (56, "가로와 세로를 더했습니다. 격자의 칸 수는 더하기가 아니라 곱하기로 셉니다."),
            (lambda v: v in (60000, 10000, 70000), "그것은 이미지의 개수입니다. 한 장에 들어 있는 픽셀의 수를 묻습니다."),
            (lambda v: v in (60000 * 784, 10000 * 784), "세트 전체의 픽셀 수입니다. 이미지 한 장의 픽셀 수를 묻습니다."),
            (255, "255 는 픽셀 값의 최댓값입니다. 픽셀의 개수를 묻습니다."),
        ],
        otherwise="이미지 한 장의 픽셀 수가 아닙니다. `x_train.shape` 에서 이미지 한 장의 모양을 읽어 보세요.",
        template="pixels_per_image = x_train.shape[?] * x_train.shape[?]",
        what="`pixels_per_image`",
    ),
    hints=[
        "`x_train.shape` 는 (이미지 수, 세로, 가로) 입니다. 첫 번째 수는 이미지의 개수입니다.",
    ],
    explanation="28×28 = 784. 02 에서 만드는 모델은 이미지 한 장을 784칸짜리 한 줄로 펴서 입력으로 받습니다.",
)


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


q3 = Exercise(
    title="테스트 세트에서 가장 많이 나오는 숫자",
    answers={"most_common_digit": "int(np.bincount(y_test).argmax())"},
    args={"y_test": mnist("y_test")},
    checker=_check_most_common,
    hints=[
        "`np.bincount(y_test)` 은 0, 1, …, 9 가 각각 몇 번 나오는지 센 배열을 돌려줍니다(6절에서 훈련 세트로 해 본 것).",
        "배열에서 가장 큰 값이 있는 자리(인덱스)는 `.argmax()` 가 알려 줍니다. 그 자리가 곧 숫자입니다.",
    ],
    explanation=("테스트 세트도 훈련 세트처럼 숫자별 개수가 크게 치우치지 않습니다. "
                 "그래서 정확도 하나로 모델을 평가해도 크게 속지 않습니다."),
)
