"""What every route shares: the app's store, content negotiation, and errors by one table.

An error's message may quote the request (a path, a parameter): it is written escaped in
HTML and JSON (`\u003c`), and as inert text in `text/plain` (with `nosniff` and a sandboxing
Content-Security-Policy, so no browser renders it as a page).

`negotiate` reads `format=` and `Accept` (`server.core.negotiation`) and remembers the offers,
so that every negotiated response gets `Vary: Accept` and a `Link` header naming its other
representations (`rel="alternate"`). Errors, whether a route's `abort` or a service's
exception, are answered by `answer_error`: the status from `server.core.errors.STATUS`, the
body as JSON (`{"error": CODE, "message": …}`) under `/api`, and elsewhere as the client
accepts (plain text by default, JSON, or an HTML page).
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import quote, unquote_plus, urlencode

from flask import Flask, Response, current_app, g, render_template, request
from rdflib import Graph
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from lexkg.server.core.errors import NotAcceptableError, status_of
from lexkg.server.core.formats import HTML, JSON, RDF_FORMATS, format_name
from lexkg.server.core.negotiation import (
    Chooser,
    choose,
    choose_language,
    chooser,
    explained,
    prefers,
)
from lexkg.server.core.urls import base_url, local_url
from lexkg.server.services.eli.data import served_iris
from lexkg.server.services.graph_view import described
from lexkg.server.services.i18n import LANGUAGE_NAMES, LANGUAGES, Messages, messages
from lexkg.server.store.base import ANSWER_MEDIA_TYPES, OFFERS, Store
from lexkg.vocab import ONTOLOGY

__all__ = [
    "STORE_KEY",
    "alternates_link",
    "answer_error",
    "answer_query",
    "app_store",
    "init_app",
    "local_link",
    "negotiate",
    "negotiated",
    "page_language",
    "parameter",
    "rdf_page",
    "render_fragment",
    "render_page",
    "request_chooser",
    "security_headers",
    "wants_page",
]

STORE_KEY = "lexkg.store"  # where create_app keeps the app's store
_SERVED_KEY = "lexkg.eli.served"  # the ELI IRIs with a page here
# Every response: no sniffing a type other than the one sent, no query URLs in the Referer
# sent to other sites.
_ALWAYS = (("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "same-origin"))
# HTML pages load scripts, styles, images and fonts of their own origin only. The editor (/)
# loads static/yasgui/*, static/editor.js and .css and reads a JSON data block; the ELI pages
# carry a JSON-LD data block; they and the other pages (/queries, /sparql, /catalog, /void)
# load /eli-static/lexkg.css; pyLODE's /ontology inlines a <style> element, style attributes
# and data: icons, and the frame added above it a <style> of its own. Forms submit to the
# same origin. Data blocks run nothing, and no page has an inline script: scripts stay 'self'.
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
# Anything else (a query's answer, RDF, an error): a document that runs nothing.
DATA_POLICY = "default-src 'none'; sandbox"
_PLAIN = "text/plain"
_QUERY_SAFE = "%&=+:/?;,@!$'()*-._~"
_ERROR_OFFERS = (_PLAIN, JSON, HTML)


def app_store() -> Store:
    """The store of the app handling the current request."""
    return current_app.extensions[STORE_KEY]


def served() -> frozenset[str]:
    """The IRIs with a page under `/eli/` (read once per app: the graph does not change)."""
    found = current_app.extensions.get(_SERVED_KEY)
    if found is None:
        found = current_app.extensions.setdefault(_SERVED_KEY, served_iris(app_store()))
    return found


def local_link(iri: str) -> str:
    """Where a page links an IRI: its page here if the graph describes it (an ELI resource,
    keeping a fragment), a term of the ontology on `/ontology`, else the IRI itself. A page
    asked for with `?lang=` keeps it in its local links."""
    resource, hash_, fragment = iri.partition("#")
    chosen = request.args.get("lang")
    keep = f"?{urlencode({'lang': chosen})}" if chosen in LANGUAGES else ""
    if resource in served():
        return local_url(resource) + keep + hash_ + fragment
    if resource == ONTOLOGY and fragment:
        return f"{base_url()}/ontology{keep}#{fragment}"
    return iri


def parameter(name: str) -> list[str]:
    """A request parameter's values: from the URL, and from the body of a form POST."""
    values = request.args.getlist(name)
    if request.method == "POST" and request.mimetype == "application/x-www-form-urlencoded":
        values += request.form.getlist(name)
    return values


def format_values() -> list[str]:
    """The request's `format=` values."""
    return parameter("format")


def answer_query(sparql: str, **options: Any) -> Response:
    """A query's answer in the media type the request asks for (results or a graph), with
    `Vary` and `Link`; a type it cannot have is a 406 naming what it can (store *options*:
    bindings, dataset, base IRI). The routes that answer queries offer pages too (HTML)."""
    try:
        choose = request_chooser((*ANSWER_MEDIA_TYPES, HTML))
        answer = app_store().query(sparql, choose=choose, **options)
    except NotAcceptableError as error:
        raise explained(error, format_values()) from None
    negotiated(next((offers for offers in OFFERS if answer.media_type in offers), ()))
    return Response(answer.body, mimetype=answer.media_type)


def request_chooser(offered: Sequence[str]) -> Chooser:
    """How this request picks a media type among offers the store makes later (from
    *offered*, every media type the resource ever has)."""
    return chooser(format_values(), request.headers.get("Accept"), offered)


def negotiate(offers: Sequence[str], offered: Sequence[str] | None = None) -> str:
    """The media type of *offers* this request asks for (`FormatError`, `NotAcceptableError`);
    *offered* is every media type the resource ever has, if more than these."""
    media_type = choose(offers, format_values(), request.headers.get("Accept"), offered)
    negotiated(offers)
    return media_type


def wants_page(offered: Sequence[str]) -> bool:
    """Whether the request asks for an HTML page rather than any of *offered* (which come
    first: a client stating nothing gets the first of them)."""
    return prefers(HTML, offered, format_values(), request.headers.get("Accept"))


def page_language() -> str:
    """The interface language of a page: `?lang=` if it names one, else the best by
    `Accept-Language`, else English. The response then varies on Accept-Language."""
    g.lexkg_language_read = True
    explicit = request.args.get("lang")
    return choose_language(LANGUAGES, explicit, request.headers.get("Accept-Language"))


def language_links(current: str) -> list[tuple[str, str, str, bool]]:
    """(tag, name, URL, is current) of this page in each interface language: the request's
    own URL with `lang=` set, so the choice travels in links (no cookie); `format=` is left
    out (a browser following one gets the page by its Accept)."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k not in ("lang", "format")]
    return [
        (
            lang,
            LANGUAGE_NAMES[lang],
            f"{base_url()}{request.path}?{urlencode([*args, ('lang', lang)])}",
            lang == current,
        )
        for lang in LANGUAGES
    ]


def render_page(
    template: str, *, status: int = 200, lang: str | None = None, **context: Any
) -> Response:
    """An HTML page of *template* in the interface language (`page_language` unless *lang*),
    with the frame every page has: the messages (`t`), the language links, home and style."""
    body = render_fragment(template, lang=lang, **context)
    return Response(body, status=status, mimetype=HTML)


def render_fragment(template: str, *, lang: str | None = None, **context: Any) -> str:
    """*template* rendered with the frame's context (see `render_page`)."""
    lang = lang or page_language()
    words: Messages = messages(lang)
    return render_template(
        template,
        lang=lang,
        t=words,
        language_links=language_links(lang),
        lang_chosen=request.args.get("lang") in LANGUAGES,  # kept in the page's own links
        home=base_url() + "/",
        base=base_url(),
        css=f"{base_url()}/eli-static/lexkg.css",
        **context,
    )


def rdf_page(graph: Graph, title: str, template: str = "graph.html", **context: Any) -> Response:
    """A page of an RDF description: its statements by resource (`services.graph_view`),
    titled by the message *title*, with links to it in each RDF format."""
    negotiated((*RDF_FORMATS, HTML))
    lang = page_language()
    args = [(k, v) for k, v in request.args.items(multi=True) if k not in ("format", "lang")]
    formats = [
        (name, f"{request.path}?{urlencode([*args, ('format', name)])}")
        for name in map(format_name, RDF_FORMATS)
    ]
    return render_page(
        template,
        lang=lang,
        title=messages(lang).get(title),
        resources=described(graph, local_link),
        formats=formats,
        **context,
    )


def negotiated(offers: Sequence[str]) -> None:
    """Mark the response as chosen among *offers* (for `Vary` and `Link`)."""
    g.lexkg_offers = tuple(offers)


def _alternates(response: Response) -> Response:
    if g.get("lexkg_language_read"):
        response.vary.add("Accept-Language")
    offers = g.get("lexkg_offers")
    if offers is None:
        return response
    response.vary.add("Accept")
    if response.status_code >= 300:
        return response
    query = request.query_string.decode("latin-1")
    link = alternates_link(request.path, query, offers, response.mimetype)
    if link and request.method in ("GET", "HEAD"):
        response.headers.add("Link", link)
    return response


def alternates_link(path: str, query: str, offers: Sequence[str], own: str) -> str | None:
    """The `Link` header naming every representation among *offers* but *own* (a media type):
    *path* with the request's raw *query* string, its `format` parameters replaced by a
    `format=` of each."""
    others = _other_formats(tuple(offers), own)
    if not others:
        return None
    kept = "&".join(
        part
        for part in query.split("&")
        if part and unquote_plus(part.partition("=")[0]) != "format"
    )
    kept = quote(kept, safe=_QUERY_SAFE)  # escapes kept; what a client left raw escaped
    prefix = f"{path}?{kept}&" if kept else f"{path}?"
    return ", ".join(  # a name of `FORMAT_NAMES`: letters only
        f'<{prefix}format={name}>; rel="alternate"; type="{offer}"' for name, offer in others
    )


@lru_cache(maxsize=64)
def _other_formats(offers: tuple[str, ...], own: str) -> tuple[tuple[str, str], ...]:
    """The format names and media types of *offers* but *own*, an alias (application/json)
    once."""
    own_name = format_name(own)
    links: dict[str, str] = {}
    for offer in offers:
        name = format_name(offer)
        if name is not None and name != own_name and name not in links:
            links[name] = offer
    return tuple(links.items())


def answer_error(status: int, code: str, message: str, headers: Sequence = ()) -> Response:
    """An error as the client accepts it: JSON under `/api`, else plain text, JSON or HTML."""
    if request.path.startswith("/api/") or request.path == "/api":
        media_type = JSON
    else:
        accept = request.headers.get("Accept")
        try:
            media_type = choose(_ERROR_OFFERS, (), accept)
        except NotAcceptableError:
            media_type = _PLAIN
    if media_type == JSON:
        body = json.dumps({"error": code, "message": message}, ensure_ascii=False)
        # Markup from the request stays inert even where JSON is read as HTML.
        body = body.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"
    elif media_type == HTML:
        text = html.escape(message)
        body = (
            f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{status} {html.escape(code)}</title></head>"
            f"<body><h1>{status}</h1><p>{text}</p></body></html>\n"
        )
    else:
        body = f"{message}\n"
    response = Response(body, status=status, mimetype=media_type, headers=list(headers))
    response.vary.add("Accept")
    # A plain-text or JSON body is never sniffed as HTML, and runs nothing if it were.
    for name, value in security_headers(_PLAIN):
        response.headers[name] = value
    return response


def security_headers(media_type: str) -> tuple[tuple[str, str], ...]:
    """The headers every response of *media_type* carries (see `PAGE_POLICY`)."""
    policy = PAGE_POLICY if media_type == HTML else DATA_POLICY
    return (*_ALWAYS, ("Content-Security-Policy", policy))


def _secure(response: Response) -> Response:
    for name, value in security_headers(response.mimetype):
        response.headers.setdefault(name, value)
    return response


def _http_error(error: HTTPException) -> Response:
    """A route's `abort` (or werkzeug's own 404, 405, 413 …), keeping its headers (`Allow`)."""
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    code = (error.name or "error").lower().replace(" ", "_")
    message = error.description or ""
    if isinstance(error, RequestEntityTooLarge) and message == RequestEntityTooLarge.description:
        limit = current_app.config["MAX_CONTENT_LENGTH"]
        message = f"the request body is larger than {limit} bytes (MAX_CONTENT_LENGTH)"
    return answer_error(error.code or 500, code, message, headers)


def _service_error(error: Exception) -> Response:
    """A service's or store's error, by the one table (`server.core.errors.STATUS`)."""
    status = status_of(error)
    if status is None:
        raise error
    if status.status >= 500:
        current_app.logger.warning("%s: %s", type(error).__name__, error)
    return answer_error(status.status, status.code, str(error))


def init_app(app: Flask, errors: Sequence[type[Exception]]) -> None:
    """Register the error answers and the `Vary`/`Link` hook on *app*."""
    app.register_error_handler(HTTPException, _http_error)
    for kind in errors:
        app.register_error_handler(kind, _service_error)
    app.after_request(_alternates)
    app.after_request(_secure)
