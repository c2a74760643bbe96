"""Latency and throughput of every named query through our server, measured with wrk.

Run from the project root, after ``lexkg build``, with Debian's ``wrk`` installed::

    python bench/endpoint.py [--seconds 5] [--concurrency 1 16] [--graph build/graph.nq]

Starts ``lexkg serve`` (granian, 2 workers x 4 threads, every default) on a free port of
127.0.0.1, serving a copy of the graph (so the server never rebuilds build/graph.nq), and
stops it at the end. Each case is one query POSTed as application/sparql-query by wrk from N
keep-alive connections (``wrk -c N``; 2 threads, 1 for an odd N) for --seconds (whole
seconds) after a one-second warm-up from two connections at most (wrk drops the requests in
flight when it stops, and the server still answers them: two leave little behind): the same
request over and over, so after the first our answer cache answers it (a POST is never
answered from the response cache, which keeps GETs). The cases: ``ASK {}`` (the floor: HTTP,
granian and our stack, with no data touched), then every named query in queries/, each ``#+
param`` variable replaced in the text by the value its header gives (``= DEFAULT``, else
"e.g. X" in the description), as the store's substitutions would. Prints one table:
requests, failed requests, p50 and p99 latency (ms) and throughput (requests/s), all wrk's,
and the CPU used meanwhile (Linux /proc; 100 = one core) by the server, by wrk and by anything
else on the machine: wrk runs on the same machine and competes with the server for the CPU,
and other work skews the figures; the last column shows how much.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from procs import children_cpu, load_average, machine_busy, tree_cpu
from servers import HOST, Server, running, start_ours
from wrk import Load, run

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


SPARQL_QUERY = {
    "Content-Type": "application/sparql-query",
    "Accept": "application/sparql-results+json",
}


@dataclass
class Case:
    """What wrk measured of one query, and the CPU used meanwhile (% of one core)."""

    load: Load
    server_cpu: float
    wrk_cpu: float
    other_cpu: float  # everything else on the machine


def _meter(server: int) -> tuple[float, ...]:
    """The clock, and the CPU seconds used so far by the server, by wrk, by the machine."""
    return time.perf_counter(), tree_cpu(server), children_cpu(), machine_busy()


def run_case(server: Server, query: str, clients: int, seconds: int, warm_up: int = 1) -> Case:
    """wrk POSTs the query from *clients* connections for *seconds*, after *warm_up* seconds
    of the same (none if 0) from two at most, which leave few unanswered requests behind."""
    url = f"{server.base}{server.path}"
    body = query.encode("utf-8")
    if warm_up:
        run(url, headers=SPARQL_QUERY, body=body, connections=min(2, clients), seconds=warm_up)
    before = _meter(server.pid)
    load = run(url, headers=SPARQL_QUERY, body=body, connections=clients, seconds=seconds)
    elapsed, *used = (after - then for after, then in zip(_meter(server.pid), before, strict=True))
    served, client, busy = (x / elapsed * 100 for x in used)
    return Case(load, served, client, max(0.0, busy - served - client))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5, help="measured time per case (wrk's -d)")
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

    print(
        f"server: 2 workers x 4 threads on {HOST}:{server.port}; wrk -c N -d{args.seconds}s "
        "per case after a 1 s warm-up"
    )
    print(f"load average over 1/5/15 min before the run: {before}")
    width = max(len(name) for name in cases)
    print(
        f"{'query':<{width}}  {'N':>4}  {'requests':>8}  {'failed':>6}  "
        f"{'p50 ms':>8}  {'p99 ms':>8}  {'req/s':>8}  {'CPU % server/wrk/others':>26}"
    )
    for (name, n), case in results.items():
        print(
            f"{name:<{width}}  {n:>4}  {case.load.requests:>8}  {case.load.failed:>6}  "
            f"{case.load.p50_ms:>8.2f}  {case.load.p99_ms:>8.2f}  {case.load.per_second:>8.1f}  "
            f"{f'{case.server_cpu:.0f}/{case.wrk_cpu:.0f}/{case.other_cpu:.0f}':>26}"
        )
    for note in notes:
        print(f"note: {note}")


if __name__ == "__main__":
    main()
