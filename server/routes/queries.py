"""Named questions over HTTP: ``/queries`` lists them, ``/queries/<name>`` answers one.

The queries are the package's ``queries/`` (config ``QUERIES_DIR`` overrides), read once when
the blueprint is registered, so a malformed header stops the app from starting. A name is only
ever looked up among them, never used as a path. The query string gives the parameters'
values, bound as RDF terms; ``format`` is the answer's format, as ``?format=`` on /sparql.

A browser (``Accept: text/html`` or ``format=html``) gets pages instead, in the interface
language (`common.page_language`): the list, and for each question a form (parameters chosen
from the graph's values, `services.query_form`), its answer as a table with local links, the
SPARQL with the values bound, and CSV and JSON downloads. A bad value shows the form again
with the message (400). ``lang`` is the question's own parameter where it has one (the
language of its texts, also the page's); for a question without one it is only the page's.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, current_app, jsonify, request, url_for
from flask.blueprints import BlueprintSetupState

from lexkg import resources
from lexkg.server.core.binding import bind_values
from lexkg.server.core.errors import QueryError, StoreError
from lexkg.server.core.formats import HTML, JSON, RESULTS_MEDIA_TYPES
from lexkg.server.routes.common import (
    answer_query,
    app_store,
    local_link,
    negotiate,
    negotiated,
    page_language,
    render_page,
    wants_page,
)
from lexkg.server.services.answer_table import Table, answer_table
from lexkg.server.services.choices import ChoiceCache
from lexkg.server.services.i18n import LANGUAGES
from lexkg.server.services.named import (
    NamedQuery,
    ParameterError,
    bind,
    graph_languages,
    load_queries,
)
from lexkg.server.services.query_form import fields
from lexkg.server.store.base import ANSWER_MEDIA_TYPES

__all__ = ["bp"]

bp = Blueprint("named", __name__)

_QUERIES = "lexkg.named.queries"
_LANGUAGES = "lexkg.named.languages"
_CHOICES = "lexkg.named.choices"
_LIST_OFFERS = (JSON, HTML)
_UI = "lang"  # the interface language, where a question has no parameter of that name


@bp.record_once
def _load(state: BlueprintSetupState) -> None:
    folder = Path(state.app.config.get("QUERIES_DIR") or resources.queries_dir())
    state.app.extensions[_QUERIES] = load_queries(folder)


def _queries() -> dict[str, NamedQuery]:
    return current_app.extensions[_QUERIES]


def _languages() -> frozenset[str]:
    """The languages the graph has texts in, asked of the store once per app."""
    if _LANGUAGES not in current_app.extensions:
        current_app.extensions[_LANGUAGES] = graph_languages(app_store())
    return current_app.extensions[_LANGUAGES]


def _choices() -> ChoiceCache:
    """The lists of values of the app's store, each asked for once."""
    found = current_app.extensions.get(_CHOICES)
    if found is None:
        found = current_app.extensions.setdefault(_CHOICES, ChoiceCache(app_store()))
    return found


@bp.get("/queries")
def index() -> Response:
    """The named queries, as JSON or as an HTML page."""
    if negotiate(_LIST_OFFERS) == HTML:
        return _catalogue()
    return jsonify([_entry(query) for query in _queries().values()])


@bp.get("/queries/<name>")
def answer(name: str) -> Response:
    """One query's answer (``<name>``) or its SPARQL text (``<name>.rq``)."""
    queries = _queries()
    if name.endswith(".rq") and name[:-3] in queries:
        text = queries[name[:-3]].sparql
        return Response(text, content_type="application/sparql-query; charset=utf-8")
    if name not in queries:
        abort(404, f"no named query {name!r}; the queries are listed at {url_for('.index')}")
    query = queries[name]
    if wants_page(ANSWER_MEDIA_TYPES):
        negotiated((*RESULTS_MEDIA_TYPES, HTML))
        return _question(query)
    values, repeated = _values(query)
    if repeated:
        abort(400, repeated)
    bindings = bind(query, values, languages=_languages())
    try:
        return answer_query(query.sparql, bindings=bindings)
    except QueryError as error:  # the query is ours, its values bound as terms
        raise StoreError(f"the named query {name!r} failed: {error}") from error


def _values(query: NamedQuery) -> tuple[dict[str, str], str | None]:
    """The request's parameter values (not `format`, nor `lang` where it is only the
    interface's), and the message for a parameter given more than once, if one is."""
    own = {p.name for p in query.params}
    values: dict[str, str] = {}
    repeated = None
    for key, given in request.args.lists():
        if key == "format" or (key == _UI and key not in own):
            continue
        if len(given) > 1 and repeated is None:
            repeated = f"parameter {key!r}: given {len(given)} times"
        values[key] = given[0]
    return values, repeated


def _entry(query: NamedQuery) -> dict[str, object]:
    return {
        "name": query.name,
        "titles": dict(query.titles),
        "description": query.description,
        "params": [param.as_json() for param in query.params],
        "url": url_for(".answer", name=query.name),
        "sparql_url": url_for(".answer", name=f"{query.name}.rq"),
    }


# -- The pages -------------------------------------------------------------------------------


def _catalogue() -> Response:
    """The named questions as a page: each in the reader's language, with its parameters."""
    lang = page_language()
    questions = []
    for query in _queries().values():
        description, description_lang = query.text(lang)
        questions.append(
            {
                "name": query.name,
                "title": query.titles[lang],
                "other_titles": [(k, v) for k, v in query.titles.items() if k != lang],
                "description": description,
                "description_lang": description_lang,
                "params": [
                    {"name": p.name, "label": query.label(p.name, lang)} for p in query.params
                ],
                "url": _url(query.name, lang),
                "sparql_url": url_for(".answer", name=f"{query.name}.rq"),
            }
        )
    return render_page("queries/index.html", lang=lang, questions=questions)


def _question(query: NamedQuery) -> Response:
    """A question's page: the form, and the answer if the parameters allow one (400 with
    the form and the message if they do not)."""
    lang = page_language()
    values, error = _values(query)
    own = {p.name for p in query.params}
    if _UI in own:
        if values.get(_UI) in LANGUAGES and values[_UI] not in _languages():
            del values[_UI]  # an interface language the graph has no texts in: the page's only
        if _UI not in values and lang in _languages():
            values[_UI] = lang  # the page's language, where the graph has texts in it
    missing = [p.name for p in query.params if p.default is None and p.name not in values]
    table: Table | None = None
    bound_sparql = None
    status = 200
    if error is None and not (missing and not set(values) - {_UI}):  # a first visit: a form
        try:
            bindings = bind(query, values, languages=_languages())
            table = answer_table(app_store(), query.sparql, link=local_link, bindings=bindings)
            bound_sparql = bind_values(query.sparql, bindings)
        except ParameterError as problem:
            error = str(problem)
    if error is not None:
        status = 400
    shown = {p.name: values.get(p.name, p.default) for p in query.params}
    shown = {k: v for k, v in shown.items() if v is not None}
    here = url_for(".answer", name=query.name)
    description, description_lang = query.text(lang)
    return render_page(
        "queries/question.html",
        status=status,
        lang=lang,
        name=query.name,
        title=query.titles[lang],
        description=description,
        description_lang=description_lang,
        catalogue=f"{url_for('.index')}?{urlencode({'lang': lang})}",
        action=here,
        fields=fields(query, values, choices=_choices(), languages=_languages(), lang=lang),
        hidden=[] if _UI in own else [(_UI, lang)],
        error=error,
        table=table,
        downloads=[
            (kind.upper(), f"{here}?{urlencode({**shown, 'format': kind})}")
            for kind in ("csv", "json")
        ],
        sparql=bound_sparql,
        sparql_url=url_for(".answer", name=f"{query.name}.rq"),
        endpoint_url=f"{url_for('lexkg.sparql')}?{urlencode({'query': bound_sparql or ''})}",
    )


def _url(name: str, lang: str) -> str:
    return f"{url_for('.answer', name=name)}?{urlencode({'lang': lang})}"
