"""Connections that wait too long for a request are closed, and each close is logged.

granian closes a connection whose request head is not in within its header read timeout,
without a word, and never closes one that has not sent a byte. `Connections` does both, in
each worker process: every `SCAN_INTERVAL` seconds a thread of its own looks at the worker's
TCP connections on the listening port (their descriptors under /proc/self/fd, and what the
kernel knows of each, `TCP_INFO`) and shuts down every one that has had no request in
progress for `IDLE_TIMEOUT` seconds, from its start or from its last answer:

- a connection that sent nothing (logged: "sent nothing in 5 s");
- one that sent part of a request head and then nothing for a second, its head still not
  whole (logged, with the bytes it sent);
- one kept alive after its last answer that sent nothing since (closed quietly, as a
  keep-alive that ran out).

A request in progress (`begin` … `end`, around whatever it waits for) is never touched; nor
is a connection whose answer is still being sent (bytes in its send queue, or sent within
`IDLE_TIMEOUT`). granian's own header read timeout stays behind this, longer (`server.run`):
it closes, unlogged, a head dripped out a byte a second.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import socket
import struct
import termios
import threading
import time
from dataclasses import dataclass

__all__ = ["IDLE_TIMEOUT", "SCAN_INTERVAL", "Connections"]

IDLE_TIMEOUT = 5.0  # seconds a connection may wait with no request in progress
# A request head whose last byte came this recently may be complete and on its way to the
# app: a connection is taken for stalled only after this long without a byte.
_QUIET = 1.0
SCAN_INTERVAL = 1.0  # seconds between two looks at the connections
log = logging.getLogger("lexkg.server")

# struct tcp_info (linux/tcp.h): the fields read here, and their byte offsets.
_TCP_ESTABLISHED = 1
_LAST_DATA_SENT, _LAST_DATA_RECV = 44, 52  # milliseconds since (u32)
_BYTES_RECEIVED = 128  # u64, Linux 4.1 and later
_TCP_INFO_SIZE = 136
_CLOCKS = 0.05  # seconds: the kernel's times are counted in jiffies, ours otherwise


@dataclass(frozen=True)
class _Seen:
    """One connection as the kernel describes it."""

    peer: str  # as granian names a client: "host:port", "[host]:port"
    received: int  # bytes received, in all
    since_received: float  # seconds since it last received data (since its start if none)
    since_sent: float  # seconds since it last sent data
    unsent: int  # bytes in its send queue, not yet acknowledged


class Connections:
    """The requests in progress on a worker's connections, and the thread that closes the
    connections waiting for none."""

    def __init__(self, idle_timeout: float = IDLE_TIMEOUT) -> None:
        self.idle_timeout = idle_timeout
        # Per client ("host:port"): requests in progress, and when the last one was answered.
        # Written on the event loop, read by the scanning thread (single dict operations).
        self.busy: dict[str, int] = {}
        self.answered: dict[str, float] = {}
        self._first_seen: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def begin(self, client: str) -> None:
        self.busy[client] = self.busy.get(client, 0) + 1

    def end(self, client: str) -> None:
        left = self.busy.pop(client, 1) - 1
        if left > 0:
            self.busy[client] = left
        self.answered[client] = time.monotonic()

    def start(self) -> None:
        """Look at the connections every `SCAN_INTERVAL` seconds, in a thread of their own."""
        self._thread = threading.Thread(target=self._run, name="lexkg-connections", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(SCAN_INTERVAL):
            try:
                self.scan()
            except Exception:  # never let one look end the watch
                log.exception("could not look at the connections")

    def scan(self) -> None:
        """Close the connections that have waited `idle_timeout` with no request."""
        now = time.monotonic()
        peers = set()
        for sock in _served_sockets():
            with sock:
                seen = _describe(sock)
                if seen is None:
                    continue
                peers.add(seen.peer)
                first = self._first_seen.setdefault(seen.peer, now)
                reason = self._reason(seen, now, first)
                if reason is not None:
                    _close(sock)
                    if reason:
                        log.warning("dropped a connection from %s: %s", seen.peer, reason)
        for table in (self._first_seen, self.answered):
            for peer in [p for p in list(table) if p not in peers and p not in self.busy]:
                table.pop(peer, None)

    def _reason(self, seen: _Seen, now: float, first: float) -> str | None:
        """Why the connection is closed ("" for a keep-alive run out), or None to keep it."""
        limit = self.idle_timeout
        if self.busy.get(seen.peer) or seen.unsent or seen.since_sent < limit:
            return None
        if seen.received == 0:
            return f"it sent nothing in {limit:g} s" if seen.since_received >= limit else None
        answered = self.answered.get(seen.peer)
        waiting_since = first if answered is None else max(first, answered)
        if now - waiting_since < limit:
            return None
        if answered is not None and now - seen.since_received <= answered + _CLOCKS:
            return ""  # nothing received since its last answer
        if seen.since_received < _QUIET:
            return None
        return (
            f"no whole request head in {limit:g} s ({seen.received} bytes received in all, "
            f"the last {seen.since_received:.1f} s ago)"
        )


def _served_sockets() -> list[socket.socket]:
    """A copy of every TCP connection of this process on a port it listens on."""
    sockets: list[socket.socket] = []
    listening: set[int] = set()
    for name in os.listdir("/proc/self/fd"):
        try:
            if not os.readlink(f"/proc/self/fd/{name}").startswith("socket:"):
                continue
            sock = socket.socket(fileno=os.dup(int(name)))
        except OSError:  # closed meanwhile, or not a socket after all
            continue
        if sock.type != socket.SOCK_STREAM or sock.family not in (socket.AF_INET, socket.AF_INET6):
            sock.close()
        elif sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN):
            listening.add(sock.getsockname()[1])
            sock.close()
        else:
            sockets.append(sock)
    served = []
    for sock in sockets:
        try:
            port = sock.getsockname()[1]
        except OSError:
            port = None
        if port in listening:
            served.append(sock)
        else:
            sock.close()
    return served


def _describe(sock: socket.socket) -> _Seen | None:
    """What the kernel knows of a connection; None if it is not established."""
    try:
        info = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, _TCP_INFO_SIZE)
        address = sock.getpeername()
        unsent = struct.unpack("i", fcntl.ioctl(sock, termios.TIOCOUTQ, b"\0" * 4))[0]
    except OSError:
        return None
    if info[0] != _TCP_ESTABLISHED or len(info) < _TCP_INFO_SIZE:
        return None
    host, port = address[0], address[1]
    peer = f"[{host}]:{port}" if sock.family == socket.AF_INET6 else f"{host}:{port}"
    return _Seen(
        peer=peer,
        received=struct.unpack_from("Q", info, _BYTES_RECEIVED)[0],
        since_received=struct.unpack_from("I", info, _LAST_DATA_RECV)[0] / 1000,
        since_sent=struct.unpack_from("I", info, _LAST_DATA_SENT)[0] / 1000,
        unsent=unsent,
    )


def _close(sock: socket.socket) -> None:
    """End the connection for its owner too: the server reads its end, and lets it go."""
    with contextlib.suppress(OSError):  # ended meanwhile
        sock.shutdown(socket.SHUT_RDWR)
