"""Stage 5: the graph under ELI: the act, its subdivisions, expressions and amendments."""

from __future__ import annotations

import datetime as dt

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from lexkg.loader.build import build
from lexkg.loader.rdf import ELI, LKG

from support import union

ACT = URIRef("http://data.europa.eu/eli/reg/2024/1732/oj")
BASE = "http://data.europa.eu/eli/reg/2024/1732"
CONS = "http://data.europa.eu/eli/reg/2021/1173"
AUTH = "http://publications.europa.eu/resource/authority/"


def _one(ds: Graph, s, p):
    values = list(ds.objects(s, p))
    assert len(values) == 1, (s, p, values)
    return values[0]


def test_act(graph: Graph) -> None:
    assert (ACT, RDF.type, ELI.LegalResource) in graph
    assert _one(graph, ACT, ELI.type_document) == URIRef(AUTH + "resource-type/REG")
    assert _one(graph, ACT, ELI.passed_by) == URIRef(AUTH + "corporate-body/CONSIL")
    assert _one(graph, ACT, ELI.date_document) == Literal("2024-06-17", datatype=XSD.date)
    assert _one(graph, ACT, ELI.date_publication) == Literal("2024-06-19", datatype=XSD.date)
    assert _one(graph, ACT, ELI.first_date_entry_in_force) == Literal(
        "2024-07-09", datatype=XSD.date
    )
    assert _one(graph, ACT, ELI.in_force) == ELI["InForce-inForce"]
    assert _one(graph, ACT, ELI.amends) == URIRef(f"{CONS}/oj")
    assert set(graph.objects(ACT, ELI.based_on)) == {
        URIRef("http://data.europa.eu/eli/treaty/tfeu_2016/art_187/oj"),
        URIRef("http://data.europa.eu/eli/treaty/tfeu_2016/art_188/oj"),
    }
    assert set(graph.objects(ACT, ELI.cites)) >= {
        URIRef(f"{CONS}/oj"),
        URIRef("http://data.europa.eu/eli/reg/2018/1488/oj"),
        URIRef("http://data.europa.eu/eli/reg/2021/694/oj"),
    }


def test_entry_into_force_is_computed_from_article_2(source, tmp_copy) -> None:
    """Change the rule in both texts and the date follows; nothing is typed in."""
    from lexkg.loader.build import read_source

    nl = source.texts["nl"].path.read_text("utf-8").replace("twintigste dag", "derde dag")
    de = source.texts["de"].path.read_text("utf-8").replace("zwanzigsten Tag", "dritten Tag")
    built = union(build(read_source(tmp_copy(nl=nl, de=de))).dataset)
    value = _one(built, ACT, ELI.first_date_entry_in_force)
    assert value == Literal("2024-06-22", datatype=XSD.date)
    assert (URIRef(f"{CONS}/2024-06-22"), RDF.type, ELI.LegalResource) in built


@pytest.mark.parametrize(
    ("lang", "code", "title_start"),
    [("nld", "NLD", "Verordening (EU) 2024/1732 van de Raad"), ("deu", "DEU", "Verordnung (EU)")],
)
def test_expressions(graph: Graph, lang: str, code: str, title_start: str) -> None:
    expr = URIRef(f"{ACT}/{lang}")
    assert (ACT, ELI.is_realized_by, expr) in graph
    assert _one(graph, expr, ELI.realizes) == ACT
    assert _one(graph, expr, ELI.language) == URIRef(AUTH + "language/" + code)
    assert str(_one(graph, expr, ELI.title)).startswith(title_start)


@pytest.mark.parametrize(
    "path",
    ["cit_1", "rct_7", "art_1", "art_1/pnt_4/pnt_a", "art_1/pnt_7/pnt_b", "art_2"],
)
def test_subdivisions(graph: Graph, path: str) -> None:
    node = URIRef(f"{BASE}/{path}/oj")
    assert (node, RDF.type, ELI.LegalResourceSubdivision) in graph
    parent = _one(graph, node, ELI.is_part_of)
    assert (parent, ELI.has_part, node) in graph
    expected_parent = f"{BASE}/{path.rsplit('/', 1)[0]}/oj" if "/" in path else str(ACT)
    assert str(parent) == expected_parent
    assert str(_one(graph, node, ELI.number)) == path.rsplit("_", 1)[-1]
    for lang, tag in (("nld", "nl"), ("deu", "de")):
        text = _one(graph, URIRef(f"{node}/{lang}"), LKG.text)
        assert text.language == tag and len(text) > 10


def test_every_subdivision_has_its_text_in_both_languages(graph: Graph, acts) -> None:
    rows = graph.query(
        """
        SELECT ?s (COUNT(DISTINCT ?lang) AS ?n) WHERE {
          ?s a eli:LegalResourceSubdivision .
          FILTER NOT EXISTS { ?s eli:in_force eli:InForce-notInForce }
          OPTIONAL { ?s eli:is_realized_by ?e . ?e lkg:text ?t . BIND(LANG(?t) AS ?lang) }
        } GROUP BY ?s
        """,
        initNs={"eli": ELI, "lkg": LKG},
    )
    counts = {str(s): int(n) for s, n in rows}
    with_text = {s: n for s, n in counts.items() if n}
    # The act's own subdivisions and the new ones of 2021/1173, all of which the tree holds.
    in_tree = {str(d.path) for d in acts["nl"].walk()}
    assert len(with_text) == len(in_tree) == 70
    assert set(with_text.values()) == {2}
    # The consolidated containers (art_9, art_9/par_5, ...) have no text of their own here.
    assert {s for s, n in counts.items() if not n} == {
        f"{CONS}/{p}/2024-07-09"
        for p in (
            "art_2",
            "art_3",
            "art_3/par_2",
            "art_4",
            "art_4/par_1",
            "art_9",
            "art_9/par_5",
            "art_10",
            "art_10/par_2",
            "art_15",
            "art_16",
            "art_17",
        )
    }


def test_instruction_amends_its_target(graph: Graph) -> None:
    pnt = URIRef(f"{BASE}/art_1/pnt_4/pnt_c/oj")
    assert (pnt, RDF.type, LKG.AmendingInstruction) in graph
    assert _one(graph, pnt, LKG.action) == LKG.Insert
    assert _one(graph, pnt, ELI.amends) == URIRef(f"{CONS}/art_9/oj")
    assert _one(graph, pnt, LKG.produces) == URIRef(f"{CONS}/art_9/par_6a/2024-07-09")
    # A deletion repeals its target; it does not amend it (it used to: eli:amends).
    deletion = URIRef(f"{BASE}/art_1/pnt_7/pnt_b/oj")
    assert (deletion, ELI.amends, None) not in graph
    assert set(graph.objects(deletion, ELI.repeals)) == {
        URIRef(f"{CONS}/art_15/par_2/oj"),
        URIRef(f"{CONS}/art_15/par_2"),
    }


@pytest.mark.parametrize(
    "path",
    [
        "art_2/pnt_3a",
        "art_2/pnt_3b",
        "art_2/pnt_9",
        "art_3/par_2/pnt_h",
        "art_4/par_1/pnt_h/pnt_viii",
        "art_9/par_5/sbp_2/pnt_a",
        "art_9/par_5a",
        "art_9/par_6a",
        "art_10/par_2/pnt_l",
        "art_12a/par_2/sbp_2",
        "art_12a/par_7",
        "art_15/par_1",
        "art_15/par_5",
        "art_16/par_1a",
        "art_16/par_2a",
        "art_17/par_1",
    ],
)
def test_consolidated_subdivisions(graph: Graph, path: str) -> None:
    node = URIRef(f"{CONS}/{path}/2024-07-09")
    assert (node, RDF.type, ELI.LegalResourceSubdivision) in graph
    made_by = _one(graph, node, LKG.introducedBy)
    assert (made_by, RDF.type, LKG.AmendingInstruction) in graph
    for lang in ("nld", "deu"):
        assert _one(graph, URIRef(f"{node}/{lang}"), LKG.text)


def test_consolidated_version(graph: Graph) -> None:
    cons = URIRef(f"{CONS}/2024-07-09")
    assert set(graph.objects(cons, ELI.consolidates)) == {URIRef(f"{CONS}/oj"), ACT}
    heading = {str(t) for t in graph.objects(URIRef(f"{CONS}/art_12a/2024-07-09/deu"), ELI.title)}
    assert heading == {"Anschaffung von KI-optimierten Supercomputern und Eigentum daran"}
    # Without the amended act's text the version has no title, and says so in each language.
    assert (None, ELI.realizes, cons) not in graph
    absences = list(graph.objects(cons, LKG.absence))
    assert len(absences) == 2
    for absence in absences:
        reason = str(_one(graph, absence, LKG.reason))
        assert reason.startswith(f"the text of {CONS}/oj is not among the texts read")
    # Changed: the deleted 15(2) is not in the version that deletes it (it used to be there,
    # "not in force", lkg:deletedBy, no longer in force from 2024-07-09). As published it is
    # repealed by the instruction, in force until 2024-07-08, its last day.
    assert (URIRef(f"{CONS}/art_15/par_2/2024-07-09"), None, None) not in graph
    deleted = URIRef(f"{CONS}/art_15/par_2/oj")
    assert _one(graph, deleted, ELI.repealed_by) == URIRef(f"{BASE}/art_1/pnt_7/pnt_b/oj")
    assert _one(graph, deleted, ELI.date_no_longer_in_force) == Literal(
        "2024-07-08", datatype=XSD.date
    )
    assert (None, LKG.deletedBy, None) not in graph


def test_footnotes_are_attached_not_inlined(graph: Graph) -> None:
    expr = URIRef(f"{BASE}/rct_2/oj/nld")
    note = _one(graph, expr, LKG.footnote)
    assert str(_one(graph, note, LKG.text)).startswith("Verordening (EU) 2021/1173 van de Raad")
    assert "(3)" not in str(_one(graph, expr, LKG.text))


def test_texts_are_traced_to_their_source(graph: Graph) -> None:
    expr = URIRef(f"{CONS}/art_9/par_6a/2024-07-09/nld")
    assert str(_one(graph, expr, LKG.sourceFile)).endswith("nl.txt")
    assert (int(_one(graph, expr, LKG.firstLine)), int(_one(graph, expr, LKG.lastLine))) == (
        188,
        190,
    )


def test_build_date_does_not_change_the_act(source) -> None:
    before = union(build(source, today=dt.date(2024, 7, 1)).dataset)
    assert _one(before, ACT, ELI.in_force) == ELI["InForce-notInForce"]
