"""도우미 함수의 인자 검사: 학생이 잘못 넘기기 쉬운 값(n, cols, top, 레이블, 비율, 선택지)을 한국어 오류로 알린다.

NumPy·matplotlib·scikit-learn 의 영어 오류가 깊은 곳에서 나기 전에, 부른 곳에서 무엇이 잘못됐는지 말한다.
"""

from __future__ import annotations

import numbers

from mnist_lesson.errors import LessonInputError


def shown(value, limit: int = 60) -> str:
    """메시지에 넣을 짧은 표현(길면 자르고, 마크다운을 깨는 역따옴표는 뺀다). 어떤 값이어도 예외를 내지 않는다."""
    try:
        if type(value).__name__ == "ndarray":  # NumPy 를 가져오지 않고 알아본다(이 모듈은 가볍게 둔다)
            text = f"모양 {value.shape}, 자료형 {value.dtype} 인 배열"
        else:
            text = repr(value)
    except Exception:
        text = f"<{type(value).__name__}>"
    text = text.replace("`", "'").replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def count(value, name: str, *, minimum: int = 1) -> int:
    """개수 인자(예: ``n``, ``cols``, ``top``): ``minimum`` 이상의 정수. 파이썬 int 로 돌려준다."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise LessonInputError(
            f"{name} 값은 {minimum} 이상의 정수여야 합니다(받은 값: {shown(value)}, {type(value).__name__}). "
            f"예: {name}={max(minimum, 8)}"
        )
    if value < minimum:
        raise LessonInputError(f"{name} 값은 {minimum} 이상의 정수여야 합니다(받은 값: {int(value)}).")
    return int(value)


def digit(value, name: str) -> int:
    """숫자 레이블 하나(0~9 의 정수, 예: ``true_label=y_test[0]``)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not 0 <= value <= 9:
        raise LessonInputError(
            f"{name} 값은 0~9 의 정수(숫자 레이블 하나)여야 합니다(받은 값: {shown(value)}). 예: {name}=y_test[0]"
        )
    return int(value)


def fraction(value, name: str, example: str = "0.986") -> float:
    """0 보다 크고 1 이하인 비율(예: 정확도 목표 0.986). 퍼센트(98.6)로 준 것으로 보이면 그렇게 알린다."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise LessonInputError(f"{name} 값은 0~1 사이의 비율이어야 합니다(받은 값: {shown(value)}). 예: {name}={example}")
    if not 0 < value <= 1:
        hint = f" 퍼센트로 준 것 같습니다: {value / 100:g} 처럼 100 으로 나눈 비율로 주세요." if 1 < value <= 100 else ""
        raise LessonInputError(f"{name} 값은 0 보다 크고 1 이하인 비율이어야 합니다(받은 값: {value:g}).{hint}")
    return float(value)


def choice(value, name: str, options) -> object:
    """정해진 값(글 또는 None) 중 하나(예: ``normalize`` 는 None, 'true', 'pred', 'all')."""
    options = tuple(options)
    if not (value is None or isinstance(value, str)) or value not in options:
        listed = ", ".join(repr(o) for o in options)
        raise LessonInputError(f"{name} 값은 {listed} 중 하나여야 합니다(받은 값: {shown(value)}).")
    return value
