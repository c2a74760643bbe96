"""The embedded store: pyoxigraph in this process, loaded from one graph file."""

from __future__ import annotations

import contextlib
import os
import threading
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox

from lexkg.loader.graphfile import declared_quads
from lexkg.loader.terms import to_oxigraph
from lexkg.server.core.binding import Bindings
from lexkg.server.core.errors import (
    GraphLoadError,
    NotAcceptableError,
    QueryError,
    ResultTooLargeError,
    StoreError,
)
from lexkg.server.core.sparql import may_resolve_iris, screen
from lexkg.server.store.base import OFFERS, Chooser, QueryAnswer, QueryDataset, refuse_service

__all__ = ["OxigraphStore", "check_graph_file", "graph_format"]

_GRAPH_FILE_FORMATS = {".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG}
# pyoxigraph's writer of each media type a store offers (`server.store.base.OFFERS`).
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
QUERY_STACK_SIZE = 256 * 1024 * 1024
_STACK_LOCK = threading.Lock()
DEEP_STACK = threading.local()  # `active` is true on a thread with the deep stack
T = TypeVar("T")


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


def _on_deep_stack(work: Callable[[], T]) -> T:
    """Run `work` on a thread with a deep stack; return its result or raise its error.

    pyoxigraph parses, evaluates and frees queries recursively: on a default 8 MiB
    stack a few kilobytes of nested query crash the process. 256 MiB holds queries of
    100,000 characters of worst-case nesting. Nothing from pyoxigraph may leave the thread.
    On a thread that already has the deep stack (a query worker's), `work` runs right there.
    """
    if getattr(DEEP_STACK, "active", False):
        return work()
    outcome: list[tuple[bool, Any]] = []

    def run() -> None:
        DEEP_STACK.active = True
        try:
            outcome.append((True, work()))
        except BaseException as error:
            traceback.clear_frames(error.__traceback__)  # free pyoxigraph objects here
            outcome.append((False, error))

    with _STACK_LOCK:
        previous = threading.stack_size(QUERY_STACK_SIZE)
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
        base_iri: str | None = None,
    ) -> QueryAnswer:
        options = _options(sparql, dataset, base_iri)
        return _on_deep_stack(lambda: self._answer(sparql, choose, bindings or {}, options))

    def query_here(
        self,
        sparql: str,
        *,
        choose: Chooser,
        bindings: Bindings | None = None,
        dataset: QueryDataset | None = None,
        base_iri: str | None = None,
    ) -> QueryAnswer:
        """`query` on the calling thread, without a deep stack: only for a query nested a few
        levels deep at most (`server.store.quick` checks), saving a thread's start."""
        options = _options(sparql, dataset, base_iri)
        return self._answer(sparql, choose, bindings or {}, options)

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


def _options(sparql: str, dataset: QueryDataset | None, base_iri: str | None) -> dict[str, Any]:
    """pyoxigraph's query options, after refusing SERVICE."""
    keywords = screen(sparql)
    refuse_service(keywords)
    options = _dataset_options(dataset, keywords)
    if base_iri and may_resolve_iris(sparql):  # parsing a base IRI costs as much as ASK {}
        options["base_iri"] = base_iri
    return options


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
