"""The front of the served app (server/front.py): the lean /sparql path answers as the Flask
route does, whole responses are kept and given again, long URLs are 414, and quick queries
run in the app process (server/store/quick.py) while every other query keeps its time limit.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.test import Client, TestResponse

from lexkg.server.core.errors import QueryTimeoutError
from lexkg.server.front import Front, front_app
from lexkg.server.routes.common import STORE_KEY
from lexkg.server.store.cache import AnswerCache
from lexkg.server.store.embedded import OxigraphStore
from lexkg.server.store.pool import QueryPool
from lexkg.server.store.quick import MAX_BRACKETS, QuickPath, query_shape

JSON = "application/sparql-results+json"
DIRECT = "application/sparql-query"
ACT = "http://data.europa.eu/eli/reg/2024/1732/oj"
TITLES = f"SELECT ?p ?o WHERE {{ <{ACT}> ?p ?o }}"
DESCRIBE = f"CONSTRUCT {{ <{ACT}> ?p ?o }} WHERE {{ <{ACT}> ?p ?o }}"


@pytest.fixture(scope="module")
def front(graph_file: Path) -> Iterator[Front]:
    front = front_app({"GRAPH_PATH": str(graph_file), "QUERY_WORKERS": 2})
    yield front
    front.app.extensions[STORE_KEY].close()


def _headers(response: TestResponse) -> dict[str, str]:
    return {name.lower(): value for name, value in response.headers.items()}


# The same requests, through the lean path and through the Flask route.
LEAN_CASES = [
    ("GET", {"query": "ASK {}"}, {}, None),
    ("GET", {"query": TITLES}, {"Accept": JSON}, None),
    ("GET", {"query": TITLES, "format": "csv"}, {}, None),
    ("GET", {"query": TITLES}, {"Accept": "text/tab-separated-values", "Origin": "http://x"}, None),
    ("GET", {"query": DESCRIBE}, {"Accept": "text/turtle"}, None),
    ("GET", {"query": "SELECT * WHERE { <relative> ?p ?o }"}, {}, None),
    ("GET", {"query": "SELECT (IRI('x') AS ?x) {}"}, {"Host": "laws.example.org"}, None),
    ("POST", {}, {"Content-Type": DIRECT}, TITLES),
    ("POST", {"format": "xml"}, {"Content-Type": f"{DIRECT}; charset=UTF-8"}, TITLES),
    # Errors: answered by the app's one table, the query never asked twice.
    ("GET", {"query": "SELECT * WHERE {"}, {}, None),
    ("GET", {"query": "SELECT * { SERVICE <http://x/> { ?s ?p ?o } }"}, {}, None),
    ("GET", {"query": DESCRIBE}, {"Accept": JSON}, None),
    ("GET", {"query": "ASK {}", "format": "ttl"}, {}, None),
    ("GET", {"query": "ASK {}", "format": "nonsense"}, {}, None),
    ("GET", {"query": "INSERT DATA { <a> <b> <c> }"}, {}, None),
    ("POST", {}, {"Content-Type": DIRECT}, "\udcff"),
]


@pytest.mark.parametrize(("method", "args", "headers", "body"), LEAN_CASES)
def test_the_lean_path_answers_as_the_route_does(
    graph_file: Path, method: str, args: dict[str, str], headers: dict[str, str], body: str | None
) -> None:
    front = front_app(
        {"GRAPH_PATH": str(graph_file), "QUERY_WORKERS": 1, "RESPONSE_CACHE_BYTES": 0}
    )
    try:
        data = body.encode("utf-8", "surrogateescape") if body is not None else None
        request = {"query_string": args, "headers": headers, "data": data}
        lean = Client(front).open("/sparql", method=method, **request)
        routed = front.app.test_client().open("/sparql", method=method, **request)
        assert (lean.status_code, lean.data) == (routed.status_code, routed.data)
        assert _headers(lean) == _headers(routed)
    finally:
        front.app.extensions[STORE_KEY].close()


def test_a_long_url_is_414_naming_the_limit(front: Front) -> None:
    client = Client(front)
    limit = front.max_url
    query = "ASK {} #" + "<b>" * limit
    answer = client.get("/sparql", query_string={"query": query}, headers={"Accept": "text/html"})
    assert answer.status_code == 414
    assert "MAX_URL_LENGTH" in answer.text and str(limit) in answer.text
    assert "<b>" not in answer.text  # nothing of the request comes back as markup
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    fits = client.get("/sparql", query_string={"query": "ASK {}" + " " * (limit // 4)})
    assert fits.status_code == 200


def test_a_body_past_its_limit_is_413_naming_it(front: Front) -> None:
    limit = front.app.config["MAX_CONTENT_LENGTH"]
    body = b"ASK {}" + b" " * limit
    answer = Client(front).post("/sparql", data=body, headers={"Content-Type": DIRECT})
    assert answer.status_code == 413
    assert "MAX_CONTENT_LENGTH" in answer.text and str(limit) in answer.text


def test_pages_are_kept_by_path_format_and_language(front: Front) -> None:
    cache = front.cache
    assert cache is not None
    client = Client(front)
    page = "/eli/reg/2024/1732/oj"
    first = client.get(page, headers={"Accept": "text/html"})
    hits = cache.hits
    again = client.get(page, headers={"Accept": "text/html", "User-Agent": "another"})
    assert cache.hits == hits + 1
    assert (again.status_code, again.data, _headers(again)) == (200, first.data, _headers(first))
    turtle = client.get(page, headers={"Accept": "text/turtle"})
    assert turtle.mimetype == "text/turtle" and turtle.data != first.data
    german = client.get(page, headers={"Accept": "text/html", "Accept-Language": "de"})
    assert german.status_code == 200 and cache.hits == hits + 1
    elsewhere = client.get(page, headers={"Accept": "text/html", "Host": "laws.example.org"})
    assert b"http://laws.example.org/eli/" in elsewhere.data
    assert b"http://laws.example.org/eli/" not in first.data


def test_only_a_200_to_a_get_is_kept(front: Front) -> None:
    cache = front.cache
    assert cache is not None
    client = Client(front)
    for _ in range(2):
        assert client.get("/eli/reg/2024/9999/oj").status_code == 404
        client.post("/sparql", data="ASK {}", headers={"Content-Type": DIRECT})
    hits = cache.hits
    assert client.get("/eli/reg/2024/9999/oj").status_code == 404
    assert cache.hits == hits


def test_no_response_cache_over_an_external_store(graph_file: Path) -> None:
    store = OxigraphStore(graph_file)
    front = Front(front_app({"STORE": store}).app)
    assert front.cache is None


# Quick queries


@pytest.fixture
def quick(graph_file: Path) -> Iterator[QuickPath]:
    local = OxigraphStore(graph_file)
    quick = QuickPath(QueryPool(local, size=1, timeout=2.0), local, budget=1.0)
    yield quick
    quick.close()


def _first(offers: object) -> str:
    return offers[0]  # type: ignore[index]


def test_a_quick_query_runs_here_the_second_time(quick: QuickPath) -> None:
    answers = [quick.query(f"# asked {n}\n{TITLES}", choose=_first) for n in range(3)]
    assert quick.here == 2
    assert answers[0] == answers[1] == answers[2]
    assert json.loads(answers[0].body)["results"]["bindings"]


def test_comments_and_spacing_make_no_other_query() -> None:
    assert query_shape("# one\nASK  {\n}") == query_shape("ASK { }  # two") == "ASK { }"
    assert query_shape('ASK { FILTER("#" = "#") }') != query_shape("ASK {}")


def test_a_deep_query_always_goes_to_the_pool(quick: QuickPath) -> None:
    deep = "ASK " + "{ " * (MAX_BRACKETS + 1) + "}" * (MAX_BRACKETS + 1)
    for _ in range(3):
        quick.query(deep, choose=_first)
    assert quick.here == 0


def test_a_slow_query_keeps_its_time_limit(quick: QuickPath) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(6))
    for _ in range(2):
        with pytest.raises(QueryTimeoutError):
            quick.query(slow + " }", choose=_first)
    assert quick.here == 0


def test_the_served_stack(front: Front) -> None:
    store = front.app.extensions[STORE_KEY]
    assert isinstance(store, AnswerCache) and isinstance(store.store, QuickPath)
    url = "/sparql?" + urllib.parse.urlencode({"query": "# a\nASK {}"})
    assert Client(front).get(url).status_code == 200
