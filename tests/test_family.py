"""Regulation (EU) 2021/1173 through time, built from the real texts: `lexkg build --corpus`.

The family is the seed act (Dutch and German from data/, English from the corpus), the base act
(Dutch whole, English without its preamble), Regulation 2026/150 (English only) and the Dutch
corrigendum of 2023, all read in place from the corpus; the graph is built once for this module
and served by the app. Skipped without the corpus.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from rdflib import Literal, URIRef

from lexkg import resources
from lexkg.cli import main
from lexkg.server.core.binding import bind_values
from lexkg.server.store.base import select
from lexkg.server.store.embedded import OxigraphStore

from support import CORPUS, closing_app

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no corpus at {CORPUS}")

BASE = "http://data.europa.eu/eli/reg/2021/1173"
ORIGINAL, AMENDED, CURRENT = "2021-08-08", "2024-07-09", "2026-01-20"
NL_BASE = CORPUS / "reg-2021-1173" / "nl.txt"
EN_BASE = CORPUS / "reg-2021-1173" / "en.md"
EN_150 = CORPUS / "reg-2026-150" / "en.md"


@pytest.fixture(scope="module")
def family(family_graph: Path) -> Path:
    return family_graph


@pytest.fixture(scope="module")
def store(family: Path) -> OxigraphStore:
    return OxigraphStore(family)


@pytest.fixture(scope="module")
def client(family: Path) -> Iterator[FlaskClient]:
    with closing_app({"GRAPH_PATH": str(family)}) as app:
        yield app.test_client()


_TEXT = """PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX lkg: <https://w3id.org/lexkg/ontology#>
SELECT ?r ?lang ?text WHERE {
  ?r eli:is_realized_by ?e . ?e lkg:text ?text FILTER (LANG(?text) = ?lang)
}"""
_ABSENT = """PREFIX lkg: <https://w3id.org/lexkg/ontology#>
SELECT ?r ?language ?reason WHERE { ?r lkg:absence ?a . ?a lkg:absentLanguage ?language ;
  lkg:reason ?reason }"""


def text(store: OxigraphStore, path: str, version: str, lang: str) -> str | None:
    rows = select(store, _TEXT, {"r": URIRef(f"{BASE}/{path}/{version}"), "lang": Literal(lang)})
    return rows[0]["text"].value if rows else None


def absent(store: OxigraphStore, path: str, version: str) -> dict[str, str]:
    rows = select(store, _ABSENT, {"r": URIRef(f"{BASE}/{path}/{version}")})
    return {row["language"].value.rsplit("/", 1)[1]: row["reason"].value for row in rows}


def _plain(text: str) -> str:
    """A text with its spaces single, for comparing with a source's words."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


ARTICLE_9 = [
    "par_1",
    "par_2",
    "par_3",
    "par_4",
    *(f"par_5/sbp_1/pnt_{x}" for x in "abcdef"),
    *(f"par_5/sbp_2/pnt_{x}" for x in "abcde"),
    "par_5a",
    "par_6",
    "par_6a",
    "par_7",
]


@pytest.mark.parametrize("version", [AMENDED, CURRENT])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_article_9_reads_whole(store: OxigraphStore, version: str, lang: str) -> None:
    """Paragraphs 1–4, the general criteria 9(5)(a)–(f), the additional ones, 9(6): all of it."""
    for path in ARTICLE_9:
        assert text(store, f"art_9/{path}", version, lang), (path, version, lang)


def test_the_words_are_the_acts_own(store: OxigraphStore) -> None:
    """Unchanged provisions read word for word as the published texts print them."""
    nl = _plain(NL_BASE.read_text(encoding="utf-8"))
    en = _plain(EN_BASE.read_text(encoding="utf-8"))
    for version in (ORIGINAL, AMENDED, CURRENT):
        for path in ("art_9/par_1", "art_9/par_5/sbp_1/pnt_f", "art_12/par_1"):
            assert _plain(text(store, path, version, "nl") or "-") in nl, (path, version)
            assert _plain(text(store, path, version, "en") or "-") in en, (path, version)
    # No artefact of the flattening: "Unie." where the flattened page has "Unie .".
    assert " ." not in (text(store, "art_9/par_1", CURRENT, "nl") or "")


def test_inserted_provisions_and_their_languages(store: OxigraphStore) -> None:
    assert text(store, "art_9/par_5a", ORIGINAL, "nl") is None
    for lang in ("nl", "de", "en"):
        assert text(store, "art_9/par_5a", AMENDED, lang), lang  # 2024/1732 has all three
    # An original provision has no German text: the base act has none here, and says so.
    reason = absent(store, "art_9/par_1", AMENDED)["DEU"]
    assert "no German text of Regulation (EU) 2021/1173" in reason


_TITLE = """PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT ?r ?title WHERE { ?r eli:is_realized_by ?e . ?e eli:title ?title }"""


@pytest.mark.parametrize("version", [ORIGINAL, AMENDED, CURRENT])
def test_each_version_has_the_acts_title_where_the_act_has_the_language(
    store: OxigraphStore, version: str
) -> None:
    rows = select(store, _TITLE, {"r": URIRef(f"{BASE}/{version}")})
    titles = {row["title"].language: row["title"].value for row in rows}
    assert titles == {
        "nl": "Verordening (EU) 2021/1173 van de Raad van 13 juli 2021 tot oprichting van de "
        "Gemeenschappelijke Onderneming Europese high-performance computing en tot intrekking "
        "van Verordening (EU) 2018/1488",
        "en": "Council Regulation (EU) 2021/1173 of 13 July 2021 on establishing the European "
        "High Performance Computing Joint Undertaking and repealing Regulation (EU) 2018/1488",
    }
    reasons = {
        row["language"].value.rsplit("/", 1)[1]: row["reason"].value
        for row in select(store, _ABSENT, {"r": URIRef(f"{BASE}/{version}")})
    }
    if version == ORIGINAL:  # given in the base act's languages only
        assert reasons == {}
    else:  # 2024/1732 gave German parts; the act as a whole has no German text here
        assert reasons["DEU"].startswith("no German text of Regulation (EU) 2021/1173 is available")


def test_2026_150_replaces_in_english_and_says_what_is_missing(store: OxigraphStore) -> None:
    quoted = _plain(EN_150.read_text(encoding="utf-8"))
    replaced = text(store, "art_34/par_1", CURRENT, "en")
    assert replaced and _plain(replaced) in quoted
    assert text(store, "art_34/par_1", CURRENT, "nl") is None
    reasons = absent(store, "art_34/par_1", CURRENT)
    assert "Regulation (EU) 2026/150" in reasons["NLD"] and "Dutch" in reasons["NLD"]
    assert "Regulation (EU) 2026/150" in reasons["DEU"]
    # The earlier wording stays readable in the earlier version, in Dutch too (Article 34 had
    # no numbered paragraphs before 2026/150 replaced it).
    earlier = text(store, "art_34", AMENDED, "nl")
    assert earlier and _plain(earlier) in _plain(NL_BASE.read_text(encoding="utf-8"))
    # The new Article 12b exists from 2026-01-20 only.
    assert text(store, "art_12b/par_1", CURRENT, "en")
    assert text(store, "art_12b/par_1", AMENDED, "en") is None


def test_the_corrigendum_applies_from_the_start_to_dutch(store: OxigraphStore) -> None:
    published = _plain(NL_BASE.read_text(encoding="utf-8"))
    assert "punten b) tot en met f), van de statuten" in published  # the error as published
    for version in (ORIGINAL, AMENDED, CURRENT):
        corrected = _plain(text(store, "art_7/par_6", version, "nl") or "")
        assert "punten b) tot en met g)" in corrected, version
        assert "punten b) tot en met f)" not in corrected, version
    rows = select(
        store,
        "PREFIX lkg: <https://w3id.org/lexkg/ontology#> SELECT ?c WHERE { ?e lkg:correctedBy ?c }",
    )
    assert len({row["c"].value for row in rows}) == 3


def test_deleted_provision_until_its_last_day(store: OxigraphStore) -> None:
    assert text(store, "art_15/par_2", ORIGINAL, "nl")
    assert text(store, "art_15/par_2", AMENDED, "nl") is None
    rows = select(
        store,
        "PREFIX eli: <http://data.europa.eu/eli/ontology#> SELECT ?by ?last WHERE { "
        f"<{BASE}/art_15/par_2> eli:repealed_by ?by ; eli:date_no_longer_in_force ?last }}",
    )
    assert {(r["by"].value, r["last"].value) for r in rows} == {
        ("http://data.europa.eu/eli/reg/2024/1732/art_1/pnt_7/pnt_b/oj", "2024-07-08")
    }


@pytest.mark.parametrize(
    ("path", "status", "location"),
    [
        ("/eli/reg/2021/1173/art_9/par_5?date=2025-01-01", 303, "art_9/par_5/2024-07-09"),
        ("/eli/reg/2021/1173/art_9/par_5?date=2021-08-08", 303, "art_9/par_5/2021-08-08"),
        ("/eli/reg/2021/1173/art_9/par_5", 303, f"art_9/par_5/{CURRENT}"),  # today
        ("/eli/reg/2021/1173?date=2024-07-09", 303, "1173/2024-07-09"),
        ("/eli/reg/2021/1173/art_9/par_5/2021-08-08?date=2026-02-01", 303, f"par_5/{CURRENT}"),
        ("/eli/reg/2021/1173/art_9/par_6a?date=2022-01-01", 404, None),  # not yet
        ("/eli/reg/2021/1173/art_15/par_2?date=2025-01-01", 404, None),  # repealed
        ("/eli/reg/2021/1173/art_9?date=2025-02-30", 400, None),
    ],
)
def test_point_in_time(client: FlaskClient, path: str, status: int, location: str | None) -> None:
    response = client.get(path)
    assert response.status_code == status, response.text
    if location:
        assert response.headers["Location"].endswith(location)
    if status == 404:
        assert "2021/1173" in response.text and re.search(r"\d{4}-\d{2}-\d{2}", response.text)


def test_a_version_page(client: FlaskClient) -> None:
    page = client.get(f"/eli/reg/2021/1173/art_9/{AMENDED}?compare={ORIGINAL}").text
    assert "only the Official Journal of the European Union is authentic" in page
    assert 'aria-current="page"' in page and f"/eli/reg/2021/1173/art_9/{CURRENT}" in page
    assert "<ins>" in page and "Changes since the version from" in page
    reason = '<span lang="en">no German text of Regulation (EU) 2021/1173 is available</span>'
    assert f"No German text here: {reason}" in page
    # The statement in the reader's language; the graph's reason, in English, marked as such.
    for lang, words in (("de", "Hier kein deutscher Text"), ("nl", "Hier geen Duitse tekst")):
        page = client.get(f"/eli/reg/2021/1173/art_9/{AMENDED}?lang={lang}").text
        assert f"{words}: {reason}" in page, lang


def test_named_questions_through_time(client: FlaskClient) -> None:
    rows = client.get(
        "/queries/provision-as-of",
        query_string={"provision": f"{BASE}/art_34/par_1", "date": "2026-06-01", "lang": "nl"},
        headers={"Accept": "application/json"},
    ).get_json()["results"]["bindings"]
    assert rows and "text" not in rows[0] and "2026/150" in rows[0]["absent"]["value"]
    rows = client.get(
        "/queries/changes-between",
        query_string={"from": "2024-07-09", "to": "2026-06-01", "lang": "en"},
        headers={"Accept": "application/json"},
    ).get_json()["results"]["bindings"]
    acts = {row["by"]["value"] for row in rows}
    assert acts == {"http://data.europa.eu/eli/reg/2026/150/oj"}
    assert any(row["provision"]["value"].endswith("art_12b/2026-01-20") for row in rows)


def test_named_questions_through_time_take_dates_as_plain_strings(client: FlaskClient) -> None:
    """The query editor binds a date as a plain string: the questions read it as a date."""
    text = (resources.queries_dir() / "provision-as-of.rq").read_text(encoding="utf-8")
    plain = {
        "provision": URIRef(f"{BASE}/art_34/par_1"),
        "date": Literal("2026-06-01"),  # no datatype
        "lang": Literal("nl"),
    }
    rows = client.post(
        "/sparql",
        data={"query": bind_values(text, plain)},
        headers={"Accept": "application/sparql-results+json"},
    ).get_json()["results"]["bindings"]
    assert rows and "2026/150" in rows[0]["absent"]["value"]


def _corpus_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "corpus"
    shutil.copytree(CORPUS, copy)
    return copy


def test_an_instruction_that_cannot_be_applied_stops_the_build(
    tmp_path: Path, family: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = _corpus_copy(tmp_path)
    amending = corpus / "reg-2026-150" / "en.md"
    amending.write_text(
        amending.read_text(encoding="utf-8").replace(
            "paragraphs 6, 7 and 8 are deleted", "paragraphs 6, 7 and 9 are deleted"
        ),
        encoding="utf-8",
    )
    out = tmp_path / "graph.nq"
    shutil.copy(family, out)
    before = out.read_bytes()
    assert main(["build", "--corpus", str(corpus), "--out", str(out), "--quiet"]) == 1
    error = capsys.readouterr().err
    assert "http://data.europa.eu/eli/reg/2026/150/oj" in error
    assert "art_1/pnt_4/pnt_d" in error and "art_5/par_9" in error
    assert out.read_bytes() == before  # the previous graph is untouched


def test_a_corrupt_corpus_text_stops_the_build(
    tmp_path: Path, family: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = _corpus_copy(tmp_path)
    base = corpus / "reg-2021-1173" / "nl.txt"
    raw = base.read_text(encoding="utf-8")
    base.write_text(raw[: len(raw) // 2], encoding="utf-8")  # cut in the middle
    out = tmp_path / "graph.nq"
    shutil.copy(family, out)
    before = out.read_bytes()
    assert main(["build", "--corpus", str(corpus), "--out", str(out), "--quiet"]) == 1
    error = capsys.readouterr().err
    assert "reg-2021-1173/nl.txt" in error
    assert out.read_bytes() == before


def test_every_original_wording_links_to_the_act_as_published(store: OxigraphStore) -> None:
    """lkg:original always names a subdivision of the act as published, which the graph has
    (a point moved under 9(5)'s new first subparagraph names where it stood: 9(5)(a))."""
    rows = select(
        store,
        "PREFIX lkg: <https://w3id.org/lexkg/ontology#> PREFIX eli: "
        "<http://data.europa.eu/eli/ontology#> SELECT DISTINCT ?o WHERE { ?s lkg:original ?o "
        "FILTER NOT EXISTS { ?o a eli:LegalResourceSubdivision } }",
    )
    assert [row["o"].value for row in rows] == []
    moved = select(
        store,
        "PREFIX lkg: <https://w3id.org/lexkg/ontology#> SELECT ?o WHERE { "
        f"<{BASE}/art_9/par_5/sbp_1/pnt_a/{AMENDED}> lkg:original ?o }}",
    )
    assert [row["o"].value for row in moved] == [f"{BASE}/art_9/par_5/pnt_a/oj"]
