"""답을 커널에서 채점기로 옮기는 형식(exercises/values.py)과 커널 쪽 기록 도구(exercises/capture.py).

옮긴 값은 데이터일 뿐이어야 한다: 채점기 쪽에서 코드를 실행하지 않고, 꾸민 설명은 거절하고, 어떤 값에도 예외를 내지 않는다.
"""

import json

import numpy as np
import pytest

from mnist_lesson.exercises import ____, capture
from mnist_lesson.exercises.values import (MANIFEST, DecodeError, FunctionRef, Unreadable, decode, encode,
                                           read_manifest)


def roundtrip(value, tmp_path):
    node = json.loads(json.dumps(encode(value, tmp_path)))  # 파일에 적은 것과 같게
    return decode(node, tmp_path)


@pytest.mark.parametrize("value", [
    3, -2.5, True, None, "sparse_categorical_crossentropy", [0, ____], (13, 13, 32), {"val_loss": [0.3, 0.2]},
    {1, 2}, 3 + 4j,
])
def test_plain_values_come_back_equal(value, tmp_path):
    assert roundtrip(value, tmp_path) == value


def test_numpy_values_keep_their_type_shape_and_dtype(tmp_path):
    scalar = roundtrip(np.float32(2.5), tmp_path)
    assert type(scalar) is np.float32 and scalar == 2.5
    zero_d = roundtrip(np.asarray(7), tmp_path)
    assert isinstance(zero_d, np.ndarray) and zero_d.shape == () and zero_d == 7
    array = roundtrip(np.arange(12, dtype=np.uint8).reshape(3, 4), tmp_path)
    assert array.dtype == np.uint8 and array.shape == (3, 4)
    assert roundtrip(np.uint8, tmp_path) is np.uint8 and roundtrip(np.dtype("uint8"), tmp_path) == np.dtype("uint8")
    long = roundtrip(list(range(5000)), tmp_path)
    assert isinstance(long, list) and long[-1] == 4999


def test_functions_and_classes_travel_as_names_only(tmp_path):
    import math

    ref = roundtrip(math.ceil, tmp_path)
    assert isinstance(ref, FunctionRef) and (ref.__module__, ref.__name__) == ("math", "ceil")
    with pytest.raises(TypeError):
        ref(1.5)  # 채점기는 학생이 넘긴 함수를 부르지 않는다
    stub = roundtrip(json.JSONDecoder, tmp_path)
    assert isinstance(stub, type) and stub.__name__ == "JSONDecoder" and stub is not json.JSONDecoder


def test_values_that_cannot_travel_are_unreadable_never_an_exception(tmp_path):
    class Hostile:
        def __getattribute__(self, name):
            raise RuntimeError("무엇이든 오류")

    for value in (np.array([object()]), (x for x in []), Hostile(), b"bytes"):
        result = roundtrip(value, tmp_path)
        assert isinstance(result, Unreadable) and "옮길 수 없었습니다" in result.message()


def test_no_pickle_is_ever_loaded(tmp_path):
    import pickle

    (tmp_path / "1.npy").write_bytes(pickle.dumps({"evil": 1}))
    with pytest.raises(DecodeError):
        decode({"t": "ndarray", "file": "1.npy"}, tmp_path)
    np.save(tmp_path / "2.npy", np.array([{"a": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(DecodeError):
        decode({"t": "ndarray", "file": "2.npy"}, tmp_path)
    with pytest.raises(DecodeError):
        decode({"t": "ndarray", "file": "../../etc/passwd"}, tmp_path)
    with pytest.raises(DecodeError):
        decode({"t": "mystery"}, tmp_path)


@pytest.mark.slow  # TensorFlow 를 새로 가져오는 프로세스 하나(5초 남짓): 채점기의 검사와 함께 .ci/run 의 느린 검사로 돈다
def test_the_grader_rebuilds_a_keras_answer_without_tensorflow_noise_on_stderr(tmp_path):
    """채점기 프로세스가 Keras 모델 답을 처음 되살릴 때(그때 TensorFlow 를 처음 가져온다) 시작 안내가 화면에 섞이지 않는다."""
    import os
    import subprocess
    import sys

    import keras

    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10, activation="softmax")])
    (tmp_path / "node.json").write_text(json.dumps(encode(model, tmp_path)), encoding="utf-8")
    code = ("import json, sys; from pathlib import Path; from mnist_lesson.exercises.values import decode; "
            "folder = Path(sys.argv[1]); obj = decode(json.loads((folder / 'node.json').read_text()), folder); "
            "print(type(obj).__name__, obj.input_shape)")
    env = {k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "Sequential (None, 784)", done.stderr[-2000:]
    assert done.stderr == ""


def test_keras_objects_are_rebuilt_in_safe_mode_and_forged_configs_are_refused(tmp_path):
    import keras

    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(128, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")])
    node = json.loads(json.dumps(encode(model, tmp_path)))
    rebuilt = decode(node, tmp_path)
    assert isinstance(rebuilt, keras.Sequential) and rebuilt.input_shape == (None, 784)
    assert [layer.units for layer in rebuilt.layers] == [128, 10]

    def forged(change):
        copy = json.loads(json.dumps(node))
        change(copy["config"]["config"]["layers"])
        return decode(copy, tmp_path)

    def huge(layers):
        layers[1]["config"]["units"] = 10**7

    def lying(layers):  # 설정과 기록한 가중치 모양이 맞지 않는다
        layers[1]["config"]["units"] = 64

    def foreign(layers):
        layers[1]["module"] = "os"

    for change in (huge, lying, foreign):
        assert isinstance(forged(change), Unreadable), change.__name__
    lam = keras.Sequential([keras.Input((3,)), keras.layers.Lambda(lambda x: x * 2)])
    assert isinstance(roundtrip(lam, tmp_path), Unreadable)  # 파이썬 코드를 담은 층은 되살리지 않는다
    stop = roundtrip(keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True), tmp_path)
    assert isinstance(stop, keras.callbacks.EarlyStopping) and (stop.monitor, stop.patience) == ("val_loss", 3)
    schedule = roundtrip(keras.optimizers.schedules.CosineDecay(0.002, 1960), tmp_path)
    assert schedule.get_config()["decay_steps"] == 1960


def test_capture_records_answers_and_kernel_values_and_shows_the_check(tmp_path, monkeypatch, capsys):
    from mnist_lesson.exercises import lesson07

    monkeypatch.setenv(capture.ENV_VAR, str(tmp_path))
    y_pred = np.zeros(10000, dtype=np.int64)
    capture.record("lesson07.q2", "네", "y_test 는 채점기가 다시 만든다", y_pred)
    assert capsys.readouterr().out.startswith("[오답]")  # 학생에게는 평소처럼 결과를 보여 준다
    (entry,) = tmp_path.iterdir()
    manifest = read_manifest(entry / MANIFEST)
    assert manifest["exercise"] == lesson07.q2.key
    assert decode(manifest["answers"][0], entry) == "네"
    assert list(manifest["kernel_args"]) == ["y_pred"]  # y_test 는 믿을 수 있는 출처가 있어 옮기지 않는다
    assert np.array_equal(decode(manifest["kernel_args"]["y_pred"], entry), y_pred)
    capture.missing("lesson07.q1", NameError("name 'test_accuracy' is not defined"))
    assert any("missing" in read_manifest(e / MANIFEST) for e in tmp_path.iterdir())
    capture.record("lesson99.q1", 1)  # 없는 문제여도 예외를 내지 않는다


def test_several_arrays_in_one_entry_keep_their_own_files(tmp_path):
    """답 여럿과 노트북 값이 한 폴더에 적혀도 파일이 겹쳐 쓰이지 않는다(예전에는 값마다 1.npy 부터 다시 셌다)."""
    first, second, kernel = np.arange(3), np.full((2, 2), 7.5), np.array([True, False])
    described = [encode(value, tmp_path) for value in (first, second, kernel)]
    assert len({d["file"] for d in described}) == 3
    for value, d in zip((first, second, kernel), described):
        back = decode(d, tmp_path)
        assert back.dtype == value.dtype and np.array_equal(back, value)
