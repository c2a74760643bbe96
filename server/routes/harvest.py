"""The harvest kit: ``/sitemap.xml``, ``/feed.atom``, ``/catalog`` (DCAT-AP), ``/void``,
``/dumps/lexkg.{nq,trig,jsonld}`` and ``/robots.txt``.

Everything is made by `server.services.harvest` (catalog, feeds) from the app's `Facts`,
read from the store once; ``lexkg export DIR`` writes the same documents as files. The catalog
and VoID are RDF (Turtle by default) and, for a browser, a page listing their statements.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import Blueprint, Response, abort, current_app, redirect, request, url_for
from rdflib import Graph
from werkzeug.wrappers import Response as BaseResponse

from lexkg.server.core.formats import RDF_FORMATS, serialise
from lexkg.server.routes.common import app_store, negotiate, rdf_page, wants_page
from lexkg.server.services.harvest.catalog import catalog_graph, void_graph
from lexkg.server.services.harvest.dumps import FORMATS
from lexkg.server.services.harvest.facts import Facts, file_date
from lexkg.server.services.harvest.feeds import feed_atom, robots_txt, sitemap_xml

__all__ = ["bp"]

bp = Blueprint("harvest", __name__)
_KEY = "lexkg.harvest"
T = TypeVar("T")


def _facts() -> Facts:
    """The app's facts, made on first use (`setdefault`: one per app, even under threads)."""
    found = current_app.extensions.get(_KEY)
    if found is None:
        made = Facts(app_store(), file_date(current_app.config.get("GRAPH_PATH")))
        found = current_app.extensions.setdefault(_KEY, made)
    return found


@bp.get("/sitemap.xml")
def sitemap() -> Response:
    return Response(_made(sitemap_xml), mimetype="application/xml")


@bp.get("/feed.atom")
def feed() -> Response:
    return Response(_made(feed_atom), mimetype="application/atom+xml")


@bp.get("/catalog")
def catalog() -> Response:
    """The DCAT-AP catalog, in the RDF format the client accepts best (Turtle by default)."""
    return _described(catalog_graph, "catalog.title")


@bp.get("/void")
def void() -> Response:
    """The VoID description, content negotiated like the catalog."""
    return _described(void_graph, "void.title")


@bp.get("/.well-known/void")
def well_known_void() -> BaseResponse:
    """Where VoID says to look for a site's description (RFC 8615, VoID §7)."""
    return redirect(url_for(".void"), code=303)


@bp.get("/dumps/<name>")
def dump(name: str) -> Response:
    """A full dump, with its SHA-256 as ETag; conditional and range requests are answered."""
    if name not in {f.name for f in FORMATS}:
        abort(404, f"no dump {name!r}; the dumps are {', '.join(f.name for f in FORMATS)}")
    item = _made(lambda found: found.dumps()[name])
    response = Response(item.body, mimetype=item.format.media_type)
    response.set_etag(item.sha256)
    return response.make_conditional(request, accept_ranges=True)


@bp.get("/robots.txt")
def robots() -> Response:
    return Response(robots_txt(), mimetype="text/plain")


def _made(make: Callable[[Facts], T]) -> T:
    """What `make` gives from the app's facts."""
    return make(_facts())


def _described(make: Callable[[Facts], Graph], title: str) -> Response:
    """The graph *make* gives, as RDF, or as a page titled by the message *title*."""
    if wants_page(tuple(RDF_FORMATS)):
        return rdf_page(_made(make), title)
    media_type = negotiate(tuple(RDF_FORMATS))
    return Response(serialise(_made(make), media_type), mimetype=media_type)
