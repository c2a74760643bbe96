"""Named questions: the queries of queries/, their headers, binding, and /queries over HTTP."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from rdflib import XSD, Literal, URIRef

from lexkg import resources
from lexkg.server import create_app
from lexkg.server.core.errors import QueryError, QueryTimeoutError, StoreError
from lexkg.server.services.named import (
    HeaderError,
    NamedQuery,
    ParameterError,
    bind,
    graph_languages,
    load_queries,
    parse_query,
)
from lexkg.server.store.base import QueryAnswer
from lexkg.server.store.embedded import OxigraphStore

ELI = "http://data.europa.eu/eli/"
ACT = f"{ELI}reg/2024/1732/"
CONS = f"{ELI}reg/2021/1173/"
NEW = "/2024-07-09"
LKG = "https://w3id.org/lexkg/ontology#"
HOST = "https://w3id.org/lexkg/host/"
JSON_RESULTS = "application/sparql-results+json"
# A value for each parameter without a default, so that every query can be run.
EXAMPLES = {
    "applicable-norms": {"host": f"{HOST}ai-optimised"},
    "norms-of-provision": {"provision": f"{CONS}art_12a/par_7{NEW}"},
    "provision-at-line": {"line": "188"},
    "provision-side-by-side": {"provision": f"{CONS}art_9/par_6a{NEW}"},
}
QUERIES = load_queries(resources.queries_dir())


@pytest.fixture(scope="module")
def store(graph_file: Path) -> OxigraphStore:
    return OxigraphStore(graph_file)


def _ask(store: OxigraphStore, name: str, **values: str) -> list[dict[str, Any]]:
    """The rows of a named query, each variable's value as text (None when unbound)."""
    query = QUERIES[name]
    bindings = bind(query, values, languages=graph_languages(store))
    answer = store.query(query.sparql, choose=lambda _: JSON_RESULTS, bindings=bindings)
    data = json.loads(answer.body)
    names = data["head"]["vars"]
    return [{n: row.get(n, {}).get("value") for n in names} for row in data["results"]["bindings"]]


def _column(rows: list[dict[str, Any]], name: str) -> list[Any]:
    return [row[name] for row in rows]


# -- The queries ------------------------------------------------------------------------------


def test_there_are_at_least_fifteen_queries_named_in_kebab_case() -> None:
    assert len(QUERIES) >= 15
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name) for name in QUERIES)
    assert {"applicable-norms", "amendments", "financial-limits", "provision-side-by-side"} <= set(
        QUERIES
    )


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_header_has_three_titles_and_a_description(name: str) -> None:
    query = QUERIES[name]
    assert set(query.titles) == {"nl", "de", "en"}
    assert all(title.strip() and "\n" not in title for title in query.titles.values())
    assert len(set(query.titles.values())) == 3  # really translated
    assert query.description.strip()
    assert all(p.description for p in query.params)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_param_is_in_the_select_projection(name: str) -> None:
    body = "\n".join(line for line in QUERIES[name].sparql.splitlines() if not line.startswith("#"))
    projection = re.search(r"SELECT(.*?)(?<![?\w])WHERE", body, re.DOTALL | re.IGNORECASE)
    assert projection, name
    for param in QUERIES[name].params:
        assert re.search(rf"\?{param.name}\b", projection.group(1)), (name, param.name)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_query_runs_with_its_defaults_or_an_example_and_returns_rows(
    store: OxigraphStore, name: str
) -> None:
    required = {p.name for p in QUERIES[name].params if p.default is None}
    assert required == set(EXAMPLES.get(name, {})), "give an example for each required param"
    rows = _ask(store, name, **EXAMPLES.get(name, {}))
    assert rows
    for param in QUERIES[name].params:  # the parameters come back as bound
        expected = EXAMPLES.get(name, {}).get(param.name, param.default)
        assert {row[param.name] for row in rows} == {expected}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_results_are_sorted(name: str) -> None:
    assert re.search(r"^ORDER BY ", QUERIES[name].sparql, re.MULTILINE)


def test_criteria_for_a_host_of_an_ai_optimised_supercomputer(store: OxigraphStore) -> None:
    rows = _ask(store, "applicable-norms", host=f"{HOST}ai-optimised")
    criteria = [r["provision"] for r in rows if r["modality"] == f"{LKG}Criterion"]
    assert criteria == [], "selection criteria are for applicants, not for a selected host"
    obligations = _column([r for r in rows if r["modality"] == f"{LKG}Obligation"], "provision")
    assert {f"{CONS}art_9/par_6a{NEW}", f"{CONS}art_12a/par_2/sbp_2{NEW}"} <= set(obligations)
    assert {r["date"] for r in rows} == {"2025-01-01"}
    one_stop_shop = next(r for r in rows if r["provision"] == f"{CONS}art_9/par_6a{NEW}")
    assert one_stop_shop["label"] == "onestopshop"


def test_norms_for_an_applicant_in_german(store: OxigraphStore) -> None:
    rows = _ask(store, "applicable-norms", host=f"{HOST}ai-factory-applicant", lang="de")
    assert {r["role"] for r in rows} == {
        f"{LKG}AIFactoryApplicant",
        f"{LKG}OperatingHost",
        f"{LKG}OperatingHostOfHighEndSupercomputer",
    }
    power = next(
        r
        for r in rows
        if r["modality"] == f"{LKG}Power" and r["provision"] == f"{CONS}art_9/par_5a{NEW}"
    )
    assert power["bearer"] == f"{LKG}GoverningBoard"
    assert power["text"].startswith("Eine bestehende Aufnahmeeinrichtung kann beantragen")


def test_amendments_instruction_by_instruction(store: OxigraphStore) -> None:
    rows = _ask(store, "amendments")
    actions = {r["instruction"].removeprefix(ACT): r["action"].removeprefix(LKG) for r in rows}
    expected = {
        "art_1/pnt_1/oj": "AmendAsFollows",
        "art_1/pnt_1/pnt_a/oj": "Insert",
        "art_1/pnt_1/pnt_b/oj": "Replace",
        "art_1/pnt_2/oj": "Add",
        "art_1/pnt_3/oj": "Add",
        "art_1/pnt_4/oj": "AmendAsFollows",
        "art_1/pnt_4/pnt_a/oj": "Add",
        "art_1/pnt_4/pnt_b/oj": "Insert",
        "art_1/pnt_4/pnt_c/oj": "Insert",
        "art_1/pnt_5/oj": "Replace",
        "art_1/pnt_6/oj": "Insert",
        "art_1/pnt_7/oj": "AmendAsFollows",
        "art_1/pnt_7/pnt_a/oj": "Replace",
        "art_1/pnt_7/pnt_b/oj": "Delete",
        "art_1/pnt_7/pnt_c/oj": "Replace",
        "art_1/pnt_8/oj": "AmendAsFollows",
        "art_1/pnt_8/pnt_a/oj": "Insert",
        "art_1/pnt_8/pnt_b/oj": "Insert",
        "art_1/pnt_9/oj": "Replace",
    }
    assert list(actions.items()) == list(expected.items())  # all 19, in order
    by_new = {r["new"]: r for r in rows if r["new"]}
    assert by_new[f"{CONS}art_12a{NEW}"]["text"].startswith(
        "1. De gemeenschappelijke onderneming verwerft de voor AI geoptimaliseerde"
    )
    # Changed: a deletion produces nothing in the version (it used to "produce" the deleted
    # 15(2), without text); it repeals 15(2) as published.
    assert f"{CONS}art_15/par_2{NEW}" not in by_new
    deletion = next(r for r in rows if r["instruction"] == f"{ACT}art_1/pnt_7/pnt_b/oj")
    assert deletion["new"] is None
    assert by_new[f"{CONS}art_9/par_6a{NEW}"]["actionLabel"] == "ingevoegd"
    assert [r["new"] for r in rows if r["instruction"] == f"{ACT}art_1/pnt_1/pnt_a/oj"] == [
        f"{CONS}art_2/pnt_3a{NEW}",
        f"{CONS}art_2/pnt_3b{NEW}",
    ]
    german = _ask(store, "amendments", lang="de")
    assert german[-1]["text"].startswith("Der Anteil der Zugriffszeit der Union")


def test_limits_are_typed_numbers_with_their_provisions(store: OxigraphStore) -> None:
    query = QUERIES["financial-limits"]
    answer = store.query(
        query.sparql,
        choose=lambda _: JSON_RESULTS,
        bindings=bind(query, {}, languages={"nl", "de"}),
    )
    rows = json.loads(answer.body)["results"]["bindings"]
    assert [(r["maxShare"]["value"], r["provision"]["value"]) for r in rows] == [
        ("50", f"{CONS}art_12a/par_2/sbp_1{NEW}"),
        ("50", f"{CONS}art_12a/par_2/sbp_1{NEW}"),
        ("35", f"{CONS}art_15/par_5{NEW}"),
        ("50", f"{CONS}art_17/par_1{NEW}"),
    ]
    assert {r["maxShare"]["datatype"] for r in rows} == {str(XSD.decimal)}
    assert [r["shareOf"]["value"] for r in rows][-1] == "toegangstijd van de Unie"


def test_side_by_side_gives_the_dutch_and_german_text(store: OxigraphStore) -> None:
    [row] = _ask(store, "provision-side-by-side", provision=f"{CONS}art_9/par_6a{NEW}")
    assert (row["nlLabel"], row["deLabel"]) == ("6 bis.", "(6a)")
    assert row["nl"].startswith("Voor de in artikel 12 bis bedoelde voor AI geoptimaliseerde")
    assert "onestopshop" in row["nl"]
    assert row["de"].startswith("Für die in Artikel 12a genannten KI-optimierten Supercomputer")
    assert "zentrale Anlaufstelle" in row["de"]
    assert _ask(store, "provision-side-by-side", provision=f"{CONS}art_9{NEW}") == []  # no text


def test_definitions_with_their_classes(store: OxigraphStore) -> None:
    rows = _ask(store, "definitions", lang="de")
    assert [(r["number"], r["action"], r["class"]) for r in rows] == [
        ("3a", f"{LKG}Insert", f"{LKG}AIOptimisedSupercomputer"),
        ("3b", f"{LKG}Insert", f"{LKG}AIFactory"),
        ("9", f"{LKG}Replace", f"{LKG}EuroHPCSupercomputer"),
    ]
    assert rows[1]["termLabel"] == "KI-Fabrik"
    assert rows[1]["text"].startswith("‚KI-Fabrik‘ bezeichnet eine zentrale oder verteilte")


def test_time_conditions(store: OxigraphStore) -> None:
    [row] = _ask(store, "time-conditions", lang="de")
    assert row["earliestAfter"] == "P5Y"
    assert row["event"] == f"{LKG}SuccessfulAcceptanceTest"
    assert row["norm"] == f"{LKG}norm_12a_7_transfer_sale_decommissioning"
    assert row["provision"] == f"{CONS}art_12a/par_7{NEW}"
    assert row["conditionLabel"] == "frühestens fünf Jahre nach der erfolgreichen Abnahme"


def test_references_to_other_acts(store: OxigraphStore) -> None:
    rows = _ask(store, "references-to-other-acts")
    assert {r["act"] for r in rows} == {
        f"{ELI}treaty/tfeu_2016/oj",
        f"{ELI}reg/2021/1173/oj",
        f"{ELI}reg/2021/694/oj",
        f"{ELI}reg/2018/1488/oj",
    }
    assert f"{ACT}oj" not in _column(rows, "subdivision")  # subdivisions only
    cited = {(r["subdivision"], r["cited"]) for r in rows}
    assert (f"{CONS}art_12a/par_5{NEW}", f"{ELI}reg/2021/694/art_12/par_6/oj") in cited
    assert (f"{CONS}art_15/par_5{NEW}", f"{ELI}reg/2018/1488/oj") in cited
    assert (f"{ACT}art_1/pnt_9/oj", f"{CONS}art_17/par_1/oj") in cited


def test_what_the_joint_undertaking_may_and_must_do(store: OxigraphStore) -> None:
    rows = _ask(store, "joint-undertaking-may-or-must")
    may = [(r["norm"].removeprefix(LKG), r["modality"]) for r in rows if r["may"] == "true"]
    assert {
        ("norm_12a_4_first_user", f"{LKG}Permission"),
        ("norm_15_1_upgrade_call", f"{LKG}Power"),
        ("norm_7_6_s3", f"{LKG}Power"),
    } <= set(may)
    assert not [n for n, _ in may if n.endswith("_2021")], "only the version in force"
    must = [r for r in rows if r["may"] == "false"]
    assert {r["modality"] for r in must} == {f"{LKG}Obligation"}
    assert f"{LKG}norm_12a_1_acquire_and_own" in _column(must, "norm")
    assert rows[: len(must)] == must  # what it must do comes first
    assert must[0]["modalityLabel"] == "verplichting"


def test_powers_of_the_governing_board(store: OxigraphStore) -> None:
    rows = _ask(store, "governing-board-powers")
    assert {
        "norm_9_5a_select",
        "norm_12a_5_restrict_suppliers",
        "norm_12a_5_supplier_requirements",
        "norm_12a_7_transfer_sale_decommissioning",
        "norm_11_6_s1",
    } <= set(r["norm"].removeprefix(LKG) for r in rows)
    select = [r["subjectTo"].removeprefix(LKG) for r in rows if r["norm"].endswith("9_5a_select")]
    assert select == [*(f"norm_9_5_{x}" for x in "abcde"), "norm_9_5a_computing_resources"]
    transfer = next(r for r in rows if r["norm"].endswith("12a_7_transfer_sale_decommissioning"))
    assert transfer["condition"] == "op zijn vroegst vijf jaar na de geslaagde opleveringstest"


def test_obligations_of_the_hosting_entity(store: OxigraphStore) -> None:
    rows = _ask(store, "hosting-entity-obligations", lang="de")
    pairs = {
        (r["norm"].removeprefix(LKG), r["concerns"].removeprefix(LKG))
        for r in rows
        if r["concerns"]
    }
    assert {
        ("norm_9_6a_one_stop_shop", "OperatingHostOfAIOptimisedSupercomputer"),
        ("norm_10_2_l_specific_conditions", "OperatingHostForIndustrialUse"),
        ("norm_10_2_l_specific_conditions", "OperatingHostOfAIOptimisedSupercomputer"),
        ("norm_12a_7_decommissioning_costs", "HostOfDecommissionedAIOptimisedSupercomputer"),
        ("norm_12a_7_residual_value", "TransfereeOfAIOptimisedSupercomputer"),
        ("norm_11_6_s2", "TransfereeOfHighEndSupercomputer"),
    } <= pairs
    one_stop_shop = next(r for r in rows if r["norm"].endswith("norm_9_6a_one_stop_shop"))
    assert one_stop_shop["label"] == "zentrale Anlaufstelle"


@pytest.mark.parametrize("lang", ["nl", "de"])
def test_start_ups_and_smes(store: OxigraphStore, lang: str) -> None:
    rows = _ask(store, "start-ups-and-smes", lang=lang)
    provisions = list(dict.fromkeys(_column(rows, "provision")))
    assert provisions[:2] == [f"{ACT}rct_3/oj", f"{ACT}rct_5/oj"]
    for path in ("art_4/par_1/pnt_h/pnt_iii", "art_9/par_6a", "art_16/par_2a"):
        assert f"{CONS}{path}{NEW}" in provisions
    assert not any(p.startswith(f"{ACT}art_1") for p in provisions)  # instructions left out
    norms = {r["norm"].removeprefix(LKG) for r in rows if r["norm"]}
    assert norms == {
        "norm_4_1_h_iii_access",
        "norm_4_1_h_iv_service_centres",
        "norm_9_6a_one_stop_shop",
        "norm_16_2a_startup_sme_access",
    }
    assert len(rows) == len({(r["provision"], r["norm"]) for r in rows})


def test_article_9_as_it_now_reads(store: OxigraphStore) -> None:
    rows = _ask(store, "article-as-amended")
    paths_ = [r["subdivision"].removeprefix(f"{CONS}art_9/").removesuffix(NEW) for r in rows]
    assert paths_ == [
        "par_5/sbp_2",
        *(f"par_5/sbp_2/pnt_{x}" for x in "abcde"),
        "par_5a",
        "par_6a",
    ]
    assert _column(rows, "label") == [None, "a)", "b)", "c)", "d)", "e)", "5 bis.", "6 bis."]
    assert rows[-1]["instruction"] == f"{ACT}art_1/pnt_4/pnt_c/oj"
    twelve_a = _ask(store, "article-as-amended", article="12a", lang="de")
    assert (
        twelve_a[0]["heading"] == "Anschaffung von KI-optimierten Supercomputern und Eigentum daran"
    )
    assert len(twelve_a) == 9


def test_recitals_footnotes_glossary(store: OxigraphStore) -> None:
    recitals = _ask(store, "recitals", lang="de")
    assert _column(recitals, "label") == [f"({n})" for n in range(1, 8)]
    footnotes = _ask(store, "footnotes")
    assert [(r["number"], r["subdivision"]) for r in footnotes] == [
        ("1", f"{ACT}cit_3/oj"),
        ("2", f"{ACT}cit_4/oj"),
        ("3", f"{ACT}rct_2/oj"),
    ]
    assert footnotes[2]["note"].startswith(
        "Verordening (EU) 2021/1173 van de Raad van 13 juli 2021"
    )
    glossary = _ask(store, "glossary")
    assert len(glossary) >= 20
    english = _column(glossary, "en")
    assert english == sorted(english, key=str.lower)
    factory = next(r for r in glossary if r["en"] == "AI factory")
    assert (factory["nl"], factory["de"]) == ("AI-fabriek", "KI-Fabrik")
    assert factory["definedIn"] == f"{CONS}art_2/pnt_3b{NEW}"


def test_deleted_provision_and_cross_references(store: OxigraphStore) -> None:
    [deleted] = _ask(store, "deleted-provisions")
    # Changed: 15(2) as published is repealed, its last day in force the day before the
    # deletion applies (it was 15(2) of the version, "no longer in force" from 2024-07-09).
    assert deleted["provision"] == f"{CONS}art_15/par_2/oj"
    assert deleted["instruction"] == f"{ACT}art_1/pnt_7/pnt_b/oj"
    assert deleted["lastDayInForce"] == "2024-07-08"
    assert deleted["instructionText"] == "lid 2 wordt geschrapt;"
    references = {(r["from"], r["to"]) for r in _ask(store, "cross-references")}
    assert len(references) == 7
    assert (f"{CONS}art_9/par_5a{NEW}", f"{CONS}art_9/par_5/sbp_2{NEW}") in references
    assert (f"{CONS}art_12a/par_7{NEW}", f"{CONS}anx_1/art_23/par_4/oj") in references


def test_provision_at_line_and_norms_of_provision(store: OxigraphStore) -> None:
    rows = _ask(store, "provision-at-line", line="188")
    assert _column(rows, "subdivision") == [
        f"{CONS}art_9/par_6a{NEW}",
        f"{ACT}art_1/pnt_4/pnt_c/oj",
        f"{ACT}art_1/pnt_4/oj",
        f"{ACT}art_1/oj",
    ]
    norms = _ask(store, "norms-of-provision", provision=f"{CONS}art_12a/par_7{NEW}")
    assert len(set(_column(norms, "norm"))) == 4
    hosts = _ask(store, "example-hosts")
    assert len(set(_column(hosts, "host"))) == 6


# -- Reading headers --------------------------------------------------------------------------

_GOOD = """#+ title@nl: Welke teksten?
#+ title@de: Welche Texte?
#+ title@en: Which texts?
#+ description: The texts of a language,
#+   on two lines.
#+ param lang: language = nl  the language
#+ param word: string = two words  a word
#+ param where: iri  a subdivision, e.g.
#+   http://data.europa.eu/eli/reg/2024/1732/rct_1/oj
SELECT ?lang ?word ?where ?t WHERE { ?where ?p ?t FILTER (LANG(?t) = ?lang) }
"""


def _write(tmp_path: Path, text: str, name: str = "my-query") -> Path:
    path = tmp_path / f"{name}.rq"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_header_is_read(tmp_path: Path) -> None:
    query = parse_query(_write(tmp_path, _GOOD))
    assert query.name == "my-query"
    assert query.titles == {"nl": "Welke teksten?", "de": "Welche Texte?", "en": "Which texts?"}
    assert query.description == "The texts of a language, on two lines."
    assert [(p.name, p.type, p.default) for p in query.params] == [
        ("lang", "language", "nl"),
        ("word", "string", "two words"),
        ("where", "iri", None),
    ]
    assert query.params[2].description == (
        "a subdivision, e.g. http://data.europa.eu/eli/reg/2024/1732/rct_1/oj"
    )
    assert query.sparql == _GOOD


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (_GOOD.replace("#+ title@de: Welche Texte?\n", ""), 1, "the header has no title@de"),
        (_GOOD.replace("#+ description", "#+description"), 4, "expected '#+ key: value'"),
        (_GOOD.replace("#+ description", "#+ summary"), 4, "unknown header key 'summary'"),
        (_GOOD.replace("lang: language", "lang: locale"), 6, "unknown type 'locale'"),
        (_GOOD.replace("param lang: language", "param lang language"), 6, "expected 'param NAME"),
        (_GOOD.replace("param word: string", "param lang: string"), 7, "declared twice"),
        (_GOOD.replace("where: iri  a", "where: iri = nowhere  a"), 8, "bad default"),
        (_GOOD.replace("param word", "param format"), 7, "reserved"),
        (_GOOD.replace("SELECT ?lang", "SELECT"), 6, "'lang' is not in the SELECT projection"),
        (_GOOD.replace("SELECT ?lang ?word", "ASK {} #"), 6, "need a SELECT query"),
        (_GOOD.replace("#+ title@nl: Welke teksten?\n", "\n"), 1, "starts with its header"),
        (_GOOD.split("SELECT")[0], 10, "no query after the header"),
    ],
)
def test_a_malformed_header_is_an_error_naming_file_and_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(HeaderError) as error:
        parse_query(path)
    assert str(error.value).startswith(f"{path}:{line}: ")
    assert message in str(error.value)


def test_file_names_and_folders(tmp_path: Path) -> None:
    with pytest.raises(HeaderError, match="kebab-case"):
        parse_query(_write(tmp_path, _GOOD, name="My_Query"))
    with pytest.raises(HeaderError, match="no such folder"):
        load_queries(tmp_path / "missing")
    (tmp_path / "latin1.rq").write_bytes(_GOOD.replace("Which", "Wh\xefch").encode("latin-1"))
    with pytest.raises(HeaderError, match=r"latin1\.rq: not UTF-8"):
        parse_query(tmp_path / "latin1.rq")


# -- Binding ----------------------------------------------------------------------------------


@pytest.fixture()
def texts(tmp_path: Path) -> NamedQuery:
    text = _GOOD.replace("#+ param lang", "#+ param n: integer  a number\n#+ param lang")
    return parse_query(_write(tmp_path, text.replace("SELECT ?lang", "SELECT ?n ?lang")))


def test_values_are_bound_as_rdf_terms_of_their_types(texts: NamedQuery) -> None:
    where = f"{ACT}rct_1/oj"
    bound = bind(texts, {"where": where, "n": "-12"}, languages={"nl", "de"})
    assert bound == {
        "n": Literal(-12),
        "lang": Literal("nl"),
        "word": Literal("two words"),
        "where": URIRef(where),
    }
    assert bound["n"].datatype == XSD.integer
    assert bind(texts, {"where": where, "n": "1", "lang": "en"})["lang"] == Literal("en")


@pytest.mark.parametrize(
    ("values", "name", "message"),
    [
        ({"n": "1"}, "where", "missing"),
        ({"where": f"{ACT}oj"}, "n", "missing"),
        ({"where": f"{ACT}oj", "n": "1", "other": "x"}, "other", "not a parameter"),
        ({"where": "rct_1", "n": "1"}, "where", "not an absolute http(s) IRI"),
        ({"where": "ftp://example.org/x", "n": "1"}, "where", "IRI"),
        ({"where": "http://example.org/a b", "n": "1"}, "where", "IRI"),
        ({"where": "http://example.org/<x>", "n": "1"}, "where", "IRI"),
        ({"where": 'http://example.org/"x"', "n": "1"}, "where", "IRI"),
        ({"where": "http://", "n": "1"}, "where", "IRI"),
        ({"where": f"{ACT}oj", "n": "1.5"}, "n", "not an integer"),
        ({"where": f"{ACT}oj", "n": ""}, "n", "not an integer"),
        ({"where": f"{ACT}oj", "n": "1", "lang": "en"}, "lang", "no texts in 'en'"),
        ({"where": f"{ACT}oj", "n": "1", "lang": ""}, "lang", "no texts in ''"),
    ],
)
def test_a_bad_parameter_is_an_error_naming_it(
    texts: NamedQuery, values: dict[str, str], name: str, message: str
) -> None:
    with pytest.raises(ParameterError) as error:
        bind(texts, values, languages={"nl", "de"})
    assert error.value.name == name
    assert str(error.value).startswith(f"parameter {name!r}: ")
    assert message in str(error.value)


def test_graph_languages(store: OxigraphStore) -> None:
    assert graph_languages(store) == {"nl", "de"}


# -- Over HTTP --------------------------------------------------------------------------------


def test_the_list_as_json(client: FlaskClient) -> None:
    response = client.get("/queries")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "Accept" in response.headers["Vary"]
    entries = response.get_json()
    assert [e["name"] for e in entries] == sorted(QUERIES)
    norms = next(e for e in entries if e["name"] == "applicable-norms")
    assert set(norms["titles"]) == {"nl", "de", "en"}
    assert norms["url"] == "/queries/applicable-norms"
    assert norms["sparql_url"] == "/queries/applicable-norms.rq"
    assert norms["params"][0] == {
        "name": "host",
        "type": "iri",
        "default": None,
        "description": "a described host, e.g. https://w3id.org/lexkg/host/ai-optimised",
    }
    assert norms["params"][1]["default"] == "2025-01-01"
    assert norms["params"][2]["default"] == "nl"


def test_the_list_as_html(client: FlaskClient) -> None:
    response = client.get("/queries", headers={"Accept": "text/html,*/*;q=0.8"})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert "Accept" in response.headers["Vary"]
    page = response.text
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert page.count("<tr>") == len(QUERIES) + 1  # the head and one row each
    title = QUERIES["financial-limits"].titles
    # The question in the reader's language links to its page; the other titles beside it.
    link = '<a class="question" href="/queries/financial-limits?lang=en" lang="en">'
    assert f"{link}{title['en']}</a>" in page
    for lang in ("nl", "de"):
        assert f'<li lang="{lang}">{title[lang]}</li>' in page
    assert 'href="/queries/financial-limits.rq"' in page
    assert "<li>Host (<code>host</code>)</li>" in page
    assert "(&#34;6 bis.&#34; against &#34;(6a)&#34;)" in page  # escaped


@pytest.mark.parametrize(
    ("query", "accept", "mimetype"),
    [
        ("?format=json", "text/html", "application/json"),
        ("?format=html", "application/json", "text/html"),
        ("", "application/json;q=0.5, text/html", "text/html"),
        ("", "*/*", "application/json"),
    ],
)
def test_the_list_format(client: FlaskClient, query: str, accept: str, mimetype: str) -> None:
    response = client.get(f"/queries{query}", headers={"Accept": accept})
    assert (response.status_code, response.mimetype) == (200, mimetype)


def test_the_list_refuses_unknown_formats(client: FlaskClient) -> None:
    assert client.get("/queries", headers={"Accept": "image/png"}).status_code == 406
    response = client.get("/queries?format=pdf")
    assert response.status_code == 400 and "pdf" in response.text


def test_a_query_answers_in_sparql_json_by_default(client: FlaskClient) -> None:
    response = client.get("/queries/financial-limits")
    assert response.status_code == 200
    assert response.mimetype == JSON_RESULTS
    assert "Accept" in response.headers["Vary"]
    rows = response.get_json()["results"]["bindings"]
    assert [r["maxShare"]["value"] for r in rows] == ["50", "50", "35", "50"]


@pytest.mark.parametrize(
    ("query", "accept", "mimetype"),
    [
        ("?format=xml", "*/*", "application/sparql-results+xml"),
        ("?format=csv", JSON_RESULTS, "text/csv"),
        ("?format=tsv", "*/*", "text/tab-separated-values"),
        ("", "application/sparql-results+xml", "application/sparql-results+xml"),
        ("", "text/csv", "text/csv"),
        ("", "application/json", "application/json"),  # as /sparql does
    ],
)
def test_a_query_answers_in_other_formats(
    client: FlaskClient, query: str, accept: str, mimetype: str
) -> None:
    response = client.get(f"/queries/financial-limits{query}", headers={"Accept": accept})
    assert (response.status_code, response.mimetype) == (200, mimetype)
    if mimetype == "text/csv":
        rows = list(csv.reader(io.StringIO(response.text)))
        assert rows[0][:3] == ["lang", "maxShare", "shareOf"]
        assert [r[1] for r in rows[1:]] == ["50", "50", "35", "50"]


def test_query_string_values_are_bound(client: FlaskClient) -> None:
    response = client.get(
        "/queries/applicable-norms",
        query_string={"host": f"{HOST}ai-optimised", "lang": "de"},
    )
    assert response.status_code == 200
    rows = response.get_json()["results"]["bindings"]
    assert len(rows) >= 30
    one_stop_shop = next(r for r in rows if r["provision"]["value"].endswith("art_9/par_6a" + NEW))
    assert one_stop_shop["label"] == {
        "type": "literal",
        "value": "zentrale Anlaufstelle",
        "xml:lang": "de",
    }


def test_a_value_is_a_term_never_query_text(client: FlaskClient) -> None:
    sneaky = '9" } UNION { ?subdivision ?p ?text } #'
    response = client.get("/queries/article-as-amended", query_string={"article": sneaky})
    assert response.status_code == 200
    assert response.get_json()["results"]["bindings"] == []


@pytest.mark.parametrize(
    ("query_string", "name", "message"),
    [
        ({}, "host", "missing"),
        ({"host": "ai-optimised"}, "host", "not an absolute http(s) IRI"),
        ({"host": f"{HOST}ai-optimised", "lang": "en"}, "lang", "no texts in 'en'"),
        ({"host": f"{HOST}ai-optimised", "colour": "red"}, "colour", "not a parameter"),
        ({"host": [f"{HOST}existing", f"{HOST}consortium"]}, "host", "given 2 times"),
    ],
)
def test_a_bad_parameter_is_400_naming_it(
    client: FlaskClient, query_string: dict[str, Any], name: str, message: str
) -> None:
    response = client.get("/queries/applicable-norms", query_string=query_string)
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert f"parameter {name!r}" in response.text and message in response.text


def test_a_bad_integer_or_format_is_400(client: FlaskClient) -> None:
    response = client.get("/queries/provision-at-line?line=ten")
    assert response.status_code == 400 and "parameter 'line'" in response.text
    response = client.get("/queries/glossary?format=pdf")
    assert response.status_code == 400 and "unknown format 'pdf'" in response.text
    assert client.get("/queries/glossary", headers={"Accept": "image/png"}).status_code == 406


@pytest.mark.parametrize(
    "path",
    [
        "/queries/no-such-query",
        "/queries/no-such-query.rq",
        "/queries/applicable-norms.rq.rq",
        "/queries/README.md",
        "/queries/..%2Fpyproject.toml",
        "/queries/%2e%2e",
    ],
)
def test_an_unknown_name_is_404(client: FlaskClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_the_sparql_text(client: FlaskClient) -> None:
    response = client.get("/queries/provision-side-by-side.rq")
    assert response.status_code == 200
    assert response.mimetype == "application/sparql-query"
    path = resources.queries_dir() / "provision-side-by-side.rq"
    assert response.text == path.read_text(encoding="utf-8")


def test_every_listed_url_answers(client: FlaskClient) -> None:
    for entry in client.get("/queries").get_json():
        values = EXAMPLES.get(entry["name"], {})
        response = client.get(entry["url"], query_string=values)
        assert response.status_code == 200, (entry["name"], response.text)
        assert response.get_json()["results"]["bindings"]
        assert client.get(entry["sparql_url"]).status_code == 200


def test_a_malformed_query_file_stops_the_app(graph_file: Path, tmp_path: Path) -> None:
    _write(tmp_path, _GOOD.replace("#+ title@en: Which texts?\n", ""), name="broken")
    with pytest.raises(HeaderError, match=r"broken\.rq:\d+: the header has no title@en"):
        create_app({"GRAPH_PATH": str(graph_file), "QUERIES_DIR": str(tmp_path)})


class _FailingStore:
    """A store that knows its languages but fails every other query."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def query(self, sparql: str, *, choose, bindings=None) -> QueryAnswer:
        if "LANG(?t) AS ?lang" in sparql:
            body = {"head": {"vars": ["lang"]}, "results": {"bindings": []}}
            return QueryAnswer(json.dumps(body).encode(), JSON_RESULTS)
        raise self.error

    def triple_count(self) -> int:
        return 0


@pytest.mark.parametrize(
    ("error", "status"),
    [(QueryTimeoutError(1.5), 503), (StoreError("broken"), 500), (QueryError("malformed"), 500)],
)
def test_a_failing_store_is_an_error_with_its_message(error: Exception, status: int) -> None:
    """The statuses of the one table; a named query's own failure names the query."""
    client = create_app({"STORE": _FailingStore(error)}).test_client()
    response = client.get("/queries/glossary")
    assert response.status_code == status
    assert str(error) in response.text
    if isinstance(error, QueryError):
        assert "glossary" in response.text
