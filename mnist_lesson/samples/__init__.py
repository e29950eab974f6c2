"""10 노트북의 예시 손글씨: 사람이 펜으로 쓰듯 선(stroke)을 이어 그린 숫자 이미지.

MNIST 에서 가져온 것이 아니다. 숫자마다 펜이 지나가는 길을 0~1 좌표의 꺾은선과 호(arc)로 적고,
기울기·크기·떨림을 난수로 조금씩 바꿔 Pillow 의 ``ImageDraw`` 로 4배 크게 그린 뒤 줄였다(부드러운 가장자리).
폴더의 PNG 파일들은 ``python -m mnist_lesson.samples`` 가 만든다(같은 시드면 같은 그림).

테스트는 같은 함수로 0~9 를 여러 모양으로 그려, MNIST 가 아닌 손글씨에서도 전처리가 통하는지 확인한다.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

SAMPLES_DIR = Path(__file__).resolve().parent


def _arc(cx, cy, rx, ry, start, end, n=28):
    """타원 호 위의 점들. 각도는 도(°), y 가 아래로 커지므로 270° 가 위쪽이다."""
    a = np.radians(np.linspace(start, end, n))
    return list(zip(cx + rx * np.cos(a), cy + ry * np.sin(a)))


# 숫자마다 펜이 지나가는 길(획 목록). 좌표는 (x, y), 상자 왼쪽 위가 (0, 0), 오른쪽 아래가 (1, 1).
DIGIT_STROKES = {
    0: [_arc(0.5, 0.5, 0.42, 0.47, -80, 285, 40)],
    1: [[(0.38, 0.18), (0.56, 0.03), (0.54, 0.97)]],
    2: [_arc(0.5, 0.3, 0.31, 0.26, 195, 385) + [(0.16, 0.96), (0.88, 0.95)]],
    3: [_arc(0.48, 0.27, 0.3, 0.23, 205, 450) + _arc(0.48, 0.72, 0.34, 0.25, 270, 520)],
    4: [[(0.3, 0.03), (0.16, 0.6), (0.86, 0.6)], [(0.68, 0.22), (0.66, 0.98)]],
    5: [[(0.82, 0.04), (0.3, 0.04), (0.24, 0.45)] + _arc(0.5, 0.69, 0.33, 0.28, 222, 505)],
    6: [[(0.72, 0.03), (0.52, 0.16), (0.36, 0.34), (0.26, 0.56)] + _arc(0.5, 0.72, 0.25, 0.24, 180, 545)],
    7: [[(0.14, 0.07), (0.86, 0.06), (0.62, 0.5), (0.46, 0.97)]],
    8: [_arc(0.5, 0.26, 0.3, 0.23, 90, 450), _arc(0.5, 0.73, 0.38, 0.25, -90, 270)],
    9: [_arc(0.5, 0.3, 0.28, 0.26, 0, 360), [(0.78, 0.3), (0.74, 0.97)]],
}


def draw_digit(digit, size=(280, 280), box=None, pen=18, ink=(0, 0, 0), paper=(255, 255, 255),
               slant=0.0, jitter=0.0, seed=0, mode="RGB"):
    """숫자 하나를 펜 선으로 그린 Pillow 이미지.

    Args:
        digit: 0~9.
        size: 이미지 크기 (너비, 높이).
        box: 숫자를 넣을 영역 (왼쪽, 위, 오른쪽, 아래) 픽셀. 기본은 가운데 70% 높이.
        pen: 펜 굵기(픽셀).
        ink, paper: 잉크와 종이 색(RGB). ``mode="RGBA"`` 면 종이는 투명하다.
        slant: 기울기(전단 변형, 오른쪽으로 기울면 양수).
        jitter: 손 떨림(상자 크기에 대한 비율).
        seed: 떨림의 난수 시드.
        mode: "RGB" 또는 "RGBA".

    Returns:
        PIL.Image.Image.
    """
    from PIL import Image, ImageDraw

    from mnist_lesson.arguments import digit as check_digit

    digit = check_digit(digit, "digit")
    s = 4  # 4배 크게 그린 뒤 줄여서 가장자리를 부드럽게
    w, h = size
    if box is None:
        bh = 0.7 * h
        box = (w / 2 - 0.3 * bh, 0.15 * h, w / 2 + 0.3 * bh, 0.85 * h)
    x0, y0, x1, y1 = box
    rng = np.random.default_rng(seed)
    if mode == "RGBA":
        big = Image.new("RGBA", (w * s, h * s), tuple(paper) + (0,))
        color = tuple(ink) + (255,)
    else:
        big = Image.new("RGB", (w * s, h * s), tuple(paper))
        color = tuple(ink)
    draw = ImageDraw.Draw(big)
    r = pen * s / 2
    for stroke in DIGIT_STROKES[digit]:
        pts = np.asarray(stroke, dtype=float)
        pts = pts + rng.normal(0, jitter, pts.shape) if jitter else pts
        px = x0 + (pts[:, 0] + slant * (0.5 - pts[:, 1])) * (x1 - x0)
        py = y0 + pts[:, 1] * (y1 - y0)
        xy = [(float(a * s), float(b * s)) for a, b in zip(px, py)]
        draw.line(xy, fill=color, width=int(round(pen * s)), joint="curve")
        for cx, cy in (xy[0], xy[-1]):  # 둥근 펜 끝
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=color)
    return big.resize((w, h), Image.Resampling.LANCZOS)


def _photo_like(image, seed=0):
    """종이를 휴대폰으로 찍은 것처럼: 고르지 않은 조명, 따뜻한 색, 살짝 흐림, 잡음."""
    from PIL import Image, ImageFilter

    rng = np.random.default_rng(seed)
    arr = np.asarray(image.filter(ImageFilter.GaussianBlur(1.2)), dtype=np.float64) / 255
    h, w = arr.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w]
    light = 0.95 - 0.35 * (xx / w) * (yy / h) - 0.12 * (((xx - w / 2) / w) ** 2 + ((yy - h / 2) / h) ** 2)
    arr = arr * light[..., None] * np.array([1.0, 0.96, 0.88])
    arr = arr + rng.normal(0, 0.03, arr.shape[:2])[..., None]  # 밝기 잡음
    return Image.fromarray(np.clip(arr * 255, 0, 255).astype(np.uint8))


# 노트북이 보여 주는 예시: (파일 이름, 정답, 설명)
SAMPLES = [
    ("3_offcentre.png", 3, "흰 종이에 가는 펜, 오른쪽 아래로 치우침"),
    ("7_small_corner.png", 7, "큰 종이의 왼쪽 위 구석에 작게"),
    ("5_photo.png", 5, "사진처럼: 고르지 않은 조명, 잡음, 연필 색"),
    ("2_transparent.png", 2, "투명 배경(RGBA)의 그림판 그림"),
    ("8_palette.png", 8, "팔레트(P) 이미지, 굵은 마커"),
    ("0_16bit.png", 0, "16비트 흑백(I;16) 스캔"),
    ("4_border.png", 4, "아래쪽이 이미지 가장자리에 닿은 숫자"),
]


def sample_paths():
    """예시 이미지 ``[(경로, 정답, 설명), ...]``."""
    return [(SAMPLES_DIR / name, label, note) for name, label, note in SAMPLES]


def make_samples(out_dir=SAMPLES_DIR):
    """예시 PNG 를 모두 다시 만든다(``python -m mnist_lesson.samples``)."""
    from PIL import Image

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paper = (246, 244, 238)
    draw_digit(3, (320, 240), box=(180, 90, 265, 215), pen=4, ink=(25, 35, 110), paper=paper,
               slant=0.15, jitter=0.012, seed=3).save(out / "3_offcentre.png")
    draw_digit(7, (400, 300), box=(30, 25, 75, 90), pen=5, ink=(20, 20, 20), paper=paper,
               slant=0.1, jitter=0.01, seed=7).save(out / "7_small_corner.png")
    photo = draw_digit(5, (240, 200), box=(70, 25, 160, 170), pen=5, ink=(70, 70, 75), paper=(235, 232, 225),
                       slant=0.12, jitter=0.012, seed=5)
    _photo_like(photo, seed=5).save(out / "5_photo.png")
    draw_digit(2, (256, 256), box=(60, 40, 200, 220), pen=14, ink=(10, 10, 10), paper=(255, 255, 255),
               slant=0.05, jitter=0.01, seed=2, mode="RGBA").save(out / "2_transparent.png")
    marker = draw_digit(8, (200, 240), box=(40, 25, 160, 215), pen=24, ink=(200, 20, 30), paper=(255, 255, 255),
                        slant=-0.05, jitter=0.008, seed=8)
    marker.quantize(colors=4).save(out / "8_palette.png")
    scan = np.asarray(draw_digit(0, (180, 200), pen=10, slant=0.1, jitter=0.01, seed=10).convert("L"),
                      dtype=np.uint16)
    Image.fromarray((scan * 257 // 2 + 20000).astype(np.uint16)).save(out / "0_16bit.png")
    draw_digit(4, (200, 200), box=(50, 40, 160, 214), pen=12, ink=(0, 0, 0), paper=(250, 250, 250),
               slant=0.05, jitter=0.01, seed=4).save(out / "4_border.png")
    return sorted(out.glob("*.png"))
