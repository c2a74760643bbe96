"""The RDF serialisations the service offers for a graph, and how a page's request picks one."""

from __future__ import annotations

from typing import Any

from flask import abort, request
from rdflib import Graph

__all__ = ["HTML", "PAGE_FORMATS", "RDF_FORMATS", "page_media_type", "serialise"]

# Media types, default first, with rdflib's serialiser of each.
RDF_FORMATS = {
    "text/turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
}
HTML = "text/html"
# A resource offered as an HTML page and as RDF: `?format=` values and their media types,
# HTML (the default) first.
PAGE_FORMATS = {
    "html": HTML,
    "ttl": "text/turtle",
    "rdf": "application/rdf+xml",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
}


def serialise(graph: Graph, media_type: str, **options: Any) -> bytes:
    """The graph in one of `RDF_FORMATS`; `options` go to rdflib's serialiser."""
    return graph.serialize(format=RDF_FORMATS[media_type], encoding="utf-8", **options)


def page_media_type(offered: str) -> str:
    """The media type of `PAGE_FORMATS` the request asks for: by `?format=` (which links use),
    else by Accept, HTML if it states none. `offered` begins the 406 message ("the ontology
    is")."""
    if "format" in request.args:
        value = request.args["format"]
        if value not in PAGE_FORMATS:
            abort(400, f"unknown format {value!r}; use one of {', '.join(PAGE_FORMATS)}")
        return PAGE_FORMATS[value]
    offers = tuple(PAGE_FORMATS.values())
    accept = request.accept_mimetypes
    media_type = accept.best_match(offers) if accept else HTML
    if media_type is None:
        abort(
            406,
            f"{offered} offered as {', '.join(offers)} (or ?format={'|'.join(PAGE_FORMATS)})",
        )
    return media_type
