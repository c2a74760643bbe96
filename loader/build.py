"""The loader end to end: an act's metadata and texts → a validated RDF dataset on disk."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, Dataset, Graph, URIRef

from lexkg.loader.agree import agree, unresolved
from lexkg.loader.align import align
from lexkg.loader.blocks import LAYOUTS, split_blocks
from lexkg.loader.errors import LoaderError
from lexkg.loader.examples import Roles, classify_examples
from lexkg.loader.graphfile import header
from lexkg.loader.lines import read_lines
from lexkg.loader.model import Act
from lexkg.loader.parse import read_text
from lexkg.loader.profiles import PROFILES, profile
from lexkg.loader.quads import Quads, oxigraph_quads
from lexkg.loader.rdf import ActMeta, publish
from lexkg.loader.validate import validate
from lexkg.loader.xrefs import references
from lexkg.vocab import ONTOLOGY

FORMATS = {".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG}
ONTOLOGY_GRAPH = URIRef(ONTOLOGY)  # the named graph of the ontology
EXAMPLES_GRAPH = URIRef("https://w3id.org/lexkg/examples")
_FLATTENED_LENGTH = 2000  # a line longer than any paragraph: a whole act on one line


@dataclass(frozen=True)
class Text:
    """One language version to read: where it is and how it is laid out.

    ``label`` names the file in messages and in the graph: for the texts of an act's folder,
    its path from the folder above the acts ("data/reg-2024-1732/nl.txt"), the same on every
    machine; otherwise the path as given.
    """

    language: str
    path: Path
    layout: str
    label: str = ""

    @property
    def name(self) -> str:
        return self.label or str(self.path)


@dataclass
class Source:
    """An act as its metadata file describes it."""

    meta: ActMeta
    number: str
    texts: dict[str, Text]
    counts: dict[str, int] = field(default_factory=dict)


def read_source(act_toml: Path) -> Source:
    """Read an act's metadata file (``act.toml``)."""
    where = str(act_toml)
    try:
        raw = tomllib.loads(act_toml.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise LoaderError(f"cannot read the act's metadata: {exc}", path=where) from None
    try:
        meta = ActMeta(
            eli=raw["eli"], date_publication=raw["date_publication"], amends=raw.get("amends")
        )
        folder = act_toml.resolve().parent
        texts = {
            lang: Text(
                lang,
                folder / t["file"],
                t["layout"],
                f"{folder.parent.name}/{folder.name}/{t['file']}",
            )
            for lang, t in raw["texts"].items()
        }
        counts = raw.get("amended", {}).get(meta.amends, {}).get("subparagraphs", {})
        return Source(meta, raw["number"], texts, dict(counts))
    except (KeyError, TypeError) as exc:
        raise LoaderError(f"the act's metadata lacks {exc}", path=where) from None


_ELI_TYPES = {"REG": "reg", "REG_IMPL": "reg", "REG_DEL": "reg", "DIR": "dir", "DEC": "dec"}


def act_eli(act: Act) -> str:
    """The act's ELI: the one its text prints, else made from its type and number."""
    if act.eli:
        return act.eli
    year, number = act.number.split("/")
    return f"http://data.europa.eu/eli/{_ELI_TYPES[act.doc_type]}/{year}/{int(number)}/oj"


def source_from_texts(texts: list[tuple[str, Path]]) -> Source:
    """An act's metadata from its texts alone (no ``act.toml``): the ELI (printed, or from the
    number), the date of publication the Official Journal's header prints, the act it amends
    (from its title). Every text must be of the same act and agree on these."""
    if not texts:
        raise LoaderError("no text to read the act from")
    source: Source | None = None
    for lang, path in texts:
        text = Text(lang, path, detect_layout(path))
        if text.language not in PROFILES:
            known = ", ".join(sorted(PROFILES))
            raise LoaderError(f"no language profile for {lang!r} (known: {known})", path=str(path))
        act = read_text(read_lines(path), text.layout, profile(lang), str(path))
        if act.date_publication is None:
            raise LoaderError(
                "the text prints no date of publication (the Official Journal's header) and no "
                "act.toml gives it",
                path=str(path),
                line=act.title_span.first,
            )
        meta = ActMeta(eli=act_eli(act), date_publication=act.date_publication, amends=act.amends)
        if source is None:
            source = Source(meta, act.number, {})
        elif (source.meta, source.number) != (meta, act.number):
            raise LoaderError(
                f"this text gives {act.number} ({meta}), the first {source.number} ({source.meta})",
                path=str(path),
                line=act.title_span.first,
            )
        source.texts[lang] = text
    assert source is not None
    return source


def text_identity(path: Path, lang: str) -> tuple[str | None, dt.date | None]:
    """The number of the act a text is of ("2024/1732"), from its title, and the date of
    publication the Official Journal's header prints (or a front matter gives), as far as they
    can be read."""
    number, published = None, None
    try:
        p = profile(lang)
        blocks = split_blocks(read_lines(path), detect_layout(path), p, str(path))
    except (LoaderError, KeyError):
        return None, None
    for block in blocks.body[:40]:
        if number is None and (
            m := p.title.fullmatch(block.text) or p.title_line.fullmatch(block.text)
        ):
            number = m["number"]
        if published is None and (m := p.oj_publication_date.fullmatch(block.text)):
            with contextlib.suppress(ValueError):
                published = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    if published is None and "publication_date" in blocks.facts:
        with contextlib.suppress(ValueError):
            published = dt.date.fromisoformat(blocks.facts["publication_date"][0])
    return number, published


def detect_layout(path: Path) -> str:
    """Guess a text's layout: Markdown opens with a front matter (or is named ``.md``); a
    flattened page is one long line; PDF extractions wrap lines, leaving trailing spaces."""
    lines = read_lines(path)
    text = [line for line in lines if not line.blank]
    if path.suffix == ".md" or (text and text[0].text == "---"):
        return "markdown"
    if len(text) == 1 and len(text[0].text) > _FLATTENED_LENGTH:
        return "flattened"
    wrapped = sum(1 for line in lines if line.trail)
    return "pdf" if wrapped > len(lines) // 20 else "html"


def read_act(text: Text, source: Source) -> Act:
    """Read one language version through the loader's stages."""
    path = text.name
    if text.language not in PROFILES:
        known = ", ".join(sorted(PROFILES))
        raise LoaderError(f"no language profile for {text.language!r} (known: {known})", path=path)
    if text.layout not in LAYOUTS:
        raise LoaderError(f"unknown layout {text.layout!r}", path=path)
    p = profile(text.language)
    act = read_text(read_lines(text.path, path), text.layout, p, path, source.counts)
    if act.number != source.number:
        raise LoaderError(
            f"this is the text of {act.number}, not of {source.number}",
            path=path,
            line=act.title_span.first,
        )
    if act.eli and act.eli != source.meta.eli:
        raise LoaderError(
            f"the text gives the ELI {act.eli}, not {source.meta.eli}",
            path=path,
            line=act.eli_line,
        )
    if act.date_publication and act.date_publication != source.meta.date_publication:
        raise LoaderError(
            f"the text is dated {act.date_publication}, the metadata "
            f"{source.meta.date_publication}",
            path=path,
            line=act.date_publication_line,
        )
    return act


@dataclass
class Built:
    """A built dataset and what it holds."""

    dataset: Dataset | Quads  # Quads for a family: rdflib's dataset only on demand
    acts: list[Act]
    seconds: float
    quads: list[ox.Quad] | None = None  # the dataset as pyoxigraph's quads, once converted

    @property
    def triples(self) -> int:
        return sum(len(g) for g in self.dataset.graphs() if len(g))


@contextlib.contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a graph is built.

    A build makes about a million small objects (terms, triples, nodes) and hardly any reference
    cycles; the collector, run every few hundred allocations, scanned them again and again and
    took about a fifth of a family build. Reference counting still frees what is dropped; the
    collector's state is restored afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build(
    source: Source,
    ontology: list[Path] | None = None,
    progress: Callable[[str], None] = lambda _: None,
    today: dt.date | None = None,
    examples: list[Path] | None = None,
    shapes: Path | None = None,
) -> Built:
    """Read, align and publish every language version of an act; nothing is half-built.

    The *ontology* files go into their own named graph; the *examples* (described hosts)
    into another, with the roles OWL reasoning gives them; with *shapes*, a graph that does
    not conform to them is refused.
    """
    start = time.perf_counter()
    with without_cycle_collection():
        acts = []
        for text in source.texts.values():
            progress(f"reading {text.language} ({text.layout}) from {text.name}")
            acts.append(read_act(text, source))
        refs = [references(a, source.meta.eli, source.meta.amends) for a in acts]
        progress("aligning " + ", ".join(a.language for a in acts))
        for note in align(acts, refs):
            progress(note)
        rows = agree(acts, refs).rows  # aligned: every reference, as each version reads it
        for note in unresolved(rows):
            progress(note)
        progress("publishing RDF")
        dataset = publish(acts, source.meta, today, rows)
        quads = complete(dataset, ontology, examples, shapes, progress)
    return Built(dataset, acts, time.perf_counter() - start, quads)


def complete(
    data: Dataset | Quads,
    ontology: list[Path] | None,
    examples: list[Path] | None,
    shapes: Path | None,
    progress: Callable[[str], None] = lambda _: None,
    roles: Callable[[], Roles] | None = None,
) -> list[ox.Quad] | None:
    """Add the ontology and the classified example hosts to the published graphs, and check
    them against the *shapes*: graphs that do not conform are refused (`LoaderError`).

    *roles* gives the example hosts' roles when they are being classified elsewhere
    (`loader.examples.classifying`). Returns the graphs as pyoxigraph's quads when the check
    converted them (for `write`)."""
    vocabulary = Graph()
    for path in ontology or []:
        _parse(vocabulary, path)
    _add(data, ONTOLOGY_GRAPH, vocabulary)
    if examples:
        progress("classifying the example hosts")
        hosts = Graph()
        for path in examples:
            _parse(hosts, path)
        classified = roles() if roles is not None else classify_examples(vocabulary, hosts)
        for host, found in classified.items():
            for role in found:
                hosts.add((host, RDF.type, role))
        _add(data, EXAMPLES_GRAPH, hosts)
    if shapes is None:
        return None
    progress(f"validating against {shapes.name}")
    quads = oxigraph_quads(data)
    report = validate(data, shapes, quads)
    if not report.conforms:
        raise LoaderError(
            f"the graph does not conform to its shapes:\n{report.text()}", path=str(shapes)
        )
    return quads


def _add(data: Dataset | Quads, name: URIRef, graph: Graph) -> None:
    target = data.graph(name)
    for triple in graph:
        target.add(triple)
    for prefix, namespace in graph.namespaces():
        data.bind(prefix, namespace, override=False)


def _parse(graph: Graph, path: Path) -> None:
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises parser-specific errors
        raise LoaderError(f"cannot read the Turtle file: {exc}", path=str(path)) from None


def write(dataset: Dataset | Quads, out: Path, quads: list[ox.Quad] | None = None) -> None:
    """Write the dataset atomically: the previous file stays until the new one is whole.

    The file starts with its `header`; a file that cannot be written is a `LoaderError`.
    *quads*: the dataset as pyoxigraph's quads, when they are at hand (`Built.quads`).
    """
    fmt = FORMATS.get(out.suffix)
    if fmt is None:
        raise LoaderError(f"unknown output format {out.suffix!r} (use .nq or .trig)", path=str(out))
    if quads is None:
        quads = oxigraph_quads(dataset)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    except OSError as exc:
        raise LoaderError(f"cannot write the graph: {exc}", path=str(out)) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(header(len(quads)).encode("ascii"))
            prefixes = {p: str(ns) for p, ns in dataset.namespaces() if p}
            ox.serialize(
                quads, f, format=fmt, prefixes=prefixes if fmt == ox.RdfFormat.TRIG else None
            )
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise LoaderError(f"cannot write the graph: {exc}", path=str(out)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
