"""The one reader of SPARQL query results: JSON answers as pyoxigraph's solutions."""

from __future__ import annotations

import json

import pyoxigraph as ox

__all__ = ["read_boolean", "read_solutions", "read_table"]


def read_table(body: bytes) -> tuple[list[str], list[ox.QuerySolution]]:
    """The variables (in the answer's order) and the solutions of SPARQL results JSON (a
    SELECT answer).

    A blank node label pyoxigraph cannot read is given one it can: the results formats do
    not restrict labels, and external stores use their own (Virtuoso: ``nodeID://b10008``).
    Raises `ValueError` for a body that is no SELECT answer.
    """
    try:
        return _parsed(body)
    except SyntaxError:
        pass
    try:
        return _parsed(_relabelled(body))
    except SyntaxError as error:
        raise ValueError(f"not SPARQL results JSON: {error.msg}") from None


def _parsed(body: bytes) -> tuple[list[str], list[ox.QuerySolution]]:
    results = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    if isinstance(results, ox.QueryBoolean):
        raise ValueError("a boolean answer, not solutions")
    return [variable.value for variable in results.variables], list(results)


def read_solutions(body: bytes) -> list[ox.QuerySolution]:
    """The solutions of SPARQL results JSON (a SELECT answer); see `read_table`."""
    return read_table(body)[1]


def read_boolean(body: bytes) -> bool:
    """The answer of an ASK query in SPARQL results JSON; `ValueError` if it is none."""
    try:
        results = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    except SyntaxError as error:
        raise ValueError(f"not SPARQL results JSON: {error.msg}") from None
    if not isinstance(results, ox.QueryBoolean):
        raise ValueError("solutions, not a boolean answer")
    return bool(results)


def _relabelled(body: bytes) -> bytes:
    """SPARQL JSON results with every blank node labelled b0, b1, … in order of appearance."""
    try:
        answer = json.loads(body)
    except ValueError as error:
        raise ValueError(f"not SPARQL results JSON: {error}") from None
    labels: dict[str, str] = {}
    for row in answer.get("results", {}).get("bindings", []):
        for term in row.values():
            if term.get("type") == "bnode":
                term["value"] = labels.setdefault(term["value"], f"b{len(labels)}")
    return json.dumps(answer).encode("utf-8")
