"""`create_app`: the service around one store, its routes, and the one table of errors.

Configuration is read in one place (`lexkg.config`): defaults, then `LEXKG_*` environment
variables, then the mapping given here. The store is `config["STORE"]` as it is (a test's),
an external SPARQL endpoint at `STORE_URL` (`server.store.remote`), or the graph file at
`GRAPH_PATH` loaded into the embedded store, queried in `QUERY_WORKERS` worker processes
under `QUERY_TIMEOUT` (`server.store.pool`) unless known to take under `QUICK_QUERY_MS`
(`server.store.quick`), its answers bounded by `MAX_RESULT_BYTES` and
kept for reuse within `ANSWER_CACHE_BYTES` (`server.store.cache`; 0 for none).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask_cors import CORS

from lexkg.config import read as read_config
from lexkg.server.core.errors import STATUS
from lexkg.server.routes import api, assess, editor, eli, harvest, ontology, queries, sparql
from lexkg.server.routes.common import STORE_KEY, init_app
from lexkg.server.store.base import Store
from lexkg.server.store.cache import AnswerCache
from lexkg.server.store.embedded import OxigraphStore
from lexkg.server.store.pool import QueryPool
from lexkg.server.store.quick import QuickPath
from lexkg.server.store.remote import RemoteStore

__all__ = ["create_app"]

_BLUEPRINTS = (sparql.bp, ontology.bp, eli.bp, api.bp, assess.bp, queries.bp, editor.bp, harvest.bp)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The app around `config["STORE"]`, an external SPARQL endpoint at `STORE_URL`, or a
    store loaded from `GRAPH_PATH` (in that order); see `lexkg.config` for every setting.

    The worker processes are forked here: call it before the process starts threads.
    """
    app = Flask(__name__)
    # "//etc/passwd" after a route is no path of this app: 404, not a redirect to "/etc/passwd".
    app.url_map.merge_slashes = False
    app.config.update(read_config(config))
    app.extensions[STORE_KEY] = _store(app.config)
    for blueprint in _BLUEPRINTS:
        app.register_blueprint(blueprint)
    init_app(app, [kind for kind, _ in STATUS])
    # Browsers may query from any page: simple requests, and preflights of POSTs with a
    # Content-Type of application/sparql-query (cacheable for a day).
    CORS(
        app,
        resources={r"/sparql": {"origins": "*"}},
        methods=["GET", "POST", "OPTIONS"],
        send_wildcard=True,
        max_age=86_400,
    )
    return app


def _store(config: Mapping[str, Any]) -> Store:
    """The store the configuration names, stacked as it asks."""
    if config.get("STORE") is not None:
        return config["STORE"]
    if config.get("STORE_URL"):
        return RemoteStore(
            config["STORE_URL"],
            timeout=config["QUERY_TIMEOUT"],
            max_result_bytes=config["MAX_RESULT_BYTES"],
            union=config.get("STORE_UNION") or "auto",
            user=config.get("STORE_USER"),
            password=config.get("STORE_PASSWORD"),
        )
    if not config.get("GRAPH_PATH"):
        raise ValueError("create_app needs config GRAPH_PATH or STORE (or STORE_URL)")
    loaded = OxigraphStore(config["GRAPH_PATH"], max_result_bytes=config["MAX_RESULT_BYTES"])
    store: Store = QueryPool(loaded, size=config["QUERY_WORKERS"], timeout=config["QUERY_TIMEOUT"])
    if config["QUICK_QUERY_MS"] > 0:
        store = QuickPath(store, loaded, budget=config["QUICK_QUERY_MS"] / 1000)
    if config["ANSWER_CACHE_BYTES"] > 0:
        store = AnswerCache(store, config["ANSWER_CACHE_BYTES"])
    return store
