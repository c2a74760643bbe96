"""Choose the embedded RDF store by measurement: pyoxigraph, rdflib, rdflib over oxrdflib.

Run from the project root, after ``lexkg build`` (and ``pip install oxrdflib``)::

    python bench/stores.py [--triples 1000000] [--repeat 20] [--budget 10]

Two graphs: build/graph.nq, and a synthetic one of about --triples triples: the real graph
plus generated acts shaped like it (ELI IRIs, citations, recitals, articles, paragraphs and
points linked by eli:is_part_of, Dutch and German expressions whose lkg:text is a run of the
real texts' words, as long as a real text). It is seeded, so the same for the same built graph.

Each store loads each graph in a fresh process, which reports the load time, the growth of its
resident memory (RSS) while loading, and for each query the median and p99 (nearest rank: the
largest of fewer than 100 runs) of --repeat runs after one warm-up run, each run evaluating the
query and reading every row. A query gives up repeating once its runs pass --budget seconds.
The queries: a 3-hop join, a text scan, an aggregate, an IRI lookup, and two of queries/*.rq
(those without parameters first; parameters bound as bench/endpoint.py does). The union of the
named graphs is the default graph, as in the service. Prints one table, with
ratios to pyoxigraph, and how much CPU other processes used meanwhile (100 = one core): other
work on the machine skews the figures.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
from endpoint import named_queries, params
from load import percentile
from procs import load_average, machine_busy
from rdflib import Dataset

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "build" / "graph.nq"
STORES = ("pyoxigraph", "rdflib-memory", "rdflib+oxrdflib")
SEED = 1732

ELI = "http://data.europa.eu/eli/ontology#"
LKG = "https://w3id.org/lexkg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LANGUAGE_AUTHORITY = "http://publications.europa.eu/resource/authority/language/"
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
LANGUAGES = {"nl": "NLD", "de": "DEU"}

PREFIXES = f"PREFIX eli: <{ELI}>\nPREFIX lkg: <{LKG}>\n"
QUERIES = {
    "3-hop join": PREFIXES
    + """SELECT ?sub ?text WHERE {
  ?sub a eli:LegalResourceSubdivision ; eli:is_realized_by ?e .
  ?e lkg:text ?text .
  FILTER (LANG(?text) = "de")
}""",
    "text scan": PREFIXES
    + 'SELECT ?e WHERE { ?e lkg:text ?text FILTER (CONTAINS(?text, "Rechenzentrum")) }',
    "aggregate": "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type",
    "IRI lookup": "SELECT ?p ?o WHERE { "
    "<http://data.europa.eu/eli/reg/2021/1173/art_9/par_6a/2024-07-09/deu> ?p ?o }",
}
NAMED_QUERIES = 2  # how many of queries/*.rq to include
Report = dict[str, float | int | str]  # measure → value, or "error" → message
OTHERS = "others' CPU %"  # other processes' CPU use meanwhile, % of one core


def node(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def corpus(quads: list[ox.Quad]) -> dict[str, tuple[list[str], list[int]]]:
    """Per language: the words of the real texts, and each text's length in words."""
    texts: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}
    for quad in sorted(quads, key=str):
        obj = quad.object
        is_text = quad.predicate.value == LKG + "text" and isinstance(obj, ox.Literal)
        if is_text and obj.language in texts:
            texts[obj.language].append(obj.value)
    return {
        lang: ([w for t in found for w in t.split()], [len(t.split()) for t in found])
        for lang, found in texts.items()
    }


def structure(rng: random.Random) -> Iterator[tuple[str, str, str, str | None]]:
    """The subdivisions of one act: (path, kind, number, parent path or None for the act)."""
    for i in range(1, rng.randint(2, 6)):
        yield f"cit_{i}", "citation", str(i), None
    for i in range(1, rng.randint(3, 30)):
        yield f"rct_{i}", "recital", str(i), None
    for a in range(1, rng.randint(2, 15)):
        article = f"art_{a}"
        yield article, "article", str(a), None
        for p in range(1, rng.randint(1, 6)):
            paragraph = f"{article}/par_{p}"
            yield paragraph, "paragraph", str(p), article
            for letter in "abcdefgh"[: rng.choice((0, 0, 0, 2, 3, 5))]:
                yield f"{paragraph}/pnt_{letter}", "point", letter, paragraph


def label(kind: str, number: str) -> str:
    """The enumerator as both languages print it."""
    if kind == "article":
        return f"Artikel {number}"
    if kind == "recital":
        return f"({number})"
    return f"{number})" if kind in ("point", "citation") else f"{number}."


def act(rng: random.Random, words: dict[str, tuple[list[str], list[int]]], n: int) -> list[ox.Quad]:
    """The quads of one generated act, in its own named graph like the real one."""
    year = 2000 + n % 25
    base = f"http://data.europa.eu/eli/reg/{year}/{n}"
    the_act = node(f"{base}/oj")
    quads: list[ox.Quad] = []

    def add(s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal) -> None:
        quads.append(ox.Quad(s, node(p), o, the_act))

    add(the_act, RDF_TYPE, node(ELI + "LegalResource"))
    add(the_act, ELI + "number", ox.Literal(f"{year}/{n}"))
    add(the_act, ELI + "date_document", ox.Literal(f"{year}-06-17", datatype=XSD_DATE))
    for lang, code in LANGUAGES.items():
        expression = node(f"{base}/oj/{code.lower()}")
        add(the_act, ELI + "is_realized_by", expression)
        add(expression, RDF_TYPE, node(ELI + "LegalExpression"))
        add(expression, ELI + "realizes", the_act)
        add(expression, ELI + "title", ox.Literal(text(rng, words[lang], 30), language=lang))
    for order, (path, kind, number, parent) in enumerate(structure(rng), 1):
        sub = node(f"{base}/{path}/oj")
        up = node(f"{base}/{parent}/oj") if parent else the_act
        add(sub, RDF_TYPE, node(ELI + "LegalResourceSubdivision"))
        add(sub, ELI + "type_subdivision", node(LKG + kind))
        add(sub, ELI + "number", ox.Literal(number))
        add(sub, ELI + "is_part_of", up)
        add(up, ELI + "has_part", sub)
        add(sub, LKG + "order", ox.Literal(str(order), datatype=XSD_INTEGER))
        for lang, code in LANGUAGES.items():
            expression = node(f"{sub.value}/{code.lower()}")
            line = order * 3
            add(sub, ELI + "is_realized_by", expression)
            add(expression, RDF_TYPE, node(ELI + "LegalExpression"))
            add(expression, ELI + "realizes", sub)
            add(expression, ELI + "language", node(f"{LANGUAGE_AUTHORITY}{code}"))
            add(expression, LKG + "label", ox.Literal(label(kind, number), language=lang))
            add(expression, LKG + "text", ox.Literal(text(rng, words[lang]), language=lang))
            add(expression, LKG + "sourceFile", ox.Literal(f"data/reg-{year}-{n}/{lang}.txt"))
            add(expression, LKG + "firstLine", ox.Literal(str(line), datatype=XSD_INTEGER))
            add(expression, LKG + "lastLine", ox.Literal(str(line + 2), datatype=XSD_INTEGER))
    return quads


def text(rng: random.Random, words: tuple[list[str], list[int]], length: int = 0) -> str:
    """A run of the real words, as long as a real text (or `length` words)."""
    vocabulary, lengths = words
    n = min(length or rng.choice(lengths), len(vocabulary) - 1)
    start = rng.randrange(len(vocabulary) - n)
    return " ".join(vocabulary[start : start + n])


def synthesize(real: Path, triples: int, out: Path) -> int:
    """Write the real graph plus generated acts, about `triples` quads, to `out` (N-Quads)."""
    quads = list(ox.parse(path=str(real), format=ox.RdfFormat.N_QUADS))
    words = corpus(quads)
    rng = random.Random(SEED)
    count, number = len(quads), 0
    with out.open("wb") as file:
        ox.serialize(quads, file, format=ox.RdfFormat.N_QUADS)
        while count < triples:
            number += 1
            generated = act(rng, words, number)
            ox.serialize(generated, file, format=ox.RdfFormat.N_QUADS)
            count += len(generated)
    return count


def rss() -> int:
    """Resident memory of this process, in bytes (Linux)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def rows(result: object) -> int:
    """Read every row (or triple) of a result; an ASK answer counts as one."""
    if isinstance(result, ox.QueryBoolean):
        return 1
    return sum(1 for _ in result)  # type: ignore[attr-defined]


def load(store: str, path: Path) -> Callable[[str], object]:
    """Load the graph into a store; return its query function (union default graph)."""
    if store == "pyoxigraph":
        oxigraph = ox.Store()
        oxigraph.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
        return lambda q: oxigraph.query(q, use_default_graph_as_union=True)
    if store == "rdflib-memory":
        dataset = Dataset(default_union=True)
        dataset.parse(path, format="nquads")
    else:  # rdflib over oxrdflib: pyoxigraph's parser and SPARQL engine, rdflib's terms
        try:
            import oxrdflib  # noqa: F401  (registers the "Oxigraph" store and "ox-*" parsers)
        except ImportError:
            sys.exit("oxrdflib is not installed: pip install oxrdflib")
        dataset = Dataset(store="Oxigraph", default_union=True)
        dataset.parse(path, format="ox-nquads")
    return dataset.query


def measure(store: str, path: Path, queries: dict[str, str], repeat: int, budget: float) -> Report:
    """Load and query in this process."""
    if store != "pyoxigraph":  # rdflib finds its plugins on first use: not part of a load
        load(store, Path(os.devnull))
    busy, began = machine_busy() - time.process_time(), time.perf_counter()
    gc.collect()
    before, start = rss(), time.perf_counter()
    query = load(store, path)
    seconds = time.perf_counter() - start
    gc.collect()
    report: Report = {"load s": seconds, "RSS delta MB": (rss() - before) / 2**20}
    for name, sparql in queries.items():
        count = rows(query(sparql))  # warm-up
        times: list[float] = []
        spent = time.perf_counter()
        while len(times) < repeat and time.perf_counter() - spent < budget:
            start = time.perf_counter()
            rows(query(sparql))
            times.append(time.perf_counter() - start)
        report[f"{name} rows"] = count
        report[f"{name} runs"] = len(times)
        report[f"{name} median ms"] = percentile(times, 50) * 1000
        report[f"{name} p99 ms"] = percentile(times, 99) * 1000
    others = machine_busy() - time.process_time() - busy
    report[OTHERS] = max(0.0, others / (time.perf_counter() - began) * 100)
    return report


def chosen_queries() -> dict[str, str]:
    """The representative queries, and named ones: those without parameters first."""
    named, _ = named_queries()
    plain = sorted(named, key=lambda name: (bool(params(named_text(name))), name))
    return QUERIES | {f"named {name}": named[name] for name in plain[:NAMED_QUERIES]}


def named_text(name: str) -> str:
    return (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")


def child(store: str, graph: Path, queries: Path, repeat: int, budget: float) -> Report:
    """Measure one store on one graph in a fresh process."""
    command = [sys.executable, __file__, "--child", store, str(graph), str(queries)]
    command += ["--repeat", str(repeat), "--budget", str(budget)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or ["no output"]
        return {"error": lines[-1]}
    return json.loads(done.stdout)


def cell(report: Report, base: Report, measure: str, query: str | None, repeat: int) -> str:
    """One measure of one store: value (ratio to pyoxigraph), flagged if unlike pyoxigraph's."""
    if measure not in report:
        return "n/a"
    value, reference = float(report[measure]), float(base.get(measure, 0))
    text = f"{value:,.0f}" if value >= 100 else f"{value:.3g}"
    ratio = value / reference if reference > 0 and report is not base else None
    ratio = None if measure == OTHERS else ratio
    if ratio is not None:
        text += f" ({ratio:.2g}x)" if ratio < 10 else f" ({ratio:,.0f}x)"
    if query and report[f"{query} rows"] != base.get(f"{query} rows"):
        text += " rows differ!"
    if query and int(report[f"{query} runs"]) < repeat:
        text = f"[{report[f'{query} runs']} runs] {text}"
    return text


def table(results: dict[str, dict[str, Report]], queries: dict[str, str], repeat: int) -> str:
    """A row per graph and measure, a column per store: value (ratio to pyoxigraph)."""
    width = max(map(len, queries)) + len(" median ms")
    head = f"{'graph':<10} {'measure':<{width}} {'rows':>6}" + "".join(f"{s:>24}" for s in STORES)
    lines = [head]
    for graph, by_store in results.items():
        base = by_store["pyoxigraph"]
        measures: list[tuple[str, str | None]] = [("load s", None), ("RSS delta MB", None)]
        measures += [(f"{q} {m}", q) for q in queries for m in ("median ms", "p99 ms")]
        measures += [(OTHERS, None)]
        for measure, query in measures:
            rows = base.get(f"{query} rows", "") if measure.endswith("median ms") else ""
            cells = [cell(by_store[s], base, measure, query, repeat) for s in STORES]
            lines.append(
                f"{graph:<10} {measure:<{width}} {rows:>6}" + "".join(f"{c:>24}" for c in cells)
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="synthetic graph size")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per query")
    parser.add_argument("--budget", type=float, default=10.0, help="seconds of runs per query")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)  # STORE GRAPH QUERIES
    args = parser.parse_args()
    if args.child:
        store, graph, queries_file = args.child
        queries = json.loads(Path(queries_file).read_text(encoding="utf-8"))
        print(json.dumps(measure(store, Path(graph), queries, args.repeat, args.budget)))
        return
    if not REAL.is_file():
        sys.exit(f"{REAL}: not found; run `lexkg build` first")

    queries = chosen_queries()
    results: dict[str, dict[str, Report]] = {}
    with tempfile.TemporaryDirectory(prefix="lexkg-bench-") as tmp:
        queries_file = Path(tmp) / "queries.json"
        queries_file.write_text(json.dumps(queries), encoding="utf-8")
        synthetic = Path(tmp) / "synthetic.nq"
        start = time.perf_counter()
        size = synthesize(REAL, args.triples, synthetic)
        print(f"synthetic graph: {size:,} triples, made in {time.perf_counter() - start:.1f} s")
        print(f"load average over 1/5/15 min before the run: {load_average()}")
        for graph, path in (("real", REAL), ("synthetic", synthetic)):
            results[graph] = {}
            for store in STORES:
                results[graph][store] = child(store, path, queries_file, args.repeat, args.budget)
                print(f"  measured {store} on the {graph} graph", file=sys.stderr)
    print(table(results, queries, args.repeat))
    for graph, by_store in results.items():
        for store, report in by_store.items():
            if "error" in report:
                print(f"{store} on the {graph} graph failed: {report['error']}")


if __name__ == "__main__":
    main()
