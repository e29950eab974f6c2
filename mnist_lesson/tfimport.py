"""TensorFlow 를 가져오면서, TensorFlow 가 늘 내는 알려진 안내 몇 줄만 걸러 낸다. 다른 출력은 그대로 보인다.

TensorFlow 2.21 은 ``import tensorflow`` 에서 C++ 로그를 프로세스의 표준 오류(fd 2)에 직접 쓴다. 로그 설정이 준비되기
전이라 ``TF_CPP_MIN_LOG_LEVEL`` 도 듣지 않고, 같은 줄이 두 번 나온다(라이브러리 두 개가 저마다 쓴다). 이 기계에서 본 것:

    WARNING: All log messages before absl::InitializeLog() is called are written to STDERR
    I0000 00:00:1796127481.328609   22576 port.cc:153] oneDNN custom operations are on. ...
    I0000 00:00:1796127481.329014   22576 cudart_stub.cc:31] Could not find cuda drivers on your machine, GPU will not be used.
    I0000 00:00:1796127481.375707   22576 cpu_feature_guard.cc:227] This TensorFlow binary is optimized to use ...
    To enable the following instructions: AVX2 AVX512F ..., in other operations, rebuild TensorFlow with ...

TensorFlow 2.20(Colab)은 같은 말을 ``2026-12-01 12:23:26.291982: I tensorflow/core/util/port.cc:153] ...`` 꼴로 쓰고,
GPU 런타임에서는 ``Unable to register cuDNN factory ...`` 같은 줄이 더 나온다.

Jupyter 커널(ipykernel)은 fd 2 에 쓴 것을 셀 아래의 빨간 stderr 칸으로 보여 준다. ``sys.stderr`` 를 바꿔서는 C++ 가
쓰는 것을 잡지 못하므로, 가져오는 동안만 fd 2 를 파이프로 바꾸고, 읽은 줄 가운데 ``KNOWN_MESSAGES`` 에 맞는 것만 버리고
나머지는 읽는 즉시 원래의 fd 2 로 보낸다(진짜 오류와 경고는 그대로 보인다).

가져온 뒤에도 TensorFlow 가 학습·평가·예측을 시작할 때 늘 쓰는 줄이 하나 있다(``RUNTIME_MESSAGES``). 그래서 Jupyter
커널 안에서는 그 줄만 거르는 같은 파이프를 커널이 끝날 때까지 둔다(``keep_filtering_runtime_lines``).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import select
import sys
import threading
from pathlib import Path

from mnist_lesson import runtime

# C++ 로그 한 줄의 머리: absl 형식(I0000 00:00:... 123 port.cc:153] ) 또는 예전 형식(2026-... : I path/port.cc:153] ).
_PREFIX = re.compile(
    r"^(?:[IWEF]\d{4} \d\d:\d\d:\d+\.\d+ +\d+ |\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+: [IWEF] )[\w./-]+:\d+\] "
)
# 머리 뒤의 내용이 이것들로 시작하면 알려진 시작 안내다. 모두 "GPU 가 없다", "CPU 명령을 다 쓰지 않는다",
# "같은 플러그인을 두 번 등록하려 했다" 처럼 학생이 할 일이 없는 말이다.
KNOWN_MESSAGES = (
    "oneDNN custom operations are on.",
    "This TensorFlow binary is optimized to use available CPU instructions in performance-critical operations.",
    "Unable to register cuDNN factory: Attempting to register factory for plugin cuDNN when one has already been registered",
    "Unable to register cuFFT factory: Attempting to register factory for plugin cuFFT when one has already been registered",
    "Unable to register cuBLAS factory: Attempting to register factory for plugin cuBLAS when one has already been registered",
    "computation placer already registered.",
    "TF-TRT Warning: Could not find TensorRT",
)
# GPU 가 없는 컴퓨터(Colab 의 CPU 런타임 포함)에서 CUDA 를 찾다가 내는 말. GPU 장치가 있는데 이 말이 나오면 진짜 문제이므로
# (드라이버가 망가졌다) 그때는 거르지 않는다.
NO_GPU_MESSAGES = (
    "Could not find cuda drivers on your machine, GPU will not be used.",
    "failed call to cuInit:",
)
# 머리 없이 나오는 줄(absl 의 첫 경고, cpu_feature_guard 의 둘째 줄).
KNOWN_LINES = (
    re.compile(r"^WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR$"),
    re.compile(r"^To enable the following instructions: .*rebuild TensorFlow with the appropriate compiler flags\.$"),
)
# 가져온 뒤 학습·평가·예측이 데이터 파이프라인을 만들 때 오류(E) 수준으로 나오는 줄. op 결정성(CPU 에서
# config.set_seed 가 켠다)이 켜져 있으면 tf.data 가 Keras 의 병렬 map(ParallelMapDatasetV2)을 순차 map(MapDataset)으로
# 바꾸면서 MapDataset 의 정의에 없는 속성까지 옮겨 적고, "모르는 속성은 무시한다"고 알린다. 학습과 결과는 그대로이고
# 학생이 할 일도 없다. TensorFlow 2.21(이 기계)에서 본 줄(가운데를 줄임. Colab 의 2.20 은 같은 말을 날짜 형식으로 쓴다):
#   E0000 00:00:1796172786.025146    1767 node_def_util.cc:682] NodeDef mentions attribute use_unbounded_threadpool
#   which is not in the op definition: Op<name=MapDataset; ...> This may be expected if your graph generating binary is
#   newer  than this binary. Unknown attributes will be ignored. NodeDef: {{node ParallelMapDatasetV2/_15}}
RUNTIME_MESSAGES = (
    "NodeDef mentions attribute use_unbounded_threadpool which is not in the op definition: Op<name=MapDataset;",
)
RUNTIME_FLUSH_SECONDS = 0.1  # 줄바꿈 없는 조각은 이만큼 더 기다려 보고 그대로 보낸다(진행 표시 같은 것이 늦지 않게)
hidden_lines: list[str] = []  # 걸러 낸 줄(무엇을 숨겼는지 궁금할 때: print(*tfimport.hidden_lines, sep="\n"))
LOG_LEVEL = "2"  # TF_CPP_MIN_LOG_LEVEL 의 기본값: 안내(I)와 경고(W)는 끄고 오류(E)는 보인다(이미 정해 두었으면 그 값)


def has_nvidia_device() -> bool:
    """NVIDIA GPU 장치 파일이 있는지(리눅스. Colab 의 GPU 런타임에는 있다)."""
    return any(Path(p).exists() for p in ("/dev/nvidiactl", "/dev/nvidia0"))


def _split_log_line(line: str) -> tuple[str, str | None]:
    """끝의 줄바꿈을 뗀 줄과, C++ 로그의 머리(``_PREFIX``) 뒤의 내용(머리가 없으면 None)."""
    line = line.rstrip("\r\n")
    match = _PREFIX.match(line)
    return line, (line[match.end():] if match else None)


def is_known_startup_line(line: str, gpu_device: bool = False) -> bool:
    """TensorFlow 가 시작할 때 늘 내는, 버려도 되는 한 줄인지.

    Args:
        line: 한 줄(끝의 줄바꿈은 있어도 된다).
        gpu_device: GPU 장치가 있는 컴퓨터인지. 그렇다면 "CUDA 를 찾지 못했다" 는 진짜 문제라서 거르지 않는다.
    """
    line, message = _split_log_line(line)
    if message is not None:
        return message.startswith(KNOWN_MESSAGES if gpu_device else KNOWN_MESSAGES + NO_GPU_MESSAGES)
    return any(pattern.match(line) for pattern in KNOWN_LINES)


def is_known_runtime_line(line: str) -> bool:
    """가져온 뒤 TensorFlow 가 늘 내는, 버려도 되는 한 줄인지(``RUNTIME_MESSAGES``. 끝의 줄바꿈은 있어도 된다)."""
    _, message = _split_log_line(line)
    return message is not None and message.startswith(RUNTIME_MESSAGES)


def _write_all(fd: int, data: bytes) -> None:
    while data:
        data = data[os.write(fd, data):]


def _pump(read_fd: int, out_fd: int, dropped: list, is_known, flush_after: float | None = None) -> None:
    """파이프에서 줄 단위로 읽어, ``is_known`` 이 참인 줄은 ``dropped`` 에 모으고 나머지는 바로 ``out_fd`` 로 보낸다.

    ``flush_after`` 초 동안 이어지지 않는 줄바꿈 없는 조각도 그대로 보낸다(None 이면 끝날 때까지 모은다).
    """
    pending = b""
    with open(read_fd, "rb", buffering=0, closefd=True) as pipe:
        while True:
            if pending and flush_after is not None and not select.select([pipe], [], [], flush_after)[0]:
                _write_all(out_fd, pending)
                pending = b""
            chunk = pipe.read(65536)
            if not chunk:
                break
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for raw in lines:
                text = raw.decode("utf-8", "replace")
                if is_known(text):
                    dropped.append(text)
                else:
                    _write_all(out_fd, raw + b"\n")
            if len(pending) > 65536:  # 줄바꿈 없이 이렇게 긴 것은 알려진 줄일 수 없다: 모아 두지 않고 보낸다
                _write_all(out_fd, pending)
                pending = b""
    if pending:  # 줄바꿈 없이 끝난 마지막 조각은 그대로 보낸다
        _write_all(out_fd, pending)


def _divert(fd: int, name: str, target, *args):
    """``fd`` 를 새 파이프의 쓰는 쪽으로 바꾸고, 읽는 쪽은 ``target(읽는 fd, 원래 fd 의 사본, *args)`` 스레드가 읽게 한다.

    Returns:
        ``(원래 fd 의 사본, 스레드)``. fd 가 닫혀 있는 등 바꿀 수 없으면 None(그대로 둔다).
    """
    try:
        saved = os.dup(fd)
    except OSError:
        return None
    try:
        read_fd, write_fd = os.pipe()
    except OSError:
        os.close(saved)
        return None
    for stream in (sys.stdout, sys.stderr):  # 파이썬이 붙잡고 있던 글은 바꾸기 전에 보낸다
        with contextlib.suppress(Exception):
            stream.flush()
    os.dup2(write_fd, fd)
    os.close(write_fd)
    pump = threading.Thread(target=target, args=(read_fd, saved, *args), daemon=True, name=name)
    pump.start()
    return saved, pump


def _undivert(fd: int, saved: int, pump: threading.Thread, timeout: float) -> None:
    """``_divert`` 를 되돌린다: ``fd`` 를 원래대로 하고, 스레드가 파이프에 남은 것을 다 보낼 때까지 ``timeout`` 초까지 기다린다."""
    with contextlib.suppress(Exception):
        sys.stderr.flush()  # 파이썬이 붙잡고 있던 글도 걸러 내기 전에 보낸다
    os.dup2(saved, fd)  # 파이프의 쓰는 쪽이 닫혀(다른 프로세스가 쥐고 있지 않으면), 남은 것을 다 읽으면 읽는 쪽이 끝난다
    pump.join(timeout=timeout)


@contextlib.contextmanager
def known_lines_filtered(fd: int = 2):
    """이 안에서 ``fd`` (기본: 표준 오류)에 쓰이는 것 가운데 알려진 TensorFlow 시작 안내만 버린다.

    Yields:
        버린 줄의 목록(블록이 끝나면 다 채워진다).
    """
    dropped: list[str] = []
    gpu_device = has_nvidia_device()
    diverted = _divert(fd, "tf-startup-filter", _pump, dropped, lambda text: is_known_startup_line(text, gpu_device))
    if diverted is None:
        yield dropped
        return
    saved, pump = diverted
    try:
        yield dropped
    finally:
        _undivert(fd, saved, pump, timeout=10)
        os.close(saved)


_kept: dict = {}  # keep_filtering_runtime_lines 가 켠 거르기: {"fd": 거르는 fd, "saved": 원래 fd 의 사본, "pump": 스레드}


def keep_filtering_runtime_lines(fd: int = 2) -> bool:
    """이 프로세스가 끝날 때까지 ``fd`` (기본: 표준 오류)에 쓰이는 것 가운데 ``RUNTIME_MESSAGES`` 의 줄만 버린다.

    Jupyter 커널 안에서 ``import_tensorflow`` 가 부른다(커널은 fd 2 에 쓴 것을 셀 아래 빨간 칸으로 보여 준다). 다른 것은
    읽는 즉시, 줄바꿈 없는 조각도 ``RUNTIME_FLUSH_SECONDS`` 안에 원래의 fd 로 보낸다. 프로세스가 끝날 때 남은 것을 보내고
    fd 를 되돌린다. 두 번 불러도 한 번만 켠다. POSIX 에서만 켠다(파이프를 기다리는 ``select`` 가 윈도우에는 없다).

    Returns:
        거르고 있으면 True.
    """
    if _kept:
        return True
    if os.name != "posix":
        return False
    diverted = _divert(fd, "tf-runtime-filter", _runtime_pump, fd)
    if diverted is None:
        return False
    saved, pump = diverted
    _kept.update(fd=fd, saved=saved, pump=pump)
    atexit.register(_stop_filtering_runtime_lines)
    return True


def _runtime_pump(read_fd: int, saved: int, fd: int) -> None:
    try:
        _pump(read_fd, saved, hidden_lines, is_known_runtime_line, RUNTIME_FLUSH_SECONDS)
    except (OSError, ValueError):  # 원래의 fd 로 더 보낼 수 없다(커널이 끝나는 중 등): 거르기를 그만두고 fd 를 되돌린다
        with contextlib.suppress(OSError):
            os.dup2(saved, fd)


def _stop_filtering_runtime_lines() -> None:
    """fd 를 되돌리고(파이프의 쓰는 쪽이 닫힌다) 파이프에 남은 것을 다 보낼 때까지 잠깐 기다린다(프로세스가 끝날 때)."""
    if not _kept:
        return
    _undivert(_kept["fd"], _kept["saved"], _kept["pump"], timeout=2)  # 자식 프로세스가 쓰는 쪽을 쥐고 있으면 오래 기다리지 않는다
    _kept.clear()


def import_tensorflow():
    """TensorFlow 를 가져와 돌려준다. 처음 가져올 때만 알려진 시작 안내를 걸러 낸다(이미 가져왔으면 그대로 돌려준다).

    가져온 다음 장치 목록도 한 번 읽는다: GPU 가 없는 컴퓨터에서 TensorFlow 2.20 은 처음 장치를 찾을 때
    ``failed call to cuInit`` 을 오류(E)로 쓰므로, 그것도 같은 자리에서 거른다(``config.set_seed`` 가 GPU 를 묻는다).
    ``TF_CPP_MIN_LOG_LEVEL`` 이 정해져 있지 않으면 ``LOG_LEVEL`` 로 정한다: 학습 중의 안내·경고는 숨고 오류는 보인다.
    Jupyter 커널 안이면 학습을 시작할 때의 알려진 줄(``RUNTIME_MESSAGES``)도 커널이 끝날 때까지 거른다.

    Returns:
        ``tensorflow`` 모듈.
    """
    if runtime.in_jupyter():
        keep_filtering_runtime_lines()
    if "tensorflow" in sys.modules:
        return sys.modules["tensorflow"]
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", LOG_LEVEL)
    with known_lines_filtered() as dropped:
        import tensorflow

        tensorflow.config.list_physical_devices()
    hidden_lines.extend(dropped)
    return tensorflow
