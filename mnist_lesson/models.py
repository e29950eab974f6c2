"""모델: 원본 튜토리얼의 다층 퍼셉트론(784→256→256→128→64→10)을 다시 만든다.

02 노트북이 이 구조를 셀에 직접 써서 가르친다. 03~07 노트북은 앞 수업을 되풀이하지 않도록
여기의 함수로 같은 모델을 만든다.
"""

from __future__ import annotations

import os

from mnist_lesson.errors import LessonInputError

# 784→256→256→128→64→10 의 학습 파라미터 수: 각 층은 (입력 수 × 뉴런 수) 가중치 + 뉴런 수 만큼의 편향.
SEED_MLP_UNITS = (256, 256, 128, 64)
SEED_MLP_PARAMS = 308_554


def build_seed_mlp(name: str = "seed_mlp"):
    """원본 튜토리얼과 같은 구조의 Sequential 모델(컴파일 전)을 만든다.

    원본과 달리 ``keras.Input(shape=(784,))`` 을 먼저 두어 학습 전에도 ``model.summary()`` 가 동작한다.

    Returns:
        keras.Sequential 모델.
    """
    import keras
    from keras import layers

    return keras.Sequential(
        [keras.Input(shape=(784,))]
        + [layers.Dense(units, activation="relu") for units in SEED_MLP_UNITS]
        + [layers.Dense(10, activation="softmax")],
        name=name,
    )


def compile_like_original(model):
    """원본과 같은 설정으로 컴파일한다: RMSprop, sparse categorical cross-entropy, 정확도.

    03 노트북의 ``compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])`` 과
    같은 설정이고 학습 기록도 같다(``tests/test_models.py`` 가 비교한다). 다른 점은 하나, 정확도 지표와 옵티마이저의
    변수를 지금 만들어 둔다는 것이다. TensorFlow 백엔드의 Keras 는 이 변수들을 첫 ``fit`` 이 계산 그래프를 그리는
    도중에 만드는데, 그리는 도중에 변수가 생기면 TensorFlow 는 그래프를 한 번 더 그린다(첫 ``fit`` 마다 0.3~0.5초,
    빠른 모드의 짧은 학습에서는 학습 시간의 절반 가까이). 레이블이 정수이므로(sparse 손실) 문자열 ``"accuracy"`` 가
    고르는 지표도 ``SparseCategoricalAccuracy`` 이다.

    Returns:
        컴파일한 같은 모델(연결해서 쓰기 편하도록).
    """
    import keras

    model.compile(
        optimizer="rmsprop",
        loss="sparse_categorical_crossentropy",
        metrics=[keras.metrics.SparseCategoricalAccuracy(name="accuracy")],
    )
    if model.built:  # 입력 모양을 모르는 모델은 변수가 아직 없다: 첫 fit 이 만든다(Keras 의 기본 동작)
        model.optimizer.build(model.trainable_variables)
    return model


def _looks_like_input(value) -> bool:
    """모델 자리에 들어온 값이 모델에 넣을 입력(이미지, 배열, MnistDigit, 캔버스 그림)처럼 보이는지: 인자를 바꿔 넘긴 경우."""
    if isinstance(value, str):
        return value.startswith("data:image/")
    names = {cls.__name__ for cls in type(value).__mro__}
    return bool(names & {"ndarray", "list", "tuple", "MnistDigit", "Image", "Tensor", "EagerTensor"}) or (
        hasattr(value, "shape") and hasattr(value, "dtype"))


def check_model(model, name: str = "model", call: str | None = None) -> tuple:
    """keras 모델인지 확인하고 입력 모양(배치 축을 뺀 것, 예: ``(784,)``)을 돌려준다.

    ``artifacts.load_model`` 은 파일이 없으면 None 을 돌려주므로, 그 None 이나 파일 경로가 그대로 들어오면
    ``'NoneType' object has no attribute 'inputs'`` 같은 오류 대신 무엇을 하면 되는지 알린다.

    Args:
        model: 검사할 값.
        name: 오류 메시지에 쓸 인자 이름.
        call: 부른 함수의 바른 사용 예(예: ``"handwriting.predict(model, digits)"``). 모델 자리에 이미지나 배열이
            들어와 인자의 순서가 바뀐 것으로 보이면 이 예를 보여 준다.

    Raises:
        LessonInputError: None, 경로, 모델이 아닌 것, 입력 모양을 아직 모르는 모델일 때.
    """
    if model is None:
        raise LessonInputError(
            f"{name} 자리에 모델이 없습니다(None). artifacts.load_model 함수는 파일이 없거나 읽을 수 없으면 None 을 "
            "돌려줍니다: 모델을 불러왔는지(결과가 None 이 아닌지) 확인하고, 없으면 먼저 학습하거나 저장한 노트북을 실행하세요."
        )
    swapped = _looks_like_input(model)
    if isinstance(model, (str, bytes, os.PathLike)) and not swapped:
        raise LessonInputError(
            f"{name} 자리에 모델 대신 파일 경로가 들어왔습니다({model!r}). "
            "먼저 model = artifacts.load_model(경로) 로 불러오고, 그 결과를 넘기세요."
        )
    import keras

    if not isinstance(model, keras.Model):
        if swapped:
            order = f"모델이 들어갈 자리를 확인하세요: {call}" if call else "인자의 순서를 확인하세요."
            todo = f" 모델 대신 이미지나 배열이 들어온 것으로 보입니다: 인자의 순서가 바뀌지 않았나요? {order}"
        else:
            todo = " 학습한 모델(예: keras.Sequential 로 만든 model)이나 artifacts.load_model(경로) 로 불러온 모델을 넘기세요."
        raise LessonInputError(f"{name} 자리에는 keras 모델이 필요합니다(받은 것: {type(model).__name__}).{todo}")
    try:
        return tuple(model.inputs[0].shape[1:])
    except (AttributeError, ValueError, IndexError, TypeError):
        raise LessonInputError(
            f"{name} 모델의 입력 모양을 아직 모릅니다: 첫 층 앞에 keras.Input(shape=(784,)) 처럼 입력을 두거나, "
            "한 번 학습(fit)한 뒤에 쓰세요."
        ) from None
