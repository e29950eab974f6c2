import numpy as np
import pytest
from sklearn.metrics import confusion_matrix

from mnist_lesson import evaluation
from mnist_lesson.errors import LessonInputError


def test_summarize_history_finds_the_best_epoch():
    s = evaluation.summarize_history({"loss": [1.0, 0.5, 0.2, 0.1], "val_loss": [0.9, 0.4, 0.6, 0.8]})
    assert (s.epochs, s.best_epoch, s.best_value, s.last_value) == (4, 2, 0.4, 0.8)
    assert s.rise == pytest.approx(0.4)
    assert "가장 낮았던 에포크: 2" in repr(s) and "에포크: 2" in s._repr_markdown_()


def test_summarize_history_without_validation_is_explained():
    with pytest.raises(LessonInputError, match="validation_data"):
        evaluation.summarize_history({"loss": [1.0]})


def test_most_confused_pairs_agrees_with_sklearn():
    rng = np.random.default_rng(0)
    y_true = rng.integers(0, 10, 500)
    y_pred = np.where(rng.random(500) < 0.8, y_true, rng.integers(0, 10, 500))
    y_pred[:30] = np.where(y_true[:30] == 4, 9, y_pred[:30])
    table = evaluation.most_confused_pairs(y_true, y_pred, top=3)
    cm = confusion_matrix(y_true, y_pred, labels=range(10))
    np.fill_diagonal(cm, 0)
    assert list(table.columns) == ["실제", "예측", "횟수"]
    assert table["횟수"].tolist() == sorted(cm.ravel(), reverse=True)[:3]
    first = table.iloc[0]
    assert cm[first["실제"], first["예측"]] == cm.max()


def test_most_confused_pairs_bad_input():
    with pytest.raises(LessonInputError, match="길이"):
        evaluation.most_confused_pairs(np.array([1, 2]), np.array([1]))
    assert evaluation.most_confused_pairs(np.array([1, 2]), np.array([1, 2])).empty
