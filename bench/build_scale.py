"""How the build grows with the number of acts and of consolidated versions.

Run from the project root, with the corpus beside it::

    python bench/build_scale.py [--corpus ../shared/corpus] [--copies 1,2,4,8] [--versions 1,2,4]

The family (Regulation 2021/1173, the acts amending it, its corrigendum) is read and
consolidated once. Then, for each N of --copies, N copies of the family are published into one
set of graphs, copy k (0 ≤ k < N) with its acts renumbered (reg/2021/{1173+k},
reg/2024/{1732+k}, reg/2026/{150+k}; copy 0 is the family itself), and completed as
`lexkg build` completes them: the ontology and the example hosts added, the whole checked
against the shapes, written as N-Quads. For each M of --versions, the family's three
consolidated versions are published M times over (dates moved on by 3 years per round, so
3M versions of one act, each linked to the one before), the rest as in one copy.

Stages are timed in this process (wall and CPU); the example hosts are classified once,
before, as their cost does not depend on the acts. Reading and consolidating are done once:
their cost per family is printed first.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from rdflib import Graph

from lexkg import resources
from lexkg.loader.build import complete, read_source, write
from lexkg.loader.consolidate import consolidate
from lexkg.loader.examples import classify_examples
from lexkg.loader.family import Family, read_family
from lexkg.loader.quads import Quads
from lexkg.loader.rdf import publish
from lexkg.loader.versions import Version
from lexkg.loader.versions_rdf import publish_versions

ROOT = Path(__file__).resolve().parent.parent
FIRST = {"2021/1173": 1173, "2024/1732": 1732, "2026/150": 150}


def _renumber(eli: str | None, k: int) -> str | None:
    if eli is None or k == 0:
        return eli
    for number, first in FIRST.items():
        year = number.split("/")[0]
        eli = eli.replace(f"/reg/{number}/", f"/reg/{year}/{first + k}/")
        if eli.endswith(f"/reg/{number}"):
            eli = eli.removesuffix(number) + f"{year}/{first + k}"
    return eli


def _publish(family: Family, versions: list[Version], copies: int, rounds: int) -> Quads:
    data = Quads()
    today = dt.date.today()
    for k in range(copies):
        shifted = [
            replace(
                v,
                act=_renumber(v.act, k),
                date=v.date.replace(year=v.date.year + 3 * r),
                until=v.until.replace(year=v.until.year + 3 * r) if v.until else None,
            )
            for r in range(rounds)
            for v in versions
        ]
        publish_versions(shifted, into=data)
        base = replace(family.base_meta, eli=_renumber(family.base_meta.eli, k))
        publish(list(family.base.values()), base, today, family.base_refs, into=data)
        for amending in family.amending:
            meta = replace(amending.meta, eli=_renumber(amending.meta.eli, k), amends=base.eli)
            acts = list(amending.acts.values())
            publish(acts, meta, today, amending.refs, consolidated=False, into=data)
    return data


class _Stopwatch:
    """Wall and CPU seconds of each stage, in order."""

    def __init__(self) -> None:
        self.times: dict[str, tuple[float, float]] = {}
        self._start = (time.perf_counter(), time.process_time())

    def lap(self, stage: str) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        self.times[stage] = (wall - self._start[0], cpu - self._start[1])
        self._start = (wall, cpu)


def _row(label: str, data: Quads, times: dict[str, tuple[float, float]]) -> str:
    cells = " | ".join(f"{w:.2f} ({c:.2f})" for w, c in times.values())
    total = sum(w for w, _ in times.values())
    per = total / len(data) * 100_000
    return f"| {label} | {len(data):,} | {cells} | {total:.2f} | {per:.2f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--copies", default="1,2,4,8")
    parser.add_argument("--versions", default="1,2,4")
    args = parser.parse_args()

    seed = read_source(resources.act_files()[0])
    start = time.perf_counter()
    family = read_family(args.corpus, seed)
    read = time.perf_counter() - start
    start = time.perf_counter()
    versions = consolidate(family.base, [a.acts for a in family.amending], family.corrigenda)
    consolidated = time.perf_counter() - start
    print(f"reading the family: {read:.2f} s; consolidating it: {consolidated:.2f} s (once)")

    vocabulary, hosts = Graph(), Graph()
    for path in resources.ontology_files():
        vocabulary.parse(path, format="turtle")
    for path in resources.example_files():
        hosts.parse(path, format="turtle")
    roles = classify_examples(vocabulary, hosts)
    stages = "publish | check (convert, shapes) | write"
    print(f"\n| graphs | triples | {stages} | total s | s per 100,000 triples |")
    print("|---|---|---|---|---|---|---|")
    cases = [(n, 1) for n in map(int, args.copies.split(","))]
    cases += [(1, m) for m in map(int, args.versions.split(",")) if m > 1]
    with tempfile.TemporaryDirectory() as tmp:
        for copies, rounds in cases:
            watch = _Stopwatch()
            data = _publish(family, versions, copies, rounds)
            watch.lap("publish")
            quads = complete(
                data,
                resources.ontology_files(),
                resources.example_files(),
                resources.shapes_file(),
                roles=lambda: roles,
            )
            watch.lap("check")
            write(data, Path(tmp) / "graph.nq", quads)
            watch.lap("write")
            label = f"{copies} famil{'y' if copies == 1 else 'ies'}, {3 * rounds} versions each"
            print(_row(label, data, watch.times), flush=True)
    print("\nwall seconds (CPU seconds of this process in brackets)")


if __name__ == "__main__":
    main()
