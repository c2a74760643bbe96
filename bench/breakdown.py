"""Where the time of one `/sparql` request goes, stage by stage, measured in this process.

Run from the project root after ``lexkg build``::

    python bench/breakdown.py [--graph build/graph.nq] [--repeat 5000]

Each stage is timed alone over --repeat calls (the median of five runs, in microseconds per
request) for ``ASK {}``, so that the query itself costs next to nothing and what is left is
the cost of serving it: the Flask request cycle (routing, the request and response objects,
the hooks), negotiation, the round trip to a query worker, the deep-stack thread, pyoxigraph's
evaluation and serialisation, and the lean path and response cache that now stand before
Flask. The HTTP server's own share (granian, against gunicorn before) is not measured here:
see bench/side_by_side.py, whose repeated ``ASK {}`` is answered by the response cache.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
QUERY = "ASK {}"
JSON = "application/sparql-results+json"


def per_call(work: Callable[[], object], repeat: int) -> float:
    """Microseconds per call: the median of five runs of *repeat* calls."""
    work()
    runs = []
    for _ in range(5):
        began = time.perf_counter()
        for _ in range(repeat):
            work()
        runs.append((time.perf_counter() - began) / repeat * 1e6)
    return statistics.median(runs)


def environ(query: str) -> dict[str, Any]:
    from urllib.parse import quote

    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/sparql",
        "QUERY_STRING": "query=" + quote(query, safe=""),
        "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_ACCEPT": JSON,
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", type=Path, default=ROOT / "build" / "graph.nq")
    parser.add_argument("--repeat", type=int, default=5000)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))

    import pyoxigraph as ox

    from lexkg.server.app import create_app
    from lexkg.server.core.negotiation import chooser
    from lexkg.server.front import Front
    from lexkg.server.lean_sparql import collect
    from lexkg.server.store.base import ANSWER_MEDIA_TYPES, QueryAnswer, pick_all, picked
    from lexkg.server.store.embedded import OxigraphStore
    from lexkg.server.store.pool import QueryPool

    n = args.repeat
    local = OxigraphStore(args.graph)
    pool = QueryPool(local, size=1)
    choose = chooser([], JSON, ANSWER_MEDIA_TYPES)
    picks = pick_all(choose)
    fixed = partial(picked, picks)
    raw = local._store  # pyoxigraph itself, for its share alone

    def evaluate() -> object:
        return raw.query(QUERY, use_default_graph_as_union=True)

    def evaluate_and_write() -> None:
        raw.query(QUERY, use_default_graph_as_union=True).serialize(
            io.BytesIO(), format=ox.QueryResultsFormat.JSON
        )

    class Instant:
        """A store that answers at once: what is left is the path around the store."""

        answer = QueryAnswer(b'{"head":{},"boolean":true}', JSON)

        def query(self, sparql: str, **options: object) -> QueryAnswer:
            return self.answer

        def triple_count(self) -> int:
            return 0

        def close(self) -> None:
            pass

    flask_app = create_app({"STORE": Instant()})
    front = Front(create_app({"STORE": Instant()}))  # no response cache over a given STORE
    cached = Front(create_app({"GRAPH_PATH": str(args.graph), "QUERY_WORKERS": 1}))
    env = environ(QUERY)
    counter = iter(range(10**9))

    rows = [
        ("pyoxigraph: evaluate ASK {}", per_call(evaluate, n)),
        ("pyoxigraph: evaluate and write JSON", per_call(evaluate_and_write, n)),
        (
            "OxigraphStore.query_here (screening, options, sink)",
            per_call(lambda: local.query_here(QUERY, choose=fixed), n),
        ),
        (
            "OxigraphStore.query (the same on a new deep-stack thread)",
            per_call(lambda: local.query(QUERY, choose=fixed), n // 5),
        ),
        (
            "QueryPool.query (pickles, socket round trip, worker)",
            per_call(lambda: pool.query(QUERY, choose=fixed), n // 5),
        ),
        (
            "negotiation: Accept parsed, a pick per offer",
            per_call(lambda: pick_all(chooser([], JSON, ANSWER_MEDIA_TYPES)), n),
        ),
        (
            "Flask: request cycle, route, hooks (store instant)",
            per_call(lambda: collect(flask_app.wsgi_app, dict(env)), n),
        ),
        (
            "lean path: parse, negotiation kept, headers (store instant)",
            per_call(lambda: front.sparql(dict(env)), n),
        ),
        ("response cache: a hit", per_call(lambda: cached(dict(env), lambda *a: None), n)),
        (
            "the served stack, unique ASK {} (quick query, in process)",
            per_call(lambda: cached(environ(f"# {next(counter)}\n{QUERY}"), lambda *a: None), n),
        ),
    ]
    pool.close()
    width = max(len(name) for name, _ in rows)
    print(f"microseconds per request, median of 5 x {n} (fewer for the slow ones), {QUERY}")
    for name, micros in rows:
        print(f"{name:<{width}}  {micros:8.1f}")


if __name__ == "__main__":
    main()
