"""Flask app: the SPARQL 1.1 Protocol query operation over a read-only store."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

from flask import Blueprint, Flask, Response, abort, current_app, jsonify, request
from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import HTTPException

from server.api import bp as api_bp
from server.ontology import bp as ontology_bp
from server.store import (
    STORE_KEY,
    NotAcceptableError,
    OxigraphStore,
    QueryError,
    Store,
    app_store,
)

__all__ = ["create_app"]

_FORM = "application/x-www-form-urlencoded"
_DIRECT = "application/sparql-query"
_UPDATE = "application/sparql-update"
_READ_ONLY = "this endpoint is read-only: SPARQL Update is not accepted"

# The prologue (PREFIX/BASE declarations, comments) before a request's first keyword.
_PROLOGUE = re.compile(
    r"(?:\s+|#[^\n\r]*|BASE\s*<[^>]*>|PREFIX\s*[^\s:<]*:\s*<[^>]*>)*", re.IGNORECASE
)
_UPDATE_KEYWORD = re.compile(
    r"(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE
)

bp = Blueprint("lexkg", __name__)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app around `config["STORE"]`, or a store loaded from `config["GRAPH_PATH"]`.

    `MAX_QUERY_LENGTH` (characters, default 32768) bounds the query text and
    `MAX_CONTENT_LENGTH` (bytes, default 1 MiB) the request body.
    """
    app = Flask(__name__)
    app.config.update(MAX_QUERY_LENGTH=32_768, MAX_CONTENT_LENGTH=1 << 20)
    app.config.update(config or {})
    store: Store | None = app.config.get("STORE")
    if store is None:
        if not app.config.get("GRAPH_PATH"):
            raise ValueError("create_app needs config GRAPH_PATH or STORE")
        store = OxigraphStore(app.config["GRAPH_PATH"])
    app.extensions[STORE_KEY] = store
    app.register_blueprint(bp)
    app.register_blueprint(ontology_bp)
    app.register_blueprint(api_bp)
    app.register_error_handler(HTTPException, _plain_error)
    return app


def _store() -> Store:
    return app_store()


def _plain_error(error: HTTPException) -> Response:
    """Any HTTP error as text/plain, keeping its headers (e.g. `Allow`)."""
    response = error.get_response()
    response.set_data(f"{error.description}\n")
    response.mimetype = "text/plain"
    return response


@bp.get("/health")
def health() -> Response:
    """Liveness and size of the store."""
    return jsonify(status="ok", triples=_store().triple_count())


@bp.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    """Answer one SPARQL query in the media type the client accepts best."""
    text = _query_text()
    if len(text) > current_app.config["MAX_QUERY_LENGTH"]:
        abort(413, f"query longer than {current_app.config['MAX_QUERY_LENGTH']} characters")
    if _is_update(text):
        abort(403, _READ_ONLY)
    try:
        answer = _store().query(text, choose=partial(_best, request.accept_mimetypes))
    except QueryError as error:
        abort(400, str(error))
    except NotAcceptableError as error:
        abort(406, f"{error}; this answer is offered as {', '.join(error.offers)}")
    return Response(answer.body, mimetype=answer.media_type)


def _best(accept: MIMEAccept, offers: Sequence[str]) -> str | None:
    """The offer the client accepts best; the first one if the client states nothing."""
    return accept.best_match(offers) if accept else offers[0]


@bp.after_request
def _vary_on_accept(response: Response) -> Response:
    if request.endpoint == "lexkg.sparql":
        response.vary.add("Accept")
    return response


def _query_text() -> str:
    """The one query of the request, from the URL, a form or the body."""
    if "update" in request.values or request.mimetype == _UPDATE:
        abort(403, _READ_ONLY)
    queries = request.args.getlist("query")
    if request.method == "POST":
        if request.mimetype == _FORM:
            queries += request.form.getlist("query")
        elif request.mimetype == _DIRECT:
            if queries:
                abort(400, "query given both in the URL and in the request body")
            queries = [_body_text()]
        else:
            abort(415, f"POST a query as {_FORM} or {_DIRECT}")
    for name in ("default-graph-uri", "named-graph-uri"):
        if name in request.values:
            abort(400, f"{name} is not supported: the default graph is the union of all graphs")
    if len(queries) > 1:
        abort(400, "more than one query given")
    if not queries or not queries[0].strip():
        abort(400, "missing query")
    return queries[0]


def _body_text() -> str:
    charset = request.mimetype_params.get("charset", "utf-8")
    try:
        return request.get_data().decode(charset)
    except (LookupError, UnicodeDecodeError) as error:
        abort(400, f"cannot decode the query as {charset}: {error}")


def _is_update(text: str) -> bool:
    """Whether the text is a SPARQL Update request rather than a query."""
    prologue = _PROLOGUE.match(text)
    start = prologue.end() if prologue else 0
    return _UPDATE_KEYWORD.match(text, start) is not None
