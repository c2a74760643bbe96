"""The family of an act: the base act, the acts that amend it and its corrigenda, read from a
corpus folder, consolidated at every date the text changed, and published with the seed act.

The corpus (``--corpus DIR``, ``LEXKG_CORPUS``) is read in place: ``data/corpus.toml`` (package
data) says what each of its folders holds. The seed act keeps its texts under ``data/``; the
corpus may add languages of it. Every act is read and aligned language by language as the seed
act is; the versions come from `loader.consolidate` and are published by
`loader.versions_rdf`. A text that cannot be read or an instruction that cannot be applied
stops the build with a `LoaderError` naming it: nothing is half-built.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from lexkg.loader.agree import Parallel, agree, unresolved
from lexkg.loader.align import align
from lexkg.loader.build import (
    Built,
    Source,
    Text,
    complete,
    read_act,
    source_from_texts,
    without_cycle_collection,
)
from lexkg.loader.consolidate import consolidate
from lexkg.loader.corpus import Corpus, CorpusFolder, read_corpus
from lexkg.loader.corrigendum import read_corrigendum
from lexkg.loader.errors import LoaderError
from lexkg.loader.examples import classifying
from lexkg.loader.lines import read_lines
from lexkg.loader.model import Act, Corrigendum
from lexkg.loader.parse import read_text
from lexkg.loader.profiles import profile
from lexkg.loader.quads import Quads
from lexkg.loader.rdf import ActMeta, publish
from lexkg.loader.versions import Version
from lexkg.loader.versions_rdf import publish_versions
from lexkg.loader.xrefs import references

__all__ = ["Family", "build_family", "publish_family", "read_family"]

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Amending:
    """An amending act of the family: its metadata, its texts per language, and its
    cross-references as every text reads them (aligned when it was read)."""

    meta: ActMeta
    acts: dict[str, Act]
    refs: list[Parallel]


@dataclass
class Family:
    """The acts of a family, each per language, and its corrigenda."""

    base: dict[str, Act]
    base_meta: ActMeta
    amending: list[Amending]
    corrigenda: list[Corrigendum] = field(default_factory=list)
    base_refs: list[Parallel] = field(default_factory=list)  # as `loader.agree` publishes them

    @property
    def acts(self) -> list[Act]:
        return [
            *self.base.values(),
            *(act for amending in self.amending for act in amending.acts.values()),
        ]


def build_family(
    corpus_dir: Path,
    seed: Source,
    ontology: list[Path] | None = None,
    progress: Progress = lambda _: None,
    today: dt.date | None = None,
    examples: list[Path] | None = None,
    shapes: Path | None = None,
) -> Built:
    """The seed act with its family from *corpus_dir*: read, consolidated, published and
    checked (see `loader.build.build`, which builds the seed act alone)."""
    start = time.perf_counter()
    with without_cycle_collection(), classifying(ontology or [], examples or []) as roles:
        family = read_family(corpus_dir, seed, progress)
        dataset, _ = publish_family(family, today or dt.date.today(), progress)
        quads = complete(dataset, ontology, examples, shapes, progress, roles if examples else None)
    return Built(dataset, family.acts, time.perf_counter() - start, quads)


def read_family(corpus_dir: Path, seed: Source, progress: Progress = lambda _: None) -> Family:
    """Read the family of the act the seed act amends from *corpus_dir*.

    The seed act's texts are those of its metadata, plus the corpus's languages of it.
    """
    if not corpus_dir.is_dir():
        raise LoaderError("the corpus folder does not exist", path=str(corpus_dir))
    corpus = read_corpus()
    folders = list(corpus.folders.values())
    bases = [f for f in folders if f.role == "base" and f.eli == seed.meta.amends]
    if len(bases) != 1:
        raise LoaderError(
            f"the corpus declaration names {len(bases)} base acts for {seed.meta.amends}",
            path=corpus.source,
        )
    base_folder = bases[0]
    base, base_refs = _read_base(corpus_dir, corpus, base_folder, progress)
    base_meta = ActMeta(
        base_folder.eli, _published(base, base_folder, corpus), journal=base_folder.journal
    )
    amending: list[Amending] = []
    seed_texts = dict(seed.texts)
    for folder in folders:
        if folder.role != "amending" or folder.amends != base_folder.eli:
            continue
        if folder.eli == seed.meta.eli:
            for lang in folder.texts:
                seed_texts.setdefault(lang, _text(corpus_dir, folder, lang))
            continue
        texts = [(lang, _path(corpus_dir, folder, lang)) for lang in folder.texts]
        source = source_from_texts(texts)
        if source.meta.eli != folder.eli:
            raise LoaderError(
                f"the corpus declares {folder.eli} in {folder.name}/, its text is of "
                f"{source.meta.eli}",
                path=corpus.source,
            )
        amending.append(_read_amending(source, progress))
    seed_source = replace(seed, texts=seed_texts)
    amending.append(_read_amending(seed_source, progress))
    corrigenda = [
        read_corrigendum(_path(corpus_dir, folder, lang), lang, _label(folder, lang))
        for folder in folders
        if folder.role == "corrigendum" and folder.corrects == base_folder.eli
        for lang in folder.texts
    ]
    for corrigendum in corrigenda:
        progress(f"read the corrigendum {corrigendum.reference} ({corrigendum.language})")
    amending.sort(key=lambda item: item.meta.date_publication)
    return Family(base, base_meta, amending, corrigenda, base_refs)


def publish_family(
    family: Family, today: dt.date, progress: Progress = lambda _: None
) -> tuple[Quads, list[Version]]:
    """Every act of the family published as the seed act is, and the consolidated versions."""
    progress("consolidating " + ", ".join(a.meta.eli for a in family.amending))
    versions = consolidate(family.base, [a.acts for a in family.amending], family.corrigenda)
    journal = {
        meta.eli: meta.journal for meta in (family.base_meta, *(a.meta for a in family.amending))
    }
    progress(f"publishing {len(versions)} consolidated versions")
    # The versions first: the amending acts' cross-references link to the parts they hold.
    dataset = Quads()
    publish_versions(versions, journal={k: v for k, v in journal.items() if v}, into=dataset)
    base = list(family.base.values())
    publish(base, family.base_meta, today, family.base_refs, into=dataset)
    for amending in family.amending:
        acts = list(amending.acts.values())
        publish(acts, amending.meta, today, amending.refs, consolidated=False, into=dataset)
    return dataset, versions


def _read_base(
    corpus_dir: Path, corpus: Corpus, folder: CorpusFolder, progress: Progress
) -> tuple[dict[str, Act], list[Parallel]]:
    """The base act's texts, aligned part for part, and the cross-references to publish: the
    languages need not read the same ones (see `loader.agree`)."""
    acts: dict[str, Act] = {}
    for lang, text in folder.texts.items():
        path = _path(corpus_dir, folder, lang)
        progress(f"reading {lang} ({text.layout}) from {_label(folder, lang)}")
        lines = read_lines(path, _label(folder, lang))
        acts[lang] = read_text(
            lines,
            text.layout,
            profile(lang),
            _label(folder, lang),
            gaps=text.gaps,
            starts=text.subparagraphs,
        )
    ordered = list(acts.values())
    for note in align(ordered, [[] for _ in ordered]):
        progress(note)
    agreed = agree(ordered, [references(a, folder.eli) for a in ordered])
    for note in [agreed.note(ordered[0]), *unresolved(agreed.rows)]:
        if note:
            progress(note)
    return acts, agreed.rows


def _read_amending(source: Source, progress: Progress) -> Amending:
    acts: dict[str, Act] = {}
    for lang, text in source.texts.items():
        progress(f"reading {lang} ({text.layout}) from {text.name}")
        acts[lang] = read_act(text, source)
    ordered = list(acts.values())
    refs = [references(a, source.meta.eli, source.meta.amends) for a in ordered]
    for note in align(ordered, refs):
        progress(note)
    rows = agree(ordered, refs).rows  # aligned: every reference, as each version reads it
    for note in unresolved(rows):
        progress(note)
    return Amending(source.meta, acts, rows)


def _published(base: Mapping[str, Act], folder: CorpusFolder, corpus: Corpus) -> dt.date:
    dates = {a.date_publication for a in base.values() if a.date_publication}
    if len(dates) != 1:
        raise LoaderError(
            f"the texts of {folder.name}/ give {len(dates)} dates of publication",
            path=corpus.source,
        )
    return dates.pop()


def _path(corpus_dir: Path, folder: CorpusFolder, lang: str) -> Path:
    path = corpus_dir / folder.name / folder.texts[lang].file
    if not path.is_file():
        raise LoaderError("the corpus declares this text, but it is not there", path=str(path))
    return path


def _label(folder: CorpusFolder, lang: str) -> str:
    """How a corpus text is named in messages and in the graph: from the corpus folder."""
    return f"corpus/{folder.name}/{folder.texts[lang].file}"


def _text(corpus_dir: Path, folder: CorpusFolder, lang: str) -> Text:
    text = folder.texts[lang]
    return Text(lang, _path(corpus_dir, folder, lang), text.layout, _label(folder, lang))
