"""Tests of /ontology (server/ontology.py) over the real graph, built by `lexkg build`."""

from __future__ import annotations

import logging
import shutil
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from flask.testing import FlaskClient
from rdflib import OWL, RDF, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS

import lexkg.server.services.ontology_docs
from lexkg.server import create_app

ONTOLOGY = "https://w3id.org/lexkg/ontology"
LKG = rdflib.Namespace(f"{ONTOLOGY}#")
ELI = rdflib.Namespace("http://data.europa.eu/eli/ontology#")
OFFERED = ("text/html", "text/turtle", "application/rdf+xml", "application/n-triples")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

# pyLODE 3.4.1 reads its stylesheet with open(...).read(), never closing the file.
pytestmark = pytest.mark.filterwarnings("ignore:unclosed file:ResourceWarning")


@pytest.fixture(scope="module")
def ontology(graph_file: Path) -> Graph:
    """The ontology's named graph, read from the built file (not through the server)."""
    quads = pyoxigraph.parse(path=graph_file, format=pyoxigraph.RdfFormat.N_QUADS)
    name = pyoxigraph.NamedNode(ONTOLOGY)
    triples = [q.triple for q in quads if q.graph_name == name]
    data = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    graph = Graph().parse(data=data, format="nt")
    assert len(graph) > 100
    return graph


@pytest.fixture(scope="module")
def page(client: FlaskClient) -> str:
    response = client.get("/ontology", headers={"Accept": "text/html"})
    assert response.status_code == 200, response.text
    return response.text


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.fragment_links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value is not None:
                self.ids.append(value)
            if name == "href" and value and value.startswith("#"):
                self.fragment_links.append(value[1:])


def _ids(page: str) -> _Ids:
    parser = _Ids()
    parser.feed(page)
    return parser


def _terms(ontology: Graph) -> set[str]:
    return {
        s[len(LKG) :] for s in ontology.subjects() if isinstance(s, URIRef) and s.startswith(LKG)
    }


def _by_value(graph: Graph) -> Graph:
    """The graph with numbers and booleans as values: rdflib's Turtle writes "50"^^xsd:decimal
    as 50.0 (a decimal needs a point there), so Turtle keeps their values, not their spelling."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and isinstance(o.value, Decimal | float | bool | int):
            value = o.value.normalize() if isinstance(o.value, Decimal) else o.value
            o = Literal(f"{o.datatype} {value!r}")
        out.add((s, p, o))
    return out


# -- HTML -------------------------------------------------------------------------------------


def test_html_is_pylode_documentation_of_the_ontology(
    client: FlaskClient, page: str, ontology: Graph
) -> None:
    response = client.get("/ontology", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    english = [t for t in ontology.objects(URIRef(ONTOLOGY), DCTERMS.title) if t.language == "en"]
    assert len(english) == 1
    assert f"<title>{english[0]}" in page
    assert f"<h1>{english[0]}" in page
    assert "amending instruction" in page
    assert "pyLODE" in page and "OntPub" in page
    assert "AmendingInstruction" in _ids(page).ids


def test_every_term_has_one_anchor_named_after_it(page: str, ontology: Graph) -> None:
    ids = _ids(page)
    terms = _terms(ontology)
    assert {"AmendingInstruction", "Footnote", "footnote", "Insert", "citation"} <= terms
    assert terms <= set(ids.ids), sorted(terms - set(ids.ids))
    duplicates = {i for i in ids.ids if ids.ids.count(i) > 1}
    assert not duplicates
    assert set(ids.fragment_links) <= set(ids.ids)  # every link within the page lands


def test_links_to_terms_stay_on_the_page(page: str) -> None:
    assert f'href="{LKG}' not in page
    assert 'href="#AmendingInstruction"' in page


def test_html_for_browsers_and_by_default(client: FlaskClient, page: str) -> None:
    for headers in ({"Accept": BROWSER}, {"Accept": "*/*"}, {}):
        response = client.get("/ontology", headers=headers)
        assert response.status_code == 200
        assert response.mimetype == "text/html"
        assert response.text == page


def test_format_html_overrides_accept(client: FlaskClient, page: str) -> None:
    response = client.get("/ontology?format=html", headers={"Accept": "text/turtle"})
    assert response.mimetype == "text/html"
    assert response.text == page


# -- RDF --------------------------------------------------------------------------------------


def test_turtle_by_negotiation(client: FlaskClient, ontology: Graph) -> None:
    response = client.get("/ontology", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.mimetype == "text/turtle"
    graph = Graph().parse(data=response.data, format="turtle")
    assert (LKG.AmendingInstruction, RDF.type, OWL.Class) in graph
    assert "lkg:AmendingInstruction a owl:Class" in response.text
    assert isomorphic(_by_value(graph), _by_value(ontology))


def test_turtle_by_format_parameter_without_accept(client: FlaskClient, ontology: Graph) -> None:
    response = client.get("/ontology?format=ttl")
    assert response.status_code == 200
    assert response.mimetype == "text/turtle"
    graph = Graph().parse(data=response.data, format="turtle")
    assert isomorphic(_by_value(graph), _by_value(ontology))


@pytest.mark.parametrize(
    ("media_type", "parameter", "rdflib_format"),
    [
        ("application/rdf+xml", "rdf", "xml"),
        ("application/n-triples", "nt", "nt"),
        pytest.param(
            "application/ld+json",
            "jsonld",
            "json-ld",
            # rdflib 7.6's JSON-LD parser uses its own deprecated ConjunctiveGraph.
            marks=pytest.mark.filterwarnings("ignore:ConjunctiveGraph:DeprecationWarning"),
        ),
    ],
)
def test_other_rdf_formats(
    client: FlaskClient, ontology: Graph, media_type: str, parameter: str, rdflib_format: str
) -> None:
    for response in (
        client.get("/ontology", headers={"Accept": media_type}),
        client.get(f"/ontology?format={parameter}", headers={"Accept": "text/html"}),
    ):
        assert response.status_code == 200
        assert response.mimetype == media_type
        graph = Graph().parse(data=response.data, format=rdflib_format)
        assert (LKG.AmendingInstruction, RDF.type, OWL.Class) in graph
        assert isomorphic(graph, ontology)


def test_only_the_ontology_is_served_eli_is_imported(client: FlaskClient) -> None:
    graph = Graph().parse(data=client.get("/ontology?format=nt").data, format="nt")
    assert (URIRef(ONTOLOGY), OWL.imports, URIRef("http://data.europa.eu/eli/ontology")) in graph
    assert not set(graph.triples((ELI.LegalResource, None, None)))
    assert not set(graph.triples((None, ELI.is_realized_by, None)))  # no data of the act


def test_quality_values_decide(client: FlaskClient) -> None:
    response = client.get("/ontology", headers={"Accept": "text/html;q=0.5, text/turtle"})
    assert response.mimetype == "text/turtle"


# -- Errors and headers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "error_type"),
    [
        ("image/png", "text/plain"),
        ("application/json", "application/json"),
        ("text/plain", "text/plain"),
    ],
)
def test_unsupported_accept_is_406_listing_the_offers(
    client: FlaskClient, accept: str, error_type: str
) -> None:
    response = client.get("/ontology", headers={"Accept": accept})
    assert response.status_code == 406
    assert response.mimetype == error_type  # the error as the client accepts it
    for offer in OFFERED:
        assert offer in response.text


@pytest.mark.parametrize("value", ["xml", "turtle", "", "HTML"])
def test_unknown_format_is_400(client: FlaskClient, value: str) -> None:
    response = client.get("/ontology", query_string={"format": value})
    assert response.status_code == 400
    assert "html, ttl, rdf, nt, jsonld" in response.text


def test_vary_accept(client: FlaskClient) -> None:
    for headers in ({"Accept": "text/html"}, {"Accept": "text/turtle"}, {"Accept": "image/png"}):
        response = client.get("/ontology", headers=headers)
        assert "Accept" in response.headers.get("Vary", "")


# -- Term resolver -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["AmendingInstruction", "footnote", "Insert", "citation"])
def test_term_redirects_to_its_anchor(client: FlaskClient, page: str, name: str) -> None:
    response = client.get(f"/ontology/{name}")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/ontology#{name}"
    assert name in _ids(page).ids


@pytest.mark.parametrize("name", ["NoSuchTerm", "amendinginstruction", "ontology"])
def test_unknown_term_is_404(client: FlaskClient, name: str) -> None:
    response = client.get(f"/ontology/{name}")
    assert response.status_code == 404
    assert response.mimetype == "text/plain"


def test_page_is_made_once_for_concurrent_first_requests(
    graph_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    make = lexkg.server.services.ontology_docs._html

    def counted(graph: Graph) -> str:
        calls.append(1)
        return make(graph)

    monkeypatch.setattr(lexkg.server.services.ontology_docs, "_html", counted)
    app = create_app({"GRAPH_PATH": str(graph_file)})

    def fetch(_: int) -> tuple[int, str]:
        response = app.test_client().get("/ontology", headers={"Accept": "text/html"})
        return response.status_code, response.text

    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(fetch, range(6)))
    assert {status for status, _ in answers} == {200}
    assert len({text for _, text in answers}) == 1
    assert len(calls) == 1


# -- When the ontology cannot be served --------------------------------------------------------

UNTITLED = f"""\
<{ONTOLOGY}> <{RDF.type}> <{OWL.Ontology}> <{ONTOLOGY}> .
<{LKG.Thing}> <{RDF.type}> <{OWL.Class}> <{ONTOLOGY}> .
<http://example.org/a> <{RDF.type}> <{LKG.Thing}> <http://example.org/graph> .
"""


def test_pylode_failure_is_503_logged_once_and_rdf_still_served(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "graph.nq"
    path.write_text(UNTITLED, encoding="utf-8")
    client = create_app({"GRAPH_PATH": str(path)}).test_client()
    with caplog.at_level(logging.ERROR):
        for _ in range(2):
            response = client.get("/ontology", headers={"Accept": "text/html"})
            assert response.status_code == 503
            assert response.mimetype == "text/html"  # the error as the client accepts it
            assert "pyLODE" in response.text and "title" in response.text
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert "HTML documentation" in errors[0].getMessage()
    turtle = client.get("/ontology", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200
    assert len(Graph().parse(data=turtle.data, format="turtle")) == 2
    assert client.get("/ontology/Thing").status_code == 303


def test_graph_without_ontology_is_503(tmp_path: Path) -> None:
    path = tmp_path / "graph.nq"
    path.write_text(UNTITLED.replace(f"<{ONTOLOGY}> .", "<http://example.org/g> ."), "utf-8")
    client = create_app({"GRAPH_PATH": str(path)}).test_client()
    for url in ("/ontology", "/ontology?format=ttl", "/ontology/Thing"):
        response = client.get(url)
        assert response.status_code == 503
        assert ONTOLOGY in response.text and "empty" in response.text


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_model_picture_is_served_and_shown(client: FlaskClient, page: str) -> None:
    response = client.get("/ontology/model.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert b">hosting entity<" in response.data
    assert '<img src="ontology/model.svg"' in page and 'id="model"' in page
