"""TensorFlow 를 가져올 때의 시작 안내 거르기: 알려진 줄만 버리고 나머지(진짜 오류)는 그대로 보낸다."""

import os
import subprocess
import sys

import pytest

from mnist_lesson import tfimport

from conftest import ROOT

# 실제로 본 줄들: TensorFlow 2.21(이 기계, absl 형식)과 2.20(Colab 의 판, 날짜 형식), Colab GPU 런타임의 줄.
KNOWN = [
    "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR",
    "I0000 00:00:1796127481.328609   22576 port.cc:153] oneDNN custom operations are on. You may see slightly different "
    "numerical results due to floating-point round-off errors from different computation orders. To turn them off, set "
    "the environment variable `TF_ENABLE_ONEDNN_OPTS=0`.",
    "I0000 00:00:1796127481.329014   22576 cudart_stub.cc:31] Could not find cuda drivers on your machine, GPU will not be used.",
    "I0000 00:00:1796127481.375707   22576 cpu_feature_guard.cc:227] This TensorFlow binary is optimized to use available "
    "CPU instructions in performance-critical operations.",
    "To enable the following instructions: AVX2 AVX512F AVX512_VNNI AVX512_BF16 FMA, in other operations, rebuild "
    "TensorFlow with the appropriate compiler flags.",
    "2026-12-01 12:23:26.291982: I external/local_xla/xla/tsl/cuda/cudart_stub.cc:31] Could not find cuda drivers on "
    "your machine, GPU will not be used.",
    "2026-12-01 12:23:26.292312: I tensorflow/core/util/port.cc:153] oneDNN custom operations are on. You may see",
    "E0000 00:00:1727000000.123456    1234 cuda_dnn.cc:8310] Unable to register cuDNN factory: Attempting to register "
    "factory for plugin cuDNN when one has already been registered",
    "2024-09-24 10:00:00.000000: E external/local_xla/xla/stream_executor/cuda/cuda_fft.cc:485] Unable to register "
    "cuFFT factory: Attempting to register factory for plugin cuFFT when one has already been registered",
    "2024-09-24 10:00:00.000000: W tensorflow/compiler/tf2tensorrt/utils/py_utils.cc:38] TF-TRT Warning: Could not find TensorRT",
    "2026-12-01 12:37:29.631431: E external/local_xla/xla/stream_executor/cuda/cuda_platform.cc:51] failed call to cuInit: "
    "INTERNAL: CUDA error: Failed call to cuInit: UNKNOWN ERROR (303)",
]
# 버리면 안 되는 줄: 진짜 오류·경고, 파이썬의 오류, 알려진 말이 머리 없이 문장 속에 든 줄.
REAL = [
    "E0000 00:00:1796127481.329014   22576 bfc_allocator.cc:123] Allocator ran out of memory trying to allocate 2.0GiB",
    "2026-12-01 12:23:26.291982: W tensorflow/core/framework/op_kernel.cc:1841] OP_REQUIRES failed at xla_ops.cc:580",
    "Traceback (most recent call last):",
    "ModuleNotFoundError: No module named 'tensorflow'",
    "WARNING: something else went wrong",
    "UserWarning: oneDNN custom operations are on.",
    "",
]


@pytest.mark.parametrize("line", KNOWN)
def test_known_startup_lines_are_recognised(line):
    assert tfimport.is_known_startup_line(line)
    assert tfimport.is_known_startup_line(line + "\n")


@pytest.mark.parametrize("line", REAL)
def test_other_lines_pass(line):
    assert not tfimport.is_known_startup_line(line)


def test_cuda_failures_pass_where_there_is_a_gpu():
    """GPU 장치가 있는 컴퓨터에서 CUDA 를 못 찾았다면 진짜 문제다: 거르지 않는다."""
    cuda = [line for line in KNOWN if "cuda drivers" in line or "cuInit" in line]
    assert len(cuda) == 3
    assert not any(tfimport.is_known_startup_line(line, gpu_device=True) for line in cuda)
    assert tfimport.is_known_startup_line(KNOWN[1], gpu_device=True)  # oneDNN 안내는 어디서나 거른다


def _child(code: str, **env):
    environ = {k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}  # 학생의 환경처럼
    environ.update(env)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=environ,
                          timeout=300, check=True)


def test_filter_passes_everything_else_through_in_order():
    """C++ 처럼 fd 2 에 직접 쓴 것, 파이썬의 sys.stderr, 줄바꿈 없는 끝 조각: 알려진 줄만 빠진다."""
    code = (
        "import os, sys\n"
        "from mnist_lesson import tfimport\n"
        f"known = {KNOWN[:3]!r}\n"
        "with tfimport.known_lines_filtered() as dropped:\n"
        "    os.write(2, (known[0] + '\\n').encode())\n"
        "    os.write(2, b'E0000 00:00:1.2 7 x.cc:1] real error one\\n' + (known[1] + '\\n').encode())\n"
        "    print('python warning line', file=sys.stderr)\n"
        "    os.write(2, (known[2] + '\\n').encode() + b'tail without newline')\n"
        "os.write(2, b'\\nafter the block\\n')\n"
        "print(len(dropped))\n"
    )
    out = _child(code)
    assert out.stdout.strip() == "3"
    assert out.stderr == "E0000 00:00:1.2 7 x.cc:1] real error one\npython warning line\ntail without newline\nafter the block\n"


# 진짜 TensorFlow 를 진짜 커널에서 가져올 때(준비 셀까지 stderr 가 없고, 걸러 낸 줄이 있고, 로그 수준이 LOG_LEVEL):
# tests/test_lessons.py 가 노트북마다 본다(_assert_quiet_start). 여기서 TensorFlow 를 한 번 더 가져오지 않는다.


FAKE_TENSORFLOW = """
import os
import types
config = types.SimpleNamespace(list_physical_devices=lambda: [])
os.write(2, b"WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\\n")
os.write(2, b"E0000 00:00:1.5 9 fake.cc:3] a real error at import\\n")
LEVEL_AT_IMPORT = os.environ.get("TF_CPP_MIN_LOG_LEVEL")
"""


@pytest.mark.parametrize("chosen", [None, "0"])
def test_log_level_default_and_a_level_the_user_chose(chosen, tmp_path):
    """가짜 tensorflow 로: 가져오기 전에 수준을 정하고(사용자가 정한 값은 그대로), 진짜 오류는 보인다."""
    (tmp_path / "tensorflow.py").write_text(FAKE_TENSORFLOW)
    env = {"PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}
    if chosen is not None:
        env["TF_CPP_MIN_LOG_LEVEL"] = chosen
    out = _child("from mnist_lesson import tfimport\nprint(tfimport.import_tensorflow().LEVEL_AT_IMPORT, "
                 "len(tfimport.hidden_lines))", **env)
    assert out.stdout.split() == [chosen or tfimport.LOG_LEVEL, "1"]
    assert out.stderr == "E0000 00:00:1.5 9 fake.cc:3] a real error at import\n"
