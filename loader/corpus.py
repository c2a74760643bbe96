"""The corpus declaration (``data/corpus.toml``): what each corpus folder holds, and what its
texts cannot show.

Each folder names its act, the act's role (``base``, ``amending``, ``corrigendum``), the act it
amends or corrects, and its texts: file, language, layout, the parts a text lacks (`Act.gaps`)
and, for a flattened text, where the subparagraphs of a paragraph begin (`SubparagraphStarts`).
The corpus texts themselves stay where they are (``$LEXKG_CORPUS``); only this description is
kept in the repository.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lexkg import resources
from lexkg.loader.errors import LoaderError

ROLES = ("base", "amending", "corrigendum")


@dataclass(frozen=True)
class SubparagraphStarts:
    """Where a flattened text's paragraphs divide into subparagraphs: for each paragraph's path
    ("art_8/par_1", "anx_1/art_6/par_3"), the first words of each subparagraph after the first.

    ``source`` names the declaring file and ``entry`` the table the starts are in, for messages.
    """

    source: str
    entry: str
    starts: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class CorpusText:
    language: str
    file: str
    layout: str
    gaps: frozenset[str] = frozenset()
    subparagraphs: SubparagraphStarts | None = None


@dataclass(frozen=True)
class CorpusFolder:
    name: str
    eli: str
    role: str
    texts: dict[str, CorpusText]
    amends: str | None = None  # amending: the act amended
    corrects: str | None = None  # corrigendum: the act corrected
    title: str = ""
    journal: str | None = None  # how the Official Journal cites it ("OJ L 256, 19.7.2021, p. 3")


@dataclass(frozen=True)
class Corpus:
    source: str
    folders: dict[str, CorpusFolder] = field(default_factory=dict)

    def text(self, folder: str, language: str) -> CorpusText:
        try:
            return self.folders[folder].texts[language]
        except KeyError:
            raise LoaderError(
                f"no {language} text of {folder} is declared", path=self.source
            ) from None


def corpus_toml() -> Path:
    """The declaration shipped with the package."""
    return resources.data_dir() / "corpus.toml"


def read_corpus(path: Path | None = None) -> Corpus:
    """Read a corpus declaration (by default the one shipped with the package)."""
    path = path or corpus_toml()
    where = str(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise LoaderError(f"cannot read the corpus declaration: {exc}", path=where) from None
    folders = {}
    for name, folder in raw.get("folders", {}).items():
        entry = f"[folders.{name}]"
        try:
            role = folder["role"]
            if role not in ROLES:
                raise LoaderError(f"{entry}: unknown role {role!r} (known: {ROLES})", path=where)
            texts = {}
            for lang, text in folder["texts"].items():
                starts = text.get("subparagraphs")
                texts[lang] = CorpusText(
                    language=lang,
                    file=text["file"],
                    layout=text["layout"],
                    gaps=frozenset(text.get("gaps", ())),
                    subparagraphs=SubparagraphStarts(
                        where,
                        f"[folders.{name}.texts.{lang}.subparagraphs]",
                        {k: tuple(v) for k, v in starts.items()},
                    )
                    if starts
                    else None,
                )
            folders[name] = CorpusFolder(
                name=name,
                eli=folder["eli"],
                role=role,
                texts=texts,
                amends=folder.get("amends"),
                corrects=folder.get("corrects"),
                title=folder.get("title", ""),
                journal=folder.get("journal"),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise LoaderError(f"{entry} lacks {exc}", path=where) from None
    return Corpus(where, folders)
