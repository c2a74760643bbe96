"""Re-lay out HTML-extracted regulation text the way a PDF text extraction does.

Test helper for property-based tests of the loader.  :func:`rewrap` turns the "html"
layout of ``data/reg-2024-1732/de.txt`` (one block per line, enumerators on a line of their
own, non-breaking spaces, footnotes at the end) into the "pdf" layout of
``data/reg-2024-1732/nl.txt``: enumerators joined to their text, blocks wrapped with a
trailing space on every non-final line, hyphenation at line ends, the footnotes moved into a
recital at a page break, and enumerated blocks glued to the previous one with a leading
space.  Only the layout changes, never a word.

Indices used by the parameters of :func:`rewrap`:

* word index: position in ``words(text)`` (that is ``text.split()``) of the *input*;
* block index: position in ``blocks(text)``;
* line index: position among the wrapped lines of one block.
"""

import random
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, fields
from typing import Any, Literal

from hypothesis import strategies as st

_SPACES = re.compile(r"[ \u00a0]+")
_ENUM = r"[„“\"‚]?(?:\(\d+[a-z]?\)|\d+[a-z]?\.|[a-z]{1,2}\)|[ivxlcdm]+\))"
_ENUM_LINE = re.compile(_ENUM)
_ENUM_START = re.compile(_ENUM + " ")
_RECITAL_ENUM = re.compile(r"\(\d+\)")
_FOOTNOTE = re.compile(r"\(\d+\) \S")
_DATE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{4}")
_TRAILER = ("ELI:", "ISSN ")
_HYPHENATED = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")

Kind = Literal["verbatim", "recital", "footnote", "text"]


@dataclass(frozen=True)
class Block:
    """One input block: spaces normalised, a standalone enumerator joined to its text.

    ``kind`` is ``"verbatim"`` for the Official Journal header (the leading lines up to the
    date line) and the trailing ``ELI:``/``ISSN`` lines, ``"footnote"`` for the run of
    ``(n) …`` lines before them, ``"recital"`` for the first run of blocks joined from a
    standalone ``(n)`` line, and ``"text"`` otherwise.
    """

    text: str
    first_word: int
    kind: Kind

    @property
    def enumerated(self) -> bool:
        """Whether the block starts with an enumerator (and may be glued)."""
        return self.kind in ("recital", "text") and _ENUM_START.match(self.text) is not None


def words(text: str) -> list[str]:
    """The words of a text, all layout (spaces, NBSP, line breaks) removed."""
    return text.split()


def blocks(text: str) -> list[Block]:
    """Split an html-layout text into the blocks that :func:`rewrap` lays out."""
    lines = [s for s in (_SPACES.sub(" ", ln).strip() for ln in text.splitlines()) if s]
    head = next((i + 1 for i, s in enumerate(lines[:10]) if _DATE.fullmatch(s)), 0)
    tail = len(lines)
    while tail > head and lines[tail - 1].startswith(_TRAILER):
        tail -= 1
    notes = tail
    while notes > head and _FOOTNOTE.match(lines[notes - 1]):
        notes -= 1

    out: list[Block] = []
    word = 0

    def add(s: str, kind: Kind) -> None:
        nonlocal word
        out.append(Block(s, word, kind))
        word += len(s.split())

    for s in lines[:head]:
        add(s, "verbatim")
    i, recitals = head, "before"
    while i < notes:
        s = lines[i]
        joined = bool(_ENUM_LINE.fullmatch(s)) and i + 1 < notes
        recital = joined and bool(_RECITAL_ENUM.fullmatch(s)) and recitals != "after"
        if recital:
            recitals = "in"
        elif recitals == "in":
            recitals = "after"
        if joined:
            i += 1
            s = f"{s} {lines[i]}"
        add(s, "recital" if recital else "text")
        i += 1
    for s in lines[notes:tail]:
        add(s, "footnote")
    for s in lines[tail:]:
        add(s, "verbatim")
    return out


def split_offsets(word: str) -> list[int]:
    """Where a word may be hyphenated: offsets ``k`` with first part ``word[:k]``.

    At an existing hyphen between letters (the first part keeps it) where the word itself
    shows the hyphen is real (an acronym before it, or a capital after it: "KI-|Modelle",
    "Start-up-|Unternehmen"); a hyphen between two lower-case parts ("Know-|hows") would be
    indistinguishable from a syllable break without a dictionary. Or inside a purely
    alphabetic word of at least 8 letters, 3 or more letters from either end (a hyphen is
    inserted).  Words with digits, quotes or other punctuation are never split.
    """
    if word.isalpha():
        return list(range(3, len(word) - 2)) if len(word) >= 8 else []
    if _HYPHENATED.fullmatch(word):
        return [
            i + 1
            for i, c in enumerate(word)
            if c == "-" and (word[:i].split("-")[-1].isupper() or word[i + 1].isupper())
        ]
    return []


def _halves(word: str, k: int) -> tuple[str, str]:
    """The two tokens a word hyphenated at offset ``k`` becomes."""
    head = word[:k] if word[k - 1] == "-" else word[:k] + "-"
    return head, word[k:]


def _wrap(
    tokens: list[str], first: int, width: int, hyphenate: AbstractSet[int], indent: int
) -> tuple[list[tuple[str, bool]], dict[int, int]]:
    """Greedy wrap: lines as ``(content, ends_hyphenated)`` and the splits made.

    Room is left for the trailing space (and ``indent`` leading characters on the first
    line), so every rendered line is at most ``width`` long unless one word is longer.
    """
    lines: list[tuple[str, bool]] = []
    splits: dict[int, int] = {}
    cur, cap = "", width - 1 - indent
    for i, w in enumerate(tokens, start=first):
        sep = " " if cur else ""
        if len(cur) + len(sep) + len(w) <= cap:
            cur += sep + w
            continue
        if i in hyphenate:
            room = cap - len(cur) - len(sep)
            fits = [k for k in split_offsets(w) if len(_halves(w, k)[0]) <= room]
            if fits:
                k = fits[-1]
                head, rest = _halves(w, k)
                lines.append((cur + sep + head, True))
                splits[i] = k
                cur, cap = rest, width - 1
                continue
        if cur:
            lines.append((cur, False))
            cap = width - 1
        cur = w
    lines.append((cur, False))
    return lines, splits


def _finish(lines: list[tuple[str, bool]], lead: bool = False) -> list[str]:
    """Render wrapped lines: trailing space on non-final, non-hyphenated lines."""
    last = len(lines) - 1
    out = [s if k == last or hyph else s + " " for k, (s, hyph) in enumerate(lines)]
    if lead:
        out[0] = " " + out[0]
    return out


def rewrap_with_words(
    text: str,
    *,
    width: int,
    hyphenate: AbstractSet[int] = frozenset(),
    footnote_at: tuple[int, int] | None = None,
    footnote_blank_lines: int = 1,
    footnote_split: int | None = None,
    glued: AbstractSet[int] = frozenset(),
) -> tuple[str, list[str]]:
    """Like :func:`rewrap`, also returning the tokens ``words()`` of the result must give.

    The tokens are built from ``words(text)`` alone: the footnote words moved to where the
    footnotes were inserted and each hyphenated word replaced by its two halves.
    """
    bs = blocks(text)
    src = words(text)
    notes = [i for i, b in enumerate(bs) if b.kind == "footnote"] if footnote_at else []
    if footnote_at is not None:
        if not notes:
            raise ValueError("footnote_at given, but the text has no footnotes")
        if not 0 <= footnote_at[0] < len(bs) or bs[footnote_at[0]].kind != "recital":
            raise ValueError(f"footnote_at: block {footnote_at[0]} is not a recital")
    if not 1 <= footnote_blank_lines <= 3:
        raise ValueError("footnote_blank_lines must be 1, 2 or 3")
    for i in glued:
        if not (0 < i < len(bs) and bs[i].enumerated):
            raise ValueError(f"glued: block {i} does not start with an enumerator")
    splits: dict[int, int] = {}

    def layout(b: Block, indent: int) -> list[tuple[str, bool]]:
        if b.kind == "verbatim":
            return [(b.text, False)]
        lines, sp = _wrap(b.text.split(), b.first_word, width, hyphenate, indent)
        splits.update(sp)
        return lines

    def tokens(b: Block) -> list[str]:
        out: list[str] = []
        for n in range(b.first_word, b.first_word + len(b.text.split())):
            k = splits.get(n)
            out.extend([src[n]] if k is None else _halves(src[n], k))
        return out

    out_lines: list[str] = []
    out_tokens: list[str] = []
    for i, b in enumerate(bs):
        if i in notes:
            continue
        lines = layout(b, 1 if i in glued else 0)
        rendered = _finish(lines, lead=i in glued)
        btokens = tokens(b)
        if footnote_at is not None and i == footnote_at[0]:
            j = footnote_at[1]
            if not 1 <= j < len(lines):
                raise ValueError(f"footnote_at: block {i} has no line {j} to break before")
            fn_lines: list[str] = []
            fn_tokens: list[str] = []
            for k, n in enumerate(notes):
                r = _finish(layout(bs[n], 1 if k == 0 else 0), lead=k == 0)
                if k == footnote_split and len(r) > 1:
                    r.insert(1, "")
                fn_lines += r
                fn_tokens += tokens(bs[n])
            p = sum(len(s.split()) for s, _ in lines[:j])
            rendered = rendered[:j] + fn_lines + [""] * footnote_blank_lines + rendered[j:]
            btokens = btokens[:p] + fn_tokens + btokens[p:]
        if out_lines and i not in glued:
            out_lines.append("")
        out_lines += rendered
        out_tokens += btokens
    return "\n".join(out_lines) + "\n", out_tokens


def rewrap(
    text: str,
    *,
    width: int,
    hyphenate: AbstractSet[int] = frozenset(),
    footnote_at: tuple[int, int] | None = None,
    footnote_blank_lines: int = 1,
    footnote_split: int | None = None,
    glued: AbstractSet[int] = frozenset(),
) -> str:
    """Lay out an html-layout text as a PDF extraction would.

    :param width: wrap width; a line, trailing space included, has at most ``width``
        characters (header/ELI lines are kept verbatim, a single overlong word overflows).
    :param hyphenate: word indices that are hyphenated if they overflow a line end and
        :func:`split_offsets` allows a first part that fits (the longest one is taken).
    :param footnote_at: ``(block, line)``: remove the footnote blocks from the end and
        insert them in recital ``block`` before its wrapped line ``line`` (``1 <= line <``
        number of lines), the first with a leading space, followed by
        ``footnote_blank_lines`` (1-3) blank lines.
    :param footnote_split: index among the footnotes (0-based) whose wrapped continuation
        is separated from its first line by a blank line (no-op for a one-line footnote).
    :param glued: indices of enumerated blocks whose preceding blank line is removed and
        whose first line gets one leading space.
    """
    return rewrap_with_words(
        text,
        width=width,
        hyphenate=hyphenate,
        footnote_at=footnote_at,
        footnote_blank_lines=footnote_blank_lines,
        footnote_split=footnote_split,
        glued=glued,
    )[0]


@dataclass(frozen=True)
class Layout:
    """Parameters of one :func:`rewrap` call."""

    width: int
    hyphenate: frozenset[int] = frozenset()
    footnote_at: tuple[int, int] | None = None
    footnote_blank_lines: int = 1
    footnote_split: int | None = None
    glued: frozenset[int] = frozenset()

    def kwargs(self) -> dict[str, Any]:
        """The keyword arguments for :func:`rewrap`/:func:`rewrap_with_words`."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@st.composite
def layouts(
    draw: st.DrawFn, text: str, *, hyphenation: bool = True, footnotes: bool = True
) -> Layout:
    """Strategy drawing valid :class:`Layout` parameters for ``text``."""
    bs = blocks(text)
    width = draw(st.integers(50, 110))
    hyphenate: frozenset[int] = frozenset()
    if hyphenation:
        rate = draw(st.sampled_from([0.0, 0.1, 0.5, 1.0]))
        rng = random.Random(draw(st.integers(0, 2**32 - 1)))
        hyphenate = frozenset(
            n
            for b in bs
            if b.kind != "verbatim"
            for n, w in enumerate(b.text.split(), start=b.first_word)
            if split_offsets(w) and rng.random() < rate
        )
    gluable = [i for i, b in enumerate(bs) if i > 0 and b.enumerated]
    glued = frozenset(draw(st.sets(st.sampled_from(gluable), max_size=3)) if gluable else set())
    footnote_at, blank, split = None, 1, None
    n_notes = sum(b.kind == "footnote" for b in bs)
    if footnotes and n_notes and draw(st.booleans()):
        sizes = {
            i: len(_wrap(b.text.split(), b.first_word, width, hyphenate, int(i in glued))[0])
            for i, b in enumerate(bs)
            if b.kind == "recital"
        }
        spans = [i for i, n in sizes.items() if n >= 2]
        if spans:
            block = draw(st.sampled_from(spans))
            footnote_at = (block, draw(st.integers(1, sizes[block] - 1)))
            blank = draw(st.integers(1, 3))
            split = draw(st.none() | st.integers(0, n_notes - 1))
    return Layout(width, hyphenate, footnote_at, blank, split, glued)


def pdf_versions(
    text: str, *, hyphenation: bool = True, footnotes: bool = True
) -> st.SearchStrategy[str]:
    """Strategy of pdf-layout versions of an html-layout ``text`` (same words)."""
    return layouts(text, hyphenation=hyphenation, footnotes=footnotes).map(
        lambda lay: rewrap(text, **lay.kwargs())
    )
