"""HTTP load on a server of 127.0.0.1, from client threads in this process, to count errors.

`Load`: threads sending requests drawn from a mix of the service's routes, each on a
connection of its own (bench/soak.py, tests/test_load_faults.py); every outcome is kept.
Throughput is measured with wrk (bench/wrk.py), not here: a Python client is its own
bottleneck. Standard library only.
"""

from __future__ import annotations

import http.client
import math
import random
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

from servers import HOST


def percentile(values: list[float], p: float) -> float:
    """Nearest rank: with fewer than 100 values, p99 is the largest; NaN of no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


# A mix of requests, each on a connection of its own.

SPARQL = [
    "PREFIX eli: <http://data.europa.eu/eli/ontology#> PREFIX lkg: <https://w3id.org/lexkg/ontology#>"
    " SELECT ?lang ?text WHERE { <http://data.europa.eu/eli/reg/2021/1173/art_9/par_6a/2024-07-09>"
    " eli:is_realized_by ?e . ?e lkg:text ?text BIND(LANG(?text) AS ?lang) }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "ASK { ?s a <http://data.europa.eu/eli/ontology#LegalResource> }",
    "CONSTRUCT WHERE { <http://data.europa.eu/eli/reg/2024/1732/rct_5/oj> ?p ?o }",
]
PAGES = [
    "/queries/glossary",
    "/queries/amendments?lang=de",
    "/queries/article-as-amended?article=12a",
    "/queries/applicable-norms?host=https%3A%2F%2Fw3id.org%2Flexkg%2Fhost%2Fai-optimised",
    "/queries/provision-at-line?line=188",
    "/eli/reg/2024/1732/oj",
    "/eli/reg/2024/1732/art_1/pnt_4/oj",
    "/eli/reg/2021/1173/2024-07-09",
    "/eli/reg/2024/1732/rct_5/oj?format=ttl",
    "/eli/reg/2021/1173/art_12a/2024-07-09/deu",
]


@dataclass(frozen=True)
class Request:
    method: str
    target: str
    body: bytes | None = None
    headers: tuple[tuple[str, str], ...] = ()


def _requests() -> list[Request]:
    """/sparql queries (GET, and POST for the first two), named queries and /eli pages."""
    out = [Request("GET", f"/sparql?{urllib.parse.urlencode({'query': q})}") for q in SPARQL]
    out += [
        Request(
            "POST",
            "/sparql",
            q.encode(),
            (("Content-Type", "application/sparql-query"), ("Accept", "application/json")),
        )
        for q in SPARQL[:2]
    ]
    out += [Request("GET", page) for page in PAGES]
    return out


REQUESTS = _requests()


@dataclass
class Outcome:
    request: Request
    started: float
    ended: float
    status: int | None = None  # None: no HTTP response
    error: str | None = None  # the exception's type, for a request without a response

    @property
    def seconds(self) -> float:
        return self.ended - self.started

    @property
    def failure(self) -> str | None:
        """None if the answer was 200; else ``HTTP <status>``, or the exception's type."""
        if self.status == 200:
            return None
        return self.error if self.status is None else f"HTTP {self.status}"


def send(port: int, request: Request, timeout: float = 60) -> Outcome:
    """One request on a connection of its own (so a dead worker cannot hold it)."""
    started = time.monotonic()
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(request.method, request.target, request.body, dict(request.headers))
        response = connection.getresponse()
        response.read()
        return Outcome(request, started, time.monotonic(), response.status)
    except (OSError, http.client.HTTPException) as error:
        return Outcome(request, started, time.monotonic(), error=type(error).__name__)
    finally:
        connection.close()


@dataclass
class Load:
    """Client threads sending requests drawn from `REQUESTS` until stopped; every outcome kept.

    Client i draws with ``random.Random(i)``; a request waits *timeout* seconds at most.
    """

    port: int
    clients: int
    timeout: float = 60
    outcomes: list[Outcome] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _threads: list[threading.Thread] = field(default_factory=list)

    def __enter__(self) -> Load:
        for i in range(self.clients):
            thread = threading.Thread(target=self._client, args=(random.Random(i),), daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=self.timeout + 30)

    def since(self, count: int) -> list[Outcome]:
        """The outcomes after the first *count*."""
        with self._lock:
            return self.outcomes[count:]

    def _client(self, rng: random.Random) -> None:
        while not self._stop.is_set():
            outcome = send(self.port, rng.choice(REQUESTS), self.timeout)
            with self._lock:
                self.outcomes.append(outcome)
