"""Words for `/eli/…` pages: names of ELI resources, texts with footnote markers as HTML."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from lexkg.server.core.urls import ELI_BASE

__all__ = ["LANGUAGE_NAMES", "Marker", "by_preference", "name", "own_text", "text_html"]

LANGUAGE_NAMES = {"nl": "Nederlands", "de": "Deutsch", "en": "English", "fr": "Français"}
# The order languages stand in on a page, the others after them by their tags.
_PREFERRED = ("nl", "de", "en", "fr")
_ACT_TYPES = {"reg": "Regulation (EU)", "dir": "Directive (EU)", "dec": "Decision (EU)"}
_LANG_SUFFIXES = {"nld": "Dutch", "deu": "German", "eng": "English", "fra": "French"}
_SEGMENT = re.compile(r"(cit|rct|art|par|sbp|pnt|anx)_([0-9A-Za-z]+)")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_QUOTES = "“„\"«‘‚'"


def by_preference(languages) -> list[str]:
    """Language tags in the order a page shows them."""
    rank = {lang: i for i, lang in enumerate(_PREFERRED)}
    return sorted(languages, key=lambda lang: (rank.get(lang, len(rank)), lang))


def name(iri: str, *, act: bool = True, version: bool = True) -> str:
    """An ELI IRI in words: 'Regulation (EU) 2024/1732, Article 1, point 4(c)'.

    `act=False` leaves out the act ('Article 9(6a)'), `version=False` the version date and
    language; an IRI of another shape is given as is.
    """
    if not iri.startswith(ELI_BASE):
        return iri
    parts = iri[len(ELI_BASE) :].split("#")[0].split("/")
    if len(parts) < 3 or parts[0] not in _ACT_TYPES:
        return iri
    words = [f"{_ACT_TYPES[parts[0]]} {parts[1]}/{parts[2]}"] if act else []
    subdivision, suffix = "", ""
    previous = ""
    for part in parts[3:]:
        match = _SEGMENT.fullmatch(part)
        if match:
            kind, number = match.groups()
            subdivision += _segment(kind, number, previous, first=not subdivision)
            previous = kind
        elif _DATE.fullmatch(part):
            suffix += f", as of {part}" if subdivision or not act else f", version of {part}"
        elif part in _LANG_SUFFIXES:
            suffix += f" ({_LANG_SUFFIXES[part]})"
    if parts[-1] != "oj" and not _DATE.fullmatch(parts[-1]) and parts[-1] not in _LANG_SUFFIXES:
        suffix += " (all versions)"
    if subdivision:
        words.append(subdivision)
    if not version:
        suffix = ""
    return ", ".join(words) + suffix if words else suffix.lstrip(", ")


def _segment(kind: str, number: str, previous: str, *, first: bool) -> str:
    if (kind, previous) in (("par", "art"), ("par", "par"), ("pnt", "par"), ("pnt", "pnt")):
        return f"({number})"
    if kind == "pnt" and previous == "sbp":
        number = f"({number})"
    words = {
        "cit": "Citation",
        "rct": "Recital",
        "art": "Article",
        "par": "paragraph",
        "sbp": "subparagraph",
        "pnt": "point",
        "anx": "Annex",
    }
    separator = "" if first else ", "
    return f"{separator}{words[kind]} {number}"


def own_text(text: str, parts: Sequence[tuple[str | None, str]]) -> str:
    """A subdivision's own words: its text less its parts ((label, text) each, in order)."""
    if not parts:
        return text
    tail = "\n".join(f"{label} {part}" if label else part for label, part in parts)
    if text.endswith(tail):
        return text[: len(text) - len(tail)].rstrip("\n")
    return text


@dataclass(frozen=True)
class Marker:
    """A footnote marker at a character offset of a text."""

    offset: int
    number: str
    ref_id: str  # the marker's id
    note_id: str  # the footnote's id

    def html(self) -> Markup:
        return Markup(
            '<sup class="fnref"><a id="{}" href="#{}" aria-label="footnote {}">{}</a></sup>'
        ).format(self.ref_id, self.note_id, self.number, self.number)


def text_html(text: str, markers: Sequence[Marker] = ()) -> Markup:
    """The text as HTML: a paragraph, and the quoted text an instruction inserts as a quotation.

    Without markers the element's text content is the text itself, character for character
    (line breaks are kept as they are and shown by CSS), so it can carry the text in RDFa.
    """
    first, rest = text, None
    cut = text.find("\n")
    if cut > 0 and text[cut - 1] == ":" and text[cut + 1 : cut + 2] in tuple(_QUOTES):
        first, rest = text[:cut], text[cut + 1 :]
    html = Markup("<p>{}</p>").format(_marked(first, 0, markers))
    if rest is not None:
        html += Markup("\n<blockquote>{}</blockquote>").format(_marked(rest, cut + 1, markers))
    return html


def _marked(text: str, start: int, markers: Sequence[Marker]) -> Markup:
    """`text` (at `start` in the whole) escaped, with the markers that fall inside it."""
    out, at = Markup(), 0
    for marker in sorted(markers, key=lambda m: m.offset):
        offset = marker.offset - start
        if 0 <= offset <= len(text):
            out += escape(text[at:offset]) + marker.html()
            at = offset
    return out + escape(text[at:])
