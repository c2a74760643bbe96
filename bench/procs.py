"""Processes and the machine, from /proc (Linux); stopping a process.

Shared by the benchmarks and the tests (tests/support.py): standard library only.
"""

from __future__ import annotations

import os
import resource
import subprocess
from pathlib import Path


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (state first), if PID lives."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return text.rsplit(")", 1)[1].split()


def _live(field: int, value: int) -> list[int]:
    """The live processes whose /proc/PID/stat *field* (0 being the state) is *value*."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields and fields[0] != "Z" and int(fields[field]) == value:
                found.append(int(entry.name))
    return sorted(found)


def session(sid: int) -> list[int]:
    """The live processes of session *sid*: a server started in a session of its own and every
    process it forked, its workers' too, even those orphaned by a worker's death."""
    return _live(3, sid)


def children(pid: int) -> list[int]:
    """The live child processes of *pid*."""
    return _live(1, pid)


def descends(pid: int, ancestor: int) -> bool:
    """Whether *pid* is a descendant of *ancestor*."""
    for _ in range(64):
        fields = _stat(pid)
        if fields is None or int(fields[1]) <= 1:
            return False
        pid = int(fields[1])
        if pid == ancestor:
            return True
    return False


def alive(pid: int) -> bool:
    """Whether *pid* runs (a zombie does not)."""
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z"


def rss(pids: list[int]) -> int:
    """The resident set size of the processes, summed, in bytes (VmRSS of /proc/PID/status).

    Pages that forked processes share count once per process: a sum to compare with itself
    over time, not the machine's memory in use.
    """
    total = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except (FileNotFoundError, ProcessLookupError):
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
    return total


def process_tree(root: int) -> list[int]:
    """The process and all its descendants (one reading of /proc)."""
    kids: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))) is not None:
            kids.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(kids.get(pid, []))
    return found


def tree_cpu(root: int) -> float:
    """CPU seconds used so far by a process and its descendants (those still running)."""
    total = 0
    for pid in process_tree(root):
        if (fields := _stat(pid)) is not None:
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def children_cpu() -> float:
    """CPU seconds used by the child processes of this one that have ended (wrk's runs)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def machine_busy() -> float:
    """CPU seconds the whole machine has spent busy (/proc/stat: all but idle and iowait)."""
    with open("/proc/stat") as stat:
        jiffies = [int(x) for x in stat.readline().split()[1:8]]
    return (sum(jiffies) - jiffies[3] - jiffies[4]) / os.sysconf("SC_CLK_TCK")


def load_average() -> str:
    """Other work on the machine skews every figure: say how much there was."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg()) + f" on {os.cpu_count()} CPUs"


def terminate(process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    """Stop a process with SIGTERM (granian's main process stops its workers on it); kill it if it
    has not ended within *timeout* seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
