"""The RDF serialisations the service offers for a graph (pages, ontology, catalog, description)."""

from __future__ import annotations

from typing import Any

from rdflib import Graph

__all__ = ["RDF_FORMATS", "serialise"]

# Media types, default first, with rdflib's serialiser of each.
RDF_FORMATS = {
    "text/turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
}


def serialise(graph: Graph, media_type: str, **options: Any) -> bytes:
    """The graph in one of `RDF_FORMATS`; `options` go to rdflib's serialiser."""
    return graph.serialize(format=RDF_FORMATS[media_type], encoding="utf-8", **options)
