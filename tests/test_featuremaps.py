import numpy as np
import pytest
from matplotlib.figure import Figure

from mnist_lesson import featuremaps
from mnist_lesson.errors import LessonInputError


def test_kernel_grid_draws_one_image_per_filter_with_zero_in_the_middle():
    kernels = np.random.default_rng(0).normal(size=(3, 3, 1, 12))
    fig = featuremaps.kernel_grid(kernels, n=10, cols=5)
    images = [ax.images[0] for ax in fig.axes if ax.images]
    assert isinstance(fig, Figure) and len(images) == 10
    low, high = images[0].get_clim()
    assert low == -high  # 0 이 가운데(흰색)
    np.testing.assert_array_equal(images[3].get_array(), kernels[:, :, 0, 3])


def test_feature_map_grid_accepts_one_sample_batch():
    maps = np.random.default_rng(0).random((1, 14, 14, 32))
    fig = featuremaps.feature_map_grid(maps, n=16)
    assert sum(1 for ax in fig.axes if ax.images) == 16
    assert "14×14" in fig._suptitle.get_text() and "32개 중 16개" in fig._suptitle.get_text()


@pytest.mark.parametrize("bad", [np.zeros((3, 3)), np.zeros((2, 14, 14, 4))])
def test_wrong_shapes_are_explained(bad):
    with pytest.raises(LessonInputError, match="모양"):
        featuremaps.kernel_grid(bad) if bad.ndim == 2 else featuremaps.feature_map_grid(bad)
