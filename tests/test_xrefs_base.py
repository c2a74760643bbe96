"""Cross-references of Regulation (EU) 2021/1173 (Dutch and English) and 2026/150 (English),
read from the corpus and published: the two languages read the same references wherever their
texts say the same thing; a reference is published where every language having its
subdivision reads it. Skipped without the corpus."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import URIRef

from lexkg.loader.build import read_source
from lexkg.loader.family import Family, read_family
from lexkg.loader.model import Act
from lexkg.loader.xrefs import Reference, references
from lexkg.server.store.base import select
from lexkg.server.store.embedded import OxigraphStore

from support import ACT_TOML, CORPUS

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no corpus at {CORPUS}")

ELI = "http://data.europa.eu/eli/"
BASE = ELI + "reg/2021/1173"
R2021_695 = ELI + "reg/2021/695"
LATER = ELI + "reg/2026/150"
CURRENT = "2026-01-20"  # the version 2026/150 makes

# Where the Dutch text as published says something else than the English: the three places
# the Dutch corrigendum of 2023 corrects (Article 7(6), Statutes Article 3(3) and 15(3)(g)).
# (source, act, path) of what one language reads and the other does not.
ONLY = {
    "nl": Counter(
        {
            ("anx_1/art_3/par_3", BASE, "anx_1/art_2/par_1/pnt_c"): 1,  # "punt c)"
            ("anx_1/art_15/par_3/pnt_g", BASE, "art_9/par_7"): 1,  # "artikel 9, lid 7"
        }
    ),
    "en": Counter(
        {
            # "(b) to (g)", where the Dutch reads "b) tot en met f)"
            ("art_7/par_6", BASE, "anx_1/art_15/par_3/pnt_g"): 1,
            ("anx_1/art_3/par_3", BASE, "anx_1/art_2/par_1/pnt_d"): 1,  # "(d)"
            ("anx_1/art_15/par_3/pnt_g", BASE, "art_2/pnt_16"): 1,  # "points (16) and (17)"
            ("anx_1/art_15/par_3/pnt_g", BASE, "art_2/pnt_17"): 1,
        }
    ),
}


@pytest.fixture(scope="module")
def notes() -> list[str]:
    return []


@pytest.fixture(scope="module")
def family(notes: list[str]) -> Family:
    return read_family(CORPUS, read_source(ACT_TOML), notes.append)


@pytest.fixture(scope="module")
def store(family_graph: Path) -> OxigraphStore:
    return OxigraphStore(family_graph)


@pytest.fixture(scope="module")
def base(family: Family) -> dict[str, list[Reference]]:
    return {lang: references(act, family.base_meta.eli) for lang, act in family.base.items()}


def _paths(act: Act) -> set[tuple[str, ...]]:
    return {d.path for d in act.walk()}


def _read(refs: list[Reference], source: str, text: str) -> set[tuple[str | None, str]]:
    """What the references written *text* in *source* lead to: (act, path)."""
    found = {
        (r.act, "/".join(r.path)) for r in refs if "/".join(r.source) == source and r.text == text
    }
    assert found, f"no reference {text!r} in {source}"
    return found


def test_dutch_and_english_read_the_same_references(
    family: Family, base: dict[str, list[Reference]]
) -> None:
    both = _paths(family.base["nl"]) & _paths(family.base["en"])
    read = {
        lang: Counter(
            ("/".join(r.source), r.act, "/".join(r.path)) for r in refs if r.source in both
        )
        for lang, refs in base.items()
    }
    assert {"nl": read["nl"] - read["en"], "en": read["en"] - read["nl"]} == ONLY
    assert {lang: len(refs) for lang, refs in base.items()} == {"nl": 305, "en": 275}


@pytest.mark.parametrize(
    ("lang", "source", "text", "read"),
    [
        (
            "en",
            "art_2/pnt_31",
            "Article 2, point (25), of Regulation (EU) 2021/695",
            {(R2021_695, "art_2/pnt_25")},
        ),
        (
            "nl",
            "art_2/pnt_31",
            "artikel 2, punt 25), van Verordening (EU) 2021/695",
            {(R2021_695, "art_2/pnt_25")},
        ),
        (
            "en",
            "anx_1/art_15/par_7",
            "Articles 11(5), 12(7), 13(6) and 14(6) of this Regulation",
            {(BASE, p) for p in ("art_11/par_5", "art_12/par_7", "art_13/par_6", "art_14/par_6")},
        ),
        (
            "nl",
            "anx_1/art_15/par_7",
            "artikel 11, lid 5, artikel 12, lid 7, artikel 13, lid 6, en artikel 14, lid 6, "
            "van deze verordening",
            {(BASE, p) for p in ("art_11/par_5", "art_12/par_7", "art_13/par_6", "art_14/par_6")},
        ),
        (
            "en",
            "art_7/par_6",
            "Article 15(3)(b) to (g) of the Statutes",
            {(BASE, f"anx_1/art_15/par_3/pnt_{x}") for x in "bcdefg"},
        ),
        (
            "nl",
            "art_7/par_6",
            "artikel 15, lid 3, punten b) tot en met f), van de statuten",
            {(BASE, f"anx_1/art_15/par_3/pnt_{x}") for x in "bcdef"},
        ),
        (
            "en",
            "anx_1/art_6/par_5/sbp_1",
            "Article 7(4)(f), (g) and (h) of these Statutes",
            {(BASE, f"anx_1/art_7/par_4/pnt_{x}") for x in "fgh"},
        ),
        (
            "nl",
            "anx_1/art_6/par_5/sbp_1",
            "artikel 7, lid 4, punten f), g) en h), van deze statuten",
            {(BASE, f"anx_1/art_7/par_4/pnt_{x}") for x in "fgh"},
        ),
        (
            "en",
            "anx_1/art_6/par_6/sbp_1",
            "Article 7(5), 7(6) and 7(7) of these Statutes",
            {(BASE, f"anx_1/art_7/par_{n}") for n in "567"},
        ),
        (
            "nl",
            "anx_1/art_6/par_6/sbp_1",
            "artikel 7, leden 5, 6 en 7, van deze statuten",
            {(BASE, f"anx_1/art_7/par_{n}") for n in "567"},
        ),
        (
            "en",
            "art_8/par_1/sbp_2",
            "Article 11 of Regulation (EU) 2021/1153",
            {(ELI + "reg/2021/1153", "art_11")},
        ),
        (  # the Dutch text leaves out "(EU)"
            "nl",
            "art_8/par_1/sbp_2",
            "artikel 11 van Verordening 2021/1153",
            {(ELI + "reg/2021/1153", "art_11")},
        ),
        (
            "en",
            "anx_1/art_6/par_7",
            "Articles 6(5) and 7(5) of the Statutes of the EuroHPC Joint Undertaking annexed to "
            "Regulation (EU) 2018/1488",
            {(ELI + "reg/2018/1488", f"anx_1/art_{n}/par_5") for n in "67"},
        ),
        (
            "nl",
            "art_38/par_1/sbp_2",
            "artikelen 6 en 7 van de aan die verordening gehechte statuten",
            {(ELI + "reg/2018/1488", f"anx_1/art_{n}") for n in "67"},
        ),
        ("en", "art_3/par_2/pnt_a", "Article 3 thereof", {(R2021_695, "art_3")}),
        ("nl", "art_3/par_2/pnt_a", "artikel 3 daarvan", {(R2021_695, "art_3")}),
        (
            "nl",
            "art_2/pnt_3",
            "artikel 187, lid 1, van Verordening (EU, Euratom) 2018/1046",
            {(ELI + "reg/2018/1046", "art_187/par_1")},
        ),
        ("en", "art_26", "Article 228 TFEU", {(ELI + "treaty/tfeu_2016", "art_228")}),
        (
            "nl",
            "rct_72",
            "artikel 5 van het Verdrag betreffende de Europese Unie (VEU)",
            {(ELI + "treaty/teu_2016", "art_5")},
        ),
        ("en", "art_30", "Regulation (EC) No 1049/2001", {(ELI + "reg/2001/1049", "")}),
        ("nl", "art_30", "Verordening (EG) nr. 1049/2001", {(ELI + "reg/2001/1049", "")}),
        # An act named by its title is not resolved: no link to Article 110 of 2021/1173.
        ("en", "art_20/par_5", "Article 110 of the Staff Regulations", {(None, "art_110")}),
        ("nl", "art_20/par_5", "artikel 110 van het Statuut", {(None, "art_110")}),
    ],
)
def test_a_reference_read_word_for_word(
    base: dict[str, list[Reference]],
    lang: str,
    source: str,
    text: str,
    read: set[tuple[str | None, str]],
) -> None:
    assert _read(base[lang], source, text) == read


def test_the_references_of_2026_150(family: Family) -> None:
    (amending,) = [a for a in family.amending if a.meta.eli.endswith("/2026/150/oj")]
    refs = references(amending.acts["en"], amending.meta.eli, amending.meta.amends)
    inserted = [r for r in refs if r.in_amended_text]
    points = "Article 7(4a), points (a) to (e) and point (g), of these Statutes"
    assert _read(inserted, "anx_1/art_6/par_5a/sbp_1", points) == {
        (BASE, f"anx_1/art_7/par_4a/pnt_{x}") for x in "abcdeg"
    }
    assert _read(inserted, "art_2/pnt_3e", "Regulation (EU) No 2024/1624") == {
        (ELI + "reg/2024/1624", "")
    }
    assert _read(inserted, "art_12b/par_17/pnt_m", "Article 272 TFEU") == {
        (ELI + "treaty/tfeu_2016", "art_272")
    }
    assert not [r for r in refs if r.unresolved]


def test_references_in_the_statutes_lead_into_the_annex(base: dict[str, list[Reference]]) -> None:
    texts = {"en": "Article 3(2) of these Statutes", "nl": "artikel 3, lid 2, van deze statuten"}
    for lang, text in texts.items():
        assert _read(base[lang], "anx_1/art_7/par_3/pnt_a", text) == {(BASE, "anx_1/art_3/par_2")}


def test_no_reference_leads_to_a_subdivision_2021_1173_lacks(
    family: Family, base: dict[str, list[Reference]]
) -> None:
    paths = _paths(family.base["nl"]) | _paths(family.base["en"])
    missing = [r for refs in base.values() for r in refs if r.act == BASE and r.path not in paths]
    assert not missing


# -- published -----------------------------------------------------------------------------

_LINKS = """PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT ?act ?from ?link ?to WHERE {
  GRAPH ?act { ?from ?link ?to . VALUES ?link { eli:refers_to eli:cites } FILTER (?from != ?act) }
}"""
_UNRESOLVED = """PREFIX lkg: <https://w3id.org/lexkg/ontology#>
SELECT ?act ?expr ?text WHERE { GRAPH ?act { ?expr lkg:unresolvedReference ?text } }"""


def _links(store: OxigraphStore, act: str) -> set[tuple[str, str, str]]:
    rows = select(store, _LINKS, {"act": URIRef(act + "/oj")})
    return {(r["from"].value, r["link"].value.rsplit("#", 1)[1], r["to"].value) for r in rows}


def test_the_references_published_of_2021_1173(
    family: Family, notes: list[str], store: OxigraphStore
) -> None:
    assert len(family.base_refs) == 303
    assert (
        "6 cross-references of 2021/1173 that not every language version having their "
        "subdivision reads are not published (nl 2, en 4)"
    ) in notes
    links = _links(store, BASE)
    assert len(links) == 293  # a subdivision naming the same place twice links to it once
    assert sum(1 for _, link, _ in links if link == "refers_to") == 146
    assert (f"{BASE}/anx_1/art_15/par_7/oj", "refers_to", f"{BASE}/art_13/par_6/oj") in links
    assert (f"{BASE}/art_2/pnt_31/oj", "cites", f"{R2021_695}/art_2/pnt_25/oj") in links
    # The citations and recitals have no English text here: their references are the Dutch.
    assert (f"{BASE}/rct_72/oj", "cites", f"{ELI}treaty/teu_2016/art_5/oj") in links
    unresolved = select(store, _UNRESOLVED, {"act": URIRef(BASE + "/oj")})
    assert {(r["expr"].value, r["text"].value) for r in unresolved} >= {
        (f"{BASE}/art_20/par_5/oj/nld", "artikel 110 van het Statuut"),
        (f"{BASE}/art_20/par_5/oj/eng", "Article 110 of the Staff Regulations"),
    }
    assert len(unresolved) == 10  # five references, in both languages


def test_a_reference_read_in_one_language_only_is_not_published(
    family: Family, store: OxigraphStore
) -> None:
    published = {
        ("/".join(row[0].source), "/".join(row[0].path)) for row in family.base_refs if row[0]
    }
    # Article 7(6): the Dutch "punten b) tot en met f)", the English "(b) to (g)": (b) to (f) are
    # read in both and published, (g) in English only and not.
    points = {p for s, p in published if s == "art_7/par_6"}
    assert points == {f"anx_1/art_15/par_3/pnt_{x}" for x in "bcdef"}
    assert not any(row[1] for row in family.base_refs if row[0] is None)
    links = _links(store, BASE)
    source = f"{BASE}/anx_1/art_15/par_3/pnt_g/oj"
    for read in ("art_9/par_7", "art_2/pnt_16", "art_2/pnt_17"):  # Dutch, English, English
        assert (source, "refers_to", f"{BASE}/{read}/oj") not in links
    assert (
        f"{BASE}/art_7/par_6/oj",
        "refers_to",
        f"{BASE}/anx_1/art_15/par_3/pnt_g/oj",
    ) not in links


def test_the_references_published_of_2026_150(family: Family, store: OxigraphStore) -> None:
    (amending,) = [a for a in family.amending if a.meta.eli == f"{LATER}/oj"]
    assert len(amending.refs) == 90
    links = _links(store, LATER)
    assert len(links) == 88
    # Inserted text refers to 2021/1173 as amended, the act's own words to acts as they stood.
    assert (
        f"{BASE}/anx_1/art_6/par_5a/sbp_1/{CURRENT}",
        "refers_to",
        f"{BASE}/anx_1/art_7/par_4a/pnt_g/{CURRENT}",
    ) in links
    assert (f"{LATER}/rct_12/oj", "cites", f"{BASE}/art_5/par_1/oj") in links
