"""Stage 2 for the ``flattened`` layout: an Official Journal HTML page with its tags removed.

The whole act is one line; every markup boundary became a space (so the official "Unie. Deze"
reads "Unie . Deze" and "(PB C 123 …)" reads "( PB C 123 … )"); no-break spaces (U+00A0) are
kept; footnote markers read "( 1 )"; headings run into the text after them ("Artikel 9
Gastentiteit 1.   De EuroHPC-supercomputers …"). Nothing sets paragraphs apart, so the line is
cut where the act's structure shows, by recognisers run in the order of the act:

* the Official Journal's header, title, date, subject and institution (profile patterns);
* citations, where a citation's opening words stand (``Profile.citation_start``);
* recitals "(1) " … in sequence, up to the enacting formula;
* articles "Artikel\\u00a09" in sequence; in each, the heading, paragraphs "1.\\u00a0\\u00a0\\u00a0"
  in sequence, and points "a) ", "i) ", "1) " that open a list after a colon or follow the
  point before (a point referred to, "punten\\u00a0a) tot en met\\u00a0e)", has a no-break space
  before it, a point of the list a plain one);
* the final formula, the signature, the footnotes "( 1 ) …", an annex and its own footnotes.

Each block is then given the official spacing back: the flattening's spaces before ". , ; : )",
after "(" and inside quotation marks go, footnote markers become `footnote_mark`s, and
whitespace is collapsed as for the other layouts. Positions are columns of the one line
(``Block.first_col``, 1-based).

What the layout cannot show is not guessed: a paragraph's subparagraphs are told apart only
where a list of points ends (a new sentence after the last point) or where ";" is followed by a
new sentence; consecutive sentences are read as one subparagraph, unless a declaration
(`corpus.SubparagraphStarts`, from ``data/corpus.toml``) gives the first words of the
subparagraphs that follow: each must stand exactly once in its paragraph, at the start of a
sentence, and the paragraph is cut there.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from lexkg.loader.blocks import Block, Blocks
from lexkg.loader.corpus import SubparagraphStarts
from lexkg.loader.errors import LoaderError
from lexkg.loader.lines import Line
from lexkg.loader.model import footnote_mark
from lexkg.loader.profiles import Profile
from lexkg.loader.refs import ACT_MENTION

_NBSP = "\u00a0"
_FILE_NAME = r"\S+\.xml"  # the OJ file the page was made from: "L_2021256NL.01000301.xml"
_MARKER = re.compile(r"\( (?P<n>\d{1,3}) \)")
_PARAGRAPH = re.compile(r"(?<= )(?P<n>\d{1,3}[a-z]?)\.\u00a0+")
_POINT = re.compile(r"(?<= )(?P<n>[a-z]{1,5}|\d{1,3}[a-z]?)\) ")
_CAPITAL_WORD = re.compile(r"(?<= )(?P<word>[A-ZÀ-Ý][\w’'-]*)")
_WORDS = re.compile(r"\b\w+\b")
_AFTER_LOWER_CASE = re.compile(r"\b[a-zà-ÿ]+ (?P<word>[A-ZÀ-Ý][\w’'-]*)")
_RECITAL = re.compile(r"(?<= )\((?P<n>\d{1,3})\) ")
# The flattening's spaces where the official text has none.
_SPACE_BEFORE = re.compile(r" +(?=[.,;:)”])")
_SPACE_AFTER = re.compile(r"(?<=[(“]) +")
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u2009\u200a]+")
_ROMAN = re.compile(r"[ivxl]+")


@dataclass(frozen=True)
class _Cut:
    """A piece of the line: characters ``start`` to ``end`` (0-based, end exclusive)."""

    start: int
    end: int


def flattened_blocks(
    lines: list[Line], profile: Profile, path: str, starts: SubparagraphStarts | None = None
) -> Blocks:
    """Cut the one line of a flattened act into the blocks of its structure (and its
    paragraphs into the subparagraphs *starts* declares)."""
    text_lines = [line for line in lines if not line.blank]
    if len(text_lines) != 1:
        line = text_lines[1] if len(text_lines) > 1 else (lines[0] if lines else None)
        raise LoaderError(
            f"a flattened text is one line, this one has {len(text_lines)}",
            path=path,
            line=line.no if line else 1,
        )
    line = text_lines[0]
    return _Cutter(line.raw, line.no, profile, path, starts).blocks()


class _Cutter:
    def __init__(
        self,
        raw: str,
        line_no: int,
        profile: Profile,
        path: str,
        starts: SubparagraphStarts | None = None,
    ) -> None:
        self.raw = raw
        self.starts = starts
        self.declared_used: set[str] = set()
        # The same characters with no-break spaces as spaces, for the profile's patterns.
        self.plain = raw.replace(_NBSP, " ")
        self.line_no = line_no
        self.p = profile
        self.path = path
        self.markers = _Markers(raw, self)
        self.vocabulary = Counter(w for w in _WORDS.findall(self.plain) if w.islower())
        # Words written capitalised after a word in lower case: names. Once is not enough, as
        # every heading ending in a lower-case word runs into its text's first word.
        after_lower_case = Counter(m["word"] for m in _AFTER_LOWER_CASE.finditer(self.plain))
        self.proper_words = {word for word, n in after_lower_case.items() if n > 1}

    # -- helpers ---------------------------------------------------------------------------

    def error(self, message: str, at: int) -> LoaderError:
        return LoaderError(
            message,
            path=self.path,
            line=self.line_no,
            column=at + 1,
            source_line=self.plain[at : at + 120],
        )

    def search(self, pattern: re.Pattern[str], start: int, end: int, what: str) -> re.Match[str]:
        """The first match of a profile pattern (meant for whole blocks) in a stretch."""
        m = re.compile(pattern.pattern).search(self.plain, start, end)
        if m is None:
            raise self.error(f"expected {what}", start)
        return m

    def block(self, start: int, end: int) -> Block:
        """The block of characters start–end, with the official text's spacing."""
        while start < end and self.raw[start] in f" {_NBSP}":
            start += 1
        while end > start and self.raw[end - 1] in f" {_NBSP}":
            end -= 1
        return Block(self.markers.clean(start, end), self.line_no, self.line_no, start + 1, end)

    # -- the act, in order -----------------------------------------------------------------

    def blocks(self) -> Blocks:
        p = self.p
        end = len(self.plain)
        out: list[Block] = []
        title = self.search(p.title, 0, end, "the title of the act")
        out += self.header(title.start())
        out.append(self.block(title.start(), title.end()))
        date = re.compile(p.date_line.pattern).match(self.plain, title.end() + 1)
        if date is None:
            raise self.error("expected the date of the act after its title", title.end() + 1)
        out.append(self.block(date.start(), date.end()))
        institution = self.search(p.institution_line, date.end(), end, "the institution")
        out.append(self.block(date.end(), institution.start()))  # the subject
        out.append(self.block(institution.start(), institution.end()))
        intro = self.search(p.recitals_intro, institution.end(), end, "the recitals")
        out += self.citations(institution.end(), intro.start())
        out.append(self.block(intro.start(), intro.end()))
        enacting = self.search(p.enacting_formula, intro.end(), end, "the enacting formula")
        out += self.recitals(intro.end(), enacting.start())
        out.append(self.block(enacting.start(), enacting.end()))
        final = self.search(p.final_formula, enacting.end(), end, "the final formula")
        out += self.articles(enacting.end(), final.start(), ())
        out.append(self.block(final.start(), final.end()))
        signature = self.search(p.signature_start, final.end(), end, "the signature")
        out.append(self.block(signature.start(), signature.end()))
        notes_start = self.markers.definitions_from(signature.end())
        annex = self.annex_start(notes_start, end)
        if notes_start > signature.end():
            out.append(self.block(signature.end(), notes_start))  # who signed, for whom
        notes = self.markers.definition_blocks(notes_start, annex)
        annex_notes: list[list[Block]] = []
        if annex < end:
            heading = re.compile(p.annex_heading.pattern).match(self.plain, annex)
            assert heading is not None
            out.append(self.block(annex, heading.end()))
            first = self.next_article(heading.end(), end, 1)
            if first is None:
                raise self.error("expected the first article of the annex", heading.end())
            out.append(self.block(heading.end(), first))  # the annex's title
            annex_notes_start = self.markers.definitions_from(first)
            out += self.articles(first, annex_notes_start, ("anx_1",))
            annex_notes.append(self.markers.definition_blocks(annex_notes_start, end))
        if self.starts is not None:
            unused = sorted(set(self.starts.starts) - self.declared_used)
            if unused:
                raise self.declaration_error(unused[0], "the text has no such paragraph")
        return Blocks(out, notes, annex_notes=annex_notes, explicit_notes=True)

    def header(self, end: int) -> list[Block]:
        """The Official Journal's header: file name, date, language, journal, page."""
        pattern = re.compile(rf"{_FILE_NAME}|{self.p.oj_header.pattern}")
        out, pos = [], 0
        for m in pattern.finditer(self.plain, 0, end):
            if self.plain[pos : m.start()].strip():
                raise self.error("unknown text in the Official Journal's header", pos)
            if not re.fullmatch(_FILE_NAME, m.group(0)):
                out.append(self.block(m.start(), m.end()))
            pos = m.end()
        if self.plain[pos:end].strip():
            raise self.error("unknown text in the Official Journal's header", pos)
        return out

    def citations(self, start: int, end: int) -> list[Block]:
        starts = [
            m.start()
            for m in re.compile(self.p.citation_start.pattern).finditer(self.plain, start, end)
            if self.plain[m.start() - 1] == " "
        ]
        if not starts or self.plain[start : starts[0]].strip():
            raise self.error("expected a citation", start)
        return [self.block(a, b) for a, b in zip(starts, [*starts[1:], end], strict=True)]

    def recitals(self, start: int, end: int) -> list[Block]:
        starts, expected = [], 1
        for m in _RECITAL.finditer(self.plain, start, end):
            if int(m["n"]) == expected:
                starts.append(m.start())
                expected += 1
        if not starts or self.plain[start : starts[0]].strip():
            raise self.error("expected recital (1)", start)
        return [self.block(a, b) for a, b in zip(starts, [*starts[1:], end], strict=True)]

    def annex_start(self, start: int, end: int) -> int:
        """Where an annex begins after the footnotes (its heading), or *end*."""
        heading = re.compile(rf"(?<= ){self.p.annex_heading.pattern}(?= )")
        m = heading.search(self.plain, start, end)
        return m.start() if m else end

    # -- articles --------------------------------------------------------------------------

    def next_article(self, start: int, end: int, number: int) -> int | None:
        """Where the heading of article *number* stands between start and end."""
        heading = re.compile(self.p.article_heading.pattern)
        pos = start
        while True:
            at = self.plain.find(heading.pattern.split(" ", 1)[0] + " ", pos, end)
            if at < 0:
                return None
            m = heading.match(self.plain, at)
            if (
                m
                and self.p.normalise_number(m["n"]) == str(number)
                and (at == start or self.plain[at - 1] == " ")
                and self.raw[m.end()] == " "
                and self.raw[at + len(heading.pattern.split(" ", 1)[0])] == _NBSP
            ):
                return at
            pos = at + 1

    def articles(self, start: int, end: int, prefix: tuple[str, ...]) -> list[Block]:
        starts, number = [], 1
        while True:
            at = self.next_article(starts[-1] + 1 if starts else start, end, number)
            if at is None:
                break
            starts.append(at)
            number += 1
        if not starts or self.plain[start : starts[0]].strip():
            raise self.error("expected the first article", start)
        word = self.p.article_heading.pattern.split(" ", 1)[0]
        stray = re.compile(rf"(?<= ){word}\u00a0\d+[a-z]? (?=[A-ZÀ-Ý])").search(
            self.raw, starts[-1] + 1, end
        )
        if stray:  # a heading out of sequence would otherwise be read as the text before it
            raise self.error(
                f"expected {word} {number}, not {stray.group(0).strip()}", stray.start()
            )
        out: list[Block] = []
        for n, (a, b) in enumerate(zip(starts, [*starts[1:], end], strict=True), 1):
            out += self.article(a, b, (*prefix, f"art_{n}"))
        return out

    def article(self, start: int, end: int, path: tuple[str, ...]) -> list[Block]:
        heading = re.compile(self.p.article_heading.pattern).match(self.plain, start)
        assert heading is not None
        out = [self.block(start, heading.end())]
        body = heading.end()
        paragraphs = self.paragraph_starts(body, end)
        text_start = paragraphs[0] if paragraphs else self.heading_end(body, end)
        if text_start > body:
            out.append(self.block(body, text_start))  # the article's heading
        paths = [(*path, f"par_{_PARAGRAPH.match(self.raw, at)['n']}") for at in paragraphs]  # type: ignore[index]
        for a, b, where in zip(
            [text_start, *paragraphs[1:]] if paragraphs else [text_start],
            [*paragraphs[1:], end] if paragraphs else [end],
            paths or [path],
            strict=True,
        ):
            out += self.paragraph(a, b, "/".join(where))
        return out

    def paragraph_starts(self, start: int, end: int) -> list[int]:
        """Numbered paragraphs "1.\u00a0\u00a0\u00a0" in sequence (1, 2, 2a, 3 …)."""
        out: list[int] = []
        last: str | None = None
        for m in _PARAGRAPH.finditer(self.raw, start, end):
            n = m["n"]
            if (last is None and n == "1") or (last is not None and n in _next_numbers(last)):
                out.append(m.start())
                last = n
        return out

    def heading_end(self, start: int, end: int) -> int:
        """Where an article's heading gives way to its text, when no numbered paragraph
        follows: at the first capitalised word that opens a sentence (`sentence_word`), else
        at the first act named in full ("Verordening (EU) 2021/694 is van toepassing"), else
        at the first capitalised word."""
        first = len(self.plain) - len(self.plain[start:].lstrip()) + 1  # after its first letter
        words = list(_CAPITAL_WORD.finditer(self.plain, first, end))
        for m in words:
            if self.sentence_word(m["word"]):
                return m.start()
        for m in words:
            if ACT_MENTION.match(self.plain, m.start()):
                return m.start()
        if words:
            return words[0].start()
        raise self.error("cannot tell the article's heading from its text", start)

    def sentence_word(self, word: str) -> bool:
        """Whether a capitalised word is one that opens a sentence: the text writes it in
        lower case elsewhere, and not as a name ("De", "Voor"; not "Digitaal" as in
        "programma Digitaal Europa", nor "Verordening")."""
        return word.lower() in self.vocabulary and word not in self.proper_words

    def paragraph(self, start: int, end: int, where: str = "") -> list[Block]:
        """A paragraph's (or an unnumbered article's) text, points and subparagraphs; *where*
        is its path ("art_8/par_1")."""
        cuts = [start]
        lists: list[tuple[str, str]] = []  # open lists: (style, last number)
        for m in _POINT.finditer(self.plain, start, end):
            if self.raw[m.start() - 1] == _NBSP:
                continue  # a point referred to: "punten\u00a0a)"
            n = m["n"]
            before = self.plain[start : m.start()].rstrip()
            opens = before.endswith(":") and n in {"a", "i", "1"}
            level = next(
                (k for k in range(len(lists) - 1, -1, -1) if n in _successors(*lists[k])),
                None,
            )
            if opens:  # a list opens (inside the point before, if any)
                style = "roman" if n == "i" and lists and lists[-1][0] == "letter" else None
                lists.append((style or _style(n), n))
                cuts.append(m.start())
            elif level is not None:  # the next point of an open list
                del lists[level + 1 :]
                lists[level] = (lists[level][0], n)
                cuts.append(m.start())
        cuts += self.subparagraph_starts(start, end, cuts)
        cuts += self.declared_starts(start, end, where)
        cuts = sorted(set(cuts))
        return [self.block(a, b) for a, b in zip(cuts, [*cuts[1:], end], strict=True)]

    def subparagraph_starts(self, start: int, end: int, points: list[int]) -> list[int]:
        """New subparagraphs the layout shows: a sentence after the last point of a list,
        and a sentence after ";" (which ends a subparagraph, never a sentence within one)."""
        out = []
        tail_from = points[-1] if len(points) > 1 else None
        for m in _CAPITAL_WORD.finditer(self.plain, start + 1, end):
            before = self.plain[start : m.start()].rstrip()
            if not self.sentence_word(m["word"]):
                continue
            if before.endswith(";") or (
                tail_from is not None and m.start() > tail_from and before.endswith(".")
            ):
                out.append(m.start())
        return out

    def declared_starts(self, start: int, end: int, where: str) -> list[int]:
        """Where the declared subparagraphs of paragraph *where* begin."""
        if self.starts is None or where not in self.starts.starts:
            return []
        self.declared_used.add(where)
        out = []
        for words in self.starts.starts[where]:
            pattern = re.compile(r"\s+".join(re.escape(w) for w in words.split()))
            found = [m.start() for m in pattern.finditer(self.plain, start, end)]
            if len(found) != 1:
                raise self.declaration_error(
                    where, f"{words!r} stands {len(found)} times in the paragraph, not once"
                )
            before = self.plain[start : found[0]].rstrip()
            if not before.endswith("."):
                raise self.declaration_error(
                    where, f"{words!r} does not begin a sentence (after {before[-30:]!r})"
                )
            out.append(found[0])
        return out

    def declaration_error(self, where: str, message: str) -> LoaderError:
        assert self.starts is not None
        return LoaderError(
            f"{self.starts.entry} {where!r}: {message} in {self.path}",
            path=self.starts.source,
        )


class _Markers:
    """The "( n )" of a flattened text: references in the text, or where a footnote begins.

    Footnotes follow the text that refers to them: markers 1 … n in the text, then the notes
    1 … n; an annex starts afresh with its own marker (1) and note (1).
    """

    def __init__(self, raw: str, cutter: _Cutter) -> None:
        self.raw = raw
        self.cutter = cutter
        self.references: dict[int, int] = {}  # position → number
        self.notes: list[tuple[int, int]] = []  # (position, number) of each footnote's start
        referred = noted = 0
        for m in _MARKER.finditer(raw.replace(_NBSP, " ")):
            n = int(m["n"])
            if noted < referred and n == noted + 1:
                self.notes.append((m.start(), n))
                noted = n
            elif n == referred + 1:
                self.references[m.start()] = n
                referred = n
            elif n == 1 and noted == referred:  # an annex, numbered afresh
                self.references[m.start()] = n
                referred, noted = 1, 0
            else:
                raise cutter.error(f"footnote marker ( {n} ) out of sequence", m.start())

    def definitions_from(self, start: int) -> int:
        """Where the first footnote after *start* begins (the end of the line if none)."""
        return next((at for at, _ in self.notes if at >= start), len(self.raw))

    def definition_blocks(self, start: int, end: int) -> list[Block]:
        starts = [at for at, _ in self.notes if start <= at < end]
        return [self.cutter.block(a, b) for a, b in zip(starts, [*starts[1:], end], strict=True)]

    def clean(self, start: int, end: int) -> str:
        """The text of start–end with the official spacing and footnote marks."""
        plain = self.raw[start:end].replace(_NBSP, " ")
        out, pos = [], 0
        for m in _MARKER.finditer(plain):
            at = start + m.start()
            if at in self.references:
                out.append(plain[pos : m.start()].rstrip() + footnote_mark(self.references[at]))
            elif m.start() == 0 and any(at == n for n, _ in self.notes):
                out.append(f"({m['n']})")  # the number a footnote begins with
            else:
                out.append(plain[pos : m.end()])
            pos = m.end()
        text = "".join(out) + plain[pos:]
        text = _SPACE_AFTER.sub("", _SPACE_BEFORE.sub("", text))
        # Back to the no-break spaces' places: collapse as `lines.split_lines` does.
        return _SPACES.sub(" ", text).strip()


def _style(number: str) -> str:
    if number[:1].isdigit():
        return "number"
    if _ROMAN.fullmatch(number) and number not in {"l", "v", "x"} and len(number) > 1:
        return "roman"
    return "letter"


def _next_numbers(last: str) -> set[str]:
    m = re.fullmatch(r"(\d+)([a-z]?)", last)
    if not m:
        return set()
    n, suffix = int(m[1]), m[2]
    return {str(n + 1), f"{n}{chr(ord(suffix) + 1) if suffix else 'a'}"}


_ROMANS = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii"]


def _successors(style: str, last: str) -> set[str]:
    """The numbers that may follow *last* in a list of its style."""
    if style == "number":
        return _next_numbers(last)
    if style == "roman":
        k = _ROMANS.index(last) if last in _ROMANS else len(_ROMANS) - 1
        return set(_ROMANS[k + 1 : k + 2])
    return {chr(ord(last) + 1)} if len(last) == 1 else set()
