import numpy as np
import pytest
from matplotlib.figure import Figure

from mnist_lesson import plots
from mnist_lesson.errors import LessonInputError

RNG = np.random.default_rng(0)
IMAGES = RNG.integers(0, 256, (30, 28, 28), dtype=np.uint8)
LABELS = RNG.integers(0, 10, 30)


def _images_shown(fig):
    return [im for ax in fig.axes for im in ax.get_images()]


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


def test_pixel_heatmap_writes_every_ink_value():
    image = np.zeros((28, 28), np.uint8)
    image[10, 10:13] = [50, 128, 255]
    fig = plots.pixel_heatmap(image, label=7)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["50", "128", "255"]
    assert "레이블 7" in fig.axes[0].get_title()


def test_label_distribution_counts():
    fig = plots.label_distribution(np.array([1, 1, 2]), np.array([3]))
    heights = [p.get_height() for p in fig.axes[0].patches]
    assert heights[:10] == [0, 2, 1, 0, 0, 0, 0, 0, 0, 0]
    assert heights[10:] == [0, 0, 0, 1, 0, 0, 0, 0, 0, 0]


def test_learning_curves_plots_each_series():
    history = {"loss": [3, 2, 1], "val_loss": [3, 2, 2.5], "test_loss": [3, 2, 2.4],
               "accuracy": [0.5, 0.7, 0.9], "val_accuracy": [0.5, 0.6, 0.6]}
    fig = plots.learning_curves(history, best_epoch=2)
    loss_ax, acc_ax = fig.axes
    labels = [line.get_label() for line in loss_ax.get_lines()]
    assert labels == ["훈련", "검증", "테스트", "에포크 2"]
    assert list(loss_ax.get_lines()[1].get_ydata()) == [3, 2, 2.5]
    assert [line.get_label() for line in acc_ax.get_lines()] == ["훈련", "검증", "에포크 2"]


def test_learning_curves_needs_loss():
    with pytest.raises(LessonInputError, match="'loss'"):
        plots.learning_curves({"accuracy": [0.5]})


def test_confusion_matrix_counts_match():
    y_true = np.array([0, 0, 1, 4, 4, 4])
    y_pred = np.array([0, 1, 1, 9, 9, 4])
    fig = plots.confusion_matrix(y_true, y_pred)
    values = fig.axes[0].get_images()[0].get_array()
    assert values[4, 9] == 2 and values[0, 1] == 1 and values[4, 4] == 1
    assert fig.axes[0].get_xlabel() == "예측한 숫자"


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
    fig = plots.probability_bars(probs, image=IMAGES[0], true_label=3)
    bars = fig.axes[1].patches
    assert [round(b.get_height(), 2) for b in bars[:4]] == [0.05, 0.05, 0.6, 0.3]
    assert "예측: 2" in fig.axes[1].get_title()


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: plots.sample_grid(IMAGES[:, :20], LABELS), r"\(30, 20, 28\)"),
        (lambda: plots.sample_grid(IMAGES, LABELS[:5]), "길이 5"),
        (lambda: plots.sample_grid(IMAGES[:0], LABELS[:0]), "비어 있습니다"),
        (lambda: plots.probability_bars(np.ones(10)), "합이 1"),
        (lambda: plots.probability_bars(np.full((2, 10), 0.1)), "한 개만"),
        (lambda: plots.probability_bars(np.ones(3) / 3), r"\(1, 3\)"),
        (lambda: plots.misclassified_gallery(IMAGES, LABELS, np.full((29, 10), 0.1)), "샘플 수 29"),
        (lambda: plots.confusion_matrix(np.array([1, 12]), np.array([1, 1])), "0~9 밖"),
    ],
)
def test_bad_input_is_explained(call, message):
    with pytest.raises(LessonInputError, match=message):
        call()
