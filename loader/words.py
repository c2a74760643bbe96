"""Instructions that change words inside a provision: how they read, and their effect.

Read (:func:`read`) from the wording of a language profile: words replaced, deleted, inserted
before or after others, added at the end, a sentence added; which occurrence of the words is
meant ("where it appears for the second time") or every one ("wherever it occurs",
"telkens", "jeweils"); the sentence of the provision they are in ("second sentence").

Applied (:func:`change`) to the texts of a provision and its parts, in document order, all
or nothing: what cannot be placed raises `Unplaceable` before any text is changed. Words are
matched as words, never inside a longer word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lexkg.loader.model import Amendment
from lexkg.loader.profiles import Profile

_CLOSING = ".;:"  # marks that close a provision's text
_NO_SPACE_AFTER = ",.;:)]’”"  # new words starting with these join the words before them
# A sentence ends at a full stop, question or exclamation mark followed by a space and a
# capital letter (or an opening quotation mark or bracket), unless the stop ends one of these
# abbreviations.
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[„“‘\"(]?[A-ZÀ-ÞĀ-Ž])")
_ABBREVIATIONS = ("e.g.", "i.e.", "z. B.", "bzw.", "Nr.", "No.", "Art.", "d.h.", "vgl.", "o.a.")


class Unreadable(ValueError):
    """An instruction changing words whose wording names what the profile does not know."""


class Unplaceable(ValueError):
    """A change of words that cannot be made in the text it is given."""


@dataclass(frozen=True)
class Wording:
    """What an instruction changing words says (the fields of `Amendment` it sets)."""

    old: str | None  # the words replaced or deleted, or those the new words go next to
    new: str | None  # the words put in; None: the quoted text after the instruction
    place: str | None = None  # see `Amendment.place`
    occurrence: int | None = None
    every: bool = False
    sentence: int | None = None


def read(profile: Profile, text: str) -> Wording | None:
    """The change of words *text* orders, or None if it orders none.

    Raises `Unreadable` for an occurrence named by an ordinal the profile does not know, and
    for words added at the end with an occurrence or a sentence named.
    """
    rest, occurrence, every = _occurrence(profile, text)
    # Words quoted after an instruction ending in ":" ("the following sentence is added:")
    # follow it; an instruction naming both its words in its own text does not end so.
    inline = not rest.rstrip().endswith(":")
    if inline and (m := profile.substitution.search(rest)):
        wording = Wording(m["old"], m["new"])
    elif inline and (m := profile.words_deleted.search(rest)):
        wording = Wording(m["old"], "")
    elif m := _first(profile.words_inserted, rest, inline):
        wording = Wording(m["old"], m["new"], profile.places[m["place"].lower()])
    elif m := _first(profile.sentence_added, rest, inline):
        wording = Wording(None, m["new"], "sentence")
    elif m := _first(profile.words_added, rest, inline):
        wording = Wording(None, m["new"], "end")
    else:
        return None
    masked = _mask_quotes(rest, profile.quote_open, profile.quote_close)
    sentence = _ordinal(profile, s["n"]) if (s := profile.sentence_ref.search(masked)) else None
    nth = _ordinal(profile, occurrence) if occurrence else None
    if wording.place in ("end", "sentence") and (nth or every or sentence):
        raise Unreadable("words added at the end of a provision name no occurrence or sentence")
    return Wording(wording.old, wording.new, wording.place, nth, every, sentence)


def _first(patterns: tuple[re.Pattern[str], ...], text: str, inline: bool) -> re.Match[str] | None:
    """The first match of *patterns*; where the text ends in ":", only one whose words are
    quoted after it."""
    for pattern in patterns:
        if (m := pattern.search(text)) and (inline or m["new"] is None):
            return m
    return None


def _ordinal(profile: Profile, word: str) -> int:
    if word.isdigit():
        return int(word)
    try:
        return profile.ordinals[word.lower()]
    except KeyError:
        raise Unreadable(f"unknown ordinal {word!r}") from None


def _occurrence(profile: Profile, text: str) -> tuple[str, str | None, bool]:
    """*text* without the words naming an occurrence, the ordinal they name and whether they
    name every occurrence. Only words outside quotation marks count."""
    masked = _mask_quotes(text, profile.quote_open, profile.quote_close)
    occurrence, every = None, False
    if m := profile.occurrence.search(masked):
        occurrence = next(g for g in m.groups() if g)
    elif m := profile.every_occurrence.search(masked):
        every = True
    else:
        return text, None, False
    start, end = m.span()
    # The phrase goes with the commas that set it off (", where it appears for the second
    # time,") or the space before it.
    if text[end : end + 1] == "," and text[start - 2 : start] == ", ":
        start, end = start - 2, end + 1
    elif text[start - 2 : start] == ", ":
        start -= 2
    elif text[start - 1 : start] == " ":
        start -= 1
    elif text[end : end + 2] == ", ":  # at the start: "Throughout the text, the words …"
        end += 2
    elif text[end : end + 1] == " ":
        end += 1
    return text[:start] + text[end:], occurrence, every


def _mask_quotes(text: str, opening: str, closing: str) -> str:
    """*text* with what stands between quotation marks blanked out (same length)."""
    pattern = re.compile(re.escape(opening) + ".*?" + re.escape(closing))
    return pattern.sub(lambda m: " " * len(m.group()), text)


# -- applying -------------------------------------------------------------------------------


def own_text_only(amendment: Amendment) -> bool:
    """Whether the change is made in the target's own text only, not in its parts."""
    return amendment.place in ("end", "sentence") or amendment.sentence is not None


def counts_occurrences(amendment: Amendment) -> bool:
    """Whether the change depends on every occurrence of the words being seen (which one
    is meant, or that there is only one)."""
    return amendment.occurrence is not None or (
        amendment.place in ("before", "after") and not amendment.every
    )


def change(texts: list[tuple[object, str]], amendment: Amendment) -> list[object]:
    """Make *amendment*'s change in the texts, each the attribute *name* of its holder
    (the target's own text first, then its parts in document order); return the holders
    changed. Raises `Unplaceable`, changing nothing, where the change cannot be made."""
    values = [getattr(holder, name) for holder, name in texts]
    if amendment.place in ("end", "sentence"):
        new = _at_end(values[0], amendment)
        setattr(texts[0][0], texts[0][1], new)
        return [texts[0][0]]
    old = amendment.old
    if not old or amendment.replacement is None:
        raise Unplaceable("the instruction does not say which words become which")
    window = [(0, len(v)) for v in values]
    if amendment.sentence is not None:
        window = [_sentence_span(values[0], amendment.sentence)] + [(0, 0)] * (len(values) - 1)
    found = [(i, at) for i, v in enumerate(values) for at in _find(v, old, *window[i])]
    chosen = _choose(found, amendment)
    changed = []
    for i, value in enumerate(values):
        ats = [at for j, at in chosen if j == i]
        if not ats:
            continue
        for at in sorted(ats, reverse=True):
            value = _edit(value, at, amendment)
        setattr(texts[i][0], texts[i][1], value)
        changed.append(texts[i][0])
    return changed


def follow(text: str, amendment: Amendment) -> str:
    """*text* with the change made wherever the words occur (for the words an instruction
    quotes, which follow the instruction's text when another act changes it)."""
    if amendment.place in ("end", "sentence") or not amendment.old:
        return text
    for at in sorted(_find(text, amendment.old, 0, len(text)), reverse=True):
        text = _edit(text, at, amendment)
    return text


def _find(text: str, words: str, lo: int, hi: int) -> list[int]:
    """Where *words* start in text[lo:hi], as words (not inside a longer word)."""
    out = []
    at = text.find(words, lo, hi)
    while at != -1:
        before = text[at - 1 : at] if at else ""
        after = text[at + len(words) : at + len(words) + 1]
        glued = (words[0].isalnum() and before.isalnum()) or (
            words[-1].isalnum() and after.isalnum()
        )
        if not glued:
            out.append(at)
        at = text.find(words, at + len(words), hi)
    return out


def _times(n: int) -> str:
    return {0: "nowhere", 1: "once", 2: "twice"}.get(n, f"{n} times")


def _choose(found: list[tuple[int, int]], amendment: Amendment) -> list[tuple[int, int]]:
    """The occurrences the instruction means, among those *found*."""
    words = f"the words ‘{amendment.old}’"
    where = f" in sentence {amendment.sentence}" if amendment.sentence else ""
    if not found:
        raise Unplaceable(f"{words} are not in the text{where}")
    wanted = amendment.occurrence
    if wanted is not None:
        if not 1 <= wanted <= len(found):
            raise Unplaceable(
                f"{words} occur {_times(len(found))}{where}; the instruction names occurrence "
                f"{wanted}"
            )
        return [found[wanted - 1]]
    if amendment.place in ("before", "after") and not amendment.every and len(found) > 1:
        raise Unplaceable(
            f"{words} occur {_times(len(found))}{where}; the instruction does not say "
            f"{amendment.place} which the new words go"
        )
    return found


def _edit(text: str, at: int, amendment: Amendment) -> str:
    """*text* with the change made at the occurrence of the words starting at *at*."""
    old, new = amendment.old or "", amendment.replacement or ""
    end = at + len(old)
    if amendment.place == "after":
        return text[:end] + _joined(text[:end], new) + text[end:]
    if amendment.place == "before":
        space = "" if not new or new[-1] in " (" else " "
        return text[:at] + new + space + text[at:]
    if new:
        return text[:at] + new + text[end:]
    left, right = text[:at], text[end:]  # words deleted: one space stays between the others
    if left.endswith(" ") and right[:1] and right[0] in " " + _NO_SPACE_AFTER:
        left = left[:-1]
    elif not left:
        right = right.lstrip(" ")
    return left + right


def _joined(before: str, new: str) -> str:
    """*new* as it follows *before*: after a space, unless it starts with a punctuation
    mark or *before* ends with a space."""
    if not new or not before or before[-1] == " " or new[0] in _NO_SPACE_AFTER:
        return new
    return " " + new


def _at_end(text: str, amendment: Amendment) -> str:
    """*text* with words or a sentence added at its end.

    A sentence follows the text. Words starting with a punctuation mark (", unless …") go
    before the mark closing the text; words ending with such a mark take the place of the
    text's own; other words ("and", after a point's ";") follow the text.
    """
    new = amendment.replacement
    if not new:
        raise Unplaceable("the instruction does not say which words are added")
    if not text.strip():
        raise Unplaceable("the provision has no text of its own to add to")
    text = text.rstrip()
    if amendment.place == "end" and text[-1] in _CLOSING:
        body, mark = text[:-1], text[-1]
        if new[-1] in _CLOSING:
            return body + _joined(body, new)
        if new[0] in _NO_SPACE_AFTER:
            return body + new + mark
    return text + _joined(text, new)


def _sentence_span(text: str, n: int) -> tuple[int, int]:
    """Where the *n*-th sentence of *text* (1-based) starts and ends."""
    starts = [0]
    for m in _SENTENCE_END.finditer(text):
        if not text[: m.start()].endswith(_ABBREVIATIONS):
            starts.append(m.end())
    if not 1 <= n <= len(starts):
        count = "one sentence" if len(starts) == 1 else f"{len(starts)} sentences"
        raise Unplaceable(f"the text has {count}; the instruction names sentence {n}")
    end = starts[n] if n < len(starts) else len(text)
    return starts[n - 1], end
