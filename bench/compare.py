"""The service against an Oxigraph server and an rdflib endpoint: one command, one table.

Run from the project root, after ``lexkg build``, with Debian's ``wrk`` and the ``oxigraph``
binary (``pip install oxigraph``, a dev extra) installed::

    python bench/compare.py [--seconds 5] [--concurrency 1 16] [--builds 5] [--servers ...]
                            [--queries NAME ...] [--graph build/graph.nq]

Everything is measured in this one run, on this machine:

1. the build of the seed act: ``lexkg build`` timed in this process (``run_build``, as the
   command runs it) --builds times, the first apart (it pays for importing the loader's
   libraries), and once as a command in a fresh interpreter;
2. latency (p50, p99) and throughput at each --concurrency N of every named query (each
   ``#+ param`` variable replaced in the text by its default or example, as bench/endpoint.py
   does) and of ``ASK {}`` (the floor: HTTP and the server's own stack, no data touched),
   measured with wrk as bench/endpoint.py does (the query POSTed as application/sparql-query
   over and over from N keep-alive connections, ``wrk -c N``, for --seconds after a 1 s
   warm-up from two at most), on these servers of the same graph, one after the other:

   * ours: ``lexkg serve`` (granian, 2 workers x 4 threads, the embedded pyoxigraph store
     behind query worker processes, with its answer cache: every request after the first
     of a case is answered from memory);
   * uncached: the same with ``--answer-cache-bytes 0``: every request evaluates the query
     (in a query worker, or in the server process once a worker answered it within 5 ms);
   * oxigraph: ``oxigraph serve`` in memory with ``--union-default-graph``, loaded by
     ``lexkg load`` (Graph Store Protocol);
   * remote, only if asked for (--servers): ours over an Oxigraph server, ``lexkg serve
     --store`` (the scale-out path: every query crosses HTTP twice);
   * rdflib: a minimal endpoint in this file (Flask and an rdflib ``Dataset`` with the union
     as default graph, under granian, 2 workers x 4 threads; one query at a time in each
     worker, as rdflib's SPARQL parser is not thread-safe);

3. the peak memory of our server: the sum over its processes (granian's main process and workers,
   the query pools' zygotes and workers) of RSS, and of PSS (shared pages divided among the
   processes that share them: the query workers share the store copy-on-write), sampled
   every 0.2 s from /proc while it is measured.

wrk runs on the same machine and competes with the servers for the CPU; the CPU used by the
server, by wrk and by everything else is printed, and the load average before the run.
Targets are marked met or missed: the seed built in under 2 s; every named query's p50 under
5 ms on the embedded store (uncached, one client: the query evaluated each time); our
throughput at least half of Oxigraph's for every named query, at every concurrency, judged
for ours and for uncached.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import io
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from endpoint import SPARQL_QUERY, Case, named_queries, run_case
from flask import Flask
from procs import load_average, machine_busy, process_tree
from servers import HOST, Server, free_port, running, spawn, start_ours, wait_ready

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FLOOR = "ASK {} (floor)"
RESULTS_JSON = "application/sparql-results+json"

SERVERS = ["ours", "uncached", "oxigraph", "rdflib", "remote"]
# Throughput ratios printed: (server, against).
RATIOS = [("ours", "oxigraph"), ("uncached", "oxigraph"), ("ours", "rdflib")]
_SHORT = {"ours": "ours", "uncached": "unc", "oxigraph": "ox", "rdflib": "rdf"}

# Targets.
BUILD_SECONDS = 2.0
NAMED_P50_MS = 5.0
THROUGHPUT_SHARE = 0.5


# Processes, from /proc (Linux).


def tree_memory(root: int) -> tuple[int, int]:
    """Resident memory of a process and its descendants: (sum of RSS, sum of PSS), bytes."""
    rss = pss = 0
    for pid in process_tree(root):
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        for line in rollup.splitlines():
            key, _, value = line.partition(":")
            if key == "Rss":
                rss += int(value.split()[0]) * 1024
            elif key == "Pss":
                pss += int(value.split()[0]) * 1024
    return rss, pss


class MemorySampler:
    """Samples a process tree's memory every `interval` s in a thread; keeps the peak."""

    def __init__(self, root: int, interval: float = 0.2) -> None:
        self.root = root
        self.interval = interval
        self.peak_rss = self.peak_pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> tuple[int, int]:
        rss, pss = tree_memory(self.root)
        self.peak_rss = max(self.peak_rss, rss)
        self.peak_pss = max(self.peak_pss, pss)
        return rss, pss

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()


def mib(size: float) -> str:
    return f"{size / 2**20:,.0f} MiB"


# Servers.


def oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


def start_oxigraph(log: Path, *, location: Path | None = None, union: bool = True) -> Server:
    """``oxigraph serve`` on a free port (in memory unless `location`), ready when it answers."""
    binary = oxigraph_binary()
    if binary is None:
        raise RuntimeError("the oxigraph binary is not installed: pip install oxigraph")
    port = free_port()
    command = [binary, "serve", "--bind", f"{HOST}:{port}"]
    if location is not None:
        command += ["--location", str(location)]
    if union:
        command.append("--union-default-graph")
    server = Server("oxigraph", spawn(command, log), port, "/query")
    return wait_ready(server, f"{server.base}/query?query=ASK%7B%7D", log, 60)


def start_rdflib(graph: Path, log: Path, *, workers: int = 2, threads: int = 4) -> Server:
    """The minimal rdflib endpoint of this file, under granian."""
    port = free_port()
    command = [sys.executable, __file__, "--rdflib-endpoint", str(port), str(graph)]
    command += ["--rdflib-workers", str(workers), "--rdflib-threads", str(threads)]
    server = Server("rdflib", spawn(command, log), port, "/sparql")
    return wait_ready(server, f"{server.base}/health", log, 600)


def load_oxigraph(server: Server, graph: Path) -> float:
    """PUT the graph into an Oxigraph server as ``lexkg load`` does; the seconds it took."""
    from lexkg.server.store.remote import put_graphs

    return put_graphs(f"{server.base}/store", graph).seconds


def rdflib_app() -> Flask:
    """A minimal SPARQL endpoint: Flask and rdflib's Dataset (union default graph) of the graph
    file in LEXKG_BENCH_RDFLIB_GRAPH."""
    from flask import Flask, Response, request
    from rdflib import Dataset

    dataset = Dataset(default_union=True)
    dataset.parse(os.environ["LEXKG_BENCH_RDFLIB_GRAPH"], format="nquads")
    app = Flask("rdflib-endpoint")
    # rdflib's SPARQL parser (pyparsing) is not thread-safe: concurrent queries fail
    # ("Param.postParse2() missing … 'tokenList'") and can break the process for good.
    one_at_a_time = threading.Lock()

    @app.get("/health")
    def health() -> Response:
        return Response("ok\n", mimetype="text/plain")

    @app.route("/sparql", methods=["GET", "POST"])
    def sparql() -> Response:
        if request.mimetype == SPARQL_QUERY["Content-Type"]:
            text = request.get_data(as_text=True)
        else:
            text = request.values["query"]
        with one_at_a_time:
            result = dataset.query(text)
            if result.type in ("SELECT", "ASK"):
                return Response(result.serialize(format="json"), mimetype=RESULTS_JSON)
            body = result.serialize(format="nt")
        return Response(body, mimetype="application/n-triples")

    return app


def rdflib_endpoint(port: int, graph: Path, workers: int, threads: int) -> None:
    """`rdflib_app` under granian (WSGI), as our service runs."""
    from granian.constants import Interfaces
    from granian.server import Server

    os.environ["LEXKG_BENCH_RDFLIB_GRAPH"] = str(graph)
    sys.path.insert(0, str(Path(__file__).parent))
    Server(
        "compare:rdflib_app",
        address=HOST,
        port=port,
        interface=Interfaces.WSGI,
        factory=True,
        workers=workers,
        blocking_threads=threads,
        log_access=False,
    ).serve()


# Measuring.


def post(server: Server, query: str, timeout: float = 120) -> tuple[int, bytes]:
    """One query, as the clients of a case send it."""
    connection = http.client.HTTPConnection(HOST, server.port, timeout=timeout)
    try:
        connection.request("POST", server.path, query.encode("utf-8"), SPARQL_QUERY)
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


def answer_size(body: bytes) -> str:
    """Rows of a SELECT answer, or the boolean of an ASK one."""
    try:
        answer = json.loads(body)
    except ValueError:
        return "?"
    if "boolean" in answer:
        return str(answer["boolean"]).lower()
    return str(len(answer["results"]["bindings"]))


def measure_server(
    server: Server, cases: dict[str, str], concurrency: list[int], seconds: int
) -> tuple[dict[tuple[str, int], Case], dict[str, str]]:
    """Every case at every concurrency; and the size of each answer (rows), asked once."""
    sizes: dict[str, str] = {}
    results: dict[tuple[str, int], Case] = {}
    for name, query in cases.items():
        status, body = post(server, query)
        sizes[name] = answer_size(body) if status == 200 else f"HTTP {status}"
        for n in concurrency:
            results[name, n] = run_case(server, query, n, seconds)
        print(f"  {server.name}: {name}", file=sys.stderr)
    return results, sizes


def measure_remote(
    graph: Path, folder: Path, cases: dict[str, str], concurrency: list[int], seconds: int
) -> tuple[dict[tuple[str, int], Case], dict[str, str], str]:
    """Our service over an Oxigraph server: ``lexkg load --store``, ``lexkg serve --store``."""
    with running(start_oxigraph(folder / "remote-oxigraph.log")) as store:
        loaded = load_oxigraph(store, graph)
        port = free_port()
        command = [sys.executable, "-m", "lexkg", "serve", "--store"]
        command += [f"{store.base}/query", "--host", HOST, "--port", str(port)]
        command += ["--workers", "2", "--threads", "4"]
        log = folder / "remote.log"
        server = Server("remote", spawn(command, log), port, "/sparql")
        with running(wait_ready(server, f"{server.base}/health", log, 60)):
            results, sizes = measure_server(server, cases, concurrency, seconds)
    return results, sizes, f"over an Oxigraph server loaded in {loaded:.2f} s"


def build_times(runs: int) -> tuple[list[float], float, int]:
    """`lexkg build` of the seed act timed in this process `runs` times, once as a command;
    and the number of triples built."""
    from lexkg.cli.graph import run_build

    times: list[float] = []
    triples = 0
    with tempfile.TemporaryDirectory(prefix="lexkg-build-") as tmp:
        out = Path(tmp) / "graph.nq"
        for _ in range(runs):
            began = time.perf_counter()
            with contextlib.redirect_stdout(io.StringIO()):
                built = run_build(None, [], out, quiet=True)
            times.append(time.perf_counter() - began)
            triples = built.triples
        command = [sys.executable, "-m", "lexkg", "build", "--quiet"]
        command += ["--out", str(Path(tmp) / "command.nq")]
        began = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        as_command = time.perf_counter() - began
    return times, as_command, triples


# The report.


def verdict(met: bool) -> str:
    return "MET" if met else "MISSED"


def cell(case: Case | None) -> str:
    if case is None:
        return f"{'-':>8} {'-':>8} {'-':>8}"
    load = case.load
    rate = f"{load.per_second:,.0f}" if load.per_second >= 10 else f"{load.per_second:.2g}"
    flag = "" if load.ok else "!"
    return f"{load.p50_ms:>8.2f} {load.p99_ms:>8.2f} {rate + flag:>8}"


def ratio(ours: Case | None, other: Case | None) -> str:
    if ours is None or other is None or not other.load.per_second:
        return "-"
    value = ours.load.per_second / other.load.per_second
    return f"{value:.2f}" if value < 100 else f"{value:,.0f}"


def report(
    names: list[str],
    concurrency: list[int],
    results: dict[str, dict[tuple[str, int], Case]],
    sizes: dict[str, dict[str, str]],
) -> list[str]:
    """The table: latency and throughput per server, throughput ratios of ours to the others."""
    width = max(len(name) for name in names)
    servers = [s for s in SERVERS if s in results]
    shares = [(s, o) for s, o in RATIOS if s in results and o in results]
    group = f"{'p50 ms':>8} {'p99 ms':>8} {'req/s':>8}"
    lines = [
        f"{'':<{width}} {'':>4} {'':>6}  "
        + "  ".join(f"{s:-^26}" for s in servers)
        + "".join(f" {_SHORT[s] + '/' + _SHORT[o]:>8}" for s, o in shares),
        f"{'query':<{width}} {'conc':>4} {'rows':>6}  "
        + "  ".join(group for _ in servers)
        + "".join(f" {'req/s':>8}" for _ in shares),
    ]
    for name in names:
        first = sizes[servers[0]].get(name, "-")  # ours, when measured
        differ = any(size.get(name, first) != first for size in sizes.values())
        rows = first + ("*" if differ else "")
        for n in concurrency:
            got = {s: results.get(s, {}).get((name, n)) for s in servers}
            lines.append(
                f"{name:<{width}} {n:>4} {rows:>6}  "
                + "  ".join(cell(got[s]) for s in servers)
                + "".join(f" {ratio(got[s], got[o]):>8}" for s, o in shares)
            )
    return lines


def latency_target(server: str, cases: dict[tuple[str, int], Case], named: list[str]) -> None:
    """Every named query's p50 from one client under the target, on one of our servers."""
    p50 = {name: cases[name, 1].load.p50_ms for name in named}
    slow = sorted((ms, name) for name, ms in p50.items() if not ms < NAMED_P50_MS)
    worst = max(p50, key=p50.get)
    print(
        f"  named queries p50 under {NAMED_P50_MS:g} ms on the embedded store "
        f"({server}, 1 client): "
        f"{verdict(not slow)} ({len(named) - len(slow)} of {len(named)}; slowest {worst} "
        f"{p50[worst]:.2f} ms; median {statistics.median(p50.values()):.2f} ms)"
    )
    for ms, name in slow:
        print(f"    missed: {name} {ms:.2f} ms")


def throughput_target(
    server: str,
    cases: dict[tuple[str, int], Case],
    oxigraph: dict[tuple[str, int], Case],
    named: list[str],
    args: argparse.Namespace,
) -> None:
    """One of our servers' throughput against Oxigraph's, for every query and concurrency."""
    shares = {
        (name, n): cases[name, n].load.per_second / oxigraph[name, n].load.per_second
        for name in named
        for n in args.concurrency
        if oxigraph[name, n].load.per_second
    }
    low = sorted((share, key) for key, share in shares.items() if share < THROUGHPUT_SHARE)
    mean = math.exp(statistics.mean(math.log(s) for s in shares.values() if s > 0))
    print(
        f"  throughput at least {THROUGHPUT_SHARE:g} x Oxigraph's ({server}), every named "
        f"query and concurrency: {verdict(not low)} ({len(shares) - len(low)} of "
        f"{len(shares)}; geometric mean {mean:.2f}; lowest {min(shares.values()):.2f})"
    )
    for share, (name, n) in low[:5]:
        print(f"    lowest: {name} at {n}: {share:.2f}")
    if len(low) > 5:
        print(f"    and {len(low) - 5} more below {THROUGHPUT_SHARE:g}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5, help="measured time per case (wrk's -d)")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 16])
    parser.add_argument("--builds", type=int, default=5, help="in-process builds of the seed act")
    parser.add_argument("--graph", type=Path, default=ROOT / "build" / "graph.nq")
    parser.add_argument(
        "--servers",
        nargs="+",
        choices=SERVERS,
        default=["ours", "uncached", "oxigraph", "rdflib"],
        help="which to measure (uncached: ours without its answer cache; remote: ours over an "
        "Oxigraph server, lexkg serve --store)",
    )
    parser.add_argument("--queries", nargs="*", help="only these named queries")
    parser.add_argument("--rdflib-endpoint", nargs=2, help=argparse.SUPPRESS)  # PORT GRAPH
    parser.add_argument("--rdflib-workers", type=int, default=2, help=argparse.SUPPRESS)
    parser.add_argument("--rdflib-threads", type=int, default=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rdflib_endpoint:
        port, graph = args.rdflib_endpoint
        rdflib_endpoint(int(port), Path(graph), args.rdflib_workers, args.rdflib_threads)
        return
    if not args.graph.is_file():
        sys.exit(f"{args.graph}: not found; run `lexkg build` first")

    before = load_average()
    busy_before, clock_before = machine_busy(), time.perf_counter()
    print("building the seed act ...", file=sys.stderr)
    builds, as_command, triples = build_times(args.builds) if args.builds else ([], 0.0, 0)

    queries, notes = named_queries()
    if args.queries:
        queries = {name: text for name, text in queries.items() if name in args.queries}
    cases = {FLOOR: "ASK {}", **queries}
    results: dict[str, dict[tuple[str, int], Case]] = {}
    sizes: dict[str, dict[str, str]] = {}
    ready: dict[str, str] = {}
    memory: tuple[int, int, int, int] | None = None
    with tempfile.TemporaryDirectory(prefix="lexkg-compare-") as tmp:
        folder = Path(tmp)
        graph = folder / args.graph.name
        shutil.copyfile(args.graph, graph)  # a fresh copy: never stale, never rebuilt
        starters: dict[str, Callable[[], Server]] = {
            "ours": lambda: start_ours(graph, folder / "ours.log"),
            "uncached": lambda: start_ours(
                graph, folder / "uncached.log", extra=("--answer-cache-bytes", "0")
            ),
            "oxigraph": lambda: start_oxigraph(folder / "oxigraph.log"),
            "rdflib": lambda: start_rdflib(graph, folder / "rdflib.log"),
        }
        for name in args.servers:
            if name == "remote":  # ours over an Oxigraph server (lexkg serve --store)
                results[name], sizes[name], ready[name] = measure_remote(
                    graph, folder, cases, args.concurrency, args.seconds
                )
                continue
            with running(starters[name]()) as server:
                if name == "oxigraph":
                    loaded = load_oxigraph(server, graph)
                    ready[name] = (
                        f"started in {server.ready_seconds:.2f} s, loaded in {loaded:.2f} s"
                    )
                else:
                    ready[name] = f"ready (graph loaded) in {server.ready_seconds:.2f} s"
                sampler = MemorySampler(server.pid)
                after_load = sampler.sample()
                with sampler:
                    results[name], sizes[name] = measure_server(
                        server, cases, args.concurrency, args.seconds
                    )
                if name == "ours":
                    memory = (*after_load, sampler.peak_rss, sampler.peak_pss)
                ready[name] += (
                    f"; memory after load: RSS {mib(after_load[0])}, PSS {mib(after_load[1])}"
                )
    others = max(0.0, machine_busy() - busy_before) / (time.perf_counter() - clock_before) * 100

    print(f"load average over 1/5/15 min before the run: {before}")
    quads = sum(1 for line in args.graph.open("rb") if not line.startswith(b"#"))
    print(f"graph: {args.graph} ({quads:,} quads)")
    print(f"wrk -c N -d{args.seconds}s per case after a 1 s warm-up, POSTs; wrk on this machine")
    for name, text in ready.items():
        print(f"  {name}: {text}")
    print()
    if builds:
        warm = builds[1:] or builds
        print(
            f"build of the seed act ({triples:,} triples), in-process, {len(builds)} runs: "
            f"first {builds[0]:.2f} s, then median {statistics.median(warm):.2f} s "
            f"(min {min(warm):.2f}, max {max(warm):.2f}); as a command (fresh interpreter): "
            f"{as_command:.2f} s"
        )
    names = list(cases)
    print()
    for line in report(names, args.concurrency, results, sizes):
        print(line)
    print("rows: of the first server's answer; * where another's has a different number")
    print("req/s ending in !: some requests failed, or none was answered in the time")
    for name, by_case in results.items():
        server = statistics.mean(case.server_cpu for case in by_case.values())
        wrk = statistics.mean(case.wrk_cpu for case in by_case.values())
        other = statistics.mean(case.other_cpu for case in by_case.values())
        print(
            f"CPU while measuring {name}: server {server:.0f} %, wrk {wrk:.0f} %, "
            f"others {other:.0f} % (100 = one core)"
        )
    print(f"machine busy over the whole run: {others:.0f} % of one core")
    if memory is not None:
        rss, pss, peak_rss, peak_pss = memory
        print(
            f"our server's memory (all its processes): after load RSS {mib(rss)}, PSS {mib(pss)}; "
            f"peak RSS {mib(peak_rss)}, peak PSS {mib(peak_pss)}"
        )

    print("\ntargets:")
    if builds:
        median = statistics.median(builds[1:] or builds)
        print(
            f"  seed build under {BUILD_SECONDS:g} s: {verdict(median < BUILD_SECONDS)} "
            f"(median {median:.2f} s in-process; {as_command:.2f} s as a command)"
        )
    named = [name for name in names if name != FLOOR]
    for server in ("uncached", "ours"):
        if results.get(server) and named and 1 in args.concurrency:
            latency_target(server, results[server], named)
    for server in ("ours", "uncached"):
        if results.get(server) and results.get("oxigraph") and named:
            throughput_target(server, results[server], results["oxigraph"], named, args)
    ours = results.get("ours", {})
    if ours and 1 in args.concurrency:
        floor = ours[FLOOR, 1]
        top = max(args.concurrency)
        print(
            f"  the floor (ASK {{}} through our stack): p50 {floor.load.p50_ms:.2f} ms at 1 "
            f"client, {ours[FLOOR, top].load.per_second:,.0f} req/s at {top}"
        )
    for note in notes:
        print(f"note: {note}")


if __name__ == "__main__":
    main()
