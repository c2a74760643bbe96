"""Tests of `/eli/…` (server/eli_pages.py) over the real graph, built by `lexkg build`."""

from __future__ import annotations

import io
import itertools
import json
import re
from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib
import pyoxigraph
import pytest
from flask.testing import FlaskClient
from pyRdfa import pyRdfa
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from lexkg.server import create_app

ELI = Namespace("http://data.europa.eu/eli/ontology#")
LKG = Namespace("https://w3id.org/lexkg/ontology#")
BASE = "http://data.europa.eu/eli/"
ACT = BASE + "reg/2024/1732/oj"
VERSION = BASE + "reg/2021/1173/2024-07-09"
PAR_6A = BASE + "reg/2021/1173/art_9/par_6a/2024-07-09"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

# One resource of each kind the graph names under the ELI base.
RESOURCES = {
    "act": ACT,
    "recital": BASE + "reg/2024/1732/rct_5/oj",
    "instruction": BASE + "reg/2024/1732/art_1/pnt_4/pnt_c/oj",
    "act expression": ACT + "/nld",
    "subdivision expression": BASE + "reg/2024/1732/rct_2/oj/deu",
    "consolidated version": VERSION,
    "consolidated subdivision": PAR_6A,
    "consolidated expression": PAR_6A + "/nld",
    "consolidated container": BASE + "reg/2021/1173/art_15/2024-07-09",
    # Changed: the deleted 15(2) is no longer in the version that deletes it; as published it
    # is repealed (it was a "not in force" node of the version, lkg:deletedBy).
    "deleted": BASE + "reg/2021/1173/art_15/par_2/oj",
    "complex work": BASE + "reg/2021/1173",
}
RDF_FORMATS = {
    "ttl": ("text/turtle", "turtle"),
    "rdf": ("application/rdf+xml", "xml"),
    "nt": ("application/n-triples", "nt"),
    "jsonld": ("application/ld+json", "json-ld"),
}
# rdflib 7.6's JSON-LD parser uses its own deprecated ConjunctiveGraph.
JSONLD_WARNING = "ignore:ConjunctiveGraph:DeprecationWarning"


@pytest.fixture(scope="module")
def store(graph_file: Path) -> Graph:
    """Every triple of the built file, read without the server."""
    quads = pyoxigraph.parse(path=graph_file, format=pyoxigraph.RdfFormat.N_QUADS)
    data = pyoxigraph.serialize((q.triple for q in quads), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return Graph().parse(data=data, format="nt")


# For people, a version-less work goes to the version in force (test_a_work_goes_to_...).
PAGES = {kind: iri for kind, iri in RESOURCES.items() if kind != "complex work"}


@pytest.fixture(scope="module")
def pages(client: FlaskClient) -> dict[str, str]:
    """The HTML page of each kind of resource."""
    out = {}
    for kind, iri in PAGES.items():
        response = client.get(_path(iri), headers={"Accept": BROWSER})
        assert response.status_code == 200, response.text
        out[kind] = response.text
    return out


def _path(iri: str) -> str:
    return "/eli/" + iri[len(BASE) :]


def _description(store: Graph, iri: str) -> Graph:
    """What the RDF of a resource holds: its triples, its expressions' and their footnotes',
    and those of the statements that a language has no text here (lkg:absence)."""
    nodes = {URIRef(iri)} | set(store.objects(URIRef(iri), ELI.is_realized_by))
    nodes |= set(store.objects(URIRef(iri), LKG.absence))
    nodes |= {fn for n in list(nodes) for fn in store.objects(n, LKG.footnote)}
    out = Graph()
    for n in nodes:
        for p, o in store.predicate_objects(n):
            out.add((n, p, o))
    return out


def _dom(page: str) -> Element:
    return html5lib.parse(page, treebuilder="etree", namespaceHTMLElements=False)


def _by_id(root: Element, id_: str) -> Element:
    found = root.find(f".//*[@id='{id_}']")
    assert found is not None, f"no element with id {id_}"
    return found


def _text(element: Element) -> str:
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


def _cells(row: Element) -> list[Element]:
    return [c for c in row if "cell" in c.get("class", "").split()]


def _rdfa(page: str) -> set:
    """The triples a real RDFa 1.1 processor (pyRdfa) reads in the page."""
    processor = pyRdfa(media_type="text/html")
    graph = processor.graph_from_source(io.BytesIO(page.encode("utf-8")), rdfOutput=False)
    return set(graph)


def _jsonld_block(page: str) -> set:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    assert len(blocks) == 1
    json.loads(blocks[0])
    return set(Graph().parse(data=blocks[0], format="json-ld"))


# -- URIs that resolve ------------------------------------------------------------------------


@pytest.mark.filterwarnings(JSONLD_WARNING)
@pytest.mark.parametrize("kind", RESOURCES)
@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_each_kind_of_resource_in_each_rdf_format(
    client: FlaskClient, store: Graph, kind: str, fmt: str
) -> None:
    iri = RESOURCES[kind]
    media_type, rdflib_format = RDF_FORMATS[fmt]
    expected = set(_description(store, iri))
    assert expected
    for response in (
        client.get(_path(iri), headers={"Accept": media_type}),
        client.get(f"{_path(iri)}?format={fmt}", headers={"Accept": BROWSER}),
    ):
        assert response.status_code == 200, response.text
        assert response.mimetype == media_type
        assert "Accept" in response.vary
        assert set(Graph().parse(data=response.data, format=rdflib_format)) == expected


@pytest.mark.parametrize("kind", PAGES)
def test_each_kind_of_resource_as_html(client: FlaskClient, kind: str) -> None:
    path = _path(PAGES[kind])
    for response in (
        client.get(path, headers={"Accept": BROWSER}),
        client.get(path),  # no Accept
        client.get(path, headers={"Accept": "*/*"}),
        client.get(f"{path}?format=html", headers={"Accept": "text/turtle"}),
    ):
        assert response.status_code == 200
        assert response.mimetype == "text/html"
        assert "Accept" in response.vary
        assert PAGES[kind] in response.text


def test_a_work_goes_to_its_current_version(client: FlaskClient) -> None:
    """The act's version-less ELI, for a person: the consolidated version in force today; for
    a machine, its own description (its members)."""
    work = RESOURCES["complex work"]
    response = client.get(_path(work), headers={"Accept": BROWSER})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(_path(f"{work}/2024-07-09"))
    turtle = client.get(_path(work), headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and f"{work}/2024-07-09" in turtle.text


def test_every_resource_the_graph_describes_has_a_page(client: FlaskClient, store: Graph) -> None:
    iris = {
        str(s)
        for s in store.subjects()
        if isinstance(s, URIRef) and str(s).startswith(BASE) and "#" not in s
        if not str(s).startswith(str(ELI))
    }
    assert len(iris) > 200
    works = {str(s) for s in store.subjects(ELI.has_member, None)}
    for iri in sorted(iris):
        response = client.get(_path(iri), follow_redirects=iri in works)
        assert response.status_code == 200, iri
        if iri not in works:
            assert f"<code>{iri}</code>" in response.text


def test_negotiation_errors(client: FlaskClient) -> None:
    response = client.get(_path(ACT), headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert response.mimetype == "text/plain"
    assert client.get(f"{_path(ACT)}?format=pdf").status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/eli/reg/2024/1732/nothing/oj",
        "/eli/reg/2021/1173/art_9/oj",  # named by the graph only as an object
        "/eli/ontology",
        "/eli/reg/2024/1732/oj/",
        "/eli/reg/2024/1732/oj/nld%23fn_1",
        "/eli/reg/2024/../1732/oj",
        "/eli/reg/2024/1732/oj/..",
        "/eli/../server/app.py",
        "/eli/reg/2024/%2e%2e/1732/oj",
        "/eli/reg/2024/1732/oj%2F..%2F..%2Fnld",
        "/eli/reg/2024/1732/oj%00",
        "/eli/reg/2024/1732/oj;x",
        "/eli/reg/2024/1732/oj%20",
        "/eli/reg/2024/1732/oj%3E%20%3Fp%20%3Fo",
        "/eli/reg/2024/1732/%C3%B6j",
    ],
)
def test_unknown_and_odd_paths_are_404(client: FlaskClient, path: str) -> None:
    for accept, media_type in ((BROWSER, "text/html"), ("text/turtle", "text/plain")):
        response = client.get(path, headers={"Accept": accept})
        assert response.status_code == 404, path
        assert response.mimetype == media_type  # errors as the client accepts them
        assert "<script" not in response.text and "%3C" not in response.text


def test_stylesheet_is_served(client: FlaskClient) -> None:
    response = client.get("/eli-static/lexkg.css")
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    assert b"@media print" in response.data
    response.close()


# -- pages for people -------------------------------------------------------------------------


def test_act_page_aligns_the_languages_row_by_row(pages: dict[str, str], store: Graph) -> None:
    root = _dom(pages["act"])
    row = _by_id(root, "rct_5")
    cells = _cells(row)
    assert [c.get("lang") for c in cells] == ["nl", "de"]
    rct_5 = URIRef(BASE + "reg/2024/1732/rct_5/oj")
    texts = {
        o.language: str(o)
        for e in store.objects(rct_5, ELI.is_realized_by)
        for o in store.objects(e, LKG.text)
    }
    for cell in cells:
        text = cell.find(".//*[@class='text']")
        assert text is not None and text.get("property") == "lkg:text"
        assert "".join(text.itertext()) == texts[cell.get("lang")]
    # The title, the citations, recitals, articles and instructions are rows too.
    for id_ in ("act-title", "cit_3", "rct_1", "art_1", "art_1-pnt_4", "art_1-pnt_4-pnt_c"):
        assert [c.get("lang") for c in _cells(_by_id(root, id_))] == ["nl", "de"]


def test_act_page_shows_the_quoted_text_an_instruction_inserts(pages: dict[str, str]) -> None:
    row = _by_id(_dom(pages["act"]), "art_1-pnt_4-pnt_c")
    nl, de = (cell.find(".//blockquote") for cell in _cells(row))
    assert nl is not None and _text(nl).startswith("“6 bis. Voor de in artikel 12 bis")
    assert de is not None and _text(de).startswith("„(6a) Für die in Artikel 12a")


def test_instruction_links_to_what_it_changes(pages: dict[str, str], client: FlaskClient) -> None:
    row = _by_id(_dom(pages["act"]), "art_1-pnt_4-pnt_c")
    produced = [a for a in row.iter("a") if a.get("property") == "lkg:produces"]
    assert [a.get("resource") for a in produced] == [PAR_6A]
    assert produced[0].get("href") == "http://localhost" + _path(PAR_6A)
    assert client.get(_path(PAR_6A)).status_code == 200
    amended = [a for a in row.iter("a") if a.get("property") == "eli:amends"]
    assert [a.get("resource") for a in amended] == [BASE + "reg/2021/1173/art_9/oj"]


def test_footnote_markers_and_back_links(pages: dict[str, str], store: Graph) -> None:
    root = _dom(pages["act"])
    cit_3_nl = _cells(_by_id(root, "cit_3"))[0]
    marker = cit_3_nl.find(".//sup/a")
    assert marker is not None
    assert (marker.get("id"), marker.get("href")) == ("fnref_1-nl", "#fn_1-nl")
    text = cit_3_nl.find(".//*[@class='text']")
    before = (text.find("p").text or "") if text is not None else ""
    note = URIRef(ACT + "/nld#fn_1")
    assert len(before) == int(store.value(note, LKG.markerOffset))
    footnote = _by_id(root, "fn_1-nl")
    assert _text(footnote).startswith("(1) " + str(store.value(note, LKG.text)))
    back = [a for a in footnote.iter("a") if "backref" in a.get("class", "")]
    assert [a.get("href") for a in back] == ["#fnref_1-nl"]


def test_consolidated_version_marks_each_change(pages: dict[str, str]) -> None:
    root = _dom(pages["consolidated version"])
    instruction = "http://localhost/eli/reg/2024/1732/art_1/"
    for id_, action, words, by in (
        ("art_9-par_6a", "insert", "inserted", "pnt_4/pnt_c/oj"),
        ("art_2-pnt_9", "replace", "replaced", "pnt_1/pnt_b/oj"),
        ("art_3-par_2-pnt_h", "add", "added", "pnt_2/oj"),
    ):
        row = _by_id(root, id_)
        assert action in row.get("class", "").split()
        mark = row.find(".//*[@class='mark']")
        assert mark is not None and _text(mark).startswith(f"{words} by")
        link = mark.find("a")
        assert link is not None and link.get("href") == instruction + by
    # Changed: the deleted 15(2) is no longer a row of the version that deletes it (it was,
    # "[geschrapt]", lkg:deletedBy); it is repealed as published (…/art_15/par_2/oj).
    assert root.find(".//*[@id='art_15-par_2']") is None
    # Parts brought by the same instruction as their article are not marked again.
    assert _by_id(root, "art_12a").find(".//*[@class='mark']") is not None
    assert _by_id(root, "art_12a-par_1").find(".//*[@class='mark']") is None


def test_expression_page_shows_its_language_and_links_to_the_other(
    pages: dict[str, str],
) -> None:
    root = _dom(pages["act expression"])
    langs = {c.get("lang") for c in root.iter() if "cell" in c.get("class", "").split()}
    assert langs == {"nl"}
    hrefs = {a.get("href") for a in root.iter("a")}
    assert "http://localhost" + _path(ACT + "/deu") in hrefs
    assert "http://localhost" + _path(ACT) in hrefs
    # A footnote's id is its IRI's fragment: …/oj/nld#fn_1 resolves on this page.
    assert _text(_by_id(root, "fn_1")).startswith("(1) Advies van 24 april 2024")


@pytest.mark.parametrize("kind", PAGES)
def test_page_structure(pages: dict[str, str], kind: str) -> None:
    """lang everywhere text is, one h1, no skipped heading level, working fragment links."""
    html5lib.HTMLParser(strict=True).parse(pages[kind])  # no parse error
    root = _dom(pages[kind])
    assert root.get("lang") == "en"
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    skip = next(a for a in root.iter("a") if "skip" in a.get("class", ""))
    assert skip.get("href") == "#main" and "main" in ids
    levels = [int(e.tag[1]) for e in root.iter() if re.fullmatch(r"h[1-6]", str(e.tag))]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    for a in root.iter("a"):
        if (a.get("href") or "").startswith("#"):
            assert a.get("href")[1:] in ids
    for cell in root.iter():
        if "cell" in cell.get("class", "").split():
            assert cell.get("lang")
    hrefs = {a.get("href") for a in root.iter("a")}
    here = "http://localhost" + _path(RESOURCES[kind])
    for fmt in ("ttl", "rdf", "nt", "jsonld"):
        assert f"{here}?format={fmt}" in hrefs
    assert not [e for e in root.iter() if e.tag in ("script", "link", "img") and _external(e)]


def _external(element: Element) -> bool:
    """An element that would load something from another host."""
    if element.tag == "link" and element.get("property"):
        return False  # RDFa, never fetched
    url = element.get("src") or (element.get("href") if element.tag == "link" else "") or ""
    return bool(url) and not url.startswith("http://localhost/")


# -- metadata in the page ---------------------------------------------------------------------


@pytest.mark.filterwarnings(JSONLD_WARNING)
@pytest.mark.parametrize("kind", PAGES)
def test_rdfa_and_json_ld_state_what_the_graph_holds(
    pages: dict[str, str], store: Graph, kind: str
) -> None:
    rdfa = _rdfa(pages[kind])
    assert rdfa
    assert rdfa - set(store) == set()
    assert _jsonld_block(pages[kind]) == rdfa
    iri = URIRef(RESOURCES[kind])
    assert any(s == iri for s, _, _ in rdfa)
    for s, p, o in rdfa:
        assert str(s).startswith(BASE), (s, p, o)
        assert not str(o).startswith("http://localhost")


def test_rdfa_of_the_act_page(pages: dict[str, str], store: Graph) -> None:
    rdfa = _rdfa(pages["act"])
    act, nl = URIRef(ACT), URIRef(ACT + "/nld")
    rct_5 = URIRef(BASE + "reg/2024/1732/rct_5/oj")
    rct_5_de = URIRef(BASE + "reg/2024/1732/rct_5/oj/deu")
    pnt_4c = URIRef(BASE + "reg/2024/1732/art_1/pnt_4/pnt_c/oj")
    expected = {
        (act, RDF.type, ELI.LegalResource),
        (act, ELI.date_document, store.value(act, ELI.date_document)),
        (act, ELI.number, Literal("2024/1732")),
        (act, ELI.is_realized_by, nl),
        (nl, RDF.type, ELI.LegalExpression),
        (nl, ELI.title, store.value(nl, ELI.title)),
        (nl, ELI.realizes, act),
        (nl, ELI.language, URIRef("http://publications.europa.eu/resource/authority/language/NLD")),
        (rct_5, RDF.type, ELI.LegalResourceSubdivision),
        (rct_5, ELI.is_part_of, act),
        (rct_5_de, LKG.text, store.value(rct_5_de, LKG.text)),
        (pnt_4c, LKG.produces, URIRef(PAR_6A)),
        (pnt_4c, ELI.amends, URIRef(BASE + "reg/2021/1173/art_9/oj")),
        (URIRef(ACT + "/deu#fn_2"), LKG.text, store.value(URIRef(ACT + "/deu#fn_2"), LKG.text)),
    }
    assert expected <= rdfa
    # Every subdivision of the act and all their expressions are described.
    subdivisions = set(store.subjects(ELI.is_part_of, None))
    described = {s for s, p, o in rdfa if p == RDF.type}
    assert {s for s in subdivisions if str(s).startswith(BASE + "reg/2024/1732/")} <= described


@pytest.mark.filterwarnings(JSONLD_WARNING)
def test_rdfa_of_the_consolidated_version(pages: dict[str, str], store: Graph) -> None:
    rdfa = _rdfa(pages["consolidated version"])
    assert {
        (URIRef(VERSION), RDF.type, ELI.LegalResource),
        (URIRef(PAR_6A), LKG.introducedBy, URIRef(BASE + "reg/2024/1732/art_1/pnt_4/pnt_c/oj")),
    } <= rdfa


# -- the public base URL ----------------------------------------------------------------------


def test_public_base_url_in_every_link(graph_file: Path) -> None:
    base = "https://lexkg.example.org/service"
    client = create_app({"GRAPH_PATH": str(graph_file), "PUBLIC_BASE_URL": base}).test_client()
    for kind in ("act", "consolidated subdivision", "act expression"):
        page = client.get(_path(RESOURCES[kind])).text
        assert "localhost" not in page
        root = _dom(page)
        urls = [e.get("href") for e in root.iter() if e.get("href") and not e.get("property")]
        local = [u for u in urls if not u.startswith(("#", "http://data.europa.eu/eli/"))]
        assert local and all(u.startswith(base + "/") for u in local), local
        stylesheet = next(e for e in root.iter("link") if e.get("rel") == "stylesheet")
        assert stylesheet.get("href") == base + "/eli-static/lexkg.css"
        assert base + _path(RESOURCES[kind]) + "?format=ttl" in urls
