"""The watch on a worker's connections (server.connections), on real sockets of this process.

A listening socket and its accepted connections stand for a worker's: the watch finds them
through /proc/self/fd and the kernel's TCP_INFO, as in the server.
"""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Iterator

import pytest

from lexkg.server.connections import Connections

LIMIT = 0.3  # seconds, for the test: the service waits IDLE_TIMEOUT


class Ends:
    """A listening socket, the clients connected to it, and its ends of their connections."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.sockets = [self.server]

    def connect(self, send: bytes = b"") -> tuple[socket.socket, str]:
        """A new client (which sent `send`), and its name as the server gives it."""
        client = socket.create_connection(self.server.getsockname())
        accepted, _ = self.server.accept()
        self.sockets += [client, accepted]
        if send:
            client.sendall(send)
        host, port = client.getsockname()
        return client, f"{host}:{port}"


@pytest.fixture
def ends() -> Iterator[Ends]:
    made = Ends()
    yield made
    for sock in made.sockets:
        sock.close()


def _closed(client: socket.socket) -> bool:
    client.setblocking(False)
    try:
        return client.recv(100) == b""
    except BlockingIOError:
        return False


def test_the_watch_closes_what_waits_and_keeps_what_works(
    ends: Ends, caplog: pytest.LogCaptureFixture
) -> None:
    watch = Connections(idle_timeout=LIMIT)
    silent, _ = ends.connect()
    stalled, _ = ends.connect(b"GET /sparql?query=ASK")
    kept_alive, kept_name = ends.connect(b"GET / HTTP/1.1\r\n\r\n")
    working, working_name = ends.connect(b"GET /slow HTTP/1.1\r\n\r\n")
    time.sleep(0.05)
    watch.answered[kept_name] = time.monotonic()  # answered; nothing sent since
    watch.begin(working_name)  # a long request in progress
    with caplog.at_level(logging.WARNING, logger="lexkg.server"):
        watch.scan()  # sees them all for the first time: none has waited long enough
        assert not any(_closed(c) for c in (silent, stalled, kept_alive, working))
        time.sleep(1.1)  # past LIMIT, and past the quiet second a stalled head is given
        fresh, _ = ends.connect(b"GET / HTTP/1.1\r\n")  # a head on its way
        watch.scan()
        time.sleep(0.05)
    assert _closed(silent) and _closed(stalled) and _closed(kept_alive)
    assert not _closed(working) and not _closed(fresh)
    said = [r.getMessage() for r in caplog.records]
    assert len(said) == 2, said  # the keep-alive that ran out is closed quietly
    assert sum("it sent nothing in 0.3 s" in s for s in said) == 1
    assert sum("no whole request head in 0.3 s (21 bytes received in all" in s for s in said) == 1
    # Once answered, the long request's connection is a keep-alive like any other.
    watch.end(working_name)
    time.sleep(LIMIT + 0.05)
    watch.scan()
    time.sleep(0.05)
    assert _closed(working)
