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


# 진짜 TensorFlow 를 진짜 커널에서(어느 셀에도 stderr 가 없고, 시작 안내와 학습을 시작할 때의 줄을 걸렀고, 로그 수준이 LOG_LEVEL):
# tests/test_lessons.py 가 노트북마다 본다(_assert_no_red_output). 여기서 TensorFlow 를 한 번 더 가져오지 않는다.


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


# --- 가져온 뒤: 학습·평가·예측을 시작할 때의 알려진 줄(Jupyter 커널 안에서 커널이 끝날 때까지 거른다) -----------

# op 결정성을 켠 채 첫 fit 에서 쓴 줄 그대로: 이 기계의 TensorFlow 2.21(absl 형식)과 Colab 검사의 2.20(날짜 형식).
_MAP_DATASET_OP = (
    "Op<name=MapDataset; signature=input_dataset:variant, other_arguments: -> "
    "handle:variant; attr=f:func; attr=Targuments:list(type),min=0; attr=output_types:list(type),min=1; "
    "attr=output_shapes:list(shape),min=1; attr=use_inter_op_parallelism:bool,default=true; "
    "attr=preserve_cardinality:bool,default=false; attr=force_synchronous:bool,default=false; "
    "attr=metadata:string,default=\"\"> This may be expected if your graph generating binary is newer  than this binary. "
    "Unknown attributes will be ignored. NodeDef: {{node ParallelMapDatasetV2/_15}}"
)
RUNTIME_LINE = ("E0000 00:00:1796172786.025146    1767 node_def_util.cc:682] NodeDef mentions attribute "
                "use_unbounded_threadpool which is not in the op definition: " + _MAP_DATASET_OP)
RUNTIME_LINE_DATED = ("2026-12-02 01:23:31.873354: E tensorflow/core/framework/node_def_util.cc:680] NodeDef mentions "
                      "attribute use_unbounded_threadpool which is not in the op definition: " + _MAP_DATASET_OP)
# 비슷하지만 다른 줄: 다른 속성, 다른 op, 머리 없이 문장 속에 든 말, 시작 안내.
NOT_RUNTIME = [
    RUNTIME_LINE.replace("use_unbounded_threadpool", "some_new_attribute"),
    RUNTIME_LINE.replace("Op<name=MapDataset;", "Op<name=BatchDatasetV2;"),
    "ValueError: NodeDef mentions attribute use_unbounded_threadpool which is not in the op definition: Op<name=MapDataset;",
    KNOWN[1],
    REAL[0],
]

# 자식 스크립트의 머리: fd 2 를 자식이 읽는 파이프로 바꾼다. 이 파이프가 '원래의 fd 2'(커널이 셀 아래에 보여 주는 곳)이고,
# read_end 로 무엇이 언제 도착했는지 읽는다. real_stderr 는 진짜 표준 오류의 사본이다.
STDERR_IS_A_PIPE = (
    "read_end, write_end = os.pipe()\n"
    "real_stderr = os.dup(2)\n"
    "os.dup2(write_end, 2)\n"
)


@pytest.mark.parametrize("line", [RUNTIME_LINE, RUNTIME_LINE_DATED])
def test_known_runtime_lines_are_recognised(line):
    assert tfimport.is_known_runtime_line(line) and tfimport.is_known_runtime_line(line + "\n")
    assert not tfimport.is_known_startup_line(line)  # 가져올 때의 거르기와 섞이지 않는다


@pytest.mark.parametrize("line", NOT_RUNTIME)
def test_other_lines_are_not_runtime_lines(line):
    assert not tfimport.is_known_runtime_line(line)


def test_runtime_filter_drops_only_its_line_and_sends_a_partial_line_at_once():
    """원래의 fd 2 를 자식이 읽는 파이프로 두고: 알려진 줄만 빠지고, 줄바꿈 없는 조각도 곧 나가며, 끝날 때 남은 것도 나간다."""
    code = (
        "import os, select, time\n"
        "from mnist_lesson import tfimport\n"
        + STDERR_IS_A_PIPE +
        "assert tfimport.keep_filtering_runtime_lines() and tfimport.keep_filtering_runtime_lines()  # 두 번째는 그대로\n"
        f"os.write(2, ({RUNTIME_LINE!r} + '\\n').encode() + b'E0000 00:00:1.2 7 x.cc:1] real error\\n')\n"
        "os.write(2, b'progress 50%')  # 줄바꿈 없는 조각\n"
        "start = time.monotonic()\n"
        "got = b''\n"
        "while b'progress 50%' not in got and time.monotonic() - start < 5:\n"
        "    if select.select([read_end], [], [], 5)[0]:\n"
        "        got += os.read(read_end, 65536)\n"
        "waited = time.monotonic() - start\n"
        "os.write(2, b' done, no newline at exit')\n"
        "tfimport._stop_filtering_runtime_lines()  # 프로세스가 끝날 때 atexit 가 부르는 것\n"
        "os.close(write_end); os.dup2(real_stderr, 2)\n"
        "got += os.read(read_end, 65536)\n"
        "print(repr(got.decode()))\n"
        "print(round(waited, 2), len(tfimport.hidden_lines), tfimport.is_known_runtime_line(tfimport.hidden_lines[0]))\n"
    )
    out = _child(code).stdout.splitlines()
    assert out[0] == repr("E0000 00:00:1.2 7 x.cc:1] real error\nprogress 50% done, no newline at exit")
    waited, hidden, is_runtime = out[1].split()
    assert float(waited) < 2 and hidden == "1" and is_runtime == "True"


def test_runtime_filter_is_on_only_inside_a_jupyter_kernel(tmp_path):
    """가짜 tensorflow 로: 일반 파이썬에서는 fd 2 를 건드리지 않고, 커널 안(in_jupyter)이면 가져온 뒤에도 그 줄을 거른다."""
    (tmp_path / "tensorflow.py").write_text(FAKE_TENSORFLOW)
    env = {"PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}
    code = (
        "import os\n"
        "from mnist_lesson import runtime, tfimport\n"
        "runtime.in_jupyter = lambda: os.environ['AS_KERNEL'] == '1'\n"
        "tfimport.import_tensorflow()\n"
        f"os.write(2, ({RUNTIME_LINE!r} + '\\n').encode())\n"
        "print(bool(tfimport._kept))\n"
    )
    plain, kernel = _child(code, AS_KERNEL="0", **env), _child(code, AS_KERNEL="1", **env)
    assert plain.stdout.strip() == "False" and RUNTIME_LINE in plain.stderr
    assert kernel.stdout.strip() == "True" and RUNTIME_LINE not in kernel.stderr
    assert kernel.stderr == plain.stderr.replace(RUNTIME_LINE + "\n", "")  # 가져올 때의 진짜 오류는 둘 다 보인다


def test_runtime_filter_steps_aside_when_the_original_stderr_is_gone():
    """원래의 fd 2 가 닫히면(커널이 끝나는 중 등) 거르기를 그만두고 fd 2 를 되돌린다: 쓰는 쪽이 막히지 않는다."""
    code = (
        "import os\n"
        "from mnist_lesson import tfimport\n"
        + STDERR_IS_A_PIPE +
        "tfimport.keep_filtering_runtime_lines()\n"
        "os.close(read_end)  # 원래의 fd 2 를 읽는 쪽이 사라졌다\n"
        "os.write(2, b'a line nobody reads\\n')\n"
        "tfimport._kept['pump'].join(timeout=10)\n"
        "same = os.fstat(2).st_ino == os.fstat(write_end).st_ino\n"
        "failed = 0\n"
        "for _ in range(100):  # 파이프 버퍼(64 KB)보다 많이: 막히면 시간 초과로 실패한다\n"
        "    try:\n"
        "        os.write(2, b'x' * 4096)\n"
        "    except BrokenPipeError:\n"
        "        failed += 1\n"
        "os.dup2(real_stderr, 2)\n"
        "print(tfimport._kept['pump'].is_alive(), same, failed)\n"
    )
    assert _child(code).stdout.split() == ["False", "True", "100"]


def test_a_long_output_without_newlines_is_not_held_back():
    """줄바꿈 없이 64 KB 를 넘는 출력은 알려진 줄일 수 없다: 가져오는 동안에도 끝을 기다리지 않고 보낸다."""
    code = (
        "import os, select, threading, time\n"
        "from mnist_lesson import tfimport\n"
        + STDERR_IS_A_PIPE +
        "got = b''\n"
        "with tfimport.known_lines_filtered():\n"
        "    threading.Thread(target=os.write, args=(2, b'x' * 200_000), daemon=True).start()\n"
        "    start = time.monotonic()\n"
        "    while len(got) < 65536 and time.monotonic() - start < 3:  # 블록이 끝나기 전에 도착해야 한다\n"
        "        if select.select([read_end], [], [], 0.2)[0]:\n"
        "            got += os.read(read_end, 1 << 20)\n"
        "    before_end = len(got)\n"
        "    while len(got) < 200_000 and select.select([read_end], [], [], 3)[0]:\n"
        "        got += os.read(read_end, 1 << 20)\n"
        "os.dup2(real_stderr, 2)\n"
        "print(before_end >= 65536, got == b'x' * 200_000)\n"
    )
    assert _child(code).stdout.split() == ["True", "True"]
