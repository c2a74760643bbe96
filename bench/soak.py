"""Soak test: many clients against the real server for minutes, on loopback.

Run from the project root::

    python bench/soak.py [--clients 64] [--seconds 300] [--interval 30] [--graph build/graph.nq]

Starts ``python -m lexkg.cli serve`` (2 workers, 4 threads) on a free port of 127.0.0.1,
serving a copy of the graph (built into a temporary folder if the file is missing), and stops
it at the end. --clients threads each send, one after the other and each on a connection of
its own, requests drawn from the mix of tests/test_load_faults.py: /sparql queries (GET and
POST), named queries and /eli pages (HTML and Turtle). Every --interval seconds it prints one
line: requests and throughput in the interval, errors (anything but 200, or no answer),
latency p50 and p99, and the resident memory of all the server's processes (gunicorn's master
and workers and their query processes, summed from /proc/PID/status; pages shared between
forked processes count once per process). At the end: the totals, the errors by kind, and the
memory at the start, halfway and at the end. Exit status 1 if any request failed.

The client runs on the same machine and competes with the server for the CPU (Python
threads: one core at most), so throughput here is a floor, not the server's capacity.
"""

from __future__ import annotations

import argparse
import http.client
import math
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"

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


REQUESTS = [
    *(Request("GET", f"/sparql?{urllib.parse.urlencode({'query': q})}") for q in SPARQL),
    *(
        Request(
            "POST",
            "/sparql",
            q.encode(),
            (("Content-Type", "application/sparql-query"), ("Accept", "application/json")),
        )
        for q in SPARQL[:2]
    ),
    *(Request("GET", page) for page in PAGES),
]


@dataclass(frozen=True)
class Outcome:
    ended: float
    seconds: float
    error: str | None  # None: 200


def send(port: int, request: Request) -> Outcome:
    started = time.monotonic()
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        connection.request(request.method, request.target, request.body, dict(request.headers))
        response = connection.getresponse()
        response.read()
        error = None if response.status == 200 else f"HTTP {response.status}"
    except (OSError, http.client.HTTPException) as exc:
        error = type(exc).__name__
    finally:
        connection.close()
    ended = time.monotonic()
    return Outcome(ended, ended - started, error)


# -- The server's processes, from /proc ---------------------------------------------------------


def session(sid: int) -> list[int]:
    """The live processes of session *sid* (the server runs in a session of its own)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[3]) == sid:
            found.append(int(entry.name))
    return found


def rss(pids: list[int]) -> int:
    """VmRSS of the processes, summed, in bytes."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def mib(n: int) -> str:
    return f"{n / (1 << 20):.0f}"


def percentile(values: list[float], p: float) -> float:
    """Nearest rank: with fewer than 100 values, p99 is the largest."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


# -- Running it ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_server(graph: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "lexkg.cli", "serve", "--host", HOST, "--port", str(port)]
    command += ["--graph", str(graph), "--workers", "2", "--threads", "4"]
    with log.open("wb") as out:
        server = subprocess.Popen(
            command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/health", timeout=2):
                time.sleep(3)  # the second worker's graph
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("the server did not answer /health within 60 s")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def soak(port: int, server: int, clients: int, seconds: float, interval: float) -> int:
    outcomes: list[Outcome] = []
    lock = threading.Lock()
    stop = threading.Event()

    def client(rng: random.Random) -> None:
        while not stop.is_set():
            outcome = send(port, rng.choice(REQUESTS))
            with lock:
                outcomes.append(outcome)

    for request in REQUESTS:  # warm-up: each kind once; each must answer
        if (error := send(port, request).error) is not None:
            raise RuntimeError(f"{request.method} {request.target}: {error}")
    threads = [
        threading.Thread(target=client, args=(random.Random(i),), daemon=True)
        for i in range(clients)
    ]
    started = time.monotonic()
    memory = [(0.0, rss(session(server)))]
    print(f"{clients} clients for {seconds:g} s; server RSS at the start {mib(memory[0][1])} MiB")
    print(f"{'time s':>7} {'requests':>9} {'req/s':>7} {'errors':>7} {'p50 ms':>7} {'p99 ms':>7} "
          f"{'RSS MiB':>8} {'procs':>6}")  # fmt: skip
    for thread in threads:
        thread.start()
    seen = 0
    while (now := time.monotonic()) < started + seconds:
        time.sleep(min(interval, started + seconds - now))
        elapsed = time.monotonic() - started
        with lock:
            batch = outcomes[seen:]
            seen = len(outcomes)
        pids = session(server)
        memory.append((elapsed, rss(pids)))
        times = [o.seconds * 1000 for o in batch]
        span = elapsed - (memory[-2][0] if len(memory) > 1 else 0)
        print(
            f"{elapsed:7.0f} {len(batch):9} {len(batch) / span:7.1f} "
            f"{sum(o.error is not None for o in batch):7} {percentile(times, 50):7.0f} "
            f"{percentile(times, 99):7.0f} {mib(memory[-1][1]):>8} {len(pids):6}",
            flush=True,
        )
    stop.set()
    for thread in threads:
        thread.join(timeout=150)
    elapsed = time.monotonic() - started
    times = [o.seconds * 1000 for o in outcomes]
    errors = Counter(o.error for o in outcomes if o.error is not None)
    middle = min(memory, key=lambda sample: abs(sample[0] - seconds / 2))
    print(
        f"\ntotal: {len(outcomes)} requests in {elapsed:.0f} s, {len(outcomes) / elapsed:.1f}/s; "
        f"{sum(errors.values())} errors{' ' + dict(errors).__repr__() if errors else ''}; "
        f"latency p50 {percentile(times, 50):.0f} ms, p99 {percentile(times, 99):.0f} ms, "
        f"max {max(times):.0f} ms"
    )
    print(
        f"server RSS (MiB): start {mib(memory[0][1])}, middle ({middle[0]:.0f} s) "
        f"{mib(middle[1])}, end {mib(memory[-1][1])}"
    )
    return 1 if errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=64, help="client threads (default 64)")
    parser.add_argument("--seconds", type=float, default=300, help="duration (default 300)")
    parser.add_argument("--interval", type=float, default=30, help="report every (default 30 s)")
    parser.add_argument("--graph", type=Path, default=ROOT / "build" / "graph.nq")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="lexkg-soak-") as folder:
        graph = Path(folder) / "graph.nq"
        if args.graph.is_file():
            shutil.copyfile(args.graph, graph)
        else:
            build = [sys.executable, "-m", "lexkg.cli", "build", "--out", str(graph), "--quiet"]
            subprocess.run(build, cwd=ROOT, check=True)
        os.utime(graph)  # newer than the texts: the server does not rebuild it
        port = free_port()
        server = start_server(graph, port, Path(folder) / "server.log")
        try:
            return soak(port, server.pid, args.clients, args.seconds, args.interval)
        finally:
            stop_server(server)
            log = (Path(folder) / "server.log").read_text(errors="replace")
            if "Traceback" in log:
                print("\nthe server logged a traceback:\n" + log[-3000:])


if __name__ == "__main__":
    sys.exit(main())
