"""The media types the service writes, the `format=` names that ask for them, and the RDF
serialisers of graphs: one table for every route."""

from __future__ import annotations

from typing import Any

from rdflib import Graph

__all__ = [
    "FORMAT_NAMES",
    "GRAPH_MEDIA_TYPES",
    "HTML",
    "JSON",
    "PAGE_MEDIA_TYPES",
    "RDF_FORMATS",
    "RESULTS_JSON",
    "RESULTS_MEDIA_TYPES",
    "format_name",
    "serialise",
]

HTML = "text/html"
JSON = "application/json"
RESULTS_JSON = "application/sparql-results+json"

# `format=` values, which override Accept (links use them), and the media types each names,
# in order: `json` is SPARQL results JSON where results are offered, plain JSON elsewhere.
FORMAT_NAMES: dict[str, tuple[str, ...]] = {
    "html": (HTML,),
    "json": (RESULTS_JSON, JSON),
    "xml": ("application/sparql-results+xml",),
    "csv": ("text/csv",),
    "tsv": ("text/tab-separated-values",),
    "ttl": ("text/turtle",),
    "rdf": ("application/rdf+xml",),
    "nt": ("application/n-triples",),
    "jsonld": ("application/ld+json",),
}

# What a query answer is offered as, default first: results (SELECT, ASK) or a graph
# (CONSTRUCT, DESCRIBE). "application/json" is a common alias of SPARQL results JSON.
# N-Quads and TriG are not offered: a CONSTRUCT or DESCRIBE answer is one graph, triples
# without graph names, which they would only write as the default graph of a dataset.
RESULTS_MEDIA_TYPES = (
    RESULTS_JSON,
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
    JSON,
)
GRAPH_MEDIA_TYPES = (
    "text/turtle",
    "application/n-triples",
    "application/rdf+xml",
    "application/ld+json",
)

# A graph's media types, default first, with rdflib's serialiser of each.
RDF_FORMATS = {
    "text/turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
}
# A resource offered as an HTML page and as RDF, HTML (the default) first.
PAGE_MEDIA_TYPES = (HTML, *RDF_FORMATS)


def format_name(media_type: str) -> str | None:
    """The `format=` value that names *media_type*, if one does."""
    for name, media_types in FORMAT_NAMES.items():
        if media_type in media_types:
            return name
    return None


def serialise(graph: Graph, media_type: str, **options: Any) -> bytes:
    """The graph in one of `RDF_FORMATS`; `options` go to rdflib's serialiser."""
    return graph.serialize(format=RDF_FORMATS[media_type], encoding="utf-8", **options)
