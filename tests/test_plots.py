"""그림(plots 패키지): 그림 속 값이 입력과 같은지, 잘못된 입력은 한국어 오류로, 그림을 빠뜨리거나 잘못 그리지 않는지."""

import re

import numpy as np
import pytest
from matplotlib.figure import Figure

from mnist_lesson import handwriting, plots
from mnist_lesson.errors import LessonInputError

RNG = np.random.default_rng(0)
IMAGES = RNG.integers(0, 256, (30, 28, 28), dtype=np.uint8)
LABELS = RNG.integers(0, 10, 30)


def _images_shown(fig):
    return [im for ax in fig.axes for im in ax.get_images()]


def test_every_figure_lives_in_plots():
    names = ["sample_grid", "pixel_heatmap", "label_distribution", "learning_curves",
             "confusion_matrix", "misclassified_gallery", "probability_bars", "prediction_gallery",
             "kernel_grid", "feature_map_grid", "handwriting_steps", "handwriting_predictions"]
    assert sorted(plots.__all__) == sorted(names), ("새 그림 함수는 세 곳에 더합니다: mnist_lesson/plots/__init__.py 의 "
                                                    "__all__, 이 목록, tests/test_fonts.py 의 figures(한글 글꼴 검사)")
    assert all(callable(getattr(plots, name)) for name in names)
    # 그림 함수는 다른 모듈에 없다(한 곳에만)
    for module in (handwriting,):
        assert not [n for n in dir(module) if n.startswith("plot") or n in names], module.__name__


def test_image_grids_draw_the_same_pixels_without_the_hidden_ticks():
    """이미지 격자의 축(plots._common.image_axes)은 axis("off") 만 한 축과 바이트까지 같은 그림이고, 눈금은 없다."""
    import io

    from mnist_lesson.plots._common import image_axes

    def grid_png(make_axes):
        fig = Figure(figsize=(5, 4), layout="constrained")
        axes = make_axes(fig)
        for ax, image, label in zip(axes.flat, IMAGES, LABELS):
            ax.imshow(image, cmap="gray_r")
            ax.set_title(f"label {label}", fontsize=9)  # 글꼴과 상관없는 검사라 라틴 문자로
        fig.suptitle("grid")
        out = io.BytesIO()
        fig.savefig(out, format="png", bbox_inches="tight")
        return out.getvalue(), axes

    def plain(fig):
        axes = fig.subplots(2, 3, squeeze=False)
        for ax in axes.flat:
            ax.axis("off")
        return axes

    fast, axes = grid_png(lambda fig: image_axes(fig, 2, 3))
    slow, _ = grid_png(plain)
    assert fast == slow
    assert axes.shape == (2, 3) and all(not ax.axison and len(ax.get_xticks()) == len(ax.get_yticks()) == 0
                                        for ax in axes.flat)


# --- 데이터 ---------------------------------------------------------------------------------------


def test_sample_grid_shows_n_images_with_labels():
    fig = plots.sample_grid(IMAGES, LABELS, n=12, cols=4)
    assert isinstance(fig, Figure)
    assert len(_images_shown(fig)) == 12
    titles = [ax.get_title() for ax in fig.axes if ax.get_images()]
    assert titles[0] == f"레이블 {LABELS[0]}"


def test_sample_grid_colours_wrong_predictions():
    preds = LABELS.copy()
    preds[1] = (preds[1] + 1) % 10
    fig = plots.sample_grid(IMAGES, LABELS, n=2, predictions=preds)
    shown = [ax for ax in fig.axes if ax.get_images()]
    assert shown[0].title.get_color() == "tab:green" and shown[1].title.get_color() == "tab:red"


@pytest.mark.parametrize("layout", [(30, 784), (30, 28, 28, 1)])
def test_sample_grid_takes_every_image_layout_and_normalised_images(layout):
    fig = plots.sample_grid(IMAGES.reshape(layout), LABELS, n=3)
    np.testing.assert_array_equal(_images_shown(fig)[2].get_array(), IMAGES[2])
    floats = plots.sample_grid(IMAGES.astype(np.float32) / 255, LABELS, n=3)
    np.testing.assert_allclose(_images_shown(floats)[2].get_array(), IMAGES[2] / 255, rtol=1e-6)


def test_pixel_heatmap_writes_every_ink_value():
    image = np.zeros((28, 28), np.uint8)
    image[10, 10:13] = [50, 128, 255]
    fig = plots.pixel_heatmap(image, label=7)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["50", "128", "255"]
    assert "레이블 7" in fig.axes[0].get_title() and "255=가장 진한" in fig.axes[0].get_title()


def test_pixel_heatmap_of_a_normalised_image_says_1_is_darkest():
    fig = plots.pixel_heatmap(IMAGES[0].reshape(784) / 255, show_values=False)
    assert "1=가장 진한" in fig.axes[0].get_title() and fig.axes[0].get_images()[0].get_clim() == (0, 1)


def test_pixel_heatmap_refuses_a_whole_batch_instead_of_drawing_the_first():
    with pytest.raises(LessonInputError, match=r"30장.*image\[0\]"):
        plots.pixel_heatmap(IMAGES)
    assert len(_images_shown(plots.pixel_heatmap(IMAGES[:1]))) == 1  # 한 장짜리 묶음은 된다


def test_label_distribution_counts():
    fig = plots.label_distribution(np.array([1, 1, 2]), np.array([3]))
    heights = [p.get_height() for p in fig.axes[0].patches]
    assert heights[:10] == [0, 2, 1, 0, 0, 0, 0, 0, 0, 0]
    assert heights[10:] == [0, 0, 0, 1, 0, 0, 0, 0, 0, 0]


# --- 학습 곡선 ------------------------------------------------------------------------------------


def test_learning_curves_plots_each_series():
    history = {"loss": [3, 2, 1], "val_loss": [3, 2, 2.5], "test_loss": [3, 2, 2.4],
               "accuracy": [0.5, 0.7, 0.9], "val_accuracy": [0.5, 0.6, 0.6]}
    fig = plots.learning_curves(history, best_epoch=2)
    loss_ax, acc_ax = fig.axes
    labels = [line.get_label() for line in loss_ax.get_lines()]
    assert labels == ["훈련", "검증", "테스트", "에포크 2"]
    assert list(loss_ax.get_lines()[1].get_ydata()) == [3, 2, 2.5]
    assert [line.get_label() for line in acc_ax.get_lines()] == ["훈련", "검증", "에포크 2"]


def test_a_one_epoch_history_is_drawn_as_points_on_whole_epochs():
    """빠른 모드의 1 에포크 기록도 빈 그림이 아니다: 점이 찍히고, 눈금은 정수 에포크뿐이다. 긴 기록은 선만 그린다."""
    fig = plots.learning_curves({"loss": [0.6], "val_loss": [0.5], "accuracy": [0.8], "val_accuracy": [0.85]})
    ax = fig.axes[0]
    assert all(line.get_marker() == "o" for line in ax.get_lines() if line.get_label() in ("훈련", "검증"))
    assert all(float(t).is_integer() for t in ax.get_xticks())
    long = plots.learning_curves({"loss": list(range(100, 0, -1))})
    assert long.axes[0].get_lines()[0].get_marker() in (None, "None", "")


def test_learning_curves_without_accuracy_draws_only_the_loss(recwarn):
    fig = plots.learning_curves({"loss": [1.0, 0.5], "val_loss": [1.1, 0.7]})
    assert [ax.get_title() for ax in fig.axes] == ["손실"]
    assert not [w for w in recwarn if "legend" in str(w.message).lower()]  # 빈 범례 경고가 없다


def test_learning_curves_needs_loss_and_a_real_epoch():
    with pytest.raises(LessonInputError, match="'loss'"):
        plots.learning_curves({"accuracy": [0.5]})
    with pytest.raises(LessonInputError, match="best_epoch 값은 1 이상 2 이하"):
        plots.learning_curves({"loss": [1.0, 0.5]}, best_epoch=0)


# --- 예측 -----------------------------------------------------------------------------------------


def test_confusion_matrix_counts_match():
    y_true = np.array([0, 0, 1, 4, 4, 4])
    y_pred = np.array([0, 1, 1, 9, 9, 4])
    fig = plots.confusion_matrix(y_true, y_pred)
    values = fig.axes[0].get_images()[0].get_array()
    assert values[4, 9] == 2 and values[0, 1] == 1 and values[4, 4] == 1
    assert fig.axes[0].get_xlabel() == "예측한 숫자"
    rows = plots.confusion_matrix(y_true, y_pred, normalize="true").axes[0].get_images()[0].get_array()
    assert rows[4, 9] == pytest.approx(2 / 3)


def test_misclassified_gallery_orders_by_confidence():
    y_true = np.zeros(5, np.int64)
    probs = np.full((5, 10), 0.0)
    probs[0, 0] = 1.0                     # 맞힘
    probs[1, 3], probs[1, 0] = 0.6, 0.4   # 틀림, 확신 60%
    probs[2, 7], probs[2, 0] = 0.9, 0.1   # 틀림, 확신 90%
    probs[3:, 0] = 1.0
    fig = plots.misclassified_gallery(IMAGES[:5], y_true, probs, n=8)
    titles = [ax.get_title() for ax in fig.axes if ax.get_images()]
    assert titles == ["실제 0, 예측 7\n확신도 90%", "실제 0, 예측 3\n확신도 60%"]


def test_probability_bars_highlight_prediction_and_truth():
    probs = np.array([0.05, 0.05, 0.6, 0.3, 0, 0, 0, 0, 0, 0])
    fig = plots.probability_bars(probs, image=IMAGES[0], true_label=np.uint8(3))
    bars = fig.axes[1].patches
    assert [round(b.get_height(), 2) for b in bars[:4]] == [0.05, 0.05, 0.6, 0.3]
    assert bars[3].get_facecolor() != bars[0].get_facecolor()  # 정답(3) 막대는 다른 색
    assert "예측: 2" in fig.axes[1].get_title()


def _gallery_inputs():
    images = np.zeros((5, 28, 28), np.uint8)
    y_true = np.array([1, 2, 3, 4, 5])
    return images, y_true, {"MLP": np.array([1, 7, 3, 4, 5]), "CNN": y_true}


def test_prediction_gallery_colors_right_and_wrong():
    images, y_true, preds = _gallery_inputs()
    fig = plots.prediction_gallery(images, y_true, preds, [1, 2])
    texts = {t.get_text(): t.get_color() for ax in fig.axes for t in ax.texts}
    assert texts["MLP 7"] == "tab:red" and texts["CNN 2"] == "tab:green" and texts["MLP 3"] == "tab:green"
    assert "2장" in fig._suptitle.get_text()
    empty = plots.prediction_gallery(images, y_true, {"MLP": y_true}, [])
    assert "없음" in empty._suptitle.get_text()


def test_prediction_gallery_reads_a_boolean_mask_as_a_mask():
    images, y_true, preds = _gallery_inputs()
    wrong = preds["MLP"] != y_true                       # [F, T, F, F, F]: 이미지 1 하나
    fig = plots.prediction_gallery(images, y_true, preds, wrong)
    assert "1장" in fig._suptitle.get_text()
    assert {t.get_text() for ax in fig.axes for t in ax.texts} == {"MLP 7", "CNN 2"}  # 0, 1 번이 아니라 1 번
    with pytest.raises(LessonInputError, match="같은 길이"):
        plots.prediction_gallery(images, y_true, preds, wrong[:3])


@pytest.mark.parametrize("indices, message", [([7], "벗어난 번호"), ([0.5], "이미지 번호"), (["1"], "이미지 번호")])
def test_prediction_gallery_bad_indices_are_explained(indices, message):
    images, y_true, preds = _gallery_inputs()
    with pytest.raises(LessonInputError, match=message):
        plots.prediction_gallery(images, y_true, preds, indices)


# --- 합성곱 ---------------------------------------------------------------------------------------


def test_kernel_grid_draws_one_image_per_filter_with_zero_in_the_middle():
    kernels = np.random.default_rng(0).normal(size=(3, 3, 1, 12))
    fig = plots.kernel_grid(kernels, n=10, cols=5)
    images = [ax.images[0] for ax in fig.axes if ax.images]
    assert isinstance(fig, Figure) and len(images) == 10
    low, high = images[0].get_clim()
    assert low == -high  # 0 이 가운데(흰색)
    np.testing.assert_array_equal(images[3].get_array(), kernels[:, :, 0, 3])


def test_feature_map_grid_accepts_one_sample_batch():
    maps = np.random.default_rng(0).random((1, 14, 14, 32))
    fig = plots.feature_map_grid(maps, n=16)
    assert sum(1 for ax in fig.axes if ax.images) == 16
    assert "14×14" in fig._suptitle.get_text() and "32개 중 16개" in fig._suptitle.get_text()


@pytest.mark.parametrize("call", [lambda: plots.kernel_grid(np.zeros((3, 3))),
                                  lambda: plots.feature_map_grid(np.zeros((2, 14, 14, 4)))])
def test_wrong_feature_map_shapes_are_explained(call):
    with pytest.raises(LessonInputError, match="모양"):
        call()


# --- 내 손글씨 ------------------------------------------------------------------------------------


def _digit():
    from mnist_lesson import samples

    return handwriting.to_mnist(samples.draw_digit(7, (120, 120), pen=10, seed=1))


def test_handwriting_figures_have_a_panel_per_step_and_a_row_per_image():
    digit = _digit()
    assert len(plots.handwriting_steps(digit, title="단계").axes) == len(digit.steps)
    probs = np.eye(10)[[7, 1]]
    fig = plots.handwriting_predictions([digit, digit], probs, ["가", "나"])
    assert len(fig.axes) == 6 and fig.axes[2].get_title() == "예측: 7 (확률 100%)"
    assert fig.axes[5].get_title().startswith("예측: 1")


def test_handwriting_figures_bad_input_is_explained():
    digit = _digit()
    with pytest.raises(LessonInputError, match="MnistDigit"):
        plots.handwriting_steps(np.zeros((28, 28)))
    with pytest.raises(LessonInputError, match="이미지 수"):
        plots.handwriting_predictions([digit, digit], np.eye(10)[[7]])
    with pytest.raises(LessonInputError, match="names 목록의 길이"):
        plots.handwriting_predictions([digit], np.eye(10)[[7]], names=["가", "나"])


def test_step_panels_name_the_size_they_show():
    """단계 그림의 글자가 그 칸의 이미지와 맞는다: 20×20 상자에 맞춘 숫자는 긴 쪽만 20 이다(예: 16×20)."""
    from mnist_lesson import samples

    digit = handwriting.to_mnist(samples.draw_digit(1, (120, 120), pen=10, seed=1))  # 1 은 좁다: 상자가 정사각형이 아니다
    box = digit.steps["20×20 상자"]
    assert max(box.shape) == 20 and box.shape != (20, 20)
    fig = plots.handwriting_steps(digit)
    for i, (ax, (name, image)) in enumerate(zip(fig.axes, digit.steps.items())):
        heading, size = ax.get_title().split("\n")
        assert heading == f"{i + 1}. {name}" and size == f"{image.shape[1]}×{image.shape[0]}"
        if re.fullmatch(r"\d+×\d+", name):  # 이름이 크기라면 그 칸의 크기와 같아야 한다
            assert name == size, ax.get_title()


# --- 잘못된 입력과 인자 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: plots.sample_grid(IMAGES[:, :20], LABELS), r"\(30, 20, 28\)"),
        (lambda: plots.sample_grid(IMAGES, LABELS[:5]), r"길이\(5\)"),
        (lambda: plots.sample_grid(IMAGES[:0], LABELS[:0]), "비어 있습니다"),
        (lambda: plots.sample_grid(IMAGES * 1.0, LABELS), "0~1 이어야"),
        (lambda: plots.sample_grid(IMAGES, LABELS, n=0), "n 값은 1 이상의 정수"),
        (lambda: plots.sample_grid(IMAGES, LABELS, n=2.5), "n 값은 1 이상의 정수"),
        (lambda: plots.sample_grid(IMAGES, LABELS, cols=0), "cols 값은 1 이상의 정수"),
        (lambda: plots.sample_grid(IMAGES, LABELS, cols="5"), "cols 값은 1 이상의 정수"),
        (lambda: plots.probability_bars(np.ones(10)), "합이 1"),
        (lambda: plots.probability_bars(np.full((2, 10), 0.1)), "한 개만"),
        (lambda: plots.probability_bars(np.ones(3) / 3), r"모양이 \(3,\) 입니다"),
        (lambda: plots.probability_bars(np.eye(10)[2], true_label=10), "true_label 값은 0~9"),
        (lambda: plots.probability_bars(np.eye(10)[2], true_label="3"), "true_label 값은 0~9"),
        (lambda: plots.misclassified_gallery(IMAGES, LABELS, np.full((29, 10), 0.1)), r"샘플 수\(29\)"),
        (lambda: plots.misclassified_gallery(IMAGES, LABELS, np.full((30, 10), 0.1), n=-1), "n 값은"),
        (lambda: plots.confusion_matrix(np.array([1, 12]), np.array([1, 1])), "0~9 밖"),
        (lambda: plots.confusion_matrix(np.array([1, 2]), np.array([1, 1]), normalize=True), "normalize 값은"),
        (lambda: plots.confusion_matrix(np.array([1, 2]), np.array([1, 1]), normalize="rows"), "'true', 'pred'"),
        (lambda: plots.kernel_grid(np.zeros((3, 3, 1, 4)), n=0), "n 값은"),
        (lambda: plots.feature_map_grid(np.zeros((4, 4, 2)), cols=0), "cols 값은"),
        (lambda: plots.prediction_gallery(IMAGES, LABELS, LABELS, [0]), "사전"),
    ],
)
def test_bad_input_is_explained(call, message):
    with pytest.raises(LessonInputError, match=message):
        call()


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: plots.probability_bars(np.arange(50) % 10),
         r"모양이 \(50,\) 입니다.*정수 레이블.*model\.predict\(x\).*인자의 순서"),
        (lambda: plots.probability_bars(np.array([3, 1, 4, 1, 5, 9, 2, 6, 5, 3])), r"합이 1.*정수 레이블"),
        (lambda: plots.misclassified_gallery(IMAGES, LABELS, LABELS), r"모양이 \(30,\) 입니다.*정수 레이블.*인자의 순서"),
        (lambda: plots.misclassified_gallery(IMAGES, LABELS, IMAGES), r"모양이 \(30, 28, 28\) 입니다.*이미지로 보입니다"),
        (lambda: plots.probability_bars(np.ones(3) / 3), r"모양이 \(3,\) 입니다.*model\.predict\(x_test\)"),
    ],
)
def test_probability_errors_show_the_shape_that_was_passed_and_what_it_looks_like(call, message):
    """오류는 받은 그대로의 모양을 말하고(한 개짜리로 바꾼 (1, 50) 이 아니라 (50,)), 레이블이나 이미지를 넘긴 것이면 그렇다고 알린다."""
    with pytest.raises(LessonInputError, match=message) as info:
        call()
    assert "(1, " not in str(info.value)


def _conv_layer():
    import keras

    layer = keras.layers.Conv2D(4, 3)
    layer.build((None, 28, 28, 1))
    return layer


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: np.zeros((3, 3, 32)), r"모양이 \(3, 3, 32\).*\(높이, 너비, 입력 채널, 필터 수\).*\(3, 3, 1, 32\).*get_weights\(\)\[0\]"),
        (lambda: np.zeros(32), r"\(3, 3, 1, 32\).*편향\(get_weights\(\)\[1\]\)"),
        (lambda: _conv_layer().get_weights(), r"get_weights\(\) 의 결과 전체.*get_weights\(\)\[0\].*\(3, 3, 1, 32\)"),
        (_conv_layer, r"층이나 모델이 들어왔습니다\(받은 것: Conv2D\).*get_weights\(\)\[0\].*\(3, 3, 1, 32\)"),
    ],
)
def test_kernel_grid_says_which_shape_it_expects(make, message):
    with pytest.raises(LessonInputError, match=message):
        plots.kernel_grid(make())


def test_confusion_matrix_length_error_names_y_true_not_images():
    with pytest.raises(LessonInputError, match=r"y_pred 배열의 길이\(1\)가 y_true 배열의 길이\(2\)와 다릅니다") as info:
        plots.confusion_matrix(np.array([1, 2]), np.array([1]))
    assert "이미지 수" not in str(info.value)


def test_learning_curves_without_loss_says_what_to_pass():
    with pytest.raises(LessonInputError, match=r"훈련 손실 'loss'.*history = model\.fit\(\.\.\.\)") as info:
        plots.learning_curves({"val_loss": [1.0, 0.5]})
    assert "validation_data" not in str(info.value)  # 검증 세트는 'loss' 와 상관없다
    from mnist_lesson import models

    with pytest.raises(LessonInputError, match=r"학습 기록 자리에 모델이 들어왔습니다.*history = model\.fit"):
        plots.learning_curves(models.build_seed_mlp())
