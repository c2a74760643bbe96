"""An external SPARQL 1.1 store behind the endpoint, for a corpus larger than one process holds.

`RemoteStore` is a `Store` (see `server.store`) that sends each query to another server's
SPARQL 1.1 Protocol endpoint through SPARQLWrapper: Oxigraph (`oxigraph serve`), Virtuoso,
Fuseki or any other. The service in front of it stays the same (pages, named queries, the
API, /ontology); only where the queries are answered changes. `put_graphs` loads a built graph
file into such a store by the SPARQL 1.1 Graph Store HTTP Protocol, one PUT per named graph.

Bindings. A remote endpoint cannot take bindings beside the query text, so they are written
into it. In a CONSTRUCT, ASK or DESCRIBE query an IRI takes its variable's place wherever a
variable is used rather than declared (`write_in`); every other binding goes into one-row
`VALUES` blocks of RDF terms:

* at the start of the outermost WHERE group (all the bindings: the projection and the
  solution modifiers see them), and
* at the start of every nested group pattern (OPTIONAL, UNION, MINUS, GRAPH, EXISTS, a
  subquery's WHERE) that mentions a bound variable, with the bindings it mentions.

The second rule is what makes the answers equal to those of the embedded store, whose
substitutions replace the variable everywhere: a filter inside a nested group
(`OPTIONAL { ?e lkg:label ?l FILTER (LANG(?l) = ?lang) }` inside another OPTIONAL) is
evaluated in that group alone, where a `VALUES` of the outermost group does not reach.
Known differences from substitution: a `BIND (… AS ?v)` of a bound variable is a syntax error
(the variable is already in scope), and a `MINUS` whose only variable shared with the rest is
a bound one removes the solutions it matches (substitution would leave it no shared variable).

Why this is safe (the values come from clients; the query text does not):

* A value is one RDF term, serialised by rdflib (`term.n3()`): an IRI only after checking it
  has none of the characters IRIREF excludes (`<>"{}|^`\\`, spaces and controls), so it
  cannot end its `<…>` early; a literal with rdflib's escaping of quotes, backslashes and
  line breaks. The serialised term is then tokenised again with the SPARQL terminals of
  `server.store` and refused unless it is exactly one term (an IRI, or a string with an
  optional language tag or `^^<datatype>`): nothing in a value can become query syntax.
* Variable names must be plain names (`[A-Za-z_][A-Za-z0-9_]*`).
* The blocks go right after a `{` token found by the same tokeniser, never inside a
  comment, string or IRI of the query, and each block is complete (`VALUES (?a ?b) { (…) }`),
  so the query's own structure is unchanged around it.

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
import json
import math
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

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

from server.store import (
    _TOKEN,
    _WORD,
    OFFERS,
    Bindings,
    Chooser,
    NotAcceptableError,
    QueryAnswer,
    QueryDataset,
    QueryError,
    QueryTimeoutError,
    ResultTooLargeError,
    StoreError,
    StoreUnavailableError,
    _refuse_service,
    _screen,
    graph_format,
)

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

_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
_CHUNK = 1 << 16
_VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Characters an IRIREF cannot hold (SPARQL 1.1, production 139).
_NOT_IN_IRI = re.compile(r'[<>"{}|^`\\\x00-\x20]')
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


class _Token(NamedTuple):
    kind: str
    text: str
    start: int
    end: int


def _lex(sparql: str) -> Iterator[_Token]:
    """The tokens of a query with their offsets (spaces and comments left out); a run of
    name characters comes out as the words in it, as `server.store.query_keywords` reads it."""
    for match in _TOKEN.finditer(sparql):
        kind = match.lastgroup or "other"
        if kind == "run":
            for word in _WORD.finditer(match.group()):
                yield _Token(
                    "word", word.group(), match.start() + word.start(), match.start() + word.end()
                )
        elif kind not in ("space", "comment"):
            yield _Token(kind, match.group(), match.start(), match.end())


def _term(name: str, value: URIRef | RdfLiteral) -> str:
    """One binding as SPARQL text: an RDF term that the lexer reads as exactly one term."""
    if not _VARIABLE_NAME.fullmatch(name):
        raise QueryError(f"cannot bind {name!r}: not a plain variable name")
    if isinstance(value, URIRef):
        if _NOT_IN_IRI.search(value):
            raise QueryError(f"cannot bind ?{name}: {value!r} is not an IRI")
        text = value.n3()
        shape = ("iri",)
    elif isinstance(value, RdfLiteral):
        if value.datatype is not None and _NOT_IN_IRI.search(value.datatype):
            raise QueryError(f"cannot bind ?{name}: bad datatype {value.datatype!r}")
        text = value.n3()
        shape = ("string", "lang") if value.language else ("string",)
        if value.datatype is not None:
            shape = ("string", "other", "other", "iri")  # "…"^^<datatype>
    else:
        raise QueryError(f"cannot bind ?{name}: {type(value).__name__} is not an IRI or literal")
    tokens = list(_lex(text))
    if tuple(token.kind for token in tokens) != shape or "".join(t.text for t in tokens) != text:
        raise QueryError(f"cannot bind ?{name}: {text!r} is not one RDF term")
    return text


def _values(names: list[str], terms: Mapping[str, str]) -> str:
    variables = " ".join(f"?{name}" for name in names)
    row = " ".join(terms[name] for name in names)
    return f" VALUES ({variables}) {{ ({row}) }} "


@dataclass
class _Group:
    open: int  # index of the `{` token
    close: int = -1  # index of its `}`
    subselect: bool = False
    outermost: bool = False
    mentions: set[str] = field(default_factory=set)


def query_form(sparql: str) -> str:
    """SELECT, CONSTRUCT, DESCRIBE or ASK: the query's form; `QueryError` if none."""
    return _form(list(_lex(sparql)))[0]


def _form(tokens: list[_Token]) -> tuple[str, int]:
    """The query form and the index of its keyword, after the prologue."""
    i = 0
    while i < len(tokens) and tokens[i].kind == "word":
        keyword = tokens[i].text.upper()
        if keyword == "BASE":
            i += 2
        elif keyword == "PREFIX":
            i += 3
        else:
            break
    if i < len(tokens) and tokens[i].kind == "word" and tokens[i].text.upper() in _FORMS:
        return tokens[i].text.upper(), i
    raise QueryError("malformed query: expected SELECT, CONSTRUCT, DESCRIBE or ASK")


# Keywords that open (True) or close (False) a place where a variable is declared, not used.
_REGIONS = {
    "SELECT": True,
    "VALUES": True,
    "GROUP": True,
    "ORDER": True,
    "HAVING": True,
    "LIMIT": True,
    "OFFSET": True,
    "WHERE": False,
}


def write_in(sparql: str, bindings: Bindings) -> tuple[str, dict[str, URIRef | RdfLiteral]]:
    """A CONSTRUCT, ASK or DESCRIBE query with its IRI bindings written in place of their
    variables, and the bindings left for `bind_values`.

    Some stores do not start a property path from a variable bound by `VALUES` (Virtuoso
    answers `?r eli:is_realized_by? ?s` with every triple of the store); an IRI in its place
    is what the embedded store's substitution amounts to. A variable stays bound by `VALUES`
    where an IRI cannot stand: in a projection (a subquery's), a `VALUES` header, after `AS`
    or `BOUND (`, or in solution modifiers. SELECT queries are left as they are: their
    bound variables stay in the answer's head.
    """
    left: dict[str, URIRef | RdfLiteral] = dict(bindings)
    iris = {name: value for name, value in bindings.items() if isinstance(value, URIRef)}
    tokens = list(_lex(sparql))
    form, at = _form(tokens)
    if not iris or form == "SELECT":
        return sparql, left
    unsafe: set[str] = set()
    places: list[_Token] = []
    region = False  # in a projection, a VALUES header or solution modifiers
    for index in range(at + 1, len(tokens)):
        token = tokens[index]
        if token.text in ("{", "}"):
            region = False
        elif token.kind == "word" and token.text.upper() in _REGIONS:
            region = _REGIONS[token.text.upper()]
        elif token.kind == "var" and token.text[1:] in iris:
            before = [tokens[i].text.upper() for i in range(max(at, index - 2), index)]
            if region or before[-1:] == ["AS"] or before == ["BOUND", "("]:
                unsafe.add(token.text[1:])
            else:
                places.append(token)
    text = sparql
    for token in reversed(places):
        name = token.text[1:]
        if name not in unsafe:
            text = text[: token.start] + _term(name, iris[name]) + text[token.end :]
    for name in iris.keys() - unsafe:
        del left[name]
    return text, left


def bind_values(sparql: str, bindings: Bindings) -> str:
    """The query with `bindings` written in as VALUES blocks (see the module's documentation).

    Raises `QueryError` for a query whose braces do not match or that has no query form,
    and for a value that is not one IRI or literal.
    """
    if not bindings:
        return sparql
    terms = {name: _term(name, value) for name, value in bindings.items()}
    tokens = list(_lex(sparql))
    form, at = _form(tokens)
    groups: list[_Group] = []
    stack: list[_Group | None] = []  # None: a brace that is no group pattern
    data_block = False  # after VALUES: the next `{` opens rows of data
    # CONSTRUCT { template } … WHERE { … }, or the short form CONSTRUCT … WHERE { … }.
    template = short_construct = False
    if form == "CONSTRUCT":
        template = at + 1 < len(tokens) and tokens[at + 1].text == "{"
        short_construct = not template
    parens = 0
    for index in range(at + 1, len(tokens)):
        token = tokens[index]
        if token.kind == "var":
            for group in stack:
                if group is not None:
                    group.mentions.add(token.text[1:])
        elif token.kind == "word" and token.text.upper() == "VALUES":
            data_block = True
        elif token.text == "(":
            parens += 1
        elif token.text == ")":
            parens -= 1
        elif token.text == "{":
            if data_block or (template and index == at + 1):
                stack.append(None)
            else:
                following = tokens[index + 1] if index + 1 < len(tokens) else None
                group = _Group(
                    index,
                    subselect=following is not None and following.text.upper() == "SELECT",
                    outermost=not stack and parens == 0 and not any(g.outermost for g in groups),
                )
                groups.append(group)
                stack.append(group)
        elif token.text == "}":
            if not stack:
                raise QueryError("malformed query: a '}' closes no '{'")
            closed = stack.pop()
            if closed is None:
                data_block = False
            else:
                closed.close = index
    if stack:
        raise QueryError("malformed query: a '{' is not closed")
    outermost = next((group for group in groups if group.outermost), None)
    if outermost is None:
        raise QueryError("cannot bind variables of a query without a WHERE clause")
    edits: list[tuple[int, str]] = []
    for group in groups:
        names = sorted(terms) if group.outermost else sorted(group.mentions & terms.keys())
        if not names:
            continue
        brace = tokens[group.open].end
        if not group.subselect:
            edits.append((brace, _values(names, terms)))
        elif group.outermost:  # { SELECT … }: a VALUES block cannot precede SELECT
            edits.append((brace, _values(names, terms) + "{"))
            edits.append((tokens[group.close].start, " } "))
    text = sparql
    for offset, insert in sorted(edits, key=lambda edit: edit[0], reverse=True):
        text = text[:offset] + insert + text[offset:]
    if short_construct:  # CONSTRUCT WHERE { T } → CONSTRUCT { T } WHERE { … T }
        pattern = sparql[tokens[outermost.open].end : tokens[outermost.close].start]
        keyword_end = tokens[at].end
        text = f"{text[:keyword_end]} {{{pattern}}}{text[keyword_end:]}"
    return text


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
    ) -> QueryAnswer:
        keywords = _screen(sparql)
        _refuse_service(keywords)
        text, left = write_in(sparql, bindings) if bindings else (sparql, {})
        text = bind_values(text, left) if left else text
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
            self._count = int(rows[0]["n"]["value"]) if rows else 0
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

    def _select(self, sparql: str, union_parameter: bool = False) -> list[dict[str, Any]]:
        # The store's own questions (its graphs, its size): not bounded by the clients' limit.
        body = self._send(sparql, "SELECT", _JSON, union_parameter=union_parameter, limited=False)
        return json.loads(body)["results"]["bindings"]

    def _ask(self, sparql: str, union_parameter: bool = False) -> bool:
        body = self._send(sparql, "ASK", _JSON, union_parameter=union_parameter, limited=False)
        return bool(json.loads(body)["boolean"])

    # The default graph as the union of the named graphs.

    def _union_plan(self) -> _Plan:
        if self._plan is not None:
            return self._plan
        with self._lock:
            if self._plan is None:
                mode = self._union if self._union != "auto" else self._detect()
                graphs: tuple[str, ...] = ()
                if mode == "graphs":
                    graphs = tuple(sorted(row["g"]["value"] for row in self._select(_GRAPHS)))
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


def _n3(binding: Mapping[str, str]) -> str:
    """A term of a SPARQL JSON result as SPARQL text (IRIs and literals)."""
    if binding["type"] == "uri":
        return _term("x", URIRef(binding["value"]))
    datatype = binding.get("datatype")
    literal = RdfLiteral(
        binding["value"],
        lang=binding.get("xml:lang"),
        datatype=URIRef(datatype) if datatype else None,
    )
    return _term("x", literal)


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
