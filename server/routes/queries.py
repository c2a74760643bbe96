"""Named questions over HTTP: ``/queries`` lists them, ``/queries/<name>`` answers one.

The queries are the package's ``queries/`` (config ``QUERIES_DIR`` overrides), read once when
the blueprint is registered, so a malformed header stops the app from starting. A name is only
ever looked up among them, never used as a path. The query string gives the parameters'
values, bound as RDF terms; ``format`` is the answer's format, as ``?format=`` on /sparql.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, current_app, jsonify, request, url_for
from flask.blueprints import BlueprintSetupState
from markupsafe import escape

from lexkg import resources
from lexkg.server.core.errors import QueryError, StoreError
from lexkg.server.core.formats import HTML, JSON
from lexkg.server.routes.common import answer_query, app_store, negotiate
from lexkg.server.services.named import (
    NamedQuery,
    Param,
    bind,
    graph_languages,
    load_queries,
)

__all__ = ["bp"]

bp = Blueprint("named", __name__)

_QUERIES = "lexkg.named.queries"
_LANGUAGES = "lexkg.named.languages"
_LIST_OFFERS = (JSON, HTML)
_TITLE_ORDER = ("en", "nl", "de")
_EXAMPLE = re.compile(r"\be\.g\. (?P<value>\S+)")


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


@bp.get("/queries")
def index() -> Response:
    """The named queries, as JSON or as an HTML page."""
    if negotiate(_LIST_OFFERS) == HTML:
        return Response(_page(_queries().values(), sorted(_languages())), mimetype="text/html")
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
    values: dict[str, str] = {}
    for key, given in request.args.lists():
        if key != "format":
            if len(given) > 1:
                abort(400, f"parameter {key!r}: given {len(given)} times")
            values[key] = given[0]
    bindings = bind(query, values, languages=_languages())
    try:
        return answer_query(query.sparql, bindings=bindings)
    except QueryError as error:  # the query is ours, its values bound as terms
        raise StoreError(f"the named query {name!r} failed: {error}") from error


def _entry(query: NamedQuery) -> dict[str, object]:
    return {
        "name": query.name,
        "titles": dict(query.titles),
        "description": query.description,
        "params": [param.as_json() for param in query.params],
        "url": url_for(".answer", name=query.name),
        "sparql_url": url_for(".answer", name=f"{query.name}.rq"),
    }


# -- The HTML page ----------------------------------------------------------------------------

_HEAD = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>lexkg: named questions</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1rem 2rem; line-height: 1.4 }
table { border-collapse: collapse }
th, td { border: 1px solid #888; padding: .4rem .6rem; text-align: left; vertical-align: top }
ul { margin: 0; padding-left: 1.1rem }
fieldset { margin-top: .4rem }
</style>
</head>
<body>
<main>
<h1>Named questions</h1>
<p>Questions over Regulation (EU) 2024/1732 and Regulation (EU) 2021/1173 as amended by it.
Each answers in SPARQL JSON, or in XML, CSV or TSV by <code>Accept</code> or
<code>?format=xml|csv|tsv</code>; parameters go in the query string.
This list <a href="?format=json">as JSON</a>.</p>
"""


def _page(queries: Iterable[NamedQuery], languages: list[str]) -> str:
    rows = "".join(_row(query, languages) for query in queries)
    return (
        f"{_HEAD}<table>\n<caption>The named questions and their parameters</caption>\n"
        '<thead><tr><th scope="col">Name</th><th scope="col">Question</th>'
        '<th scope="col">Description</th><th scope="col">Parameters</th>'
        f'<th scope="col">Answer</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n'
        "</main>\n</body>\n</html>\n"
    )


def _row(query: NamedQuery, languages: list[str]) -> str:
    titles = "".join(
        f'<li lang="{lang}">{escape(query.titles[lang])}</li>' for lang in _TITLE_ORDER
    )
    params = "".join(
        f"<li><code>{escape(p.name)}</code> ({p.type}"
        + (f", default <code>{escape(p.default)}</code>" if p.default is not None else "")
        + f"): {escape(p.description)}</li>"
        for p in query.params
    )
    url = url_for(".answer", name=query.name)
    links = [f'<a href="{escape(url)}.rq" aria-label="SPARQL of {query.name}">SPARQL</a>']
    examples = {p.name: _example(p) for p in query.params if p.default is None}
    if all(examples.values()):
        href = f"{url}?{urlencode(examples)}" if examples else url
        links.insert(
            0, f'<a href="{escape(href)}" aria-label="Results of {query.name}">Results</a>'
        )
    form = _form(query, url, languages) if query.params else ""
    return (
        f'<tr><th scope="row"><code>{query.name}</code></th><td><ul>{titles}</ul></td>'
        f"<td>{escape(query.description)}</td><td>{f'<ul>{params}</ul>' if params else 'none'}"
        f"</td><td>{' · '.join(links)}{form}</td></tr>\n"
    )


def _example(param: Param) -> str | None:
    """The example value a parameter's description gives ("e.g. VALUE"), if any."""
    match = _EXAMPLE.search(param.description)
    return match["value"].rstrip(".,;:)") if match else None


def _form(query: NamedQuery, url: str, languages: list[str]) -> str:
    fields = "".join(_field(query.name, param, languages) for param in query.params)
    return (
        f'<form method="get" action="{escape(url)}"><fieldset>'
        f"<legend>Ask <code>{query.name}</code></legend>{fields}"
        '<button type="submit">Run</button></fieldset></form>'
    )


def _field(query: str, param: Param, languages: list[str]) -> str:
    ident = f"{query}-{param.name}"
    label = f'<label for="{ident}">{escape(param.name)}</label> '
    if param.type == "language":
        options = "".join(
            f"<option{' selected' if lang == param.default else ''}>{escape(lang)}</option>"
            for lang in languages
        )
        return f'{label}<select id="{ident}" name="{param.name}">{options}</select> '
    kind = {"iri": "url", "integer": "number"}.get(param.type, "text")
    value = f' value="{escape(param.default)}"' if param.default is not None else " required"
    return f'{label}<input id="{ident}" name="{param.name}" type="{kind}"{value}> '
