"""Stage 2: blocks out of both layouts, footnotes set apart, hyphenation decided on evidence."""

from __future__ import annotations

from collections import Counter

import pytest

from lexkg.loader.blocks import _hyphen, split_blocks
from lexkg.loader.errors import LoaderError
from lexkg.loader.lines import read_lines
from lexkg.loader.profiles import profile

from support import DE_TEXT, NL_TEXT


@pytest.fixture(scope="module")
def nl_blocks():
    return split_blocks(read_lines(NL_TEXT), "pdf", profile("nl"), str(NL_TEXT))


@pytest.fixture(scope="module")
def de_blocks():
    return split_blocks(read_lines(DE_TEXT), "html", profile("de"), str(DE_TEXT))


def _texts(blocks) -> str:
    return "\n".join(b.text for b in blocks.body)


def test_pdf_footnotes_are_set_apart_and_the_recital_rejoined(nl_blocks) -> None:
    assert [b.text[:4] for b in nl_blocks.footnotes] == ["(1) ", "(2) ", "(3) "]
    # Footnote (3) continues after a blank line at the page break.
    assert nl_blocks.footnotes[2].text.endswith(
        "Onderneming Europese high-performance computing en tot intrekking van Verordening "
        "(EU) 2018/1488 (PB L 256 van 19.7.2021, blz. 3)."
    )
    recital = next(b for b in nl_blocks.body if b.text.startswith("(5) "))
    assert "grootschalige AI-modellen voor algemene doeleinden en opkomende AI-toepassingen" in (
        recital.text
    )
    assert "Advies van" not in _texts(nl_blocks)
    assert (recital.first, recital.last) == (48, 71)


def test_pdf_enumerator_glued_at_a_page_top_starts_a_block(nl_blocks) -> None:
    starts = [b.text.split(" ", 1)[0] for b in nl_blocks.body]
    assert "iii)" in starts and "5)" in starts and "8)" in starts
    ii = next(b for b in nl_blocks.body if b.text.startswith("ii) "))
    assert ii.text == "ii) de upgrade van bestaande EuroHPC-supercomputers met AI-capaciteiten;"


@pytest.mark.parametrize(
    "joined",
    [
        "diensteninfrastructuur voor supercomputing op het gebied van AI",
        "(hoogwaardige supercomputer, industriële supercomputer, voor AI",
        "de artificiële-intelligentiegeoriënteerde digitale-innovatiehubs, de",
        "in een gastentiteit van een EuroHPC-supercomputer of een supercomputingcentrum",
        "vergoedt de gastentiteit de gemeenschappelijke onderneming de restwaarde",
        "supercomputer. Het financieringspercentage van de bijdrage",
        # hyphens that belong to the text stay
        "het onderzoeks- en innovatie-ecosysteem",
        "AI-modellen, -systemen en -toepassingen",
        "computerkracht en -diensten op maat",
    ],
)
def test_pdf_hyphenation_is_undone_only_where_the_text_says_so(nl_blocks, joined: str) -> None:
    assert joined in _texts(nl_blocks)


def test_no_line_end_hyphen_artefacts_remain(nl_blocks) -> None:
    text = _texts(nl_blocks)
    for fragment in ("supercompu", "super- ", "-in-", "gemeenschap-", "financierings-"):
        assert fragment + "\n" not in text
    assert "supercompu-ting" not in text and "gemeenschap-pelijke" not in text


@pytest.mark.parametrize(
    ("before", "after", "vocabulary", "how"),
    [
        ("een EuroHPC-", "supercomputer of", {"euroHPC-supercomputer".lower(): 3}, "keep"),
        ("de super-", "computer", {"supercomputer": 5}, "join"),
        ("van het onderzoeks-", "en innovatie", {}, "space"),
        ("die KI-", "Modelle", {}, "keep"),  # acronym and a capital: a real hyphen
        ("die Aufnahme-", "einrichtung", {}, "join"),  # no evidence either way: a syllable
    ],
)
def test_hyphen_decisions(before: str, after: str, vocabulary: dict, how: str) -> None:
    lang = "de" if "KI" in before or "Aufnahme" in before else "nl"
    assert _hyphen(before, after, Counter(vocabulary), profile(lang)) == how


def test_html_enumerator_lines_join_their_text(de_blocks) -> None:
    texts = [b.text for b in de_blocks.body]
    assert "(1) Mit der Verordnung des Europäischen Parlaments" in "\n".join(texts)
    assert any(t.startswith("„3a. ‚KI-optimierter Supercomputer‘ bezeichnet") for t in texts)
    block = next(b for b in de_blocks.body if b.text.startswith("iii) "))
    assert (block.first, block.last) == (117, 119)
    assert de_blocks.footnotes == []


def test_unknown_layout_is_an_error() -> None:
    with pytest.raises(LoaderError, match="unknown layout 'docx'"):
        split_blocks(read_lines(DE_TEXT), "docx", profile("de"), str(DE_TEXT))
