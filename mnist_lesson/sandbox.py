"""샌드박스: 믿을 수 없는 명령 하나(제출물을 실행하는 실행기)를 격리하고 제한을 두어 실행한 뒤, 남김없이 끝낸다.

리눅스에서 bubblewrap(``bwrap``)이 있으면 명령은 다음과 같은 곳에서 돈다.

- 읽기 전용 시스템: ``/usr`` 와 동적 링크에 필요한 ``/etc`` 의 몇 파일, 파이썬 설치, 이 패키지(``/opt/mnist-lesson``),
  MNIST 파일(``/data/mnist.npz``)만 읽기 전용으로 보인다. 채점기의 폴더(제출물, 결과, 정답지)와 환경 변수는 없다.
- 자기만의 ``/tmp``, 홈(``/home/student``, IPython 설정 폴더도 여기에), 작업 폴더(``/work``): 크기를 제한한 tmpfs.
  끝나면 사라진다.
- 네트워크 없음(루프백만), 자기만의 PID·IPC·UTS 네임스페이스, 새 세션(터미널에 글을 밀어 넣지 못한다).
- 권한 없는 사용자: 채점기가 root 면 bubblewrap 이 환경을 만든 뒤 uid 65534(nobody)로 바꿔 실행한다(root 는
  ``RLIMIT_NPROC`` 을 무시하므로). root 가 아니면 사용자 네임스페이스 안의 그 사용자다.
- 제한: cgroup 을 쓸 수 있으면(root, cgroup v1 의 memory·pids 또는 cgroup v2) 메모리(tmpfs 포함)와 프로세스(스레드) 수,
  아니면 프로세스 단위 제한(rlimit). 파일 하나의 크기는 늘 ``RLIMIT_FSIZE`` 로 제한한다.
- 끝나면 전부 끝난다: ``--die-with-parent`` 와 PID 네임스페이스(첫 프로세스가 끝나면 커널이 나머지를 모두 끝낸다),
  세션 전체에 SIGKILL, cgroup 안에 남은 프로세스에 SIGKILL. ``start_new_session=True`` 로 떼어 낸 프로세스도 남지 않는다.

샌드박스를 쓸 수 없을 때(macOS, Windows, bubblewrap 이 없음) ``mode="auto"`` 는 프로세스 단위 제한만으로 실행하고
그렇다고 알린다(``Plan.notes``). ``mode="required"`` 는 실행하지 않고 ``SandboxError`` 를 낸다.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from mnist_lesson.cgroups import CgroupGroup, Cgroups
from mnist_lesson.errors import LessonError

MODES = ("auto", "required", "off")
NOBODY = 65534
HOME = "/home/student"
WORK = "/work"
PACKAGE_ROOT = "/opt/mnist-lesson"
DATA_FILE = "/data/mnist.npz"
MARKER_VAR = "MNIST_LESSON_SANDBOX_RUN"
# 동적 링크와 이름 풀이에 필요한 /etc 의 파일만(비밀번호 파일 등은 넣지 않는다)
_ETC = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "alternatives", "nsswitch.conf", "hosts")


class SandboxError(LessonError, RuntimeError):
    """샌드박스를 요구했지만 쓸 수 없을 때."""


@dataclass(frozen=True)
class Limits:
    """제출물 하나의 제한: 메모리(MiB, tmpfs 포함), 프로세스·스레드 수, 파일 하나의 크기(MiB), 임시 폴더 크기(MiB)."""

    memory_mib: int = 2048
    processes: int = 512
    file_mib: int = 1536
    scratch_mib: int = 1024


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def clean_stale(folders=()) -> None:
    """죽은 채점기가 남긴 것을 치운다: 이름에 그 채점기의 pid 가 든 cgroup 과 임시 폴더(``mnist-grade-<pid>-…``)."""
    import re

    pattern = re.compile(r"mnist-(?:lesson-run|grade)-(\d+)-")
    roots = [Path(f) for f in folders]
    cgroups = Cgroups.detect() if os.name == "posix" else None
    if cgroups is not None:
        roots += [cgroups.memory_dir] + ([cgroups.pids_dir] if cgroups.pids_dir else [])
    for root in roots:
        try:
            entries = list(root.iterdir())
        except OSError:
            continue
        for entry in entries:
            match = pattern.match(entry.name)
            if not match or _alive(int(match.group(1))):
                continue
            if (entry / "cgroup.procs").exists():
                CgroupGroup([entry], cgroups.v2).remove()
            else:
                shutil.rmtree(entry, ignore_errors=True)


# --- 계획: 무엇으로 격리하고 제한하는가 -----------------------------------------------------------------


def find_bwrap() -> str | None:
    """쓸 수 있는 bubblewrap 의 경로(리눅스에서만). 실제로 네임스페이스를 만들어 보아 확인한다."""
    if not sys.platform.startswith("linux"):
        return None
    path = shutil.which("bwrap")
    if not path:
        return None
    # 실제 실행과 같은 기능(--perms, --size 는 bubblewrap 0.7 부터)을 써 본다
    probe = [path, "--die-with-parent", "--new-session", "--unshare-net", "--unshare-pid", "--ro-bind", "/", "/",
             "--perms", "0777", "--size", "1048576", "--tmpfs", "/tmp", "true"]
    if os.geteuid() != 0:
        probe.insert(1, "--unshare-user")
    try:
        done = subprocess.run(probe, capture_output=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return path if done.returncode == 0 else None


@dataclass
class Plan:
    """제출물을 어떻게 실행할지: 샌드박스(bubblewrap) 여부, 제한을 거는 방법, 제한 값."""

    mode: str
    bwrap: str | None
    cgroups: Cgroups | None
    limits: Limits
    reason: str = ""  # 샌드박스가 없는 까닭

    @property
    def sandboxed(self) -> bool:
        return self.bwrap is not None

    @property
    def privileged(self) -> bool:
        """채점기가 root 인지(그러면 샌드박스 안에서 nobody 로 바꾼다)."""
        return hasattr(os, "geteuid") and os.geteuid() == 0

    def notes(self) -> list[str]:
        """채점표 머리말과 화면에 쓸 설명(한국어). 샌드박스가 없으면 크게 경고한다."""
        lim = self.limits
        how = "cgroup" if self.cgroups else "프로세스 단위(rlimit)"
        limits = f"메모리 {lim.memory_mib} MiB, 프로세스·스레드 {lim.processes}개, 파일 하나 {lim.file_mib} MiB ({how})"
        if self.sandboxed:
            return [
                "격리: bubblewrap 샌드박스. 제출물마다 읽기 전용 시스템, 자기만의 홈·/tmp·IPython 설정, 네트워크 없음, "
                "자기 제출물의 사본만 보이고, 권한 없는 사용자로 실행합니다. 끝나면 떼어 낸 프로세스까지 모두 끝냅니다.",
                f"제한: {limits}.",
            ]
        return [
            f"※ 경고: 샌드박스 없이 채점했습니다({self.reason}). 제출한 코드는 채점기와 같은 사용자로 실행되어 "
            "이 컴퓨터의 파일과 네트워크에 접근할 수 있고, 떼어 낸 프로세스가 남을 수 있습니다. 모르는 사람의 제출물은 "
            "bubblewrap 이 있는 리눅스(--sandbox required)에서 채점하세요.",
            f"제한: {limits}. 제출물마다 새 임시 홈·/tmp·IPython 설정 폴더를 씁니다.",
        ]


def plan(mode: str = "auto", limits: Limits | None = None) -> Plan:
    """샌드박스와 제한 방법을 고른다.

    Args:
        mode: ``"auto"`` (있으면 샌드박스), ``"required"`` (없으면 오류), ``"off"`` (쓰지 않음).
        limits: 제출물 하나의 제한(기본 ``Limits()``).

    Raises:
        SandboxError: ``required`` 인데 샌드박스를 쓸 수 없을 때, 또는 모르는 모드일 때.
    """
    if mode not in MODES:
        raise SandboxError(f"--sandbox 에는 {', '.join(MODES)} 중 하나를 씁니다(받은 것: {mode!r}).")
    limits = limits or Limits()
    cgroups = Cgroups.detect()
    if mode == "off":
        return Plan(mode, None, cgroups, limits, "--sandbox off 로 껐습니다")
    bwrap = find_bwrap()
    if bwrap:
        return Plan(mode, bwrap, cgroups, limits)
    if not sys.platform.startswith("linux"):
        reason = f"이 운영 체제({sys.platform})에는 bubblewrap 이 없습니다"
    elif not shutil.which("bwrap"):
        reason = "bubblewrap(bwrap)이 설치되어 있지 않습니다. Debian 계열: apt-get install bubblewrap"
    else:
        reason = "bubblewrap 이 네임스페이스를 만들지 못합니다(사용자 네임스페이스가 꺼져 있을 수 있습니다)"
    if mode == "required":
        raise SandboxError(f"샌드박스를 쓸 수 없습니다: {reason}. 샌드박스 없이 채점하려면 --sandbox auto 나 off 를 쓰세요.")
    return Plan(mode, None, cgroups, limits, reason)


# --- 실행 ------------------------------------------------------------------------------------------------

# 채점기 쪽의 첫 프로세스: cgroup 에 들어가고 rlimit 을 건 뒤 실제 명령(bwrap 또는 실행기)으로 바뀐다.
# 채점기가 fork 뒤에 파이썬 코드를 돌리지 않도록(스레드가 있으면 위험하다) 새 인터프리터에서 한다.
_LAUNCHER = """
import json, os, sys
spec = json.loads(sys.argv[1])
for path in spec["join"]:
    with open(path, "w") as f:
        f.write(str(os.getpid()))
try:
    import resource
    for name, value in spec["rlimits"]:
        limit = getattr(resource, name, None)
        if limit is not None:
            try:
                resource.setrlimit(limit, (value, value))
            except (ValueError, OSError):
                pass
except ImportError:
    pass
os.execv(spec["argv"][0], spec["argv"])
"""

# 샌드박스 안의 첫 프로세스(채점기가 root 일 때): 권한을 모두 버리고 nobody 로 바뀐 뒤 실행기로 바뀐다.
_DROP = """
import os, sys
os.setgroups([])
os.setgid(%d)
os.setuid(%d)
os.execv(sys.argv[1], sys.argv[1:])
""" % (NOBODY, NOBODY)


@dataclass
class Result:
    """명령 한 번의 결과: 종료 코드, 시간 초과·메모리 초과 여부, 걸린 시간, 채점기 쪽 오류 출력의 끝부분."""

    returncode: int | None
    timed_out: bool
    memory_exceeded: bool
    seconds: float
    stderr: str = ""
    interrupted: bool = False


@dataclass
class Job:
    """샌드박스에서 돌릴 명령 하나.

    Args:
        argv: 명령(샌드박스 안의 경로로). ``argv[0]`` 은 파이썬 실행 파일.
        ro_binds: ``{호스트 경로: 샌드박스 안 경로}`` 읽기 전용으로 보일 것.
        out_dir: 명령이 결과를 쓰는 호스트 폴더(샌드박스 안에서는 ``/out``).
        env: 명령의 환경 변수(샌드박스 안의 값). 채점기의 환경은 물려주지 않는다.
        scratch: 샌드박스가 없을 때 홈·/tmp·작업 폴더로 쓸 호스트 폴더.
    """

    argv: list
    ro_binds: dict
    out_dir: Path
    env: dict
    scratch: Path
    python_dirs: list = field(default_factory=list)


def python_dirs() -> list[str]:
    """파이썬과 설치된 패키지가 있는 폴더들(샌드박스에 읽기 전용으로 보여 줄 것)."""
    import site
    import sysconfig

    found = {sys.prefix, sys.base_prefix, sys.exec_prefix}
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        path = sysconfig.get_paths().get(key)
        if path:
            found.add(path)
    try:
        user = site.getusersitepackages()
        if user and os.path.isdir(user):
            found.add(user)
    except AttributeError:
        pass
    dirs = sorted(p for p in {os.path.realpath(p) for p in found} if os.path.isdir(p) and p != "/")
    # 다른 것 안에 든 폴더는 빼고(바깥 것을 묶으면 충분하다)
    return [d for d in dirs if not any(d != o and d.startswith(o.rstrip("/") + "/") for o in dirs)]


def _system_binds(args: list) -> None:
    args += ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = Path("/") / name
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            args += ["--ro-bind", str(path), str(path)]
    for name in _ETC:
        args += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]


def _dirs_for(dest: str, made: set, args: list) -> None:
    """``dest`` 의 부모 폴더들을 누구나 지나갈 수 있게(0755) 만든다(bwrap 이 만들면 0700 이 된다)."""
    parts = Path(dest).parent.parts
    for i in range(2, len(parts) + 1):
        path = str(Path(*parts[:i]))
        if path not in made:
            made.add(path)
            args += ["--perms", "0755", "--dir", path]


def bwrap_args(plan_: Plan, job: Job) -> list:
    """bubblewrap 의 인자(명령 앞부분)."""
    scratch = plan_.limits.scratch_mib * 1024 * 1024
    args = [plan_.bwrap, "--die-with-parent", "--new-session", "--unshare-ipc", "--unshare-pid", "--unshare-net",
            "--unshare-uts", "--unshare-cgroup-try", "--hostname", "sandbox"]
    if plan_.privileged:
        args += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]  # _DROP 가 nobody 로 바꾸는 데만 쓰고 버린다
    else:
        args += ["--unshare-user"]
    _system_binds(args)
    made = set()
    for host in job.python_dirs:
        _dirs_for(host, made, args)
        args += ["--ro-bind", host, host]
    for host, dest in job.ro_binds.items():
        _dirs_for(dest, made, args)
        args += ["--ro-bind", str(host), dest]
    args += ["--proc", "/proc", "--dev", "/dev",
             "--perms", "1777", "--size", str(scratch), "--tmpfs", "/tmp",
             "--perms", "0755", "--dir", "/home",
             "--perms", "0777", "--size", str(scratch), "--tmpfs", HOME,
             "--perms", "0777", "--size", str(scratch), "--tmpfs", WORK,
             "--bind", str(job.out_dir), "/out",
             "--chdir", WORK, "--clearenv"]
    for key, value in job.env.items():
        args += ["--setenv", key, str(value)]
    return args


def _rlimits(plan_: Plan) -> list:
    lim = plan_.limits
    limits = [("RLIMIT_FSIZE", lim.file_mib * 1024 * 1024), ("RLIMIT_CORE", 0)]
    if plan_.cgroups is None:
        # cgroup 이 없을 때: 데이터(힙) 크기와, 실행하는 사용자의 프로세스 수를 지금보다 한도만큼 더까지.
        # (root 는 RLIMIT_NPROC 을 무시하므로, 채점기가 root 면 샌드박스 안의 nobody 에게 건다.)
        limits.append(("RLIMIT_DATA", lim.memory_mib * 1024 * 1024))
        uid = NOBODY if (plan_.sandboxed and plan_.privileged) else (os.getuid() if hasattr(os, "getuid") else None)
        if uid not in (None, 0) and sys.platform.startswith("linux"):  # 다른 곳에서는 지금 프로세스 수를 셀 수 없다
            limits.append(("RLIMIT_NPROC", _user_process_count(uid) + lim.processes))
    return limits


def _user_process_count(uid: int) -> int:
    """그 사용자의 지금 프로세스·스레드 수(리눅스의 /proc 에서. 모르면 0)."""
    count = 0
    try:
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    if entry.stat().st_uid == uid:
                        count += len(os.listdir(f"/proc/{entry.name}/task"))
                except OSError:
                    pass
    except OSError:
        return 0
    return count


def _leftovers(marker: str) -> list[int]:
    """샌드박스 없이 실행했을 때 남은 프로세스: 환경 변수에 이 실행의 표시가 있는 것(리눅스, 같은 사용자)."""
    needle = f"{MARKER_VAR}={marker}".encode()
    found = []
    try:
        entries = [e.name for e in os.scandir("/proc") if e.name.isdigit()]
    except OSError:
        return found
    for pid in entries:
        try:
            with open(f"/proc/{pid}/environ", "rb") as f:
                if needle in f.read().split(b"\0"):
                    found.append(int(pid))
        except OSError:
            pass
    return found


_RUNNING: dict[int, subprocess.Popen] = {}
_STOPPING = threading.Event()


def stop_all() -> None:
    """지금 돌고 있는 모든 명령을 끝내고, 새 명령을 시작하지 않는다(채점을 멈출 때). 다시 쓰려면 ``reset()``."""
    _STOPPING.set()
    for proc in list(_RUNNING.values()):
        _kill_session(proc)


def reset() -> None:
    """``stop_all`` 뒤에 다시 명령을 시작할 수 있게 한다."""
    _STOPPING.clear()


def _kill_session(proc: subprocess.Popen) -> None:
    try:
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    except OSError:
        pass


def run(plan_: Plan, job: Job, timeout: float) -> Result:
    """명령 하나를 계획대로 실행하고 끝까지 정리한다. 시간이 ``timeout`` 초를 넘으면 모두 끝낸다.

    Returns:
        Result. 명령이 무엇을 하든 예외를 내지 않는다(채점기 쪽의 OSError 는 ``returncode=None`` 과 ``stderr``).
    """
    group = None
    marker = uuid.uuid4().hex
    start = time.monotonic()
    if _STOPPING.is_set():
        return Result(None, False, False, 0.0, "채점을 멈췄습니다.", interrupted=True)
    log = tempfile.TemporaryFile()
    try:
        if plan_.cgroups is not None:
            group = plan_.cgroups.create(plan_.limits.memory_mib, plan_.limits.processes)
        env = dict(job.env)
        if plan_.sandboxed:
            inner = list(job.argv)
            if plan_.privileged:
                inner = [job.argv[0], "-I", "-S", "-c", _DROP, *job.argv]
            argv = bwrap_args(plan_, job) + ["--", *inner]
            host_env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
            if plan_.privileged:
                os.chown(job.out_dir, NOBODY, NOBODY)
        else:
            env[MARKER_VAR] = marker
            argv, host_env = list(job.argv), env
        spec = {"join": group.join_files if group else [], "rlimits": _rlimits(plan_), "argv": argv}
        # Windows 의 os.execv 는 새 프로세스를 띄우고 끝나 버려 기다릴 수 없다: 거기서는(제한도 없으니) 명령을 바로 띄운다.
        launcher = [sys.executable, "-I", "-S", "-c", _LAUNCHER, json.dumps(spec)] if os.name == "posix" else argv
        kwargs = {"start_new_session": True} if os.name == "posix" else {
            "creationflags": getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)}
        proc = subprocess.Popen(launcher, stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=host_env,
                                cwd=str(job.scratch if not plan_.sandboxed else job.out_dir), **kwargs)
    except OSError as exc:
        if group:
            group.remove()
        log.close()
        return Result(None, False, False, time.monotonic() - start, f"{type(exc).__name__}: {exc}")
    _RUNNING[proc.pid] = proc
    timed_out = interrupted = False
    if _STOPPING.is_set():  # 시작하는 사이에 멈추라는 말이 왔다
        _kill_session(proc)
        interrupted = True
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
    except KeyboardInterrupt:
        interrupted = True
        raise
    finally:
        _kill_session(proc)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        if group is not None:
            exceeded = group.memory_exceeded()
            group.remove()
        else:
            exceeded = False
        if not plan_.sandboxed and sys.platform.startswith("linux"):
            for _ in range(3):
                pids = _leftovers(marker)
                if not pids:
                    break
                for pid in pids:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except OSError:
                        pass
                time.sleep(0.05)
        _RUNNING.pop(proc.pid, None)
        log.seek(0, os.SEEK_END)
        size = log.tell()
        log.seek(max(size - 4000, 0))
        stderr = log.read().decode("utf-8", "replace")
        log.close()
    return Result(proc.returncode, timed_out, exceeded, time.monotonic() - start, stderr, interrupted)
