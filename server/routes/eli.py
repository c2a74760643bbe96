"""`/eli/<path>`: every ELI resource of the graph, as a page for people or as RDF.

`http://data.europa.eu/eli/<path>` is served at `/eli/<path>` (under `PUBLIC_BASE_URL`, see
`server.core.urls`): the act, its subdivisions, their language versions, the consolidated
version and its subdivisions. The resource is looked up by its IRI, bound as a value; a path that is
not a plain ELI path (`..`, `%2e`, other characters) or names nothing the graph describes is
answered with 404. The media type is chosen by `?format=html|ttl|rdf|nt|jsonld`, else by
`Accept` (HTML first). RDF is the resource's description: its triples and those of its
expressions and their footnotes. Pages carry the same ELI metadata as RDFa and JSON-LD.
"""

from __future__ import annotations

import re

from flask import Blueprint, Response, abort, current_app, render_template

from lexkg import resources
from lexkg.server.core.formats import HTML, PAGE_MEDIA_TYPES, format_name, serialise
from lexkg.server.core.urls import base_url, eli_iri, local_url
from lexkg.server.routes.common import app_store, negotiate
from lexkg.server.services.eli.data import bind_prefixes, description, page_graph, served_iris
from lexkg.server.services.eli.model import build_page
from lexkg.server.services.eli.rdfa import PREFIX_ATTRIBUTE, PREFIXES, jsonld
from lexkg.server.services.eli.text import LANGUAGE_NAMES
from lexkg.vocab import ELI_BASE

__all__ = ["bp"]

bp = Blueprint(
    "eli",
    __name__,
    static_folder=resources.server_dir() / "static",
    static_url_path="/eli-static",
)

# The representations' names for people, by media type.
_NAMES = {
    "text/html": "HTML",
    "text/turtle": "Turtle",
    "application/rdf+xml": "RDF/XML",
    "application/n-triples": "N-Triples",
    "application/ld+json": "JSON-LD",
}
_PATH = re.compile(r"[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*")
_SERVED_KEY = "lexkg.eli.served"


@bp.get("/eli/<path:path>")
def resource(path: str) -> Response:
    """The resource `http://data.europa.eu/eli/<path>` in the media type asked for."""
    if not _PATH.fullmatch(path):
        abort(404, f"no ELI resource at /eli/{path}")
    iri = eli_iri(path)
    media_type = negotiate(PAGE_MEDIA_TYPES)
    graph = description(app_store(), iri)
    if not graph:
        abort(404, f"the graph holds nothing about {iri}")
    if media_type != HTML:
        body = serialise(graph, media_type, **_options(media_type))
        return Response(body, mimetype=media_type)
    return Response(_html(iri), mimetype=HTML)


def _options(media_type: str) -> dict[str, object]:
    return {"context": PREFIXES, "auto_compact": True} if media_type.endswith("ld+json") else {}


def _served() -> frozenset[str]:
    """The IRIs with a page here (read once per app: the graph does not change)."""
    served = current_app.extensions.get(_SERVED_KEY)
    if served is None:
        served = current_app.extensions[_SERVED_KEY] = served_iris(app_store())
    return served


def _link(iri: str) -> str:
    """Where to link an IRI: its page here if the graph describes it, else the IRI itself."""
    resource, hash_, fragment = iri.partition("#")
    if resource in _served():
        return local_url(resource) + hash_ + fragment
    return iri


def _html(iri: str) -> str:
    page = build_page(bind_prefixes(page_graph(app_store(), iri)), iri, _link)
    here = local_url(iri)
    formats = [
        (_NAMES[kind], f"{here}?format={format_name(kind)}", kind, kind == HTML)
        for kind in PAGE_MEDIA_TYPES
    ]
    return render_template(
        "eli/page.html",
        page=page,
        here=here,
        formats=formats,
        prefixes=PREFIX_ATTRIBUTE,
        jsonld=jsonld(page.described),
        css=f"{base_url()}/eli-static/lexkg.css",
        home=base_url() + "/",
        language_names=LANGUAGE_NAMES,
        eli_base=ELI_BASE,
    )
