"""An external SPARQL 1.1 store behind the endpoint, for a corpus larger than one process holds.

`RemoteStore` is a `Store` (see `server.store.base`) that sends each query to another
server's SPARQL 1.1 Protocol endpoint through SPARQLWrapper: Oxigraph (`oxigraph serve`), Virtuoso,
Fuseki or any other. The service in front of it stays the same (pages, named queries, the
API, /ontology); only where the queries are answered changes. `put_graphs` loads a built graph
file into such a store by the SPARQL 1.1 Graph Store HTTP Protocol, one PUT per named graph.

Bindings are written into the query text (`server.core.binding`): a remote endpoint cannot
take them beside it.

The default graph. The embedded store's default graph is the union of its named graphs;
most servers' is not (`union`):

* ``"server"``: the server's default graph already is the union: Virtuoso (its default),
  Fuseki with `tdb:unionDefaultGraph true` (TDB1) or `tdb2:unionDefaultGraph true` (TDB2),
  `oxigraph serve --union-default-graph`.
* ``"parameter"``: Oxigraph's per-request `union-default-graph` parameter.
* ``"graphs"``: any SPARQL 1.1 server: every named graph, listed once, is sent as both a
  `default-graph-uri` and a `named-graph-uri` of each query.
* ``"auto"`` (default): on first use, pick a quad of a named graph and ask whether the default
  graph has its triple (``"server"``); else whether it does with `union-default-graph`
  (``"parameter"``); else ``"graphs"``.

A query naming its dataset (FROM, FROM NAMED, or a `QueryDataset`) is sent as it is, with
its dataset. SERVICE is refused here as in the embedded store. A query past `timeout`
seconds gets `QueryTimeoutError` (the remote server may go on evaluating it: give it its own
limit too, e.g. `oxigraph serve --timeout-s`); an answer longer than `max_result_bytes`
gets `ResultTooLargeError`. A store that cannot be reached, refuses the request (401, 403)
or is not at the URL (404) raises `StoreUnavailableError` (503); a query the server finds
malformed, `QueryError` (400).
"""

from __future__ import annotations

import ast
import http.client
import math
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Literal as RdfLiteral
from rdflib import URIRef
from SPARQLWrapper import POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    EndPointNotFound,
    QueryBadFormed,
    SPARQLWrapperException,
    Unauthorized,
    URITooLong,
)

from lexkg.server.core.binding import Bindings, bind_values, sparql_term, write_in
from lexkg.server.core.errors import (
    NotAcceptableError,
    QueryError,
    QueryTimeoutError,
    ResultTooLargeError,
    StoreError,
    StoreUnavailableError,
)
from lexkg.server.core.results import read_boolean, read_solutions
from lexkg.server.core.sparql import query_form, screen
from lexkg.server.store.base import OFFERS, Chooser, QueryAnswer, QueryDataset, refuse_service
from lexkg.server.store.embedded import graph_format

__all__ = [
    "UNION_MODES",
    "GraphLoad",
    "LoadSummary",
    "RemoteStore",
    "bind_values",
    "put_graphs",
    "write_in",
]

UNION_MODES: tuple[str, ...] = ("auto", "server", "parameter", "graphs")

_CHUNK = 1 << 16
# The media type to ask for, for each one offered (application/json is an alias).
_ASK_FOR = {"application/json": "application/sparql-results+json"}
# Media types servers answer with for the one asked for (e.g. Virtuoso's text/plain).
_ALSO = {
    "application/sparql-results+json": {"application/json"},
    "application/sparql-results+xml": {"application/xml", "text/xml"},
    "application/n-triples": {"text/plain"},
    "text/turtle": {"application/x-turtle"},
    "application/rdf+xml": {"application/xml", "text/xml"},
    "application/ld+json": {"application/json"},
}
_SAMPLE = (
    "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER (isIRI(?s) && !isBLANK(?o)) } LIMIT 1"
)
_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"
_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
_JSON = "application/sparql-results+json"


@dataclass(frozen=True)
class _Plan:
    """How the store gives a query the union of its graphs as its default graph."""

    mode: str
    graphs: tuple[str, ...] = ()


class RemoteStore:
    """A read-only `Store` answered by an external SPARQL 1.1 Protocol endpoint.

    `url` is the query endpoint (Oxigraph: http://host:7878/query; Virtuoso:
    http://host:8890/sparql; Fuseki: http://host:3030/DATASET/sparql). See the module's
    documentation for `union`, the bindings and the errors. The number of triples (`/health`)
    is counted once and kept: the store is read-only for the service.
    """

    def __init__(
        self,
        url: str,
        *,
        timeout: float = 30.0,
        max_result_bytes: int | None = None,
        union: str = "auto",
        user: str | None = None,
        password: str | None = None,
    ) -> None:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise StoreError(f"{url}: not an http(s) URL of a SPARQL endpoint")
        if union not in UNION_MODES:
            raise StoreError(f"unknown union mode {union!r}; use one of {', '.join(UNION_MODES)}")
        if not timeout > 0:
            raise StoreError(f"the query time limit must be positive, not {timeout}")
        self.url = url
        self.timeout = float(timeout)
        self.max_result_bytes = max_result_bytes
        self._union = union
        self._credentials = (user, password) if user and password else None
        self._lock = threading.Lock()
        self._plan: _Plan | None = None if union in ("auto", "graphs") else _Plan(union)
        self._count: int | None = None

    # The Store protocol.

    def query(
        self,
        sparql: str,
        *,
        choose: Chooser,
        bindings: Bindings | None = None,
        dataset: QueryDataset | None = None,
        base_iri: str | None = None,
    ) -> QueryAnswer:
        keywords = screen(sparql)
        refuse_service(keywords)
        text, left = write_in(sparql, bindings) if bindings else (sparql, {})
        text = bind_values(text, left) if left else text
        if base_iri:  # the prologue may have a BASE of its own, which then applies after it
            text = f"BASE {sparql_term('base', URIRef(base_iri))}\n{text}"
        form = query_form(text)
        offers = OFFERS[form not in ("SELECT", "ASK")]
        media_type = choose(offers)
        if media_type is None or media_type not in offers:
            raise NotAcceptableError("no acceptable media type", offers)
        if dataset is not None:
            graphs = (dataset.default_graphs, dataset.named_graphs, False)
        elif "FROM" in keywords:
            graphs = ((), (), False)
        else:
            plan = self._union_plan()
            graphs = (plan.graphs, plan.graphs, plan.mode == "parameter")
        body = self._send(text, form, _ASK_FOR.get(media_type, media_type), *graphs)
        return QueryAnswer(body, media_type)

    def triple_count(self) -> int:
        """The number of quads in the store's named graphs (counted once)."""
        if self._count is None:
            rows = self._select(_COUNT)
            self._count = int(rows[0]["n"].value) if rows else 0
        return self._count

    # Sending a query.

    def _send(
        self,
        text: str,
        form: str,
        accept: str,
        default_graphs: tuple[str, ...] = (),
        named_graphs: tuple[str, ...] = (),
        union_parameter: bool = False,
        limited: bool = True,
    ) -> bytes:
        wrapper = SPARQLWrapper(self.url)
        wrapper.setMethod(POST)  # form-encoded: no length limit of a URL
        wrapper.setOnlyConneg(True)  # no format=/output= parameters, only Accept
        wrapper.setTimeout(math.ceil(self.timeout))
        # Set directly (documented attributes) rather than by setQuery, which would guess the
        # form again with regular expressions and warn where they fail.
        wrapper.queryString = text
        wrapper.queryType = form
        wrapper.addCustomHttpHeader("Accept", accept)
        if self._credentials:
            wrapper.setCredentials(*self._credentials)  # HTTP Basic
        for graph in default_graphs:
            wrapper.addDefaultGraph(graph)
        for graph in named_graphs:
            wrapper.addNamedGraph(graph)
        if union_parameter:
            wrapper.addParameter("union-default-graph", "true")
        deadline = time.monotonic() + self.timeout
        try:
            response = wrapper.query().response
            try:
                body = self._read(response, deadline, self.max_result_bytes if limited else None)
                declared = response.headers.get("Content-Type")
                received = response.headers.get_content_type() if declared else ""
            finally:
                response.close()
        except QueryBadFormed as error:
            raise QueryError(f"malformed query: {_message(error)}") from None
        except URITooLong as error:
            raise QueryError(f"the store refused the query: {_message(error)}") from None
        except (Unauthorized, EndPointNotFound) as error:
            raise StoreUnavailableError(
                f"the store at {self.url} refused the query: {_message(error)}"
            ) from None
        except EndPointInternalError as error:
            raise StoreError(f"the query failed in the store: {_message(error)}") from None
        except urllib.error.HTTPError as error:
            raise self._http_error(error, accept) from None
        except TimeoutError as error:
            raise QueryTimeoutError(self.timeout) from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise QueryTimeoutError(self.timeout) from error
            raise StoreUnavailableError(
                f"the store at {self.url} cannot be reached: {error.reason}"
            ) from None
        except (OSError, http.client.HTTPException, SPARQLWrapperException) as error:
            raise StoreUnavailableError(
                f"the store at {self.url} cannot be reached: {error}"
            ) from None
        if received and received != accept and received not in _ALSO.get(accept, ()):
            raise NotAcceptableError(f"the store answered {received}, not {accept}", (accept,))
        return body

    def _read(self, response: Any, deadline: float, limit: int | None) -> bytes:
        """The answer's body, within the size limit and the time limit."""
        parts: list[bytes] = []
        size = 0
        while chunk := response.read(_CHUNK):
            size += len(chunk)
            if limit is not None and size > limit:
                raise ResultTooLargeError(limit)
            if time.monotonic() > deadline:
                raise QueryTimeoutError(self.timeout)
            parts.append(chunk)
        return b"".join(parts)

    def _http_error(self, error: urllib.error.HTTPError, accept: str) -> StoreError:
        message = _message(error)
        if error.code == 406:
            return NotAcceptableError(f"the store cannot write {accept}: {message}", (accept,))
        if error.code in (403, 407, 502, 503, 504):
            return StoreUnavailableError(
                f"the store at {self.url} answered {error.code}: {message}"
            )
        if 400 <= error.code < 500:
            return QueryError(f"the store refused the query ({error.code}): {message}")
        return StoreError(f"the query failed in the store ({error.code}): {message}")

    def _select(self, sparql: str, union_parameter: bool = False) -> list[ox.QuerySolution]:
        # The store's own questions (its graphs, its size): not bounded by the clients' limit.
        body = self._send(sparql, "SELECT", _JSON, union_parameter=union_parameter, limited=False)
        try:
            return read_solutions(body)
        except ValueError as error:
            raise StoreError(f"cannot read the store's answer: {error}") from None

    def _ask(self, sparql: str, union_parameter: bool = False) -> bool:
        body = self._send(sparql, "ASK", _JSON, union_parameter=union_parameter, limited=False)
        try:
            return read_boolean(body)
        except ValueError as error:
            raise StoreError(f"cannot read the store's answer: {error}") from None

    # The default graph as the union of the named graphs.

    def _union_plan(self) -> _Plan:
        if self._plan is not None:
            return self._plan
        with self._lock:
            if self._plan is None:
                mode = self._union if self._union != "auto" else self._detect()
                graphs: tuple[str, ...] = ()
                if mode == "graphs":
                    graphs = tuple(sorted(row["g"].value for row in self._select(_GRAPHS)))
                self._plan = _Plan(mode, graphs)
            return self._plan

    def _detect(self) -> str:
        """Which way the server gives the union of its graphs as the default graph."""
        rows = self._select(_SAMPLE)
        if not rows:
            return "server"  # no named graph (with an IRI subject): nothing to unite
        row = rows[0]
        subject, predicate, value = (_n3(row[key]) for key in ("s", "p", "o"))
        probe = f"ASK {{ {subject} {predicate} {value} }}"
        if self._ask(probe):
            return "server"
        try:
            if self._ask(probe, union_parameter=True):
                return "parameter"
        except (QueryError, StoreError):
            pass
        return "graphs"

    @property
    def union_mode(self) -> str:
        """How the default graph is made the union of the named graphs (probed if "auto")."""
        return self._union_plan().mode


def _n3(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    """A term of a solution as SPARQL text (IRIs and literals)."""
    if isinstance(term, ox.NamedNode):
        return sparql_term("x", URIRef(term.value))
    literal = RdfLiteral(
        term.value,
        lang=term.language,
        datatype=None if term.language else URIRef(term.datatype.value),
    )
    return sparql_term("x", literal)


def _message(error: BaseException) -> str:
    """The server's own words about an error, shortened to one line."""
    if isinstance(error, urllib.error.HTTPError):
        try:
            detail = error.read().decode("utf-8", "replace")
        except OSError:
            detail = ""
        detail = detail or str(error.reason)
    elif isinstance(error, SPARQLWrapperException):
        # SPARQLWrapper keeps the server's body only as the repr of bytes in its message.
        _, found, body = str(error).partition("Response:\n")
        try:
            detail = ast.literal_eval(body).decode("utf-8", "replace") if found else ""
        except (ValueError, SyntaxError, AttributeError):
            detail = body
        detail = detail or error.msg
    else:
        detail = str(error)
    detail = " ".join(detail.split())
    return detail[:500] + ("…" if len(detail) > 500 else "")


# Loading a store: the Graph Store HTTP Protocol.


@dataclass(frozen=True)
class GraphLoad:
    """One graph PUT into the store."""

    graph: str | None  # None: the default graph
    triples: int
    status: int
    seconds: float


@dataclass
class LoadSummary:
    """What `put_graphs` did."""

    url: str
    graphs: list[GraphLoad] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def triples(self) -> int:
        return sum(graph.triples for graph in self.graphs)

    def text(self) -> str:
        created = sum(1 for graph in self.graphs if graph.status == 201)
        return (
            f"loaded {len(self.graphs)} graphs ({created} new, {len(self.graphs) - created} "
            f"replaced), {self.triples} triples, into {self.url} in {self.seconds:.2f} s"
        )


def put_graphs(
    url: str,
    graph_path: str | Path,
    *,
    user: str | None = None,
    password: str | None = None,
    timeout: float = 300.0,
    progress: Callable[[GraphLoad], None] | None = None,
) -> LoadSummary:
    """PUT each graph of a built graph file (N-Quads or TriG) to a Graph Store Protocol
    endpoint (Oxigraph: http://host:7878/store; Fuseki: http://host:3030/DATASET/data;
    Virtuoso: http://host:8890/sparql-graph-crud-auth), replacing the store's version of each.

    Each graph goes as its own request (`?graph=IRI`, or `?default` for the default graph)
    with an N-Triples body sent as `text/turtle` (N-Triples is a subset of Turtle, and every
    Graph Store takes Turtle). Graphs of the store that the file does not have are left as
    they are. `user` and `password` answer HTTP Basic or Digest authentication. Raises
    `StoreUnavailableError` if the store cannot be reached or refuses, `StoreError` for any
    other failure (the graphs PUT before it stay replaced).
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise StoreError(f"{url}: not an http(s) URL of a Graph Store endpoint")
    fmt = graph_format(graph_path)
    started = time.perf_counter()
    dataset = ox.Store()
    try:
        dataset.bulk_load(path=str(graph_path), format=fmt)
    except (SyntaxError, OSError, ValueError) as error:
        raise StoreError(f"{graph_path}: cannot load graph file: {error}") from error
    opener = _opener(url, user, password)
    summary = LoadSummary(url)
    names: list[ox.NamedNode | ox.DefaultGraph] = sorted(
        dataset.named_graphs(), key=lambda graph: graph.value
    )
    if any(True for _ in dataset.quads_for_pattern(None, None, None, ox.DefaultGraph())):
        names.insert(0, ox.DefaultGraph())
    for name in names:
        triples = [quad.triple for quad in dataset.quads_for_pattern(None, None, None, name)]
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        graph = None if isinstance(name, ox.DefaultGraph) else name.value
        query = "default" if graph is None else urllib.parse.urlencode({"graph": graph})
        target = urllib.parse.urlunsplit(parts._replace(query=query))
        request = urllib.request.Request(target, data=body, method="PUT")
        request.add_header("Content-Type", "text/turtle; charset=utf-8")
        began = time.perf_counter()
        status = _put(opener, request, timeout, url, graph)
        loaded = GraphLoad(graph, len(triples), status, time.perf_counter() - began)
        summary.graphs.append(loaded)
        if progress is not None:
            progress(loaded)
    summary.seconds = time.perf_counter() - started
    return summary


def _opener(url: str, user: str | None, password: str | None) -> urllib.request.OpenerDirector:
    """An opener of its own (none installed globally), answering Basic or Digest auth."""
    handlers: list[urllib.request.BaseHandler] = []
    if user and password:
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, user, password)
        handlers += [
            urllib.request.HTTPDigestAuthHandler(passwords),
            urllib.request.HTTPBasicAuthHandler(passwords),
        ]
    return urllib.request.build_opener(*handlers)


def _put(
    opener: urllib.request.OpenerDirector,
    request: urllib.request.Request,
    timeout: float,
    url: str,
    graph: str | None,
) -> int:
    what = f"graph <{graph}>" if graph else "the default graph"
    try:
        with opener.open(request, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        message = _message(error)
        if error.code in (401, 403, 404, 405, 503):
            raise StoreUnavailableError(
                f"{url} refused {what} ({error.code}): {message}"
                + (" (set LEXKG_STORE_USER and LEXKG_STORE_PASSWORD)" if error.code == 401 else "")
            ) from None
        raise StoreError(f"{url} did not take {what} ({error.code}): {message}") from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
        reason = error.reason if isinstance(error, urllib.error.URLError) else error
        raise StoreUnavailableError(f"{url} cannot be reached: {reason}") from None
