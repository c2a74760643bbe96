"""Run the endpoint under granian, one store per worker process.

granian (HTTP in Rust, on tokio) reads requests and writes answers outside Python: an idle
or slow client holds a connection, not a thread. Each of its worker processes calls
`application` after the fork, which loads the graph and forks that worker's query workers
(see `lexkg.server.store.pool`) before any request thread starts, and runs the app behind
its front (`lexkg.server.front`: the URL limit, the response cache, the lean `/sparql`)
through RSGI (`lexkg.server.rsgi`: bodies read on the event loop within a time limit).

What granian does not do by default and is set here: a worker that dies (killed, out of
memory) is replaced (`respawn_failed_workers`); a connection waiting for a request is closed
and logged after `IDLE_TIMEOUT` (`lexkg.server.connections`, in each worker), with granian's
`HEADER_READ_TIMEOUT_MS` for a request's head behind it, of `HEADER_BYTES` at most; the
requests a worker takes at once are bounded (`_BACKPRESSURE`), the rest waiting in the
kernel's backlog. The access log is off
unless asked for: it costs more than half of the throughput of a cheap query.
"""

from __future__ import annotations

import copy
import ctypes
import os
import signal
from typing import Any

from lexkg.config import read as read_config
from lexkg.config import setting
from lexkg.server.connections import IDLE_TIMEOUT
from lexkg.server.front import front_app
from lexkg.server.rsgi import RsgiFront
from lexkg.server.store.embedded import graph_format

__all__ = ["HEADER_READ_TIMEOUT_MS", "application", "serve"]

# To send a request's line and headers, from the connection's start or the last answer;
# closed silently past it. Twice IDLE_TIMEOUT: the connections' watch closes them first, logged.
HEADER_READ_TIMEOUT_MS = int(2_000 * IDLE_TIMEOUT)
HEADER_BYTES = 64 * 1024  # a request's line and headers together (431 past it; granian: 408 KiB)
_BACKPRESSURE = 512  # requests a worker takes at once (reading bodies or answered)
_PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent ends
_ACCESS_FORMAT = '%(addr)s - "%(method)s %(path)s %(protocol)s" %(status)d %(dt_ms).3f ms'


def application() -> RsgiFront:
    """The app a granian worker serves, configured by `LEXKG_*` variables (`serve` sets them)."""
    _die_with_parent()
    return RsgiFront(front_app(), read_config()["THREADS"])


def _die_with_parent() -> None:
    """End this worker when granian's main process ends, however it ends: a worker still
    loading its graph when the main process is stopped would otherwise be left running."""
    parent = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it ended before prctl took effect
        os._exit(1)


def _log_config(access_log: bool) -> dict[str, Any]:
    """granian's logging, on stderr (stdout stays the command's)."""
    from granian.log import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    for handler in config["handlers"].values():
        handler["stream"] = "ext://sys.stderr"
    if not access_log:
        config["loggers"]["granian.access"]["level"] = "CRITICAL"
    # What the service drops or fails at (`lexkg.server.rsgi`, the app's errors).
    config["loggers"]["lexkg"] = {"handlers": ["console"], "level": "INFO", "propagate": False}
    return config


def serve(
    graph_path: str | None,
    host: str,
    port: int,
    workers: int = 2,
    threads: int = 4,
    access_log: bool = False,
    *,
    query_timeout: float | None = None,
    max_result_bytes: int | None = None,
    answer_cache_bytes: int | None = None,
    public_base_url: str | None = None,
    store_url: str | None = None,
    store_union: str | None = None,
) -> None:
    """Serve the graph file at http://host:port/sparql until granian is stopped.

    With `store_url`, serve the external SPARQL endpoint there instead of a graph file
    (`graph_path` is not read; `store_union` as `lexkg.server.store.remote.RemoteStore`'s `union`).

    `query_timeout` (seconds) stops a query that runs longer (503), `max_result_bytes`
    refuses a longer answer (422), `answer_cache_bytes` bounds the answers a worker keeps for
    reuse (0: none); None keeps the settings' values (`lexkg.config`). `public_base_url` is
    the address the service is reached at from outside. Each of the `workers` processes runs
    the app on `threads` threads and has as many query workers.

    A missing or misnamed file raises `GraphLoadError` here.
    """
    from granian.constants import Interfaces
    from granian.http import HTTP1Settings
    from granian.server import Server

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
    app_config["THREADS"] = threads
    if query_timeout is not None:
        app_config["QUERY_TIMEOUT"] = query_timeout
    if max_result_bytes is not None:
        app_config["MAX_RESULT_BYTES"] = max_result_bytes
    if answer_cache_bytes is not None:
        app_config["ANSWER_CACHE_BYTES"] = answer_cache_bytes
    if public_base_url:
        app_config["PUBLIC_BASE_URL"] = public_base_url
    # The workers read their configuration where every setting is read: the environment.
    for key, value in app_config.items():
        os.environ[setting(key).variable] = str(value)
    server = Server(
        "lexkg.server.run:application",
        address=host,
        port=port,
        interface=Interfaces.RSGI,
        factory=True,
        workers=workers,
        backpressure=_BACKPRESSURE,
        http1_settings=HTTP1Settings(
            header_read_timeout=HEADER_READ_TIMEOUT_MS, max_buffer_size=HEADER_BYTES
        ),
        websockets=False,
        log_dictconfig=_log_config(access_log),
        log_access=access_log,
        log_access_format=_ACCESS_FORMAT,
        respawn_failed_workers=True,
        respawn_interval=0.5,
    )
    server.serve()
