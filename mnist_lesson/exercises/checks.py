"""확인 함수를 짧게 쓰게 돕는 조각들: 답을 숫자·배열·Keras 모델로 읽기, 흔한 실수와 메시지 짝짓기.

여기의 함수는 틀린 답에 ``Incorrect`` 를 낸다. 메시지에는 학생이 낸 값은 넣어도 정답 값은 넣지 않는다.
확인 함수는 학생 커널에서도, 커널에서 받은 값으로 채점기에서도 돈다: 같은 답에 같은 결과를 낸다.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from mnist_lesson.arguments import shown
from mnist_lesson.errors import LessonInputError
from mnist_lesson.exercises.core import Incorrect




def _noun(what: str) -> str:
    """메시지에서 답을 부르는 명사: 한글로 끝나면 그대로(``"답"``, ``"`pooled_shape` 의 수"``),
    변수 이름처럼 한글이 아닌 글로 끝나면 뒤에 명사 '값' 을 붙인다(조사가 들어가는 글에 따라 바뀌지 않게)."""
    return what if what and "가" <= what[-1] <= "힣" else f"{what} 값"


def _particle(noun: str, with_final: str, without_final: str) -> str:
    """한글 명사 뒤의 조사를 받침으로 고른다(``_particle("답", "은", "는") == "답은"``)."""
    has_final = (ord(noun[-1]) - ord("가")) % 28 != 0
    return noun + (with_final if has_final else without_final)


def _topic(what: str) -> str:
    """주제어: ``"답은"``, ``"`pooled_shape` 의 수는"``, ``"`pixel_max` 값은"``."""
    return _particle(_noun(what), "은", "는")


def _as_scalar_array(answer):
    """텐서나 0차원 배열처럼 ``__array__`` 가 있는 값을 NumPy 배열로(아니면 None). 변환이 실패하면 ``Incorrect``."""
    if isinstance(answer, np.ndarray):
        return answer
    if not (hasattr(type(answer), "__array__") or hasattr(answer, "__array_interface__")):
        return None
    try:
        return np.asarray(answer)
    except Exception:
        raise Incorrect(f"답({type(answer).__name__})을 숫자로 읽을 수 없습니다. 숫자나 계산식으로 적으세요.") from None


def as_number(answer, what: str = "답") -> float | int:
    """답을 숫자 하나로 읽는다. 파이썬 숫자, NumPy 스칼라, 0차원 배열, 텐서(예: ``tf.constant(3)``)를 받는다.

    Raises:
        Incorrect: 참/거짓, 문자열, 목록·여러 칸 배열처럼 숫자 하나가 아닐 때.
    """
    if isinstance(answer, (bool, np.bool_)):
        raise Incorrect(f"{_topic(what)} 참/거짓({answer})이 아니라 숫자 하나입니다.")
    if isinstance(answer, str):
        raise Incorrect(f"{what} 자리에 문자열 {shown(answer)} 값을 넣었습니다. 따옴표 없이 숫자나 계산식으로 적으세요.")
    if not isinstance(answer, (numbers.Number, np.number)):
        array = _as_scalar_array(answer)
        if array is not None:
            if array.ndim == 0 and array.dtype.kind in "biuf":
                return as_number(array[()], what)
            if array.size == 1 and array.dtype.kind in "biuf":
                raise Incorrect(f"{_topic(what)} 배열이 아니라 숫자 하나입니다. `int(...)` 나 `.item()` 으로 꺼내세요.")
            raise Incorrect(f"{_topic(what)} 숫자 하나입니다(받은 것: {shown(array)}).")
    if isinstance(answer, np.ndarray) and answer.size == 1:
        raise Incorrect(f"{_topic(what)} 배열이 아니라 숫자 하나입니다. `int(...)` 나 `.item()` 으로 꺼내세요.")
    if not isinstance(answer, (numbers.Number, np.number)) or isinstance(answer, (complex, np.complexfloating)):
        raise Incorrect(f"{_topic(what)} 숫자 하나입니다(받은 것: {type(answer).__name__} {shown(answer)}).")
    value = answer.item() if isinstance(answer, np.generic) else answer
    if not isinstance(value, (int, float)):  # Fraction, Decimal 같은 다른 숫자
        value = float(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise Incorrect(f"{_particle(_noun(what), '이', '가')} {value} 입니다. 유한한 숫자여야 합니다.")
    return value


CHOICES = ("가", "나", "다")


def choice(answer, name: str, options=CHOICES) -> str:
    """보기 고르기의 답을 보기 글자로: 앞뒤의 공백과 따옴표는 뗀다. 보기에 없는 답이면 ``Incorrect``.

    Args:
        answer: 학생의 답(보통 ``"가"`` 같은 문자열).
        name: 답을 담은 변수의 이름(메시지에 쓴다).
        options: 보기 글자들.
    """
    picked = answer.strip().strip('"').strip() if isinstance(answer, str) else answer
    if picked not in options:
        listed = ", ".join(f'"{option}"' for option in options)
        raise Incorrect(f"`{name}` 에는 {listed} 중 하나를 적습니다(받은 것: {shown(answer)}).")
    return picked


def choice_problem(answer, name: str, wrong: dict, options=CHOICES) -> str | None:
    """보기 고르기의 답을 두고 학생에게 할 말 한 줄: 보기에 없는 답이면 ``choice`` 의 안내, 틀린 보기면 ``wrong[보기]``,
    맞는 보기(``wrong`` 에 없는 보기)면 ``None``.

    Args:
        answer: 학생의 답.
        name: 답을 담은 변수의 이름(메시지에 쓴다).
        wrong: 틀린 보기 → 그 보기를 고른 학생에게 할 말.
        options: 보기 글자들.
    """
    try:
        picked = choice(answer, name, options)
    except Incorrect as exc:
        return exc.message
    return wrong.get(picked)


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
            raise Incorrect(f"{_topic(what)} 정수여야 합니다(받은 값 {shown(value)}). {otherwise}", template)
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
        raise Incorrect(f"{_topic(what)} 배열이어야 합니다(받은 것: {type(answer).__name__} {shown(answer)}).")
    try:
        array = np.asarray(answer)
    except Exception:
        raise Incorrect(f"{_particle(_noun(what), '을', '를')} 배열로 바꿀 수 없습니다(받은 것: {type(answer).__name__}).") from None
    if array.dtype == object:
        raise Incorrect(f"{_topic(what)} 숫자 배열이어야 합니다(받은 것: {type(answer).__name__} {shown(answer)}).")
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
        raise Incorrect(f"check 에 함께 넘긴 `{name}` 값이 올바르지 않습니다: {exc}") from None


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
            f"check 에 함께 넘긴 `{name}` 값은 불러온 그대로의 원본 이미지여야 합니다: {exc}"
        ) from None


def keras_model(answer, what: str, template: str | None = None, *, packages=("keras",)):
    """답이 Keras 모델(``keras.Sequential`` 이든 함수형 API 의 ``keras.Model`` 이든)인지 확인하고 돌려준다.

    모든 수업의 '모델을 만드세요' 문제가 이 하나를 쓴다.

    Args:
        answer: 학생의 답.
        what: 메시지에서 답을 부르는 이름(예: ``"`small_model`"``).
        template: 틀렸을 때 보여 줄 코드의 틀.
        packages: 받아 주는 모델 클래스의 최상위 패키지들(예: ``("keras", "tf_keras", "tensorflow")``).

    Raises:
        Incorrect: 클래스 자체, 층 하나, Keras 가 아닌 값일 때.
    """
    if isinstance(answer, type):
        raise Incorrect("모델을 만드는 틀(클래스) 자체를 넣었습니다. 층 목록을 넣어 불러서 모델을 만드세요.", template)
    if answer is None:
        raise Incorrect(f"{_topic(what)} Keras 모델이어야 하는데 None 이 들어왔습니다. `model.summary()` 처럼 값을 돌려주지 "
                        "않는(출력만 하는) 메서드의 결과가 아니라, 모델을 담은 변수 자체를 넣으세요.", template)
    module = getattr(type(answer), "__module__", "") or ""
    if module.split(".")[0] not in packages:
        raise Incorrect(f"{_topic(what)} Keras 모델이어야 합니다(받은 것: {type(answer).__name__} {shown(answer)}).",
                        template)
    import keras  # 답이 Keras 객체이므로 이미 불러와져 있다

    if isinstance(answer, keras.layers.Layer) and not isinstance(answer, keras.Model):
        raise Incorrect("층 하나를 넣었습니다. 층들을 `keras.Sequential([...])` 로 묶은 모델을 만드세요.", template)
    if not isinstance(answer, keras.Model):
        raise Incorrect(f"{_topic(what)} Keras 모델이어야 합니다(받은 것: {type(answer).__name__}).", template)
    return answer


def model_layers(model) -> list:
    """모델의 층들(입력 자리 ``InputLayer`` 는 뺀다: 함수형 API 모델은 그것을 층 목록에 넣는다)."""
    import keras

    return [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]


def _is_plain_relu_layer(layer) -> bool:
    """``layers.ReLU()`` 층(기울기·상한·문턱을 바꾸지 않은 것)인지. 이 층은 ``layers.Activation("relu")`` 와 같은 일을 한다."""
    return (type(layer).__name__ == "ReLU" and getattr(layer, "max_value", None) is None
            and not getattr(layer, "negative_slope", 0) and not getattr(layer, "threshold", 0))


def layer_kind(layer) -> str:
    """층의 종류 이름(``"Dense"``, ``"Dropout"`` …). ``layers.ReLU()`` 층은 ``"Activation"`` 이다(같은 일을 한다)."""
    return "Activation" if _is_plain_relu_layer(layer) else type(layer).__name__


def activation_name(layer) -> str:
    """Keras 층의 활성화 함수 이름(``"relu"``, ``"softmax"``, 활성화가 없으면 ``"linear"``). ``layers.ReLU()`` 층은 ``"relu"``."""
    if _is_plain_relu_layer(layer):
        return "relu"
    activation = getattr(layer, "activation", None)
    if activation is None:
        return "linear"
    return getattr(activation, "__name__", str(activation))
