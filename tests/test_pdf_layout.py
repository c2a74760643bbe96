"""Self-tests of the pdf-layout test helper (tests/pdf_layout.py)."""

import re
from pathlib import Path

from hypothesis import given

from pdf_layout import Layout, blocks, layouts, rewrap, rewrap_with_words, words

TEXT = (Path(__file__).parents[1] / "data" / "reg-2024-1732" / "de.txt").read_text("utf-8")
BLOCKS = blocks(TEXT)
FOOTNOTES = [w for b in BLOCKS if b.kind == "footnote" for w in b.text.split()]
FOOTNOTES_AT = next(b.first_word for b in BLOCKS if b.kind == "footnote")


def _sublist(haystack: list[str], needle: list[str]) -> int:
    """Index of the only occurrence of ``needle`` in ``haystack``."""
    hits = [i for i in range(len(haystack)) if haystack[i : i + len(needle)] == needle]
    assert len(hits) == 1, hits
    return hits[0]


def _unhyphenate(tokens: list[str], reference: list[str]) -> list[str]:
    """Join ``tokens`` split by valid hyphenation so as to match ``reference``."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok, ref = tokens[i], reference[len(out)] if len(out) < len(reference) else ""
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if tok == ref:
            out.append(tok)
            i += 1
        elif tok.endswith("-") and tok + nxt == ref:
            assert re.fullmatch(r"[^\W\d_]+(-[^\W\d_]+)+", ref), (tok, nxt)
            out.append(ref)
            i += 2
        elif tok.endswith("-") and tok[:-1] + nxt == ref:
            assert ref.isalpha() and len(ref) >= 8, (tok, nxt)
            assert len(tok) - 1 >= 3 and len(nxt) >= 3, (tok, nxt)
            out.append(ref)
            i += 2
        else:
            raise AssertionError(f"token {i} {tok!r} does not match {ref!r}")
    return out


@given(layouts(TEXT, hyphenation=False))
def test_no_word_changed_without_hyphenation(lay: Layout) -> None:
    out, expected = rewrap_with_words(TEXT, **lay.kwargs())
    got = words(out)
    assert got == expected
    if lay.footnote_at is not None:
        k = _sublist(got, FOOTNOTES)
        got = got[:k] + got[k + len(FOOTNOTES) :]
        got = got[:FOOTNOTES_AT] + FOOTNOTES + got[FOOTNOTES_AT:]
    assert got == words(TEXT)


@given(layouts(TEXT, footnotes=False))
def test_hyphenation_only_splits_words(lay: Layout) -> None:
    out, expected = rewrap_with_words(TEXT, **lay.kwargs())
    assert words(out) == expected
    assert _unhyphenate(words(out), words(TEXT)) == words(TEXT)
    for line, following in zip(out.splitlines(), out.splitlines()[1:], strict=False):
        if line.endswith("-"):  # hyphenated or a suspended form at a line end
            assert following and not following.startswith(" ")


@given(layouts(TEXT, footnotes=False))
def test_line_shapes(lay: Layout) -> None:
    out = rewrap(TEXT, **lay.kwargs())
    assert "\u00a0" not in out and "  " not in out
    assert out.endswith("\n") and "\n\n\n" not in out
    chunks = out[:-1].split("\n\n")
    assert len(chunks) == len(BLOCKS) - len(lay.glued)
    glued = 0
    for chunk in chunks:
        lines = chunk.split("\n")
        for k, line in enumerate(lines):
            assert len(line) <= lay.width or " " not in line.strip()
            if line.startswith(" "):
                glued += 1
                assert k > 0 and re.match(r" \S", line), line
            if k == len(lines) - 1 or lines[k + 1].startswith(" "):
                assert not line.endswith(" "), line
            else:
                assert line.endswith(" ") or line.endswith("-"), line
    assert glued == len(lay.glued)


@given(layouts(TEXT).filter(lambda lay: lay.footnote_at is not None))
def test_footnotes_in_recital(lay: Layout) -> None:
    out = rewrap(TEXT, **lay.kwargs())
    lines = out.splitlines()
    first = [k for k, line in enumerate(lines) if line.startswith(" (1) Stellungnahme")]
    assert len(first) == 1
    assert lines[first[0] - 1].endswith((" ", "-")) and lines[first[0] - 1].strip()
    assert any(line.startswith("(2) Stellungnahme") for line in lines)
    assert "A. MARON\n\nELI:" in out


def test_example_shapes() -> None:
    glued = frozenset(i for i, b in enumerate(BLOCKS) if b.text.startswith("iii) "))
    out = rewrap(TEXT, width=100, glued=glued)
    assert out.startswith("European flag\n\nAmtsblatt\n\nder Europäischen Union\n\nDE\n")
    assert "\n\n(1) Mit der Verordnung des Europäischen Parlaments und des Rates " in out
    assert re.search(r"[^\n]\n iii\) Gewährung des Zugangs", out)
    assert "\n\n„3a. ‚KI-optimierter Supercomputer‘ bezeichnet" in out
    assert "\n\n(5a)" not in out and "\n\n„(5a) Eine bestehende" in out
    assert out.endswith(
        "\n\nELI: http://data.europa.eu/eli/reg/2024/1732/oj\n\n"
        "ISSN 1977-0642 (electronic edition)\n"
    )
