"""The shape of a language profile and the helpers every profile shares."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


def rx(pattern: str) -> re.Pattern[str]:
    """Compile a profile pattern (case-sensitive, Unicode)."""
    return re.compile(pattern)


def unnamed(pattern: str) -> str:
    """A pattern with its named groups made plain groups, to repeat it inside another."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


@dataclass(frozen=True)
class CorrigendumWords:
    """How a corrigendum is worded in one language (:mod:`loader.corrigendum`).

    All patterns are searched in the text with its whitespace collapsed to single spaces.
    """

    # The Official Journal's header: groups d, m, y (publication), no (OJ number), page.
    header: re.Pattern[str]
    # "Rectificatie van Verordening (EU) 2021/1173 … (Publicatieblad … L 256 van 19 juli
    # 2021)": group act (the act named in full, as `refs.ACT_MENTION` reads it), then the
    # corrected act's own publication: no, d, month, y.
    title: re.Pattern[str]
    # One correction: n (its number, if printed), where (the place, as printed), old, new.
    correction: re.Pattern[str]
    page: re.Pattern[str]  # in where: group page
    annex: re.Pattern[str]  # in where: the annex of the corrected act ("bijlage")
    citation: str  # how the OJ cites the corrigendum: {no}, {date} (d.m.yyyy), {page}
    verified: bool  # whether the wording was checked against a published corrigendum


@dataclass(frozen=True)
class Profile:
    """How acts are worded in one language.

    Patterns are matched against whole blocks (``fullmatch``) unless their name says
    ``_start``; named groups carry what is extracted.
    """

    code: str  # ISO 639-1, the language tag of literals
    iso3: str  # ISO 639-2/B upper case, as in the EU language authority table
    eli_lang: str  # the language segment of ELI expression IRIs

    months: dict[str, int]
    ordinals: dict[str, int]
    # Official Journal header and tail lines, skipped (their facts are cross-checked).
    oj_header: re.Pattern[str]
    oj_publication_date: re.Pattern[str]  # groups d, m, y
    eli_line: re.Pattern[str]  # group eli
    # Title: type word, series, number, institution; then the date line.
    title: re.Pattern[str]  # groups type, series, number, by
    date_line: re.Pattern[str]  # groups d, month, y
    doc_types: dict[str, str]  # printed type word (upper case) → resource-type code
    type_names: dict[str, str]  # resource-type code → the type as written in a title
    institutions: dict[str, tuple[str, str]]  # printed phrase → (corporate-body code, in a title)
    institution_line: re.Pattern[str]
    recitals_intro: re.Pattern[str]
    enacting_formula: re.Pattern[str]
    article_heading: re.Pattern[str]  # group n (number, possibly "12 bis")
    final_formula: re.Pattern[str]
    signature_start: re.Pattern[str]  # groups place, date
    entry_into_force: re.Pattern[str]  # group ordinal (absent: "on the day following")
    # Enumerators at the start of a block; group n is the number as printed.
    paragraph_enum: re.Pattern[str]
    point_enum: re.Pattern[str]
    recital_enum: re.Pattern[str]
    footnote_enum: re.Pattern[str]
    # Number suffixes written as words ("3 bis" for 3a).
    number_suffixes: dict[str, str]
    # Quotation marks around inserted text.
    quote_open: str
    quote_close: str
    # Amending instructions: an action, and what kind of subdivision it concerns.
    actions: dict[str, re.Pattern[str]]  # amend, insert, add, replace, delete → pattern
    new_kind: re.Pattern[str]  # group kind: "the following point(s)/paragraph/…"
    kind_words: dict[str, str]  # lower-cased kind word → article|paragraph|subparagraph|point
    # How a title reads, from the parts of the printed title.
    title_format: str = "{type} ({series}) {number} {by} {date} {subject}"
    # References "artikel 9, lid 5": one pattern per component kind, group n.
    ref_components: dict[str, re.Pattern[str]] = field(default_factory=dict)
    # Cross-references in running text (`loader.xrefs`). ``reference`` finds one, or a list of
    # them, with the act they belong to: groups items ("Articles 11(5) and 12(7)") and of ("this
    # Regulation", "Regulation (EU) 2021/694", "that Regulation", "the Statutes", a Treaty).
    # ``reference_item`` reads each one in items: groups art, par, sbp, pnt, where par and pnt
    # may be lists ("leden 5, 6 en 7", "(f), (g) and (h)") of numbers that
    # ``reference_number`` finds (group n), ranges where ``list_to`` stands between two.
    reference: re.Pattern[str] = field(default=re.compile(r"(?!)"))
    reference_item: re.Pattern[str] = field(default=re.compile(r"(?!)"))
    reference_number: re.Pattern[str] = field(default=re.compile(r"(?!)"))
    # What of names, searched in it: the act named last before ("die verordening", "thereof"),
    # the act itself ("deze verordening"), its statutes ("de statuten"; those of another act
    # where of names that act too: "de aan die verordening gehechte statuten").
    that_act: re.Pattern[str] = field(default=re.compile(r"(?!)"))
    this_act: re.Pattern[str] = field(default=re.compile(r"(?!)"))
    statutes: re.Pattern[str] = field(default=re.compile(r"(?!)"))
    # Words after a hyphen at a line end that show a suspended compound ("onderzoeks- en").
    conjunctions: frozenset[str] = frozenset()
    # The whole title on one line, as a rendering that is not the Official Journal's prints it
    # ("Council Regulation (EU) 2024/1732 of 17 June 2024 amending …"): the groups of
    # ``title`` and ``date_line``, and subject.
    title_line: re.Pattern[str] = field(default=re.compile(r"(?!)"))
    # Where each citation begins ("Gezien", "Having regard to"), for a layout that does not
    # set them apart.
    citation_start: re.Pattern[str] = field(default=re.compile(r"(?!)"))
    # The heading of an annex ("BIJLAGE", "ANNEX").
    annex_heading: re.Pattern[str] = field(default=re.compile(r"(?!)"))
    # -- amending instructions beyond the five actions ------------------------------------
    # Words replaced inside a provision: "the words ‘X’ are replaced by ‘Y’", "wordt de datum
    # “X” vervangen door “Y”"; groups old and new (the words between the quotation marks).
    substitution: re.Pattern[str] = field(default=re.compile(r"(?!)"))
    # Words struck out of a provision: "the words ‘X’ are deleted"; group old.
    words_deleted: re.Pattern[str] = field(default=re.compile(r"(?!)"))
    # Words put before or after others: "the words ‘Y’ are inserted after ‘X’"; groups new,
    # old (the words they go next to) and place (a word of ``places``).
    words_inserted: tuple[re.Pattern[str], ...] = ()
    places: dict[str, str] = field(default_factory=dict)  # lower-cased word → before|after
    # A sentence added after a provision's text ("the following sentence is added:"), and
    # words added at its end ("the word ‘and’ is added at the end of point (a)"); group new,
    # absent where the quoted text after the instruction holds the words.
    sentence_added: tuple[re.Pattern[str], ...] = ()
    words_added: tuple[re.Pattern[str], ...] = ()
    # Which occurrence of the words is meant ("where it appears for the second time"): an
    # ordinal in the first group that matched; every occurrence ("wherever they occur",
    # "telkens"). Read outside quotation marks and taken out of the instruction before the
    # patterns above read it.
    occurrence: re.Pattern[str] = field(default=re.compile(r"(?!)"))
    every_occurrence: re.Pattern[str] = field(default=re.compile(r"(?!)"))
    # A sentence of a provision ("second sentence", "Satz 2"): group n, an ordinal or a number.
    sentence_ref: re.Pattern[str] = field(default=re.compile(r"(?!)"))
    # Several subdivisions named at once ("paragraphs 6, 7 and 8", "points (a) to (c)"): one
    # pattern per kind, group ns (the numbers as printed); the words joining them.
    ref_lists: dict[str, re.Pattern[str]] = field(default_factory=dict)
    list_and: re.Pattern[str] = field(default=re.compile(r"(?!)"))  # ", " and " and "
    list_to: re.Pattern[str] = field(default=re.compile(r"(?!)"))  # " to "
    # An annex of the amended act ("the Annex", "Annex II"); group n, absent for the only one.
    annex_ref: re.Pattern[str] = field(default=re.compile(r"(?!)"))
    # An annex replaced by an annex of the amending act itself ("is replaced by the text set out
    # in the Annex to this Regulation"); group n, absent for the only one.
    annex_of_this_act: re.Pattern[str] = field(default=re.compile(r"(?!)"))
    # The title's word for the act amended ("amending Regulation (EU) 2021/1173"): the act named
    # after it is the one the act amends.
    amending: re.Pattern[str] = field(default=re.compile(r"(?!)"))
    corrigendum: CorrigendumWords | None = None

    def normalise_number(self, printed: str) -> str:
        """'3 bis' → '3a', '(5a)' → '5a', 'H' → 'h'."""
        n = printed.strip().strip("().").strip()
        parts = n.split()
        if len(parts) == 2 and parts[1].lower() in self.number_suffixes:
            return parts[0] + self.number_suffixes[parts[1].lower()]
        return n.replace(" ", "").lower()

    def month(self, name: str) -> int:
        return self.months[name.lower()]


LATIN_SUFFIXES = {
    "bis": "a",
    "ter": "b",
    "quater": "c",
    "quinquies": "d",
    "sexies": "e",
    "septies": "f",
    "octies": "g",
    "nonies": "h",
    "decies": "i",
}
