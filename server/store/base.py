"""The `Store` protocol every backend implements, what a query gives it, and reading helpers.

Stores stack as wrappers: an answer cache (`cache`) over a pool of worker processes
(`pool`) over the embedded pyoxigraph store (`embedded`); or an external SPARQL endpoint
(`remote`). Their errors are those of `server.core.errors`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import pyoxigraph as ox
from rdflib import Graph, URIRef

from lexkg.server.core.binding import Bindings
from lexkg.server.core.errors import QueryError, StoreError
from lexkg.server.core.formats import GRAPH_MEDIA_TYPES, RESULTS_JSON, RESULTS_MEDIA_TYPES
from lexkg.server.core.negotiation import Chooser
from lexkg.server.core.results import read_boolean, read_solutions

__all__ = [
    "ANSWER_MEDIA_TYPES",
    "OFFERS",
    "Bindings",
    "Chooser",
    "Picks",
    "QueryAnswer",
    "QueryDataset",
    "Store",
    "ask",
    "named_graph",
    "pick_all",
    "picked",
    "refuse_service",
    "select",
]

# What a store offers for an answer: results (SELECT, ASK) or a graph (CONSTRUCT, DESCRIBE).
OFFERS = (RESULTS_MEDIA_TYPES, GRAPH_MEDIA_TYPES)
# Every media type an answer may have, in order.
ANSWER_MEDIA_TYPES = tuple(dict.fromkeys((*RESULTS_MEDIA_TYPES, *GRAPH_MEDIA_TYPES)))
Picks = dict[tuple[str, ...], str | None]


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


class Store(Protocol):
    """A read-only SPARQL store."""

    def query(
        self,
        sparql: str,
        *,
        choose: Chooser,
        bindings: Bindings | None = None,
        dataset: QueryDataset | None = None,
        base_iri: str | None = None,
    ) -> QueryAnswer:
        """Evaluate `sparql` and serialise the answer in the media type `choose` picks.

        `bindings` give variables their values as RDF terms, never as query text.
        `dataset`, if given, is the query's dataset instead of the store's default one
        (the union of its graphs) or the one the query's FROM / FROM NAMED give.
        `base_iri` resolves the query's relative IRIs (the endpoint's own URL).
        Raises `QueryError` for the client's mistakes, `NotAcceptableError` if `choose`
        picks nothing or the answer cannot be written in the type it picks, and may raise
        `ResultTooLargeError`, `QueryTimeoutError` or `StoreUnavailableError`.
        """
        ...

    def triple_count(self) -> int:
        """The number of statements in the store (a triple in two graphs counts twice)."""
        ...


def pick_all(choose: Chooser) -> Picks:
    """The media type `choose` picks from each of the `OFFERS`, made before the query runs."""
    return {offers: choose(offers) for offers in OFFERS}


def picked(picks: Picks, offers: Sequence[str]) -> str | None:
    """A `Chooser` (with `functools.partial`) that answers from picks made beforehand."""
    return picks.get(tuple(offers))


def refuse_service(keywords: set[str]) -> None:
    """Refuse federated queries: pyoxigraph would fetch SERVICE IRIs over HTTP."""
    if "SERVICE" in keywords:
        raise QueryError("SERVICE (federated query) is not supported by this endpoint")


def select(store: Store, sparql: str, bindings: Bindings | None = None) -> list[ox.QuerySolution]:
    """The solutions of a SELECT query, read by the one reader of results."""
    answer = store.query(sparql, choose=lambda offers: RESULTS_JSON, bindings=bindings)
    try:
        return read_solutions(answer.body)
    except ValueError as error:
        raise StoreError(f"cannot read the store's answer: {error}") from None


def ask(store: Store, sparql: str, bindings: Bindings | None = None) -> bool:
    """The answer of an ASK query."""
    answer = store.query(sparql, choose=lambda offers: RESULTS_JSON, bindings=bindings)
    try:
        return read_boolean(answer.body)
    except ValueError as error:
        raise StoreError(f"cannot read the store's answer: {error}") from None


def named_graph(store: Store, name: str) -> Graph:
    """One named graph of the store, as an rdflib graph (empty if the store has none)."""
    sparql = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
    answer = store.query(
        sparql,
        choose=lambda offers: "application/n-triples",
        bindings={"g": URIRef(name)},
    )
    return Graph().parse(data=answer.body, format="nt")
