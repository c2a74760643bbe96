"""Run the endpoint under gunicorn, one store per worker process."""

from __future__ import annotations

import logging
import sys
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

from server.app import create_app
from server.store import graph_format

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

    def __init__(self, graph_path: str, options: dict[str, Any]) -> None:
        self._graph_path = graph_path
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        # Called in each worker after the fork, so each worker loads its own store.
        return create_app({"GRAPH_PATH": self._graph_path})


def serve(
    graph_path: str,
    host: str,
    port: int,
    workers: int = 2,
    threads: int = 4,
    access_log: bool = True,
) -> None:
    """Serve the graph file at http://host:port/sparql until gunicorn is stopped.

    A missing or misnamed file raises `GraphLoadError` here; a file that does not
    parse makes every worker fail to boot, and gunicorn exits (`SystemExit`).
    """
    graph_format(graph_path)
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
    _Server(graph_path, options).run()
