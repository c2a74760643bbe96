"""The corrigendum of 2023 to Regulation (EU) 2021/1173 (Dutch, flattened OJ HTML), read into a
`Corrigendum`; the German and English wordings on made-up corrigenda (they say so)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lexkg.loader.corrigendum import parse_corrigendum, read_corrigendum
from lexkg.loader.errors import LoaderError
from lexkg.loader.lines import read_lines, split_lines
from lexkg.loader.parse import read_text
from lexkg.loader.profiles import profile

from support import CORPUS, find

CORRIGENDUM_NL = CORPUS / "reg-2021-1173-corrigendum-2023" / "nl.txt"
BASE_NL = CORPUS / "reg-2021-1173" / "nl.txt"
BASE = "http://data.europa.eu/eli/reg/2021/1173/oj"
NBSP3 = "\u00a0" * 3
needs_corpus = pytest.mark.skipif(
    not CORRIGENDUM_NL.is_file(), reason=f"no corpus folder at {CORPUS} (set LEXKG_CORPUS)"
)

# Paragraph 3 of Article 3 of the Statutes, as published and as it should read: the point of
# Article 2(1) it refers to changes, c) → d), and (as printed) "lid 4" has a no-break space in
# the text to read.
_STATUTES_3_3 = (
    "3.{nbsp}Elke juridische entiteit die niet is opgenomen in artikel\u00a02, lid 1, punt "
    "{point}), van deze statuten, die gevestigd is in een lidstaat en die onderzoek en "
    "innovatie in een lidstaat direct of indirect ondersteunt, kan een verzoek indienen om "
    "particulier lid van de gemeenschappelijke onderneming te worden overeenkomstig lid{sp}4 van "
    "dit artikel, op voorwaarde dat zij bijdraagt aan de financiering als bedoeld in "
    "artikel\u00a015 van deze statuten om de in artikel\u00a03 van deze verordening vastgestelde "
    "opdracht en doelstellingen van de gemeenschappelijke onderneming te verwezenlijken en dat "
    "zij deze statuten aanvaardt."
)


@pytest.fixture(scope="module")
def corrigendum():
    if not CORRIGENDUM_NL.is_file():
        pytest.skip(f"no corpus folder at {CORPUS} (set LEXKG_CORPUS)")
    return read_corrigendum(CORRIGENDUM_NL, "nl")


@needs_corpus
def test_the_corrigendum_and_what_it_corrects(corrigendum) -> None:
    assert corrigendum.language == "nl" and corrigendum.corrects == BASE
    assert corrigendum.date_publication.isoformat() == "2023-05-04"
    assert corrigendum.reference == "PB L 116 van 4.5.2023, blz. 29"
    assert [(c.number, c.target, c.page) for c in corrigendum.corrections] == [
        (1, ("art_7", "par_6"), 21),
        (2, ("anx_1", "art_3", "par_3"), 38),
        (3, ("anx_1", "art_15", "par_3", "pnt_g"), 48),
    ]
    assert [c.where for c in corrigendum.corrections] == [
        "Bladzijde 21, artikel 7, lid 6, eerste zin",
        "Bladzijde 38, bijlage, artikel 3, lid 3",
        "Bladzijde 48, bijlage, artikel 15, lid 3, punt g)",
    ]


@needs_corpus
def test_the_corrections_exactly_as_printed(corrigendum) -> None:
    first, second, third = corrigendum.corrections
    assert first.old == (
        f"6.{NBSP3}Voor de raming van de in artikel\u00a015, lid 3, punten b) tot en met f), van "
        "de statuten …"
    )
    assert first.new == first.old.replace("f), van", "g), van")
    assert second.old == _STATUTES_3_3.format(nbsp=NBSP3, point="c", sp=" ")
    assert second.new == _STATUTES_3_3.format(nbsp=NBSP3, point="d", sp="\u00a0")
    assert third.old == (
        "g) bijdragen in natura van de particuliere leden of hun samenstellende en verbonden "
        "entiteiten als omschreven in artikel\u00a09, lid 7, van deze verordening."
    )
    assert third.new == (
        "g) bijdragen in natura van de particuliere leden of hun samenstellende en verbonden "
        "entiteiten als omschreven in artikel\u00a02, punten 16) en\u00a017), van deze "
        "verordening."
    )
    raw = CORRIGENDUM_NL.read_text(encoding="utf-8")
    for c in corrigendum.corrections:
        assert c.span.first == c.span.last == 1
        assert raw[c.span.first_col - 1 :].startswith(f"{c.number}. Bladzijde {c.page}")
        assert raw[: c.span.last_col].endswith("”.")


@needs_corpus
def test_the_published_words_stand_in_the_corrected_act(corrigendum) -> None:
    """Each correction's old words are found in its target in the Dutch 2021/1173 as read."""
    base = read_text(read_lines(BASE_NL), "flattened", profile("nl"), str(BASE_NL))
    for c in corrigendum.corrections:
        old, new = c.words()
        text = find(base, "/".join(c.target)).full_text()
        assert old in text and new not in text, c.number


@needs_corpus
def test_errors_name_the_place_and_what_was_expected(tmp_path: Path) -> None:
    raw = CORRIGENDUM_NL.read_text(encoding="utf-8")
    broken = tmp_path / "nl.txt"
    broken.write_text(raw.replace("lezen: “3.", "lees: “3."), encoding="utf-8")
    with pytest.raises(LoaderError) as info:
        read_corrigendum(broken, "nl", "corrigendum/nl.txt")
    error = info.value
    assert error.path == "corrigendum/nl.txt" and error.line == 1
    assert raw[error.column - 1 :].startswith("2. Bladzijde 38")
    assert "expected correction 2" in str(error) and error.where.endswith("› 2.")
    broken.write_text(raw.replace("3. Bladzijde 48", "4. Bladzijde 48"), encoding="utf-8")
    with pytest.raises(LoaderError, match="expected correction 3, not 4"):
        read_corrigendum(broken, "nl")


_MADE_UP = {
    "de": (
        "12.5.2099 DE Amtsblatt der Europäischen Union L 9/1\n"
        "Berichtigung der Verordnung (EU) 2021/1173 des Rates vom 13. Juli 2021 (erfunden, zum "
        "Testen des Ladeprogramms) (Amtsblatt der Europäischen Union L 256 vom 19. Juli 2021)\n"
        "Seite 21, Artikel 7 Absatz 6 erster Satz:\n"
        "Anstatt: „(6) Für die Schätzung …“\n"
        "muss es heißen: „(6) Für die Berechnung …“.\n"
    ),
    "en": (
        "12.5.2099 EN Official Journal of the European Union L 9/1\n"
        "Corrigendum to Council Regulation (EU) 2021/1173 of 13 July 2021 (made up, to test the "
        "loader) (Official Journal of the European Union L 256 of 19 July 2021)\n"
        "On page 48, Annex, Article 15(3), point (g):\n"
        "for: ‘(g) in-kind contributions as defined in Article 9(7) …’,\n"
        "read: ‘(g) in-kind contributions as defined in Article 2, points (16) and (17) …’.\n"
    ),
}


@pytest.mark.parametrize(
    ("lang", "target", "reference"),
    [
        ("de", ("art_7", "par_6"), "ABl. L 9 vom 12.5.2099, S. 1"),
        ("en", ("anx_1", "art_15", "par_3", "pnt_g"), "OJ L 9, 12.5.2099, p. 1"),
    ],
)
def test_german_and_english_wording(lang: str, target: tuple[str, ...], reference: str) -> None:
    c = parse_corrigendum(split_lines(_MADE_UP[lang]), profile(lang), f"made-up-{lang}.txt")
    assert c.corrects == BASE and c.reference == reference
    [correction] = c.corrections
    assert correction.target == target and correction.span.first == 3
    assert correction.words()[0] in {
        "Für die Schätzung",
        "in-kind contributions as defined in Article 9(7)",
    }
