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
    with pytest.raises(LessonInputError, match=r"y_pred 배열의 길이\(1\)가 y_true 배열의 길이\(2\)와 다릅니다") as info:
        evaluation.most_confused_pairs(np.array([1, 2]), np.array([1]))
    assert "이미지 수" not in str(info.value)  # 비교한 것은 y_true 이지 이미지가 아니다
    assert evaluation.most_confused_pairs(np.array([1, 2]), np.array([1, 2])).empty


def test_summarize_accuracy_picks_the_highest_epoch_not_the_worst():
    s = evaluation.summarize_history({"loss": [1.0, 0.5, 0.4], "val_accuracy": [0.90, 0.97, 0.95]},
                                     monitor="val_accuracy")
    assert (s.best_epoch, s.best_value, s.mode) == (2, 0.97, "max")
    assert "가장 높았던 에포크: 2" in repr(s) and "낮았던" not in repr(s)
    assert s.rise == pytest.approx(-0.02)


def test_summarize_history_agrees_with_keras_early_stopping_choice():
    """Keras 의 EarlyStopping(mode="auto") 이 가장 좋다고 고른 에포크와 같다(기준 비교). 높을수록 좋은 지표와 낮을수록
    좋은 지표를 한 번의 학습에서 함께 본다(지표마다 따로 학습하면 계산 그래프를 두 번 만든다)."""
    import keras

    from mnist_lesson import config

    config.set_seed(0)
    rng = np.random.default_rng(0)
    x, y = rng.random((64, 8), dtype=np.float32), rng.integers(0, 10, 64)
    model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    stoppers = {monitor: keras.callbacks.EarlyStopping(monitor=monitor, patience=100)
                for monitor in ("val_accuracy", "val_loss")}
    history = model.fit(x[:48], y[:48], validation_data=(x[48:], y[48:]), epochs=8, verbose=0,
                        callbacks=list(stoppers.values()))
    for monitor, stopper in stoppers.items():
        assert evaluation.summarize_history(history, monitor=monitor).best_epoch == stopper.best_epoch + 1, monitor


def test_nan_epochs_are_reported_not_chosen():
    s = evaluation.summarize_history({"loss": [1, 2, 3, 4], "val_loss": [0.5, 0.4, float("nan"), float("nan")]})
    assert s.best_epoch == 2 and s.best_value == 0.4
    assert s.nan_epochs == (3, 4) and "NaN 인 에포크 2개: 3, 4" in repr(s)


def test_summarize_bad_monitor_or_mode_is_explained():
    with pytest.raises(LessonInputError, match="mode="):
        evaluation.summarize_history({"loss": [1.0], "seconds": [3.0]}, monitor="seconds")
    with pytest.raises(LessonInputError, match="mode 값은"):
        evaluation.summarize_history({"loss": [1.0], "val_loss": [1.0]}, mode="smallest")


@pytest.mark.parametrize("top", [0, 2.5, "3"])
def test_most_confused_pairs_checks_top(top):
    with pytest.raises(LessonInputError, match="top 값은 1 이상의 정수"):
        evaluation.most_confused_pairs(np.array([1, 2]), np.array([2, 1]), top=top)


def test_history_without_training_loss_gets_the_right_advice():
    """'loss' 는 fit 이 늘 기록하는 훈련 손실이다: 검증 세트(validation_data)를 주라는 조언은 맞지 않는다."""
    with pytest.raises(LessonInputError, match=r"훈련 손실 'loss' 항목이 없습니다.*history = model\.fit\(\.\.\.\)") as info:
        evaluation.summarize_history({"val_loss": [0.9, 0.4]})
    assert "validation_data" not in str(info.value)


def test_missing_training_metric_is_not_blamed_on_the_validation_set():
    with pytest.raises(LessonInputError, match=r"'accuracy' 항목이 없습니다.*metrics=") as info:
        evaluation.summarize_history({"loss": [1.0, 0.5]}, monitor="accuracy")
    assert "validation_data" not in str(info.value)


def test_things_passed_instead_of_the_history_are_named():
    from mnist_lesson import artifacts, models

    with pytest.raises(LessonInputError, match=r"학습 기록 자리에 모델이 들어왔습니다\(받은 것: Sequential\).*history = model\.fit"):
        evaluation.summarize_history(models.build_seed_mlp())
    with pytest.raises(LessonInputError, match=r"\(기록, 정보\).*recorded, meta = artifacts\.load_recorded_history\(\)"):
        evaluation.summarize_history(artifacts.load_recorded_history())
