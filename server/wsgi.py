"""Run the endpoint under gunicorn, one store per worker process.

Each gunicorn worker loads the graph and forks its query workers (see `lexkg.server.store.pool`) in
`create_app`, before gunicorn starts its request threads; it gets as many query workers as
it has threads, so a request never waits for one.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

from lexkg.server.app import create_app
from lexkg.server.store.embedded import graph_format

__all__ = ["serve"]


class _StderrLogger(Logger):
    """gunicorn's logger, with the access log on stderr instead of stdout."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for handler in self.access_log.handlers:
            if isinstance(handler, logging.StreamHandler) and handler.stream is sys.stdout:
                handler.setStream(sys.stderr)


class _Server(BaseApplication):
    """A gunicorn application configured in code, not from argv or files."""

    def __init__(self, app_config: dict[str, Any], options: dict[str, Any]) -> None:
        self._app_config = app_config
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        # Called in each worker after the fork, so each worker loads its own store.
        return create_app(self._app_config)


def serve(
    graph_path: str | None,
    host: str,
    port: int,
    workers: int = 2,
    threads: int = 4,
    access_log: bool = True,
    *,
    query_timeout: float | None = None,
    max_result_bytes: int | None = None,
    answer_cache_bytes: int | None = None,
    public_base_url: str | None = None,
    store_url: str | None = None,
    store_union: str | None = None,
) -> None:
    """Serve the graph file at http://host:port/sparql until gunicorn is stopped.

    With `store_url`, serve the external SPARQL endpoint there instead of a graph file
    (`graph_path` is not read; `store_union` as `lexkg.server.store.remote.RemoteStore`'s `union`).

    `query_timeout` (seconds) stops a query that runs longer (503), `max_result_bytes`
    refuses a longer answer (422), `answer_cache_bytes` bounds the answers a worker keeps for
    reuse (0: none); None keeps `create_app`'s defaults (30 s, 50 MiB and 64 MiB, or
    LEXKG_QUERY_TIMEOUT, LEXKG_MAX_RESULT_BYTES and LEXKG_ANSWER_CACHE_BYTES).
    `public_base_url` is the address the service is reached at from outside (else
    LEXKG_PUBLIC_BASE_URL, else the request's). Each gunicorn worker has `threads` query
    workers.

    A missing or misnamed file raises `GraphLoadError` here; a file that does not
    parse makes every worker fail to boot, and gunicorn exits (`SystemExit`).
    """
    if query_timeout is not None and not query_timeout > 0:
        raise ValueError(f"the query time limit must be positive, not {query_timeout}")
    app_config: dict[str, Any]
    if store_url:
        app_config = {"STORE_URL": store_url, "STORE_UNION": store_union or "auto"}
    elif graph_path is None:
        raise ValueError("serve needs a graph file or a store URL")
    else:
        graph_format(graph_path)
        app_config = {"GRAPH_PATH": graph_path, "QUERY_WORKERS": threads}
    if query_timeout is not None:
        app_config["QUERY_TIMEOUT"] = query_timeout
    if max_result_bytes is not None:
        app_config["MAX_RESULT_BYTES"] = max_result_bytes
    if answer_cache_bytes is not None:
        app_config["ANSWER_CACHE_BYTES"] = answer_cache_bytes
    if public_base_url:
        app_config["PUBLIC_BASE_URL"] = public_base_url
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    options = {
        "bind": bind,
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "accesslog": "-" if access_log else None,
        "errorlog": "-",
        "logger_class": _StderrLogger,
        "control_socket_disable": True,
    }
    _Server(app_config, options).run()
