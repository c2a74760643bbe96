"""Flask app: the SPARQL 1.1 Protocol query operation over a read-only store.

`/sparql` answers queries by GET or POST (form or direct), with the dataset parameters
`default-graph-uri` and `named-graph-uri` (graphs of the store only, never fetched), in the
media type the client accepts best (or the one `format` names), and describes itself
(SPARQL 1.1 Service Description) to a GET without a query. Updates are refused (403),
SERVICE too (400). Each query runs in a worker process under a time limit (`QUERY_TIMEOUT`,
503 past it) and its answer is bounded (`MAX_RESULT_BYTES`, 422 past it). Browsers may call
it from any origin (CORS).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

from flask import Blueprint, Flask, Response, abort, current_app, jsonify, request
from flask_cors import CORS
from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import HTTPException

from server.api import bp as api_bp
from server.cache import AnswerCache
from server.description import DatasetCache, describe
from server.editor import bp as editor_bp
from server.eli_pages import bp as eli_bp
from server.harvest import bp as harvest_bp
from server.named_routes import bp as named_bp
from server.ontology import bp as ontology_bp
from server.pool import QueryPool
from server.rdf_formats import RDF_FORMATS, serialise
from server.remote import RemoteStore
from server.store import (
    STORE_KEY,
    NotAcceptableError,
    OxigraphStore,
    QueryDataset,
    QueryError,
    QueryTimeoutError,
    ResultTooLargeError,
    Store,
    StoreError,
    StoreUnavailableError,
    app_store,
)

__all__ = ["create_app"]

_FORM = "application/x-www-form-urlencoded"
_DIRECT = "application/sparql-query"
_UPDATE = "application/sparql-update"
_READ_ONLY = "this endpoint is read-only: SPARQL Update is not accepted"
_DESCRIPTION_KEY = "lexkg.service-description"

# `format=` values, which override Accept (for links), and the media types they name.
FORMAT_PARAMETER = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "ttl": "text/turtle",
    "rdf": "application/rdf+xml",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
}
_FORMAT_NAMES = {media_type: name for name, media_type in FORMAT_PARAMETER.items()}

# Defaults of the configuration keys create_app reads, and the environment variables that
# override the defaults (an explicit config value overrides both).
_DEFAULTS: dict[str, tuple[str, Callable[[str], Any], Any]] = {
    "QUERY_TIMEOUT": ("LEXKG_QUERY_TIMEOUT", float, 30.0),
    "QUERY_WORKERS": ("LEXKG_QUERY_WORKERS", int, 4),
    "MAX_RESULT_BYTES": ("LEXKG_MAX_RESULT_BYTES", int, 50 * 1024 * 1024),
    "ANSWER_CACHE_BYTES": ("LEXKG_ANSWER_CACHE_BYTES", int, 64 * 1024 * 1024),
    # The address the service is reached at from outside (behind a proxy); else the request's.
    "PUBLIC_BASE_URL": ("LEXKG_PUBLIC_BASE_URL", str, None),
}

# The prologue (PREFIX/BASE declarations, comments) before a request's first keyword.
_PROLOGUE = re.compile(
    r"(?:\s+|#[^\n\r]*|BASE\s*<[^>]*>|PREFIX\s*[^\s:<]*:\s*<[^>]*>)*", re.IGNORECASE
)
_UPDATE_KEYWORD = re.compile(
    r"(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE
)

bp = Blueprint("lexkg", __name__)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app around `config["STORE"]`, an external SPARQL endpoint at
    `config["STORE_URL"]`, or a store loaded from `config["GRAPH_PATH"]` (in that order).

    `MAX_QUERY_LENGTH` (characters, default 32768) bounds the query text and
    `MAX_CONTENT_LENGTH` (bytes, default 1 MiB) the request body. A store loaded from
    `GRAPH_PATH` answers in `QUERY_WORKERS` worker processes (default 4), each query within
    `QUERY_TIMEOUT` seconds (default 30), each answer within `MAX_RESULT_BYTES` (default
    50 MiB), and keeps answers for reuse within `ANSWER_CACHE_BYTES` (default 64 MiB, 0 for
    none; `server.cache`); the environment variables LEXKG_QUERY_TIMEOUT,
    LEXKG_QUERY_WORKERS, LEXKG_MAX_RESULT_BYTES and LEXKG_ANSWER_CACHE_BYTES change the
    defaults. A `STORE` is used as it is (wrap it in a
    `server.pool.QueryPool` for a time limit). `STORE_URL` is queried over HTTP by a
    `server.remote.RemoteStore`, with the same time and size limits; `STORE_UNION` says how
    it gets the union of the graphs as the default graph (default "auto", see
    `server.remote`), and `STORE_USER` with `STORE_PASSWORD` are its HTTP Basic credentials.

    The worker processes are forked here: call it before the process starts threads.
    """
    app = Flask(__name__)
    # "//etc/passwd" after a route is no path of this app: 404, not a redirect to "/etc/passwd".
    app.url_map.merge_slashes = False
    app.config.update(MAX_QUERY_LENGTH=32_768, MAX_CONTENT_LENGTH=1 << 20)
    for key, (variable, kind, default) in _DEFAULTS.items():
        app.config[key] = _from_environment(variable, kind, default)
    app.config.update(config or {})
    store: Store | None = app.config.get("STORE")
    if store is None and app.config.get("STORE_URL"):
        store = RemoteStore(
            app.config["STORE_URL"],
            timeout=app.config["QUERY_TIMEOUT"],
            max_result_bytes=app.config["MAX_RESULT_BYTES"],
            union=app.config.get("STORE_UNION") or "auto",
            user=app.config.get("STORE_USER"),
            password=app.config.get("STORE_PASSWORD"),
        )
    if store is None:
        if not app.config.get("GRAPH_PATH"):
            raise ValueError("create_app needs config GRAPH_PATH or STORE (or STORE_URL)")
        loaded = OxigraphStore(
            app.config["GRAPH_PATH"], max_result_bytes=app.config["MAX_RESULT_BYTES"]
        )
        store = QueryPool(
            loaded, size=app.config["QUERY_WORKERS"], timeout=app.config["QUERY_TIMEOUT"]
        )
        if app.config["ANSWER_CACHE_BYTES"] > 0:
            store = AnswerCache(store, app.config["ANSWER_CACHE_BYTES"])
    app.extensions[STORE_KEY] = store
    app.extensions[_DESCRIPTION_KEY] = DatasetCache()
    app.register_blueprint(bp)
    app.register_blueprint(ontology_bp)
    app.register_blueprint(eli_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(named_bp)
    app.register_blueprint(editor_bp)
    app.register_blueprint(harvest_bp)
    app.register_error_handler(HTTPException, _plain_error)
    app.register_error_handler(StoreError, _store_error)
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


def _from_environment(variable: str, kind: Callable[[str], Any], default: Any) -> Any:
    value = os.environ.get(variable)
    if value is None or not value.strip():
        return default
    try:
        return kind(value)
    except ValueError:
        raise ValueError(f"{variable}={value!r} is not a valid {kind.__name__}") from None


def _store() -> Store:
    return app_store()


def _plain_error(error: HTTPException) -> Response:
    """Any HTTP error as text/plain, keeping its headers (e.g. `Allow`)."""
    response = error.get_response()
    response.set_data(f"{error.description}\n")
    response.mimetype = "text/plain"
    return response


def _store_error(error: StoreError) -> Response:
    """A store's failure, on any route, as text/plain with the status that fits it.

    503 for a query past its time limit (the SPARQL Protocol allows any 5xx for a query the
    service refuses to finish; like Fuseki's, it tells the client the service gave up, not
    that the query is wrong) or when no worker can take it; 422 for an answer past the size
    limit (the query is valid and deterministic: asking again will not help, asking for less
    will); 500 for anything else that failed to run.
    """
    if isinstance(error, QueryTimeoutError | StoreUnavailableError):
        status = 503
    elif isinstance(error, ResultTooLargeError):
        status = 422
    else:
        status = 500
    return Response(f"{error}\n", status=status, mimetype="text/plain")


@bp.get("/health")
def health() -> Response:
    """Liveness and size of the store."""
    return jsonify(status="ok", triples=_store().triple_count())


@bp.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    """Answer one SPARQL query in the media type the client accepts best.

    A GET without `query` (nor `update`) is answered with the service description.
    """
    if request.method == "GET" and not {"query", "update"} & request.args.keys():
        return _service_description()
    text = _query_text()
    if len(text) > current_app.config["MAX_QUERY_LENGTH"]:
        abort(413, f"query longer than {current_app.config['MAX_QUERY_LENGTH']} characters")
    if _is_update(text):
        abort(403, _READ_ONLY)
    choose = _chooser()
    dataset = _dataset()
    options = {} if dataset is None else {"dataset": dataset}
    try:
        answer = _store().query(text, choose=choose, **options)
    except QueryError as error:
        abort(400, str(error))
    except NotAcceptableError as error:
        abort(406, _not_acceptable(error, error.offers))
    return Response(answer.body, mimetype=answer.media_type)


def _service_description() -> Response:
    """The SPARQL 1.1 Service Description of this endpoint, as RDF."""
    offers = tuple(RDF_FORMATS)
    media_type = _chooser()(offers)
    if media_type is None:
        abort(406, _not_acceptable(NotAcceptableError("no acceptable media type", offers), offers))
    dataset = current_app.extensions[_DESCRIPTION_KEY].get(_store())
    body = serialise(describe(request.base_url, dataset), media_type)
    return Response(body, mimetype=media_type)


def _chooser() -> Callable[[Sequence[str]], str | None]:
    """How this request picks a media type: by its `format` parameter, else by Accept."""
    values = _parameter("format")
    if len(values) > 1:
        abort(400, "format given more than once")
    if not values:
        return partial(_best, request.accept_mimetypes)
    wanted = FORMAT_PARAMETER.get(values[0], values[0])
    if wanted not in _FORMAT_NAMES:
        abort(400, f"unknown format {values[0]!r}; use one of {', '.join(FORMAT_PARAMETER)}")
    return lambda offers: wanted if wanted in offers else None


def _best(accept: MIMEAccept, offers: Sequence[str]) -> str | None:
    """The offer the client accepts best; the first one if the client states nothing."""
    return accept.best_match(offers) if accept else offers[0]


def _not_acceptable(error: NotAcceptableError, offers: Sequence[str]) -> str:
    names = sorted({_FORMAT_NAMES[offer] for offer in offers if offer in _FORMAT_NAMES})
    asked = "".join(f"format={value}: " for value in _parameter("format")[:1])
    return (
        f"{asked}{error}; this answer is offered as {', '.join(offers)} (format={'|'.join(names)})"
    )


def _dataset() -> QueryDataset | None:
    """The RDF dataset the request gives (`default-graph-uri`, `named-graph-uri`), if any.

    From the URL, and from the body of a form POST.
    """
    default = _parameter("default-graph-uri")
    named = _parameter("named-graph-uri")
    if not default and not named:
        return None
    return QueryDataset(tuple(default), tuple(named))


@bp.after_request
def _vary_on_accept(response: Response) -> Response:
    if request.endpoint == "lexkg.sparql":
        response.vary.add("Accept")
    return response


def _parameter(name: str) -> list[str]:
    """A protocol parameter's values: from the URL, and from the body of a form POST."""
    values = request.args.getlist(name)
    if request.method == "POST" and request.mimetype == _FORM:
        values += request.form.getlist(name)
    return values


def _query_text() -> str:
    """The one query of the request, from the URL, a form or the body."""
    if _parameter("update") or request.mimetype == _UPDATE:
        abort(403, _READ_ONLY)
    queries = _parameter("query")
    if request.method == "POST" and request.mimetype != _FORM:
        if request.mimetype == _DIRECT:
            if queries:
                abort(400, "query given both in the URL and in the request body")
            queries = [_body_text()]
        else:
            abort(415, f"POST a query as {_FORM} or {_DIRECT}")
    if len(queries) > 1:
        abort(400, "more than one query given")
    if not queries or not queries[0].strip():
        abort(400, "missing query")
    return queries[0]


def _body_text() -> str:
    """The body of a direct POST: UTF-8, the only charset the protocol allows here."""
    charset = request.mimetype_params.get("charset", "utf-8")
    if charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        abort(415, f"send the query as UTF-8 ({_DIRECT}; charset=utf-8), not as {charset}")
    try:
        return request.get_data().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        abort(400, f"cannot decode the query as UTF-8: {error}")


def _is_update(text: str) -> bool:
    """Whether the text is a SPARQL Update request rather than a query."""
    prologue = _PROLOGUE.match(text)
    start = prologue.end() if prologue else 0
    return _UPDATE_KEYWORD.match(text, start) is not None
