"""학습 중 기록: 에포크마다 누적 학습 시간과 (주면) 테스트 세트 손실·정확도를 학습 기록에 더한다.

테스트 세트는 학습에 쓰지 않는다. 벤치마크(``benchmarks/benchmark.py``)가 "몇 에포크, 몇 초 만에 테스트 정확도가
98% 를 넘었나" 를 재려고 쓴다. 테스트 평가에 든 시간은 학습 시간에서 뺀다.
"""

from __future__ import annotations

import time

import keras

from mnist_lesson.arguments import count
from mnist_lesson.errors import LessonInputError


class EpochRecorder(keras.callbacks.Callback):
    """에포크가 끝날 때마다 ``seconds``(누적 학습 시간)와 ``test_loss``·``test_accuracy`` 를 기록에 더한다.

    ``seconds`` 는 ``fit`` 이 시작된 뒤 흐른 시간에서 이 콜백의 테스트 평가 시간을 뺀 값이다
    (검증 세트 평가처럼 학습 방법에 들어 있는 일은 포함한다).

    Args:
        x_test: 테스트 입력. None 이면 시간만 기록한다.
        y_test: 테스트 레이블.
        batch_size: 테스트 평가의 배치 크기(클수록 빠르다; 결과는 같다).
    """

    def __init__(self, x_test=None, y_test=None, batch_size: int = 1000):
        super().__init__()
        if (x_test is None) != (y_test is None):
            raise LessonInputError("테스트 입력(x_test)과 레이블(y_test)은 함께 주거나 둘 다 빼야 합니다.")
        if x_test is not None and len(x_test) != len(y_test):
            raise LessonInputError(f"x_test 배열({len(x_test):,}개)과 y_test 배열({len(y_test):,}개)의 샘플 수가 다릅니다.")
        self.x_test, self.y_test, self.batch_size = x_test, y_test, count(batch_size, "batch_size")
        self._start = 0.0
        self._excluded = 0.0

    def on_train_begin(self, logs=None):
        self._start = time.perf_counter()
        self._excluded = 0.0

    def on_epoch_end(self, epoch, logs=None):
        now = time.perf_counter()
        if logs is None:
            return
        logs["seconds"] = now - self._start - self._excluded
        if self.x_test is not None:
            result = self.model.evaluate(
                self.x_test, self.y_test, batch_size=self.batch_size, verbose=0, return_dict=True
            )
            for name, value in result.items():
                logs[f"test_{name}"] = float(value)
        self._excluded += time.perf_counter() - now
