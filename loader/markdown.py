"""Stage 2 for the ``markdown`` layout: an act rendered as Markdown → blocks.

The layout (legalize-dev's rendering of EUR-Lex, see the corpus README): a YAML front matter,
then ``# title``, the Official Journal's header as tables, ``#### Article N`` and ``##### Heading``
lines, one paragraph per line, ``- (a)`` list items (indented when nested), inserted text
quoted on ``> `` lines, ``[^id]`` footnote references and ``[^id]: …`` definitions at the end,
an annex under ``## ANNEX``. Each line becomes one block with its markup removed; the words
are the act's, none added and none dropped. Footnote references become `footnote_mark`s,
numbered in the order the text first refers to them (the Markdown prints no numbers), afresh
in an annex as the Official Journal numbers them.
"""

from __future__ import annotations

import json
import re

from lexkg.loader.blocks import Block, Blocks
from lexkg.loader.errors import LoaderError
from lexkg.loader.lines import Line
from lexkg.loader.model import footnote_mark
from lexkg.loader.profiles import Profile

_FENCE = "---"
_FACT = re.compile(r"(?P<key>[A-Za-z_][\w-]*): ?(?P<value>.*)")
_HEADING = re.compile(r"(?P<level>#{1,6}) (?P<text>.+)")
_ITEM = re.compile(r"- (?=\S)")
# 2026/150's source defines the footnotes of inserted text inside the quotation ("> [^…]: …").
_NOTE_DEFINITION = re.compile(r"(?:> ?)?\[\^(?P<id>[^\]\s]+)\]: ?(?P<text>.*)")
# A reference, with the space before it; the source sometimes prints the marker's own
# parentheses round it ("the Council ([^E0006]) shall"): they are the marker's, not the text's.
_NOTE_REFERENCE = re.compile(r" ?(?P<open>\()?\[\^(?P<id>[^\]\s]+)\](?(open)\))")
_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<url>[^)\s]*)\)")
_EMPHASIS = re.compile(r"(?P<mark>\*{1,3})(?P<text>[^*\s](?:[^*]*[^*\s])?)(?P=mark)")
_IMAGE_CELL = re.compile(r"\[?Image omitted[^\]]*\]?(?:\([^)]*\))?")
_TABLE_RULE = re.compile(r"\|[\s|:-]*")
# Punctuation that closes an insertion ("…;’" then ";") cut off on a line of its own.
_STRAY_PUNCTUATION = re.compile(r"[’”\"';.,]+")
# 2026/150's source ends a footnote defined inside a quotation with the quotation's closing
# mark and the punctuation after it, then a stray straight quote ("….’;\""): the closing belongs
# to the quoted text (the Official Journal prints the note inside the quotation, before it).
_NOTE_CLOSING = re.compile(r"(?P<closing>’[;.,]?)?(?P<stray>\")?$")


def markdown_blocks(lines: list[Line], profile: Profile, path: str) -> Blocks:
    """The blocks of a Markdown text, its footnotes and the facts of its front matter."""
    facts, start = _front_matter(lines, path)
    notes = _NoteNumbers(lines[start:], path)
    body: list[Block] = []
    in_preamble = True  # before the act's own text: the publisher's note, the OJ header
    for line in lines[start:]:
        text = line.text
        if line.blank:
            continue
        if _NOTE_DEFINITION.match(text):
            closing = _quoted_note_closing(text)
            if closing and body:
                prev = body.pop()
                body.append(Block(prev.text + closing, prev.first, line.no))
            continue
        if text.startswith("|"):
            body.extend(_table_cells(line))
            continue
        heading = _HEADING.fullmatch(text)
        if text.startswith(">"):
            if in_preamble:
                continue  # the repository's note on the rendering ("This is the law as …")
            text = text[1:].strip()
            # Quoted points are list items inside the quotation ("> - (i) …").
            text = text[2:] if _ITEM.match(text) else text
        elif heading:
            text = heading["text"]
        elif _ITEM.match(text):
            text = text[2:]
        if heading is None or heading["level"] != "#":
            in_preamble = False
        text = _inline(text, notes)
        if _STRAY_PUNCTUATION.fullmatch(text) and body:
            # The source breaks a quotation's closing mark or the punctuation after it on to
            # a line of its own ("…AI;’" / ";"): it belongs to the end of the block before.
            prev = body.pop()
            body.append(Block(prev.text + text, prev.first, line.no))
            continue
        if text:
            body.append(Block(text, line.no, line.no))
    main, annex = notes.definitions(lines[start:])
    return Blocks(
        body, main, facts=facts, annex_notes=[annex] if annex else [], explicit_notes=True
    )


def _quoted_note_closing(text: str) -> str:
    """The closing mark (and punctuation) of a quotation that a footnote defined inside it
    carries at its end ("> [^…]: … (OJ L …).’;\""), or ""."""
    if not text.startswith(">"):
        return ""
    m = _NOTE_CLOSING.search(text)
    return m["closing"] or "" if m else ""


def _front_matter(lines: list[Line], path: str) -> tuple[dict[str, tuple[str, int]], int]:
    """The ``key: value`` facts between the opening and closing ``---``; the next line's index."""
    first = next((i for i, line in enumerate(lines) if not line.blank), None)
    if first is None or lines[first].text != _FENCE:
        return {}, 0
    facts: dict[str, tuple[str, int]] = {}
    for i in range(first + 1, len(lines)):
        line = lines[i]
        if line.text == _FENCE:
            return facts, i + 1
        m = _FACT.fullmatch(line.text)
        if m is None:
            continue  # a continuation or a list: nothing the loader uses
        value = m["value"]
        if value.startswith('"'):
            try:
                value = json.loads(value)
            except json.JSONDecodeError:
                raise LoaderError(
                    "a front-matter value that is not a quoted string",
                    path=path,
                    line=line.no,
                    source_line=line.text,
                ) from None
        if isinstance(value, str):
            facts[m["key"]] = (value, line.no)
    raise LoaderError("the front matter is never closed with '---'", path=path, line=first + 1)


def _table_cells(line: Line) -> list[Block]:
    """The cells of a table row (the Official Journal's header), one block each."""
    if _TABLE_RULE.fullmatch(line.text):
        return []
    cells = [cell.strip() for cell in line.text.strip().strip("|").split("|")]
    # The image cell is the Official Journal's flag, not text.
    return [
        Block(_EMPHASIS.sub(r"\g<text>", cell), line.no, line.no)
        for cell in cells
        if cell and not _IMAGE_CELL.fullmatch(cell)
    ]


class _NoteNumbers:
    """Footnote numbers by identifier: in order of first reference, afresh in an annex."""

    def __init__(self, lines: list[Line], path: str) -> None:
        self.path = path
        self.defined = [m["id"] for line in lines if (m := _NOTE_DEFINITION.match(line.text))]
        self.annex_ids: list[str] = []
        self.main_ids: list[str] = []
        in_annex = False
        for line in lines:
            heading = _HEADING.fullmatch(line.text)
            if heading and heading["level"] == "##":
                in_annex = True
            if _NOTE_DEFINITION.match(line.text):
                continue
            for m in _NOTE_REFERENCE.finditer(line.text):
                if m["id"] not in self.defined:
                    raise LoaderError(
                        f"footnote [^{m['id']}] is referred to but never defined",
                        path=path,
                        line=line.no,
                        source_line=line.text,
                    )
                if m["id"] not in self.main_ids + self.annex_ids:
                    (self.annex_ids if in_annex else self.main_ids).append(m["id"])

    def number(self, note_id: str) -> int:
        ids = self.annex_ids if note_id in self.annex_ids else self.main_ids
        return ids.index(note_id) + 1

    def definitions(self, lines: list[Line]) -> tuple[list[Block], list[Block]]:
        """The definitions as footnote blocks "(n) text": the act's, then the annex's."""
        main: dict[str, Block] = {}
        annex: dict[str, Block] = {}
        for line in lines:
            m = _NOTE_DEFINITION.match(line.text)
            if m is None:
                continue
            note_id = m["id"]
            if note_id not in self.main_ids and note_id not in self.annex_ids:
                raise LoaderError(
                    f"footnote [^{note_id}] is referred to nowhere in the text",
                    path=self.path,
                    line=line.no,
                )
            note = m["text"]
            if line.text.startswith(">"):  # the quotation's closing mark is not the note's
                note = note[: _NOTE_CLOSING.search(note).start()]  # type: ignore[union-attr]
            text = f"({self.number(note_id)}) {_inline(note, self)}"
            (annex if note_id in self.annex_ids else main)[note_id] = Block(text, line.no, line.no)
        return [main[i] for i in self.main_ids], [annex[i] for i in self.annex_ids]


def _inline(text: str, notes: _NoteNumbers) -> str:
    """The words of a line without Markdown's inline markup; footnote references as marks."""
    text = _NOTE_REFERENCE.sub(lambda m: footnote_mark(notes.number(m["id"])), text)
    text = _LINK.sub(r"\g<text>", text)
    text = _EMPHASIS.sub(r"\g<text>", text)
    return text
