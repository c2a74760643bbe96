"""The built graph as the commands use it: built from the texts, rebuilt when stale, read."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from lexkg import resources
from lexkg.loader.build import (
    FORMATS,
    Built,
    Text,
    build,
    detect_layout,
    read_source,
    source_from_texts,
    text_identity,
    write,
)
from lexkg.loader.errors import LoaderError
from lexkg.loader.terms import to_rdflib
from lexkg.server.store.embedded import check_graph_file

__all__ = ["act_file", "load_graph", "ready", "run_build", "stale"]


def act_file(option: Path | None) -> Path:
    if option is not None:
        return option
    found = resources.act_files()
    if len(found) != 1:
        where = resources.data_dir()
        raise LoaderError(f"expected one act under {where}, found {len(found)}; use --act")
    return found[0]


def run_build(act: Path | None, texts: list[tuple[str, Path]], out: Path, quiet: bool) -> Built:
    """Build and write the graph; print progress and a summary.

    Without *act*, texts of an act not under data/ are read alone: the act's metadata comes
    from the texts (`source_from_texts`)."""
    alone = act is None and bool(texts) and _text_only(texts)
    if alone:
        source = source_from_texts(texts)
        texts = []
    else:
        source = read_source(act_file(act))
    for lang, path in texts:
        known = source.texts.get(lang)
        layout = known.layout if known else detect_layout(path)
        source.texts[lang] = Text(lang, path, layout)

    def progress(message: str) -> None:
        if not quiet:
            print(f"  {message}", file=sys.stderr)

    # The ontology's norms and example hosts are about the seed act's amended act: an act read
    # from its texts alone is built and checked against the shapes without them.
    built = build(
        source,
        None if alone else resources.ontology_files(),
        progress,
        examples=None if alone else resources.example_files(),
        shapes=resources.shapes_file(),
    )
    progress(f"writing {out}")
    write(built.dataset, out)
    per_language = Counter()
    for act in built.acts:
        per_language[act.language] = sum(1 for _ in act.walk())
    counts = ", ".join(f"{lang} {n}" for lang, n in per_language.items())
    print(
        f"built {out}: subdivisions per language: {counts}; "
        f"{built.triples} triples in {built.seconds:.2f} s"
    )
    return built


def _text_only(texts: list[tuple[str, Path]]) -> bool:
    """Whether the texts are of an act other than those under data/: their title gives another
    number and their header another date of publication. A text that does not say both is read
    as a language version of the act under data/, as before (and refused there if it is not)."""
    lang, path = texts[0]
    number, published = text_identity(path, lang)
    known = [read_source(f) for f in resources.act_files()]
    return (
        number is not None
        and published is not None
        and all(number != s.number and published != s.meta.date_publication for s in known)
    )


def stale(graph: Path) -> bool:
    """Whether the graph is missing or older than the texts, metadata or ontology."""
    if not graph.exists():
        return True
    inputs = [*resources.data_dir().rglob("*"), *resources.ontology_files()]
    newest = max((p.stat().st_mtime for p in inputs if p.is_file()), default=0)
    return graph.stat().st_mtime < newest


def ready(graph: Path, rebuild: bool = False) -> Path:
    """The graph file, built first if it is missing or stale (and is the default kind)."""
    if graph.suffix in FORMATS and (rebuild or stale(graph)):
        run_build(None, [], graph, quiet=True)
    return graph


def load_graph(graph: Path) -> Graph:
    """The triples of a built graph file, all named graphs in one."""
    check_graph_file(graph)
    g = Graph()
    for quad in ox.parse(path=str(graph), format=FORMATS.get(graph.suffix, ox.RdfFormat.N_QUADS)):
        g.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return g
