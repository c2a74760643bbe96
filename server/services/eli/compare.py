"""Two wordings of a provision compared word by word, as EUR-Lex's and legislation.gov.uk's
comparisons show them: words kept, words taken out, words put in."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

__all__ = ["Piece", "compare_words"]

# A word with the spaces after it, or a run of spaces (a line break stays in its piece).
_TOKEN = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True)
class Piece:
    """A run of the compared text: "same", "removed" (only in the earlier wording) or
    "added" (only in the later one)."""

    kind: str
    text: str


def compare_words(before: str, after: str) -> list[Piece]:
    """The later wording *after* against the earlier *before*, as runs of words.

    Joining the "same" and "added" pieces gives *after* exactly, and the "same" and "removed"
    pieces give the words of *before* in their order (with the later wording's spacing where
    the words are the same): nothing is lost or invented by the comparison.
    """
    old, new = _TOKEN.findall(before), _TOKEN.findall(after)
    matcher = difflib.SequenceMatcher(None, [t.strip() for t in old], [t.strip() for t in new])
    pieces: list[Piece] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            # The same words; the spacing is the later wording's.
            _append(pieces, "same", "".join(new[j1:j2]))
            continue
        if i2 > i1:
            _append(pieces, "removed", "".join(old[i1:i2]))
        if j2 > j1:
            _append(pieces, "added", "".join(new[j1:j2]))
    return pieces


def _append(pieces: list[Piece], kind: str, text: str) -> None:
    if not text:
        return
    if pieces and pieces[-1].kind == kind:
        pieces[-1] = Piece(kind, pieces[-1].text + text)
    else:
        pieces.append(Piece(kind, text))
