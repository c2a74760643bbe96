"""``lexkg query``: ask one of the named questions of ``queries/`` and print the answer."""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from lexkg import resources
from lexkg.cli.graph import ready
from lexkg.server.services.named import (
    HeaderError,
    NamedQuery,
    ParameterError,
    bind,
    graph_languages,
    load_queries,
)
from lexkg.server.store.embedded import OxigraphStore
from lexkg.vocab import ELI_BASE, LKG

__all__ = ["format_table", "run_query"]

_MEDIA_TYPES = {
    "table": "application/sparql-results+json",
    "json": "application/sparql-results+json",
    "csv": "text/csv",
}
_PREFIXES = ((ELI_BASE, ""), (str(LKG), "lkg:"))
_SPACE = re.compile(r"\s+")


def run_query(args: argparse.Namespace) -> int:
    """Run the query named by `args.name` (or list them with `args.list`); the exit status."""
    try:
        queries = load_queries(resources.queries_dir())
    except HeaderError as error:
        return _fail(str(error), 1)
    if args.list:
        _print_list(queries)
        return 0
    if not args.name:
        return _fail("name a query (lexkg query --list shows them)")
    query = queries.get(args.name)
    if query is None:
        return _fail(f"no named query {args.name!r} (lexkg query --list shows them)")
    try:
        values = _values(args.param)
        with contextlib.redirect_stdout(sys.stderr):  # a build's summary is no answer
            graph = ready(args.graph)
        store = OxigraphStore(graph)
        bindings = bind(query, values, languages=graph_languages(store))
    except ParameterError as error:
        return _fail(str(error))
    media_type = _MEDIA_TYPES[args.format]
    answer = store.query(query.sparql, choose=lambda _: media_type, bindings=bindings)
    if args.format == "csv":
        sys.stdout.write(answer.body.decode("utf-8"))
    elif args.format == "json":
        print(json.dumps(json.loads(answer.body), ensure_ascii=False, indent=2))
    else:
        print(format_table(json.loads(answer.body), args.width))
    return 0


def _fail(message: str, status: int = 2) -> int:
    print(f"lexkg: error: {message}", file=sys.stderr)
    return status


def _values(options: Sequence[str]) -> dict[str, str]:
    """``--param NAME=VALUE`` options as a mapping; each name at most once."""
    values: dict[str, str] = {}
    for option in options:
        name, sep, value = option.partition("=")
        if not sep or not name:
            raise ParameterError(name or option, f"expected NAME=VALUE, got {option!r}")
        if name in values:
            raise ParameterError(name, "given more than once")
        values[name] = value
    return values


def _print_list(queries: Mapping[str, NamedQuery]) -> None:
    width = max((len(name) for name in queries), default=0)
    for name, query in queries.items():
        params = " ".join(
            f"{p.name}={p.default}" if p.default is not None else f"{p.name}=<{p.type}>"
            for p in query.params
        )
        print(f"{name:<{width}}  {query.titles['en']}" + (f"  [{params}]" if params else ""))


def format_table(answer: Mapping[str, Any], width: int = 60) -> str:
    """SPARQL JSON results as an aligned text table, each value shortened to `width`."""
    names: list[str] = answer["head"]["vars"]
    rows = [[_cell(row.get(n), width) for n in names] for row in answer["results"]["bindings"]]
    widths = [max(map(len, column)) for column in zip(names, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    count = f"({len(rows)} row{'' if len(rows) == 1 else 's'})"
    return "\n".join([line(names), line(["-" * w for w in widths]), *map(line, rows), count])


def _cell(term: Mapping[str, str] | None, width: int) -> str:
    """One value for the table: IRIs without their common prefixes; text on one line, cut."""
    if term is None:
        return ""
    value = term["value"]
    if term["type"] == "uri":
        for prefix, short in _PREFIXES:
            if value.startswith(prefix):
                return short + value[len(prefix) :]
        return value
    value = _SPACE.sub(" ", value).strip()
    return value if len(value) <= width else value[: max(width - 1, 1)] + "…"
