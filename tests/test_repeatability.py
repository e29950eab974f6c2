"""같은 시드로 두 번 짧게 학습하면 CPU 에서 손실이 끝자리까지 같다(06 노트북이 가르치는 것)."""

import numpy as np

from mnist_lesson import config, models, preprocess


def _short_run(x, y, seed):
    config.set_seed(seed)
    model = models.compile_like_original(models.build_seed_mlp())
    history = model.fit(x, y, epochs=2, batch_size=128, shuffle=True, verbose=0)
    return history.history["loss"]


def test_same_seed_same_losses(mnist):
    (x_train, y_train), _ = mnist
    x = preprocess.to_model_input(x_train[:1024])
    y = y_train[:1024]
    first = _short_run(x, y, seed=1234)
    second = _short_run(x, y, seed=1234)
    assert first == second                         # 완전히 같다(근사가 아니라)
    assert first[1] < first[0]                     # 그리고 실제로 학습했다
    other = _short_run(x, y, seed=4321)
    assert not np.allclose(first, other)           # 다른 시드는 다른 결과: 테스트가 헛돌지 않는다
