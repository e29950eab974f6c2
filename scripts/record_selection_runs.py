"""08·09 노트북이 설정을 고를 때 쓰는 기록: 후보 방법마다 여러 시드로 학습하고 검증 세트로만 평가한다.

08(규제)은 MLP 후보들을, 09(CNN)는 합성곱 신경망의 후보들(학습률, 데이터 증강, 배치 정규화, 에포크)을
같은 훈련 50,000장 / 검증 10,000장, 같은 최대 에포크로 시드 여러 개씩 학습한다. 노트북은 이 기록의
평균과 퍼짐으로 고르고, 고른 방법 하나만 테스트 세트로 한 번 평가한다. 그래서 이 스크립트는 테스트 세트를
평가하지 않는다(기록에 테스트 정확도가 없다).

후보의 모델 코드는 08·09 노트북의 셀과 같다(``tests/test_recorded_runs.py`` 가 확인한다).
학습 시간(``seconds``)은 ``mnist_lesson.callbacks.EpochRecorder`` 로 재지만, 여러 사람이 함께 쓰는 기계에서
기록했다면 참고용일 뿐이다(정확도와 손실은 op 결정성 덕분에 부하와 상관없이 같다). 시간은 벤치마크가 잰다.

    MNIST_LESSON_DATA=../shared/data/mnist.npz nice -n 15 python scripts/record_selection_runs.py mlp
    MNIST_LESSON_DATA=../shared/data/mnist.npz nice -n 15 python scripts/record_selection_runs.py cnn --recipes cnn,lr_0.002

이미 기록된 (후보, 시드)는 건너뛰고, 학습 하나가 끝날 때마다 파일을 다시 쓴다(중간에 멈춰도 이어서 할 수 있다).
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mnist_lesson import artifacts  # noqa: E402  (가벼운 모듈: TensorFlow 를 가져오지 않는다)

SEEDS = (1234, 1235, 1236)
OUTPUT = {
    "mlp": artifacts.RECORDED_DIR / "selection_mlp_08.json",
    "cnn": artifacts.RECORDED_DIR / "selection_cnn_09.json",
}
EPOCHS = {"mlp": 15, "cnn": 12}  # 08·09 노트북의 config.setup(full_epochs=…)


# ---------------------------------------------------------------------------------------------
# 08 의 MLP 후보. 각 함수는 (모델, fit 에 줄 인자) 를 돌려준다. 시드는 부르기 전에 고정한다.
# ---------------------------------------------------------------------------------------------


def _mlp_baseline(n_fit, epochs):
    """원본 방법(규제 없음)."""
    from mnist_lesson import models

    model = models.compile_like_original(models.build_seed_mlp(name="baseline"))
    return model, dict(epochs=epochs, batch_size=128)


def _mlp_early_stopping(n_fit, epochs):
    """원본 방법 + 조기 종료."""
    import keras

    from mnist_lesson import models

    model = models.compile_like_original(models.build_seed_mlp(name="early_stopping"))
    early_stopping = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
    return model, dict(epochs=epochs, batch_size=128, callbacks=[early_stopping])


def _mlp_dropout(n_fit, epochs):
    import keras
    from keras import layers

    model = keras.Sequential([
        keras.Input(shape=(784,)),
        layers.Dense(256, activation="relu"), layers.Dropout(0.2),
        layers.Dense(256, activation="relu"), layers.Dropout(0.2),
        layers.Dense(128, activation="relu"), layers.Dropout(0.2),
        layers.Dense(64, activation="relu"), layers.Dropout(0.2),
        layers.Dense(10, activation="softmax"),
    ], name="dropout")
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model, dict(epochs=epochs, batch_size=128)


def _mlp_batch_norm(n_fit, epochs):
    import keras
    from keras import layers

    model = keras.Sequential([
        keras.Input(shape=(784,)),
        layers.Dense(256, use_bias=False), layers.BatchNormalization(), layers.Activation("relu"),
        layers.Dense(256, use_bias=False), layers.BatchNormalization(), layers.Activation("relu"),
        layers.Dense(128, use_bias=False), layers.BatchNormalization(), layers.Activation("relu"),
        layers.Dense(64, use_bias=False), layers.BatchNormalization(), layers.Activation("relu"),
        layers.Dense(10, activation="softmax"),
    ], name="batch_norm")
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model, dict(epochs=epochs, batch_size=128)


def _mlp_cosine(n_fit, epochs):
    import keras

    from mnist_lesson import models

    steps_per_epoch = math.ceil(n_fit / 128)
    schedule = keras.optimizers.schedules.CosineDecay(
        initial_learning_rate=0.001,
        decay_steps=epochs * steps_per_epoch,
    )
    model = models.build_seed_mlp(name="cosine_decay")
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=schedule),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model, dict(epochs=epochs, batch_size=128)


def _mlp_combined(n_fit, epochs):
    import keras
    from keras import layers

    steps_per_epoch = math.ceil(n_fit / 128)
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        layers.Dense(256, use_bias=False), layers.BatchNormalization(), layers.Activation("relu"), layers.Dropout(0.2),
        layers.Dense(256, use_bias=False), layers.BatchNormalization(), layers.Activation("relu"), layers.Dropout(0.2),
        layers.Dense(128, use_bias=False), layers.BatchNormalization(), layers.Activation("relu"), layers.Dropout(0.2),
        layers.Dense(64, use_bias=False), layers.BatchNormalization(), layers.Activation("relu"), layers.Dropout(0.2),
        layers.Dense(10, activation="softmax"),
    ], name="combined")
    schedule = keras.optimizers.schedules.CosineDecay(0.002, decay_steps=epochs * steps_per_epoch)
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=schedule),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    early_stopping = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
    return model, dict(epochs=epochs, batch_size=128, callbacks=[early_stopping])


def _mlp_wider(n_fit, epochs):
    import keras
    from keras import layers

    best_batch_size = 256
    best_steps = epochs * math.ceil(n_fit / best_batch_size)
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        layers.Dense(512, use_bias=False), layers.BatchNormalization(), layers.Activation("relu"), layers.Dropout(0.2),
        layers.Dense(256, use_bias=False), layers.BatchNormalization(), layers.Activation("relu"), layers.Dropout(0.2),
        layers.Dense(128, use_bias=False), layers.BatchNormalization(), layers.Activation("relu"), layers.Dropout(0.2),
        layers.Dense(64, use_bias=False), layers.BatchNormalization(), layers.Activation("relu"), layers.Dropout(0.2),
        layers.Dense(10, activation="softmax"),
    ], name="wider_mlp")
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=keras.optimizers.schedules.CosineDecay(0.002, best_steps)),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    early_stopping = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
    return model, dict(epochs=epochs, batch_size=best_batch_size, callbacks=[early_stopping])


MLP_RECIPES = {
    "baseline": (_mlp_baseline, "원본 방법(규제 없음)"),
    "early_stopping": (_mlp_early_stopping, "조기 종료(patience 3)"),
    "dropout": (_mlp_dropout, "은닉층마다 Dropout(0.2)"),
    "batch_norm": (_mlp_batch_norm, "Dense → BatchNormalization → ReLU"),
    "cosine_decay": (_mlp_cosine, "코사인 감쇠 0.001 → 0"),
    "combined": (_mlp_combined, "배치 정규화 + 드롭아웃 + 코사인 감쇠(0.002) + 조기 종료"),
    "wider": (_mlp_wider, "'모두 합치기'에 첫 층 512, 배치 256"),
}


# ---------------------------------------------------------------------------------------------
# 09 의 CNN 후보. 기준은 노트북의 CNN(옮기기 증강, 배치 정규화 없음, Adam + 코사인 감쇠 0.004, 12 에포크)이고,
# 후보마다 한 가지만 바꾼다.
# ---------------------------------------------------------------------------------------------


def _cnn_layers(augmentation, batch_norm: bool):
    """합성곱 블록 세 개. batch_norm 이면 합성곱(편향 없음) → 배치 정규화 → ReLU."""
    from keras import layers

    blocks = []
    for filters in (32, 64, 128):
        if batch_norm:
            blocks += [layers.Conv2D(filters, 3, padding="same", use_bias=False), layers.BatchNormalization(),
                       layers.Activation("relu")]
        else:
            blocks += [layers.Conv2D(filters, 3, padding="same", activation="relu")]
        blocks += [layers.MaxPooling2D()]
    return list(augmentation) + blocks + [layers.Flatten(), layers.Dropout(0.3), layers.Dense(10, activation="softmax")]


def _cnn_compile(model, n_fit, epochs, learning_rate, batch_size=128):
    import keras

    steps_per_epoch = math.ceil(n_fit / batch_size)
    schedule = keras.optimizers.schedules.CosineDecay(learning_rate, decay_steps=epochs * steps_per_epoch)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=schedule),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model, dict(epochs=epochs, batch_size=batch_size)


def _cnn(n_fit, epochs):
    """09 노트북 4·5절의 CNN 그대로."""
    import keras
    from keras import layers

    model = keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.RandomTranslation(0.1, 0.1, fill_mode="constant", interpolation="nearest"),
        layers.Conv2D(32, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(),
        layers.Conv2D(64, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(),
        layers.Conv2D(128, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(),
        layers.Flatten(),
        layers.Dropout(0.3),
        layers.Dense(10, activation="softmax"),
    ], name="cnn")
    return _cnn_compile(model, n_fit, epochs, 0.004)


def _shift():
    from keras import layers

    return [layers.RandomTranslation(0.1, 0.1, fill_mode="constant", interpolation="nearest")]


def _cnn_variant(augmentation=_shift, batch_norm=False, learning_rate=0.004, epochs=None):
    def build(n_fit, full_epochs):
        import keras

        model = keras.Sequential([keras.Input(shape=(28, 28, 1))] + _cnn_layers(augmentation(), batch_norm), name="cnn")
        return _cnn_compile(model, n_fit, epochs or full_epochs, learning_rate)

    return build


def _no_augmentation():
    return []


CNN_RECIPES = {
    "cnn": (_cnn, "옮기기 증강, 배치 정규화 없음, Adam + 코사인 감쇠 0.004, 12 에포크"),
    "lr_0.002": (_cnn_variant(learning_rate=0.002), "처음 학습률 0.002"),
    "lr_0.001": (_cnn_variant(learning_rate=0.001), "처음 학습률 0.001(Adam 의 기본값)"),
    "no_augmentation": (_cnn_variant(augmentation=_no_augmentation), "데이터 증강 없음"),
    "batch_norm": (_cnn_variant(batch_norm=True), "합성곱마다 배치 정규화"),
    "epochs_8": (_cnn_variant(epochs=8), "8 에포크(스케줄도 8 에포크에 맞춤)"),
}

RECIPES = {"mlp": MLP_RECIPES, "cnn": CNN_RECIPES}


# ---------------------------------------------------------------------------------------------


def _data(kind: str):
    """06~09 노트북과 같은 훈련·검증 분할. 테스트 세트는 돌려주지 않는다."""
    from mnist_lesson import data, preprocess

    (x_train, y_train), _ = data.load_mnist()
    x_train = preprocess.to_model_input(x_train)
    if kind == "cnn":
        x_train = x_train.reshape(-1, 28, 28, 1)
    return preprocess.split_validation(x_train, y_train)


def _write(path: Path, record: dict) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".json", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(record, handle, ensure_ascii=False, indent=1)
        handle.write("\n")
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def _meta(kind: str, seeds) -> dict:
    import keras
    import tensorflow as tf

    return {
        "script": "scripts/record_selection_runs.py",
        "lesson": {"mlp": "08_regularization", "cnn": "09_cnn"}[kind],
        "full_epochs": EPOCHS[kind],
        "seeds": list(seeds),
        "train_samples": 50_000,
        "val_samples": 10_000,
        "evaluated_on": "validation only (the test set is not used)",
        "seconds_note": "recorded on a shared 2-core machine with nice -n 15: seconds are indications only",
        "cpu_count": os.cpu_count(),
        "machine": platform.platform(),
        "python": platform.python_version(),
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
    }


def record(kind: str, names, seeds, out: Path) -> dict:
    from mnist_lesson import config
    from mnist_lesson.callbacks import EpochRecorder

    recipes = RECIPES[kind]
    meta = _meta(kind, seeds)
    existing = json.loads(out.read_text()) if out.is_file() else None
    if existing and {k: existing["meta"].get(k) for k in ("full_epochs", "tensorflow", "keras")} != {
            k: meta[k] for k in ("full_epochs", "tensorflow", "keras")}:
        raise SystemExit(f"{out} 은 다른 설정(에포크 또는 버전)으로 기록되었습니다. 지우고 다시 기록하세요.")
    runs = existing["runs"] if existing else []
    done = {(r["recipe"], r["seed"]) for r in runs}
    (x_fit, y_fit), (x_val, y_val) = _data(kind)
    for name in names:
        build, note = recipes[name]
        for seed in seeds:
            if (name, seed) in done:
                continue
            config.set_seed(seed)
            model, fit = build(len(x_fit), EPOCHS[kind])
            fit["callbacks"] = list(fit.get("callbacks", [])) + [EpochRecorder()]
            started = time.perf_counter()
            history = model.fit(x_fit, y_fit, validation_data=(x_val, y_val), verbose=0, **fit).history
            val = model.evaluate(x_val, y_val, batch_size=1000, verbose=0, return_dict=True)
            hist = {k: [float(v) for v in values] for k, values in history.items()}
            run = {
                "recipe": name, "seed": seed, "epochs": len(hist["loss"]),
                "best_epoch": int(min(range(len(hist["val_loss"])), key=hist["val_loss"].__getitem__)) + 1,
                "val_loss": float(val["loss"]), "val_accuracy": float(val["accuracy"]),
                "seconds": round(hist["seconds"][-1], 1), "params": int(model.count_params()), "history": hist,
            }
            runs.append(run)
            meta["recorded"] = datetime.date.today().isoformat()
            notes = {n: RECIPES[kind][n][1] for n in dict.fromkeys([r["recipe"] for r in runs])}
            _write(out, {"meta": meta, "recipes": notes, "runs": runs})
            print(f"[{datetime.datetime.now():%H:%M:%S}] {name} seed {seed}: {run['epochs']} 에포크, "
                  f"검증 손실 {run['val_loss']:.4f}, 검증 정확도 {run['val_accuracy']:.4f} "
                  f"({time.perf_counter() - started:.0f}초)", flush=True)
    return json.loads(out.read_text())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="08·09 의 후보 방법을 여러 시드로 학습해 검증 세트 성적을 기록한다.")
    parser.add_argument("kind", choices=sorted(RECIPES))
    parser.add_argument("--recipes", help="쉼표로 구분한 후보 이름(기본: 전부)")
    parser.add_argument("--seeds", default=",".join(map(str, SEEDS)))
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    names = args.recipes.split(",") if args.recipes else list(RECIPES[args.kind])
    unknown = [n for n in names if n not in RECIPES[args.kind]]
    if unknown:
        parser.error(f"모르는 후보 {unknown}. 쓸 수 있는 것: {', '.join(RECIPES[args.kind])}")
    seeds = [int(s) for s in args.seeds.split(",")]
    record(args.kind, names, seeds, args.out or OUTPUT[args.kind])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
