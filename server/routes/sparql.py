"""`/sparql` (the SPARQL 1.1 Protocol's query operation) and `/health`.

`/sparql` answers queries by GET or POST (form or direct), with the dataset parameters
`default-graph-uri` and `named-graph-uri` (graphs of the store only, never fetched), in the
media type the client accepts best (or the one `format` names), and describes itself
(SPARQL 1.1 Service Description) to a GET without a query.

A browser (`Accept: text/html`, or `format=html`) gets pages: without a query, the service
description as a table under a query form (as Virtuoso's endpoint answers a browser with its
form, while RDF clients keep the description as RDF); with one, the answer as a table with the
query in the form again, and downloads in the other formats. A bad query is that page again
with the message (400). Relative IRIs in a query are
resolved against the endpoint's own URL (the public one behind a proxy). Updates are refused
(403), SERVICE too (400). The store's errors are answered by the one table of
`server.core.errors` (a time limit 503, an answer too large 422).
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, Response, abort, current_app, jsonify, request
from flask.blueprints import BlueprintSetupState
from rdflib import Graph

from lexkg.server.core.errors import QueryError
from lexkg.server.core.formats import HTML, RDF_FORMATS, serialise
from lexkg.server.core.sparql import is_update
from lexkg.server.core.urls import base_url
from lexkg.server.routes.common import (
    answer_query,
    app_store,
    local_link,
    negotiate,
    parameter,
    rdf_page,
    wants_page,
)
from lexkg.server.services.answer_table import Table, answer_table
from lexkg.server.services.description import DatasetCache, describe
from lexkg.server.store.base import ANSWER_MEDIA_TYPES, QueryDataset

__all__ = ["bp"]

_FORM = "application/x-www-form-urlencoded"
_DIRECT = "application/sparql-query"
_UPDATE = "application/sparql-update"
_READ_ONLY = "this endpoint is read-only: SPARQL Update is not accepted"
_DESCRIPTION_KEY = "lexkg.service-description"

bp = Blueprint("lexkg", __name__)


@bp.record_once
def _set_up(state: BlueprintSetupState) -> None:
    state.app.extensions[_DESCRIPTION_KEY] = DatasetCache()


@bp.get("/health")
def health() -> Response:
    """Liveness and size of the store."""
    return jsonify(status="ok", triples=app_store().triple_count())


@bp.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    """Answer one SPARQL query in the media type the client accepts best.

    A GET without `query` (nor `update`) is answered with the service description.
    """
    if request.method == "GET" and not {"query", "update"} & request.args.keys():
        if wants_page(tuple(RDF_FORMATS)):
            return _description_page()
        return _service_description()
    text = _query_text()
    limit = current_app.config["MAX_QUERY_LENGTH"]
    if len(text) > limit:
        abort(413, f"query longer than {limit} characters (MAX_QUERY_LENGTH)")
    if is_update(text):
        abort(403, _READ_ONLY)
    dataset = _dataset()
    options = {} if dataset is None else {"dataset": dataset}
    if wants_page(ANSWER_MEDIA_TYPES):
        return _answer_page(text, options)
    return answer_query(text, base_iri=_endpoint_url(), **options)


def _description_page(**context: object) -> Response:
    """The query form, above the service description if no query was asked, as a page."""
    graph = Graph()
    if "query" not in context:
        dataset = current_app.extensions[_DESCRIPTION_KEY].get(app_store())
        graph = describe(_endpoint_url(), dataset)
        context["query"] = ""
    return rdf_page(graph, "sparql.title", "sparql.html", action=request.path, **context)


def _answer_page(text: str, options: dict) -> Response:
    """The answer to *text* as a table under the form (400 with the message for a bad one)."""
    try:
        table = answer_table(
            app_store(), text, link=local_link, base_iri=_endpoint_url(), **options
        )
    except QueryError as error:
        response = _description_page(query=text, error=str(error))
        response.status_code = 400
        return response
    return _description_page(query=text, table=table, downloads=_downloads(text, table))


def _downloads(text: str, table: Table) -> list[tuple[str, str]]:
    """Links to the answer in the formats of its kind (results, or a graph)."""
    if table.graph:
        kinds: tuple[str, ...] = ("ttl", "nt", "jsonld")
    elif table.boolean is not None:
        kinds = ("json", "xml")
    else:
        kinds = ("json", "csv", "tsv", "xml")
    args = [(k, v) for k, v in request.values.items(multi=True) if k not in ("format", "lang")]
    if "query" not in request.values:
        args.append(("query", text))
    return [
        (kind.upper(), f"{request.path}?{urlencode([*args, ('format', kind)])}") for kind in kinds
    ]


def _endpoint_url() -> str:
    """The endpoint's own URL, the base IRI of every query (the public one behind a proxy)."""
    return f"{base_url()}/sparql"


def _service_description() -> Response:
    """The SPARQL 1.1 Service Description of this endpoint, as RDF."""
    media_type = negotiate(tuple(RDF_FORMATS), (*ANSWER_MEDIA_TYPES, HTML))
    dataset = current_app.extensions[_DESCRIPTION_KEY].get(app_store())
    body = serialise(describe(request.base_url, dataset), media_type)
    return Response(body, mimetype=media_type)


def _dataset() -> QueryDataset | None:
    """The RDF dataset the request gives (`default-graph-uri`, `named-graph-uri`), if any.

    From the URL, and from the body of a form POST.
    """
    default = parameter("default-graph-uri")
    named = parameter("named-graph-uri")
    if not default and not named:
        return None
    return QueryDataset(tuple(default), tuple(named))


def _query_text() -> str:
    """The one query of the request, from the URL, a form or the body."""
    if parameter("update") or request.mimetype == _UPDATE:
        abort(403, _READ_ONLY)
    queries = parameter("query")
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
