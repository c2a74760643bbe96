"""Stage 3: blocks → the language-neutral tree of an act (:mod:`loader.model`).

A recursive-descent reader over the blocks of one language version: header, title,
citations, recitals, articles (with their paragraphs, subparagraphs and points), the
amending instructions and the text each one quotes, the final formula, the signature and the
footnotes. Every wording it relies on comes from the language profile; any block it cannot
place stops it with a :class:`LoaderError` naming the file, the line and where in the act.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from copy import deepcopy
from dataclasses import dataclass, field, replace
from itertools import chain, combinations, islice, product

from lexkg.loader import words
from lexkg.loader.blocks import Block, Blocks, split_blocks
from lexkg.loader.corpus import SubparagraphStarts
from lexkg.loader.errors import LoaderError
from lexkg.loader.lines import Line
from lexkg.loader.model import (
    FOOTNOTE_MARK,
    KIND_OF_SEGMENT,
    SEGMENTS,
    Act,
    Amendment,
    Division,
    Footnote,
    FootnoteRef,
    Signature,
    Span,
    number_range,
)
from lexkg.loader.profiles import Profile
from lexkg.loader.refs import ACT_MENTION, act_eli

_ISSN = re.compile(r"ISSN \S+(?: \(.*\))?")
_MARKER = re.compile(r" \((\d{1,3})\)(?=[\s,.;:]|$)")
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50}
_RANK = {"article": 0, "paragraph": 1, "subparagraph": 2, "point": 3}
_HEADING_END = (".", ",", ";", ":")
# Lists of points nest two or three deep in EU acts ("4) a) i)"); a text that nests them deeper
# than this is not read as an act (nor does its tree outgrow the interpreter's stack).
_MAX_POINT_LEVELS = 8
# A PDF text whose footnote-or-body lines are many is read again at most this many times.
_MAX_REREADINGS = 256
#: The parts of an act a text may be declared to lack (a partial rendering of the act).
GAPS = frozenset({"citations", "recitals", "signature"})


@dataclass
class _Item:
    """A block of an article's body, classified by its enumerator."""

    kind: str  # paragraph | point | plain | article
    number: str
    label: str
    text: str
    block: Block
    quote: list[Block] = field(default_factory=list)


def parse_act(
    blocks: Blocks,
    profile: Profile,
    path: str,
    amended_counts: Mapping[str, int] | None = None,
    gaps: frozenset[str] = frozenset(),
) -> Act:
    """Read one language version of an act from its blocks.

    *gaps* are the parts the text is declared to lack (see `Act.gaps`).
    """
    unknown = gaps - GAPS
    if unknown:
        raise LoaderError(f"unknown gaps {sorted(unknown)} (known: {sorted(GAPS)})", path=path)
    return _Reader(blocks, profile, path, amended_counts or {}, gaps).act()


def read_text(
    lines: list[Line],
    layout: str,
    profile: Profile,
    path: str,
    amended_counts: Mapping[str, int] | None = None,
    gaps: frozenset[str] = frozenset(),
    starts: SubparagraphStarts | None = None,
) -> Act:
    """Blocks and tree of one text, settling what its layout leaves ambiguous (*starts*: where
    a flattened text's subparagraphs begin, as declared in ``data/corpus.toml``).

    A PDF extraction can print "(1) …" at a page top both for a footnote and for a recital
    or paragraph glued to the previous block. The footnote reading comes first; if the act
    does not read that way, each footnote start in turn is read as body text instead, then
    each pair of them, and so on: at most `_MAX_REREADINGS` readings more, however many there
    are (the combinations of a few dozen would take ages).
    """
    blocks = split_blocks(lines, layout, profile, path, starts=starts)
    try:
        return parse_act(blocks, profile, path, amended_counts, gaps)
    except LoaderError as first_error:
        starts = blocks.footnote_starts
        readings = chain.from_iterable(combinations(starts, k) for k in range(1, len(starts) + 1))
        for as_body in islice(readings, _MAX_REREADINGS):
            retry = split_blocks(lines, layout, profile, path, frozenset(as_body))
            try:
                return parse_act(retry, profile, path, amended_counts, gaps)
            except LoaderError:
                continue
        raise first_error from None


class _Reader:
    def __init__(
        self,
        blocks: Blocks,
        profile: Profile,
        path: str,
        counts: Mapping[str, int],
        gaps: frozenset[str] = frozenset(),
    ) -> None:
        self.blocks = blocks.body
        self.layout_notes = blocks.footnotes
        self.annex_notes = blocks.annex_notes
        self.facts = blocks.facts
        self.explicit_notes = blocks.explicit_notes
        self.gaps = gaps
        self.p = profile
        self.path = path
        self.counts = counts
        self.i = 0
        self.crumbs: list[str] = []
        self.quotes: dict[int, list[Block]] = {}  # quoted blocks by id() of their instruction
        self.amends: str | None = None  # the act the title says this one amends
        # Annexes replaced by an annex of this act: (instruction, its number, where), until the
        # annexes are read.
        self.annex_replacements: list[tuple[Amendment, int, Block]] = []

    # -- cursor ----------------------------------------------------------------------------

    def peek(self) -> Block | None:
        return self.blocks[self.i] if self.i < len(self.blocks) else None

    def take(self) -> Block:
        block = self.blocks[self.i]
        self.i += 1
        return block

    def span(self, first: Block, last: Block | None = None) -> Span:
        return _span(self.path, first, last or first)

    def error(self, message: str, block: Block | None = None) -> LoaderError:
        block = block or self.peek()
        if block is None:
            last = self.blocks[-1].last if self.blocks else 1
            return LoaderError(
                f"the text ends too early: {message}",
                path=self.path,
                line=last,
                where=" › ".join(self.crumbs) or None,
            )
        return LoaderError(
            message,
            path=self.path,
            line=block.first,
            column=block.first_col,
            where=" › ".join(self.crumbs) or None,
            source_line=block.text,
        )

    def expect(self, pattern: re.Pattern[str], what: str) -> tuple[Block, re.Match[str]]:
        block = self.peek()
        m = pattern.fullmatch(block.text) if block else None
        if block is None or m is None:
            raise self.error(f"expected {what}")
        self.i += 1
        return block, m

    # -- the act ---------------------------------------------------------------------------

    def act(self) -> Act:
        p = self.p
        published, published_line = self.header()
        title, title_span, tm, date_document = self.title()
        if (amending := p.amending.search(title)) and (
            mention := ACT_MENTION.search(title, amending.end())
        ):
            self.amends = act_eli(mention) + "/oj"
        if published is None:  # a rendering may print the Official Journal's header after it
            published, published_line = self.header()
        published, published_line = self.fact_date(
            "publication_date", published, published_line, "the date of publication"
        )
        self.fact_date("document_date", date_document, title_span.first, "the date of the act")
        code, _ = p.institutions[tm["by"].upper()]
        institution, citations, recitals_intro = "", [], ""
        if not self.lacks("citations", p.institution_line):
            institution = self.expect(p.institution_line, "the institution adopting the act")[
                0
            ].text
            citations, intro = self.citations()
            recitals_intro = intro.text
        recitals, enacting = [], ""
        if not self.lacks("recitals", p.recital_enum, p.recitals_intro, p.enacting_formula):
            if "citations" in self.gaps:
                recitals_intro = self.expect(p.recitals_intro, "the introduction to the recitals")[
                    0
                ].text
            recitals = self.recitals()
            enacting = self.expect(p.enacting_formula, "the enacting formula")[0].text
        articles = self.articles()
        final, _ = self.expect(p.final_formula, "the final formula after the last article")
        signature = None if self.lacks("signature", p.signature_start) else self.signature()
        footnotes = self.footnotes()
        annexes = self.annexes()
        self.replace_annexes(annexes)
        footnotes += self.annex_footnotes(annexes)
        eli, eli_line = self.tail()
        if "eli" in self.facts:
            fact, fact_line = self.facts["eli"]
            if eli is not None and eli != fact:
                raise LoaderError(
                    f"the front matter gives the ELI {fact}, the text {eli} (line {eli_line})",
                    path=self.path,
                    line=fact_line,
                )
            eli, eli_line = eli or fact, eli_line or fact_line
        act = Act(
            language=p.code,
            path=self.path,
            doc_type=p.doc_types[tm["type"].upper()],
            series=tm["series"],
            number=tm["number"],
            passed_by=code,
            date_document=date_document,
            title=title,
            title_span=title_span,
            institution=institution,
            citations=citations,
            recitals_intro=recitals_intro,
            recitals=recitals,
            enacting_formula=enacting,
            articles=articles,
            final_formula=final.text,
            signature=signature,
            footnotes=footnotes,
            date_publication=published,
            date_publication_line=published_line,
            eli=eli,
            eli_line=eli_line,
            annexes=annexes,
            gaps=self.gaps,
            amends=self.amends,
        )
        self.attach_footnotes(act)
        self.entry_into_force(act)
        return act

    def title(self) -> tuple[str, Span, re.Match[str], dt.date]:
        """The act's title as the Official Journal prints it (type and number, date, subject
        on lines of their own) or on one line; its place; the match naming type, number and
        institution; the date of the act."""
        p = self.p
        b = self.peek()
        if b is not None and (m := p.title_line.fullmatch(b.text)):
            self.take()
            by_title = p.institutions[m["by"].upper()][1]
            title = p.title_format.format(
                type=p.type_names[p.doc_types[m["type"].upper()]],
                series=m["series"],
                number=m["number"],
                by=by_title,
                date=b.text[m.end("number") + 1 : m.start("subject") - 1],
                subject=m["subject"],
            )
            return title, self.span(b), m, self.date(m["d"], m["month"], m["y"], b)
        title_block, tm = self.expect(p.title, "the title of an act, e.g. 'VERORDENING (EU) …'")
        date_block, dm = self.expect(p.date_line, "the date of the act under its title")
        date_document = self.date(dm["d"], dm["month"], dm["y"], date_block)
        subject: list[Block] = []
        while (b := self.peek()) is not None and not p.institution_line.fullmatch(b.text):
            if p.recitals_intro.fullmatch(b.text) or len(subject) > 3:
                raise self.error("expected the institution adopting the act", b)
            subject.append(self.take())
        if not subject:
            raise self.error("expected the subject of the act under its date")
        title = p.title_format.format(
            type=p.type_names[p.doc_types[tm["type"]]],
            series=tm["series"],
            number=tm["number"],
            by=p.institutions[tm["by"]][1],
            date=dm.group(0),
            subject=" ".join(b.text for b in subject),
        )
        return title, self.span(title_block, subject[-1]), tm, date_document

    def lacks(self, part: str, *starts: re.Pattern[str]) -> bool:
        """Whether the text lacks *part* here, as declared; a lack not declared is an error
        (left to the reader of the part), and so is a part declared lacking but present."""
        b = self.peek()
        present = b is not None and any(
            pattern.fullmatch(b.text) or pattern.match(b.text) for pattern in starts
        )
        if part not in self.gaps:
            return False
        if present:
            raise self.error(f"the text is declared to lack its {part}, but has them", b)
        return True

    def fact_date(
        self, key: str, printed: dt.date | None, line: int | None, what: str
    ) -> tuple[dt.date | None, int | None]:
        """A date the front matter gives, checked against the one the act prints."""
        if key not in self.facts:
            return printed, line
        value, fact_line = self.facts[key]
        try:
            date = dt.date.fromisoformat(value)
        except ValueError:
            raise LoaderError(
                f"{key} is not a date: {value!r}", path=self.path, line=fact_line
            ) from None
        if printed is not None and printed != date:
            raise LoaderError(
                f"the front matter gives {date} as {what}, the text {printed} (line {line})",
                path=self.path,
                line=fact_line,
            )
        return printed or date, line or fact_line

    def header(self) -> tuple[dt.date | None, int | None]:
        """The date of publication the Official Journal's header prints, if any, and its line."""
        published, line = None, None
        while (b := self.peek()) is not None and self.p.oj_header.fullmatch(b.text):
            if m := self.p.oj_publication_date.fullmatch(b.text):
                try:
                    published = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
                except ValueError:
                    raise self.error(f"not a date: {b.text}", b) from None
                line = b.first
            self.i += 1
        return published, line

    def date(self, d: str, month: str, y: str, block: Block) -> dt.date:
        try:
            return dt.date(int(y), self.p.month(month), int(d))
        except (KeyError, ValueError):
            raise self.error(f"not a date: {d} {month} {y}", block) from None

    def citations(self) -> tuple[list[Division], Block]:
        """The citations, and the block introducing the recitals that ends them."""
        out = []
        while (b := self.peek()) is not None and not self.p.recitals_intro.fullmatch(b.text):
            if self.p.enacting_formula.fullmatch(b.text) or self.p.article_heading.fullmatch(
                b.text
            ):
                raise self.error("expected the introduction to the recitals", b)
            self.take()
            d = Division("citation", str(len(out) + 1), self.span(b), text=b.text)
            d.path = (d.segment,)
            out.append(d)
        if not out:
            raise self.error("expected the citations of the act")
        if b is None:
            raise self.error("expected the introduction to the recitals")
        return out, self.take()

    def recitals(self) -> list[Division]:
        out = []
        while (b := self.peek()) is not None and not self.p.enacting_formula.fullmatch(b.text):
            m = self.p.recital_enum.match(b.text)
            expected = str(len(out) + 1)
            if not m or m["n"] != expected:
                raise self.error(f"expected recital ({expected})", b)
            self.take()
            d = Division(
                "recital", m["n"], self.span(b), label=m.group(0).strip(), text=b.text[m.end() :]
            )
            d.path = (d.segment,)
            out.append(d)
        if not out:
            raise self.error("expected the recitals")
        return out

    def articles(self, path: tuple[str, ...] = ()) -> list[Division]:
        """The articles of the act (or, under *path*, of an annex), up to what ends them."""
        out = []
        p = self.p
        while (b := self.peek()) is not None and not self.ends_articles(b):
            _, m = self.expect(p.article_heading, f"an article heading ('{self.article_word()} N')")
            number = p.normalise_number(m["n"])
            self.crumbs = [*self.crumbs[: len(path)], b.text]
            body: list[Block] = []
            while (nb := self.peek()) is not None and not (
                p.article_heading.fullmatch(nb.text) or self.ends_articles(nb)
            ):
                if p.signature_start.fullmatch(nb.text):
                    raise self.error("expected the final formula before the signature", nb)
                body.append(self.take())
            if not body:
                raise self.error(f"{b.text} has no text", b)
            article = self.article(number, b, body, path=path)
            self.resolve_amendments(article)
            _extend_spans(article)
            out.append(article)
            self.crumbs = self.crumbs[: len(path)]
        if not out:
            raise self.error("expected the articles")
        return out

    def ends_articles(self, b: Block) -> bool:
        """Whether *b* ends a run of articles: the final formula, an annex, the tail."""
        p = self.p
        return bool(
            p.final_formula.fullmatch(b.text)
            or p.annex_heading.fullmatch(b.text)
            or p.eli_line.fullmatch(b.text)
            or _ISSN.fullmatch(b.text)
        )

    def annexes(self) -> list[Division]:
        """The annexes after the act's footnotes: heading, title, their own articles."""
        out = []
        while (b := self.peek()) is not None and self.p.annex_heading.fullmatch(b.text):
            self.take()
            title = self.peek()
            if title is None or self.p.article_heading.fullmatch(title.text):
                raise self.error(f"expected the title of the annex under {b.text}", title or b)
            self.take()
            annex = Division("annex", str(len(out) + 1), self.span(b), label=b.text)
            annex.heading = title.text
            annex.path = (annex.segment,)
            self.crumbs = [b.text]
            nxt = self.peek()
            if nxt is not None and self.p.article_heading.fullmatch(nxt.text):
                annex.children = self.articles(annex.path)
            else:  # an annex of running text (a list, a table): kept as its lines
                lines = []
                while (nb := self.peek()) is not None and not self.ends_articles(nb):
                    lines.append(self.take())
                if not lines:
                    raise self.error(f"{b.text} has no text", b)
                annex.text = "\n".join(x.text for x in lines)
                annex.span = self.span(b, lines[-1])
            self.crumbs = []
            _extend_spans(annex)
            out.append(annex)
        return out

    def replace_annexes(self, annexes: list[Division]) -> None:
        """Give each instruction replacing an annex by one of this act's its new annex."""
        for amendment, number, here in self.annex_replacements:
            if number > len(annexes):
                raise self.error(f"the act has no annex {number} to replace an annex with", here)
            new = deepcopy(annexes[number - 1])
            new.number = amendment.target[-1].split("_", 1)[1]
            for d in new.walk():
                d.path = (*amendment.target, *d.path[1:])
            amendment.new = [new]

    def annex_footnotes(self, annexes: list[Division]) -> list[Footnote]:
        """The footnotes of each annex, numbered afresh, as the layout set them apart."""
        out = []
        for annex, blocks in zip(annexes, self.annex_notes, strict=False):
            for expected, b in enumerate(blocks, 1):
                m = self.p.footnote_enum.match(b.text)
                if not m or int(m["n"]) != expected:
                    raise self.error(f"expected footnote ({expected}) of the annex", b)
                out.append(Footnote(expected, b.text[m.end() :], self.span(b), annex.path))
        if len(self.annex_notes) > len(annexes):
            extra = self.annex_notes[-1][0]
            raise self.error("footnotes of an annex the text does not have", extra)
        return out

    def article_word(self) -> str:
        return self.p.article_heading.pattern.split(" ", 1)[0]

    def signature(self) -> Signature:
        first, m = self.expect(self.p.signature_start, "the place and date of signature")
        lines = [first.text]
        last = first
        while (b := self.peek()) is not None and not (
            self.p.footnote_enum.match(b.text)
            or self.p.annex_heading.fullmatch(b.text)
            or self.p.eli_line.fullmatch(b.text)
            or _ISSN.fullmatch(b.text)
        ):
            last = self.take()
            lines.append(last.text)
        date_m = re.fullmatch(r"(?P<d>\d{1,2})\.? (?P<month>\w+) (?P<y>\d{4})", m["date"])
        assert date_m is not None
        return Signature(
            place=m["place"],
            date=self.date(date_m["d"], date_m["month"], date_m["y"], first),
            text="\n".join(lines),
            span=self.span(first, last),
        )

    def footnotes(self) -> list[Footnote]:
        blocks = list(self.layout_notes)
        while (b := self.peek()) is not None and self.p.footnote_enum.match(b.text):
            blocks.append(self.take())
        out = []
        for b in blocks:
            m = self.p.footnote_enum.match(b.text)
            expected = len(out) + 1
            if not m or int(m["n"]) != expected:
                raise self.error(f"expected footnote ({expected})", b)
            out.append(Footnote(expected, b.text[m.end() :], self.span(b)))
        return out

    def tail(self) -> tuple[str | None, int | None]:
        """The ELI the text prints after its footnotes, if any, and its line."""
        eli, line = None, None
        while (b := self.peek()) is not None:
            if m := self.p.eli_line.fullmatch(b.text):
                eli, line = m["eli"], b.first
            elif not _ISSN.fullmatch(b.text):
                raise self.error("unexpected text after the signature and footnotes", b)
            self.take()
        return eli, line

    # -- articles and their parts ----------------------------------------------------------

    def items(self, blocks: list[Block], *, quoted: bool = False) -> list[_Item]:
        """Classify blocks by enumerator; gather the quotation after each instruction."""
        p = self.p
        out: list[_Item] = []
        k = 0
        while k < len(blocks):
            b = blocks[k]
            k += 1
            if (
                out
                and b.text.startswith(p.quote_open)
                and out[-1].text.endswith(":")
                and self.action_of(out[-1].text) in {"insert", "add", "replace", "substitute"}
            ):
                k = self.quotation(blocks, k - 1, out[-1])
                continue
            text = b.text
            if m := p.article_heading.fullmatch(text):
                out.append(_Item("article", p.normalise_number(m["n"]), text, "", b))
            elif m := p.paragraph_enum.match(text):
                n = p.normalise_number(m["n"])
                out.append(_Item("paragraph", n, m.group(0).strip(), text[m.end() :], b))
            elif (m := p.point_enum.match(text)) and text[m.end() :]:
                n = p.normalise_number(m["n"])
                out.append(_Item("point", n, m.group(0).strip(), text[m.end() :], b))
            else:
                out.append(_Item("plain", "", "", text, b))
        return out

    def quotation(self, blocks: list[Block], k: int, owner: _Item) -> int:
        """Attach to *owner* the quoted blocks from index *k*; return the index after them."""
        depth = 0
        start = k
        while k < len(blocks):
            depth += self.quote_depth(blocks[k].text)
            k += 1
            if depth <= 0:
                break
        last = blocks[k - 1]
        if depth > 0 or not re.search(re.escape(self.p.quote_close) + r"[;.,]?$", last.text):
            raise self.error("a quotation opened here is never closed", blocks[start])
        owner.quote = blocks[start:k]
        return k

    def quote_depth(self, text: str) -> int:
        p = self.p
        opens = text.count(p.quote_open)
        closes = text.count(p.quote_close)
        if p.quote_close == "’":  # an apostrophe between letters is not a quotation mark
            closes -= len(re.findall(r"\w’\w", text))
            # nor is a plural's ("the Member States’ EuroHPC AI factories"), where no
            # quotation opens in the block before it
            for m in re.finditer(r"s’ (?=\w)", text):
                if text.count(p.quote_open, 0, m.start()) <= text.count("’", 0, m.start()) - len(
                    re.findall(r"\w’\w", text[: m.start()])
                ):
                    closes -= 1
        return opens - closes

    def article(
        self, number: str, head: Block, blocks: list[Block], path: tuple[str, ...]
    ) -> Division:
        items = self.items(blocks)
        heading = None
        if (
            len(items) > 1
            and items[0].kind == "plain"
            and not items[0].quote
            and not items[0].text.endswith(_HEADING_END)
        ):
            heading = items.pop(0).text
        article = Division(
            "article",
            number,
            _span(self.path, head, blocks[-1]),
            label=head.text,
            heading=heading,
        )
        article.path = (*path, article.segment)
        self.fill(article, items)
        return article

    def fill(self, container: Division, items: list[_Item]) -> None:
        """Give *container* its text and parts from *items*."""
        paragraphs = [it for it in items if it.kind == "paragraph"]
        if not paragraphs:
            self.fill_paragraph(container, items)
            return
        if items[0].kind != "paragraph":
            raise self.error("text before the first numbered paragraph", items[0].block)
        groups: list[list[_Item]] = []
        for it in items:
            if it.kind == "paragraph":
                groups.append([it])
            elif it.kind == "article":
                raise self.error("an article heading inside an article", it.block)
            else:
                groups[-1].append(it)
        for group in groups:
            head = group[0]
            par = self.division("paragraph", head, container, group)
            self.crumbs.append(head.label)
            self.fill_paragraph(
                par, [_Item("plain", "", "", head.text, head.block, head.quote), *group[1:]]
            )
            self.crumbs.pop()
            container.children.append(par)

    def fill_paragraph(self, container: Division, items: list[_Item]) -> None:
        """Text, points and subparagraphs of a paragraph (or of an article without any)."""
        groups: list[tuple[_Item | None, list[_Item]]] = []
        for it in items:
            if it.kind == "plain":
                groups.append((it, []))
            elif it.kind == "point":
                if not groups:
                    groups.append((None, []))
                groups[-1][1].append(it)
            else:
                raise self.error(f"unexpected {it.kind} here", it.block)
        if not groups:
            return
        if len(groups) == 1:
            intro, points = groups[0]
            if intro:
                container.text = intro.text
                self.quotes[id(container)] = intro.quote
            container.children.extend(self.points(container, points))
            return
        for n, (intro, points) in enumerate(groups, 1):
            if intro is None:
                raise self.error("points before the first subparagraph", points[0].block)
            sbp = Division(
                "subparagraph",
                str(n),
                _span(self.path, intro.block, (points[-1] if points else intro).block),
                text=intro.text,
            )
            sbp.path = (*container.path, sbp.segment)
            self.quotes[id(sbp)] = intro.quote
            sbp.children.extend(self.points(sbp, points))
            container.children.append(sbp)

    def division(
        self, kind: str, item: _Item, parent: Division, group: list[_Item] | None = None
    ) -> Division:
        last = (group or [item])[-1]
        end_block = last.quote[-1] if last.quote else last.block
        d = Division(kind, item.number, _span(self.path, item.block, end_block), label=item.label)
        d.path = (*parent.path, d.segment)
        return d

    def points(self, parent: Division, items: list[_Item]) -> list[Division]:
        """Nest enumerated points: a point ending in ':' opens a list; successors are siblings."""
        top: list[Division] = []
        # Each level: (style, last number, the list it appends to, the division it belongs to)
        levels: list[tuple[str, str, list[Division], Division]] = []
        previous: tuple[_Item, Division] | None = None
        for it in items:
            if not levels:
                levels.append((_style(it.number), it.number, top, parent))
                owner = parent
            elif (
                previous
                and previous[0].text.endswith(":")
                and not previous[0].quote
                and it.number in {"a", "i", "1"}
            ):
                if len(levels) == _MAX_POINT_LEVELS:
                    raise self.error(
                        f"points nested more than {_MAX_POINT_LEVELS} levels deep", it.block
                    )
                parent_style = levels[-1][0]
                style = (
                    "roman" if it.number == "i" and parent_style == "letter" else _style(it.number)
                )
                levels.append((style, it.number, previous[1].children, previous[1]))
                owner = previous[1]
            else:
                while levels and it.number not in _successors(levels[-1][0], levels[-1][1]):
                    levels.pop()
                if not levels:
                    raise self.error(
                        f"point {it.label} does not follow from the points before it", it.block
                    )
                owner = levels[-1][3]
            style, _, siblings, owner = levels[-1]
            levels[-1] = (style, it.number, siblings, owner)
            d = Division(
                "point",
                it.number,
                _span(self.path, it.block, it.quote[-1] if it.quote else it.block),
                label=it.label,
                text=it.text,
            )
            d.path = (*owner.path, d.segment)
            self.quotes[id(d)] = it.quote
            siblings.append(d)
            previous = (it, d)
        return top

    # -- amending instructions -------------------------------------------------------------

    def action_of(self, text: str) -> str | None:
        p = self.p
        try:
            if words.read(p, text) is not None:
                return "substitute"
        except words.Unreadable:
            return "substitute"  # refused where the instruction is read, with its place
        if p.annex_of_this_act.search(text):
            return "replace"
        for action in ("amend", "replace", "delete", "insert", "add"):
            if p.actions[action].search(text):
                return action
        return None

    def resolve_amendments(self, article: Division) -> None:
        """Read the instructions of an amending article, and the text each one quotes.

        An article of an amending act may itself be one instruction, without points ("The
        Annex to Regulation (EU) 2021/1173 is replaced by the text set out in the Annex to this
        Regulation.").
        """
        action = self.action_of(article.text)
        here = _block_of(article)
        if action == "amend":
            lead = self.lead(article.text)
            act = self.act_named(lead, None)
            targets = self.references(lead, (), here)
            article.amendment = Amendment("amend", targets[0], act=act)
            for point in article.children:
                self.instruction(point, targets[0], [article.label], act)
            return
        if action is not None and self.amends is not None and not article.children:
            self.instruction(article, (), [], None)
            self.crumbs = self.crumbs[:-1]
            return
        for d in article.walk():
            if self.quotes.get(id(d)):
                raise self.error("quoted text outside an amending instruction")

    def lead(self, text: str, action: str | None = None) -> str:
        """An instruction's own words: what comes before the first quotation mark (and, for a
        change of words, after the last: "the word ‘and’ is added at the end of point (a)")."""
        p = self.p
        head = text.split(p.quote_open, 1)[0]
        if action == "substitute" and p.quote_close in text[len(head) :]:
            head += " " + text.rsplit(p.quote_close, 1)[1]
        return head

    def act_named(self, lead: str, inherited: str | None) -> str | None:
        """The act an instruction acts on, if it names one other than the amended act."""
        mention = ACT_MENTION.search(lead)
        if mention is None:
            return inherited
        eli = act_eli(mention) + "/oj"
        return None if eli == self.amends else eli

    def instruction(
        self, d: Division, parent: tuple[str, ...], crumbs: list[str], act: str | None
    ) -> None:
        self.crumbs = [*crumbs, d.label]
        here = _block_of(d)
        action = self.action_of(d.text)
        if action is None:
            raise self.error("an amending instruction that says neither what nor how", here)
        lead = self.lead(d.text, action)
        if action != "substitute" and self.p.sentence_ref.search(lead):
            raise self.error(f"a {action} instruction on a sentence is not understood", here)
        named = self.act_named(lead, act)
        targets = self.references(lead, parent if named == act else (), here)
        target = targets[0]
        amendment = Amendment(action, target, act=named, targets=tuple(targets))
        d.amendment = amendment
        quote = self.quotes.get(id(d), [])
        if action == "amend":
            if not d.children:
                raise self.error("an instruction to amend as follows with nothing after it", here)
            for child in d.children:
                self.instruction(child, target, [*crumbs, d.label], named)
            return
        if d.children:
            raise self.error("points under an instruction that is not 'amend as follows'", here)
        if action == "delete" and quote:
            raise self.error("a delete instruction followed by a quoted text", here)
        if action == "delete":
            return
        if action == "substitute":
            self.wording(d.text, amendment, quote, here)
            return
        if m := self.p.annex_of_this_act.search(d.text):
            if not target or not target[-1].startswith("anx_"):
                raise self.error("an annex of this act replaces something that is no annex", here)
            amendment.new_kind = "annex"
            self.annex_replacements.append((amendment, _arabic(m["n"] or "I"), here))
            return
        if not quote:
            raise self.error("the instruction is not followed by the quoted text", here)
        kind = self.new_kind(d.text, action, target, here)
        amendment.new_kind = kind
        amendment.quoted = "\n".join(b.text for b in quote)
        container = target if action in {"insert", "add"} else target[:-1]
        replaced = [t[-1] for t in targets] if action == "replace" else None
        amendment.new = self.quoted(quote, kind, container, replaced)
        if replaced is not None:
            segments = [n.path[-1] for n in amendment.new]
            if segments != replaced:
                raise self.error(
                    f"the replacement is numbered {', '.join(segments)}, "
                    f"not {', '.join(replaced)} as the instruction says",
                    quote[0],
                )

    def wording(self, text: str, amendment: Amendment, quote: list[Block], here: Block) -> None:
        """Fill in *amendment*, a change of words inside a provision (`loader.words`), from
        the instruction's *text* and the *quote* after it, if its words are there."""
        try:
            wording = words.read(self.p, text)
        except words.Unreadable as problem:
            raise self.error(str(problem), here) from None
        assert wording is not None
        new = wording.new
        if new is None:
            if len(quote) != 1:
                what = "one quoted block" if quote else "the quoted text"
                raise self.error(f"the instruction is not followed by {what}", here)
            amendment.quoted = quote[0].text
            new = re.sub(re.escape(self.p.quote_close) + r"[;.,]?$", "", quote[0].text)
            new = new.removeprefix(self.p.quote_open)
        elif quote:
            raise self.error("a substitute instruction followed by a quoted text", here)
        amendment.old, amendment.replacement, amendment.place = wording.old, new, wording.place
        amendment.occurrence, amendment.every = wording.occurrence, wording.every
        amendment.sentence = wording.sentence

    def references(self, lead: str, parent: tuple[str, ...], here: Block) -> list[tuple[str, ...]]:
        """The paths an instruction's wording points at, relative to its parent instruction:
        one, or several where it names a list ("paragraphs 6, 7 and 8")."""
        p = self.p
        found: dict[str, list[str]] = {}
        for kind, pattern in p.ref_lists.items():
            if m := pattern.search(lead):
                found[kind] = self.number_list(m["ns"], here)
        for kind, pattern in p.ref_components.items():
            m = pattern.search(lead)
            if m and kind not in found:
                n = next(g for g in m.groups() if g)
                if kind == "subparagraph" and not n.isdigit():
                    if n.lower() not in p.ordinals:
                        raise self.error(f"unknown ordinal {n!r}", here)
                    n = str(p.ordinals[n.lower()])
                found[kind] = [p.normalise_number(n)]
        annex = p.annex_ref.search(p.annex_of_this_act.split(lead, 1)[0])
        if annex:
            base: tuple[str, ...] = (f"anx_{_arabic(annex['n'] or 'I')}",)
        elif "article" in found:
            # Articles are those of the act, or of the annex the parent instruction is in.
            base = parent[:1] if parent and parent[0].startswith("anx_") else ()
        else:
            base = parent
        kinds = sorted(found, key=_RANK.__getitem__)
        return [
            (*base, *(f"{SEGMENTS[k]}_{n}" for k, n in zip(kinds, numbers, strict=True)))
            for numbers in product(*(found[k] for k in kinds))
        ]

    def number_list(self, printed: str, here: Block) -> list[str]:
        """ "6, 7 and 8" → 6, 7, 8; "(a) to (c)" → a, b, c."""
        out: list[str] = []
        ranges = self.p.list_to.sub("\0", printed)  # "tot en met" holds an "en"
        for part in self.p.list_and.split(ranges):
            ends = [self.p.normalise_number(x) for x in part.split("\0")]
            if len(ends) == 1:
                out.append(ends[0])
                continue
            spelt_out = number_range(ends[0], ends[-1])
            if spelt_out is None:
                raise self.error(f"cannot tell the subdivisions from {part!r} to", here)
            out += spelt_out
        return out

    def new_kind(self, text: str, action: str, target: tuple[str, ...], here: Block) -> str:
        if action == "replace":
            if not target:
                raise self.error("a replacement that names no subdivision", here)
            return KIND_OF_SEGMENT[target[-1].split("_", 1)[0]]
        m = self.p.new_kind.search(text)
        if not m:
            raise self.error("an insertion that does not say what it inserts", here)
        return self.p.kind_words[m["kind"].lower()]

    def quoted(
        self,
        quote: list[Block],
        kind: str,
        container: tuple[str, ...],
        replaced: list[str] | None = None,
    ) -> list[Division]:
        """Parse quoted text as the subdivisions it brings into the amended act (*replaced*:
        the segments of those it replaces, which a subparagraph's number is taken from)."""
        p = self.p
        first, last = quote[0], quote[-1]
        body = list(quote)
        body[0] = replace(first, text=first.text[len(p.quote_open) :])
        closing = re.sub(re.escape(p.quote_close) + r"[;.,]?$", "", body[-1].text)
        body[-1] = replace(body[-1], text=closing)
        items = self.items(body)
        if kind == "article":
            if not items or items[0].kind != "article":
                raise self.error("the quoted text should begin with an article heading", first)
            return [self.article(items[0].number, items[0].block, body[1:], container)]
        if kind == "subparagraph":
            numbers = [s.split("_", 1)[1] for s in replaced] if replaced else None
            return self.subparagraphs(items, container, first, numbers)
        if kind == "annex":
            return [self.quoted_annex(body, container, first)]
        if not items or items[0].kind != kind:
            raise self.error(f"the quoted text should begin with a {kind}", first)
        root = Division("article", "", _span(self.path, first, last), path=container)
        self.fill(root, items)
        return root.children

    def quoted_annex(self, body: list[Block], container: tuple[str, ...], first: Block) -> Division:
        """A whole annex in quoted text: its heading ("ANNEX I"), title, articles or text."""
        if not self.p.annex_heading.fullmatch(body[0].text) or len(body) < 3:
            raise self.error("the quoted text should be an annex: heading, title, text", first)
        numeral = body[0].text.split()[-1] if " " in body[0].text else "I"
        annex = Division("annex", str(_arabic(numeral)), _span(self.path, first, body[-1]))
        annex.label, annex.heading = body[0].text, body[1].text
        annex.path = (*container, annex.segment)
        items = self.items(body[2:])
        if items[0].kind == "article":
            groups: list[list[_Item]] = []
            for it in items:
                if it.kind == "article":
                    groups.append([])
                groups[-1].append(it)
            for group in groups:
                blocks = [it.block for it in group[1:]]
                if not blocks:
                    raise self.error(f"{group[0].label} has no text", group[0].block)
                annex.children.append(
                    self.article(group[0].number, group[0].block, blocks, annex.path)
                )
        else:
            annex.text = "\n".join(b.text for b in body[2:])
        return annex

    def subparagraphs(
        self,
        items: list[_Item],
        container: tuple[str, ...],
        first: Block,
        numbers: list[str] | None = None,
    ) -> list[Division]:
        """Subparagraphs added to a paragraph, numbered after those it already has (or, for a
        replacement, numbered as those they replace: *numbers*)."""
        key = "/".join(container)
        if numbers is None and key not in self.counts:
            raise self.error(
                f"cannot number the added subparagraph: how many {key} has in the amended act "
                "is not recorded in the act's metadata",
                first,
            )
        if items[0].kind != "plain":
            raise self.error("the quoted text should begin with a subparagraph", first)
        groups: list[list[_Item]] = []
        for it in items:
            if it.kind == "plain":
                groups.append([])
            groups[-1].append(it)
        if numbers is not None and len(numbers) != len(groups):
            raise self.error(f"{len(groups)} subparagraphs quoted to replace {len(numbers)}", first)
        if numbers is None:
            numbers = [str(self.counts[key] + n) for n in range(1, len(groups) + 1)]
        out = []
        for n, group in zip(numbers, groups, strict=True):
            sbp = Division("subparagraph", n, _span(self.path, group[0].block, group[-1].block))
            sbp.path = (*container, sbp.segment)
            self.fill_paragraph(sbp, group)
            out.append(sbp)
        return out

    # -- after the tree --------------------------------------------------------------------

    def attach_footnotes(self, act: Act) -> None:
        """Take footnote markers out of the text, keeping where each stood.

        A layout that found the references for certain left `FOOTNOTE_MARK`s; otherwise a
        marker is " (n)" where footnote n exists. An annex's references are to its own notes.
        """
        numbers = {(f.scope, f.number) for f in act.footnotes}
        referenced: set[tuple[tuple[str, ...], int]] = set()
        marker = FOOTNOTE_MARK if self.explicit_notes else _MARKER
        for d in act.walk():
            scope = d.path[:1] if d.path and d.path[0].startswith("anx_") else ()
            kept, refs, pos = [], [], 0
            for m in marker.finditer(d.text):
                n = int(m.group(1))
                if (scope, n) in numbers:
                    kept.append(d.text[pos : m.start()])
                    refs.append(FootnoteRef(n, sum(map(len, kept))))
                    pos = m.end()
                elif self.explicit_notes:
                    raise LoaderError(
                        f"a reference to footnote ({n}), which the text does not have",
                        path=self.path,
                        line=d.span.first,
                        column=d.span.first_col,
                    )
            if refs:
                d.text = "".join(kept) + d.text[pos:]
                d.footnotes.extend(refs)
                referenced.update((scope, r.number) for r in refs)
            if d.amendment and d.amendment.quoted:
                # The quoted text's references are kept on the subdivisions it brings.
                d.amendment.quoted = FOOTNOTE_MARK.sub("", d.amendment.quoted)
        self.no_marks_left(act)
        missing = sorted(numbers - referenced)
        if missing:
            scope, n = missing[0]
            note = next(f for f in act.footnotes if (f.scope, f.number) == missing[0])
            where = f" of {'/'.join(scope)}" if scope else ""
            raise LoaderError(
                f"footnote ({n}){where} is referred to nowhere in the text",
                path=self.path,
                line=note.span.first,
                column=note.span.first_col,
            )

    def no_marks_left(self, act: Act) -> None:
        """A footnote reference where none can stand (a heading, a title) is refused."""
        texts = [act.title, act.institution, act.recitals_intro, act.enacting_formula]
        texts += [f.text for f in act.footnotes]
        texts += [d.heading or "" for d in act.walk()] + [d.label for d in act.walk()]
        if act.signature:
            texts.append(act.signature.text)
        for text in texts:
            if FOOTNOTE_MARK.search(text):
                raise LoaderError(
                    f"a footnote reference where the loader cannot keep it: "
                    f"{FOOTNOTE_MARK.sub('', text)[:80]!r}",
                    path=self.path,
                )

    def entry_into_force(self, act: Act) -> None:
        for article in act.articles:
            m = self.p.entry_into_force.search(article.full_text())
            if m:
                if m["ordinal"] is None:  # "on the day following that of its publication"
                    act.entry_into_force_days = 1
                    act.entry_into_force_article = article.segment
                    return
                word = m["ordinal"].lower()
                if word not in self.p.ordinals:
                    raise LoaderError(
                        f"unknown ordinal {word!r} in the entry-into-force rule",
                        path=self.path,
                        line=article.span.first,
                    )
                act.entry_into_force_days = self.p.ordinals[word]
                act.entry_into_force_article = article.segment
                return


def _block_of(d: Division) -> Block:
    """A division's text and place, as a block for messages."""
    return Block(d.text, d.span.first, d.span.last, d.span.first_col, d.span.last_col)


def _arabic(number: str) -> int:
    """An annex number: "II" → 2, "3" → 3."""
    return int(number) if number.isdigit() else _from_roman(number.lower())


def _span(path: str, first: Block, last: Block) -> Span:
    """From the start of block *first* to the end of block *last*."""
    return Span(path, first.first, last.last, first.first_col, last.last_col)


def _extend_spans(d: Division) -> Span:
    """Make each division's range cover its parts and the text it quotes."""
    end = (d.span.last, d.span.last_col or 0)
    for child in d.children:
        span = _extend_spans(child)
        end = max(end, (span.last, span.last_col or 0))
    if d.amendment:
        for new in d.amendment.new:
            span = _extend_spans(new)
            end = max(end, (span.last, span.last_col or 0))
    if end != (d.span.last, d.span.last_col or 0):
        d.span = replace(d.span, last=end[0], last_col=end[1] or None)
    return d.span


def _style(number: str) -> str:
    """How a list is numbered: number, letter or roman numeral."""
    if number[:1].isdigit():
        return "number"
    if set(number) <= set(_ROMAN) and number not in {"l", "v", "x"} and len(number) > 1:
        return "roman"
    return "letter"


def _from_roman(s: str) -> int:
    total = 0
    for a, b in zip(s, s[1:] + " ", strict=False):
        v = _ROMAN[a]
        total += -v if b != " " and _ROMAN[b] > v else v
    return total


def _to_roman(n: int) -> str:
    out = ""
    for value, sym in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += sym
            n -= value
    return out


def _successors(style: str, last: str) -> set[str]:
    if style == "number":
        m = re.fullmatch(r"(\d+)([a-z]?)", last)
        if not m:
            return set()
        n, suffix = int(m[1]), m[2]
        nxt = chr(ord(suffix) + 1) if suffix else "a"
        return {str(n + 1), f"{n}{nxt}"}
    if style == "roman":
        return {_to_roman(_from_roman(last) + 1)}
    return {chr(ord(last[-1]) + 1)} if len(last) == 1 else set()
