"""What `/eli/…` reads from the store: one resource's description and the graph of its page.

The IRI asked for is bound as a value (`bindings`), never written into the query text.
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from lexkg.server.store.base import Store, select
from lexkg.vocab import ELI, LKG

__all__ = ["ELI", "LKG", "bind_prefixes", "description", "page_graph", "served_iris"]

_NT = "application/n-triples"
_PREFIXES = f"PREFIX eli: <{ELI}>\nPREFIX lkg: <{LKG}>\nPREFIX rdfs: <{RDFS}>\n"

# The resource, its expressions and their footnotes (`…/oj/nld#fn_1`), with all their triples.
_DESCRIPTION = (
    _PREFIXES
    + """CONSTRUCT { ?s ?p ?o } WHERE {
  ?r (eli:is_realized_by|lkg:footnote|eli:is_realized_by/lkg:footnote|lkg:absence)? ?s .
  ?s ?p ?o .
}"""
)

# What a page shows: the work (the resource, or the work an expression realizes), its parts at
# every depth and its ancestors, each with its expressions and footnotes; and the labels of the
# amending actions.
_PAGE = (
    _PREFIXES
    + """CONSTRUCT { ?s ?p ?o } WHERE {
  { ?r eli:realizes? ?w .
    { ?w eli:has_part* ?d } UNION { ?w eli:is_part_of+ ?d }
    ?d (eli:is_realized_by|eli:is_realized_by/lkg:footnote|lkg:absence)? ?s .
    ?s ?p ?o . }
  UNION
  { ?s a lkg:Action ; ?p ?o . FILTER (?p = rdfs:label) }
}"""
)

# Every IRI under the ELI base that is the subject of a triple (fragments excluded).
_SERVED = (
    "SELECT DISTINCT ?s WHERE { ?s ?p ?o . FILTER (isIRI(?s) && "
    'STRSTARTS(STR(?s), "http://data.europa.eu/eli/") && !CONTAINS(STR(?s), "#")) }'
)


def bind_prefixes(graph: Graph) -> Graph:
    """The graph, with the prefixes its serialisations use."""
    graph.bind("eli", ELI)
    graph.bind("lkg", LKG)
    graph.bind("xsd", XSD)
    graph.bind("rdf", RDF)
    return graph


def _construct(store: Store, sparql: str, iri: str) -> Graph:
    answer = store.query(sparql, choose=lambda offers: _NT, bindings={"r": URIRef(iri)})
    return bind_prefixes(Graph().parse(data=answer.body, format="nt"))


def description(store: Store, iri: str) -> Graph:
    """The triples of the resource, of its expressions and of their footnotes (empty if none)."""
    return _construct(store, _DESCRIPTION, iri)


def page_graph(store: Store, iri: str) -> Graph:
    """Everything the resource's page shows."""
    return _construct(store, _PAGE, iri)


def served_iris(store: Store) -> frozenset[str]:
    """The ELI IRIs the graph describes: those `/eli/…` serves."""
    return frozenset(row["s"].value for row in select(store, _SERVED))
