"""The answer cache: the same question is answered once by the store, then from memory."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from rdflib import Literal, URIRef

from lexkg.server import create_app
from lexkg.server.core.errors import QueryError
from lexkg.server.routes.common import STORE_KEY
from lexkg.server.store.base import QueryAnswer, QueryDataset
from lexkg.server.store.cache import AnswerCache
from lexkg.server.store.embedded import OxigraphStore
from lexkg.server.store.pool import QueryPool
from lexkg.server.store.quick import QuickPath

from support import Wrapping

EX = "http://example.org/"
NQUADS = "".join(f"<{EX}s{i}> <{EX}p> <{EX}o{i}> <{EX}g> .\n" for i in range(20))
JSON = "application/sparql-results+json"
SELECT = "SELECT ?s ?o WHERE { ?s ?p ?o }"


class Counting(Wrapping):
    """A store that answers through a real one and counts the queries that reach it."""

    def __init__(self, store: OxigraphStore) -> None:
        super().__init__(store)
        self.asked: list[str] = []

    def query(self, sparql: str, **options: Any) -> QueryAnswer:
        self.asked.append(sparql)
        return super().query(sparql, **options)


@pytest.fixture
def graph_path(tmp_path: Path) -> Path:
    path = tmp_path / "graph.nq"
    path.write_text(NQUADS, encoding="utf-8")
    return path


@pytest.fixture
def counting(graph_path: Path) -> Counting:
    return Counting(OxigraphStore(graph_path))


def _json(offers: object) -> str:
    return JSON


def test_a_query_asked_again_is_answered_from_memory(counting: Counting) -> None:
    cache = AnswerCache(counting, 1 << 20)
    first = cache.query(SELECT, choose=_json)
    second = cache.query(SELECT, choose=_json)
    assert counting.asked == [SELECT]
    assert second == first
    assert len(json.loads(first.body)["results"]["bindings"]) == 20
    assert (cache.hits, cache.misses) == (1, 1)


def test_what_changes_the_answer_is_asked_anew(counting: Counting) -> None:
    cache = AnswerCache(counting, 1 << 20)
    cache.query(SELECT, choose=_json)
    csv = cache.query(SELECT, choose=lambda offers: "text/csv")
    assert csv.media_type == "text/csv" and csv.body.startswith(b"s,o\r\n")
    one = cache.query(SELECT, choose=_json, bindings={"s": URIRef(f"{EX}s3")})
    other = cache.query(SELECT, choose=_json, bindings={"s": URIRef(f"{EX}s4")})
    assert json.loads(one.body) != json.loads(other.body)
    plain = cache.query(SELECT, choose=_json, bindings={"o": Literal("3")})
    typed = cache.query(SELECT, choose=_json, bindings={"o": Literal(3)})
    assert plain is not typed
    empty = cache.query(SELECT, choose=_json, dataset=QueryDataset((f"{EX}none",), ()))
    assert json.loads(empty.body)["results"]["bindings"] == []
    assert len(counting.asked) == 7
    assert cache.query(SELECT, choose=_json, bindings={"s": URIRef(f"{EX}s3")}) == one
    assert len(counting.asked) == 7


def test_errors_are_not_kept(counting: Counting) -> None:
    cache = AnswerCache(counting, 1 << 20)
    for _ in range(2):
        with pytest.raises(QueryError, match="malformed query"):
            cache.query("SELECT ?s WHERE {", choose=_json)
    assert len(counting.asked) == 2


def test_the_least_recently_used_answers_go_first(counting: Counting) -> None:
    queries = [f"SELECT ?s WHERE {{ ?s ?p <{EX}o{i}> }}" for i in range(9)]  # as long answers
    size = len(AnswerCache(counting, 1 << 20).query(queries[0], choose=_json).body)
    counting.asked.clear()
    cache = AnswerCache(counting, 8 * size)  # room for eight
    for query in queries[:8]:
        cache.query(query, choose=_json)
    cache.query(queries[0], choose=_json)  # used again: the second is now the oldest
    cache.query(queries[8], choose=_json)  # pushes the second out
    counting.asked.clear()
    for query in [queries[0], *queries[2:], queries[1]]:
        cache.query(query, choose=_json)
    assert counting.asked == [queries[1]]


def test_an_answer_larger_than_an_eighth_of_the_budget_is_not_kept(counting: Counting) -> None:
    size = len(AnswerCache(counting, 1 << 20).query(SELECT, choose=_json).body)
    cache = AnswerCache(counting, 8 * size - 1)
    cache.query(SELECT, choose=_json)
    cache.query(SELECT, choose=_json)
    assert counting.asked.count(SELECT) == 3
    assert cache.hits == 0


@pytest.fixture
def app(graph_path: Path) -> Iterator[Flask]:
    app = create_app({"GRAPH_PATH": str(graph_path), "QUERY_WORKERS": 1})
    yield app
    app.extensions[STORE_KEY].close()


def test_the_service_keeps_its_answers(app: Flask) -> None:
    cache = app.extensions[STORE_KEY]
    assert isinstance(cache, AnswerCache) and isinstance(cache.store, QuickPath)
    assert isinstance(cache.store.pool, QueryPool)
    client = app.test_client()
    answers = [client.post("/sparql", data=SELECT, content_type="application/sparql-query")]
    answers.append(client.get("/sparql", query_string={"query": SELECT}))
    answers.append(client.get("/sparql", query_string={"query": SELECT, "format": "csv"}))
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert answers[1].data == answers[0].data and answers[1].mimetype == JSON
    assert answers[2].mimetype == "text/csv"
    assert (cache.hits, cache.misses) == (1, 2)


def test_no_cache_when_its_budget_is_zero(graph_path: Path) -> None:
    app = create_app({"GRAPH_PATH": str(graph_path), "ANSWER_CACHE_BYTES": 0})
    try:
        assert isinstance(app.extensions[STORE_KEY], QuickPath)
    finally:
        app.extensions[STORE_KEY].close()
