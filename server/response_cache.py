"""Whole responses kept for reuse: the graph never changes, so neither does a page.

`ResponseCache` keeps the status, headers and body of `200` answers to `GET` requests, keyed
by everything of the request a response can depend on (`request_key`): the path and query
string, the scheme and server, and every request header but those no route reads
(`_IGNORED`: `User-Agent`, `Referer`, `Connection` …). The same path asked for in another format or
language (`Accept`, `Accept-Language`), from another host (`Host`, `X-Forwarded-*`) or
origin is another entry. The most recently used entries are kept within a budget of bytes;
no one response takes more than an eighth of it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any

__all__ = ["Entry", "ResponseCache", "environ_key", "request_key"]

_SHARE = 8
_OVERHEAD = 1024  # bytes counted for an entry's key and headers, besides its body
_WAIT = 60.0  # seconds a request waits for the same request's answer, then makes its own
# Request headers no route reads: requests that differ only in these get the same response.
_IGNORED = frozenset(
    {
        "user-agent",
        "referer",
        "connection",
        "keep-alive",
        "cache-control",
        "pragma",
        "accept-encoding",
        "upgrade-insecure-requests",
        "dnt",
    }
)

Entry = tuple[str, list[tuple[str, str]], bytes]


def request_key(
    path: str, query: str, scheme: str, server: str, headers: Iterable[tuple[str, str]]
) -> Hashable:
    """What a GET request's response can depend on: its path and query string, the scheme
    and server it came to, and its headers (lower-case names) but those of `_IGNORED`."""
    kept = sorted((name, value) for name, value in headers if name not in _IGNORED)
    return (path, query, scheme, server, tuple(kept))


def environ_key(environ: dict[str, Any]) -> Hashable:
    """`request_key` of a WSGI request."""
    headers = [
        (name[5:].lower().replace("_", "-"), value)
        for name, value in environ.items()
        if name.startswith("HTTP_")
    ]
    if environ.get("CONTENT_TYPE"):
        headers.append(("content-type", environ["CONTENT_TYPE"]))
    server = f"{environ.get('SERVER_NAME', '')}:{environ.get('SERVER_PORT', '')}"
    path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    return request_key(
        path, environ.get("QUERY_STRING", ""), environ.get("wsgi.url_scheme", ""), server, headers
    )


class ResponseCache:
    """Responses by `request_key`, the most recently used within `max_bytes`."""

    def __init__(self, max_bytes: int) -> None:
        if max_bytes <= 0:
            raise ValueError(f"a response cache needs a positive budget, not {max_bytes}")
        self.max_bytes = max_bytes
        self.entry_bytes = max_bytes // _SHARE
        self.hits = self.misses = 0
        self._entries: OrderedDict[Hashable, Entry] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._pending: dict[Hashable, threading.Event] = {}

    def fetch(self, key: Hashable, answer: Callable[[], Entry]) -> Entry:
        """The entry of *key*, else *answer*'s (kept if it is a `200`). Requests for the same
        key that come while it is being answered wait for that answer rather than make it
        again (a page's first requests would otherwise build it once each)."""
        entry = self.get(key)
        if entry is not None:
            return entry
        with self._lock:
            pending = self._pending.get(key)
            first = pending is None
            if first:
                pending = self._pending[key] = threading.Event()
        if not first:
            pending.wait(_WAIT)
            entry = self.get(key)
            if entry is not None:
                return entry
            return answer()
        try:
            entry = answer()
            if entry[0].startswith("200 "):
                self.put(key, entry)
            return entry
        finally:
            with self._lock:
                del self._pending[key]
            pending.set()

    def get(self, key: Hashable) -> Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, key: Hashable, entry: Entry) -> None:
        size = len(entry[2]) + _OVERHEAD
        if size > self.entry_bytes:
            return
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = entry
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped[2]) + _OVERHEAD
