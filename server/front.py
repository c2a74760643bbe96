"""The WSGI application the server runs: the Flask app behind a lean front.

In order, for each request:

1. a path and query string longer than `MAX_URL_LENGTH` characters is answered 414, naming
   the limit;
2. a `GET` answered before is answered again from the `ResponseCache` (`server.response_cache`;
   only over the embedded store, whose graph never changes, and if `RESPONSE_CACHE_BYTES` > 0);
3. a plain query to `/sparql` is answered by `LeanSparql` (`server.lean_sparql`);
4. anything else by the Flask app.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any

from flask import Flask
from werkzeug.exceptions import RequestURITooLarge

from lexkg.server.app import create_app
from lexkg.server.lean_sparql import LeanSparql, Reply, answer_exception, collect
from lexkg.server.response_cache import ResponseCache, environ_key

__all__ = ["Front", "front_app"]

StartResponse = Callable[..., Any]


class Front:
    """A WSGI application: `app` behind the URL limit, the response cache and the lean
    `/sparql` path."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.max_url = app.config["MAX_URL_LENGTH"]
        budget = app.config["RESPONSE_CACHE_BYTES"]
        read_only = app.config.get("STORE") is None and not app.config.get("STORE_URL")
        self.cache = ResponseCache(budget) if budget > 0 and read_only else None
        self.sparql = LeanSparql(app)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        key = environ_key(environ) if self.cache is not None else None
        status, headers, body = self.ready(environ, key) or self.answer(environ, key)
        start_response(status, headers)
        return [body]

    def ready(
        self, environ: dict[str, Any], key: Hashable | None, *, looked: bool = False
    ) -> Reply | None:
        """The answer, if it takes no time: a URL past the limit, a response kept (under
        *key*, the request's `request_key`; unless the caller `looked` already), a query the
        store answers quickly; else None (`answer` makes it)."""
        length = len(environ.get("PATH_INFO", "")) + len(environ.get("QUERY_STRING", ""))
        if length > self.max_url:
            return self._too_long(environ, length)
        kept = self.cache is not None and key is not None and environ["REQUEST_METHOD"] == "GET"
        if kept and not looked:
            reply = self.cache.get(key)
            if reply is not None:
                return reply
        if environ.get("PATH_INFO") == "/sparql":
            plan = self.sparql.plan(environ)
            if plan is not None and self.sparql.quick(plan):
                reply = self.sparql.answer(plan, environ)
                if kept and reply[0].startswith("200 "):
                    self.cache.put(key, reply)
                return reply
        return None

    def answer(self, environ: dict[str, Any], key: Hashable | None) -> Reply:
        """The answer, however long it takes (a query's time limit at most)."""
        if self.cache is not None and key is not None and environ["REQUEST_METHOD"] == "GET":
            return self.cache.fetch(key, lambda: self._answer(environ))
        return self._answer(environ)

    def _answer(self, environ: dict[str, Any]) -> Reply:
        if environ.get("PATH_INFO") == "/sparql":
            reply = self.sparql(environ)
            if reply is not None:
                return reply
        return collect(self.app.wsgi_app, environ)

    def _too_long(self, environ: dict[str, Any], length: int) -> Reply:
        message = (
            f"the request's path and query take {length} characters, more than "
            f"{self.max_url} (MAX_URL_LENGTH): send a long query by POST"
        )
        return answer_exception(self.app, environ, RequestURITooLarge(message))


def front_app(config: Mapping[str, Any] | None = None) -> Front:
    """`create_app(config)` behind its `Front` (the server calls this in each worker)."""
    return Front(create_app(config))
