"""A server started for a measurement, on a free port of 127.0.0.1; ours, ``lexkg serve``."""

from __future__ import annotations

import contextlib
import http.client
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from procs import terminate

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"


@dataclass
class Server:
    """A server started here: its process, where it answers queries."""

    name: str
    process: subprocess.Popen[bytes]
    port: int
    path: str  # the query endpoint's path
    ready_seconds: float = 0.0

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def spawn(
    command: list[str], log: Path, env: dict[str, str] | None = None, *, new_session: bool = False
) -> subprocess.Popen[bytes]:
    """Run a command in the project root, its output (both streams) to *log*."""
    with log.open("wb") as out:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=new_session,
        )


def wait_ready(server: Server, url: str, log: Path, timeout: float) -> Server:
    """The server, once *url* answers 200 (its `ready_seconds` set); stopped if it does not."""
    began = time.perf_counter()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    server.ready_seconds = time.perf_counter() - began
                    return server
        except (OSError, http.client.HTTPException):
            time.sleep(0.05)
    terminate(server.process)
    raise RuntimeError(f"{server.name} did not answer {url} within {timeout:g} s")


def start_ours(
    graph: Path,
    log: Path,
    *,
    workers: int = 2,
    threads: int = 4,
    extra: tuple[str, ...] = (),
    timeout: float = 600,
    new_session: bool = False,
) -> Server:
    """``lexkg serve`` on a free port, ready when /health answers (graph loaded); in a session
    of its own if *new_session* (see `procs.session`)."""
    port = free_port()
    command = [sys.executable, "-m", "lexkg", "serve", "--host", HOST, "--port", str(port)]
    command += ["--graph", str(graph), "--workers", str(workers), "--threads", str(threads)]
    process = spawn([*command, *extra], log, new_session=new_session)
    server = Server("ours", process, port, "/sparql")
    return wait_ready(server, f"{server.base}/health", log, timeout)


@contextlib.contextmanager
def running(server: Server) -> Iterator[Server]:
    """The server, stopped at the end."""
    try:
        yield server
    finally:
        terminate(server.process)
