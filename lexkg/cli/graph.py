"""The built graph as the commands use it: built from the texts, rebuilt when stale, read."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from lexkg import resources
from lexkg.config import read as read_config
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
from lexkg.loader.family import build_family
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


def run_build(
    act: Path | None,
    texts: list[tuple[str, Path]],
    out: Path,
    quiet: bool,
    corpus: Path | None = None,
) -> Built:
    """Build and write the graph; print progress and a summary.

    Without *act*, texts of an act not under data/ are read alone: the act's metadata comes
    from the texts (`source_from_texts`). With a *corpus* folder, the seed act is built with
    its family: the act it amends, the other acts amending that one, its corrigenda, and the
    consolidated versions (`loader.family`)."""
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
    if corpus is not None and not alone:
        built = build_family(
            corpus,
            source,
            resources.ontology_files(),
            progress,
            examples=resources.example_files(),
            shapes=resources.shapes_file(),
        )
    else:
        built = build(
            source,
            None if alone else resources.ontology_files(),
            progress,
            examples=None if alone else resources.example_files(),
            shapes=resources.shapes_file(),
        )
    progress(f"writing {out}")
    write(built.dataset, out, built.quads)
    try:
        _inputs_file(out).write_text(_corpus_name(corpus if not alone else None), "utf-8")
    except OSError as error:
        raise LoaderError(f"cannot write beside the graph: {error}", path=str(out)) from None
    per_act: dict[str, Counter[str]] = {}
    for act in built.acts:
        per_act.setdefault(act.number, Counter())[act.language] = sum(1 for _ in act.walk())
    counts = "; ".join(
        ", ".join(f"{lang} {n}" for lang, n in languages.items())
        + (f" ({number})" if len(per_act) > 1 else "")
        for number, languages in per_act.items()
    )
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


def stale(graph: Path, corpus: Path | None = None) -> bool:
    """Whether the graph is missing, was built from another corpus (or without one), or is
    older than the texts, metadata, ontology or corpus texts."""
    if not graph.exists() or _built_from(graph) != _corpus_name(corpus):
        return True
    inputs = [*resources.data_dir().rglob("*"), *resources.ontology_files()]
    if corpus is not None:
        inputs += corpus.rglob("*")
    newest = max((p.stat().st_mtime for p in inputs if p.is_file()), default=0)
    return graph.stat().st_mtime < newest


def ready(graph: Path, rebuild: bool = False) -> Path:
    """The graph file, built first if it is missing or stale (and is the default kind): with
    the corpus of the configuration (`LEXKG_CORPUS`), else with the one it was built from."""
    corpus = read_config()["CORPUS"] or _noted_corpus(graph)
    if graph.suffix in FORMATS and (rebuild or stale(graph, corpus)):
        run_build(None, [], graph, quiet=True, corpus=corpus)
    return graph


def _inputs_file(graph: Path) -> Path:
    """Beside the graph, what it was built from: the corpus folder, or nothing."""
    return graph.with_name(graph.name + ".inputs")


def _corpus_name(corpus: Path | None) -> str:
    return f"corpus={corpus.resolve() if corpus is not None else ''}\n"


def _noted_corpus(graph: Path) -> Path | None:
    """The corpus folder the graph was built from, if it still exists."""
    noted = _built_from(graph).strip().removeprefix("corpus=")
    return Path(noted) if noted and Path(noted).is_dir() else None


def _built_from(graph: Path) -> str:
    """What the graph was built from; a graph with no note beside it, without a corpus."""
    try:
        return _inputs_file(graph).read_text(encoding="utf-8")
    except OSError:
        return _corpus_name(None)


def load_graph(graph: Path) -> Graph:
    """The triples of a built graph file, all named graphs in one."""
    check_graph_file(graph)
    g = Graph()
    for quad in ox.parse(path=str(graph), format=FORMATS.get(graph.suffix, ox.RdfFormat.N_QUADS)):
        g.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return g
