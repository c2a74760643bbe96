"""A corrigendum (Official Journal, series L) → :class:`model.Corrigendum`.

A corrigendum corrects one language version of an act, each correction saying where (page,
subdivision), what was published and what it should read ("1. Bladzijde 21, artikel 7, lid 6,
eerste zin: in plaats van: “…”, lezen: “…”."). Its words are the profile's
(`Profile.corrigendum`). The stages are those of an act, shortened:

* lines: the text's lines (any layout: a flattened page is one line), joined by single spaces
  into one run, each character of which keeps its line and column;
* the Official Journal's header, the title naming the corrected act and its publication;
* the corrections, one after the other to the end of the text, nothing left over.

What a correction quotes is kept as printed, between the quotation marks: with the label of the
subdivision ("6.", "g)"), the no-break spaces after a paragraph's number, and "…" where the
corrigendum leaves the rest of the sentence out. `Correction.words` gives the words as they stand
in a division's text. A text that does not read so stops the reader with a :class:`LoaderError`
naming the file, the line and column and what was expected there.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from lexkg.loader.errors import LoaderError
from lexkg.loader.lines import Line, read_lines
from lexkg.loader.model import SEGMENTS, Correction, Corrigendum, Span
from lexkg.loader.profiles import Profile, profile
from lexkg.loader.refs import ACT_MENTION, act_eli

_SPACE = re.compile(r"[ \t\u00a0\u2007\u202f\u2009\u200a]")
_RANK = ("article", "paragraph", "subparagraph", "point")


@dataclass(frozen=True)
class _Run:
    """The text as one line: ``plain`` has single spaces for matching; ``raw`` the characters
    as written (no-break spaces kept), of the same length; ``places`` the (line, column) of
    each character."""

    plain: str
    raw: str
    places: list[tuple[int, int]]


def read_corrigendum(path: str | Path, language: str, label: str | None = None) -> Corrigendum:
    """Read the corrigendum in *path*, written in *language*; *label* names it in messages."""
    name = label or str(path)
    return parse_corrigendum(read_lines(path, name), profile(language), name)


def parse_corrigendum(lines: list[Line], p: Profile, path: str) -> Corrigendum:
    """The corrigendum in *lines* (see the module's docstring)."""
    if p.corrigendum is None:
        raise LoaderError(f"the {p.code} profile has no wording for corrigenda", path=path)
    return _Reader(_join(lines), p, path).corrigendum()


def _join(lines: list[Line]) -> _Run:
    """One run of the text's lines; runs of whitespace count as one space in ``plain``."""
    raw: list[str] = []
    places: list[tuple[int, int]] = []
    for line in lines:
        if line.blank:
            continue
        if raw:
            raw.append(" ")
            places.append(places[-1])
        text = line.raw.strip()
        start = len(line.raw) - len(line.raw.lstrip())
        for col, ch in enumerate(text, start + 1):
            raw.append(ch)
            places.append((line.no, col))
    text = "".join(raw)
    return _Run(_SPACE.sub(" ", text), text, places)


class _Reader:
    def __init__(self, run: _Run, p: Profile, path: str) -> None:
        assert p.corrigendum is not None
        self.run = run
        self.p = p
        self.words = p.corrigendum
        self.path = path
        self.crumbs: list[str] = []

    def error(self, message: str, at: int) -> LoaderError:
        line, column = (
            self.run.places[min(at, len(self.run.places) - 1)] if self.run.places else (1, 1)
        )
        return LoaderError(
            message,
            path=self.path,
            line=line,
            column=column,
            where=" › ".join(self.crumbs) or None,
            source_line=self.run.plain[at : at + 120],
        )

    def expect(self, pattern: re.Pattern[str], at: int, what: str) -> re.Match[str]:
        """*pattern* matching at *at*, after any spaces."""
        while at < len(self.run.plain) and self.run.plain[at] == " ":
            at += 1
        m = pattern.match(self.run.plain, at)
        if m is None:
            raise self.error(f"expected {what}", at)
        return m

    def span(self, start: int, end: int) -> Span:
        (first, first_col), (last, last_col) = self.run.places[start], self.run.places[end - 1]
        return Span(self.path, first, last, first_col, last_col)

    def corrigendum(self) -> Corrigendum:
        w = self.words
        header = self.expect(w.header, 0, "the Official Journal's header (date, journal, page)")
        try:
            published = dt.date(int(header["y"]), int(header["m"]), int(header["d"]))
        except ValueError:
            raise self.error(f"not a date: {header.group('d', 'm', 'y')}", header.start()) from None
        title = self.expect(w.title, header.end(), "the title naming the corrected act")
        mention = ACT_MENTION.match(title["act"])
        if mention is None:  # the profile's act pattern and ACT_MENTION disagree
            raise self.error(f"cannot tell which act {title['act']!r} is", title.start("act"))
        self.corrected_publication(title)
        self.crumbs = [self.run.plain[title.start() : title.end("act")]]
        corrections: list[Correction] = []
        at = title.end()
        while self.run.plain[at:].strip():
            number = len(corrections) + 1
            self.crumbs = [*self.crumbs[:1], f"{number}."]
            m = self.expect(
                w.correction,
                at,
                f"correction {number}: place, the text published, the text to read",
            )
            if m["n"] is not None and int(m["n"]) != number:
                raise self.error(f"expected correction {number}, not {m['n']}", m.start())
            corrections.append(
                Correction(
                    number=number,
                    target=self.target(m),
                    old=self.run.raw[m.start("old") : m.end("old")],
                    new=self.run.raw[m.start("new") : m.end("new")],
                    span=self.span(m.start(), m.end()),
                    where=m["where"],
                    page=int(self.expect(w.page, m.start("where"), "the page")["page"]),
                )
            )
            at = m.end()
        if not corrections:
            raise self.error("expected the corrections after the title", at)
        date = f"{published.day}.{published.month}.{published.year}"
        return Corrigendum(
            language=self.p.code,
            path=self.path,
            corrects=act_eli(mention) + "/oj",
            date_publication=published,
            reference=w.citation.format(no=header["no"], date=date, page=header["page"]),
            corrections=corrections,
        )

    def corrected_publication(self, title: re.Match[str]) -> None:
        """The corrected act's publication, as the title cites it, must be a date."""
        try:
            dt.date(int(title["y"]), self.p.month(title["month"]), int(title["d"]))
        except (KeyError, ValueError):
            raise self.error(
                f"not a date: {title['d']} {title['month']} {title['y']}", title.start("d")
            ) from None

    def target(self, m: re.Match[str]) -> tuple[str, ...]:
        """The path of the subdivision a correction's place names ("bijlage, artikel 3,
        lid 3" → anx_1/art_3/par_3); the words after it ("eerste zin") are not a subdivision."""
        where = m["where"]
        found: dict[str, str] = {}
        for kind, pattern in self.p.ref_components.items():
            ref = pattern.search(where)
            if ref is None:
                continue
            n = next(g for g in ref.groups() if g)
            if kind == "subparagraph" and not n.isdigit():
                n = str(self.p.ordinals[n.lower()])
            found[kind] = self.p.normalise_number(n)
        if "article" not in found:
            raise self.error(f"expected an article in the place {where!r}", m.start("where"))
        annex = self.p.annex_ref.search(where) or self.words.annex.search(where)
        numeral = annex.groupdict().get("n") if annex else None
        base = (f"anx_{_arabic(numeral)}",) if annex else ()
        return (*base, *(f"{SEGMENTS[k]}_{found[k]}" for k in _RANK if k in found))


def _arabic(numeral: str | None) -> int:
    """An annex's number: none (the only annex) → 1, "II" → 2."""
    if not numeral:
        return 1
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for a, b in zip(numeral, [*numeral[1:], ""], strict=True):
        total += -values[a] if b and values[b] > values[a] else values[a]
    return total
