"""The SPARQL 1.1 Service Description of the endpoint (`GET /sparql` without a query).

What it says, and why:

* `sd:endpoint`: the URL the description was asked at, so it is right behind a proxy that
  keeps the Host header and the scheme (X-Forwarded-Proto is not read).
* `sd:supportedLanguage sd:SPARQL11Query` only: updates are refused.
* `sd:resultFormat`: the formats the endpoint writes (SPARQL results in JSON, XML, CSV and
  TSV; graphs in Turtle, RDF/XML, N-Triples and JSON-LD).
* `sd:feature sd:UnionDefaultGraph`: without FROM or `default-graph-uri`, the default graph
  is the union of the named graphs. Not `sd:BasicFederatedQuery` (SERVICE is refused), not
  `sd:DereferencesURIs` (FROM and the dataset parameters only name graphs of the store),
  not `sd:RequiresDataset` and not `sd:EmptyGraphs` (an update feature).
* `sd:defaultEntailmentRegime`: simple entailment (no inference at query time).
* `sd:defaultDataset`: the store's named graphs with their sizes (`void:triples`) and the
  default graph, their union; `sd:availableGraphs`: the same graphs, the only ones a query
  may name in FROM, FROM NAMED, `default-graph-uri` and `named-graph-uri`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, VOID, XSD

from lexkg.server.store.base import Store, select

__all__ = [
    "SD",
    "Dataset",
    "DatasetCache",
    "describe",
    "read_dataset",
]

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
SIMPLE_ENTAILMENT = URIRef("http://www.w3.org/ns/entailment/Simple")

# The formats the endpoint writes, as W3C format IRIs.
RESULT_FORMATS = (
    FORMATS.SPARQL_Results_JSON,
    FORMATS.SPARQL_Results_XML,
    FORMATS.SPARQL_Results_CSV,
    FORMATS.SPARQL_Results_TSV,
    FORMATS.Turtle,
    FORMATS.RDF_XML,
    FORMATS["N-Triples"],
    FORMATS["JSON-LD"],
)

_JSON = "application/sparql-results+json"
_GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
_UNION = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"


@dataclass(frozen=True)
class Dataset:
    """The store's named graphs (IRI, triples) and the size of their union."""

    named_graphs: tuple[tuple[str, int], ...]
    union_triples: int


def read_dataset(store: Store) -> Dataset:
    """The named graphs of the store and their sizes, by two queries."""
    graphs = select(store, _GRAPHS)
    named = tuple(
        (row["g"].value, int(row["n"].value))
        for row in graphs
        if isinstance(row["g"], ox.NamedNode)
    )
    [union] = select(store, _UNION)
    return Dataset(named, int(union["n"].value))


class DatasetCache:
    """The dataset of one app's store, read once (the store does not change) on first use.

    A failure (e.g. the store is busy) is not kept: the next request tries again.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._dataset: Dataset | None = None

    def get(self, store: Store) -> Dataset:
        with self._lock:
            if self._dataset is None:
                self._dataset = read_dataset(store)
            return self._dataset


def describe(endpoint: str, dataset: Dataset) -> Graph:
    """The service description of the endpoint at `endpoint` serving `dataset`."""
    g = Graph()
    g.bind("sd", SD)
    g.bind("formats", FORMATS)
    g.bind("void", VOID)
    g.bind("dcterms", DCTERMS)
    service = BNode()
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, URIRef(endpoint)))
    g.add((service, DCTERMS.title, Literal("lexkg SPARQL endpoint (read-only)", lang="en")))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for result_format in RESULT_FORMATS:
        g.add((service, SD.resultFormat, result_format))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    g.add((service, SD.defaultEntailmentRegime, SIMPLE_ENTAILMENT))

    default_dataset = BNode()
    g.add((service, SD.defaultDataset, default_dataset))
    g.add((default_dataset, RDF.type, SD.Dataset))
    default_graph = BNode()
    g.add((default_dataset, SD.defaultGraph, default_graph))
    g.add((default_graph, RDF.type, SD.Graph))
    g.add((default_graph, VOID.triples, Literal(dataset.union_triples, datatype=XSD.integer)))
    g.add(
        (
            default_graph,
            DCTERMS.description,
            Literal("the union (RDF merge) of the named graphs", lang="en"),
        )
    )
    available = BNode()
    g.add((service, SD.availableGraphs, available))
    g.add((available, RDF.type, SD.GraphCollection))
    for name, triples in dataset.named_graphs:
        named_graph = BNode()
        graph = BNode()
        g.add((named_graph, RDF.type, SD.NamedGraph))
        g.add((named_graph, SD.name, URIRef(name)))
        g.add((named_graph, SD.graph, graph))
        g.add((graph, RDF.type, SD.Graph))
        g.add((graph, VOID.triples, Literal(triples, datatype=XSD.integer)))
        g.add((default_dataset, SD.namedGraph, named_graph))
        g.add((available, SD.namedGraph, named_graph))
    return g
