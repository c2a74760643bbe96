"""Named graphs of triples as they are published, before any store holds them.

Publishing adds some 120,000 triples to the family's graphs; an rdflib dataset spends about
25 µs on each (indexes per context, an event per triple), a set a fraction of one. What the
build does next (validate, write) reads them as they are; `dataset` gives rdflib's view
when one is wanted.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

import pyoxigraph as ox
from rdflib import Dataset, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from lexkg.loader.terms import to_oxigraph

Triple = tuple[Node, Node, Node]


class Sink(Protocol):
    """Where publishing writes a named graph's triples: an rdflib graph, or `Triples`."""

    def add(self, triple: Triple) -> object: ...

    def __contains__(self, pattern: object) -> bool: ...


class Triples:
    """One named graph: adding and asking whether a subject has a predicate."""

    def __init__(self, name: URIRef) -> None:
        self.identifier = name
        self._triples: set[Triple] = set()
        self._pairs: set[tuple[Node, Node]] = set()

    def add(self, triple: Triple) -> None:
        self._triples.add(triple)
        self._pairs.add((triple[0], triple[1]))

    def __contains__(self, pattern: tuple[Node, Node, Node | None]) -> bool:
        s, p, o = pattern
        return (s, p) in self._pairs if o is None else (s, p, o) in self._triples

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)


class Quads:
    """Named graphs of triples, written to and read in bulk (see the module's docstring)."""

    context_aware = True

    def __init__(self) -> None:
        self._graphs: dict[URIRef, Triples] = {}
        self._prefixes: dict[str, URIRef] = {}

    def graph(self, name: URIRef) -> Triples:
        found = self._graphs.get(name)
        if found is None:
            found = self._graphs[name] = Triples(name)
        return found

    def graphs(self) -> Iterator[Triples]:
        return iter(self._graphs.values())

    def bind(self, prefix: str, namespace: URIRef, override: bool = True) -> None:
        if override or prefix not in self._prefixes:
            self._prefixes[prefix] = URIRef(namespace)

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        return iter(self._prefixes.items())

    def quads(self) -> Iterator[tuple[Node, Node, Node, URIRef]]:
        for name, graph in self._graphs.items():
            for s, p, o in graph:
                yield s, p, o, name

    def __len__(self) -> int:
        return sum(len(g) for g in self._graphs.values())

    def dataset(self) -> Dataset:
        """The same graphs in an rdflib dataset (slow to fill: for readers that need one)."""
        ds = Dataset(default_union=True)
        for prefix, namespace in self._prefixes.items():
            ds.bind(prefix, namespace)
        for name, graph in self._graphs.items():
            target = ds.graph(name)
            for triple in graph:
                target.add(triple)
        return ds


def oxigraph_quads(data: Dataset | Quads) -> list[ox.Quad]:
    """Every quad of a dataset as pyoxigraph's, each distinct IRI converted once."""
    iris: dict[URIRef, ox.NamedNode] = {}

    def term(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if type(node) is URIRef:
            found = iris.get(node)
            if found is None:
                found = iris[node] = ox.NamedNode(node)
            return found
        return to_oxigraph(node)

    def graph(name: Node) -> ox.NamedNode | ox.BlankNode | ox.DefaultGraph:
        return ox.DefaultGraph() if name == DATASET_DEFAULT_GRAPH_ID else term(name)  # type: ignore[return-value]

    found = data.quads() if isinstance(data, Quads) else data.quads((None, None, None, None))
    return [ox.Quad(term(s), term(p), term(o), graph(g)) for s, p, o, g in found]
