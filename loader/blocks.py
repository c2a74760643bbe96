"""Stage 2: lines → blocks, by layout.

A block is one paragraph of the printed act (a citation, a recital, a point with its
enumerator, a heading) with the range of source lines it came from. Two layouts:

* ``html``: one block per line; an enumerator alone on its line ("(1)", "a)", "„3a.") is
  joined to the line that follows it.
* ``markdown`` (:mod:`loader.markdown`): one block per Markdown paragraph, markup removed.
* ``flattened`` (:mod:`loader.flattened`): the whole act on one line, cut into blocks by
  the recognisers of the act's structure.
* ``pdf``: blocks separated by blank lines, lines wrapped mid-sentence (a trailing space marks
  a wrap), words hyphenated across line ends, footnotes dropped in at page breaks (a leading
  space and a footnote number), and blocks glued to the previous one at the top of a page
  (marked only by a leading space).

Footnotes found in the layout come back separately; the text they interrupted is rejoined.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from lexkg.loader.corpus import SubparagraphStarts
from lexkg.loader.errors import LoaderError
from lexkg.loader.lines import Line
from lexkg.loader.profiles import Profile

_ENUMERATOR_ONLY = re.compile(
    r"[„“‘‚\"]?(?:\(\d+[a-z]?\)|\d+[a-z]?\.|\d+(?: [a-z]+)?\)|\(?[a-z]{1,6}\))"
)
_WORD = re.compile(r"\w(?:[\w-]*\w)?")
_INLINE_MARKER = re.compile(r"\S \((\d{1,3})\)")
_FOOTNOTE_START = re.compile(r"\((?P<n>\d{1,3})\) ")

LAYOUTS = ("html", "pdf", "markdown", "flattened")


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph of text and the source lines it spans (and columns, in a one-line text)."""

    text: str
    first: int
    last: int
    first_col: int | None = None
    last_col: int | None = None


@dataclass(frozen=True, slots=True)
class Blocks:
    """The body blocks of a text, and the footnotes its layout set apart.

    ``footnote_starts`` are the lines read as the start of footnotes although a block glued
    at a page top would look the same ("(1) …"): the reader may ask to read them as body.
    """

    body: list[Block]
    footnotes: list[Block]
    footnote_starts: tuple[int, ...] = ()
    # What the text says of itself outside the act (a Markdown front matter): key → (value,
    # line). The reader cross-checks what the act also prints.
    facts: dict[str, tuple[str, int]] = field(default_factory=dict)
    # The footnotes of each annex, numbered afresh (the body's are in ``footnotes``).
    annex_notes: list[list[Block]] = field(default_factory=list)
    # Whether the layout marked every footnote reference (`model.FOOTNOTE_MARK`); if not, the
    # reader takes " (n)" for one where footnote n exists.
    explicit_notes: bool = False


def split_blocks(
    lines: list[Line],
    layout: str,
    profile: Profile,
    path: str,
    body_lines: frozenset[int] = frozenset(),
    starts: SubparagraphStarts | None = None,
) -> Blocks:
    """Group lines into blocks according to the text's layout.

    *body_lines* are lines to read as body text even where they could open a footnote;
    *starts* where a flattened text's subparagraphs begin (`corpus.SubparagraphStarts`).
    """
    if starts is not None and layout != "flattened":
        raise LoaderError(
            f"subparagraph starts are declared for a flattened text, not a {layout} one",
            path=starts.source,
        )
    if layout == "html":
        return Blocks(_html_blocks(lines), [])
    if layout == "pdf":
        return _pdf_blocks(lines, profile, body_lines)
    if layout == "markdown":
        from lexkg.loader.markdown import markdown_blocks

        return markdown_blocks(lines, profile, path)
    if layout == "flattened":
        from lexkg.loader.flattened import flattened_blocks

        return flattened_blocks(lines, profile, path, starts)
    raise LoaderError(f"unknown layout {layout!r} (known: {', '.join(LAYOUTS)})", path=path, line=1)


def _html_blocks(lines: list[Line]) -> list[Block]:
    out: list[Block] = []
    pending: Line | None = None
    for line in lines:
        if line.blank:
            continue
        if pending is not None:
            out.append(Block(f"{pending.text} {line.text}", pending.no, line.no))
            pending = None
        elif _ENUMERATOR_ONLY.fullmatch(line.text):
            pending = line
        else:
            out.append(Block(line.text, line.no, line.no))
    if pending is not None:
        out.append(Block(pending.text, pending.no, pending.no))
    return out


class _Run:
    """Lines being gathered into one block."""

    def __init__(self, line: Line) -> None:
        self.lines = [line]

    @property
    def open(self) -> bool:
        """Whether the last line was cut off (wrapped or hyphenated) and must go on."""
        last = self.lines[-1]
        return last.trail or (last.text.endswith("-") and not last.text.endswith(" -"))


def _pdf_blocks(lines: list[Line], profile: Profile, body_lines: frozenset[int]) -> Blocks:
    vocabulary = _vocabulary(lines)
    body: list[_Run] = []
    notes: list[_Run] = []
    current: _Run | None = None  # the body block being gathered
    note: _Run | None = None  # the footnote being gathered, inside a footnote zone
    seen_markers: set[int] = set()
    starts: list[int] = []

    def close_body() -> None:
        nonlocal current
        if current is not None:
            body.append(current)
            seen_markers.update(int(m) for m in _INLINE_MARKER.findall(_plain(current)))
            current = None

    for line in lines:
        if note is not None:  # inside a footnote zone
            if line.blank:
                if not note.open:
                    notes.append(note)
                    note = None
                continue
            start = _FOOTNOTE_START.match(line.text)
            if start and int(start["n"]) == len(notes) + 2:
                notes.append(note)
                note = _Run(line)
            else:
                note.lines.append(line)
            continue
        if line.blank:
            if current is not None and not current.open:
                close_body()
            continue
        start = _FOOTNOTE_START.match(line.text)
        if (
            line.lead
            and start
            and line.no not in body_lines
            and _is_next_note(int(start["n"]), notes, current, seen_markers)
        ):
            note = _Run(line)
            starts.append(line.no)
            continue
        if line.lead and current is not None:
            close_body()
        if current is None:
            current = _Run(line)
        else:
            current.lines.append(line)
    if note is not None:
        notes.append(note)
    close_body()
    return Blocks(
        [_join(run, vocabulary, profile) for run in body],
        [_join(run, vocabulary, profile) for run in notes],
        tuple(starts),
    )


def _is_next_note(n: int, notes: list[_Run], current: _Run | None, seen: set[int]) -> bool:
    """A line opens footnote *n* if *n* is the next number and was referred to before."""
    if n != len(notes) + 1:
        return False
    referred = set(seen)
    if current is not None:
        referred.update(int(m) for m in _INLINE_MARKER.findall(_plain(current)))
    return n in referred


def _plain(run: _Run) -> str:
    return " ".join(line.text for line in run.lines)


def _join(run: _Run, vocabulary: Counter[str], profile: Profile) -> Block:
    text = run.lines[0].text
    for prev, line in zip(run.lines, run.lines[1:], strict=False):
        if prev.text.endswith("-") and not prev.trail:
            glue = {"join": "", "keep": "-", "space": "- "}[
                _hyphen(text, line.text, vocabulary, profile)
            ]
            text = text[:-1] + glue + line.text
        else:
            text += " " + line.text
    return Block(text, run.lines[0].no, run.lines[-1].no)


def _vocabulary(lines: list[Line]) -> Counter[str]:
    """Words of the text that no line end cuts, with their counts: the text's own evidence."""
    words: Counter[str] = Counter()
    for i, line in enumerate(lines):
        tokens = _WORD.findall(line.text)
        if line.text.endswith("-") and not line.trail and tokens:
            tokens = tokens[:-1]
        if i and lines[i - 1].text.endswith("-") and not lines[i - 1].trail and tokens:
            tokens = tokens[1:]
        words.update(t.lower() for t in tokens)
    return words


def _hyphen(before: str, after: str, vocabulary: Counter[str], profile: Profile) -> str:
    """How a line ending in '-' meets the next: "join" (drop the hyphen), "keep" or "space".

    Decided on evidence: the text's own words first (is "supercomputer" or "EuroHPC-
    supercomputer" written elsewhere?), then the parts of compounds it uses, then the shape
    of the fragments. A suspended compound before a conjunction ("onderzoeks- en") keeps its
    hyphen and a space.
    """
    left = before.rsplit(" ", 1)[-1]
    first_word = re.match(r"[\w-]*", after).group(0)  # type: ignore[union-attr]
    if first_word.lower() in profile.conjunctions:
        return "space"
    stem = left[:-1].lstrip('(„“‘‚"')
    joined, kept = (stem + first_word).lower(), (stem + "-" + first_word).lower()
    if vocabulary[joined] != vocabulary[kept]:
        return "join" if vocabulary[joined] > vocabulary[kept] else "keep"
    left_part = stem.rsplit("-", 1)[-1].lower()
    right_part = first_word.split("-", 1)[0].lower()
    glued, hyphened = left_part + right_part, f"{left_part}-{right_part}"
    in_glued = sum(n for w, n in vocabulary.items() if glued in w)
    in_hyphened = sum(n for w, n in vocabulary.items() if hyphened in w)
    if in_glued != in_hyphened:
        return "join" if in_glued > in_hyphened else "keep"
    shape_says_keep = (
        not left_part
        or not right_part
        or left_part.upper() == left_part
        or any(c.isdigit() for c in left_part)
        or first_word[:1].isupper()
    )
    return "keep" if shape_says_keep else "join"
