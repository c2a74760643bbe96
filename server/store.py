"""The graph store behind the endpoint, and its one implementation on pyoxigraph."""

from __future__ import annotations

import os
import re
import threading
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from loader.terms import to_oxigraph

__all__ = [
    "STORE_KEY",
    "Bindings",
    "Chooser",
    "GraphLoadError",
    "NotAcceptableError",
    "OxigraphStore",
    "QueryAnswer",
    "QueryError",
    "Store",
    "StoreError",
    "app_store",
    "graph_format",
    "named_graph",
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


@dataclass(frozen=True)
class QueryAnswer:
    """A serialised query answer."""

    body: bytes
    media_type: str


# Picks one of the offered media types (preferred first), or None if none will do.
Chooser = Callable[[Sequence[str]], str | None]
# Values of query variables, by variable name.
Bindings = Mapping[str, URIRef | Literal]


class Store(Protocol):
    """A read-only SPARQL store."""

    def query(
        self, sparql: str, *, choose: Chooser, bindings: Bindings | None = None
    ) -> QueryAnswer:
        """Evaluate `sparql` and serialise the answer in the media type `choose` picks.

        `bindings` give variables their values as RDF terms, never as query text.
        Raises `QueryError` for the client's mistakes, `NotAcceptableError` if `choose`
        picks nothing or the answer cannot be written in the type it picks.
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
_GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}

# Tokens whose text is opaque to the screening below: comments, strings, IRIs.
_OPAQUE = re.compile(
    r"#[^\n\r]*"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>',
    re.DOTALL,
)
_SERVICE = re.compile(r"(?<![\w:?$@.\-])SERVICE(?![\w:\-])", re.IGNORECASE)
_QUERY_STACK_SIZE = 256 * 1024 * 1024
_STACK_LOCK = threading.Lock()
T = TypeVar("T")


def app_store() -> Store:
    """The store of the Flask app handling the current request."""
    from flask import current_app

    return current_app.extensions[STORE_KEY]


def named_graph(store: Store, name: str) -> Graph:
    """One named graph of the store, as an rdflib graph (empty if the store has none)."""
    sparql = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}"
    answer = store.query(sparql, choose=lambda offers: "application/n-triples")
    return Graph().parse(data=answer.body, format="nt")


def graph_format(path: str | os.PathLike[str]) -> ox.RdfFormat:
    """The RDF format of a graph file by its extension; raise `GraphLoadError` if unusable."""
    file = Path(path)
    fmt = _GRAPH_FILE_FORMATS.get(file.suffix.lower())
    if fmt is None:
        raise GraphLoadError(f"{file}: unsupported graph file extension (expected .nq or .trig)")
    if not file.is_file():
        raise GraphLoadError(f"{file}: graph file not found")
    return fmt


def _refuse_service(sparql: str) -> None:
    """Refuse federated queries: pyoxigraph would fetch SERVICE IRIs over HTTP."""
    if _SERVICE.search(_OPAQUE.sub(" ", sparql)):
        raise QueryError("SERVICE (federated query) is not supported by this endpoint")


def _on_deep_stack(work: Callable[[], T]) -> T:
    """Run `work` in a new thread with a deep stack; return its result or raise its error.

    pyoxigraph parses, evaluates and frees queries recursively: on a default 8 MiB
    stack a few kilobytes of nested query crash the process. 256 MiB holds queries of
    100,000 characters of worst-case nesting. Nothing from pyoxigraph may leave the thread.
    """
    outcome: list[tuple[bool, Any]] = []

    def run() -> None:
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


class OxigraphStore:
    """An in-memory pyoxigraph store loaded from one N-Quads or TriG file.

    Queries see the union of all graphs as their default graph.
    """

    def __init__(self, graph_path: str | os.PathLike[str]) -> None:
        fmt = graph_format(graph_path)
        self._store = ox.Store()
        try:
            self._store.bulk_load(path=graph_path, format=fmt)
        except SyntaxError as error:
            where = f"{graph_path}:{error.lineno}" if error.lineno else str(graph_path)
            raise GraphLoadError(f"{where}: cannot parse graph file: {error.msg}") from error
        except (OSError, ValueError) as error:
            raise GraphLoadError(f"{graph_path}: cannot load graph file: {error}") from error
        self._count = len(self._store)

    def query(
        self, sparql: str, *, choose: Chooser, bindings: Bindings | None = None
    ) -> QueryAnswer:
        _refuse_service(sparql)
        return _on_deep_stack(lambda: self._answer(sparql, choose, bindings or {}))

    def _answer(self, sparql: str, choose: Chooser, bindings: Bindings) -> QueryAnswer:
        substitutions = {ox.Variable(name): to_oxigraph(value) for name, value in bindings.items()}
        try:
            result = self._store.query(
                sparql, use_default_graph_as_union=True, substitutions=substitutions
            )
        except SyntaxError as error:
            raise QueryError(f"malformed query: {error.msg}") from error
        offers = tuple(_GRAPH_FORMATS if isinstance(result, ox.QueryTriples) else _RESULTS_FORMATS)
        media_type = choose(offers)
        if media_type is None or media_type not in offers:
            raise NotAcceptableError("no acceptable media type", offers)
        try:
            if isinstance(result, ox.QueryTriples):
                body = result.serialize(format=_GRAPH_FORMATS[media_type])
            else:
                body = result.serialize(format=_RESULTS_FORMATS[media_type])
        except OSError as error:  # e.g. JSON-LD cannot hold RDF 1.2 triple terms
            raise NotAcceptableError(f"cannot write as {media_type}: {error}", offers) from error
        assert body is not None  # without an output file pyoxigraph returns the bytes
        return QueryAnswer(body, media_type)

    def triple_count(self) -> int:
        return self._count
