"""모델: 원본 튜토리얼의 다층 퍼셉트론(784→256→256→128→64→10)을 다시 만든다.

02 노트북이 이 구조를 셀에 직접 써서 가르친다. 03~07 노트북은 앞 수업을 되풀이하지 않도록
여기의 함수로 같은 모델을 만든다.
"""

from __future__ import annotations

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

    Returns:
        컴파일한 같은 모델(연결해서 쓰기 편하도록).
    """
    model.compile(
        optimizer="rmsprop",
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model
