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

import datetime as dt
import re
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, redirect, request

from lexkg import resources
from lexkg.server.core.dates import parse_day
from lexkg.server.core.errors import ClientError
from lexkg.server.core.formats import HTML, PAGE_MEDIA_TYPES, format_name, serialise
from lexkg.server.core.urls import eli_iri, local_url
from lexkg.server.routes.common import app_store, local_link, negotiate, render_page
from lexkg.server.services.eli.data import bind_prefixes, description, page_graph
from lexkg.server.services.eli.model import build_page
from lexkg.server.services.eli.rdfa import PREFIX_ATTRIBUTE, PREFIXES, jsonld
from lexkg.server.services.eli.text import LANGUAGE_NAMES, name
from lexkg.server.services.eli.timeline import Period, version_on
from lexkg.server.services.eli.versions import compare, periods, work_of
from lexkg.server.services.eli.view import Comparison, Link, Moment
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


@bp.get("/eli/<path:path>")
def resource(path: str) -> Response:
    """The resource `http://data.europa.eu/eli/<path>` in the media type asked for."""
    if not _PATH.fullmatch(path):
        abort(404, f"no ELI resource at /eli/{path}")
    iri = eli_iri(path)
    media_type = negotiate(PAGE_MEDIA_TYPES)
    # A person asking for a version-less act or provision reads the version in force (today,
    # or on ?date=); its RDF is its own description, which lists its versions.
    work = None
    if media_type == HTML or "date" in request.args:
        work = work_of(app_store(), iri)
        moved = _point_in_time(iri, work)
        if moved is not None:
            return redirect(moved, code=303)
    graph = description(app_store(), iri)
    if not graph:
        abort(404, f"the graph holds nothing about {iri}")
    if media_type != HTML:
        body = serialise(graph, media_type, **_options(media_type))
        return Response(body, mimetype=media_type)
    return _html(iri, work or iri)


def _point_in_time(iri: str, work: str) -> str | None:
    """Where a version-less act or provision (or any version of it, with `?date=`) stands on
    the day asked (today by default): the address of that version, or None to serve *iri*.

    *work* is what *iri* is a version of (itself if it is no version). A day before the
    provision existed or after its repeal is a 404 saying so."""
    day = _date_parameter("date")
    if day is None and work != iri:
        return None  # a version, asked for as it is
    found = periods(app_store(), work)
    if not found:
        if day is not None:
            abort(404, f"{iri} has no consolidated versions: ?date= applies to those that have")
        return None
    chosen = version_on(found, day or dt.date.today(), name(work))
    kept = [(k, v) for k, v in request.args.items(multi=True) if k != "date"]
    return local_url(chosen.iri) + (f"?{urlencode(kept)}" if kept else "")


def _date_parameter(key: str) -> dt.date | None:
    """A `YYYY-MM-DD` query parameter; a malformed or impossible date is a 400 naming it."""
    value = request.args.get(key)
    if value is None:
        return None
    try:
        return parse_day(value)
    except ValueError as error:
        raise ClientError(f"{key}: {error}") from None


def _timeline(iri: str, work: str) -> tuple[list[Moment], list[Period]]:
    """The versions of the page's act or provision (*work*), the page's own marked."""
    found = periods(app_store(), work)
    moments = [
        Moment(
            p.start.isoformat(),
            p.end.isoformat() if p.end else None,
            local_url(p.iri),
            p.iri == iri,
        )
        for p in found
    ]
    return moments, found


def _comparison(iri: str, found: list[Period]) -> Comparison | None:
    """The page's version against the one that stood on `?compare=` (words marked)."""
    day = _date_parameter("compare")
    if day is None:
        return None
    if not found or iri not in {p.iri for p in found}:
        raise ClientError("compare: only a consolidated version of a provision can be compared")
    earlier = version_on(found, day, name(iri))
    changes = compare(app_store(), earlier.iri, iri)
    languages = list(changes.items())  # in the order a page shows languages
    return Comparison(Link(local_url(earlier.iri), earlier.start.isoformat()), languages)


def _options(media_type: str) -> dict[str, object]:
    return {"context": PREFIXES, "auto_compact": True} if media_type.endswith("ld+json") else {}


def _html(iri: str, work: str) -> Response:
    page = build_page(bind_prefixes(page_graph(app_store(), iri)), iri, local_link)
    page.timeline, found = _timeline(iri, work)
    page.comparison = _comparison(iri, found)
    here = local_url(iri)
    formats = [
        (_NAMES[kind], f"{here}?format={format_name(kind)}", kind, kind == HTML)
        for kind in PAGE_MEDIA_TYPES
    ]
    return render_page(
        "eli/page.html",
        page=page,
        here=here,
        formats=formats,
        prefixes=PREFIX_ATTRIBUTE,
        jsonld=jsonld(page.described),
        language_names=LANGUAGE_NAMES,
        eli_base=ELI_BASE,
    )
