"""내 손글씨를 MNIST 처럼: 이미지 파일을 안전하게 읽고, MNIST 를 만든 방식 그대로 28×28 로 바꾼다.

MNIST 는 이렇게 만들어졌다(LeCun·Cortes·Burges): 흑백 숫자 이미지에서 잉크가 있는 부분만 잘라
가로세로 비율을 지키며 20×20 상자에 맞추고(가장자리는 부드러운 회색이 된다), 28×28 의 한가운데에
잉크의 무게 중심(center of mass)이 오도록 놓았다. 배경은 0(검정), 잉크는 255(흰색)에 가깝다.

종이에 쓴 숫자의 사진은 그렇지 않다: 배경이 밝고, 조명이 고르지 않고, 잡음이 있고, 숫자가 한쪽에 치우쳐
있고, 펜 선이 MNIST 보다 훨씬 가늘다. ``to_mnist`` 는 다음 단계를 거치고 단계마다 이미지를 남긴다.

1. 흑백(grayscale): ``load_image`` 가 색, 투명도, 16비트, 팔레트, 사진의 회전 정보를 정리한다.
2. 반전(invert): 배경이 밝으면(가장자리가 밝으면) 뒤집어 배경 0, 잉크 255 로 만든다.
3. 배경 빼기: 고르지 않은 조명을 빼고 잡음을 지운 뒤 잉크를 0~1 로 늘린다.
4. 자르기(crop): 잉크를 감싸는 가장 작은 사각형만 남긴다.
5. 굵기 맞추기: 선이 MNIST 보다 많이 가늘면 굵게 한다(MNIST 에는 없던 단계, ``thicken=False`` 로 끈다).
6. 20×20 상자에 맞추기: 긴 쪽을 20 픽셀로, 비율은 그대로.
7. 28×28 가운데 놓기: 무게 중심이 (14, 14) 에 오도록. MNIST 훈련 세트의 평균 무게 중심이 (14.0, 14.0) 이다.

숫자가 이미지 가장자리에 닿아 있으면(잘렸을 수 있음) 계속 처리하되 ``warnings`` 에 알림을 남긴다.
"""

from __future__ import annotations

import base64
import io
import warnings as _warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from mnist_lesson.errors import LessonInputError, LessonWarning
from mnist_lesson.images import as_batch, to_unit
from mnist_lesson.models import check_model

MAX_FILE_BYTES = 50 * 1024 * 1024  # 파일 크기 상한: 50 MB
MAX_PIXELS = 50_000_000  # 디코딩 전에 거부하는 픽셀 수(5천만, 휴대폰 사진은 보통 1,200만~5,000만)
MIN_SIDE = 8  # 이보다 작은 이미지는 숫자를 알아볼 수 없다
WORK_SIZE = 1000  # 큰 사진은 긴 쪽이 이 크기가 되도록 줄인 뒤 처리한다
BOX = 20  # MNIST: 숫자를 20×20 상자에 맞춘다
FRAME = 28  # MNIST: 28×28 에 놓는다
CENTER = (14.0, 14.0)  # MNIST 훈련 세트의 평균 무게 중심(행, 열)
STROKE_RATIO = 0.143  # MNIST 의 펜 굵기 중앙값: 20 상자 긴 쪽의 약 14% (2.9 픽셀)
MIN_CONTRAST = 40  # 잉크와 배경의 밝기 차이가 이보다 작으면(0~255) 잉크가 없다고 본다
_MID = 4 * BOX  # 굵기 맞추기는 80 픽셀 크기에서 한다


class ImageInputError(LessonInputError):
    """이미지를 읽을 수 없거나(없는 파일, 이미지가 아닌 파일, 손상, 너무 큼) 숫자로 쓸 수 없을 때."""


class BlankImageError(ImageInputError):
    """이미지나 캔버스에 잉크(숫자)가 없을 때: 빈 종이, 빈 캔버스, 한 가지 색뿐인 그림."""


@dataclass
class MnistDigit:
    """``to_mnist`` 의 결과: 모델에 넣을 28×28 이미지와, 거기까지 거친 단계별 이미지."""

    image: np.ndarray  # (28, 28) uint8, 배경 0, 잉크 255 (MNIST 와 같은 형식)
    steps: dict[str, np.ndarray]  # 단계 이름 → 그 단계의 이미지(uint8)
    inverted: bool  # 밝은 배경이라 뒤집었는지
    thickened: bool  # 가는 선을 굵게 했는지
    touches_border: bool  # 잉크가 원본 이미지의 가장자리에 닿았는지
    warnings: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        notes = "".join(f"\n  ※ {w}" for w in self.warnings)
        return (
            f"MnistDigit(28×28, 단계 {len(self.steps)}개: {' → '.join(self.steps)}; "
            f"반전 {'함' if self.inverted else '안 함'}, 굵기 맞추기 {'함' if self.thickened else '안 함'}){notes}"
        )


# ----------------------------------------------------------------------------------------------
# 1. 이미지 읽기: 무엇이 들어와도 커널을 멈추지 않고, 못 쓰는 입력은 한국어 오류로 알린다.
# ----------------------------------------------------------------------------------------------


def _open_source(source):
    """경로·바이트·파일 객체를 Pillow 이미지로 연다(아직 픽셀을 풀지 않는다)."""
    from PIL import Image, UnidentifiedImageError

    name = "입력"
    if isinstance(source, (str, Path)):
        path = Path(source).expanduser()
        name = f"파일 {path}"
        if not path.exists():
            raise ImageInputError(f"파일이 없습니다: {path}. 경로와 파일 이름(확장자 포함)을 확인하세요.")
        if path.is_dir():
            raise ImageInputError(f"파일이 아니라 폴더입니다: {path}. 이미지 파일 하나의 경로를 주세요(예: 'my_digit.png').")
        size = path.stat().st_size
        fp = path
    elif isinstance(source, (bytes, bytearray, memoryview)):
        size = len(source)
        fp = io.BytesIO(bytes(source))
        name = "받은 바이트 데이터"
    elif hasattr(source, "read"):
        name = f"파일 {getattr(source, 'name', '객체')}"
        raw = source.read(MAX_FILE_BYTES + 1)
        size = len(raw)
        fp = io.BytesIO(raw)
    else:
        raise ImageInputError(
            f"이미지로 읽을 수 없는 값입니다(받은 것: {type(source).__name__}). "
            "파일 경로, 바이트, 열린 파일, Pillow 이미지 또는 NumPy 배열을 주세요."
        )
    if size == 0:
        raise ImageInputError(f"{name} 의 내용이 비어 있습니다(0 바이트). 이미지를 다시 저장하거나 다시 찍으세요.")
    if size > MAX_FILE_BYTES:
        raise ImageInputError(
            f"{name} 의 크기가 너무 큽니다({size / 2**20:.0f} MB 이상, 한도 {MAX_FILE_BYTES // 2**20} MB). "
            "숫자 하나에는 작은 사진이면 충분합니다: 크기를 줄이거나 숫자 부분만 잘라서 저장하세요."
        )
    try:
        with _warnings.catch_warnings():
            _warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # 한도는 아래에서 직접 검사한다
            return Image.open(fp), name
    except Image.DecompressionBombError:
        raise ImageInputError(_too_big_message(name, None)) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise ImageInputError(
            f"{name} 의 내용이 이미지 파일이 아니거나 읽을 수 없는 형식입니다. "
            "PNG, JPEG, BMP, GIF, WebP 같은 이미지 파일을 주세요. 확장자만 바꾼 파일은 읽을 수 없습니다."
        ) from None


def _too_big_message(name, dims) -> str:
    shown = f"{dims[0]:,}×{dims[1]:,} 픽셀" if dims else "픽셀 수가 너무 많음"
    return (
        f"{name} 의 크기({shown})가 한도 {MAX_PIXELS:,} 픽셀을 넘어 풀지 않았습니다. "
        "이런 이미지는 메모리를 다 써서 커널을 멈추게 할 수 있습니다(압축 폭탄 방지). "
        "숫자 부분만 잘라 내거나 크기를 줄여 저장하세요."
    )


def _to_gray(im):
    """Pillow 이미지(어떤 모드든)를 8비트 흑백('L') 이미지로. 투명한 곳은 흰 종이로 본다."""
    from PIL import Image

    mode = im.mode
    if mode == "L":
        return im
    if mode in ("I;16", "I;16L", "I;16B", "I;16N", "I", "F"):
        # 16비트·32비트·실수 흑백: Pillow 의 convert('L') 은 255 를 넘는 값을 잘라 버리므로 직접 비율을 맞춘다.
        arr = np.asarray(im, dtype=np.float64)
        top = float(arr.max()) if arr.size else 0.0
        if mode.startswith("I;16") or 255 < top <= 65535:
            arr = arr / 65535 * 255
        elif mode == "F" and top <= 1.0:
            arr = arr * 255
        elif top > 65535:
            arr = arr / top * 255
        return Image.fromarray(np.clip(np.rint(arr), 0, 255).astype(np.uint8))
    # 알파 채널, 알파가 있는 팔레트, 투명색(info 의 'transparency') 모두
    if im.has_transparency_data:
        rgba = im.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        gray = Image.alpha_composite(paper, rgba).convert("L")
        alpha = np.asarray(rgba.getchannel("A"))
        g = np.asarray(gray)
        if int(g.max()) - int(g.min()) < MIN_CONTRAST <= int(alpha.max()) - int(alpha.min()):
            # 흰 종이 위에서는 보이지 않는 잉크(예: 투명 배경에 흰 선): 불투명도 자체를 잉크로 쓴다.
            gray = Image.fromarray((255 - alpha).astype(np.uint8))
        return gray
    try:
        return im.convert("RGB").convert("L") if mode not in ("1", "P", "RGB") else im.convert("L")
    except (ValueError, OSError):
        raise ImageInputError(
            f"이미지의 색 형식(mode '{mode}')을 흑백으로 바꿀 수 없습니다. "
            "그림판 등에서 PNG(RGB 또는 흑백)로 다시 저장하세요."
        ) from None


def load_image(source):
    """이미지를 읽어 8비트 흑백 Pillow 이미지('L')로 돌려준다. 잘못된 입력은 한국어 오류로 알린다.

    처리하는 것:
      - 사진의 회전 정보(EXIF orientation): 휴대폰 사진이 옆으로 눕지 않도록 바로 세운다.
      - 투명도가 있는 이미지(RGBA, LA, 투명색이 있는 팔레트): 흰 종이 위에 올려놓은 모습으로 합친다.
        흰 종이 위에서 아무것도 안 보이면(투명 배경에 흰 선) 불투명도를 잉크로 쓴다.
      - 16비트 흑백(I;16), 32비트 정수(I), 실수(F): 값의 범위를 0~255 로 비율을 맞춘다(잘라 내지 않는다).
      - 팔레트(P), 흑백 1비트(1), CMYK 등: 흑백으로 바꾼다. 움직이는 GIF 는 첫 장면만 쓴다.
      - 큰 사진: 긴 쪽이 ``WORK_SIZE`` 가 되도록 줄인다. 한도(``MAX_PIXELS``)를 넘으면 풀기 전에 거부한다.

    Args:
        source: 파일 경로(str, Path), 바이트, 열린 파일, Pillow 이미지, 또는 NumPy 배열
            ((높이, 너비) 흑백 또는 (높이, 너비, 3|4) 컬러; 실수면 0~1 또는 0~255).

    Returns:
        PIL.Image.Image, 모드 'L'.

    Raises:
        ImageInputError: 파일이 없음, 이미지가 아님, 손상됨, 너무 크거나 작음, 지원하지 않는 형식.
    """
    from PIL import Image, ImageOps

    if isinstance(source, np.ndarray):
        im, name = _image_from_array(source), "배열"
    elif isinstance(source, Image.Image):
        im, name = source, "이미지"
    else:
        im, name = _open_source(source)
    width, height = im.size
    if width * height > MAX_PIXELS:
        raise ImageInputError(_too_big_message(name, (width, height)))
    if min(width, height) < MIN_SIDE:
        raise ImageInputError(
            f"{name} 의 크기가 너무 작습니다({width}×{height} 픽셀). 가로세로 {MIN_SIDE} 픽셀 이상이어야 숫자를 알아볼 수 있습니다."
        )
    try:
        if getattr(im, "n_frames", 1) > 1:
            im.seek(0)  # 움직이는 이미지는 첫 장면만
        if im.format == "JPEG":
            im.draft(im.mode, (WORK_SIZE, WORK_SIZE))  # 큰 JPEG 은 줄인 크기로 풀어 메모리와 시간을 아낀다
        im.load()
        im = ImageOps.exif_transpose(im)
        gray = _to_gray(im)
    except ImageInputError:
        raise
    except (OSError, ValueError, SyntaxError, EOFError):
        raise ImageInputError(
            f"{name} 의 내용을 끝까지 읽을 수 없습니다: 파일이 잘렸거나 손상되었습니다. "
            "원본에서 다시 저장하거나 다시 찍으세요."
        ) from None
    if max(gray.size) > WORK_SIZE:
        gray = gray.copy()
        gray.thumbnail((WORK_SIZE, WORK_SIZE), Image.Resampling.BOX)  # 면적 평균: 가는 선도 흐리게나마 남는다
    return gray


def _image_from_array(arr: np.ndarray):
    from PIL import Image

    if arr.ndim not in (2, 3) or (arr.ndim == 3 and arr.shape[2] not in (3, 4)) or arr.size == 0:
        raise ImageInputError(
            f"배열의 모양이 {arr.shape} 입니다. 흑백 (높이, 너비) 또는 컬러 (높이, 너비, 3|4) 배열을 주세요."
        )
    if arr.dtype == np.bool_:
        arr = arr.astype(np.uint8) * 255
    elif np.issubdtype(arr.dtype, np.floating):
        if not np.all(np.isfinite(arr)):
            raise ImageInputError("배열에 NaN 이나 무한대 값이 있습니다. 0~1 또는 0~255 의 유한한 값을 주세요.")
        scale = 255.0 if arr.max() <= 1.0 else 1.0
        arr = np.clip(np.rint(arr * scale), 0, 255).astype(np.uint8)
    elif arr.dtype != np.uint8:
        top = int(arr.max())
        arr = (arr.astype(np.float64) / (65535 if top > 255 else 255) * 255).clip(0, 255).astype(np.uint8)
    return Image.fromarray(np.ascontiguousarray(arr))


# ----------------------------------------------------------------------------------------------
# 2. MNIST 방식의 전처리
# ----------------------------------------------------------------------------------------------


def _otsu(values: np.ndarray) -> float:
    """오츠(Otsu) 문턱값: 밝기 분포를 두 무리(배경과 잉크)로 가장 잘 나누는 값(0~255)."""
    hist = np.bincount(np.clip(values, 0, 255).astype(np.uint8).ravel(), minlength=256).astype(np.float64)
    p = hist / hist.sum()
    omega = np.cumsum(p)
    mu = np.cumsum(p * np.arange(256))
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mu[-1] * omega - mu) ** 2 / (omega * (1 - omega))
    return float(np.argmax(np.nan_to_num(between)))


def _background(img: np.ndarray) -> np.ndarray:
    """고르지 않은 조명의 밝기(잉크가 밝은 이미지에서 배경의 높낮이)를 어림한다.

    이미지를 10×10 칸 정도로 나눠 칸마다 어두운 쪽 20% 값을 배경으로 보고, 이웃 3×3 칸의 최솟값을 취해
    굵은 선 속의 칸도 배경 값을 갖게 한 뒤, 부드럽게 원래 크기로 늘린다.
    """
    from PIL import Image

    h, w = img.shape
    block = max(4, int(np.ceil(max(h, w) / 10)))
    gh, gw = -(-h // block), -(-w // block)
    padded = np.pad(img, ((0, gh * block - h), (0, gw * block - w)), mode="edge")
    blocks = padded.reshape(gh, block, gw, block).transpose(0, 2, 1, 3).reshape(gh, gw, -1)
    grid = np.percentile(blocks, 20, axis=2)
    g = np.pad(grid, 1, mode="edge")
    grid = np.min([g[i:i + gh, j:j + gw] for i in range(3) for j in range(3)], axis=0)
    small = Image.fromarray(grid.astype(np.float32))
    return np.asarray(small.resize((w, h), Image.Resampling.BILINEAR), dtype=np.float32)


def _stroke_width(mask: np.ndarray) -> float:
    """선 굵기 어림값(픽셀): 잉크 넓이 × 2 / 테두리 픽셀 수 (길이 L, 굵기 w 인 선은 wL×2 / 2L = w)."""
    p = np.pad(mask, 1)
    inner = mask & p[:-2, 1:-1] & p[2:, 1:-1] & p[1:-1, :-2] & p[1:-1, 2:]
    boundary = int(mask.sum() - inner.sum())
    return 2.0 * float(mask.sum()) / max(boundary, 1)


def _resize(img: np.ndarray, width: int, height: int) -> np.ndarray:
    """실수 이미지(0~1)의 크기를 바꾼다. 줄일 때는 부드럽게(안티에일리어싱), 값은 0~1 로 자른다."""
    from PIL import Image

    out = Image.fromarray(img.astype(np.float32)).resize((width, height), Image.Resampling.LANCZOS)
    return np.clip(np.asarray(out, dtype=np.float32), 0.0, 1.0)


def _thicken(crop: np.ndarray, width_px: float) -> tuple[np.ndarray, bool]:
    """선이 MNIST 보다 많이 가늘면 긴 쪽 80 픽셀 크기에서 원판(disk) 모양으로 굵게 한다."""
    long_side = max(crop.shape)
    target = STROKE_RATIO * _MID
    if width_px * _MID / long_side >= 0.55 * target:
        return crop, False
    # 최댓값으로 줄이면(max pooling) 가는 선이 흐려지지 않고 1 픽셀 이상으로 남는다.
    f = max(1, int(np.ceil(long_side / _MID)))
    h, w = crop.shape
    padded = np.pad(crop, ((0, -h % f), (0, -w % f)))
    pooled = padded.reshape(padded.shape[0] // f, f, padded.shape[1] // f, f).max(axis=(1, 3))
    scale = _MID / max(pooled.shape)
    mid = _resize(pooled, max(1, round(pooled.shape[1] * scale)), max(1, round(pooled.shape[0] * scale)))
    mid = mid / max(float(mid.max()), 1e-6)
    r = max(1, round((target - _stroke_width(mid > 0.5)) / 2))
    p = np.pad(mid, 2 * r)
    out = p.copy()
    hh, ww = p.shape
    q = np.pad(p, r)
    for dy in range(-r, r + 1):
        for dx in range(-r, r + 1):
            if dy * dy + dx * dx <= r * r:
                np.maximum(out, q[r + dy:r + dy + hh, r + dx:r + dx + ww], out=out)
    rows, cols = np.nonzero(out > 0.02)
    return out[rows.min():rows.max() + 1, cols.min():cols.max() + 1], True


def _to_uint8(img: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(img * 255), 0, 255).astype(np.uint8)


def center_of_mass(img: np.ndarray) -> tuple[float, float]:
    """밝기를 무게로 본 무게 중심(행, 열). 잉크가 없으면 이미지의 한가운데."""
    img = np.asarray(img, dtype=np.float64)
    total = img.sum()
    if total <= 0:
        return ((img.shape[0] - 1) / 2, (img.shape[1] - 1) / 2)
    rows, cols = np.indices(img.shape)
    return float((rows * img).sum() / total), float((cols * img).sum() / total)


def to_mnist(source, thicken: bool = True) -> MnistDigit:
    """이미지를 MNIST 와 같은 28×28 uint8 숫자 이미지로 바꾸고, 단계별 이미지를 함께 돌려준다.

    Args:
        source: ``load_image`` 가 받는 모든 것(경로, 바이트, 파일, Pillow 이미지, NumPy 배열).
        thicken: 선이 MNIST 보다 많이 가늘면 굵게 할지(사진의 볼펜 글씨에 필요하다).

    Returns:
        MnistDigit: ``image`` (28, 28) uint8 (배경 0, 잉크 255), ``steps`` 단계별 이미지, 처리 정보와 알림.

    Raises:
        ImageInputError: ``load_image`` 와 같다.
        BlankImageError: 잉크(숫자)가 없을 때.
    """
    gray_u8 = np.array(load_image(source))  # 사본: 단계 이미지는 고쳐 쓸 수 있는 배열로 남긴다
    gray = gray_u8.astype(np.float32)
    steps = {"흑백": gray_u8}

    # 2. 반전: 가장자리(대부분 배경)가 가장 밝은 값 쪽에 가까우면 밝은 배경이다.
    h, w = gray.shape
    ring = np.concatenate([gray[0], gray[-1], gray[:, 0], gray[:, -1]])
    inverted = bool(np.median(ring) > (float(gray.min()) + float(gray.max())) / 2)
    ink = 255 - gray if inverted else gray
    steps["반전"] = 255 - gray_u8 if inverted else gray_u8.copy()  # 두 단계가 한 배열을 나눠 쓰지 않게

    # 3. 배경 빼기: 조명의 높낮이를 빼고, 잡음 수준(오츠 문턱값의 절반) 아래는 0, 잉크는 1 근처로 늘린다.
    clean = np.clip(ink - _background(ink), 0, None)
    t = _otsu(clean)
    above = clean > t
    if not above.any() or clean[above].mean() - clean[~above].mean() < MIN_CONTRAST:
        raise BlankImageError(
            "이미지에서 숫자(잉크)를 찾을 수 없습니다: 빈 종이나 빈 캔버스, 또는 한 가지 색뿐인 그림입니다. "
            "숫자를 진하게 쓰고(또는 그리고) 다시 해 보세요. 사진이라면 밝은 곳에서 숫자가 가운데 크게 나오게 찍으세요."
        )
    high = float(np.percentile(clean[above], 90))
    low = t / 2
    clean = np.clip((clean - low) / max(high - low, 1.0), 0.0, 1.0)
    steps["배경 빼기"] = _to_uint8(clean)

    # 4. 자르기: 잉크(흐린 가장자리 포함)를 감싸는 가장 작은 사각형. 큰 이미지에서는 점 같은 잡티가 사각형을
    #    넓히지 않도록, 3×3 중앙값 필터를 견딘 확실한 잉크 근처(2 픽셀 안)의 잉크만 본다.
    mask = clean > 0
    if min(h, w) >= 64:
        from PIL import Image, ImageFilter

        sure = Image.fromarray(_to_uint8(above)).filter(ImageFilter.MedianFilter(3))
        near = np.asarray(sure.filter(ImageFilter.MaxFilter(5))) > 127
        mask = mask & near if (mask & near).any() else mask
    rows, cols = np.nonzero(mask)
    top, bottom, left, right = rows.min(), rows.max() + 1, cols.min(), cols.max() + 1
    touches_border = top == 0 or left == 0 or bottom == h or right == w
    crop = clean[top:bottom, left:right]
    steps["자르기"] = _to_uint8(crop)

    # 5. 굵기 맞추기(선택)
    thickened = False
    if thicken:
        crop, thickened = _thicken(crop, _stroke_width(above[top:bottom, left:right]))
        if thickened:
            steps["굵기 맞추기"] = _to_uint8(crop)

    # 6. 20×20 상자에 맞추기: 긴 쪽을 20 으로, 짧은 쪽은 비율대로(최소 1 픽셀).
    ch, cw = crop.shape
    scale = BOX / max(ch, cw)
    box = _resize(crop, max(1, round(cw * scale)), max(1, round(ch * scale)))
    box = box / max(float(box.max()), 1e-6)
    steps["20×20 상자"] = _to_uint8(box)  # 상자에 맞춘 크기: 긴 쪽이 20, 짧은 쪽은 비율대로(예: 16×20)

    # 7. 28×28 에 놓기: 무게 중심이 (14, 14) 에 오도록 옮긴다(틀 밖으로 나가지 않게).
    cy, cx = center_of_mass(box)
    bh, bw = box.shape
    oy = int(np.clip(round(CENTER[0] - cy), 0, FRAME - bh))
    ox = int(np.clip(round(CENTER[1] - cx), 0, FRAME - bw))
    frame = np.zeros((FRAME, FRAME), dtype=np.float32)
    frame[oy:oy + bh, ox:ox + bw] = box
    image = _to_uint8(frame)
    steps["28×28"] = image

    notes = []
    if touches_border:
        notes.append(
            "숫자가 이미지 가장자리에 닿아 있습니다: 일부가 잘렸을 수 있습니다. "
            "잘리지 않았다면 괜찮고, 잘렸다면 숫자 둘레에 여백을 두고 다시 찍거나 그리세요."
        )
    return MnistDigit(image, steps, inverted, thickened, bool(touches_border), notes)


# ----------------------------------------------------------------------------------------------
# 3. 모델에 넣기와 예측 (그림은 plots.handwriting_steps, plots.handwriting_predictions)
# ----------------------------------------------------------------------------------------------


def _unwrap(digits):
    """MnistDigit(들)을 그 28×28 이미지(들)로. 다른 것은 그대로 둔다(검사는 images.as_batch)."""
    if isinstance(digits, MnistDigit):
        return digits.image
    if isinstance(digits, (list, tuple)):
        return [d.image if isinstance(d, MnistDigit) else d for d in digits]
    return digits


def model_input(images, model) -> np.ndarray:
    """이미지(한 장 또는 묶음, MnistDigit 도)를 모델의 입력 모양에 맞춘 float32(0~1) 배열로.

    이미지는 ``images.as_batch`` 가 받는 모든 것(uint8 0~255 또는 이미 정규화한 실수 0~1)을 받는다.
    다층 퍼셉트론(입력 784)과 합성곱 신경망(입력 28×28×1 또는 28×28) 모두 받는다.

    Raises:
        LessonInputError: 모델이 없거나(None), 경로이거나, 입력이 28×28 이미지에 맞지 않을 때.
    """
    shape = check_model(model, call="handwriting.model_input(images, model)")
    if None in shape or int(np.prod(shape)) != FRAME * FRAME:
        raise LessonInputError(
            f"모델의 입력 모양 {shape} 설정은 MNIST 28×28 이미지에 맞지 않습니다. "
            "입력이 (784,), (28, 28) 또는 (28, 28, 1) 인 모델을 주세요."
        )
    batch = as_batch(_unwrap(images), "images")
    return to_unit(batch).reshape((len(batch),) + shape)


def _probabilities(scores: np.ndarray) -> np.ndarray:
    """모델 출력이 확률이면 그대로, 로짓(softmax 전의 점수)이면 softmax 를 적용하고 그렇다고 알린다."""
    if scores.ndim != 2 or scores.shape[1] != 10:
        raise LessonInputError(
            f"모델의 출력 모양이 {scores.shape} 입니다. 출력 모양이 (샘플 수, 10) 인 모델, 곧 숫자 10개의 확률을 내는 모델이 "
            "필요합니다(출력층 Dense(10, activation=\"softmax\"))."
        )
    if np.all(scores >= 0) and np.allclose(scores.sum(axis=1), 1.0, atol=1e-3):
        return scores
    _warnings.warn(
        "모델의 출력이 확률이 아닙니다(음수가 있거나 합이 1이 아님): 출력층에 softmax 가 없는 모델(로짓을 내는 모델)로 "
        "보고 softmax 를 적용한 확률을 돌려줍니다. 출력층을 Dense(10, activation=\"softmax\") 처럼 만들면 이 알림이 "
        "나오지 않습니다.",
        LessonWarning,
        stacklevel=3,
    )
    exp = np.exp(scores - scores.max(axis=1, keepdims=True))  # softmax (가장 큰 값을 빼도 결과는 같고 넘치지 않는다)
    return exp / exp.sum(axis=1, keepdims=True)


def predict(model, digits) -> np.ndarray:
    """MnistDigit(들)이나 28×28 이미지(들)의 숫자별 확률 (n, 10) 을 구한다.

    출력층에 softmax 가 없는 모델(로짓)이면 softmax 를 적용하고 ``LessonWarning`` 으로 알린다.

    Raises:
        LessonInputError: ``model_input`` 과 같고, 모델의 출력이 숫자 10개가 아닐 때도.
    """
    check_model(model, call="handwriting.predict(model, digits)")  # 인자를 바꿔 넘겼으면 이 함수의 순서로 알린다
    x = model_input(digits, model)
    return _probabilities(np.asarray(model(x, training=False), dtype=np.float64))


def to_png_bytes(image) -> bytes:
    """Pillow 이미지나 NumPy 배열을 PNG 바이트로(``to_data_url`` 이 캔버스의 미리보기와 10 노트북에 쓰고, 테스트도 쓴다)."""
    from PIL import Image

    if isinstance(image, np.ndarray):
        image = _image_from_array(image)
    if not isinstance(image, Image.Image):
        raise LessonInputError(f"Pillow 이미지나 NumPy 배열이 필요합니다(받은 것: {type(image).__name__}).")
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def to_data_url(image) -> str:
    """이미지를 브라우저가 바로 보여 주는 ``data:image/png;base64,...`` 문자열로."""
    return "data:image/png;base64," + base64.b64encode(to_png_bytes(image)).decode("ascii")
