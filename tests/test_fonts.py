import warnings

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from mnist_lesson import fonts, handwriting, plots, samples


def _draw_with_missing_glyphs_as_errors(fig):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" 경고를 오류로 바꾼다
        FigureCanvasAgg(fig).draw()  # Figure() 의 기본 캔버스는 그리지 않으므로 Agg 로 실제로 그린다


def test_korean_text_renders_without_missing_glyphs():
    assert fonts.use_korean_font() == "NanumGothic"
    fig = Figure()
    ax = fig.subplots()
    ax.plot([-1, 0, 1], [1, -1, 0])
    ax.set_title("학습 곡선: 훈련 손실과 검증 손실 −0.5")
    ax.set_xlabel("에포크")
    ax.set_ylabel("정확도(%)")
    _draw_with_missing_glyphs_as_errors(fig)


def test_without_the_font_hangul_is_missing():
    """대조 실험: 기본 글꼴(DejaVu Sans)만 쓰면 한글 글리프가 없다는 경고가 실제로 난다."""
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        fig = Figure()
        fig.subplots().set_title("한글")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            FigureCanvasAgg(fig).draw()
    assert any("missing from font" in str(w.message) for w in caught)


def test_every_plot_helper_renders_korean(mnist):
    import numpy as np

    fonts.use_korean_font()
    (x_train, y_train), (x_test, y_test) = mnist
    rng = np.random.default_rng(0)
    probs = rng.dirichlet(np.ones(10), size=50)
    history = {"loss": [0.5, 0.2], "val_loss": [0.3, 0.25], "accuracy": [0.9, 0.95], "val_accuracy": [0.92, 0.93]}
    figures = [
        plots.sample_grid(x_train, y_train, n=10),
        plots.pixel_heatmap(x_train[0], label=y_train[0]),
        plots.label_distribution(y_train, y_test),
        plots.learning_curves(history, best_epoch=2),
        plots.confusion_matrix(y_test[:50], probs.argmax(1)),
        plots.misclassified_gallery(x_test[:50], y_test[:50], probs),
        plots.probability_bars(probs[0], image=x_test[0], true_label=y_test[0]),
    ]
    digit = handwriting.to_mnist(samples.draw_digit(3, (120, 120), pen=10, seed=3))
    figures += [
        plots.prediction_gallery(x_test[:5], y_test[:5], {"MLP": probs[:5].argmax(1)}, [0, 1]),
        plots.kernel_grid(rng.normal(size=(3, 3, 1, 4))),
        plots.feature_map_grid(rng.random((7, 7, 4))),
        plots.handwriting_steps(digit, title="전처리 단계"),
        plots.handwriting_predictions([digit], probs[:1], ["예시"]),
    ]
    assert len(figures) == len(plots.__all__), "새 그림 함수는 이 figures 목록에도 더하세요(한글이 그려지는지 봅니다)"
    for fig in figures:
        _draw_with_missing_glyphs_as_errors(fig)


def test_font_files_and_licence_ship_with_the_package():
    for path in fonts.font_paths():
        assert path.stat().st_size > 1_000_000
    assert "SIL OPEN FONT LICENSE" in (fonts.FONT_DIR / "OFL.txt").read_text()
