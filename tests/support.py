"""Helpers for the tests: where the real texts are, and finding a division by its path."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rdflib import Dataset, Graph

from lexkg import paths
from loader.model import Act, Division

ACT_TOML = paths.DATA / "reg-2024-1732" / "act.toml"
NL_TEXT = paths.DATA / "reg-2024-1732" / "nl.txt"
DE_TEXT = paths.DATA / "reg-2024-1732" / "de.txt"


def find(act: Act, path: str) -> Division:
    """The division at an ELI-style path ('art_1/pnt_4/pnt_a', 'art_9/par_6a' in the new text)."""
    wanted = tuple(path.split("/"))
    for d in act.walk():
        if d.path == wanted:
            return d
    raise LookupError(path)


def union(dataset: Dataset) -> Graph:
    """The triples of every graph of a dataset, in one graph."""
    g = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(command: list[str], port: int, log: Path, timeout: float = 60) -> Iterator[str]:
    """Run a server command until its /health answers; yield its base URL, then stop it.

    Its standard error goes to *log*, its standard output beside it (``.stdout``).
    """
    with serving_process(command, port, log, timeout) as (base, _):
        yield base


@contextmanager
def serving_process(
    command: list[str], port: int, log: Path, timeout: float = 60
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`serving`, yielding the process too; it runs in a session of its own (see `session`)."""
    base = f"http://127.0.0.1:{port}"
    with (
        log.open("wb") as err,
        log.with_suffix(".stdout").open("wb") as out,
        subprocess.Popen(command, stdout=out, stderr=err, start_new_session=True) as proc,
    ):
        try:
            deadline = time.monotonic() + timeout
            while True:
                assert proc.poll() is None, log.read_text()
                try:
                    with urllib.request.urlopen(f"{base}/health", timeout=5):
                        break
                except (urllib.error.URLError, ConnectionError):
                    assert time.monotonic() < deadline, f"no answer in {timeout} s"
                    time.sleep(0.2)
            yield base, proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


# Processes, from /proc (Linux)


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (state first), if PID lives."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return text.rsplit(")", 1)[1].split()


def session(sid: int) -> list[int]:
    """The live processes of session *sid*: a server started by `serving_process` and every
    process it forked, its workers' too, even those orphaned by a worker's death."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields and fields[0] != "Z" and int(fields[3]) == sid:
                found.append(int(entry.name))
    return sorted(found)


def children(pid: int) -> list[int]:
    """The live child processes of *pid*."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields and fields[0] != "Z" and int(fields[1]) == pid:
                found.append(int(entry.name))
    return sorted(found)


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


def wait_for_workers(master: int, count: int, timeout: float = 60) -> list[int]:
    """The *count* gunicorn workers of *master*, once each has loaded its graph (and forked the
    zygote of its query workers, see `server.pool`)."""
    deadline = time.monotonic() + timeout
    while True:
        workers = children(master)
        if len(workers) == count and all(children(worker) for worker in workers):
            return workers
        assert time.monotonic() < deadline, f"workers of {master}: {workers}"
        time.sleep(0.1)
