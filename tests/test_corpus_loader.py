"""The loader on the corpus texts: the seed act in English (Markdown), Regulation (EU)
2021/1173 in Dutch (flattened OJ HTML) and English (Markdown, without its preamble).

The corpus is read in place, from $LEXKG_CORPUS or ../shared/corpus beside the repository;
without it these tests are skipped.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lexkg.cli import main
from lexkg.loader.align import align
from lexkg.loader.blocks import split_blocks
from lexkg.loader.build import Text, detect_layout, read_act, read_source
from lexkg.loader.corpus import SubparagraphStarts, read_corpus
from lexkg.loader.errors import LoaderError
from lexkg.loader.lines import read_lines, split_lines
from lexkg.loader.model import Act
from lexkg.loader.parse import read_text
from lexkg.loader.profiles import profile
from lexkg.loader.xrefs import references

from support import ACT_TOML, CORPUS, find

if not CORPUS.is_dir():
    pytest.skip(f"no corpus folder at {CORPUS} (set LEXKG_CORPUS)", allow_module_level=True)

SEED_EN = CORPUS / "reg-2024-1732" / "en.md"
BASE_NL = CORPUS / "reg-2021-1173" / "nl.txt"
BASE_EN = CORPUS / "reg-2021-1173" / "en.md"
AMENDING_EN = CORPUS / "reg-2026-150" / "en.md"
PREAMBLE_GAPS = frozenset({"citations", "recitals", "signature"})  # as the README declares
SEED = "http://data.europa.eu/eli/reg/2024/1732/oj"
BASE = "http://data.europa.eu/eli/reg/2021/1173/oj"
# What a text in the graph must never show: Markdown markup, footnote markers left in place,
# the flattening's spaces before punctuation or after "(".
ARTEFACTS = re.compile(r"\[\^|\*\*|^#|^> |\]\(|[\ue000\ue001]| [.,;:)]|\( |  ")


def _read(
    path: Path,
    layout: str,
    lang: str,
    gaps: frozenset[str] = frozenset(),
    starts: SubparagraphStarts | None = None,
) -> Act:
    counts = {"art_9/par_5": 1}  # as the seed act's metadata records for the amended act
    return read_text(read_lines(path), layout, profile(lang), str(path), counts, gaps, starts)


def _declared_starts() -> SubparagraphStarts:
    starts = read_corpus().text("reg-2021-1173", "nl").subparagraphs
    assert starts is not None
    return starts


@pytest.fixture(scope="module")
def base_nl() -> Act:
    return _read(BASE_NL, "flattened", "nl", starts=_declared_starts())


@pytest.fixture(scope="module")
def base_en() -> Act:
    return _read(BASE_EN, "markdown", "en", PREAMBLE_GAPS)


def _texts(act: Act) -> list[tuple[str, str]]:
    out = [("/".join(d.path), d.full_text()) for d in act.walk()]
    out += [(f"footnote {f.number}", f.text) for f in act.footnotes]
    out += [("heading " + "/".join(d.path), d.heading) for d in act.walk() if d.heading]
    return out


def _folded(act: Act) -> set[tuple[str, ...]]:
    """Paths without their subparagraph segments."""
    return {tuple(s for s in d.path if not s.startswith("sbp_")) for d in act.walk()}


# -- step 1: the seed act in English -------------------------------------------------------


def test_the_layouts_are_detected() -> None:
    assert detect_layout(SEED_EN) == "markdown"
    assert detect_layout(BASE_NL) == "flattened"


def test_english_seed_aligns_with_the_dutch_and_german(acts: dict[str, Act]) -> None:
    source = read_source(ACT_TOML)
    english = read_act(Text("en", SEED_EN, "markdown"), source)
    versions = [acts["nl"], acts["de"], english]
    assert align(versions, [references(a, SEED, BASE) for a in versions]) == []
    assert [d.path for d in english.walk()] == [d.path for d in acts["nl"].walk()]
    assert [(d.heading is None, len(d.footnotes)) for d in english.walk()] == [
        (d.heading is None, len(d.footnotes)) for d in acts["nl"].walk()
    ]
    # What the Markdown gives beside the act: its date of publication and ELI.
    assert english.date_publication == source.meta.date_publication and english.eli == SEED


def test_english_seed_reads_word_for_word(acts: dict[str, Act]) -> None:
    english = read_act(Text("en", SEED_EN, "markdown"), read_source(ACT_TOML))
    assert english.title.startswith("Council Regulation (EU) 2024/1732 of 17 June 2024 amending")
    assert [t for t in _texts(english) if ARTEFACTS.search(t[1])] == []
    citation = find(english, "cit_3")
    assert citation.text == "Having regard to the opinion of the European Parliament,"
    assert [(r.number, citation.text[: r.offset]) for r in citation.footnotes] == [
        (1, "Having regard to the opinion of the European Parliament")
    ]
    # "the following article is inserted" (lower case) brings Article 12a with its heading.
    insertion = find(english, "art_1/pnt_6").amendment
    assert insertion and insertion.action == "insert" and insertion.new_kind == "article"
    assert insertion.new[0].heading == "Acquisition and ownership of AI-optimised supercomputers"
    # A closing quotation mark's ";" on a line of its own belongs to the point.
    assert find(english, "art_1/pnt_2").full_text().endswith("in the Union.’;")
    # Emphasis is markup: the words stay.
    assert find(english, "art_2").text.endswith("in the Official Journal of the European Union.")
    assert english.signature and english.signature.text.splitlines() == [
        "Done at Luxembourg, 17 June 2024.",
        "For the Council",
        "The President",
        "A. MARON",
    ]


def test_build_with_the_english_text(tmp_path: Path, capsys) -> None:
    out = tmp_path / "graph.nq"
    assert main(["build", "--out", str(out), "--text", f"en={SEED_EN}"]) == 0
    printed = capsys.readouterr()
    assert "reading en (markdown)" in printed.err and "aligning nl, de, en" in printed.err
    counts = re.search(r"nl (\d+), de (\d+), en (\d+);", printed.out)
    assert counts and counts[1] == counts[2] == counts[3]


def test_a_partial_version_aligns_where_declared_and_says_so(
    acts: dict[str, Act], tmp_path: Path
) -> None:
    text = SEED_EN.read_text(encoding="utf-8")
    preamble = text[text.index("THE COUNCIL OF") : text.index("#### Article 1")]
    signature = text[text.index("Done at Luxembourg") : text.index("ELI: http")]
    partial = text.replace(preamble, "").replace(signature, "")
    # The footnotes of the citations and recitals go with them.
    partial = "\n".join(line for line in partial.splitlines() if not line.startswith("[^"))
    path = tmp_path / "en.md"
    path.write_text(partial, encoding="utf-8")
    with pytest.raises(LoaderError, match=r"the introduction to the recitals|the institution"):
        _read(path, "markdown", "en")  # a lack not declared is an error
    english = _read(path, "markdown", "en", PREAMBLE_GAPS)
    assert english.citations == [] and english.recitals == [] and english.signature is None
    versions = [acts["nl"], acts["de"], english]
    notes = align(versions, [references(a, SEED, BASE) for a in versions])
    assert len(notes) == 1 and "en version" in notes[0]
    assert "citations, recitals, signature" in notes[0]


def test_a_declared_gap_that_is_not_one_is_refused() -> None:
    with pytest.raises(LoaderError, match="declared to lack its citations"):
        _read(SEED_EN, "markdown", "en", frozenset({"citations"}))


# -- step 2: the layouts ---------------------------------------------------------------------


def test_flattening_spaces_are_removed(base_nl: Act) -> None:
    raw = BASE_NL.read_text(encoding="utf-8")
    assert "Europese Unie . Deze" in raw and "( PB C\u00a0123" in raw  # as flattened
    assert find(base_nl, "art_40").text.endswith("in het Publicatieblad van de Europese Unie.")
    assert (
        base_nl.footnotes[1].text == "Advies van 27 januari 2021 (PB C 123 van 9.4.2021, blz. 7)."
    )
    assert [t for t in _texts(base_nl) if ARTEFACTS.search(t[1])] == []


def test_flattened_footnote_markers_become_references(base_nl: Act) -> None:
    raw = BASE_NL.read_text(encoding="utf-8")
    markers = [int(n) for n in re.findall(r"\( (\d+) \)", raw)]
    held = [(r.number, "/".join(d.path)) for d in base_nl.walk() for r in d.footnotes]
    notes = [(f.scope, f.number) for f in base_nl.footnotes]
    # Each marker is either a reference or where its note begins: twice each number.
    assert len(markers) == 2 * len(held) == 2 * len(notes)
    assert notes[-1] == (("anx_1",), 1)  # the annex numbers its own footnote afresh
    assert [n for n, _ in held[:-1]] == list(range(1, len(notes)))
    citation = find(base_nl, "cit_3")
    assert citation.text == "Gezien het advies van het Europees Parlement,"
    assert citation.text[: citation.footnotes[0].offset].endswith("Europees Parlement")


def test_flattened_positions_are_columns(base_nl: Act) -> None:
    raw = BASE_NL.read_text(encoding="utf-8")
    article = find(base_nl, "art_9")
    assert article.span.first == article.span.last == 1
    assert raw[article.span.first_col - 1 :].startswith("Artikel\u00a09 Gastentiteit")
    point = find(base_nl, "art_9/par_5/pnt_f")
    assert raw[point.span.first_col - 1 :].startswith("f) verstrekking")
    broken = raw.replace("Artikel\u00a013 ", "Artikel\u00a014 ", 1)  # 13 is missing now
    with pytest.raises(LoaderError) as info:
        read_text(split_lines(broken), "flattened", profile("nl"), "nl.txt")
    assert info.value.line == 1 and info.value.column is not None
    assert re.match(r"nl\.txt:1:\d+: ", str(info.value))


def test_markdown_of_the_amending_act_keeps_every_word() -> None:
    """2026/150's Markdown: lone ";" after quotations, footnotes defined inside quotations."""
    lines = read_lines(AMENDING_EN)
    blocks = split_blocks(lines, "markdown", profile("en"), str(AMENDING_EN))
    # Footnote references stay marked in blocks until the tree is built.
    markup = re.compile(ARTEFACTS.pattern.replace(r"|[\ue000\ue001]", ""))
    assert [b.text for b in blocks.body if markup.search(b.text)] == []
    defined = [line for line in lines if re.match(r"(> )?\[\^[^\]]+\]:", line.text)]
    assert len(blocks.footnotes) == len(defined)
    assert not any(b.text in {";", "’;", "."} for b in blocks.body)
    words = {w for line in lines[30:] for w in re.findall(r"[A-Za-z]{4,}", line.text)}
    read = {
        w for b in [*blocks.body, *blocks.footnotes] for w in re.findall(r"[A-Za-z]{4,}", b.text)
    }
    assert words - read <= {"http", "https", "europa", "publications", "resource"}


# -- step 3: the base act --------------------------------------------------------------------


def test_base_act_in_dutch_whole(base_nl: Act) -> None:
    raw = BASE_NL.read_text(encoding="utf-8")
    assert base_nl.number == "2021/1173" and base_nl.passed_by == "CONSIL"
    assert base_nl.title.startswith("Verordening (EU) 2021/1173 van de Raad van 13 juli 2021")
    preamble = raw[: raw.index("Overwegende hetgeen volgt:")]
    assert len(base_nl.citations) == preamble.count("Gezien ") == 4
    assert [d.number for d in base_nl.recitals] == [str(n) for n in range(1, 73)]
    assert [d.number for d in base_nl.articles] == [str(n) for n in range(1, 41)]
    assert all(a.heading for a in base_nl.articles)
    assert find(base_nl, "art_9").heading == "Gastentiteit"
    [statutes] = base_nl.annexes
    assert statutes.label == "BIJLAGE" and statutes.heading.startswith("STATUTEN VAN DE")
    assert [a.number for a in statutes.children] == [str(n) for n in range(1, 24)]
    assert base_nl.signature and base_nl.signature.place == "Brussel"
    assert (
        base_nl.entry_into_force_days == 20 and base_nl.date_publication.isoformat() == "2021-07-19"
    )


def test_base_act_in_english_whole(base_en: Act) -> None:
    md = BASE_EN.read_text(encoding="utf-8")
    assert base_en.gaps == PREAMBLE_GAPS and base_en.citations == base_en.recitals == []
    assert [d.number for d in base_en.articles] == [str(n) for n in range(1, 41)]
    [statutes] = base_en.annexes
    assert (
        statutes.heading == "STATUTES OF THE EUROPEAN HIGH PERFORMANCE COMPUTING JOINT UNDERTAKING"
    )
    assert [a.number for a in statutes.children] == [str(n) for n in range(1, 24)]
    headings = re.findall(r"^##### (.+)$", md, re.M)
    assert [a.heading for a in [*base_en.articles, *statutes.children]] == headings
    assert base_en.eli == BASE and base_en.date_document.isoformat() == "2021-07-13"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_article_9_in_both_languages(lang: str, base_nl: Act, base_en: Act) -> None:
    act = {"nl": base_nl, "en": base_en}[lang]
    article = find(act, "art_9")
    assert [p.number for p in article.children] == [str(n) for n in range(1, 8)]
    assert [p.number for p in find(act, "art_9/par_5").children] == list("abcdef")
    assert [p.number for p in find(act, "art_9/par_6/sbp_2/pnt_c").children] == ["i", "ii"]
    first_sentence = find(act, "art_9/par_1").text.split(". ")[0] + "."
    assert (
        first_sentence
        == {
            "nl": "De EuroHPC-supercomputers worden geplaatst in een deelnemende staat die een "
            "lidstaat is.",
            "en": "EuroHPC supercomputers shall be located in a Participating State that is a "
            "Member State.",
        }[lang]
    )


def test_a_point_with_a_footnote(base_nl: Act, base_en: Act) -> None:
    nl, en = find(base_nl, "art_3/par_2/pnt_a"), find(base_en, "art_3/par_2/pnt_a")
    assert len(nl.footnotes) == len(en.footnotes) == 1
    assert en.text.startswith("to contribute to the implementation of Regulation (EU) 2021/695")
    # The marker stood after the name of the Paris Agreement's framework convention.
    assert nl.text[: nl.footnotes[0].offset].endswith(
        "Raamverdrag van de Verenigde Naties inzake klimaatverandering"
    )
    assert en.text[: en.footnotes[0].offset].endswith(
        "United Nations Framework Convention on Climate Change"
    )
    note_en = next(f for f in base_en.footnotes if f.number == en.footnotes[0].number)
    note_nl = next(f for f in base_nl.footnotes if f.number == nl.footnotes[0].number)
    assert note_en.text == "OJ L 282, 19.10.2016, p. 4."
    assert note_nl.text == "PB L 282 van 19.10.2016, blz. 4."
    assert not ARTEFACTS.search(en.text) and not ARTEFACTS.search(nl.text)


def test_the_two_versions_have_the_same_parts(base_nl: Act, base_en: Act) -> None:
    """Articles, paragraphs and points agree; footnotes of the articles hang in the same places."""
    articles_nl = {p for p in _folded(base_nl) if not p[0].startswith(("cit_", "rct_"))}
    assert articles_nl == _folded(base_en)
    holders = lambda act: [  # noqa: E731
        tuple(s for s in d.path if not s.startswith("sbp_"))
        for d in act.walk()
        for _ in d.footnotes
        if not d.path[0].startswith(("cit_", "rct_"))
    ]
    assert holders(base_nl) == holders(base_en)


def test_the_two_versions_align_fully(base_nl: Act, base_en: Act) -> None:
    """With the subparagraph starts of data/corpus.toml, the Dutch and the English align part
    for part, subparagraphs included (the English lacks its preamble and signature, as
    declared). Cross-references are left out: the two profiles do not yet read the same ones
    (e.g. "point (25) of Article 2 of Regulation (EU) 2021/695")."""
    assert align([base_nl, base_en], [[], []]) == [
        f"the en version ({BASE_EN}) lacks its citations, recitals, signature, as declared: "
        "the versions were compared without them"
    ]
    assert [d.path for d in base_nl.walk() if not d.path[0].startswith(("cit_", "rct_"))] == [
        d.path for d in base_en.walk()
    ]


def test_declared_subparagraph_starts(base_nl: Act) -> None:
    paragraph = find(base_nl, "art_8/par_1")
    assert [s.text.split(" ", 3)[:3] for s in paragraph.children] == [
        ["Elke", "deelnemende", "staat"],
        ["Aanvullend", "op", "de"],
        ["Elke", "deelnemende", "staat"],
        ["De", "selectie", "van"],
        ["Elke", "deelnemende", "staat"],
    ]
    assert find(base_nl, "anx_1/art_6/par_6/sbp_3").text == (
        "In de tweede fase beslist de raad van bestuur met gekwalificeerde meerderheid van "
        "stemmen als bedoeld in lid 4 van dit artikel."
    )
    assert len(_declared_starts().starts) == 13


@pytest.mark.parametrize(
    ("path", "words", "expected"),
    [
        ("art_8/par_2", ("Elke deelnemende staat",), "stands 2 times in the paragraph, not once"),
        ("art_8/par_2", ("ernaar zijn betalingsschema",), "does not begin a sentence"),
        ("art_8/par_2", ("Each Participating State",), "stands 0 times"),
        ("art_99/par_1", ("De",), "the text has no such paragraph"),
    ],
)
def test_a_declared_start_that_does_not_match(path: str, words: tuple[str, ...], expected) -> None:
    declared = _declared_starts()
    starts = SubparagraphStarts(declared.source, declared.entry, {path: words})
    with pytest.raises(LoaderError) as info:
        _read(BASE_NL, "flattened", "nl", starts=starts)
    message = str(info.value)
    assert info.value.path.endswith("corpus.toml") and expected in message
    assert f"[folders.reg-2021-1173.texts.nl.subparagraphs] '{path}'" in message


def test_the_corpus_declaration_describes_every_folder() -> None:
    corpus = read_corpus()
    assert {name: f.role for name, f in corpus.folders.items()} == {
        "reg-2021-1173": "base",
        "reg-2021-1173-corrigendum-2023": "corrigendum",
        "reg-2024-1732": "amending",
        "reg-2026-150": "amending",
    }
    for name, folder in corpus.folders.items():
        for text in folder.texts.values():
            assert (CORPUS / name / text.file).is_file()
            assert detect_layout(CORPUS / name / text.file) == text.layout
    assert corpus.text("reg-2021-1173", "en").gaps == PREAMBLE_GAPS
