"""The front under granian's RSGI interface: a request's body is read on the event loop,
within a time limit, before a thread is given to it.

Under WSGI a request thread reads the body itself, and a client that sends headers and then
stalls holds that thread for as long as it likes: a few dozen such clients take every
thread. Here the event loop reads every body (up to `MAX_CONTENT_LENGTH` + 1 bytes, which
the app then refuses with 413) within `BODY_READ_TIMEOUT` seconds, else answers 408 and logs
what it dropped; only a whole request reaches the app. An answer that takes no time (a
response kept, a quick query, a URL past its limit; `Front.ready`) is made right on the
loop; any other on one of `threads` request threads.
"""

from __future__ import annotations

import asyncio
import io
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import quote

from lexkg.server.connections import Connections
from lexkg.server.front import Front
from lexkg.server.lean_sparql import Reply
from lexkg.server.response_cache import request_key

__all__ = ["BODY_READ_TIMEOUT", "RsgiFront"]

BODY_READ_TIMEOUT = 10.0  # seconds to send a request's body, once its headers are in
log = logging.getLogger("lexkg.server")
_BODYLESS = frozenset({"GET", "HEAD", "OPTIONS", "DELETE"})
_PLAIN = [("content-type", "text/plain; charset=utf-8"), ("x-content-type-options", "nosniff")]


class RsgiFront:
    """An RSGI application: `front`'s answers, bodies read on the loop, work on threads."""

    def __init__(self, front: Front, threads: int) -> None:
        self.front = front
        self.cache = front.cache
        self.threads = threads
        self.max_body = front.app.config["MAX_CONTENT_LENGTH"]
        self.body_timeout = BODY_READ_TIMEOUT
        self.connections = Connections()
        self._pool: ThreadPoolExecutor | None = None

    def __rsgi_init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="lexkg-request")
        self.connections.start()

    def __rsgi_del__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.connections.stop()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)

    async def __rsgi__(self, scope: Any, protocol: Any) -> None:
        if scope.proto != "http":
            return
        key = None
        if self.cache is not None and scope.method == "GET":
            key = request_key(
                scope.path, scope.query_string, scope.scheme, scope.server, scope.headers.items()
            )
            kept = self.cache.get(key)
            if kept is not None:  # the most common request of all, answered first
                _send(protocol, kept)
                self.connections.answered[scope.client] = time.monotonic()
                return
        environ = _environ(scope)
        with_body = scope.method not in _BODYLESS or bool(environ.get("CONTENT_LENGTH"))
        if not with_body:
            reply = self.front.ready(environ, key, looked=key is not None)
            if reply is not None:  # made here and now, on the loop
                _send(protocol, reply)
                self.connections.answered[scope.client] = time.monotonic()
                return
        self.connections.begin(scope.client)  # a request in progress, whatever it waits for
        try:
            await self._answer(scope, protocol, environ, key, with_body)
        finally:
            self.connections.end(scope.client)

    async def _answer(
        self, scope: Any, protocol: Any, environ: dict[str, Any], key: Any, with_body: bool
    ) -> None:
        """Read the body (if any), then answer on a request thread unless `ready` can."""
        reply = None
        if with_body:
            try:
                body = await asyncio.wait_for(self._body(protocol), self.body_timeout)
            except TimeoutError:
                log.warning(
                    "dropped %s %s from %s: its body did not come within %g s",
                    scope.method,
                    quote(scope.path),
                    scope.client,
                    self.body_timeout,
                )
                message = f"the request's body did not come within {self.body_timeout:g} s\n"
                protocol.response_bytes(408, _PLAIN, message.encode())
                return
            except Exception:  # the client went away, or sent a broken body
                return
            environ["wsgi.input"] = io.BytesIO(body)
            if "CONTENT_LENGTH" not in environ:  # a chunked body, read: whole or past the limit
                environ.pop("HTTP_TRANSFER_ENCODING", None)
                environ["CONTENT_LENGTH"] = str(len(body))
            reply = self.front.ready(environ, key, looked=key is not None)
        if reply is None:
            loop = asyncio.get_running_loop()
            reply = await loop.run_in_executor(self._pool, self.front.answer, environ, key)
        _send(protocol, reply)

    async def _body(self, protocol: Any) -> bytes:
        """The body, or its first `max_body` + 1 bytes (the app answers 413 to that)."""
        parts: list[bytes] = []
        size = 0
        async for chunk in protocol:
            parts.append(chunk)
            size += len(chunk)
            if size > self.max_body:
                break
        return b"".join(parts)


def _send(protocol: Any, reply: Reply) -> None:
    status, headers, body = reply
    protocol.response_bytes(int(status[:3]), headers, body)


def _environ(scope: Any) -> dict[str, Any]:
    """The WSGI environ of an RSGI request (PATH_INFO as WSGI has it: bytes as latin-1)."""
    host, _, port = scope.server.rpartition(":")
    environ: dict[str, Any] = {
        "REQUEST_METHOD": scope.method,
        "SCRIPT_NAME": "",
        "PATH_INFO": scope.path.encode("utf-8", "surrogateescape").decode("latin-1"),
        "QUERY_STRING": scope.query_string,
        "SERVER_NAME": host,
        "SERVER_PORT": port,
        "SERVER_PROTOCOL": f"HTTP/{scope.http_version}",
        "REMOTE_ADDR": scope.client.rpartition(":")[0],
        "wsgi.url_scheme": scope.scheme,
        "wsgi.input": io.BytesIO(),
        "wsgi.input_terminated": True,
        "wsgi.errors": _ERRORS,
        "wsgi.version": (1, 0),
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    for name, value in scope.headers.items():
        if "_" in name:  # would pass for another header once "-" is "_" (as gunicorn drops)
            continue
        key = name.upper().replace("-", "_")
        if key == "CONTENT_TYPE" or key == "CONTENT_LENGTH":
            environ[key] = value
            continue
        key = "HTTP_" + key
        environ[key] = f"{environ[key]},{value}" if key in environ else value
    return environ


class _Errors(io.TextIOBase):
    """`wsgi.errors`: the app's error stream, into the log."""

    def write(self, text: str) -> int:
        if text.strip():
            log.error(text.rstrip())
        return len(text)


_ERRORS = _Errors()
