"""확인 함수를 짧게 쓰게 돕는 조각들: 답을 숫자·배열로 읽기, 흔한 실수와 메시지 짝짓기.

여기의 함수는 틀린 답에 ``Incorrect`` 를 낸다. 메시지에는 학생이 낸 값은 넣어도 정답 값은 넣지 않는다.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from mnist_lesson.errors import LessonInputError
from mnist_lesson.exercises.core import Incorrect


def shown(value, limit: int = 60) -> str:
    """메시지에 넣을 짧은 표현(길면 자르고, 마크다운을 깨는 역따옴표는 뺀다)."""
    if isinstance(value, np.ndarray):
        text = f"모양 {value.shape}, 자료형 {value.dtype} 인 배열"
    else:
        text = repr(value)
    text = text.replace("`", "'").replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def as_number(answer, what: str = "답") -> float | int:
    """답을 숫자 하나로 읽는다.

    Raises:
        Incorrect: 참/거짓, 문자열, 목록·배열처럼 숫자 하나가 아닐 때.
    """
    if isinstance(answer, (bool, np.bool_)):
        raise Incorrect(f"{what} 은(는) 참/거짓({answer})이 아니라 숫자 하나입니다.")
    if isinstance(answer, str):
        raise Incorrect(
            f"{what} 에 문자열 {shown(answer)} 을(를) 넣었습니다. 따옴표 없이 숫자나 계산식으로 적으세요."
        )
    if isinstance(answer, np.ndarray) and answer.size == 1:
        raise Incorrect(f"{what} 은(는) 배열이 아니라 숫자 하나입니다. `int(...)` 나 `.item()` 으로 꺼내세요.")
    if not isinstance(answer, (numbers.Number, np.number)) or isinstance(answer, complex):
        raise Incorrect(f"{what} 은(는) 숫자 하나입니다(받은 것: {type(answer).__name__} {shown(answer)}).")
    value = answer.item() if isinstance(answer, np.generic) else answer
    if isinstance(value, float) and not math.isfinite(value):
        raise Incorrect(f"{what} 이(가) {value} 입니다. 유한한 숫자여야 합니다.")
    return value


def close(value, target, tol: float = 0.0) -> bool:
    """두 숫자가 같은지(``tol`` 은 허용하는 절대 오차)."""
    return math.isclose(float(value), float(target), rel_tol=1e-9, abs_tol=tol)


def number_checker(expected, *, mistakes=(), otherwise: str, template: str | None = None,
                   integer: bool = True, tol: float = 0.0, what: str = "답"):
    """정답이 숫자 하나인 문제의 확인 함수를 만든다.

    Args:
        expected: 정답 값.
        mistakes: ``(틀린 값 또는 판정 함수, 메시지)`` 들. 앞에서부터 처음 맞는 것의 메시지를 쓴다.
        otherwise: 알려진 실수가 아닐 때의 메시지.
        template: 틀렸을 때 보여 줄 코드의 틀(정답 값은 넣지 않는다).
        integer: 정답이 정수인지(소수가 나오면 그것부터 알려 준다).
        tol: 허용하는 절대 오차.
        what: 메시지에서 답을 부르는 이름.

    Returns:
        ``check(answer)`` 함수.
    """

    def check(answer):
        value = as_number(answer, what)
        if close(value, expected, tol):
            return
        for wrong, message in mistakes:
            if (wrong(value) if callable(wrong) else close(value, wrong, tol)):
                raise Incorrect(message, template)
        if integer and not float(value).is_integer():
            raise Incorrect(f"{what} 은(는) 정수입니다(받은 값 {shown(value)}). {otherwise}", template)
        raise Incorrect(otherwise, template)

    return check


def as_array(answer, what: str = "답") -> np.ndarray:
    """답을 NumPy 배열로 읽는다(텐서나 목록도 받는다).

    Raises:
        Incorrect: 배열로 바꿀 수 없을 때.
    """
    if isinstance(answer, np.ndarray):
        return answer
    if isinstance(answer, (str, bytes, dict, set)) or answer is None:
        raise Incorrect(f"{what} 은(는) 배열이어야 합니다(받은 것: {type(answer).__name__} {shown(answer)}).")
    try:
        array = np.asarray(answer)
    except Exception:
        raise Incorrect(f"{what} 을(를) 배열로 바꿀 수 없습니다(받은 것: {type(answer).__name__}).") from None
    if array.dtype == object:
        raise Incorrect(f"{what} 은(는) 숫자 배열이어야 합니다(받은 것: {type(answer).__name__} {shown(answer)}).")
    return array


def context_labels(values, name: str, n: int | None = None) -> np.ndarray:
    """check 에 함께 넘긴 레이블(예: ``y_test``)을 검사해 정수 배열로 돌려준다.

    Raises:
        Incorrect: 레이블이 아닐 때(무엇을 넘겨야 하는지 알려 준다).
    """
    from mnist_lesson.preprocess import check_labels

    try:
        return check_labels(np.asarray(values) if not isinstance(values, np.ndarray) else values, n=n, name=name)
    except LessonInputError as exc:
        raise Incorrect(f"check 에 함께 넘긴 `{name}` 이(가) 올바르지 않습니다: {exc}") from None


def context_images(values, name: str = "x_train") -> np.ndarray:
    """check 에 함께 넘긴 원본 이미지(uint8, (n, 28, 28) 또는 (n, 784))를 검사한다.

    Raises:
        Incorrect: 원본 MNIST 이미지가 아닐 때.
    """
    from mnist_lesson.preprocess import check_images

    try:
        return check_images(np.asarray(values) if not isinstance(values, np.ndarray) else values, name=name)
    except LessonInputError as exc:
        raise Incorrect(
            f"check 에 함께 넘긴 `{name}` 은(는) 불러온 그대로의 원본 이미지여야 합니다: {exc}"
        ) from None


def activation_name(layer) -> str:
    """Keras 층의 활성화 함수 이름(``"relu"``, ``"softmax"``, 활성화가 없으면 ``"linear"``)."""
    return getattr(layer.activation, "__name__", str(layer.activation))
