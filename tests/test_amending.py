"""Amending acts read as instructions on the act they amend.

Council Regulation (EU) 2026/150 (corpus, English Markdown) read whole; then the wordings of
EU amending acts the English, Dutch and German profiles understand, on short made-up acts
(composed below, each saying it is made up) written to the Official Journal's conventions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lexkg.loader.align import align
from lexkg.loader.errors import LoaderError
from lexkg.loader.lines import read_lines, split_lines
from lexkg.loader.model import Act
from lexkg.loader.parse import read_text
from lexkg.loader.profiles import profile
from lexkg.loader.xrefs import references

from support import CORPUS, find

AMENDING_EN = CORPUS / "reg-2026-150" / "en.md"
BASE = "http://data.europa.eu/eli/reg/2021/1173/oj"
SEED = "http://data.europa.eu/eli/reg/2024/1732/oj"
needs_corpus = pytest.mark.skipif(
    not AMENDING_EN.is_file(), reason=f"no corpus folder at {CORPUS} (set LEXKG_CORPUS)"
)


def _instructions(act: Act) -> list[tuple[str, str, str]]:
    """(where in the amending act, action, target in the amended act) for each instruction."""
    return [
        ("/".join(d.path), d.amendment.action, " & ".join("/".join(t) for t in d.amendment.targets))
        for d in act.walk()
        if d.amendment
    ]


# -- Regulation (EU) 2026/150 ----------------------------------------------------------------

# Read from the act (OJ L, 2026/150), instruction by instruction: where it stands in 2026/150,
# what it does, to which subdivision of Regulation (EU) 2021/1173 ("anx_1/…": the Statutes).
INSTRUCTIONS_2026_150 = [
    ("art_1", "amend", ""),  # Regulation (EU) 2021/1173 is amended as follows
    ("art_1/pnt_1", "amend", "art_2"),
    ("art_1/pnt_1/pnt_a", "insert", "art_2"),  # points (3c) to (3j)
    ("art_1/pnt_1/pnt_b", "insert", "art_2"),  # point (19a)
    ("art_1/pnt_2", "amend", "art_3"),
    ("art_1/pnt_2/pnt_a", "replace", "art_3/par_1"),
    ("art_1/pnt_2/pnt_b", "amend", "art_3/par_2"),
    ("art_1/pnt_2/pnt_b/pnt_i", "insert", "art_3/par_2"),  # point (fa)
    ("art_1/pnt_2/pnt_b/pnt_ii", "replace", "art_3/par_2/pnt_h"),
    ("art_1/pnt_2/pnt_c", "replace", "art_3/par_3"),
    ("art_1/pnt_3", "add", "art_4/par_1"),  # points (i) and (j)
    ("art_1/pnt_4", "amend", "art_5"),
    ("art_1/pnt_4/pnt_a", "replace", "art_5/par_1"),
    ("art_1/pnt_4/pnt_b", "replace", "art_5/par_3"),
    ("art_1/pnt_4/pnt_c", "insert", "art_5"),  # paragraph 4a
    ("art_1/pnt_4/pnt_d", "delete", "art_5/par_6 & art_5/par_7 & art_5/par_8"),
    ("art_1/pnt_5", "insert", ""),  # Article 12b
    ("art_1/pnt_6", "replace", "art_16/par_1"),
    ("art_1/pnt_7", "replace", "art_34"),
    ("art_2", "amend", "anx_1"),  # The Annex to Regulation (EU) 2021/1173 is amended
    ("art_2/pnt_1", "replace", "anx_1/art_3/par_2"),
    ("art_2/pnt_2", "replace", "anx_1/art_4/par_1/pnt_c"),
    ("art_2/pnt_3", "add", "anx_1/art_5"),  # paragraph 3
    ("art_2/pnt_4", "amend", "anx_1/art_6"),
    ("art_2/pnt_4/pnt_a", "insert", "anx_1/art_6"),  # paragraphs 5a and 5b
    ("art_2/pnt_4/pnt_b", "replace", "anx_1/art_6/par_6/sbp_1"),
    ("art_2/pnt_5", "amend", "anx_1/art_7"),
    ("art_2/pnt_5/pnt_a", "insert", "anx_1/art_7"),  # paragraph 4a
    ("art_2/pnt_5/pnt_b", "insert", "anx_1/art_7"),  # paragraph 5a
    ("art_2/pnt_6", "amend", "anx_1/art_10"),
    ("art_2/pnt_6/pnt_a", "replace", "anx_1/art_10/par_1"),
    ("art_2/pnt_6/pnt_b", "add", "anx_1/art_10"),  # paragraph 7
    ("art_2/pnt_7", "insert", "anx_1"),  # Article 12a of the Statutes
    ("art_2/pnt_8", "insert", "anx_1"),  # Article 14a of the Statutes
    ("art_2/pnt_9", "replace", "anx_1/art_16"),
]

# What each insertion, addition or replacement brings, with its full path in 2021/1173.
NEW_2026_150 = {
    "art_1/pnt_1/pnt_a": [f"art_2/pnt_3{c}" for c in "cdefghij"],
    "art_1/pnt_1/pnt_b": ["art_2/pnt_19a"],
    "art_1/pnt_2/pnt_a": ["art_3/par_1"],
    "art_1/pnt_2/pnt_b/pnt_i": ["art_3/par_2/pnt_fa"],
    "art_1/pnt_2/pnt_b/pnt_ii": ["art_3/par_2/pnt_h"],
    "art_1/pnt_2/pnt_c": ["art_3/par_3"],
    "art_1/pnt_3": ["art_4/par_1/pnt_i", "art_4/par_1/pnt_j"],
    "art_1/pnt_4/pnt_a": ["art_5/par_1"],
    "art_1/pnt_4/pnt_b": ["art_5/par_3"],
    "art_1/pnt_4/pnt_c": ["art_5/par_4a"],
    "art_1/pnt_5": ["art_12b"],
    "art_1/pnt_6": ["art_16/par_1"],
    "art_1/pnt_7": ["art_34"],
    "art_2/pnt_1": ["anx_1/art_3/par_2"],
    "art_2/pnt_2": ["anx_1/art_4/par_1/pnt_c"],
    "art_2/pnt_3": ["anx_1/art_5/par_3"],
    "art_2/pnt_4/pnt_a": ["anx_1/art_6/par_5a", "anx_1/art_6/par_5b"],
    "art_2/pnt_4/pnt_b": ["anx_1/art_6/par_6/sbp_1"],
    "art_2/pnt_5/pnt_a": ["anx_1/art_7/par_4a"],
    "art_2/pnt_5/pnt_b": ["anx_1/art_7/par_5a"],
    "art_2/pnt_6/pnt_a": ["anx_1/art_10/par_1"],
    "art_2/pnt_6/pnt_b": ["anx_1/art_10/par_7"],
    "art_2/pnt_7": ["anx_1/art_12a"],
    "art_2/pnt_8": ["anx_1/art_14a"],
    "art_2/pnt_9": ["anx_1/art_16"],
}


@pytest.fixture(scope="module")
def reg_2026_150() -> Act:
    if not AMENDING_EN.is_file():
        pytest.skip(f"no corpus folder at {CORPUS} (set LEXKG_CORPUS)")
    return read_text(read_lines(AMENDING_EN), "markdown", profile("en"), str(AMENDING_EN))


@needs_corpus
def test_2026_150_every_instruction_and_its_target(reg_2026_150: Act) -> None:
    assert _instructions(reg_2026_150) == INSTRUCTIONS_2026_150
    new = {
        "/".join(d.path): ["/".join(n.path) for n in d.amendment.new]
        for d in reg_2026_150.walk()
        if d.amendment and d.amendment.new
    }
    assert new == NEW_2026_150


@needs_corpus
def test_2026_150_the_act_and_its_entry_into_force(reg_2026_150: Act) -> None:
    act = reg_2026_150
    assert act.number == "2026/150" and act.passed_by == "CONSIL"
    assert act.date_document.isoformat() == "2026-01-16"
    assert act.date_publication.isoformat() == "2026-01-19"
    assert act.eli == "http://data.europa.eu/eli/reg/2026/150/oj" and act.amends == BASE
    # "on the day following that of its publication": 19.1.2026 + 1 day.
    assert act.entry_into_force_days == 1 and act.entry_into_force_article == "art_3"
    assert [d.number for d in act.recitals] == [str(n) for n in range(1, 22)]
    assert act.signature and act.signature.date.isoformat() == "2026-01-16"


@needs_corpus
def test_2026_150_new_article_12b(reg_2026_150: Act) -> None:
    article = find(reg_2026_150, "art_12b")
    assert article.heading == "Artificial Intelligence gigafactory"
    assert [p.number for p in article.children] == [str(n) for n in range(1, 22)]
    assert [s.number for s in find(reg_2026_150, "art_12b/par_9").children] == ["1", "2", "3", "4"]
    assert [p.number for p in find(reg_2026_150, "art_12b/par_19").children] == ["a", "b", "c"]
    assert [p.number for p in find(reg_2026_150, "art_12b/par_19/pnt_a").children] == [
        "i",
        "ii",
        "iii",
        "iv",
        "v",
        "vi",
    ]
    # The last paragraph ends where the quotation closes; the "’;" after the footnotes that the
    # source prints inside the quotation is the quotation's, not the footnote's.
    last = find(reg_2026_150, "art_12b/par_21")
    assert last.text.endswith("for their procurement.")
    assert find(reg_2026_150, "art_1/pnt_5").amendment.quoted.endswith("their procurement.’;")
    notes = {f.number: f.text for f in reg_2026_150.footnotes}
    assert all(not t.endswith(("’;", '"', "’")) for t in notes.values())
    paragraph_7 = find(reg_2026_150, "art_12b/par_7")
    assert [notes[r.number][:31] for r in paragraph_7.footnotes] == [
        "Regulation (EU) 2021/241 of the",
        "Regulation (EU) 2021/1060 of th",
    ]
    assert paragraph_7.text[: paragraph_7.footnotes[1].offset].endswith("Regulation (EU) 2021/1060")


@needs_corpus
def test_2026_150_quoted_texts_keep_their_words(reg_2026_150: Act) -> None:
    # "the Member States’ EuroHPC AI factories": a plural's apostrophe closes no quotation.
    assert find(reg_2026_150, "art_12b/par_11").text.startswith(
        "The Union access time to one or more of the Member States’ EuroHPC AI factories"
    )
    point_3e = find(reg_2026_150, "art_2/pnt_3e")
    assert point_3e.text.startswith("“AI gigafactory Coordinator” means a legal entity")
    assert len(point_3e.footnotes) == 1
    assert find(reg_2026_150, "art_2/pnt_3j").text.endswith("more than one Member State;")
    assert [c.number for c in find(reg_2026_150, "art_4/par_1/pnt_i").children] == [
        "i",
        "ii",
        "iii",
    ]
    assert [c.number for c in find(reg_2026_150, "art_4/par_1/pnt_j").children] == [
        "i",
        "ii",
        "iii",
        "iv",
        "v",
    ]
    replaced = find(reg_2026_150, "art_5/par_1")
    assert [c.path[-1] for c in replaced.children] == ["sbp_1", "sbp_2"]
    assert [p.number for p in replaced.children[0].children] == ["a", "b", "c"]
    subparagraph = find(reg_2026_150, "anx_1/art_6/par_6/sbp_1")
    assert subparagraph.text == (
        "For the tasks referred to in Article 7(5) to (7) of these Statutes, decisions of the "
        "Governing Board shall be taken in two stages."
    )
    assert find(reg_2026_150, "anx_1/art_16").heading == "Budgetary commitments"
    assert find(reg_2026_150, "art_34").heading == "Reimbursement rates"


# -- the wordings of amending acts, in three languages ---------------------------------------

# Made-up amending acts, one per language (each says in its title that it is made up).
FIXTURES = Path(__file__).parent / "fixtures"

MADE_UP_INSTRUCTIONS = [
    ("art_1", "amend", ""),
    ("art_1/pnt_1", "substitute", "art_5/par_1/pnt_a"),
    ("art_1/pnt_2", "substitute", "art_9"),
    ("art_1/pnt_3", "substitute", "art_12"),
    ("art_1/pnt_4", "delete", "art_15/par_2 & art_15/par_4"),
    ("art_1/pnt_5", "delete", "art_16/par_1/pnt_b & art_16/par_1/pnt_c & art_16/par_1/pnt_d"),
    ("art_1/pnt_6", "replace", "anx_2"),
    ("art_2", "amend", "art_1"),
    ("art_2/pnt_a", "delete", "art_1/pnt_2"),
    ("art_2/pnt_b", "substitute", "art_1/pnt_9"),
    ("art_3", "replace", "anx_1"),
]

SUBSTITUTIONS = {
    "en": [
        ("EUR 1 000 000", "EUR 2 000 000"),
        ("31 December 2024", "31 December 2025"),
        (", where appropriate,", ""),
        ("31 December 2024", "31 December 2025"),
    ],
    "nl": [
        ("1 000 000 EUR", "2 000 000 EUR"),
        ("31 december 2024", "31 december 2025"),
        (", in voorkomend geval,", ""),
        ("31 december 2024", "31 december 2025"),
    ],
    "de": [
        ("1 000 000 EUR", "2 000 000 EUR"),
        ("31. Dezember 2024", "31. Dezember 2025"),
        (" gegebenenfalls", ""),
        ("31. Dezember 2024", "31. Dezember 2025"),
    ],
}


def _made_up(lang: str) -> Act:
    path = FIXTURES / f"amending-made-up-{lang}.txt"
    return read_text(read_lines(path), "html", profile(lang), path.name)


@pytest.mark.parametrize("lang", ["en", "nl", "de"])
def test_the_wordings_of_amending_instructions(lang: str) -> None:
    act = _made_up(lang)
    assert act.amends == BASE and act.entry_into_force_days == 1
    assert _instructions(act) == MADE_UP_INSTRUCTIONS
    substitutions = [
        (d.amendment.old, d.amendment.replacement)
        for d in act.walk()
        if d.amendment and d.amendment.action == "substitute"
    ]
    assert substitutions == SUBSTITUTIONS[lang]
    # Instructions on the instructions of another amending act name that act.
    assert [d.amendment.act for d in act.walk() if d.amendment][7:10] == [SEED] * 3
    assert all(d.amendment.act is None for d in act.walk() if d.amendment and d.path[0] != "art_2")
    # An annex replaced by a quoted annex, and by the annex of the amending act.
    [quoted] = find(act, "art_1/pnt_6").amendment.new
    assert quoted.kind == "annex" and quoted.path == ("anx_2",) and quoted.heading.isupper()
    assert len(quoted.text.splitlines()) == 2
    [own] = find(act, "art_3").amendment.new
    assert own.path == ("anx_1",) and own.text == act.annexes[0].text
    assert own.heading == act.annexes[0].heading


def test_the_three_languages_align() -> None:
    acts = [_made_up(lang) for lang in ("nl", "de", "en")]
    eli = "http://data.europa.eu/eli/reg/2099/1/oj"
    assert align(acts, [references(a, eli, BASE) for a in acts]) == []


def test_a_replacement_numbered_otherwise_is_refused() -> None:
    text = (FIXTURES / "amending-made-up-en.txt").read_text(encoding="utf-8")
    text = text.replace("‘ANNEX II", "‘ANNEX III")
    with pytest.raises(LoaderError) as info:
        read_text(split_lines(text), "html", profile("en"), "made-up.txt")
    assert "numbered anx_3, not anx_2" in str(info.value)
    assert info.value.line == text.splitlines().index("‘ANNEX III") + 1
    assert info.value.where == "Article 1 › (6)"
