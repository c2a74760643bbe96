"""Our service and an Oxigraph server on the same graph, side by side, measured with wrk.

Run from the project root, after ``lexkg build`` (with the corpus: ``LEXKG_CORPUS=../shared/corpus
lexkg build``), with Debian's ``wrk`` and the ``oxigraph`` binary (``pip install oxigraph``,
a dev extra) installed::

    python bench/side_by_side.py [--seconds 4] [--graph build/graph.nq]

Starts ``lexkg serve`` (granian, 2 workers x 4 threads) and ``oxigraph serve-read-only
--union-default-graph`` over the same graph (loaded into a fresh folder with ``oxigraph
load``), both on 127.0.0.1, and measures each case on one and then the other, in this one
run. Each query is sent by GET with ``Accept: application/sparql-results+json``:

* repeated: the same request, ``wrk -t2 -c8``;
* unique: each request's query starts with a comment of its own (a counter), so no cache
  can answer it, ``wrk -t2 -c8``;
* p50 at one client: ``wrk -t1 -c1``, repeated and unique.

Then our ELI pages and named questions, repeated (HTML, as a browser asks), and unique where
a page can be made so (a query string no route reads). Prints the table of ratios, and
whether each target is met: repeated at least 0.5 x Oxigraph's throughput, unique at least
0.2 x, p50 at one client within 2 x Oxigraph's; the act's page and a consolidated article's
at least 1,000 requests per second.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from procs import load_average
from servers import HOST, Server, free_port, running, spawn, start_ours, wait_ready
from wrk import Load, run

ROOT = Path(__file__).resolve().parents[1]
ACT = "http://data.europa.eu/eli/reg/2024/1732/oj"
QUERIES = {
    "ASK {}": "ASK {}",
    "the act's own triples": f"SELECT ?p ?o WHERE {{ <{ACT}> ?p ?o }}",
    "German titles, LIMIT 50": (
        "SELECT ?s ?t WHERE { ?s <http://data.europa.eu/eli/ontology#title> ?t "
        'FILTER(LANG(?t) = "de") } LIMIT 50'
    ),
    "text scan (supercomput)": (
        'SELECT ?s ?o WHERE { ?s ?p ?o FILTER(CONTAINS(LCASE(STR(?o)), "supercomput")) }'
    ),
    "count per predicate": "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p",
}
PAGES = {
    "act page (HTML)": "/eli/reg/2024/1732/oj",
    "consolidated article (HTML)": "/eli/reg/2021/1173/art_9/2024-07-09",
    "act page (Turtle)": "/eli/reg/2024/1732/oj?format=ttl",
    "named: glossary": "/queries/glossary",
    "named: amendments": "/queries/amendments",
    "named: article-as-amended": "/queries/article-as-amended",
}
PAGE_TARGET = 1_000.0  # requests per second, for the act's and a consolidated article's page
REPEATED, UNIQUE, P50 = 0.5, 0.2, 2.0
RESULTS_JSON = {"Accept": "application/sparql-results+json"}
HTML = {"Accept": "text/html"}


def oxigraph_binary() -> str:
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if found is None:
        raise RuntimeError("the oxigraph binary is not installed: pip install oxigraph")
    return found


def start_oxigraph_read_only(graph: Path, folder: Path, log: Path) -> Server:
    """``oxigraph load`` the graph into *folder*, then ``serve-read-only`` it (union default
    graph), ready when it answers."""
    binary = oxigraph_binary()
    subprocess.run(
        [binary, "load", "--location", str(folder), "--file", str(graph)],
        check=True,
        capture_output=True,
    )
    port = free_port()
    command = [binary, "serve-read-only", "--location", str(folder)]
    command += ["--bind", f"{HOST}:{port}", "--union-default-graph"]
    server = Server("oxigraph", spawn(command, log), port, "/query")
    return wait_ready(server, f"{server.base}/query?query=ASK%7B%7D", log, 60)


def query_cases(servers: list[Server], seconds: float) -> dict[str, dict[str, dict[str, Load]]]:
    """Every query of `QUERIES` on each server in turn (the servers alternate, query by
    query): repeated, unique, and at one client."""
    found: dict[str, dict[str, dict[str, Load]]] = {server.name: {} for server in servers}
    for name, text in QUERIES.items():
        for server in servers:
            prefix = f"{server.base}{server.path}?query="
            url = prefix + quote(text, safe="")
            one = {"threads": 1, "connections": 1, "seconds": 2}
            run(url, headers=RESULTS_JSON, seconds=1)  # warm-up: each worker answers it once
            found[server.name][name] = {
                "repeated": run(url, headers=RESULTS_JSON, seconds=seconds),
                "unique": run(url, headers=RESULTS_JSON, seconds=seconds, unique_after=prefix),
                "one repeated": run(url, headers=RESULTS_JSON, **one),
                "one unique": run(url, headers=RESULTS_JSON, unique_after=prefix, **one),
            }
            print(f"  {server.name}: {name}", file=sys.stderr)
    return found


def page_cases(server: Server, seconds: float) -> dict[str, dict[str, Load]]:
    """Every page of `PAGES`: repeated, and at one client."""
    found: dict[str, dict[str, Load]] = {}
    for name, path in PAGES.items():
        url = f"{server.base}{path}"
        headers = {} if "format=" in path or path.startswith("/queries/") else HTML
        run(url, headers=headers, seconds=1)  # warm-up
        found[name] = {
            "repeated": run(url, headers=headers, seconds=seconds),
            "one repeated": run(url, headers=headers, threads=1, connections=1, seconds=2),
        }
        print(f"  {server.name}: {name}", file=sys.stderr)
    return found


def _rate(load: Load) -> str:
    flag = "" if load.ok else "!"
    return f"{load.per_second:,.0f}{flag}"


def _ratio(ours: Load, other: Load) -> float:
    """Ours over Oxigraph's throughput; infinite where Oxigraph finished nothing in the time
    and we did (a query that takes it longer than the case lasts)."""
    if other.per_second:
        return ours.per_second / other.per_second
    return float("inf") if ours.per_second else float("nan")


def report(ours: dict[str, dict[str, Load]], ox: dict[str, dict[str, Load]]) -> list[str]:
    """The issue's table, then the p50s, then the verdicts."""
    lines = [
        "| query | ours, repeated | Oxigraph | ratio | ours, unique | Oxigraph | ratio |",
        "|---|---|---|---|---|---|---|",
    ]
    missed: list[str] = []
    for name in QUERIES:
        o, x = ours[name], ox[name]
        rep, uni = _ratio(o["repeated"], x["repeated"]), _ratio(o["unique"], x["unique"])
        lines.append(
            f"| {name} | {_rate(o['repeated'])} | {_rate(x['repeated'])} | {rep:.2f} | "
            f"{_rate(o['unique'])} | {_rate(x['unique'])} | {uni:.2f} |"
        )
        if not rep >= REPEATED:
            missed.append(f"{name}: repeated {rep:.2f} < {REPEATED}")
        if not uni >= UNIQUE:
            missed.append(f"{name}: unique {uni:.2f} < {UNIQUE}")
    lines += [
        "",
        "p50 latency at one client, ms (wrk -t1 -c1):",
        "",
        "| query | ours, repeated | Oxigraph | ratio | ours, unique | Oxigraph | ratio |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in QUERIES:
        o, x = ours[name], ox[name]
        cells = []
        for kind in ("one repeated", "one unique"):
            share = o[kind].p50_ms / x[kind].p50_ms if x[kind].p50_ms else float("nan")
            cells.append(f"{o[kind].p50_ms:.3f} | {x[kind].p50_ms:.3f} | {share:.2f}")
            if not share <= P50:
                missed.append(f"{name}: p50 ({kind}) {share:.2f} x Oxigraph's > {P50}")
        lines.append(f"| {name} | {' | '.join(cells)} |")
    return [*lines, "", *_verdicts(missed)]


def page_report(pages: dict[str, dict[str, Load]]) -> list[str]:
    lines = [
        "| page (ours) | req/s, wrk -t2 -c8 | p50 ms, -c8 | p50 ms, one client |",
        "|---|---|---|---|",
    ]
    missed = []
    for name, loads in pages.items():
        rep, one = loads["repeated"], loads["one repeated"]
        lines.append(f"| {name} | {_rate(rep)} | {rep.p50_ms:.3f} | {one.p50_ms:.3f} |")
        if "(HTML)" in name and not rep.per_second >= PAGE_TARGET:
            missed.append(f"{name}: {rep.per_second:,.0f} req/s < {PAGE_TARGET:,.0f}")
    return [*lines, "", *_verdicts(missed)]


def _verdicts(missed: list[str]) -> list[str]:
    if not missed:
        return ["every target: MET"]
    return [f"MISSED: {line}" for line in missed]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="wrk's -d for -c8 cases")
    parser.add_argument("--graph", type=Path, default=ROOT / "build" / "graph.nq")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    if not args.graph.is_file():
        sys.exit(f"{args.graph}: not found; run `lexkg build` first")
    before = load_average()
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="lexkg-side-") as tmp:
        folder = Path(tmp)
        graph = folder / args.graph.name
        shutil.copyfile(args.graph, graph)  # a fresh copy: never stale, never rebuilt
        ours_server = start_ours(
            graph, folder / "ours.log", workers=args.workers, threads=args.threads
        )
        store = folder / "oxigraph"
        with (
            running(ours_server) as server,
            running(start_oxigraph_read_only(graph, store, folder / "ox.log")) as oxigraph,
        ):
            found = query_cases([server, oxigraph], args.seconds)
            pages = page_cases(server, args.seconds)
        ours, ox = found["ours"], found["oxigraph"]
    quads = sum(1 for line in args.graph.open("rb") if not line.startswith(b"#"))
    print(f"load average before the run: {before}; {time.monotonic() - began:.0f} s in all")
    print(f"graph: {args.graph} ({quads:,} quads)")
    print(
        f"wrk -t2 -c8 -d{args.seconds:g}s (one client: -t1 -c1 -d2s); ours: lexkg serve "
        f"({args.workers} workers x {args.threads} threads); Oxigraph: serve-read-only "
        "--union-default-graph; req/s ending in !: some requests failed"
    )
    print()
    for line in report(ours, ox):
        print(line)
    print()
    for line in page_report(pages):
        print(line)


if __name__ == "__main__":
    main()
