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
    base = f"http://127.0.0.1:{port}"
    with (
        log.open("wb") as err,
        log.with_suffix(".stdout").open("wb") as out,
        subprocess.Popen(command, stdout=out, stderr=err) as proc,
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
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
