"""Queries that must be stopped or refused: the time limit, the worker processes, the network.

The time limit: a query past `QUERY_TIMEOUT` is answered 503 while other requests are
answered by the other workers; its worker is killed and replaced. The network: no query
makes the server connect anywhere, neither SERVICE (refused, and impossible in a worker
anyway) nor FROM / FROM NAMED / default-graph-uri / named-graph-uri (graphs of the store).
"""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from flask import Flask
from rdflib import URIRef

import lexkg.server.store.embedded
from lexkg.server.core.errors import QueryTimeoutError, StoreUnavailableError
from lexkg.server.core.sparql import query_keywords
from lexkg.server.routes.common import STORE_KEY
from lexkg.server.store.embedded import OxigraphStore
from lexkg.server.store.pool import QueryPool

from support import closing_app, free_port, listening, serving

EX = "http://lexkg.example/"
GRAPH_A, GRAPH_B = f"{EX}graph/a", f"{EX}graph/b"
NQUADS = "".join(
    f"<{EX}s{i}> <{EX}p> <{EX}o{i % 7}> <{GRAPH_A if i % 2 else GRAPH_B}> .\n" for i in range(40)
)
# A cross product of the graph's 40 triples with itself, 12 times over: 40^12 rows to count.
LONG = (
    "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(12)) + " }"
)
JSON = "application/sparql-results+json"


def first(offers: object) -> str:
    return offers[0]  # type: ignore[index]


@pytest.fixture
def graph_path(tmp_path: Path) -> Path:
    path = tmp_path / "graph.nq"
    path.write_text(NQUADS, encoding="utf-8")
    return path


@pytest.fixture
def app(graph_path: Path) -> Iterator[Flask]:
    config = {"GRAPH_PATH": str(graph_path), "QUERY_TIMEOUT": 1.5, "QUERY_WORKERS": 2}
    # Every query reaches a worker: no answer cache, and no quick query run in the app process.
    with closing_app(config | {"ANSWER_CACHE_BYTES": 0, "QUICK_QUERY_MS": 0}) as app:
        yield app


@pytest.fixture
def pool(graph_path: Path) -> Iterator[QueryPool]:
    pool = QueryPool(OxigraphStore(graph_path), size=2, timeout=1.5)
    yield pool
    pool.close()


def _long_query(
    pool: QueryPool, expected: type[Exception]
) -> tuple[threading.Thread, list[BaseException]]:
    """The LONG query sent to the pool in a thread of its own, started; the errors of the
    *expected* kind it raises are collected in the list."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            pool.query(LONG, choose=first)
        except expected as error:
            errors.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


# The time limit


def test_a_long_query_is_stopped_while_other_requests_are_answered(app: Flask) -> None:
    client = app.test_client()
    pool: QueryPool = app.extensions[STORE_KEY]
    assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200
    [busy_pid] = pool.worker_pids  # the one worker so far: the long query will take it
    outcome: dict[str, object] = {}

    def long_query() -> None:
        started = time.monotonic()
        response = client.get("/sparql", query_string={"query": LONG})
        outcome["seconds"] = time.monotonic() - started
        outcome["response"] = (response.status_code, response.get_data(as_text=True))

    thread = threading.Thread(target=long_query)
    thread.start()
    answered = 0
    while thread.is_alive() and answered < 1000:
        started = time.monotonic()
        response = client.get("/sparql", query_string={"query": f"ASK {{ ?s <{EX}p> ?o }}"})
        assert response.get_json()["boolean"] is True
        assert time.monotonic() - started < 1.0  # not behind the long query
        answered += 1
        time.sleep(0.05)
    thread.join()
    assert answered >= 5  # answered all along the long query's 1.5 s
    assert outcome["response"] == (
        503,
        "query stopped after 1.5 s (the time limit, QUERY_TIMEOUT)\n",
    )
    assert 1.5 <= outcome["seconds"] < 6  # type: ignore[operator]
    # Its worker was killed and replaced: two workers again, both answering.
    assert _gone(busy_pid)
    assert busy_pid not in pool.worker_pids and len(pool.worker_pids) == 2
    assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200


@pytest.mark.slow
def test_timeout_through_granian(graph_path: Path, tmp_path: Path) -> None:
    port = free_port()
    script = (
        "from lexkg.server.run import serve; "
        f"serve({str(graph_path)!r}, '127.0.0.1', {port}, 1, 2, True, query_timeout=1.5)"
    )
    log = tmp_path / "log"
    with serving([sys.executable, "-c", script], port, log) as base:
        long_url = f"{base}/sparql?{urllib.parse.urlencode({'query': LONG})}"
        outcome: dict[str, object] = {}

        def long_query() -> None:
            started = time.monotonic()
            try:
                urllib.request.urlopen(long_url, timeout=30).close()
            except urllib.error.HTTPError as error:
                outcome["response"] = (error.code, error.read().decode())
                error.close()
            outcome["seconds"] = time.monotonic() - started

        thread = threading.Thread(target=long_query)
        thread.start()
        time.sleep(0.3)
        started = time.monotonic()
        with urllib.request.urlopen(f"{base}/sparql?query=ASK%20%7B%7D", timeout=10) as response:
            assert json.load(response)["boolean"] is True
        assert time.monotonic() - started < 1.0
        assert thread.is_alive()  # the long query still runs meanwhile
        thread.join()
        assert outcome["response"] == (503, f"{QueryTimeoutError(1.5)}\n")
        assert 1.5 <= outcome["seconds"] < 6  # type: ignore[operator]
        with urllib.request.urlopen(f"{base}/health", timeout=10) as response:
            assert json.load(response)["status"] == "ok"
    assert '"GET /sparql HTTP/1.1" 503 ' in log.read_text()


def test_the_limits_must_make_sense(graph_path: Path) -> None:
    from lexkg.server.run import serve

    store = OxigraphStore(graph_path)
    with pytest.raises(ValueError, match="at least one worker"):
        QueryPool(store, size=0)
    with pytest.raises(ValueError, match="must be positive"):
        QueryPool(store, timeout=0)
    with pytest.raises(ValueError, match="must be positive"):
        serve(str(graph_path), "127.0.0.1", free_port(), query_timeout=-1)


def test_a_query_waits_for_a_busy_worker_within_its_time_limit(graph_path: Path) -> None:
    pool = QueryPool(OxigraphStore(graph_path), size=1, timeout=1.0)
    try:
        thread, errors = _long_query(pool, QueryTimeoutError)
        time.sleep(0.5)
        started = time.monotonic()
        # The only worker is busy until it is killed, 0.5 s on; then its replacement answers.
        answer = pool.query("ASK {}", choose=first)
        assert json.loads(answer.body)["boolean"] is True
        assert 0.3 < time.monotonic() - started < 1.0
        thread.join()
        assert len(errors) == 1
    finally:
        pool.close()


def test_a_worker_that_dies_idle_is_replaced_unseen(pool: QueryPool) -> None:
    pool.query("ASK {}", choose=first)
    [pid] = pool.worker_pids
    os.kill(pid, signal.SIGKILL)  # as the kernel's OOM killer would
    time.sleep(0.1)
    assert json.loads(pool.query("ASK {}", choose=first).body)["boolean"] is True
    assert pid not in pool.worker_pids


def test_a_worker_that_dies_mid_query_is_503(pool: QueryPool) -> None:
    pool.query("ASK {}", choose=first)
    [pid] = pool.worker_pids  # the long query will take this worker
    thread, errors = _long_query(pool, StoreUnavailableError)
    time.sleep(0.3)
    os.kill(pid, signal.SIGKILL)
    thread.join()
    [error] = errors
    assert "stopped unexpectedly" in str(error)
    assert json.loads(pool.query("ASK {}", choose=first).body)["boolean"] is True


def test_a_failing_chooser_fails_before_any_worker_is_asked(pool: QueryPool) -> None:
    def broken(offers: object) -> str:
        raise RuntimeError("no idea")

    pool.query("ASK {}", choose=first)
    [pid] = pool.worker_pids
    with pytest.raises(RuntimeError, match="no idea"):
        pool.query("ASK {}", choose=broken)
    assert pool.worker_pids == [pid]
    assert json.loads(pool.query("ASK {}", choose=first).body)["boolean"] is True
    assert pool.worker_pids == [pid]


def test_each_kind_of_answer_gets_the_media_type_chosen_for_it(pool: QueryPool) -> None:
    def prefer(offers: Sequence[str]) -> str:
        return "text/csv" if "text/csv" in offers else "application/n-triples"

    assert pool.query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", choose=prefer).media_type == (
        "text/csv"
    )
    answer = pool.query("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", choose=prefer)
    assert answer.media_type == "application/n-triples"
    assert answer.body.decode().rstrip().endswith(" .")


def test_bindings_and_errors_cross_the_process_boundary(pool: QueryPool) -> None:
    answer = pool.query(
        "SELECT ?s ?o WHERE { ?s ?p ?o }", choose=first, bindings={"s": URIRef(f"{EX}s3")}
    )
    [row] = json.loads(answer.body)["results"]["bindings"]
    assert row["o"]["value"] == f"{EX}o3"
    with pytest.raises(lexkg.server.store.embedded.QueryError, match="malformed query"):
        pool.query("ASK {", choose=first)
    with pytest.raises(lexkg.server.store.embedded.NotAcceptableError) as error:
        pool.query("ASK {}", choose=lambda offers: None)
    assert JSON in error.value.offers


def test_deeply_nested_query_in_a_worker(pool: QueryPool) -> None:
    # The worker's query thread has the deep stack (a crash would only cost the worker).
    answer = pool.query("ASK " + "{" * 3000 + "}" * 3000, choose=first)
    assert json.loads(answer.body)["boolean"] is True


def test_close_ends_the_processes(graph_path: Path) -> None:
    pool = QueryPool(OxigraphStore(graph_path), size=2, timeout=5)
    pool.query("ASK {}", choose=first)
    [worker] = pool.worker_pids
    zygote = pool._zygote_pid
    pool.close()
    assert _gone(zygote) and _gone(worker)
    with pytest.raises(StoreUnavailableError, match="closed"):
        pool.query("ASK {}", choose=first)


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux's /proc")
def test_a_worker_has_no_descriptor_to_spare(pool: QueryPool) -> None:
    pool.query("ASK {}", choose=first)
    [pid] = pool.worker_pids
    assert sorted(os.listdir(f"/proc/{pid}/fd"), key=int) == ["0", "1", "2", "3"]
    limits = Path(f"/proc/{pid}/limits").read_text()
    assert [line.split()[3:5] for line in limits.splitlines() if "open files" in line] == [
        ["4", "4"]
    ]


def test_overhead_of_a_worker_process(graph_path: Path) -> None:
    """A trivial query through a worker costs well under 5 ms more than in this process."""
    direct = OxigraphStore(graph_path)
    pool = QueryPool(OxigraphStore(graph_path), size=1, timeout=5)
    try:

        def p50(store: OxigraphStore | QueryPool) -> float:
            times = []
            for _ in range(300):
                started = time.perf_counter()
                store.query("ASK {}", choose=first)
                times.append(time.perf_counter() - started)
            return sorted(times)[len(times) // 2]

        p50(pool)  # the worker's fork, and warm-up
        assert p50(pool) < 0.005
        assert p50(pool) - p50(direct) < 0.005
    finally:
        pool.close()


# No network


@pytest.fixture
def listener() -> Iterator[tuple[socket.socket, str]]:
    """A TCP socket listening on 127.0.0.1, and a base URL that points at it."""
    with listening() as sock:
        yield sock, f"http://127.0.0.1:{sock.getsockname()[1]}"


def _connected(sock: socket.socket, wait: float = 0.1) -> bool:
    """Whether anything connected to the listening socket (accepting and closing it)."""
    readable, _, _ = select.select([sock], [], [], wait)
    if not readable:
        return False
    connection, _ = sock.accept()
    connection.close()
    return True


def _network_queries(base: str) -> list[tuple[dict[str, str | list[str]], int]]:
    """Requests that name URLs of the listener, and the status each must get."""
    service = f"<{base}/sparql>"
    return [
        ({"query": f"SELECT * WHERE {{ SERVICE {service} {{ ?s ?p ?o }} }}"}, 400),
        ({"query": f"SELECT * WHERE {{ SERVICE SILENT {service} {{ ?s ?p ?o }} }}"}, 400),
        ({"query": f"SELECT * WHERE {{ ?s ?p ?o .SERVICE {service} {{ ?a ?b ?c }} }}"}, 400),
        ({"query": f"SELECT * WHERE {{ ?s ?p ?o SERVICE {service} {{ ?a ?b ?c }} }}"}, 400),
        ({"query": f"select * where {{ ?s ?p 1.service {service} {{ }} }}"}, 400),
        ({"query": f"SELECT * FROM <{base}/g> WHERE {{ ?s ?p ?o }}"}, 200),
        ({"query": f"SELECT * FROM NAMED <{base}/g> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"}, 200),
        ({"query": f"CONSTRUCT FROM <{base}/g> WHERE {{ ?s ?p ?o }}"}, 200),
        ({"query": f"DESCRIBE <{base}/resource>"}, 200),
        ({"query": "ASK { ?s ?p ?o }", "default-graph-uri": [f"{base}/g1", f"{base}/g2"]}, 200),
        ({"query": "ASK { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": f"{base}/g"}, 200),
        ({"query": f"LOAD <{base}/data.ttl>"}, 403),
        ({"update": f"LOAD <{base}/data.ttl> INTO GRAPH <{GRAPH_A}>"}, 403),
    ]


def test_no_query_makes_the_server_connect(app: Flask, listener: tuple[socket.socket, str]) -> None:
    sock, base = listener
    client = app.test_client()
    for params, status in _network_queries(base):
        response = client.get("/sparql", query_string=params)
        assert response.status_code == status, (params, response.data)
        if status == 400:
            assert "SERVICE" in response.get_data(as_text=True)
        if status == 200 and "query" in params and str(params["query"]).startswith("ASK"):
            assert response.get_json()["boolean"] is False  # empty graphs: nothing fetched
        assert not _connected(sock), params
    # The detector works: a connection is seen.
    with socket.create_connection(sock.getsockname(), timeout=5):
        assert _connected(sock, wait=5)


def test_a_worker_cannot_connect_even_if_service_gets_through(
    graph_path: Path, listener: tuple[socket.socket, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without the screening, pyoxigraph would send the SERVICE request (it has an HTTP
    # client); in a worker it cannot open the socket.
    sock, base = listener
    monkeypatch.setattr(lexkg.server.store.embedded, "screen", lambda sparql: set())
    with closing_app({"GRAPH_PATH": str(graph_path), "QUERY_TIMEOUT": 10}) as app:
        query = f"SELECT * WHERE {{ ?s ?p ?o SERVICE <{base}/sparql> {{ ?a ?b ?c }} }}"
        response = app.test_client().get("/sparql", query_string={"query": query})
        assert response.status_code == 500
        assert "Too many open files" in response.get_data(as_text=True)
        assert not _connected(sock)


# The screening of keywords


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { SERVICE <http://x/> {} }",
        "select * { service <http://x/> {} }",
        "SELECT * { ?s ?p ?o .SERVICE <http://x/> {} }",
        "SELECT * { ?s ?p ?o.SERVICE <http://x/> {} }",
        "SELECT * { ?s ?p 1.SERVICE <http://x/> {} }",
        "SELECT * { ?s ?p ?o-SERVICE <http://x/> {} }",
        "SELECT * { ?s ?p ?o } #\rSERVICE <http://x/> {}",
        # `<` as a comparison, `>` in a comment: an IRI to a naive reader.
        "SELECT * { FILTER(?a<?b)SERVICE?x#>\n{} }",
        "SELECT * { FILTER(?a<?b).SERVICE ex:x#>\n{} }",
        "SELECT * { FILTER(?a<?b)SERVICE SILENT?x#>\n{} }",
    ],
)
def test_service_is_found(query: str) -> None:
    assert "SERVICE" in query_keywords(query)


@pytest.mark.parametrize(
    "query",
    [
        "PREFIX service: <http://x/> SELECT ?service WHERE { ?service ?p 'service' } # SERVICE",
        "SELECT * { ?s a <http://schema.org/Service> ; schema:Service ?o }",
        "SELECT * { ?s <http://www.w3.org/ns/sparql-service-description#endpoint> ?o }",
        "SELECT * { ?s <http://ex.org/service?id=1#x> ?o }",
        "SELECT * { ?s ex:a.SERVICE ?o . ?s ex:a\\#SERVICE ?o . _:SERVICE ?p ?o }",
        "SELECT * { ?s ?p '''a''SERVICE''' , \"\"\"SERVICE <x> {}\"\"\" , 'x'@SERVICE }",
        "SELECT * { ?s ?p ?o } # SERVICE <http://x/> {}",
    ],
)
def test_service_is_not_found_where_it_is_no_keyword(query: str) -> None:
    assert "SERVICE" not in query_keywords(query)


@pytest.mark.parametrize(
    "text",
    ["a." * 16000, "a-" * 16000, '"\\' * 16000, "'''\\'" * 8000, "<a#" * 10000, "?a<?b " * 5000],
)
def test_screening_takes_linear_time(text: str) -> None:
    started = time.perf_counter()
    query_keywords(f"SELECT * {{ ?s ?p {text} SERVICE <x> {{}} }}")
    assert time.perf_counter() - started < 1.0
