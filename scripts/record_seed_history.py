"""원본 튜토리얼 구조의 전체 실행(100 에포크) 학습 기록을 만들어 패키지에 넣는다.

07·08 노트북은 빠른 모드에서도 과적합 곡선을 보여 주려고 이 기록을 읽는다.
검증 세트(훈련의 마지막 10,000장)와 테스트 세트의 에포크별 손실·정확도를 모두 적는다(테스트 세트는
``callbacks.EpochRecorder`` 가 학습에 쓰지 않고 평가만 한다. 에포크별 누적 학습 시간 ``seconds`` 도 함께 적힌다).

    MNIST_LESSON_DATA=../shared/data/mnist.npz python scripts/record_seed_history.py
"""

import datetime
import json
import os
import platform
import time

import keras
import tensorflow as tf

from mnist_lesson import artifacts, config, data, models, preprocess
from mnist_lesson.callbacks import EpochRecorder  # 에포크마다 테스트 손실·정확도(와 학습 시간)를 기록에 더한다


def main(epochs: int = config.FULL_EPOCHS, out=artifacts.RECORDED_DIR / "seed_mlp_100_epochs.json") -> None:
    config.set_seed(config.SEED)
    (x_train, y_train), (x_test, y_test) = data.load_mnist()
    x_train, x_test = preprocess.to_model_input(x_train), preprocess.to_model_input(x_test)
    (x_fit, y_fit), (x_val, y_val) = preprocess.split_validation(x_train, y_train)
    model = models.compile_like_original(models.build_seed_mlp())
    start = time.perf_counter()
    history = model.fit(
        x_fit, y_fit, epochs=epochs, batch_size=config.BATCH_SIZE,
        validation_data=(x_val, y_val), callbacks=[EpochRecorder(x_test, y_test)], verbose=2,
    )
    seconds = time.perf_counter() - start
    path = artifacts.save_history(
        history, out,
        epochs=epochs, seed=config.SEED, batch_size=config.BATCH_SIZE, train_samples=len(x_fit),
        val_samples=len(x_val), seconds=round(seconds, 1), cpu_count=os.cpu_count(),
        machine=platform.platform(), tensorflow=tf.__version__, keras=keras.__version__,
        recorded=datetime.date.today().isoformat(),
    )
    print(json.dumps({"saved": str(path), "seconds": round(seconds, 1)}))


if __name__ == "__main__":
    main()
