"""Stage 3's output: the language-neutral tree of an act, as plain dataclasses.

Numbers are normalised ("3 bis", "(5a)" and "5a" are all ``5a``); what was printed stays in
``label`` and the text. Every node keeps the source lines it came from.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

#: ELI path segment of each kind of subdivision.
SEGMENTS = {
    "citation": "cit",
    "recital": "rct",
    "article": "art",
    "paragraph": "par",
    "subparagraph": "sbp",
    "point": "pnt",
    "annex": "anx",
}
KIND_OF_SEGMENT = {v: k for k, v in SEGMENTS.items()}


#: A footnote reference the layout stage found for certain (a Markdown ``[^…]``, a flattened
#: ``( 1 )``), left in a block's text as private-use characters round the footnote's number
#: until the tree is built; then it is taken out like the markers the other layouts leave.
FOOTNOTE_MARK = re.compile("\ue000(\\d+)\ue001")


def number_range(first: str, last: str) -> list[str] | None:
    """Every number of a range, both ends included: of digits ("6" to "8") or of single
    letters ("a" to "c"); None for ends that make no such range (roman numerals, a reversed
    range)."""
    if first.isdigit() and last.isdigit() and int(first) < int(last):
        return [str(n) for n in range(int(first), int(last) + 1)]
    if len(first) == len(last) == 1 and first.isalpha() and last.isalpha() and first < last:
        return [chr(c) for c in range(ord(first), ord(last) + 1)]
    return None


def footnote_mark(number: int) -> str:
    """The in-text form of a footnote reference found by a layout (see `FOOTNOTE_MARK`)."""
    return f"\ue000{number}\ue001"


@dataclass(frozen=True, slots=True)
class Span:
    """Where something stands in its source file (1-based lines, inclusive).

    In a text whose lines are long (a flattened act is one line), ``first_col`` and
    ``last_col`` (1-based characters of the first and last line, inclusive) say where.
    """

    path: str
    first: int
    last: int
    first_col: int | None = None
    last_col: int | None = None


@dataclass(frozen=True, slots=True)
class FootnoteRef:
    """A footnote marker, removed from the text at character ``offset``."""

    number: int
    offset: int


@dataclass
class Amendment:
    """What an amending instruction does to the act it amends.

    ``target`` is the path of the subdivision acted on in the amended act (the container for
    an insertion or addition); ``new`` the subdivisions the quoted text brings, as they read
    in the amended act, each with its full path there.

    A change of words inside a provision is the action ``substitute`` (`loader.words`): in
    the text of ``target`` (and of everything under it), ``old`` becomes ``replacement``
    ("the words ‘X’ are replaced by ‘Y’", "wordt de datum “31 december 2024” vervangen door
    “31 december 2025”"; deleted words become ""), or ``replacement`` goes ``place``:
    "before" or "after" ``old`` ("the words ‘Y’ are inserted after ‘X’"), at the "end" of
    the target's own text ("the word ‘and’ is added at the end of point (a)") or after it as
    a "sentence" ("the following sentence is added:"). The words are sought where they
    occur as words, at the occurrence ``occurrence`` names (1-based, counted in document
    order), or at every one; ``every`` says the text names every one ("wherever they
    occur", "telkens", "jeweils"), which words inserted next to others need where they occur
    more than once. ``sentence`` restricts the search to that sentence of the target's own
    text ("in the second sentence"). An instruction that acts on an instruction of another
    amending act names that act in ``act`` (its ELI; None for the act the amending act
    amends).

    An instruction acting alike on several subdivisions ("paragraphs 6, 7 and 8 are
    deleted") names them all in ``targets``, in order, ``target`` being the first; for one
    subdivision ``targets`` is ``(target,)``. An annex is ``anx_N`` (the only, unnumbered one
    ``anx_1``); an annex replaced whole has the new annex, kind ``annex``, in ``new``.
    """

    action: str  # amend | insert | add | replace | delete | substitute
    target: tuple[str, ...]
    new_kind: str | None = None
    quoted: str | None = None
    new: list[Division] = field(default_factory=list)
    old: str | None = None  # substitute: the words replaced (or placed next to), as printed
    replacement: str | None = None  # substitute: the words put in their place (or next to them)
    occurrence: int | None = None  # substitute: which occurrence, if the text names one
    every: bool = False  # substitute: the text names every occurrence
    place: str | None = None  # substitute: None, "before", "after", "end" or "sentence"
    sentence: int | None = None  # substitute: the sentence of the target's text, if named
    act: str | None = None  # the act whose text is acted on, if not the amended act
    targets: tuple[tuple[str, ...], ...] = ()  # every subdivision acted on (added field)

    def __post_init__(self) -> None:
        if not self.targets:
            self.targets = (self.target,)


@dataclass
class Division:
    """A subdivision: citation, recital, article, paragraph, subparagraph or point."""

    kind: str
    number: str
    span: Span
    label: str = ""
    text: str = ""
    heading: str | None = None
    children: list[Division] = field(default_factory=list)
    footnotes: list[FootnoteRef] = field(default_factory=list)
    amendment: Amendment | None = None
    path: tuple[str, ...] = ()

    @property
    def segment(self) -> str:
        return f"{SEGMENTS[self.kind]}_{self.number}"

    def walk(self):
        """This division and all below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()
        if self.amendment:
            for new in self.amendment.new:
                yield from new.walk()

    def full_text(self) -> str:
        """The whole text: own text, then each part with its label, one per line."""
        parts = [self.text] if self.text else []
        for child in self.children:
            body = child.full_text()
            parts.append(f"{child.label} {body}".strip() if child.label else body)
        if self.amendment and self.amendment.quoted:
            parts.append(self.amendment.quoted)
        return "\n".join(parts)


@dataclass
class Footnote:
    """A footnote; those of an annex are numbered afresh, ``scope`` being the annex's path."""

    number: int
    text: str
    span: Span
    scope: tuple[str, ...] = ()


@dataclass
class Correction:
    """One correction of a corrigendum: in the text of ``target`` of the corrected act,
    ``old`` (as published) reads ``new``. It corrects that language version only."""

    number: int  # its place in the corrigendum, from 1
    target: tuple[str, ...]  # the subdivision's path in the corrected act
    old: str  # as printed between the quotation marks (label, no-break spaces, "…" kept)
    new: str
    span: Span
    where: str = ""  # the place as printed ("Bladzijde 21, artikel 7, lid 6, eerste zin")
    page: int | None = None  # the page of the corrected act in the Official Journal

    def words(self, *, single_spaces: bool = True) -> tuple[str, str]:
        """``old`` and ``new`` as they stand in the target division's text: without the
        subdivision's label ("6.", "g)") and the "…" that leaves the rest out; with
        *single_spaces*, every run of spaces (no-break spaces too) one space."""

        def bare(text: str) -> str:
            text = text.strip()
            if single_spaces:
                text = re.sub(r"\s+", " ", text)
            text = re.sub(r"^(?:\d+[a-z]?\.|\(?[a-z]{1,6}\)|\(\d+[a-z]?\))\s+", "", text)
            return re.sub(r"\s?…$", "", text)

        return bare(self.old), bare(self.new)


@dataclass
class Corrigendum:
    """A corrigendum to one language version of an act (Official Journal, series L)."""

    language: str
    path: str
    corrects: str  # the ELI of the corrected act, …/oj
    date_publication: dt.date
    reference: str  # how the Official Journal cites it, e.g. "PB L 116 van 4.5.2023, blz. 29"
    corrections: list[Correction]


@dataclass
class Signature:
    place: str
    date: dt.date
    text: str  # the signature block as printed, one line per printed line
    span: Span


@dataclass
class Act:
    """One language version of an act."""

    language: str
    path: str
    doc_type: str  # resource-type code, e.g. REG
    series: str
    number: str  # "2024/1732"
    passed_by: str  # corporate-body code, e.g. CONSIL
    date_document: dt.date
    title: str
    title_span: Span
    institution: str
    citations: list[Division]
    recitals_intro: str
    recitals: list[Division]
    enacting_formula: str
    articles: list[Division]
    final_formula: str
    signature: Signature | None  # None only where the text declares it lacks it (``gaps``)
    footnotes: list[Footnote]
    date_publication: dt.date | None = None  # when the text prints it
    date_publication_line: int | None = None  # the line it is printed on
    eli: str | None = None  # when the text prints it
    eli_line: int | None = None  # the line it is printed on
    entry_into_force_days: int | None = None  # from the entry-into-force article
    entry_into_force_article: str | None = None
    annexes: list[Division] = field(default_factory=list)
    amends: str | None = None  # the ELI (…/oj) of the act the title says it amends (added)
    # Parts of the act this text does not hold, as declared by whoever gave it: "citations"
    # (with the institution line), "recitals" (with their introduction and the enacting
    # formula), "signature". A text lacking any other part is not read.
    gaps: frozenset[str] = frozenset()

    @property
    def divisions(self) -> list[Division]:
        return [*self.citations, *self.recitals, *self.articles, *self.annexes]

    def walk(self):
        for d in self.divisions:
            yield from d.walk()
