"""The lean path of `/sparql`: the common query requests answered without Flask.

Flask's request cycle (routing, the request and response objects, the `after_request`
hooks) costs about 0.2 ms a request, several times what `ASK {}` costs the store. The two
requests nearly every client sends, `GET /sparql?query=…` (with an optional `format=`) and a
direct POST (`Content-Type: application/sparql-query`), are answered here with the same
store, the same negotiation and the same headers as `server.routes.sparql`. Anything else
(a form, a dataset, a query too long, an update, a bad `format`, HEAD, OPTIONS) is left to
the Flask app, which answers it as it always has; so is every error the store raises, which
is answered by the one table of `server.core.errors` through the app's handlers without
asking the store again.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import parse_qsl

from flask import Flask
from werkzeug.sansio.utils import get_current_url, get_host
from werkzeug.utils import get_content_type

from lexkg.server.core.errors import FormatError, NotAcceptableError
from lexkg.server.core.negotiation import chooser, explained
from lexkg.server.core.sparql import is_update
from lexkg.server.routes.common import STORE_KEY, alternates_link, security_headers
from lexkg.server.store.base import ANSWER_MEDIA_TYPES, OFFERS, Picks, pick_all, picked

__all__ = ["LeanSparql", "Plan", "Reply", "answer_exception", "collect"]

Reply = tuple[str, list[tuple[str, str]], bytes]  # status line, headers, body
_DIRECT = "application/sparql-query"
_PICKS_KEPT = 256  # negotiation outcomes (by `format=` and `Accept`) and hosts remembered


@dataclass(frozen=True)
class Plan:
    """A plain query request, read: its query, `format=` values, URL parameters, the media
    type it picks from each of the store's offers, and its base IRI."""

    text: str
    formats: tuple[str, ...]
    args: list[tuple[str, str]]
    picks: Picks
    base_iri: str


class LeanSparql:
    """Answers a plain query request to `app`'s `/sparql`, or says it is not one (None)."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.store = app.extensions[STORE_KEY]
        self.max_query = app.config["MAX_QUERY_LENGTH"]
        self.max_body = app.config["MAX_CONTENT_LENGTH"]
        self.public_base = (app.config.get("PUBLIC_BASE_URL") or "").rstrip("/")
        self._picks: dict[tuple[tuple[str, ...], str | None], Picks] = {}
        self._endpoints: dict[tuple[Any, ...], str] = {}

    def __call__(self, environ: dict[str, Any]) -> Reply | None:
        plan = self.plan(environ)
        return None if plan is None else self.answer(plan, environ)

    def plan(self, environ: dict[str, Any]) -> Plan | None:
        """What a plain query request asks (None: not one, for the app to answer)."""
        method = environ["REQUEST_METHOD"]
        args = parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        formats = tuple(value for name, value in args if name == "format")
        if method == "GET":
            queries = [value for name, value in args if name == "query"]
            if len(queries) + len(formats) != len(args) or len(queries) != 1:
                return None
            text = queries[0]
        elif method == "POST":
            if len(formats) != len(args) or not _is_direct(environ.get("CONTENT_TYPE", "")):
                return None
            text = self._body(environ)
            if text is None:
                return None
        else:
            return None
        if not text.strip() or len(text) > self.max_query or is_update(text):
            return None
        picks = self._negotiated(formats, environ.get("HTTP_ACCEPT"))
        if picks is None:
            return None
        return Plan(text, formats, args, picks, self._endpoint(environ))

    def quick(self, plan: Plan) -> bool:
        """Whether the store says it answers the plan's query quickly (on this thread)."""
        is_quick = getattr(self.store, "is_quick", None)
        return is_quick is not None and is_quick(plan.text, base_iri=plan.base_iri)

    def answer(self, plan: Plan, environ: dict[str, Any]) -> Reply:
        """The store's answer to the plan, with the route's headers, or the app's error."""
        try:
            answer = self.store.query(
                plan.text, choose=partial(picked, plan.picks), base_iri=plan.base_iri
            )
        except NotAcceptableError as error:
            return answer_exception(self.app, environ, explained(error, plan.formats))
        except Exception as error:
            return answer_exception(self.app, environ, error)
        headers = [
            ("Content-Type", get_content_type(answer.media_type, "utf-8")),
            ("Content-Length", str(len(answer.body))),
            ("Vary", "Accept"),
            *security_headers(answer.media_type),
            ("Access-Control-Allow-Origin", "*"),
        ]
        if environ["REQUEST_METHOD"] == "GET":
            offers = next((offers for offers in OFFERS if answer.media_type in offers), ())
            query = environ.get("QUERY_STRING", "")
            link = alternates_link("/sparql", query, offers, answer.media_type)
            if link:
                headers.append(("Link", link))
        return "200 OK", headers, answer.body

    def _body(self, environ: dict[str, Any]) -> str | None:
        """A direct POST's query, read from the input (which is then replaced by a copy)."""
        try:
            length = int(environ.get("CONTENT_LENGTH", ""))
        except ValueError:  # none (a chunked body, for the app to read), or not a number
            return None
        if length > self.max_body:
            return None
        data = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(data)  # for the app, if it answers after all
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None

    def _negotiated(self, formats: tuple[str, ...], accept: str | None) -> Picks | None:
        """The media type the request picks from each of the store's `OFFERS` (None: a bad
        `format`, for the app to answer)."""
        key = (formats, accept)
        picks = self._picks.get(key)
        if picks is None:
            try:
                picks = pick_all(chooser(formats, accept, ANSWER_MEDIA_TYPES))
            except FormatError:
                return None
            if len(self._picks) >= _PICKS_KEPT:
                self._picks.clear()
            self._picks[key] = picks
        return picks

    def _endpoint(self, environ: dict[str, Any]) -> str:
        """The endpoint's own URL (as `server.core.urls.base_url` makes it), the base IRI."""
        if self.public_base:
            return f"{self.public_base}/sparql"
        scheme = environ.get("wsgi.url_scheme", "http")
        server = (environ.get("SERVER_NAME", ""), int(environ.get("SERVER_PORT") or 0) or None)
        key = (scheme, environ.get("HTTP_HOST"), server)
        endpoint = self._endpoints.get(key)
        if endpoint is None:
            endpoint = get_current_url(scheme, get_host(*key)).rstrip("/") + "/sparql"
            if len(self._endpoints) >= _PICKS_KEPT:
                self._endpoints.clear()
            self._endpoints[key] = endpoint
        return endpoint


def _is_direct(content_type: str) -> bool:
    """A direct POST's Content-Type, with no charset or UTF-8."""
    media_type, _, params = content_type.partition(";")
    if media_type.strip().lower() != _DIRECT:
        return False
    params = params.strip().lower().replace(" ", "")
    return params in ("", "charset=utf-8", "charset=utf8")


def answer_exception(app: Flask, environ: dict[str, Any], error: Exception) -> Reply:
    """The app's answer to *error* raised for this request (its handlers, its hooks)."""
    with app.request_context(environ):
        try:
            response = app.finalize_request(app.handle_user_exception(error))
        except Exception as unhandled:
            response = app.handle_exception(unhandled)
    return collect(response, environ)


def collect(app: Callable[..., Any], environ: dict[str, Any]) -> Reply:
    """Run a WSGI application (or response) on *environ*: its status, headers, whole body."""
    started: list[Any] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        started[:] = [status, headers]

    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    return started[0], list(started[1]), body
