"""10 내 손글씨: 연습문제(잉크를 감싸는 사각형, 20×20 상자에 맞춘 크기, 무게 중심)."""

from __future__ import annotations

import numpy as np

from mnist_lesson.exercises.checks import as_array, as_number, shown
from mnist_lesson.exercises.core import Exercise, Incorrect
from mnist_lesson.exercises.sources import computed, mnist
from mnist_lesson.handwriting import center_of_mass


def _ink():
    """5절의 ``ink``: 패키지의 샘플 사진 ``3_offcentre.png`` 를 노트북과 같은 단계로(흑백, 반전, 잡음 지우기)."""
    from PIL import Image

    from mnist_lesson import samples

    gray = np.asarray(Image.open(samples.SAMPLES_DIR / "3_offcentre.png").convert("L"), dtype=np.float32)
    ink = 255 - gray
    ink[ink < 60] = 0
    return ink


def _crop():
    """5절의 ``crop``: ``ink`` 에서 잉크가 있는 행과 열만 잘라 낸 것."""
    ink = _ink()
    rows, cols = np.nonzero(ink)
    return ink[rows.min():rows.max() + 1, cols.min():cols.max() + 1]


def _digit():
    """4절의 ``digit``: 불러온 그대로의 테스트 세트 첫 이미지."""
    return mnist("x_test").value()[0]



def _ints(answer, n: int, what: str, template: str) -> list[int]:
    """답을 정수 n 개의 묶음으로 읽는다."""
    if isinstance(answer, (str, bytes)) or not hasattr(answer, "__len__"):
        raise Incorrect(f"{what} 은(는) 숫자 {n}개의 튜플입니다(받은 것: {shown(answer)}).", template)
    values = as_array(answer, what).ravel()
    if len(values) != n:
        raise Incorrect(f"숫자가 {len(values)}개입니다. {what} 은(는) 숫자 {n}개의 튜플입니다.", template)
    numbers = [as_number(v.item(), f"{what} 의 숫자") for v in values]
    if not all(float(v).is_integer() for v in numbers):
        raise Incorrect(f"픽셀 자리와 크기는 정수입니다(받은 것: {shown(answer)}).", template)
    return [int(v) for v in numbers]


def _image(values, name: str) -> np.ndarray:
    image = np.asarray(values)
    if image.ndim != 2 or image.size == 0:
        raise Incorrect(f"check 에 함께 넘긴 `{name}` 은(는) 흑백 이미지(2차원 배열)여야 합니다(모양 {image.shape}).")
    return image


# --- 문제 1. 잉크를 감싸는 가장 작은 사각형 ------------------------------------------------------------

_BOX_TEMPLATE = """rows, cols = np.nonzero(____)  # 잉크가 있는(0 이 아닌) 픽셀의 행 번호들과 열 번호들
crop_box = (rows.min(), rows.____() + ____, cols.____(), cols.max() + ____)  # (위, 아래, 왼쪽, 오른쪽)"""


def _check_crop_box(crop_box, ink):
    image = _image(ink, "ink")
    rows, cols = np.nonzero(image)
    if rows.size == 0:
        raise Incorrect("check 에 함께 넘긴 `ink` 에 잉크가 없습니다. 5절에서 반전한 `ink` 를 넘기세요.")
    top, bottom, left, right = _ints(crop_box, 4, "`crop_box`", _BOX_TEMPLATE)
    expected = (int(rows.min()), int(rows.max()) + 1, int(cols.min()), int(cols.max()) + 1)
    h, w = image.shape
    if (top, bottom, left, right) == expected:
        return
    if (top, bottom, left, right) == (expected[0], expected[1] - 1, expected[2], expected[3] - 1):
        raise Incorrect("끝이 한 칸 모자랍니다: 슬라이스 `a[위:아래]` 는 `아래` 를 포함하지 않으므로, 마지막 잉크의 "
                        "행·열 번호에 1을 더해야 마지막 줄까지 잘립니다.", _BOX_TEMPLATE)
    if (left, right, top, bottom) == expected:
        raise Incorrect("행과 열이 바뀌었습니다. 순서는 (위, 아래, 왼쪽, 오른쪽): 위·아래는 행 번호, 왼쪽·오른쪽은 열 번호입니다.",
                        _BOX_TEMPLATE)
    if (top, bottom, left, right) == (0, h, 0, w):
        raise Incorrect("이미지 전체입니다. 잉크가 있는 곳만 남겨야 합니다. 종이가 0 인 반전한 `ink` 에서 0 이 아닌 곳을 찾으세요.",
                        _BOX_TEMPLATE)
    if not (0 <= top < bottom <= h and 0 <= left < right <= w):
        raise Incorrect(f"이미지({h}×{w}) 안의 사각형이 아닙니다: 0 ≤ 위 < 아래 ≤ {h}, 0 ≤ 왼쪽 < 오른쪽 ≤ {w} 이어야 합니다.",
                        _BOX_TEMPLATE)
    inside = np.count_nonzero(image[top:bottom, left:right])
    if inside < rows.size:
        raise Incorrect(f"잉크 {rows.size - inside:,}픽셀이 사각형 밖에 있습니다. 숫자가 잘리지 않도록 잉크가 있는 "
                        "가장 위·아래 행과 가장 왼쪽·오른쪽 열을 찾으세요.", _BOX_TEMPLATE)
    raise Incorrect("잉크를 모두 담지만 가장 작은 사각형이 아닙니다. 남는 여백이 있으면 숫자가 20×20 상자에서 작아집니다.",
                    _BOX_TEMPLATE)


q1 = Exercise(
    title="반전한 이미지에서 잉크를 감싸는 가장 작은 사각형 (위, 아래, 왼쪽, 오른쪽)",
    answers={"crop_box": """rows, cols = np.nonzero(ink)
crop_box = (rows.min(), rows.max() + 1, cols.min(), cols.max() + 1)"""},
    args={"ink": computed(_ink)},
    checker=_check_crop_box,
    hints=[
        "`np.nonzero(ink)` 는 0 이 아닌 픽셀의 (행 번호들, 열 번호들)을 돌려줍니다. 가장 작은 번호와 가장 큰 번호를 찾으세요.",
        "`ink[위:아래, 왼쪽:오른쪽]` 으로 자를 값입니다. 슬라이스의 끝은 포함되지 않습니다.",
    ],
    explanation=("MNIST 도 이렇게 잉크만 잘라 낸 뒤 크기를 맞췄습니다. 종이에 점 하나라도 남아 있으면 사각형이 커지므로, "
                 "`handwriting.to_mnist` 는 자르기 전에 잡음을 지우고 점 같은 잡티를 뺍니다."),
)


# --- 문제 2. 20×20 상자에 맞춘 크기 -------------------------------------------------------------------

_SIZE_TEMPLATE = "scale = ____ / max(crop.shape)  # 긴 쪽이 상자에 꼭 맞도록\nbox_size = (round(crop.shape[0] * scale), round(crop.shape[1] * ____))"


def _check_box_size(box_size, crop):
    image = _image(crop, "crop")
    h, w = image.shape
    long_side = max(h, w)
    exact = (h * 20 / long_side, w * 20 / long_side)
    got = _ints(box_size, 2, "`box_size`", _SIZE_TEMPLATE)

    def near(values, target):
        return all(abs(v - t) < 1 for v, t in zip(values, target))

    if near(got, exact) and max(got) == 20 and min(got) >= 1:
        return
    if tuple(got) == (20, 20) and h != w:
        raise Incorrect("가로세로 비율을 지키지 않았습니다. 긴 쪽만 20 이 되고, 짧은 쪽은 같은 비율로 줄어듭니다.", _SIZE_TEMPLATE)
    if near(got[::-1], exact) and h != w:
        raise Incorrect("(높이, 너비) 순서가 바뀌었습니다. NumPy 배열의 모양 `crop.shape` 는 (행 수, 열 수) = (높이, 너비) 입니다.",
                        _SIZE_TEMPLATE)
    short_side = min(h, w)
    if near(got, (h * 20 / short_side, w * 20 / short_side)) and h != w:
        raise Incorrect("짧은 쪽을 20 에 맞췄습니다. 그러면 긴 쪽이 상자 밖으로 나갑니다: 긴 쪽을 20 에 맞추세요.", _SIZE_TEMPLATE)
    if near(got, (h * 28 / long_side, w * 28 / long_side)):
        raise Incorrect("28 에 맞췄습니다. 숫자는 20×20 상자에 맞추고, 28×28 틀의 둘레에는 여백을 남깁니다.", _SIZE_TEMPLATE)
    raise Incorrect("20×20 상자에 비율을 지키며 맞춘 크기가 아닙니다. 긴 쪽을 20 으로 줄이는 배율을 두 변에 똑같이 곱하세요.",
                    _SIZE_TEMPLATE)


q2 = Exercise(
    title="잘라 낸 숫자를 20×20 상자에 비율을 지켜 맞춘 크기 (높이, 너비)",
    answers={"box_size": "(round(crop.shape[0] * 20 / max(crop.shape)), round(crop.shape[1] * 20 / max(crop.shape)))"},
    args={"crop": computed(_crop)},
    checker=_check_box_size,
    hints=[
        "배율 하나를 구해 높이와 너비에 똑같이 곱합니다. 긴 쪽이 정확히 20 이 되는 배율입니다.",
        "`crop.shape` 는 (높이, 너비) 입니다. 픽셀 수는 정수이므로 반올림하세요.",
    ],
    explanation=("MNIST 의 숫자는 이렇게 긴 쪽이 20 픽셀입니다. 가는 숫자 1 은 폭이 몇 픽셀뿐이고, "
                 "넓은 숫자 0 은 거의 20×20 을 채웁니다. 비율을 무시하고 늘리면 1 이 굵은 막대가 되어 모델이 헷갈립니다."),
)


# --- 문제 3. 무게 중심 --------------------------------------------------------------------------------

_CENTER_TEMPLATE = """r, c = np.indices(digit.shape)  # 픽셀마다 행 번호, 열 번호
center = ((r * ____).sum() / digit.sum(), (c * digit).sum() / ____)  # (행, 열)"""


def _check_center(center, digit):
    image = _image(digit, "digit").astype(np.float64)
    if image.sum() <= 0:
        raise Incorrect("check 에 함께 넘긴 `digit` 에 잉크가 없습니다. 4절의 `digit` 을 넘기세요.")
    if isinstance(center, (str, bytes)) or not hasattr(center, "__len__"):
        raise Incorrect(f"`center` 는 (행, 열) 두 수의 튜플입니다(받은 것: {shown(center)}).", _CENTER_TEMPLATE)
    values = as_array(center, "`center`").ravel()
    if len(values) != 2:
        raise Incorrect(f"수가 {len(values)}개입니다. (행, 열) 두 개를 적으세요.", _CENTER_TEMPLATE)
    cy, cx = (float(as_number(v.item(), "`center` 의 수")) for v in values)
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
    if near((cy, cx), (rows.mean(), cols.mean())) or near((cx, cy), (rows.mean(), cols.mean())):
        raise Incorrect("잉크가 있는 픽셀 자리의 그냥 평균입니다. 무게 중심은 밝기를 무게로 곱해 평균합니다: 진한 픽셀일수록 더 끌어당깁니다.",
                        _CENTER_TEMPLATE)
    box = ((rows.min() + rows.max()) / 2, (cols.min() + cols.max()) / 2)
    if near((cy, cx), box) or near((cx, cy), box):
        raise Incorrect("잉크를 감싸는 사각형의 가운데입니다. 무게 중심은 잉크가 많이 몰린 쪽으로 치우칩니다(예: 7 은 윗부분 쪽).",
                        _CENTER_TEMPLATE)
    if near((cy, cx), (13.5, 13.5), 0.01) or near((cy, cx), (14, 14), 0.01):
        raise Incorrect("이미지 틀의 한가운데입니다. 무게 중심은 틀이 아니라 잉크의 밝기로 정해집니다.", _CENTER_TEMPLATE)
    raise Incorrect("무게 중심이 아닙니다. 행 번호와 열 번호를 밝기로 가중 평균하세요: Σ(번호 × 밝기) / Σ 밝기.", _CENTER_TEMPLATE)


q3 = Exercise(
    title="28×28 숫자의 무게 중심 (행, 열)",
    answers={"center": """r, c = np.indices(digit.shape)
center = ((r * digit).sum() / digit.sum(), (c * digit).sum() / digit.sum())"""},
    args={"digit": computed(_digit)},
    checker=_check_center,
    hints=[
        "무게 중심 = Σ(자리 × 무게) / Σ 무게. 여기서 무게는 픽셀의 밝기입니다.",
        "`np.indices(digit.shape)` 는 픽셀마다 행 번호와 열 번호를 담은 두 배열을 돌려줍니다.",
    ],
    explanation=("MNIST 의 숫자는 이 점이 28×28 의 한가운데 (14, 14) 근처에 오도록 옮겨져 있습니다(훈련 세트 평균 14.0, 14.0). "
                 "`handwriting.to_mnist` 의 마지막 단계가 내 손글씨를 같은 자리로 옮깁니다."),
)
