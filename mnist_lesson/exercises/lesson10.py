"""10 내 손글씨: 연습문제(내 사진에서 확률이 가장 큰 두 숫자, 옮긴 숫자의 무게 중심, MNIST 숫자의 잉크 크기)."""

from __future__ import annotations

import numpy as np

from mnist_lesson.exercises.checks import as_array, as_number, shown
from mnist_lesson.exercises.core import Exercise, Incorrect
from mnist_lesson.exercises.registry import unknown_question
from mnist_lesson.exercises.sources import computed, from_kernel, mnist
from mnist_lesson.handwriting import center_of_mass


def _ints(answer, n: int, what: str, template: str) -> list[int]:
    """답을 정수 n 개의 묶음으로 읽는다."""
    if isinstance(answer, (str, bytes)) or not hasattr(answer, "__len__"):
        raise Incorrect(f"{what} 에는 숫자 {n}개의 튜플을 적습니다(받은 것: {shown(answer)}).", template)
    values = as_array(answer, what).ravel()
    if len(values) != n:
        raise Incorrect(f"숫자가 {len(values)}개입니다. {what} 에는 숫자 {n}개의 튜플을 적습니다.", template)
    numbers = [as_number(v.item(), f"{what} 의 숫자") for v in values]
    if not all(float(v).is_integer() for v in numbers):
        raise Incorrect(f"여기에 적을 것은 정수여야 합니다(받은 것: {shown(answer)}).", template)
    return [int(v) for v in numbers]


def _image(values, name: str) -> np.ndarray:
    image = np.asarray(values)
    if image.ndim != 2 or image.size == 0:
        raise Incorrect(f"check 에 함께 넘긴 `{name}` 배열은 흑백 이미지(2차원 배열)여야 합니다(모양 {image.shape}).")
    return image


def moved_digit(digit: np.ndarray) -> np.ndarray:
    """노트북 4절의 ``moved``: 숫자를 위로 5, 오른쪽으로 7 픽셀 옮긴 28×28 (밀려난 가장자리는 버린다)."""
    moved = np.zeros_like(digit)
    moved[:-5, 7:] = digit[5:, :-7]
    return moved


# --- 문제 1. 내 사진에서 확률이 가장 큰 두 숫자 ----------------------------------------------------------------

_TOP2_TEMPLATE = """order = np.argsort(my_probs[0])[::-1]  # 확률이 큰 숫자부터
top2 = (int(order[0]), int(order[____]))
my_label = ____  # 내가 종이에 쓴 숫자"""


def _check_my_digit(my_label, top2, my_probs):
    probs = np.asarray(my_probs, dtype=float)
    if probs.ndim == 2 and len(probs) == 1:
        probs = probs[0]
    if probs.shape != (10,) or not np.isclose(probs.sum(), 1.0, atol=1e-3):
        raise Incorrect("check 에 함께 넘긴 `my_probs` 배열은 7절의 `handwriting.predict` 함수가 돌려준 숫자 10개의 확률이어야 합니다.")
    problems = []
    try:
        label = as_number(my_label, "`my_label`")
        if not float(label).is_integer() or not 0 <= label <= 9:
            problems.append(f"`my_label` 에는 종이에 쓴 숫자(0~9) 하나를 적습니다(받은 값 {shown(my_label)}).")
    except Incorrect as exc:
        problems.append(exc.message)
    try:
        first, second = _ints(top2, 2, "`top2`", _TOP2_TEMPLATE)
        order = np.argsort(probs)[::-1]
        if not (0 <= first <= 9 and 0 <= second <= 9):
            problems.append("`top2` 에는 확률이 아니라 숫자(0~9) 두 개를 적습니다.")
        elif first == second:
            problems.append("같은 숫자 두 개입니다. 확률이 가장 큰 숫자와 두 번째로 큰 숫자를 적으세요.")
        elif (first, second) == (int(order[1]), int(order[0])):
            problems.append("순서가 바뀌었습니다. 확률이 가장 큰 숫자를 먼저 적으세요.")
        elif probs[first] != probs.max():
            problems.append("첫 번째 숫자가 확률이 가장 큰 숫자가 아닙니다. 확률 막대를 눈대중하지 말고 `my_probs` 배열에서 찾으세요.")
        elif probs[second] != np.sort(probs)[-2]:
            problems.append("두 번째 숫자가 확률이 두 번째로 큰 숫자가 아닙니다. `np.argsort` 함수로 확률이 큰 순서를 구해 보세요.")
    except Incorrect as exc:
        problems.append(exc.message)
    if problems:
        raise Incorrect("\n".join(problems), _TOP2_TEMPLATE)


q1 = Exercise(
    title="내 손글씨 사진: 내가 쓴 숫자와, 모델이 확률을 가장 크게 준 두 숫자",
    answers={"my_label": "5", "top2": "tuple(int(d) for d in np.argsort(my_probs[0])[::-1][:2])"},
    args={"my_probs": from_kernel(
        "사진은 그 학생의 것이고 확률은 그 학생의 모델이 낸 것이라 커널에만 있습니다. "
        "답(확률이 가장 큰 두 숫자)은 채점기가 이 확률로 다시 찾습니다.",
        example=lambda: np.array([[0.01, 0.02, 0.03, 0.30, 0.02, 0.50, 0.04, 0.03, 0.03, 0.02]]))},
    checker=_check_my_digit,
    hints=[
        "`my_probs` 변수는 (1, 10) 배열입니다: `my_probs[0]` 줄이 숫자 0~9 의 확률입니다. `np.argsort` 함수는 작은 것부터의 순서를 주므로 뒤집으세요.",
        "사진을 바꾸지 않았다면 7절이 쓴 예시 사진 `5_photo.png` 의 숫자를 `my_label` 에 적습니다.",
    ],
    explanation=("두 번째로 큰 확률의 숫자는 모델이 무엇과 헷갈렸는지 보여 줍니다. 첫 번째가 내가 쓴 숫자와 다르다면, 7절의 단계 그림에서 "
                 "까닭을 찾아보세요: 잘라 낸 사각형에 그림자가 들어갔는지, 28×28 에서 획이 끊기거나 너무 가는지. 두 숫자의 확률이 "
                 "비슷하면 모델도 자신이 없는 것입니다: 확신도가 낮은 예측은 틀릴 때가 많습니다."),
)


# --- 문제 2. 옮긴 숫자의 무게 중심 --------------------------------------------------------------------

_CENTER_TEMPLATE = """r, c = np.indices(moved.shape)  # 픽셀마다 행 번호, 열 번호
moved_center = ((r * ____).sum() / moved.sum(), (c * moved).sum() / ____)  # (행, 열)"""


def _check_moved_center(moved_center, moved):
    image = _image(moved, "moved").astype(np.float64)
    if image.sum() <= 0:
        raise Incorrect("check 에 함께 넘긴 `moved` 배열에 잉크가 없습니다. 4절의 `moved` 배열을 넘기세요.")
    if isinstance(moved_center, (str, bytes)) or not hasattr(moved_center, "__len__"):
        raise Incorrect(f"`moved_center` 에는 (행, 열) 두 수의 튜플을 적습니다(받은 것: {shown(moved_center)}).", _CENTER_TEMPLATE)
    values = as_array(moved_center, "`moved_center`").ravel()
    if len(values) != 2:
        raise Incorrect(f"수가 {len(values)}개입니다. (행, 열) 두 개를 적으세요.", _CENTER_TEMPLATE)
    cy, cx = (float(as_number(v.item(), "`moved_center` 의 수")) for v in values)
    expected = center_of_mass(image)

    def near(a, b, tol=0.02):
        return abs(a[0] - b[0]) < tol and abs(a[1] - b[1]) < tol

    if near((cy, cx), expected):
        return
    if near((cx, cy), expected):
        raise Incorrect("순서가 바뀌었습니다. (행, 열) = (세로 자리, 가로 자리) 순서로 적으세요.", _CENTER_TEMPLATE)
    if near((cy - 1, cx - 1), expected):
        raise Incorrect("1부터 세었습니다. 배열의 행·열 번호는 0부터 셉니다.", _CENTER_TEMPLATE)
    rows, cols = np.nonzero(image)
    if near((cy, cx), (rows.mean(), cols.mean())):
        raise Incorrect("잉크가 있는 픽셀 자리의 그냥 평균입니다. 무게 중심은 밝기를 무게로 곱해 평균합니다: 진한 픽셀일수록 더 끌어당깁니다.",
                        _CENTER_TEMPLATE)
    if near((cy, cx), (13.5, 13.5), 0.01) or near((cy, cx), (14, 14), 0.01):
        raise Incorrect("이미지 틀의 한가운데입니다. 무게 중심은 틀이 아니라 잉크의 밝기로 정해집니다: 옮긴 숫자라면 한가운데에 있지 않습니다.",
                        _CENTER_TEMPLATE)
    if abs(cy - 10 - expected[0]) < 0.5 and abs(cx - expected[1]) < 0.5:
        raise Incorrect("행 방향이 반대입니다. 위로 옮기면 행 번호가 작아집니다(행 0 이 맨 위).", _CENTER_TEMPLATE)
    raise Incorrect("무게 중심이 아닙니다. 행 번호와 열 번호를 밝기로 가중 평균하세요: Σ(번호 × 밝기) / Σ 밝기.", _CENTER_TEMPLATE)


q2 = Exercise(
    title="위로 5, 오른쪽으로 7 픽셀 옮긴 숫자(moved)의 무게 중심 (행, 열)",
    answers={"moved_center": """r, c = np.indices(moved.shape)
moved_center = ((r * moved).sum() / moved.sum(), (c * moved).sum() / moved.sum())"""},
    args={"moved": computed(lambda: moved_digit(mnist("x_test").value()[0]))},
    checker=_check_moved_center,
    hints=[
        "무게 중심 = Σ(자리 × 무게) / Σ 무게. 무게는 픽셀의 밝기입니다. 5절의 5) 단계가 `box` 에 한 계산을 `moved` 에 해 보세요.",
        "`np.indices(moved.shape)` 함수는 픽셀마다 행 번호와 열 번호를 담은 두 배열을 돌려줍니다. `handwriting.center_of_mass(digit)` 함수의 값과 비교해 보세요.",
    ],
    explanation=("원래 숫자의 무게 중심은 (14, 14) 근처이고, 옮긴 숫자의 무게 중심은 거의 정확히 위로 5, 오른쪽으로 7 만큼 옮겨 갔습니다"
                 "(오른쪽 가장자리에서 잘려 나간 잉크만큼 조금 다릅니다). `to_mnist` 함수는 이 점을 다시 (14, 14) 로 옮겨서, 4절처럼 옮긴 숫자도 "
                 "MNIST 처럼 가운데에 놓습니다."),
)


# --- 문제 3. MNIST 숫자의 잉크 크기 --------------------------------------------------------------------

_SIZE_TEMPLATE = """rows, cols = np.nonzero(digit)  # 잉크가 있는 픽셀의 행 번호들과 열 번호들
digit_ink_size = (rows.max() - rows.min() + ____, cols.____() - cols.min() + 1)  # (높이, 너비)"""


def _check_ink_size(digit_ink_size, digit):
    image = _image(digit, "digit")
    rows, cols = np.nonzero(image)
    if rows.size == 0:
        raise Incorrect("check 에 함께 넘긴 `digit` 배열에 잉크가 없습니다. 4절의 `digit` 배열을 넘기세요.")
    height, width = _ints(digit_ink_size, 2, "`digit_ink_size`", _SIZE_TEMPLATE)
    expected = (int(rows.max() - rows.min() + 1), int(cols.max() - cols.min() + 1))
    if (height, width) == expected:
        return
    if (height, width) == (expected[0] - 1, expected[1] - 1):
        raise Incorrect("한 칸씩 모자랍니다: 잉크가 행 3 부터 행 5 까지 있으면 높이는 5 − 3 = 2 가 아니라 3 줄입니다(양 끝을 모두 셉니다).",
                        _SIZE_TEMPLATE)
    if (height, width) == expected[::-1]:
        raise Incorrect("(높이, 너비) 순서가 바뀌었습니다. 높이는 행의 범위, 너비는 열의 범위입니다.", _SIZE_TEMPLATE)
    if (height, width) == image.shape:
        raise Incorrect("이미지 틀 전체의 크기입니다. 잉크(0 이 아닌 픽셀)가 차지하는 사각형의 크기를 구하세요.", _SIZE_TEMPLATE)
    if (height, width) == (int(rows.max()), int(cols.max())) or (height, width) == (int(rows.max()) + 1, int(cols.max()) + 1):
        raise Incorrect("잉크가 끝나는 자리만 보았습니다. 크기는 끝나는 자리에서 시작하는 자리를 빼서 구합니다.", _SIZE_TEMPLATE)
    raise Incorrect("잉크를 감싸는 가장 작은 사각형의 (높이, 너비) 가 아닙니다. 잉크가 있는 가장 위·아래 행과 가장 왼쪽·오른쪽 열을 찾으세요.",
                    _SIZE_TEMPLATE)


q3 = Exercise(
    title="MNIST 테스트 숫자(digit)의 잉크를 감싸는 사각형의 크기 (높이, 너비)",
    answers={"digit_ink_size": """rows, cols = np.nonzero(digit)
digit_ink_size = (int(rows.max() - rows.min() + 1), int(cols.max() - cols.min() + 1))"""},
    args={"digit": computed(lambda: mnist("x_test").value()[0].copy())},
    checker=_check_ink_size,
    hints=[
        "5절의 3) 단계처럼 `np.nonzero(digit)` 함수로 잉크가 있는 행과 열을 찾습니다. 그중 가장 작은 번호와 가장 큰 번호가 사각형의 네 변입니다.",
        "높이 = 가장 아래 행 − 가장 위 행 + 1. 너비도 같은 방법으로 열에서 구합니다.",
    ],
    explanation=("긴 쪽이 20 입니다: MNIST 는 숫자를 20×20 상자에 맞춘 뒤 28×28 에 놓았기 때문입니다(4절). 짧은 쪽은 숫자의 모양에 따라 "
                 "다릅니다. 5절에서 내 사진의 잉크를 긴 쪽 20 으로 줄인 것도 이 모양을 흉내 내려는 것입니다."),
)

__getattr__ = unknown_question(__name__)  # ex.q9 처럼 없는 문제는 한국어로 알린다
