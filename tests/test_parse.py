"""Stage 3: the whole structure of both language versions, and the exact text of samples."""

from __future__ import annotations

import datetime as dt

import pytest

from lexkg.loader.model import Act

from support import REPO, find

LANGS = ["nl", "de"]

INSTRUCTIONS = {
    # instruction → (action, target in 2021/1173, new subdivisions as they read after it)
    "art_1/pnt_1": ("amend", "art_2", []),
    "art_1/pnt_1/pnt_a": ("insert", "art_2", ["art_2/pnt_3a", "art_2/pnt_3b"]),
    "art_1/pnt_1/pnt_b": ("replace", "art_2/pnt_9", ["art_2/pnt_9"]),
    "art_1/pnt_2": ("add", "art_3/par_2", ["art_3/par_2/pnt_h"]),
    "art_1/pnt_3": ("add", "art_4/par_1", ["art_4/par_1/pnt_h"]),
    "art_1/pnt_4": ("amend", "art_9", []),
    "art_1/pnt_4/pnt_a": ("add", "art_9/par_5", ["art_9/par_5/sbp_2"]),
    "art_1/pnt_4/pnt_b": ("insert", "art_9", ["art_9/par_5a"]),
    "art_1/pnt_4/pnt_c": ("insert", "art_9", ["art_9/par_6a"]),
    "art_1/pnt_5": ("replace", "art_10/par_2/pnt_l", ["art_10/par_2/pnt_l"]),
    "art_1/pnt_6": ("insert", "", ["art_12a"]),
    "art_1/pnt_7": ("amend", "art_15", []),
    "art_1/pnt_7/pnt_a": ("replace", "art_15/par_1", ["art_15/par_1"]),
    "art_1/pnt_7/pnt_b": ("delete", "art_15/par_2", []),
    "art_1/pnt_7/pnt_c": ("replace", "art_15/par_5", ["art_15/par_5"]),
    "art_1/pnt_8": ("amend", "art_16", []),
    "art_1/pnt_8/pnt_a": ("insert", "art_16", ["art_16/par_1a"]),
    "art_1/pnt_8/pnt_b": ("insert", "art_16", ["art_16/par_2a"]),
    "art_1/pnt_9": ("replace", "art_17/par_1", ["art_17/par_1"]),
}


def _paths(divisions) -> list[str]:
    return ["/".join(d.path) for d in divisions]


@pytest.mark.parametrize("lang", LANGS)
def test_act_identity(acts: dict[str, Act], lang: str) -> None:
    act = acts[lang]
    assert (act.doc_type, act.series, act.number, act.passed_by) == (
        "REG",
        "EU",
        "2024/1732",
        "CONSIL",
    )
    assert act.date_document == dt.date(2024, 6, 17)
    assert act.entry_into_force_days == 20 and act.entry_into_force_article == "art_2"
    assert act.signature.place == "Luxemburg" and act.signature.date == dt.date(2024, 6, 17)
    assert act.signature.text.splitlines()[-1] == "A. MARON"


def test_titles(acts: dict[str, Act]) -> None:
    assert acts["nl"].title == (
        "Verordening (EU) 2024/1732 van de Raad van 17 juni 2024 tot wijziging van Verordening "
        "(EU) 2021/1173 wat betreft een EuroHPC-initiatief voor start-ups om Europees leiderschap "
        "op het gebied van betrouwbare artificiële intelligentie te stimuleren"
    )
    assert acts["de"].title.startswith(
        "Verordnung (EU) 2024/1732 des Rates vom 17. Juni 2024 zur Änderung der Verordnung (EU) "
        "2021/1173 im Hinblick auf eine EuroHPC-Initiative für Start-up-Unternehmen"
    )
    # Only the German text prints the Official Journal header and the ELI.
    assert acts["de"].date_publication == dt.date(2024, 6, 19)
    assert acts["de"].eli == "http://data.europa.eu/eli/reg/2024/1732/oj"
    assert acts["nl"].date_publication is None and acts["nl"].eli is None


@pytest.mark.parametrize("lang", LANGS)
def test_preamble(acts: dict[str, Act], lang: str) -> None:
    act = acts[lang]
    assert _paths(act.citations) == [f"cit_{n}" for n in range(1, 6)]
    assert _paths(act.recitals) == [f"rct_{n}" for n in range(1, 8)]
    assert [r.label for r in act.recitals] == [f"({n})" for n in range(1, 8)]
    assert [f.number for f in act.footnotes] == [1, 2, 3]
    holders = {r.number: "/".join(d.path) for d in act.walk() for r in d.footnotes}
    assert holders == {1: "cit_3", 2: "cit_4", 3: "rct_2"}


@pytest.mark.parametrize("lang", LANGS)
def test_articles_and_instructions(acts: dict[str, Act], lang: str) -> None:
    act = acts[lang]
    assert _paths(act.articles) == ["art_1", "art_2"]
    instructions = {
        "/".join(d.path): d for d in act.articles[0].walk() if d.amendment and d.path != ("art_1",)
    }
    assert list(instructions) == list(INSTRUCTIONS)
    for path, (action, target, new) in INSTRUCTIONS.items():
        a = instructions[path].amendment
        assert (a.action, "/".join(a.target), _paths(a.new)) == (action, target, new), path


@pytest.mark.parametrize("lang", LANGS)
def test_inserted_structure(acts: dict[str, Act], lang: str) -> None:
    act = acts[lang]
    h = find(act, "art_4/par_1/pnt_h")
    assert [c.number for c in h.children] == ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii"]
    sbp = find(act, "art_9/par_5/sbp_2")
    assert [c.number for c in sbp.children] == ["a", "b", "c", "d", "e"]
    art = find(act, "art_12a")
    assert art.heading is not None
    assert [c.number for c in art.children] == [str(n) for n in range(1, 8)]
    assert _paths(find(act, "art_12a/par_2").children) == [
        "art_12a/par_2/sbp_1",
        "art_12a/par_2/sbp_2",
    ]
    for leaf in (
        "art_2/pnt_3a",
        "art_2/pnt_3b",
        "art_2/pnt_9",
        "art_3/par_2/pnt_h",
        "art_9/par_5a",
        "art_9/par_6a",
        "art_10/par_2/pnt_l",
        "art_15/par_1",
        "art_15/par_5",
        "art_16/par_1a",
        "art_16/par_2a",
        "art_17/par_1",
    ):
        assert find(act, leaf).text, leaf


EXACT = {
    ("nl", "art_9/par_6a"): (
        "Voor de in artikel 12 bis bedoelde voor AI geoptimaliseerde supercomputers creëert de "
        "gastentiteit een onestopshop voor de gebruikers, waaronder start-ups, kleine en "
        "middelgrote ondernemingen en wetenschappelijke gebruikers om de toegang tot haar "
        "ondersteunende diensten te faciliteren."
    ),
    ("de", "art_9/par_6a"): (
        "Für die in Artikel 12a genannten KI-optimierten Supercomputer richtet die "
        "Aufnahmeeinrichtung eine zentrale Anlaufstelle für Nutzer, einschließlich "
        "Start-up-Unternehmen, kleiner und mittlerer Unternehmen und wissenschaftlicher Nutzer, "
        "ein, um ihnen den Zugang zu ihren Unterstützungsdiensten zu erleichtern."
    ),
    ("nl", "art_2/pnt_3b"): (
        "“AI-fabriek”: een gecentraliseerde of gedistribueerde entiteit die een "
        "diensteninfrastructuur voor supercomputing op het gebied van AI aanbiedt die bestaat uit "
        "een voor AI geoptimaliseerde supercomputer of een AI-gericht deel van een supercomputer, "
        "een bijbehorend datacentrum, specifieke toegang en AI-georiënteerde "
        "supercomputingdiensten, en die talent aantrekt en bundelt om de competenties te "
        "leveren die nodig zijn om "
        "supercomputers voor AI te gebruiken;"
    ),
    ("de", "art_2/pnt_3a"): (
        "‚KI-optimierter Supercomputer‘ bezeichnet einen Supercomputer, der in erster Linie dafür "
        "ausgelegt ist, große Modelle der künstlichen Intelligenz (KI) mit allgemeinem "
        "Verwendungszweck und neu entstehende KI-Anwendungen zu trainieren;"
    ),
    ("nl", "cit_1"): (
        "Gezien het Verdrag betreffende de werking van de Europese Unie, en met name artikel 187 "
        "en artikel 188, eerste alinea,"
    ),
    ("de", "cit_3"): "nach Stellungnahme des Europäischen Parlaments,",
    ("nl", "rct_2"): (
        "Sinds 2021, toen Verordening (EU) 2021/1173 van de Raad werd vastgesteld, is op het "
        "gebied van AI enorme technische vooruitgang geboekt en is AI wereldwijd een zeer "
        "strategisch en betwist domein geworden. De Unie speelt een voortrekkersrol bij de "
        "inspanningen om verantwoord onderzoek en verantwoorde innovatie op het gebied van "
        "betrouwbare en ethische AI te ondersteunen en tegelijkertijd in vangrails te voorzien en "
        "doeltreffende governance te ontwikkelen."
    ),
    ("nl", "art_1/pnt_7/pnt_b"): "lid 2 wordt geschrapt;",
    ("de", "art_1/pnt_7/pnt_b"): "Absatz 2 wird gestrichen.",
    ("de", "art_12a/par_2/sbp_1"): (
        "Der in Artikel 5 Absatz 1 genannte finanzielle Beitrag der Union deckt bis zu 50 % der "
        "Anschaffungskosten und bis zu 50 % der Betriebskosten der KI-optimierten Supercomputer. "
        "Die Betriebskosten umfassen die Kosten für KI-orientierte Hochleistungsrechendienste."
    ),
    ("nl", "art_2"): (
        "Deze verordening treedt in werking op de twintigste dag na die van de bekendmaking ervan "
        "in het Publicatieblad van de Europese Unie."
    ),
}


@pytest.mark.parametrize(("lang", "path"), list(EXACT))
def test_exact_text(acts: dict[str, Act], lang: str, path: str) -> None:
    assert find(acts[lang], path).text == EXACT[(lang, path)]


def test_headings_and_labels(acts: dict[str, Act]) -> None:
    assert find(acts["nl"], "art_12a").heading == (
        "Verwerving en eigendom van voor AI geoptimaliseerde supercomputers"
    )
    assert find(acts["de"], "art_12a").heading == (
        "Anschaffung von KI-optimierten Supercomputern und Eigentum daran"
    )
    assert find(acts["nl"], "art_2/pnt_3a").label == "3 bis)"
    assert find(acts["de"], "art_2/pnt_3a").label == "3a."
    assert find(acts["nl"], "art_9/par_5a").label == "5 bis."
    assert find(acts["de"], "art_9/par_5a").label == "(5a)"


def test_full_text_of_a_point_with_points(acts: dict[str, Act]) -> None:
    text = find(acts["nl"], "art_4/par_1/pnt_h").full_text().splitlines()
    assert text[0].endswith("die pijler omvat de volgende activiteiten:")
    assert [line.split(" ", 1)[0] for line in text[1:]] == [
        "i)",
        "ii)",
        "iii)",
        "iv)",
        "v)",
        "vi)",
        "vii)",
        "viii)",
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_no_footnote_or_marker_inside_the_text(acts: dict[str, Act], lang: str) -> None:
    notes = [f.text for f in acts[lang].footnotes]
    for d in acts[lang].walk():
        for note in notes:
            assert note[:60] not in d.text
        assert " (1)" not in d.text and " (3)" not in d.text


@pytest.mark.parametrize("lang", LANGS)
def test_source_lines_are_kept(acts: dict[str, Act], lang: str) -> None:
    assert acts[lang].path == f"data/reg-2024-1732/{lang}.txt"
    lines = (REPO / acts[lang].path).read_text(encoding="utf-8").splitlines()
    for d in acts[lang].walk():
        first_words = d.text.split()[:2] or d.label.split()[:1]
        region = " ".join(lines[d.span.first - 1 : d.span.last]).replace("\u00a0", " ")
        assert all(w.strip("“„‚") in region for w in first_words), "/".join(d.path)
