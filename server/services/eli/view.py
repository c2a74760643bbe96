"""The view of an `/eli/…` page: sections of rows, one cell per language, and what frames them.

Built by `lexkg.server.services.eli.model`, written out by the templates in `templates/eli/`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from lexkg.server.services.eli.rdfa import Described

__all__ = [
    "Cell",
    "Change",
    "Fact",
    "Footnote",
    "Link",
    "Mark",
    "NoteCell",
    "Page",
    "Row",
    "Section",
]


@dataclass(frozen=True)
class Link:
    """A link to a resource: its local page (or its IRI), with the RDFa property it states."""

    href: str
    text: str
    property: str | None = None
    resource: str | None = None
    lang: str | None = None


@dataclass
class Cell:
    """One language of a row."""

    lang: str
    expr: Described | None = None  # described here (typeof and hidden statements)
    about: str | None = None  # an expression described elsewhere on the page
    label: str | None = None
    label_prop: str | None = None
    title: str | None = None
    title_prop: str | None = None
    text: Markup | None = None
    text_prop: str | None = None
    text_content: str | None = None  # the text, when the element's content differs from it
    note: str | None = None  # a deleted provision: the word for it in this language
    # No text in this language here: why, as the graph says in English ("" if it does not).
    absent: str | None = None


@dataclass(frozen=True)
class Mark:
    """How a provision of a consolidated version came to read as it does."""

    action: str  # insert, replace, add, delete, amend, correct
    words: str  # inserted, replaced, added, deleted
    by: Link | None
    since: str | None = None


@dataclass(frozen=True)
class Change:
    """What an amending instruction does: an action and the provisions it concerns."""

    words: str
    links: list[Link]


@dataclass
class Row:
    """One subdivision, or one line of an act's preamble or closing, in every language shown."""

    id: str
    depth: int
    kind: str
    cells: list[Cell]
    work: Described | None = None
    heading: str | None = None  # a container without text of its own: its name
    article: bool = False  # cells open with a heading
    page: str | None = None  # the subdivision's own page
    name: str = ""
    changes: list[Change] = field(default_factory=list)
    mark: Mark | None = None


@dataclass
class Section:
    """A part of a page under an h2."""

    id: str
    heading: str
    rows: list[Row]
    page: str | None = None  # the page of the subdivision it shows


@dataclass(frozen=True)
class NoteCell:
    """A footnote in one language: the note, its id and the id of its marker (if shown)."""

    lang: str
    note: Described
    id: str
    ref: str | None
    text: str
    text_prop: str | None


@dataclass
class Footnote:
    """A footnote in every language shown."""

    number: str
    cells: list[NoteCell]


@dataclass(frozen=True)
class Fact:
    """One line of a page's header."""

    term: str
    value: str
    href: str | None = None


@dataclass(frozen=True)
class Moment:
    """One version on a page's timeline: the days it stood, its page, whether it is shown."""

    start: str
    end: str | None
    href: str
    current: bool


@dataclass
class Comparison:
    """The text of the page's version against an earlier one, word by word, per language."""

    earlier: Link
    languages: list[tuple[str, list]]  # (lang, [Piece])


@dataclass
class Page:
    """Everything a page shows."""

    iri: str
    title: str
    kind: str
    languages: list[str]
    root: Described | None = None
    headings: list[tuple[str, str]] = field(default_factory=list)  # (text, lang) for h1
    facts: list[Fact] = field(default_factory=list)
    trail: list[Link] = field(default_factory=list)
    versions: list[Link] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    properties: list[tuple[str, list[Link | str]]] = field(default_factory=list)
    described: list[Described] = field(default_factory=list)
    timeline: list[Moment] = field(default_factory=list)
    comparison: Comparison | None = None

    @property
    def toc(self) -> list[tuple[str, str, list[Row]]]:
        """(id, heading, rows one level down) of each section, for the table of contents."""
        top = [
            (s.id, s.heading, [r for r in s.rows if r.depth <= 1 and r.name]) for s in self.sections
        ]
        if self.footnotes:
            top.append(("footnotes", "Footnotes", []))
        return top
