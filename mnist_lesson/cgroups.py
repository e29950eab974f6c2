"""cgroup: 제출물마다 이 프로세스의 cgroup 아래에 하위 cgroup 을 만들어 메모리(tmpfs 포함)와 프로세스·스레드 수를 제한하고,
끝나면 안에 남은 프로세스를 모두 끝낸다(떼어 낸 세션까지). root 이고 cgroup v1(memory, pids) 또는 v2 를 쓸 수 있을 때만.

위 cgroup 의 제한은 그대로 적용된다(채점기를 돌리는 곳의 한도를 벗어나지 않는다). ``sandbox`` 가 쓴다.
"""

from __future__ import annotations

import os
import signal
import sys
import time
import uuid
from pathlib import Path


def _own_cgroups() -> dict[str, str]:
    """이 프로세스가 속한 cgroup 경로: ``{"memory": "/a/b", "pids": "/", "": "/…"(v2)}``."""
    found = {}
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return found
    for line in lines:
        parts = line.split(":", 2)
        if len(parts) == 3:
            for controller in parts[1].split(","):
                found[controller] = parts[2]
    return found


class CgroupGroup:
    """제출물 하나의 cgroup(들): 들어가는 파일, 남은 프로세스 끝내기, 메모리 초과 여부, 지우기."""

    def __init__(self, dirs: list[Path], v2: bool):
        self.dirs = dirs
        self.v2 = v2

    @property
    def join_files(self) -> list[str]:
        return [str(d / "cgroup.procs") for d in self.dirs]

    def pids(self) -> set[int]:
        found = set()
        for d in self.dirs:
            try:
                found |= {int(p) for p in (d / "cgroup.procs").read_text().split()}
            except (OSError, ValueError):
                pass
        return found

    def kill(self) -> None:
        """안에 남은 프로세스를 모두 끝낸다(떼어 낸 세션까지)."""
        if self.v2 and (self.dirs[0] / "cgroup.kill").exists():
            try:
                (self.dirs[0] / "cgroup.kill").write_text("1")
            except OSError:
                pass
        for _ in range(100):
            pids = self.pids()
            if not pids:
                return
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            time.sleep(0.02)

    def memory_exceeded(self) -> bool:
        try:
            if self.v2:
                events = (self.dirs[0] / "memory.events").read_text()
                return any(line.split()[0] == "oom_kill" and int(line.split()[1]) > 0 for line in events.splitlines())
            for line in (self.dirs[0] / "memory.oom_control").read_text().splitlines():
                if line.startswith("oom_kill ") and int(line.split()[1]) > 0:
                    return True
            return False
        except (OSError, ValueError, IndexError):
            return False

    def remove(self) -> None:
        self.kill()
        for d in self.dirs:
            for _ in range(50):
                try:
                    d.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.02)


class Cgroups:
    """이 프로세스의 cgroup 아래에 제출물마다 하위 cgroup 을 만든다(위 cgroup 의 제한은 그대로 적용된다)."""

    def __init__(self, memory_dir: Path, pids_dir: Path | None, v2: bool):
        self.memory_dir = memory_dir
        self.pids_dir = pids_dir
        self.v2 = v2

    @classmethod
    def detect(cls):
        """쓸 수 있는 cgroup(memory 와 pids)이 있으면 Cgroups, 없으면 None(만들어 보고 지워 확인한다)."""
        if not sys.platform.startswith("linux") or os.geteuid() != 0:
            return None
        own = _own_cgroups()
        root = Path("/sys/fs/cgroup")
        candidates = []
        if "memory" in own and "pids" in own and (root / "memory").is_dir() and (root / "pids").is_dir():
            candidates.append(cls(root / "memory" / own["memory"].lstrip("/"), root / "pids" / own["pids"].lstrip("/"),
                                  False))
        if (root / "cgroup.controllers").is_file() and "" in own:
            candidates.append(cls(root / own[""].lstrip("/"), None, True))
        for candidate in candidates:
            try:
                group = candidate.create(64, 16, probe=True)
            except OSError:
                continue
            group.remove()
            return candidate
        return None

    def create(self, memory_mib: int, processes: int, probe: bool = False) -> CgroupGroup:
        """제출물 하나의 cgroup: 메모리 ``memory_mib`` MiB(스왑 없이), 프로세스·스레드 ``processes`` 개."""
        name = f"mnist-lesson-{'probe' if probe else 'run'}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        memory = memory_mib * 1024 * 1024
        if self.v2:
            d = self.memory_dir / name
            d.mkdir()
            group = CgroupGroup([d], True)
            try:
                (d / "memory.max").write_text(str(memory))
                if (d / "memory.swap.max").exists():
                    (d / "memory.swap.max").write_text("0")
                (d / "pids.max").write_text(str(processes))
            except OSError:
                group.remove()
                raise
            return group
        mem, pids = self.memory_dir / name, self.pids_dir / name
        mem.mkdir()
        group = CgroupGroup([mem], False)
        try:
            pids.mkdir()
            group.dirs.append(pids)
            (mem / "memory.limit_in_bytes").write_text(str(memory))
            if (mem / "memory.memsw.limit_in_bytes").exists():  # 스왑으로 넘치지 않게
                (mem / "memory.memsw.limit_in_bytes").write_text(str(memory))
            (pids / "pids.max").write_text(str(processes))
        except OSError:
            group.remove()
            raise
        return group
