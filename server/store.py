"""The graph store behind the endpoint, and its one implementation on pyoxigraph."""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from loader.graphfile import declared_quads
from loader.terms import to_oxigraph

__all__ = [
    "STORE_KEY",
    "Bindings",
    "Chooser",
    "GraphLoadError",
    "NotAcceptableError",
    "OxigraphStore",
    "QueryAnswer",
    "QueryDataset",
    "QueryError",
    "QueryTimeoutError",
    "ResultTooLargeError",
    "Store",
    "StoreError",
    "StoreUnavailableError",
    "app_store",
    "graph_format",
    "named_graph",
    "query_keywords",
]


class StoreError(Exception):
    """Base class of the errors a store raises."""


class GraphLoadError(StoreError):
    """The graph file is missing, of an unknown kind, or unparsable."""


class QueryError(StoreError):
    """The client's query cannot be answered: malformed or not supported."""


class NotAcceptableError(StoreError):
    """The answer cannot be written in a media type the client accepts."""

    def __init__(self, message: str, offers: Sequence[str]) -> None:
        super().__init__(message)
        self.offers = tuple(offers)

    def __reduce__(self) -> tuple[Any, ...]:  # picklable, to cross process boundaries
        return (type(self), (str(self), self.offers))


class ResultTooLargeError(StoreError):
    """The serialised answer would be longer than the store's limit (`max_result_bytes`)."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"the answer is larger than the limit of {limit} bytes (MAX_RESULT_BYTES); "
            "ask for less, e.g. with LIMIT"
        )
        self.limit = limit

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.limit,))


class QueryTimeoutError(StoreError):
    """The query ran longer than the time limit and was stopped."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"query stopped after {seconds:g} s (the time limit, QUERY_TIMEOUT)")
        self.seconds = seconds

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.seconds,))


class StoreUnavailableError(StoreError):
    """The store cannot take the query now (no free worker, or its worker died)."""


@dataclass(frozen=True)
class QueryAnswer:
    """A serialised query answer."""

    body: bytes
    media_type: str


@dataclass(frozen=True)
class QueryDataset:
    """The RDF dataset of a query as the SPARQL Protocol gives it (`default-graph-uri`,
    `named-graph-uri`): IRIs of graphs of the store, never fetched.

    It replaces any FROM / FROM NAMED of the query. The default graph is the merge of
    `default_graphs` (empty if none is given), the named graphs are `named_graphs` (none if
    none is given); a graph the store does not have is empty.
    """

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


# Picks one of the offered media types (preferred first), or None if none will do.
Chooser = Callable[[Sequence[str]], str | None]
# Values of query variables, by variable name.
Bindings = Mapping[str, URIRef | Literal]


class Store(Protocol):
    """A read-only SPARQL store."""

    def query(
        self,
        sparql: str,
        *,
        choose: Chooser,
        bindings: Bindings | None = None,
        dataset: QueryDataset | None = None,
    ) -> QueryAnswer:
        """Evaluate `sparql` and serialise the answer in the media type `choose` picks.

        `bindings` give variables their values as RDF terms, never as query text.
        `dataset`, if given, is the query's dataset instead of the store's default one
        (the union of its graphs) or the one the query's FROM / FROM NAMED give.
        Raises `QueryError` for the client's mistakes, `NotAcceptableError` if `choose`
        picks nothing or the answer cannot be written in the type it picks, and may raise
        `ResultTooLargeError`, `QueryTimeoutError` or `StoreUnavailableError`.
        """
        ...

    def triple_count(self) -> int:
        """The number of statements in the store (a triple in two graphs counts twice)."""
        ...


STORE_KEY = "lexkg.store"  # where create_app keeps the app's store

_GRAPH_FILE_FORMATS = {".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG}

# Offered media types, default first. "application/json" is a common alias.
_RESULTS_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
}
# N-Quads and TriG are not offered: a CONSTRUCT or DESCRIBE answer is one graph, triples
# without graph names, which they would only write as the default graph of a dataset.
_GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
_RESULTS_JSON = "application/sparql-results+json"
# What a store offers for an answer: results (SELECT, ASK) or a graph (CONSTRUCT, DESCRIBE).
OFFERS = (tuple(_RESULTS_FORMATS), tuple(_GRAPH_FORMATS))
Picks = dict[tuple[str, ...], str | None]


def pick_all(choose: Chooser) -> Picks:
    """The media type `choose` picks from each of the `OFFERS`, made before the query runs."""
    return {offers: choose(offers) for offers in OFFERS}


def picked(picks: Picks, offers: Sequence[str]) -> str | None:
    """A `Chooser` (with `functools.partial`) that answers from picks made beforehand."""
    return picks.get(tuple(offers))


# The SPARQL 1.1 grammar's terminals (section 19.8), enough to tell keywords from the rest.
# Possessive quantifiers: no backtracking, so tokenising is linear in the query's length.
_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_VAR_CHARS = _PN_CHARS_BASE + r"_0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PN_CHARS = _VAR_CHARS + r"\-"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_TOKEN = re.compile(
    r"(?P<comment>#[^\n\r]*+)"
    # A string without its closing quote (a syntax error) runs to the end of the text or line.
    r'|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*+(?:"""|\Z)'
    r"|'''(?:[^'\\]|\\.|'(?!''))*+(?:'''|\Z)"
    r'|"(?:[^"\\\n\r]|\\.)*+"?'
    r"|'(?:[^'\\\n\r]|\\.)*+'?)"
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*+>)'
    rf"|(?P<var>[?$][{_VAR_CHARS}]++)"
    rf"|(?P<bnode>_:[{_PN_CHARS}.]*+)"
    r"|(?P<lang>@[A-Za-z]++(?:-[A-Za-z0-9]++)*+)"
    rf"|(?P<pname>(?:[{_PN_CHARS_BASE}][{_PN_CHARS}.]*+)?:(?:[{_PN_CHARS}.:]|{_PLX})*+)"
    rf"|(?P<run>[{_PN_CHARS}][{_PN_CHARS}.]*+)"
    r"|(?P<space>\s++)"
    r"|(?P<other>.)",
    re.DOTALL,
)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*+")
# Cheap test first: a query without these letters has neither keyword.
_MAYBE_SERVICE_OR_FROM = re.compile(r"service|from", re.IGNORECASE)

_QUERY_STACK_SIZE = 256 * 1024 * 1024
_STACK_LOCK = threading.Lock()
_DEEP_STACK = threading.local()  # `active` is true on a thread with the deep stack
T = TypeVar("T")


def app_store() -> Store:
    """The store of the Flask app handling the current request."""
    from flask import current_app

    return current_app.extensions[STORE_KEY]


def solutions(store: Store, sparql: str) -> list[ox.QuerySolution]:
    """The solutions of a SELECT query, as pyoxigraph reads them.

    A blank node label pyoxigraph cannot read is given one it can: the results formats do
    not restrict labels, and external stores use their own (Virtuoso: ``nodeID://b10008``).
    """
    body = store.query(sparql, choose=lambda offers: _RESULTS_JSON).body
    try:
        return list(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON))
    except SyntaxError:
        return list(ox.parse_query_results(_relabelled(body), format=ox.QueryResultsFormat.JSON))


def _relabelled(body: bytes) -> bytes:
    """SPARQL JSON results with every blank node labelled b0, b1, … in order of appearance."""
    answer = json.loads(body)
    labels: dict[str, str] = {}
    for row in answer.get("results", {}).get("bindings", []):
        for term in row.values():
            if term.get("type") == "bnode":
                term["value"] = labels.setdefault(term["value"], f"b{len(labels)}")
    return json.dumps(answer).encode("utf-8")


def named_graph(store: Store, name: str) -> Graph:
    """One named graph of the store, as an rdflib graph (empty if the store has none)."""
    sparql = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}"
    answer = store.query(sparql, choose=lambda offers: "application/n-triples")
    return Graph().parse(data=answer.body, format="nt")


def check_graph_file(path: str | os.PathLike[str]) -> int:
    """Read a graph file through without keeping it: the number of its quads.

    Raise `GraphLoadError`, naming the file and the line, where `OxigraphStore` would refuse
    it: a file that is missing, does not parse, holds no quads, or holds another number of
    quads than its first line declares (`loader.graphfile`: it was cut short). A server
    checks its graph this way before it starts, in one process and at little memory.
    """
    fmt = graph_format(path)
    count = 0
    with _load_errors(path):
        for _ in ox.parse(path=str(path), format=fmt):
            count += 1
    _check_count(path, count)
    return count


@contextlib.contextmanager
def _load_errors(path: str | os.PathLike[str]) -> Iterator[None]:
    """pyoxigraph's errors in reading a graph file as `GraphLoadError`, with file and line."""
    try:
        yield
    except SyntaxError as error:
        where = f"{path}:{error.lineno}" if error.lineno else str(path)
        raise GraphLoadError(f"{where}: cannot parse graph file: {error.msg}") from error
    except (OSError, ValueError) as error:
        raise GraphLoadError(f"{path}: cannot load graph file: {error}") from error


def _check_count(path: str | os.PathLike[str], count: int) -> None:
    """Refuse a graph file of no quads, or of another number than its header declares."""
    try:
        with open(path, "rb") as file:
            declared = declared_quads(file.readline(200))
            lines = 1 + sum(chunk.count(b"\n") for chunk in iter(lambda: file.read(1 << 20), b""))
    except OSError as error:
        raise GraphLoadError(f"{path}: cannot load graph file: {error}") from error
    if count == 0:
        raise GraphLoadError(f"{path}:1: the graph file holds no quads")
    if declared is not None and declared != count:
        raise GraphLoadError(
            f"{path}:{lines}: the graph file holds {count} quads where its first line "
            f"declares {declared}: it is not the whole file that was written (cut short?)"
        )


def graph_format(path: str | os.PathLike[str]) -> ox.RdfFormat:
    """The RDF format of a graph file by its extension; raise `GraphLoadError` if unusable."""
    file = Path(path)
    fmt = _GRAPH_FILE_FORMATS.get(file.suffix.lower())
    if fmt is None:
        raise GraphLoadError(f"{file}: unsupported graph file extension (expected .nq or .trig)")
    if not file.is_file():
        raise GraphLoadError(f"{file}: graph file not found")
    return fmt


def _tokens(sparql: str) -> Iterable[tuple[str, str]]:
    """(kind, text) of each token of a query, spaces and comments left out.

    A run of name characters that is no prefixed name (`abc`, `a.b-c`, `1x`) comes out as
    the words in it, each of kind "word": more keywords than the grammar would find, never
    fewer.
    """
    for match in _TOKEN.finditer(sparql):
        kind = match.lastgroup or "other"
        if kind == "run":
            for word in _WORD.finditer(match.group()):
                yield "word", word.group()
        elif kind not in ("space", "comment"):
            yield kind, match.group()


def query_keywords(sparql: str) -> set[str]:
    """The keywords of a query (upper case): its bare words, outside IRIs, strings, names,
    variables and comments.

    A screening, not a parse. Where `<` is a comparison (`FILTER(?a<?b)`), the text up to a
    later `>` can look like an IRI, and a `#` can hide that `>` in a comment: so a SERVICE
    inside an IRI-looking token with a `#` counts too when it reads as the keyword there
    (followed by a variable, a prefixed name or SILENT, and not after a `/`).
    """
    keywords: set[str] = set()
    for kind, text in _tokens(sparql):
        if kind == "word":
            keywords.add(text.upper())
        elif kind == "iri" and "#" in text and _hides_service(text[1:].split("#", 1)[0]):
            keywords.add("SERVICE")
    return keywords


def _hides_service(text: str) -> bool:
    """Whether `text`, read as query text, has SERVICE as a keyword."""
    tokens = list(_tokens(text))
    for i, (kind, word) in enumerate(tokens):
        if kind != "word" or word.upper() != "SERVICE" or (i and tokens[i - 1][1] == "/"):
            continue
        after = tokens[i + 1] if i + 1 < len(tokens) else ("", "")
        if after[0] in ("var", "pname") or after[1].upper() == "SILENT":
            return True
    return False


def _screen(sparql: str) -> set[str]:
    """Which of SERVICE and FROM the query has as keywords."""
    if _MAYBE_SERVICE_OR_FROM.search(sparql) is None:
        return set()
    return query_keywords(sparql) & {"SERVICE", "FROM"}


def _refuse_service(keywords: set[str]) -> None:
    """Refuse federated queries: pyoxigraph would fetch SERVICE IRIs over HTTP."""
    if "SERVICE" in keywords:
        raise QueryError("SERVICE (federated query) is not supported by this endpoint")


def _on_deep_stack(work: Callable[[], T]) -> T:
    """Run `work` on a thread with a deep stack; return its result or raise its error.

    pyoxigraph parses, evaluates and frees queries recursively: on a default 8 MiB
    stack a few kilobytes of nested query crash the process. 256 MiB holds queries of
    100,000 characters of worst-case nesting. Nothing from pyoxigraph may leave the thread.
    On a thread that already has the deep stack (a query worker's), `work` runs right there.
    """
    if getattr(_DEEP_STACK, "active", False):
        return work()
    outcome: list[tuple[bool, Any]] = []

    def run() -> None:
        _DEEP_STACK.active = True
        try:
            outcome.append((True, work()))
        except BaseException as error:
            traceback.clear_frames(error.__traceback__)  # free pyoxigraph objects here
            outcome.append((False, error))

    with _STACK_LOCK:
        previous = threading.stack_size(_QUERY_STACK_SIZE)
        try:
            thread = threading.Thread(target=run, name="sparql-query")
            thread.start()
        finally:
            threading.stack_size(previous)
    thread.join()
    succeeded, value = outcome[0]
    if succeeded:
        return value
    raise value


class _LimitedOutput:
    """A binary sink for pyoxigraph's serialisers that refuses to grow past `limit` bytes."""

    def __init__(self, limit: int | None) -> None:
        self._limit = limit
        self._size = 0
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._size += len(data)
        if self._limit is not None and self._size > self._limit:
            raise ResultTooLargeError(self._limit)
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self._parts)


class _EvaluationError(Exception):
    """Evaluating a query failed (pyoxigraph's OSError, while the answer is written)."""


def _evaluated(triples: ox.QueryTriples) -> Iterator[ox.Triple]:
    """The triples of a CONSTRUCT or DESCRIBE answer, an evaluation failure made distinct."""
    iterator = iter(triples)
    while True:
        try:
            triple = next(iterator)
        except StopIteration:
            return
        except OSError as error:
            raise _EvaluationError(str(error)) from None
        yield triple


class OxigraphStore:
    """An in-memory pyoxigraph store loaded from one N-Quads or TriG file.

    Queries see the union of all graphs as their default graph, unless they name their
    dataset (FROM, FROM NAMED, or a `QueryDataset`); a dataset only ever names graphs of
    the store. `max_result_bytes` bounds a serialised answer (`ResultTooLargeError`);
    writing stops as soon as it passes the bound.
    """

    def __init__(
        self, graph_path: str | os.PathLike[str], *, max_result_bytes: int | None = None
    ) -> None:
        fmt = graph_format(graph_path)
        self._store = ox.Store()
        with _load_errors(graph_path):
            self._store.bulk_load(path=graph_path, format=fmt)
        self._count = len(self._store)
        _check_count(graph_path, self._count)
        self.max_result_bytes = max_result_bytes

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
        options = _dataset_options(dataset, keywords)
        return _on_deep_stack(lambda: self._answer(sparql, choose, bindings or {}, options))

    def _answer(
        self, sparql: str, choose: Chooser, bindings: Bindings, options: dict[str, Any]
    ) -> QueryAnswer:
        substitutions = {ox.Variable(name): to_oxigraph(value) for name, value in bindings.items()}
        try:
            result = self._store.query(sparql, substitutions=substitutions, **options)
        except SyntaxError as error:
            raise QueryError(f"malformed query: {error.msg}") from error
        except (OSError, RuntimeError) as error:  # an ASK evaluated at once, bad bindings
            raise StoreError(f"the query failed: {error}") from None
        offers = OFFERS[isinstance(result, ox.QueryTriples)]
        media_type = choose(offers)
        if media_type is None or media_type not in offers:
            raise NotAcceptableError("no acceptable media type", offers)
        # pyoxigraph evaluates as it writes, and reports failures of both as OSError: a
        # failure to evaluate is the store's (500), one to write the client's choice (406).
        output = _LimitedOutput(self.max_result_bytes)
        try:
            if isinstance(result, ox.QueryTriples):
                ox.serialize(_evaluated(result), output, format=_GRAPH_FORMATS[media_type])
            else:
                result.serialize(output, format=_RESULTS_FORMATS[media_type])
        except _EvaluationError as error:
            raise StoreError(f"the query failed: {error}") from None
        except OSError as error:
            if isinstance(result, ox.QueryTriples):  # e.g. JSON-LD cannot hold triple terms
                raise NotAcceptableError(f"cannot write as {media_type}: {error}", offers) from None
            raise StoreError(f"the query failed: {error}") from None
        return QueryAnswer(output.getvalue(), media_type)

    def triple_count(self) -> int:
        return self._count


def _dataset_options(dataset: QueryDataset | None, keywords: set[str]) -> dict[str, Any]:
    """pyoxigraph's query options for the dataset of a query.

    A protocol dataset replaces the query's own; a query with FROM or FROM NAMED keeps
    its own (which pyoxigraph reads from the store's graphs only); any other query sees
    the union of the store's graphs as its default graph.
    """
    if dataset is not None:
        try:
            return {
                "default_graph": [ox.NamedNode(iri) for iri in dataset.default_graphs],
                "named_graphs": [ox.NamedNode(iri) for iri in dataset.named_graphs],
            }
        except ValueError as error:
            raise QueryError(f"not an IRI in the dataset: {error}") from error
    if "FROM" in keywords:
        return {}
    return {"use_default_graph_as_union": True}
