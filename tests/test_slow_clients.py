"""Slow and idle clients cannot starve the service (`lexkg serve`, granian, 2 workers).

While hundreds of connections sit idle, dozens send half a request line and stall, and
dozens send headers and a few bytes of a promised body and stall, a normal query is
answered within a second, every time. The idle connections and the stalled request lines
are closed after IDLE_TIMEOUT (server.connections), the stalled bodies answered 408 after
BODY_READ_TIMEOUT (server.rsgi), and each is logged as dropped. The limits of
a request's size hold through the server too, and name themselves.
"""

from __future__ import annotations

import http.client
import socket
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from lexkg.server.connections import IDLE_TIMEOUT, SCAN_INTERVAL
from lexkg.server.rsgi import BODY_READ_TIMEOUT

from support import free_port, serving_process, wait_for_workers

pytestmark = pytest.mark.slow  # starts a server

IDLE, STALLED_LINES, STALLED_BODIES = 300, 48, 64
STALLED_BODY = (
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
    b"Content-Length: 1000\r\n\r\nASK"
)


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, graph_file: Path
) -> Iterator[tuple[int, Path]]:
    port = free_port()
    log = tmp_path_factory.mktemp("slow") / "server.log"
    command = [sys.executable, "-m", "lexkg", "serve", "--graph", str(graph_file)]
    command += ["--port", str(port), "--workers", "2", "--threads", "4"]
    with serving_process(command, port, log) as (_, proc):
        wait_for_workers(proc.pid, 2)
        yield port, log


def _open(port: int, stack: ExitStack, count: int, send: bytes) -> list[socket.socket]:
    held = []
    for _ in range(count):
        sock = stack.enter_context(socket.create_connection(("127.0.0.1", port), timeout=30))
        if send:
            sock.sendall(send)
        held.append(sock)
    return held


def _timed_query(port: int, n: int) -> float:
    url = f"http://127.0.0.1:{port}/sparql?query=ASK%20%7B%7D%20%23%20{n}"
    started = time.monotonic()
    with urllib.request.urlopen(url, timeout=30) as answer:
        assert answer.status == 200 and b"true" in answer.read()
    return time.monotonic() - started


def _state(sock: socket.socket) -> bytes | None:
    """What the server said on the connection (b"" if it closed it), None if nothing yet."""
    sock.setblocking(False)
    try:
        return sock.recv(4096)
    except BlockingIOError:
        return None
    except ConnectionResetError:
        return b""


def test_idle_and_stalled_clients_do_not_delay_a_query(server: tuple[int, Path]) -> None:
    port, log = server
    logged = log.stat().st_size
    with ExitStack() as stack:
        idle = _open(port, stack, IDLE, b"")
        lines = _open(port, stack, STALLED_LINES, b"GET /sparql?query=ASK")
        bodies = _open(port, stack, STALLED_BODIES, STALLED_BODY)
        began = time.monotonic()
        times, at = [], []
        n = 0
        while time.monotonic() - began < BODY_READ_TIMEOUT + 2:
            at.append(time.monotonic() - began)
            times.append(_timed_query(port, n))
            n += 1
            time.sleep(0.2)
        slowest = max(range(n), key=times.__getitem__)
        print(
            f"\n{IDLE} idle, {STALLED_LINES} stalled request lines, {STALLED_BODIES} stalled "
            f"bodies: {n} queries, median {sorted(times)[n // 2] * 1000:.1f} ms, slowest "
            f"{times[slowest] * 1000:.1f} ms (asked {at[slowest]:.1f} s after they were opened)"
        )
        assert max(times) < 1.0, f"slowest of {len(times)} queries: {max(times):.3f} s"
        # The idle connections and stalled request lines are closed, the bodies answered 408.
        assert IDLE_TIMEOUT + SCAN_INTERVAL < BODY_READ_TIMEOUT
        assert all(_state(sock) == b"" for sock in idle + lines)
        assert all((_state(sock) or b"").startswith(b"HTTP/1.1 408 ") for sock in bodies)
        assert _timed_query(port, n) < 1.0
    with log.open("rb") as file:
        file.seek(logged)
        said = file.read().decode()
    assert said.count("dropped POST /sparql") == STALLED_BODIES
    assert said.count(f"it sent nothing in {IDLE_TIMEOUT:g} s") == IDLE
    assert said.count(f"no whole request head in {IDLE_TIMEOUT:g} s (21 bytes") == STALLED_LINES


def _post(port: int, body: bytes | Iterator[bytes], chunked: bool = False) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Content-Type": "application/sparql-query"}
        connection.request("POST", "/sparql", body, headers, encode_chunked=chunked)
        answer = connection.getresponse()
        return answer.status, answer.read().decode()
    finally:
        connection.close()


def test_limits_at_the_edge_name_themselves(server: tuple[int, Path]) -> None:
    port, _ = server
    big = b"ASK {}" + b" " * (1 << 20)
    for status, text in (_post(port, big), _post(port, iter([big[:1000], big[1000:]]), True)):
        assert status == 413 and "MAX_CONTENT_LENGTH" in text, (status, text)
    long_url = f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D%23{'x' * 9000}"
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(long_url, timeout=30)
    assert error.value.code == 414 and "MAX_URL_LENGTH" in error.value.read().decode()
    error.value.close()
