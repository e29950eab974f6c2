"""내 손글씨: MNIST 방식 전처리를 기준(MNIST 숫자 자체)과 비교하고, 잘못된 입력마다 정해진 처리를 확인한다.

- 기준 비교: MNIST 테스트 숫자를 키우고, 옮기고, 여백을 두고, 색을 뒤집어도 전처리하면 원래 28×28 과 가깝고
  모델의 예측도 그대로다. 틀 안에서 숫자를 옮겨도 결과는 (거의) 같다.
- MNIST 가 아닌 손글씨(펜 선으로 그린 예시)도 읽는다.
- 저장 → 불러오기(safe_mode) 왕복은 같은 예측을 낸다.
- 캔버스 도우미: 데이터 URL 해석, 빈 캔버스, 위젯의 예측 갱신, 위젯을 쓸 수 없는 곳.
"""

import io
import re
import struct
import subprocess
import sys
import time
import zlib

import numpy as np
import pytest
from PIL import Image

from mnist_lesson import artifacts, canvas, handwriting as hw, samples
from mnist_lesson.errors import LessonInputError

from conftest import handwriting_mlp


def _place(img, scale=3, offset=(37, 61), size=(200, 260), invert=True):
    """MNIST 숫자를 scale 배로 키워 size 크기 종이의 offset 자리에 놓는다(invert 면 흰 종이에 검은 잉크)."""
    big = np.asarray(Image.fromarray(img).resize((28 * scale, 28 * scale), Image.Resampling.BILINEAR))
    paper = np.zeros(size, np.uint8)
    paper[offset[0]:offset[0] + 28 * scale, offset[1]:offset[1] + 28 * scale] = big
    return 255 - paper if invert else paper


def _best_shift_corr(a, b):
    """한 픽셀 이내로 옮겨 본 것 중 가장 높은 상관계수. MNIST 도 무게 중심을 정수 픽셀로 맞췄으므로 1 픽셀은 봐준다."""
    a = a.astype(float).ravel()
    return max(
        np.corrcoef(a, np.roll(b, (dy, dx), (0, 1)).astype(float).ravel())[0, 1]
        for dy in (-1, 0, 1) for dx in (-1, 0, 1)
    )


# 이 fixture 를 쓰는 테스트를 한 작업자에 모아(pytest-xdist 의 --dist loadgroup) 작은 모델을 작업자마다 되풀이해 학습하지 않는다.
uses_model = pytest.mark.xdist_group("handwriting-model")


@pytest.fixture(scope="module")
def model(mnist):
    """작은 MLP(``conftest.handwriting_mlp``). 전처리가 예측을 지키는지 볼 때 쓴다."""
    return handwriting_mlp(mnist)


# --- 기준 비교: MNIST 숫자를 망가뜨렸다가 되돌리기 ---------------------------------------------------------


@pytest.mark.parametrize("kwargs", [
    dict(),                                                   # 3배, 흰 종이, 왼쪽 위에서 떨어진 곳
    dict(scale=2, offset=(5, 150), size=(100, 300)),          # 작게, 오른쪽 위로 치우침
    dict(scale=6, offset=(0, 0), size=(180, 200), invert=False),  # 크게, 구석, 검은 배경(뒤집지 않음)
])
def test_scaled_shifted_padded_inverted_digit_comes_back(mnist, kwargs):
    _, (x_test, _) = mnist
    corrs = [_best_shift_corr(img, hw.to_mnist(_place(img, **kwargs)).image) for img in x_test[:100]]
    assert np.median(corrs) > 0.92, np.percentile(corrs, [0, 5, 50])
    assert min(corrs) > 0.75, np.percentile(corrs, [0, 5, 50])


def test_result_has_the_mnist_format(mnist):
    _, (x_test, _) = mnist
    digit = hw.to_mnist(_place(x_test[3]))
    assert digit.image.shape == (28, 28) and digit.image.dtype == np.uint8
    assert digit.image.max() == 255 and digit.image[0].max() == 0  # 잉크는 255, 가장자리는 비어 있다
    rows, cols = np.nonzero(digit.image)
    assert max(rows.max() - rows.min(), cols.max() - cols.min()) + 1 == 20  # 20×20 상자
    cy, cx = hw.center_of_mass(digit.image)
    assert abs(cy - 14) <= 0.5 and abs(cx - 14) <= 0.5  # 무게 중심이 가운데(정수 픽셀로 옮기므로 ±0.5)
    assert list(digit.steps) == ["흑백", "반전", "배경 빼기", "자르기", "20×20 상자", "28×28"]
    assert digit.inverted and not digit.thickened and not digit.touches_border and digit.warnings == []
    assert all(step.dtype == np.uint8 for step in digit.steps.values())


@uses_model
def test_prediction_is_kept(mnist, model):
    _, (x_test, _) = mnist
    before = hw.predict(model, list(x_test[:200])).argmax(axis=1)
    after = hw.predict(model, [hw.to_mnist(_place(img)) for img in x_test[:200]]).argmax(axis=1)
    assert (before == after).mean() >= 0.95


def test_shifting_inside_the_frame_does_not_change_the_output(mnist):
    _, (x_test, _) = mnist
    for img in x_test[:20]:
        outputs = [hw.to_mnist(_place(img, offset=offset)).image.astype(int)
                   for offset in ((0, 0), (37, 61), (100, 170), (116, 176))]
        for other in outputs[1:]:
            assert np.abs(other - outputs[0]).max() <= 3


def test_mnist_digit_itself_is_nearly_unchanged(mnist):
    _, (x_test, _) = mnist
    corrs = [_best_shift_corr(img, hw.to_mnist(img).image) for img in x_test[:100]]
    assert np.median(corrs) > 0.95


@uses_model
def test_uncentred_digit_is_misread_until_preprocessed(mnist, model):
    # 노트북 4절의 주장: 옮기고 줄인 숫자는 틀리기 쉽고, 전처리하면 다시 맞힌다.
    _, (x_test, y_test) = mnist
    tiny = []
    for img in x_test[:100]:
        small = np.asarray(Image.fromarray(img).resize((12, 12), Image.Resampling.LANCZOS))
        frame = np.zeros((28, 28), np.uint8)
        frame[1:13, 15:27] = small
        tiny.append(frame)
    raw_acc = (hw.predict(model, tiny).argmax(axis=1) == y_test[:100]).mean()
    fixed_acc = (hw.predict(model, [hw.to_mnist(t) for t in tiny]).argmax(axis=1) == y_test[:100]).mean()
    assert raw_acc < 0.5 and fixed_acc > 0.85, (raw_acc, fixed_acc)


# --- MNIST 가 아닌 손글씨 ----------------------------------------------------------------------------


@uses_model
def test_pen_drawn_digits_are_read(model):
    styles = [(0.0, 18, 280), (0.15, 8, 280), (-0.1, 4, 400), (0.2, 30, 280), (0.05, 12, 200)]
    hits = []
    for digit in range(10):
        for k, (slant, pen, size) in enumerate(styles):
            image = samples.draw_digit(digit, (size, size), pen=pen, slant=slant, jitter=0.01, seed=k)
            hits.append(hw.predict(model, hw.to_mnist(image)).argmax() == digit)
    assert np.mean(hits) >= 0.85, np.mean(hits)


@uses_model
def test_shipped_samples(model):
    found = samples.sample_paths()
    assert len(found) >= 5 and all(path.is_file() and path.stat().st_size < 150_000 for path, _, _ in found)
    digits = [hw.to_mnist(path) for path, _, _ in found]
    labels = np.array([label for _, label, _ in found])
    assert (hw.predict(model, digits).argmax(axis=1) == labels).sum() >= len(found) - 1
    modes = {Image.open(path).mode for path, _, _ in found}
    assert {"RGB", "RGBA", "P", "I;16"} <= modes  # 여러 형식을 보여 준다
    by_name = {path.name: d for (path, _, _), d in zip(found, digits)}
    assert by_name["4_border.png"].touches_border and by_name["4_border.png"].warnings
    assert by_name["3_offcentre.png"].thickened  # 가는 펜은 굵게 한다


def test_samples_can_be_regenerated(tmp_path):
    made = samples.make_samples(tmp_path)
    assert sorted(p.name for p in made) == sorted(name for name, _, _ in samples.SAMPLES)


# --- 잘못된 입력 ------------------------------------------------------------------------------------


def _png_header_claiming(width, height):
    """IHDR 만 큰 크기로 적은 작은 PNG: 풀면 수십 GB 가 되는 '압축 폭탄' 흉내."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 100)) + chunk(b"IEND", b"")


@pytest.mark.parametrize("make, fragment", [
    (lambda tmp: "한글 텍스트입니다".encode(), "이미지 파일이 아니"),
    (lambda tmp: tmp / "없는파일.png", "없습니다"),
    (lambda tmp: tmp, "폴더"),
    (lambda tmp: b"", "비어 있습니다"),
    (lambda tmp: hw.to_png_bytes(Image.new("L", (64, 64), 255))[:60], "잘렸거나"),
    (lambda tmp: _png_header_claiming(100_000, 100_000), "압축 폭탄"),
    (lambda tmp: Image.new("L", (4, 30), 255), "너무 작습니다"),
    (lambda tmp: np.zeros((5, 5, 2)), "모양"),
    (lambda tmp: np.full((30, 30), np.nan), "NaN"),
    (lambda tmp: 12345, "읽을 수 없는 값"),
])
def test_bad_input_gets_a_korean_error(tmp_path, make, fragment):
    with pytest.raises(hw.ImageInputError) as info:
        hw.to_mnist(make(tmp_path))
    assert fragment in str(info.value)
    assert isinstance(info.value, LessonInputError)


@pytest.mark.parametrize("make, fragment", [
    (lambda: "이것은 그림이 아닙니다".encode("utf-8"), "이미지 파일이 아니거나"),
    (lambda: hw.to_png_bytes(Image.new("L", (64, 64), 255))[:60], "잘렸거나"),
])
def test_image_errors_name_no_english_exception(make, fragment):
    """학생이 읽는 메시지에 영어 예외 이름(UnidentifiedImageError, OSError …)이나 영어 설명이 섞이지 않는다."""
    with pytest.raises(hw.ImageInputError, match=fragment) as info:
        hw.to_mnist(make())
    assert not re.search(r"[A-Za-z]*Error|[A-Za-z]{4,} [a-z]{3,}", str(info.value)), str(info.value)


def test_text_file_named_png_is_not_an_image(tmp_path):
    fake = tmp_path / "digit.png"
    fake.write_text("이것은 그림이 아닙니다", encoding="utf-8")
    with pytest.raises(hw.ImageInputError, match="확장자만 바꾼"):
        hw.load_image(fake)


def test_bomb_is_refused_before_decoding():
    start = time.perf_counter()
    with pytest.raises(hw.ImageInputError, match="한도"):
        hw.load_image(_png_header_claiming(20_000, 20_000))  # 4억 픽셀: Pillow 의 경고 한도 아래, 우리 한도 위
    assert time.perf_counter() - start < 1.0


def test_big_but_sane_photo_is_downscaled(tmp_path):
    photo = samples.draw_digit(6, (3000, 2000), pen=40, seed=6)
    path = tmp_path / "big.jpg"
    photo.save(path, quality=90)
    gray = hw.load_image(path)
    assert gray.mode == "L" and max(gray.size) <= hw.WORK_SIZE
    assert hw.to_mnist(path).image.max() == 255


@pytest.mark.parametrize("blank", [
    Image.new("L", (200, 200), 255),
    Image.new("L", (200, 200), 0),
    Image.new("RGB", (120, 90), (120, 200, 80)),
    Image.new("RGBA", (100, 100), (0, 0, 0, 0)),  # 완전히 투명
    Image.fromarray(np.clip(np.random.default_rng(0).normal(200, 6, (240, 320)), 0, 255).astype(np.uint8)),  # 잡음뿐
])
def test_blank_image_says_there_is_no_ink(blank):
    with pytest.raises(hw.BlankImageError, match="잉크"):
        hw.to_mnist(blank)


def _same_digit(a, b, tol=0.97):
    return _best_shift_corr(a.image, b.image) > tol


def test_rgba_is_composited_on_white_paper():
    opaque = samples.draw_digit(2, (200, 200), pen=14, seed=2)
    transparent = samples.draw_digit(2, (200, 200), pen=14, seed=2, mode="RGBA")
    assert transparent.getpixel((0, 0))[3] == 0
    assert _same_digit(hw.to_mnist(opaque), hw.to_mnist(transparent))


def test_white_ink_on_transparent_uses_the_alpha_channel():
    white_ink = samples.draw_digit(7, (200, 200), pen=14, ink=(255, 255, 255), seed=7, mode="RGBA")
    black_ink = samples.draw_digit(7, (200, 200), pen=14, seed=7)
    assert _same_digit(hw.to_mnist(white_ink), hw.to_mnist(black_ink))


def test_16bit_palette_and_bilevel_match_the_8bit_image():
    base = samples.draw_digit(5, (160, 160), pen=12, seed=5).convert("L")
    reference = hw.to_mnist(base)
    sixteen = Image.fromarray(np.asarray(base, dtype=np.uint16) * 257)
    assert sixteen.mode.startswith("I;16")
    assert np.asarray(hw.load_image(sixteen)).max() == 255  # Pillow 의 convert('L') 처럼 255 로 잘리지 않는다
    assert np.asarray(hw.load_image(sixteen)).min() < 50
    for variant in (sixteen, base.convert("P"), base.convert("1"), base.convert("RGB").convert("CMYK")):
        assert _same_digit(reference, hw.to_mnist(variant), tol=0.93), variant.mode


def test_palette_with_transparency():
    image = samples.draw_digit(3, (150, 150), pen=12, seed=3, mode="RGBA").quantize(colors=8)
    assert image.mode == "P"
    assert hw.to_mnist(image).image.max() == 255


def test_exif_orientation_is_applied(tmp_path):
    tall = samples.draw_digit(1, (120, 200), pen=12, seed=1)
    lying = tall.transpose(Image.Transpose.ROTATE_90)  # 카메라가 옆으로 누운 채 저장한 것
    exif = Image.Exif()
    exif[0x0112] = 6  # "보여 줄 때 시계 방향으로 90° 돌려라"
    path = tmp_path / "phone.jpg"
    lying.save(path, exif=exif.tobytes())
    assert hw.load_image(path).size == (120, 200)


def test_animated_gif_uses_the_first_frame(tmp_path):
    frames = [samples.draw_digit(d, (100, 100), pen=10, seed=d).convert("P") for d in (4, 8)]
    path = tmp_path / "anim.gif"
    frames[0].save(path, save_all=True, append_images=frames[1:])
    assert _same_digit(hw.to_mnist(path), hw.to_mnist(frames[0]), tol=0.9)


def test_digit_touching_the_border_is_processed_with_a_warning():
    cut = samples.draw_digit(7, (200, 200), box=(40, -30, 150, 170), pen=14, seed=7)
    digit = hw.to_mnist(cut)
    assert digit.touches_border and "가장자리" in digit.warnings[0]
    assert digit.image.max() == 255 and "가장자리" in repr(digit)


def test_array_inputs(mnist):
    _, (x_test, _) = mnist
    img = x_test[0]
    reference = hw.to_mnist(img).image
    assert np.array_equal(hw.to_mnist(img.astype(np.float32) / 255).image, reference)
    assert hw.to_mnist(img > 127).image.max() == 255
    assert hw.to_mnist(np.stack([img] * 3, axis=-1)).image.shape == (28, 28)


def test_file_object_input(tmp_path):
    path = samples.sample_paths()[0][0]
    with open(path, "rb") as f:
        assert np.array_equal(hw.to_mnist(f).image, hw.to_mnist(path).image)


def _mlp(activation="softmax"):
    import keras

    return keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(10, activation=activation)])


def test_model_input_shapes():
    import keras

    image = np.zeros((28, 28), np.uint8)
    mlp = _mlp()
    cnn = keras.Sequential([keras.Input(shape=(28, 28, 1)), keras.layers.Flatten(),
                            keras.layers.Dense(10, activation="softmax")])
    assert hw.model_input(image, mlp).shape == (1, 784)
    assert hw.model_input(np.stack([image] * 3), cnn).shape == (3, 28, 28, 1)
    assert hw.model_input(image, cnn).dtype == np.float32
    other = keras.Sequential([keras.Input(shape=(10,)), keras.layers.Dense(10)])
    with pytest.raises(LessonInputError, match="맞지 않습니다"):
        hw.model_input(image, other)


def test_model_input_takes_normalised_images_without_dividing_twice(mnist):
    _, (x_test, _) = mnist
    mlp = _mlp()
    from_uint8 = hw.model_input(x_test[:5], mlp)
    from_floats = hw.model_input(x_test[:5].astype(np.float32) / 255, mlp)  # 09 의 x_test 처럼 이미 0~1
    np.testing.assert_allclose(from_floats, from_uint8, rtol=0, atol=1e-7)
    with pytest.raises(LessonInputError, match="0~1 이어야"):
        hw.model_input(x_test[:5].astype(np.float32), mlp)  # 0~255 실수: 나누는 것을 잊었다


@pytest.mark.parametrize("not_a_model, fragment", [
    (None, "모델이 없습니다"),
    ("model_10.keras", "파일 경로"),
    (np.zeros(3), "keras 모델이 필요합니다"),
])
def test_predict_without_a_model_says_what_to_do(not_a_model, fragment):
    with pytest.raises(LessonInputError, match=fragment):
        hw.predict(not_a_model, np.zeros((28, 28), np.uint8))
    with pytest.raises(LessonInputError, match=fragment):
        canvas.predict_drawing(hw.to_data_url(Image.new("RGB", (280, 280), "white")), not_a_model)
    with pytest.raises(LessonInputError, match=fragment):
        canvas.make_canvas(not_a_model)


def test_swapped_arguments_get_the_right_order():
    """모델 자리에 이미지가 들어오면(인자를 바꿔 넘기면) 그 함수의 바른 순서를 보여 준다."""
    image, url = np.zeros((28, 28), np.uint8), hw.to_data_url(Image.new("RGB", (280, 280), "white"))
    for call, order in [(lambda: hw.predict(image, _mlp()), r"handwriting\.predict\(model, digits\)"),
                        (lambda: hw.model_input(_mlp(), image), r"handwriting\.model_input\(images, model\)"),
                        (lambda: hw.predict(hw.to_mnist(samples.draw_digit(7, (120, 120), seed=1)), _mlp()),
                         r"handwriting\.predict\(model, digits\)"),
                        (lambda: canvas.predict_drawing(_mlp(), url), r"canvas\.predict_drawing\(data_url, model\)")]:
        with pytest.raises(LessonInputError, match="인자의 순서.*" + order):
            call()


def test_model_loaded_from_a_missing_file_is_explained(tmp_path):
    missing = artifacts.load_model(tmp_path / "model_10.keras")  # 파일이 없으면 None (설계대로)
    with pytest.raises(LessonInputError, match="artifacts.load_model 함수는 파일이 없거나"):
        hw.predict(missing, np.zeros((28, 28), np.uint8))


def test_unbuilt_model_is_explained():
    import keras

    with pytest.raises(LessonInputError, match="입력 모양을 아직 모릅니다"):
        hw.predict(keras.Sequential([keras.layers.Dense(10)]), np.zeros((28, 28), np.uint8))


def test_logits_are_turned_into_probabilities_and_said_so(mnist):
    import keras

    from mnist_lesson.errors import LessonWarning

    _, (x_test, _) = mnist
    logits = _mlp(activation=None)
    with pytest.warns(LessonWarning, match="softmax 를 적용"):
        probs = hw.predict(logits, x_test[:4])
    raw = keras.ops.convert_to_numpy(logits(hw.model_input(x_test[:4], logits)))
    np.testing.assert_allclose(probs, keras.ops.convert_to_numpy(keras.ops.softmax(raw)), rtol=1e-5)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-6)


def test_softmax_models_are_returned_as_they_are(recwarn):
    probs = hw.predict(_mlp(), np.zeros((2, 28, 28), np.uint8))
    assert probs.shape == (2, 10) and not [w for w in recwarn if "softmax" in str(w.message)]


def test_model_with_the_wrong_number_of_outputs_is_explained():
    import keras

    three = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(3, activation="softmax")])
    with pytest.raises(LessonInputError, match=r"출력 모양이 \(1, 3\)"):
        hw.predict(three, np.zeros((28, 28), np.uint8))


@uses_model
def test_canvas_size_is_checked(model):
    with pytest.raises(LessonInputError, match="size 값은 28 이상"):
        canvas.make_canvas(model, size=10)


def test_mixed_images_are_explained():
    with pytest.raises(LessonInputError, match="모양이 서로 다릅니다"):
        hw.predict(_mlp(), [np.zeros((28, 28), np.uint8), np.zeros((20, 20), np.uint8)])


def test_importing_stays_light():
    code = ("import sys, mnist_lesson.handwriting, mnist_lesson.canvas, mnist_lesson.samples\n"
            "heavy = [m for m in ('tensorflow', 'keras', 'anywidget', 'ipywidgets', 'matplotlib') if m in sys.modules]\n"
            "assert not heavy, heavy\nprint('ok')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "ok", done.stderr


# --- 저장 → 불러오기 ---------------------------------------------------------------------------------


@uses_model
def test_save_load_round_trip_gives_identical_predictions(mnist, model, tmp_path):
    _, (x_test, _) = mnist
    path = artifacts.save_model(model, tmp_path / "model_10.keras")
    loaded = artifacts.load_model(path)
    x = hw.model_input(x_test[:500], model)
    assert np.array_equal(model.predict(x, verbose=0), loaded.predict(x, verbose=0))
    assert np.array_equal(hw.predict(model, hw.to_mnist(samples.sample_paths()[0][0])),
                          hw.predict(loaded, hw.to_mnist(samples.sample_paths()[0][0])))


def test_safe_mode_refuses_code_inside_the_file(tmp_path, capsys):
    import keras

    risky = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Lambda(lambda t: t * 2)])
    path = artifacts.save_model(risky, tmp_path / "lambda.keras")
    assert artifacts.load_model(path) is None  # safe_mode=True: 파일 속 람다 함수를 실행하지 않는다
    assert "읽을 수 없어" in capsys.readouterr().out


# --- 캔버스 ------------------------------------------------------------------------------------------


def test_decode_data_url():
    image = Image.new("RGB", (20, 20), "white")
    assert canvas.decode_data_url(hw.to_data_url(image)) == hw.to_png_bytes(image)
    for bad, fragment in [("data:image/jpeg;base64,AAAA", "data:image/png"), ("data:image/png;base64,@@@", "깨졌"),
                          (None, "data:image/png"), ("data:image/png;base64," + "A" * canvas.MAX_DATA_URL, "너무 큽")]:
        with pytest.raises(LessonInputError, match=fragment):
            canvas.decode_data_url(bad)


@uses_model
def test_predict_drawing(model):
    drawing = samples.draw_digit(7, (280, 280), pen=18, seed=1)
    result = canvas.predict_drawing(hw.to_data_url(drawing), model)
    assert result["prediction"] == 7 and abs(sum(result["probs"]) - 1) < 1e-4 and len(result["probs"]) == 10
    preview = Image.open(io.BytesIO(canvas.decode_data_url(result["preview"])))
    assert preview.size == (28, 28)
    assert result["digit"].image.shape == (28, 28)


@uses_model
def test_empty_or_broken_drawing_does_not_raise(model):
    assert canvas.predict_drawing("", model)["prediction"] == -1
    blank = canvas.predict_drawing(hw.to_data_url(Image.new("RGB", (280, 280), "white")), model)
    assert blank["prediction"] == -1 and blank["probs"] == [] and "그린 것이 없습니다" in blank["message"]
    broken = canvas.predict_drawing("data:image/png;base64,iVBORw0KGgo=", model)
    assert broken["prediction"] == -1 and broken["message"]


@uses_model
def test_widget_updates_when_a_drawing_arrives(model):
    widget = canvas._widget_class()(model)
    assert widget.prediction == -1 and widget.size == 280
    widget.image_data = hw.to_data_url(samples.draw_digit(3, (280, 280), pen=18, seed=3))
    assert widget.prediction == 3 and len(widget.probs) == 10 and widget.preview.startswith("data:image/png")
    assert widget.digit is not None
    widget.image_data = hw.to_data_url(Image.new("RGB", (280, 280), "white"))
    assert widget.prediction == -1 and widget.probs == [] and "그린 것이 없습니다" in widget.message
    widget.image_data = ""  # 지우기
    assert widget.message == "" and widget.preview == ""


@uses_model
def test_make_canvas_outside_a_kernel_says_so(model, capsys):
    assert canvas.make_canvas(model) is None  # pytest 는 Jupyter 커널이 아니다
    assert "캔버스를 보여 줄 수 없습니다" in capsys.readouterr().out


def test_drawing_a_digit_that_does_not_exist_is_explained():
    with pytest.raises(LessonInputError, match="digit 값은 0~9"):
        samples.draw_digit(12)


def test_make_canvas_points_to_the_file_examples_above(capsys):
    """10 노트북에서 그림 파일 예시(6·7절)는 캔버스 셀보다 위에 있다."""
    assert canvas.make_canvas(_mlp()) is None  # pytest 는 Jupyter 커널이 아니다
    out = capsys.readouterr().out
    assert "위의 그림 파일 예시" in out and "아래" not in out and "handwriting.to_mnist" in out


def test_widget_reports_unexpected_errors_in_korean(monkeypatch):
    """위젯 콜백의 오류는 셀에 보이지 않는다: 영어 예외 이름과 메시지 대신 할 일을 알리고, 오류는 widget.error 에 남긴다."""
    from mnist_lesson.errors import LessonInputError as Korean

    widget = canvas._widget_class()(_mlp())
    drawing = hw.to_data_url(samples.draw_digit(3, (280, 280), pen=18, seed=3))

    def crash(data_url, model):
        raise RuntimeError("tensor shape mismatch in op")

    monkeypatch.setattr(canvas, "predict_drawing", crash)
    widget.image_data = drawing
    assert widget.message == canvas.UNEXPECTED_MESSAGE and widget.prediction == -1
    assert "RuntimeError" not in widget.message and "mismatch" not in widget.message
    assert isinstance(widget.error, RuntimeError)

    def refuse(data_url, model):
        raise Korean("모델의 입력 모양이 맞지 않습니다.")

    monkeypatch.setattr(canvas, "predict_drawing", refuse)
    widget.image_data = drawing + "A"  # 값이 바뀌어야 콜백이 다시 불린다
    assert widget.message == "모델의 입력 모양이 맞지 않습니다." and widget.error is None
