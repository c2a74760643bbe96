"""How load time, memory and query latency grow from one act to a corpus of acts.

Run from the project root, after ``lexkg build``, with Debian's ``wrk`` installed (and the
``oxigraph`` binary, ``pip install oxigraph``, for the reference)::

    python bench/scale.py [--acts 10,100,1000] [--seconds 3] [--no-oxigraph]
                          [--graph build/graph.nq]

For each N of --acts, a graph of N acts is generated from the built graph of the seed act:
its act graphs (the act, `…/reg/2024/1732/oj`, and the consolidated version of the act it
amends, `…/reg/2021/1173/2024-07-09`) are copied N times with their IRIs rewritten, copy k
(0 ≤ k < N) having reg/2024/{1732+k} and reg/2021/{1173+k} (copy 0 is the seed itself),
blank nodes renamed, and the graphs that are not an act's (the ontology, the example hosts)
written once. No text is parsed again: the structure, the texts and the links of the seed
are multiplied, as a corpus of acts like it would be.

Then, for each N:

* ours: ``lexkg serve`` (2 workers x 4 threads, as bench/compare.py, without its answer
  cache: every request evaluates its query) is started on the file; its load time is the
  time until /health answers (both workers load the graph, in parallel); its memory is the
  sum over its processes of RSS and of PSS (shared pages divided among their sharers), after
  the load and at the peak while it is queried;
* oxigraph (unless --no-oxigraph): ``oxigraph serve`` in memory with --union-default-graph,
  loaded by ``lexkg load`` (one Graph Store PUT per graph), for reference;
* the queries, measured with wrk from one connection (``wrk -t1 -c1``, the query POSTed
  over and over as bench/endpoint.py does, no warm-up but the one request that counts the
  answer's rows) for --seconds each, or three times that first answer's time if longer (wrk
  drops a request still unanswered at the end, so a slow query is answered at least twice):
  every named query, asked about the last copy (its IRIs rewritten; norms-of-provision about
  the seed, whose provisions the ontology's norms are written for), and the 3-hop join of
  bench/stores.py (subdivision → expression → German text) over the whole corpus, counted
  and in full.

Prints one table and marks the targets at the largest N of at least 1,000 acts: every
named query's p50 under 100 ms, the load under 5 minutes, the memory (PSS) within
24 GiB.
"""

from __future__ import annotations

import argparse
import math
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from compare import MemorySampler, answer_size, load_oxigraph, oxigraph_binary, post, start_oxigraph
from endpoint import named_queries, run_case
from procs import load_average, machine_busy
from servers import Server, running, start_ours
from wrk import Load

ROOT = Path(__file__).resolve().parents[1]

SEED_ACT, SEED_AMENDED = 1732, 1173
_ACT_IRI = re.compile(r"(/eli/reg/2024/)1732(?=[/>#])|(/eli/reg/2021/)1173(?=[/>#])")
_ACT_NUMBER = re.compile(r'"(2024/)1732"|"(2021/)1173"')
_BLANK = re.compile(r"(?<![^\s<])_:([A-Za-z0-9_]+)")

# Asked about the seed: the norms (in the ontology, not copied) are those of its provisions.
SEED_ONLY = ("norms-of-provision",)
PREFIXES = (
    "PREFIX eli: <http://data.europa.eu/eli/ontology#>\n"
    "PREFIX lkg: <https://w3id.org/lexkg/ontology#>\n"
)
THREE_HOP = """{ ?sub a eli:LegalResourceSubdivision ; eli:is_realized_by ?e .
  ?e lkg:text ?text .
  FILTER (LANG(?text) = "de") }"""
JOINS = {
    "3-hop join (count)": f"{PREFIXES}SELECT (COUNT(*) AS ?n) WHERE {THREE_HOP}",
    "3-hop join (rows)": f"{PREFIXES}SELECT ?sub ?text WHERE {THREE_HOP}",
}

# A row of the table: acts, query, (rows, what wrk measured) on ours and on Oxigraph.
Row = tuple[int, str, tuple[str, Load] | None, tuple[str, Load] | None]

# Targets, at 1,000 acts or more.
TARGET_ACTS = 1000
NAMED_P50_MS = 100.0
LOAD_SECONDS = 300.0
MEMORY_BYTES = 24 * 2**30


def rewrite(text: str, k: int) -> str:
    """Text (N-Quads lines or a query) with the seed's act IRIs and numbers made copy k's."""
    if k == 0:
        return text

    def iri(match: re.Match[str]) -> str:
        if match.group(1):
            return f"{match.group(1)}{SEED_ACT + k}"
        return f"{match.group(2)}{SEED_AMENDED + k}"

    def number(match: re.Match[str]) -> str:
        if match.group(1):
            return f'"{match.group(1)}{SEED_ACT + k}"'
        return f'"{match.group(2)}{SEED_AMENDED + k}"'

    return _ACT_NUMBER.sub(number, _ACT_IRI.sub(iri, text))


def _graph_of(line: str) -> str:
    """The graph term of an N-Quads line ("" for the default graph)."""
    body = line.rstrip()
    if not body.endswith("."):
        return ""
    last = body[:-1].rstrip().rpartition(" ")[2]
    return last if last.startswith("<") and last.endswith(">") and body.count(" ") >= 4 else ""


def is_act_graph(graph: str) -> bool:
    return "/eli/reg/2024/1732" in graph or "/eli/reg/2021/1173" in graph


def generate(seed: Path, acts: int, out: Path) -> int:
    """Write a graph of `acts` acts made from the seed's; return its number of quads."""
    shared: list[str] = []
    act: list[str] = []
    for line in seed.read_text(encoding="utf-8").splitlines(keepends=True):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        (act if is_act_graph(_graph_of(line)) else shared).append(line)
    template = "".join(act)
    has_blank = "_:" in template
    with out.open("w", encoding="utf-8") as file:
        file.writelines(shared)
        for k in range(acts):
            copy = rewrite(template, k)
            if has_blank and k:
                copy = _BLANK.sub(rf"_:k{k}_\1", copy)
            file.write(copy)
    return len(shared) + len(act) * acts


def queries(acts: int) -> tuple[dict[str, str], set[str]]:
    """The queries at N acts (name → text) and the names the latency target applies to."""

    named, _ = named_queries()
    last = acts - 1
    chosen = {
        f"{name} (act {0 if name in SEED_ONLY else last})": text
        if name in SEED_ONLY
        else rewrite(text, last)
        for name, text in named.items()
    }
    return chosen | JOINS, set(chosen)


def mib(size: float) -> str:
    return f"{size / 2**20:,.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--acts",
        default="10,100,1000",
        type=lambda text: [int(n) for n in text.split(",")],
        help="numbers of acts, comma-separated (default 10,100,1000)",
    )
    parser.add_argument(
        "--seconds", type=int, default=3, help="measured time per query (wrk's -d), at least"
    )
    parser.add_argument("--graph", type=Path, default=ROOT / "build" / "graph.nq")
    parser.add_argument("--no-oxigraph", action="store_true", help="do not measure Oxigraph")
    args = parser.parse_args()
    if not args.graph.is_file():
        sys.exit(f"{args.graph}: not found; run `lexkg build` first")
    with_oxigraph = not args.no_oxigraph and oxigraph_binary() is not None
    before = load_average()
    busy, began = machine_busy(), time.perf_counter()
    rows: list[Row] = []
    facts: dict[int, dict[str, object]] = {}
    targets: dict[int, set[str]] = {}
    with tempfile.TemporaryDirectory(prefix="lexkg-scale-") as tmp:
        folder = Path(tmp)
        for acts in args.acts:
            graph = folder / f"acts-{acts}.nq"
            started = time.perf_counter()
            quads = generate(args.graph, acts, graph)
            made = time.perf_counter() - started
            print(f"{acts} acts: {quads:,} quads generated in {made:.1f} s", file=sys.stderr)
            chosen, targets[acts] = queries(acts)
            fact: dict[str, object] = {"quads": quads, "generated s": made}
            options = ("--max-result-bytes", str(4 << 30), "--query-timeout", "600")
            options += ("--answer-cache-bytes", "0")  # every request evaluates its query
            measured: dict[str, dict[str, tuple[str, Load]]] = {}
            servers = ["ours", "oxigraph"] if with_oxigraph else ["ours"]
            for name in servers:
                if name == "ours":
                    server = start_ours(graph, folder / f"ours-{acts}.log", extra=options)
                else:
                    server = start_oxigraph(folder / f"oxigraph-{acts}.log")
                with running(server):
                    if name == "oxigraph":
                        fact["oxigraph load s"] = load_oxigraph(server, graph)
                    else:
                        fact["ours load s"] = server.ready_seconds
                    sampler = MemorySampler(server.pid)
                    rss, pss = sampler.sample()
                    fact[f"{name} RSS after load"], fact[f"{name} PSS after load"] = rss, pss
                    with sampler:
                        measured[name] = _measure(server, chosen, args.seconds)
                    fact[f"{name} peak RSS"] = sampler.peak_rss
                    fact[f"{name} peak PSS"] = sampler.peak_pss
            facts[acts] = fact
            for query in chosen:
                rows.append(
                    (
                        acts,
                        query,
                        measured.get("ours", {}).get(query),
                        measured.get("oxigraph", {}).get(query),
                    )
                )
            graph.unlink()
    others = max(0.0, machine_busy() - busy) / (time.perf_counter() - began) * 100
    _print(args, before, others, facts, rows, targets, with_oxigraph)


def _measure(server: Server, chosen: dict[str, str], seconds: int) -> dict[str, tuple[str, Load]]:
    """The answer's size and what wrk measured of each query, from one connection: for
    *seconds*, or for three times the first answer's time if longer."""
    results = {}
    for name, query in chosen.items():
        began = time.perf_counter()
        status, body = post(server, query, timeout=900)
        lasting = max(seconds, math.ceil(3 * (time.perf_counter() - began)))
        size = answer_size(body) if status == 200 else f"HTTP {status}"
        load = run_case(server, query, 1, lasting, warm_up=0).load
        results[name] = (size, load)
        print(f"  {server.name}: {name}: {size} rows, p50 {load.p50_ms:.1f} ms", file=sys.stderr)
    return results


def _print(
    args: argparse.Namespace,
    before: str,
    others: float,
    facts: dict[int, dict[str, object]],
    rows: list[Row],
    targets: dict[int, set[str]],
    with_oxigraph: bool,
) -> None:
    print(f"load average over 1/5/15 min before the run: {before}")
    print(
        f"seed: {args.graph}; wrk -t1 -c1 -d{args.seconds}s (or 3 x a slow query's first "
        "answer) per query; ms unless said"
    )
    print(f"machine busy over the whole run: {others:.0f} % of one core (this run's processes too)")
    print()
    head = (
        f"{'acts':>5} {'quads':>10} {'gen s':>6} {'ours load s':>11} {'RSS MiB':>8} {'PSS MiB':>8}"
    )
    head += f" {'peak PSS':>8}"
    if with_oxigraph:
        head += f" {'ox load s':>9} {'ox RSS MiB':>10}"
    print(head)
    for acts, fact in facts.items():
        line = (
            f"{acts:>5} {fact['quads']:>10,} {fact['generated s']:>6.1f}"
            f" {fact['ours load s']:>11.2f}"
            f" {mib(fact['ours RSS after load']):>8} {mib(fact['ours PSS after load']):>8}"
            f" {mib(fact['ours peak PSS']):>8}"
        )
        if with_oxigraph:
            line += f" {fact['oxigraph load s']:>9.2f} {mib(fact['oxigraph peak RSS']):>10}"
        print(line)
    print()
    width = max(len(row[1]) for row in rows)
    head = f"{'acts':>5} {'query':<{width}} {'rows':>7} {'p50':>9} {'p99':>9} {'n':>6}"
    if with_oxigraph:
        head += f" {'ox p50':>9} {'ours/ox':>7}"
    print(head)
    for acts, name, ours, oxigraph in rows:
        size, load = ours
        n = f"{load.requests}{'' if load.ok else '!'}"
        line = f"{acts:>5} {name:<{width}} {size:>7} {load.p50_ms:>9.1f} {load.p99_ms:>9.1f} {n:>6}"
        if with_oxigraph and oxigraph:
            flag = "" if oxigraph[0] == size else "*"
            ox = oxigraph[1].p50_ms
            line += f" {ox:>9.1f} {load.p50_ms / ox:>6.1f}x{flag}"
        print(line)
    if with_oxigraph:
        print("ours/ox: our p50 over Oxigraph's; * where Oxigraph's answer has other rows")
    print("n: requests answered; ending in !: some failed")
    largest = max(facts)
    print("\ntargets:")
    if largest < TARGET_ACTS:
        print(f"  not judged: the targets are for {TARGET_ACTS:,} acts or more (--acts)")
        return
    fact = facts[largest]
    named = {
        name: ours[1].p50_ms
        for acts, name, ours, _ in rows
        if acts == largest and name in targets[largest]
    }
    slow = sorted((ms, name) for name, ms in named.items() if not ms < NAMED_P50_MS)
    print(
        f"  at {largest:,} acts, named queries p50 under {NAMED_P50_MS:g} ms: "
        f"{'MET' if not slow else 'MISSED'} ({len(named) - len(slow)} of {len(named)}; "
        f"median {statistics.median(named.values()):.1f} ms)"
    )
    for ms, name in slow:
        print(f"    missed: {name} {ms:.1f} ms")
    load = float(fact["ours load s"])
    print(
        f"  load under {LOAD_SECONDS / 60:g} minutes: {'MET' if load < LOAD_SECONDS else 'MISSED'} "
        f"({load:.1f} s until our server answers; generating the file took "
        f"{float(fact['generated s']):.1f} s)"
    )
    peak = int(fact["ours peak PSS"])
    print(
        f"  memory within {MEMORY_BYTES / 2**30:g} GiB: "
        f"{'MET' if peak < MEMORY_BYTES else 'MISSED'} "
        f"(peak PSS {peak / 2**30:.2f} GiB over our server's processes; peak RSS sum "
        f"{int(fact['ours peak RSS']) / 2**30:.2f} GiB counts the shared pages once per process)"
    )


if __name__ == "__main__":
    main()
