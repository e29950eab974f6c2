"""08 연습문제(학습 곡선 읽기)가 보여 주는 학습 기록 두 개를 만들어 패키지에 넣는다.

08 노트북과 같은 데이터(훈련 50,000장 / 검증 10,000장), 같은 시드, 같은 최대 에포크(15)로 학습한다.

- ``dropout_0.8_15_epochs``: 원본 MLP 의 은닉층마다 Dropout(0.8). 너무 많이 꺼서 훈련 세트조차 잘 맞히지 못한다(과소적합).
- ``combined_15_epochs``: 08 의 '모두 합치기'(배치 정규화 + Dropout(0.2) + 코사인 감쇠)를 조기 종료 없이 15 에포크.

과적합하는 곡선은 이미 있는 ``seed_mlp_100_epochs`` 의 처음 15 에포크(08 의 기준과 같은 설정)를 쓴다.
``tests/test_exercises_08.py`` 가 세 기록이 연습문제가 말하는 모양(과적합, 과소적합, 잘 맞음)인지 확인한다.

    MNIST_LESSON_DATA=../shared/data/mnist.npz python scripts/record_exercise_curves.py
"""

import datetime
import json
import math
import os
import platform
import time

import keras
import tensorflow as tf
from keras import layers

from mnist_lesson import artifacts, config, data, preprocess

EPOCHS = 15


def heavy_dropout():
    return keras.Sequential(
        [keras.Input(shape=(784,))]
        + [block for units in (256, 256, 128, 64) for block in (layers.Dense(units, activation="relu"), layers.Dropout(0.8))]
        + [layers.Dense(10, activation="softmax")],
        name="dropout_0.8",
    ), keras.optimizers.RMSprop()


def combined(steps: int):
    model = keras.Sequential(
        [keras.Input(shape=(784,))]
        + [block for units in (256, 256, 128, 64) for block in (
            layers.Dense(units, use_bias=False), layers.BatchNormalization(), layers.Activation("relu"), layers.Dropout(0.2))]
        + [layers.Dense(10, activation="softmax")],
        name="combined",
    )
    return model, keras.optimizers.RMSprop(learning_rate=keras.optimizers.schedules.CosineDecay(0.002, steps))


def main() -> None:
    (x_train, y_train), _ = data.load_mnist()
    x_train = preprocess.to_model_input(x_train)
    (x_fit, y_fit), (x_val, y_val) = preprocess.split_validation(x_train, y_train)
    steps = EPOCHS * math.ceil(len(x_fit) / config.BATCH_SIZE)
    for name, build, note in [
        ("dropout_0.8_15_epochs", heavy_dropout, "원본 MLP 의 은닉층마다 Dropout(0.8), RMSprop"),
        ("combined_15_epochs", lambda: combined(steps), "배치 정규화 + Dropout(0.2) + 코사인 감쇠 0.002→0, 조기 종료 없음"),
    ]:
        config.set_seed(config.SEED)
        model, optimizer = build()
        model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        start = time.perf_counter()
        history = model.fit(x_fit, y_fit, epochs=EPOCHS, batch_size=config.BATCH_SIZE,
                            validation_data=(x_val, y_val), verbose=2)
        seconds = time.perf_counter() - start
        path = artifacts.save_history(
            history, artifacts.RECORDED_DIR / f"{name}.json",
            model=note, epochs=EPOCHS, seed=config.SEED, batch_size=config.BATCH_SIZE, train_samples=len(x_fit),
            val_samples=len(x_val), seconds=round(seconds, 1), cpu_count=os.cpu_count(), machine=platform.platform(),
            tensorflow=tf.__version__, keras=keras.__version__, recorded=datetime.date.today().isoformat(),
        )
        print(json.dumps({"saved": str(path), "seconds": round(seconds, 1)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
