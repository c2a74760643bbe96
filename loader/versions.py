"""The consolidated versions of an act: its tree with every amendment and correction applied,
one version for each date its text changed.

`loader.consolidate` makes them from the base act, the amending acts and the corrigenda (each
read per language by `loader.parse`); `loader.rdf` publishes them under ELI. A version holds
the whole act, every subdivision with its text per language, where that wording comes from,
and, for each language without a text, why there is none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

__all__ = ["Node", "Repeal", "Source", "Version"]


@dataclass(frozen=True)
class Source:
    """Where a subdivision's wording in a version comes from.

    ``kind`` is "original" (the act as published), "inserted", "added" or "replaced" (the
    subdivision was put there whole by an instruction), "amended" (words changed inside it
    by an instruction, or the instruction that put it there changed by another act's
    instruction), "corrected" (by a corrigendum, from the start) or, as `Repeal.by`,
    "deleted". ``act`` is the
    ELI of the act (…/oj) or the corrigendum's IRI that made it so; ``instruction`` the path
    of the instruction (or the number of the correction, as ``("correction_1",)``) in it, or
    for an original wording its path in the act as published;
    ``date`` the day from which it applies; ``languages`` the languages it changed.
    """

    kind: str
    act: str
    instruction: tuple[str, ...] = ()
    date: dt.date | None = None
    languages: frozenset[str] = frozenset()


@dataclass
class Node:
    """One subdivision as it reads in a version.

    ``text`` is its own text per language (before its parts; footnote markers taken out),
    ``label`` the enumerator and ``heading`` the heading as each language prints them. A
    language of the version without a text here is in ``absent``, with the reason in plain
    words ("amended by Regulation (EU) 2026/150, Article 1 point (3), which has no Dutch text
    in the corpus"): never the superseded wording. ``sources`` lists the origin first, then
    every change up to this version, in order of date.
    """

    kind: str  # citation | recital | article | paragraph | subparagraph | point | annex
    number: str
    path: tuple[str, ...]
    label: dict[str, str] = field(default_factory=dict)
    heading: dict[str, str] = field(default_factory=dict)
    text: dict[str, str] = field(default_factory=dict)
    absent: dict[str, str] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)

    def walk(self):
        """This node and all below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def full_text(self, lang: str) -> str | None:
        """The whole text in *lang*: own text, then each part with its label, one per line;
        None where this node or any part of it has no text in that language."""
        if lang in self.absent:
            return None
        parts = [self.text[lang]] if self.text.get(lang) else []
        for child in self.children:
            body = child.full_text(lang)
            if body is None:
                return None
            label = child.label.get(lang, "")
            parts.append(f"{label} {body}".strip() if label else body)
        return "\n".join(parts)


@dataclass(frozen=True)
class Repeal:
    """A subdivision deleted by an instruction: in force until ``last_day`` inclusive."""

    path: tuple[str, ...]
    by: Source
    last_day: dt.date


@dataclass
class Version:
    """The act as it reads from ``date`` (inclusive) until ``until`` (inclusive; None: today).

    ``consolidates`` names every act applied (the base act, each amending act, each
    corrigendum) with the date it applies from; ``languages`` the languages the version is
    given in (a node may still lack one: see `Node.absent`); ``repealed`` every subdivision
    deleted by this version or an earlier one; ``moved`` the subdivisions whose path changed
    in this version without a change of wording (path in the version before → path here: a
    paragraph's text and points become its first subparagraph, ``…/sbp_1/…``, when a second
    subparagraph is added to it).
    """

    act: str  # the ELI of the base act, …/oj
    date: dt.date
    until: dt.date | None
    consolidates: list[tuple[str, dt.date]]
    languages: tuple[str, ...]
    nodes: list[Node]  # citations, recitals, articles, annexes, in document order
    repealed: list[Repeal] = field(default_factory=list)
    moved: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    # The act's title in each language the base act has (a consolidated version keeps it);
    # for each other language of the version, why it has none.
    titles: dict[str, str] = field(default_factory=dict)
    absent: dict[str, str] = field(default_factory=dict)

    def walk(self):
        for node in self.nodes:
            yield from node.walk()

    def find(self, path: tuple[str, ...]) -> Node | None:
        return next((n for n in self.walk() if n.path == path), None)
