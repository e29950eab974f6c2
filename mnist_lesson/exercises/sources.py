"""확인에 함께 넘기는 노트북 값의 출처: 채점기가 믿을 수 있는 값을 어디서 다시 만드는지.

``ex.q3.check(most_common_digit, y_test)`` 처럼 답 다음에 넘기는 값(``Exercise.args``)은 학생 커널에서 온다.
학생 커널은 그 값을 무엇으로든 바꿀 수 있으므로, 채점기는 그 값을 쓰지 않고 여기 적힌 출처에서 직접 다시 만든다.

- ``mnist("y_test")``: MNIST 배열(``data.load_mnist`` 로 다시 불러온다, 프로세스마다 한 번).
- ``recorded("seed_mlp_100_epochs")``: 패키지에 들어 있는 학습 기록(``mnist_lesson/recorded/``).
- ``computed(fn)``: 믿을 수 있는 재료만으로 값을 다시 만드는 인자 없는 함수(예: 패키지의 샘플 이미지를
  노트북이 보여 준 단계대로 처리한 것).
- ``from_kernel(reason, example=fn)``: 학생 커널에만 있는 값(그 학생의 모델이 낸 예측, 그 학생이 잰 시간).
  채점기는 이때만 커널의 값을 쓰고, ``reason`` 에 그래도 정직한 까닭을 적는다. ``example()`` 은 테스트가 쓸
  대표 값이다.

이 모듈을 가져와도 아무것도 불러오지 않는다: 값은 처음 부를 때 만든다.
"""

from __future__ import annotations

import functools
import os


class Source:
    """노트북 값 하나의 출처. ``value()`` 는 채점기가 믿을 수 있는 값, ``example()`` 은 테스트용 값."""

    trusted = True

    def value(self):
        raise NotImplementedError

    def example(self):
        return self.value()

    def describe(self) -> str:
        raise NotImplementedError

    def __repr__(self) -> str:
        return self.describe()


@functools.lru_cache(maxsize=2)
def _mnist_arrays(source_key: str):
    from mnist_lesson import data

    (x_train, y_train), (x_test, y_test) = data.load_mnist()
    return {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}


class _Mnist(Source):
    def __init__(self, name: str):
        self.name = name

    def value(self):
        # 데이터 위치(환경 변수)가 바뀌면 다시 불러온다. 돌려주는 배열은 읽기 전용이라 확인 함수가 바꿀 수 없다.
        array = _mnist_arrays(os.environ.get("MNIST_LESSON_DATA", ""))[self.name]
        array.flags.writeable = False
        return array

    def describe(self) -> str:
        return f"mnist({self.name!r})"


class _Recorded(Source):
    def __init__(self, name: str):
        self.name = name

    def value(self):
        from mnist_lesson import artifacts

        history, _ = artifacts.load_recorded_history(self.name)
        return history

    def describe(self) -> str:
        return f"recorded({self.name!r})"


class _Computed(Source):
    def __init__(self, fn):
        self.fn = fn

    def value(self):
        return self.fn()

    def describe(self) -> str:
        return f"computed({getattr(self.fn, '__qualname__', self.fn)!s})"


class _FromKernel(Source):
    trusted = False

    def __init__(self, reason: str, example):
        self.reason = reason
        self._example = example

    def value(self):
        raise LookupError("이 값은 학생 커널에만 있습니다: 채점기는 커널에서 받은 값을 씁니다.")

    def example(self):
        return self._example()

    def describe(self) -> str:
        return f"from_kernel({self.reason!r})"


_MNIST_NAMES = ("x_train", "y_train", "x_test", "y_test")


def mnist(name: str) -> Source:
    """MNIST 배열 하나(``"x_train"``, ``"y_train"``, ``"x_test"``, ``"y_test"``): 불러온 그대로의 값."""
    if name not in _MNIST_NAMES:
        raise ValueError(f"mnist() 에는 {', '.join(_MNIST_NAMES)} 중 하나를 넘깁니다(받은 것: {name!r}).")
    return _Mnist(name)


def recorded(name: str) -> Source:
    """패키지의 ``mnist_lesson/recorded/<name>.json`` 에 담긴 학습 기록(``{"loss": [...], ...}`` 사전)."""
    if not isinstance(name, str) or not name or "/" in name or "\\" in name:
        raise ValueError(f"recorded() 에는 기록 파일의 이름(확장자 없이)을 넘깁니다(받은 것: {name!r}).")
    return _Recorded(name)


def computed(fn) -> Source:
    """믿을 수 있는 재료(패키지의 파일, MNIST)만으로 값을 다시 만드는 인자 없는 함수."""
    if not callable(fn):
        raise TypeError(f"computed() 에는 인자 없는 함수를 넘깁니다(받은 것: {type(fn).__name__}).")
    return _Computed(fn)


def from_kernel(reason: str, *, example) -> Source:
    """학생 커널에만 있는 값. 채점기는 커널이 넘긴 값을 그대로 쓴다.

    Args:
        reason: 커널의 값을 써도 정직한 까닭(한국어, 코드에 남긴다).
        example: 테스트가 쓸 대표 값을 만드는 인자 없는 함수.
    """
    if not isinstance(reason, str) or not reason.strip():
        raise ValueError("from_kernel() 에는 커널의 값을 써도 되는 까닭(reason)을 적어야 합니다.")
    if not callable(example):
        raise TypeError("from_kernel() 의 example 에는 대표 값을 만드는 인자 없는 함수를 넘깁니다.")
    return _FromKernel(reason.strip(), example)


class _Undeclared(Source):
    """``args=("y_test", …)`` 처럼 이름만 적은 옛 선언(전환 중에만 받는다): 출처를 모른다."""

    trusted = False
    reason = "출처를 선언하지 않은 옛 형식(args 에 이름만 적음): 채점기는 커널의 값을 씁니다."

    def __init__(self, name: str):
        self.name = name

    def value(self):
        raise LookupError(self.reason)

    def example(self):
        raise LookupError(f"{self.name} 값의 출처가 선언되지 않아 대표 값이 없습니다.")

    def describe(self) -> str:
        return f"<출처 없음: {self.name}>"


def undeclared(name: str) -> Source:
    return _Undeclared(name)
