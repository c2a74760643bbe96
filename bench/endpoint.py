"""Latency and throughput of the SPARQL endpoint, through the real server.

Run from the project root, after ``lexkg build``::

    python bench/endpoint.py [--seconds 5] [--concurrency 1 16] [--graph build/graph.nq]

Starts ``python -m lexkg.cli serve`` (2 workers, 4 threads) on a free port of 127.0.0.1,
serving a copy of the graph (so the server never rebuilds build/graph.nq), and stops it at the
end. Each case is one query POSTed as application/sparql-query by N client threads, each on
its own keep-alive connection, for --seconds after a short warm-up; the client runs on the
same machine, so it competes with the server for the CPU. The cases: ``ASK {}`` (the floor:
HTTP, Flask and the store's query thread, with no data touched), then every named query in
queries/, each ``#+ param`` variable replaced in the text by the value its header gives
(``= DEFAULT``, else "e.g. X" in the description), as the store's substitutions would.
Prints one table: requests, errors, p50 and p99 latency (ms), throughput (requests/s), and the
CPU used meanwhile (Linux /proc; 100 = one core) by the server, by this client and by anything
else on the machine: other work skews the figures, and the last column shows how much.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from load import keep_alive, percentile
from procs import load_average, machine_busy
from servers import HOST, Server, running, start_ours

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "queries"

_PARAM = re.compile(r"param\s+(\w+)\s*:\s*(\w+)(?:\s*=\s*(\S+))?\s*(.*)", re.S)
_EXAMPLE = re.compile(r"\b(?:default|e\.g\.|example)[:,]?\s+(\S+)", re.I)
_VARIABLE = re.compile(r"[?$](\w+)")
_PROJECTION = re.compile(r"\bSELECT\b(.*?)(?:\bWHERE\b|\{)", re.I | re.S)
# Comments, strings and IRIs: text in which a "?name" is not a variable.
_OPAQUE = re.compile(
    r"#[^\n\r]*"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>',
    re.S,
)


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    value: str | None  # as SPARQL syntax; None if the header gives no usable value


def header(text: str) -> list[str]:
    """The ``#+`` header entries of a named query, continuation lines joined."""
    entries: list[str] = []
    for line in text.splitlines():
        if not line.startswith("#+"):
            continue
        body = line[2:]
        if entries and body.startswith("  "):
            entries[-1] += " " + body.strip()
        else:
            entries.append(body.strip())
    return entries


def sparql_term(kind: str, value: str) -> str:
    """A parameter value from a header as a SPARQL term, by the parameter's declared kind."""
    if value.startswith(("<", '"')):
        return value
    if kind == "iri":
        return f"<{value}>"
    if kind in ("integer", "decimal", "double", "boolean"):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def params(text: str) -> list[Param]:
    """The parameters a named query declares, each with its default or example value."""
    found = []
    for entry in header(text):
        match = _PARAM.fullmatch(entry)
        if not match:
            continue
        name, kind, default, description = match.groups()
        example = _EXAMPLE.search(description)
        value = default or (example.group(1).rstrip(".,;)") if example else None)
        found.append(Param(name, kind, sparql_term(kind, value) if value else None))
    return found


def bind(text: str, bound: list[Param]) -> str:
    """The query with each parameter's variable replaced by its value, as pyoxigraph's
    substitutions do: ``(value AS ?var)`` in the projection, ``(value)`` in the solution
    modifiers after the last ``}`` (ORDER BY takes an expression), the value elsewhere.
    """
    values = {p.name: str(p.value) for p in bound}
    masked = _OPAQUE.sub(lambda m: " " * len(m.group()), text)  # same offsets, no literals
    projection = _PROJECTION.search(masked)
    modifiers = masked.rfind("}")
    pieces, done = [], 0
    for match in _VARIABLE.finditer(masked):
        name, at = match.group(1), match.start()
        if name not in values:
            continue
        term = values[name]
        if projection is not None and projection.start(1) <= at < projection.end(1):
            term = f"({term} AS ?{name})"
        elif at > modifiers:
            term = f"({term})"
        pieces += [text[done:at], term]
        done = match.end()
    return "".join([*pieces, text[done:]])


def named_queries(folder: Path = QUERIES) -> tuple[dict[str, str], list[str]]:
    """The runnable named queries (file stem → query text, parameters bound) and notes
    on the ones that cannot run (a parameter without a value in its header)."""
    runnable: dict[str, str] = {}
    notes: list[str] = []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        declared = params(text)
        missing = [p.name for p in declared if p.value is None]
        if missing:
            notes.append(f"{path.name}: skipped, no default or example for {', '.join(missing)}")
            continue
        runnable[path.stem] = bind(text, declared)
    return runnable, notes


@dataclass
class Case:
    requests: int
    errors: int
    p50_ms: float
    p99_ms: float
    per_second: float
    cpu: tuple[float, float, float]  # server, client, everything else: % of one core


def cpu_seconds(server: int) -> tuple[float, float, float]:
    """CPU time used so far by the server's processes, by this process, by the machine."""
    tick = os.sysconf("SC_CLK_TCK")
    served = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:  # gone
            continue
        if server in (int(entry.name), int(fields[1])):  # the master or one of its workers
            served += int(fields[11]) + int(fields[12])  # utime, stime
    return served / tick, time.process_time(), machine_busy()


def run_case(server: Server, query: str, concurrency: int, seconds: float) -> Case:
    """N threads each POST the query over one keep-alive connection until time is up."""
    run = keep_alive(
        server.port,
        "/sparql",
        query.encode("utf-8"),
        {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
        concurrency=concurrency,
        seconds=seconds,
        warm_up=0.5,
        timeout=60,
        meter=lambda: cpu_seconds(server.pid),
    )
    served, client, busy = (used / run.elapsed * 100 for used in run.used)
    cpu = (served, client, max(0.0, busy - served - client))
    if not run.latencies:
        return Case(0, run.errors, math.nan, math.nan, 0.0, cpu)
    return Case(
        len(run.latencies),
        run.errors,
        percentile(run.latencies, 50) * 1000,
        percentile(run.latencies, 99) * 1000,
        len(run.latencies) / seconds,
        cpu,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="measured time per case")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 16])
    parser.add_argument("--graph", type=Path, default=ROOT / "build" / "graph.nq")
    args = parser.parse_args()
    if not args.graph.is_file():
        sys.exit(f"{args.graph}: not found; run `lexkg build` first")

    before = load_average()
    cases = {"ASK {} (floor)": "ASK {}"}
    queries, notes = named_queries()
    cases.update(queries)
    with tempfile.TemporaryDirectory(prefix="lexkg-bench-") as tmp:
        graph = Path(tmp) / args.graph.name
        shutil.copyfile(args.graph, graph)  # a fresh copy: never stale, never rebuilt
        with running(start_ours(graph, Path(tmp) / "server.log", timeout=60)) as server:
            results = {
                (name, n): run_case(server, query, n, args.seconds)
                for name, query in cases.items()
                for n in args.concurrency
            }

    print(f"server: 2 workers x 4 threads on {HOST}:{server.port}; {args.seconds:g} s per case")
    print(f"load average over 1/5/15 min before the run: {before}")
    width = max(len(name) for name in cases)
    print(
        f"{'query':<{width}}  {'conc':>4}  {'requests':>8}  {'errors':>6}  "
        f"{'p50 ms':>8}  {'p99 ms':>8}  {'req/s':>8}  {'CPU % server/client/others':>26}"
    )
    for (name, n), case in results.items():
        print(
            f"{name:<{width}}  {n:>4}  {case.requests:>8}  {case.errors:>6}  "
            f"{case.p50_ms:>8.2f}  {case.p99_ms:>8.2f}  {case.per_second:>8.1f}  "
            f"{'/'.join(f'{x:.0f}' for x in case.cpu):>26}"
        )
    for note in notes:
        print(f"note: {note}")


if __name__ == "__main__":
    main()
