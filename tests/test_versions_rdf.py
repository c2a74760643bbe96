"""Publishing consolidated versions (`loader.versions_rdf`), on SYNTHETIC versions built here:
a made-up two-article act family shaped like 2021/1173 (base act, an amending act that
inserts, amends and deletes, a Dutch corrigendum, an English-only amendment). The texts are
invented; only the IRIs follow the real ones. Also: each shape of the versions fails on a
small graph that breaks it, and OWL reasoning cannot make a deletion an introduction."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import owlrl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from lexkg import resources
from lexkg.loader.validate import validate
from lexkg.loader.versions import Node, Repeal, Source, Version
from lexkg.loader.versions_rdf import publish_versions, subdivision_type
from lexkg.vocab import ELI, LANGUAGE, LKG, SUBDIVISION

from support import union

BASE = "http://data.europa.eu/eli/reg/2021/1173"
ACT = f"{BASE}/oj"
AMENDING = "http://data.europa.eu/eli/reg/2024/1732/oj"
LATER = "http://data.europa.eu/eli/reg/2026/150/oj"
CORRIGENDUM = f"{BASE}/corrigendum/2023-05-04/oj"
D0, D1, D2 = dt.date(2021, 7, 19), dt.date(2024, 7, 9), dt.date(2026, 1, 20)
SHAPES = resources.ontology_dir() / "shapes.ttl"
ORIGINAL = Source("original", ACT, date=D0)


def _node(kind: str, number: str, path: tuple[str, ...], words: str, **kw) -> Node:
    nl, en = kw.pop("nl", f"{words} (nl)"), kw.pop("en", f"{words} (en)")
    text = {k: v for k, v in (("nl", nl), ("en", en)) if v is not None}
    label = kw.pop("label", {"nl": f"{number}.", "en": f"{number}."})
    return Node(kind, number, path, label=label, text=text, **kw)


def _article_9(date: dt.date) -> Node:
    """Article 9: paragraph 1, paragraph 2 (deleted from D1), paragraph 2a (inserted at D1),
    point (a) of paragraph 1 amended by an English-only act at D2."""
    pnt_a = _node("point", "a", ("art_9", "par_1", "pnt_a"), "point a", sources=[ORIGINAL])
    if date >= D2:
        pnt_a.text.pop("nl")
        pnt_a.absent["nl"] = "amended by Regulation (EU) 2026/150, which has no Dutch text here"
        pnt_a.sources.append(Source("amended", LATER, ("art_1", "pnt_3"), D2, frozenset({"en"})))
    par_1 = _node("paragraph", "1", ("art_9", "par_1"), "paragraph 1", sources=[ORIGINAL])
    par_1.children = [pnt_a]
    parts = [par_1]
    if date < D1:
        parts.append(_node("paragraph", "2", ("art_9", "par_2"), "par 2", sources=[ORIGINAL]))
    else:
        inserted = Source("inserted", AMENDING, ("art_1", "pnt_4", "pnt_c"), D1)
        parts.append(_node("paragraph", "2a", ("art_9", "par_2a"), "par 2a", sources=[inserted]))
    article = Node("article", "9", ("art_9",), heading={"nl": "Gastentiteit", "en": "Host"})
    article.sources = [ORIGINAL]
    article.children = parts
    return article


def _article_7() -> Node:
    corrected = Source("corrected", CORRIGENDUM, ("correction_1",), D0, frozenset({"nl"}))
    return _node("article", "7", ("art_7",), "article 7", label={}, sources=[ORIGINAL, corrected])


def _versions() -> list[Version]:
    repeal = Repeal(
        ("art_9", "par_2"),
        Source("deleted", AMENDING, ("art_1", "pnt_7")),
        D1 - dt.timedelta(days=1),
    )
    out = []
    for date, until in (
        (D0, D1 - dt.timedelta(days=1)),
        (D1, D2 - dt.timedelta(days=1)),
        (D2, None),
    ):
        consolidates = [(ACT, D0), (CORRIGENDUM, D0)]
        consolidates += [(AMENDING, D1)] if date >= D1 else []
        consolidates += [(LATER, D2)] if date >= D2 else []
        out.append(
            Version(
                ACT,
                date,
                until,
                consolidates,
                ("nl", "en"),
                [_article_7(), _article_9(date)],
                [repeal] if date >= D1 else [],
            )
        )
    return out


@pytest.fixture(scope="module")
def dataset():
    return publish_versions(_versions(), journal={ACT: "OJ L 256, 19.7.2021, p. 3"})


@pytest.fixture(scope="module")
def g(dataset) -> Graph:
    return union(dataset)


def v(path: str, date: dt.date) -> URIRef:
    return URIRef(f"{BASE}/{path}/{date.isoformat()}" if path else f"{BASE}/{date.isoformat()}")


def test_one_named_graph_per_version(dataset) -> None:
    names = {str(c.identifier) for c in dataset.graphs() if len(c)}
    assert {f"{BASE}/{d.isoformat()}" for d in (D0, D1, D2)} <= names


def test_the_version_itself(g: Graph) -> None:
    version = v("", D1)
    assert (version, RDF.type, LKG.ConsolidatedVersion) in g
    assert (version, ELI.is_member_of, URIRef(BASE)) in g
    assert (URIRef(BASE), ELI.has_member, version) in g
    assert set(g.objects(version, ELI.consolidates)) == {
        URIRef(ACT),
        URIRef(CORRIGENDUM),
        URIRef(AMENDING),
    }
    assert (URIRef(AMENDING), ELI.consolidated_by, version) in g
    assert g.value(version, ELI.version_date) == Literal("2024-07-09", datatype=XSD.date)
    assert g.value(version, ELI.date_applicability) == Literal("2024-07-09", datatype=XSD.date)
    assert g.value(version, ELI.date_no_longer_in_force) == Literal("2026-01-19", datatype=XSD.date)
    assert g.value(v("", D2), ELI.date_no_longer_in_force) is None
    assert (URIRef(CORRIGENDUM), ELI.corrects, URIRef(ACT)) in g


def test_every_subdivision_of_every_version(g: Graph) -> None:
    for date in (D0, D1, D2):
        node = v("art_9/par_1/pnt_a", date)
        assert g.value(node, ELI.is_part_of) == v("art_9/par_1", date)
        assert g.value(node, ELI.type_subdivision) == SUBDIVISION.PTA
        assert g.value(node, ELI.number) == Literal("a")
        assert (node, ELI.is_member_of, URIRef(f"{BASE}/art_9/par_1/pnt_a")) in g
    orders = [int(g.value(v(p, D1), LKG.order)) for p in ("art_7", "art_9", "art_9/par_1")]
    assert orders == sorted(orders)
    assert g.value(v("art_9/par_1", D1), LKG.previousVersion) == v("art_9/par_1", D0)
    assert g.value(v("art_9/par_1", D1), LKG.nextVersion) == v("art_9/par_1", D2)
    assert g.value(v("art_9/par_2a", D1), LKG.previousVersion) is None


def test_expressions_and_manifestations(g: Graph) -> None:
    expr = URIRef(f"{v('art_9', D0)}/nld")
    assert g.value(expr, ELI.language) == URIRef(f"{LANGUAGE}NLD")
    assert str(g.value(expr, ELI.title)) == "Gastentiteit"
    assert str(g.value(expr, LKG.text)) == "1. paragraph 1 (nl)\na. point a (nl)\n2. par 2 (nl)"
    m = g.value(expr, ELI.is_embodied_by)
    assert (m, RDF.type, ELI.Format) in g
    assert g.value(m, ELI.legal_value) == ELI["LegalValue-unofficial"]
    assert str(g.value(m, ELI.media_type)).endswith("/text/html")
    assert g.value(m, ELI.is_exemplified_by) == URIRef(f"{expr}?format=html")
    assert str(g.value(m, ELI.published_in)) == "OJ L 256, 19.7.2021, p. 3"
    assert "only the Official Journal is authentic" in str(
        g.value(m, URIRef("http://www.w3.org/2000/01/rdf-schema#comment"))
    )


def test_absent_languages_are_stated_never_filled(g: Graph) -> None:
    node = v("art_9/par_1/pnt_a", D2)
    assert (URIRef(f"{node}/nld"), None, None) not in g
    absence = g.value(node, LKG.absence)
    assert g.value(absence, LKG.absentLanguage) == URIRef(f"{LANGUAGE}NLD")
    assert "2026/150" in str(g.value(absence, LKG.reason))
    # The article above has no whole Dutch text either, and says why.
    above = g.value(v("art_9", D2), LKG.absence)
    assert "art_9/par_1/pnt_a" in str(g.value(above, LKG.reason))
    assert (URIRef(f"{v('art_9', D2)}/eng"), LKG.text, None) in g


def test_provenance(g: Graph) -> None:
    assert g.value(v("art_9/par_1", D1), LKG.original) == URIRef(f"{BASE}/art_9/par_1/oj")
    inserted = v("art_9/par_2a", D1)
    instruction = URIRef("http://data.europa.eu/eli/reg/2024/1732/art_1/pnt_4/pnt_c/oj")
    assert g.value(inserted, LKG.introducedBy) == instruction
    assert (instruction, LKG.produces, inserted) in g
    assert g.value(inserted, LKG.action) == LKG.Insert
    assert (inserted, ELI.amended_by, URIRef(AMENDING)) in g
    amended = v("art_9/par_1/pnt_a", D2)
    assert g.value(amended, LKG.amendedBy) == URIRef(
        "http://data.europa.eu/eli/reg/2026/150/art_1/pnt_3/oj"
    )
    dutch = URIRef(f"{v('art_7', D0)}/nld")
    correction = URIRef(f"{BASE}/corrigendum/2023-05-04/correction_1/oj")
    assert g.value(dutch, LKG.correctedBy) == correction
    assert (URIRef(f"{v('art_7', D0)}/eng"), LKG.correctedBy, None) not in g
    assert (correction, ELI.corrects, URIRef(f"{BASE}/art_7/oj/nld")) in g


def test_repeal(g: Graph) -> None:
    last_day = Literal("2024-07-08", datatype=XSD.date)
    instruction = URIRef("http://data.europa.eu/eli/reg/2024/1732/art_1/pnt_7/oj")
    for node in (v("art_9/par_2", D0), URIRef(f"{BASE}/art_9/par_2/oj")):
        assert g.value(node, ELI.repealed_by) == instruction
        assert (instruction, ELI.repeals, node) in g
        assert g.value(node, ELI.date_no_longer_in_force) == last_day
    assert (v("art_9/par_2", D1), None, None) not in g
    assert (None, LKG.introducedBy, instruction) not in g


def test_a_deletion_is_never_an_introduction(built) -> None:
    """OWL RL closure over the ontology and the seed act's graph: lkg:produces is the inverse
    of lkg:introducedBy, and no deletion produces anything."""
    g = union(built.dataset)
    g.parse(resources.ontology_dir() / "document.ttl")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    deletion = URIRef("http://data.europa.eu/eli/reg/2024/1732/art_1/pnt_7/pnt_b/oj")
    repealed = URIRef(f"{BASE}/art_15/par_2/oj")
    assert (repealed, ELI.repealed_by, deletion) in g
    assert (None, LKG.introducedBy, deletion) not in g
    assert (deletion, LKG.produces, None) not in g


def test_the_synthetic_versions_conform(g: Graph) -> None:
    report = validate(g, SHAPES)
    assert report.conforms, report.text()


def _copy(g: Graph) -> Graph:
    out = Graph()
    for t in g:
        out.add(t)
    return out


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda g: g.remove((v("", D1), ELI.consolidates, None)), "eli:consolidates"),
        (lambda g: g.remove((v("", D1), ELI.version_date, None)), "eli:version_date"),
        (lambda g: g.remove((v("", D1), ELI.is_member_of, None)), "eli:is_member_of"),
        (lambda g: g.remove((v("", D1), ELI.has_part, None)), "eli:has_part"),
        (lambda g: g.remove((v("art_7", D1), ELI.is_part_of, None)), "eli:is_part_of"),
        (lambda g: g.remove((v("art_7", D1), ELI.number, None)), "eli:number"),
        (lambda g: g.remove((v("art_7", D1), LKG.order, None)), "lkg:order"),
        (lambda g: g.remove((URIRef(f"{v('art_7', D1)}/eng"), LKG.text, None)), "lkg:text"),
        (
            lambda g: g.remove((URIRef(f"{v('art_7', D1)}/eng"), ELI.language, None)),
            "eli:language",
        ),
        (
            lambda g: g.remove((g.value(v("art_9/par_1/pnt_a", D2), LKG.absence), None, None)),
            "absence statement in language NLD",
        ),
        (
            lambda g: g.remove((URIRef(f"{v('art_7', D1)}/eng/html"), ELI.legal_value, None)),
            "eli:legal_value",
        ),
        (
            lambda g: g.remove((URIRef(f"{v('art_7', D1)}/eng/html"), ELI.media_type, None)),
            "eli:media_type",
        ),
        (
            lambda g: g.remove((v("art_9/par_2", D0), ELI.date_no_longer_in_force, None)),
            "last day in force",
        ),
    ],
    ids=[
        "version-consolidates",
        "version-date",
        "version-member",
        "version-parts",
        "part-of",
        "number",
        "order",
        "text",
        "language",
        "absence",
        "legal-value",
        "media-type",
        "repeal-last-day",
    ],
)
def test_each_shape_fails_on_a_graph_that_breaks_it(g: Graph, damage, message: str) -> None:
    broken = _copy(g)
    damage(broken)
    report = validate(broken, SHAPES)
    assert not report.conforms
    assert any(message in r.message for r in report.violations), report.text()


def test_subdivision_types() -> None:
    assert subdivision_type("point", "4") == SUBDIVISION.PNT
    assert subdivision_type("point", "c", "point", "4") == SUBDIVISION.PTA
    assert subdivision_type("point", "viii", "point", "h") == SUBDIVISION.PTI
    assert subdivision_type("point", "i", "paragraph", "1") == SUBDIVISION.PTA
    assert subdivision_type("subparagraph", "2", "paragraph", "5") == SUBDIVISION.SUB
    assert subdivision_type("subparagraph", "2", "article", "5") == SUBDIVISION.UNP
    assert subdivision_type("recital", "3") == SUBDIVISION.RCT


def test_the_ontology_maps_every_kind_to_the_table() -> None:
    onto = Graph().parse(resources.ontology_dir() / "document.ttl")
    skos = "http://www.w3.org/2004/02/skos/core#"
    for kind in ("citation", "recital", "article", "paragraph", "subparagraph", "point", "annex"):
        matches = set(onto.objects(LKG[kind], URIRef(skos + "exactMatch"))) | set(
            onto.objects(LKG[kind], URIRef(skos + "closeMatch"))
        )
        assert matches and all(str(m).startswith(str(SUBDIVISION)) for m in matches), kind


def test_module_docstring_says_synthetic() -> None:
    assert "SYNTHETIC" in (Path(__file__).read_text(encoding="utf-8")[:200])


def test_the_guide_s_query_for_article_9_on_a_date(g: Graph) -> None:
    """docs/graph.md's "Article 9 as it reads on a given date", on the synthetic versions."""
    import re

    guide = (Path(__file__).resolve().parents[1] / "docs" / "graph.md").read_text("utf-8")
    query = re.search(r"Article 9 as it reads.*?```sparql\n(.*?)```", guide, re.S)
    assert query
    rows = list(g.query(query.group(1).replace("2025-03-01", "2026-03-01")))
    assert [str(r.subdivision).removeprefix(f"{BASE}/") for r in rows] == [
        "art_9/2026-01-20",
        "art_9/par_1/2026-01-20",
        "art_9/par_1/pnt_a/2026-01-20",
        "art_9/par_2a/2026-01-20",
    ]
    assert rows[-1].text == Literal("par 2a (nl)", lang="nl") and rows[-1].whyNoText is None
    assert "2026/150" in str(rows[2].whyNoText) and rows[2].text is None
