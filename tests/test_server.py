"""Tests of the SPARQL endpoint (server/): routes, formats, errors, store and granian."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import textwrap
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from lexkg.server import create_app
from lexkg.server.core.errors import GraphLoadError
from lexkg.server.core.negotiation import Chooser
from lexkg.server.routes.common import STORE_KEY
from lexkg.server.store.base import QueryAnswer
from lexkg.server.store.embedded import OxigraphStore

from support import closing_app, free_port, serving

ELI = "http://data.europa.eu/eli/ontology#"
ACT = "http://data.europa.eu/eli/reg/2024/1732/oj"
AMENDED = "http://data.europa.eu/eli/reg/2021/1173/oj"
EXPR_NL, EXPR_DE = f"{ACT}/nld", f"{ACT}/deu"
GRAPH_META = "http://lexkg.example/graph/reg-2024-1732"
GRAPH_NL, GRAPH_DE = f"{GRAPH_META}/nl", f"{GRAPH_META}/de"
TITLE_NL = "Verordening (EU) 2024/1732 van de Raad van 17 juni 2024"
TITLE_DE = "Verordnung (EU) 2024/1732 des Rates vom 17. Juni 2024 zur Änderung"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
SR = "{http://www.w3.org/2005/sparql-results#}"

NQUADS = f"""\
<{ACT}> <{RDF_TYPE}> <{ELI}LegalResource> <{GRAPH_META}> .
<{ACT}> <{ELI}amends> <{AMENDED}> <{GRAPH_META}> .
<{ACT}> <{ELI}date_document> "2024-06-17"^^<{XSD_DATE}> <{GRAPH_META}> .
<{ACT}> <{ELI}is_realized_by> <{EXPR_NL}> <{GRAPH_NL}> .
<{EXPR_NL}> <{ELI}title> "{TITLE_NL}"@nl <{GRAPH_NL}> .
<{ACT}> <{ELI}is_realized_by> <{EXPR_DE}> <{GRAPH_DE}> .
<{EXPR_DE}> <{ELI}title> "{TITLE_DE}"@de <{GRAPH_DE}> .
"""
QUAD_COUNT = len(NQUADS.splitlines())

TITLES = f"""
PREFIX eli: <{ELI}>
SELECT ?expr ?title WHERE {{ <{ACT}> eli:is_realized_by ?expr . ?expr eli:title ?title }}
"""
CONSTRUCT_TITLES = f"""
PREFIX eli: <{ELI}>
CONSTRUCT {{ ?expr eli:title ?title }} WHERE {{ ?expr eli:title ?title }}
"""
EXPECTED_TITLES = {
    (rdflib.URIRef(EXPR_NL), rdflib.URIRef(f"{ELI}title"), rdflib.Literal(TITLE_NL, lang="nl")),
    (rdflib.URIRef(EXPR_DE), rdflib.URIRef(f"{ELI}title"), rdflib.Literal(TITLE_DE, lang="de")),
}


@pytest.fixture
def graph_path(tmp_path: Path) -> Path:
    path = tmp_path / "graph.nq"
    path.write_text(NQUADS, encoding="utf-8")
    return path


@pytest.fixture
def client(graph_path: Path) -> Iterator[FlaskClient]:
    with closing_app({"GRAPH_PATH": str(graph_path)}) as app:
        yield app.test_client()


def _json_titles(body: bytes) -> set[tuple[str, str]]:
    bindings = json.loads(body)["results"]["bindings"]
    return {(b["title"]["value"], b["title"]["xml:lang"]) for b in bindings}


def _graph(body: bytes, rdflib_format: str) -> set[tuple[rdflib.term.Node, ...]]:
    return set(rdflib.Graph().parse(data=body, format=rdflib_format))


# /health


def test_health_counts_the_loaded_statements(client: FlaskClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "triples": QUAD_COUNT}


# SELECT and ASK formats


def test_select_defaults_to_sparql_json_with_language_tags(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": TITLES})
    assert response.status_code == 200
    assert response.mimetype == "application/sparql-results+json"
    assert "Accept" in response.vary
    assert _json_titles(response.data) == {(TITLE_NL, "nl"), (TITLE_DE, "de")}


@pytest.mark.parametrize("accept", ["*/*", "application/json", "text/*, application/*"])
def test_select_json_for_generic_accept(client: FlaskClient, accept: str) -> None:
    response = client.get("/sparql", query_string={"query": TITLES}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype in {"application/sparql-results+json", "application/json"}
    assert _json_titles(response.data) == {(TITLE_NL, "nl"), (TITLE_DE, "de")}


def test_select_xml(client: FlaskClient) -> None:
    response = client.get(
        "/sparql",
        query_string={"query": TITLES},
        headers={"Accept": "text/csv;q=0.5, application/sparql-results+xml"},
    )
    assert response.status_code == 200
    assert response.mimetype == "application/sparql-results+xml"
    root = ET.fromstring(response.data)
    literals = root.iter(f"{SR}literal")
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert {(lit.text, lit.get(lang)) for lit in literals} == {(TITLE_NL, "nl"), (TITLE_DE, "de")}


def test_select_csv(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": TITLES}, headers={"Accept": "text/csv"})
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert {(row["expr"], row["title"]) for row in rows} == {
        (EXPR_NL, TITLE_NL),
        (EXPR_DE, TITLE_DE),
    }


def test_select_tsv_keeps_language_tags(client: FlaskClient) -> None:
    response = client.get(
        "/sparql", query_string={"query": TITLES}, headers={"Accept": "text/tab-separated-values"}
    )
    assert response.status_code == 200
    assert response.mimetype == "text/tab-separated-values"
    header, *rows = response.get_data(as_text=True).splitlines()
    assert header.split("\t") == ["?expr", "?title"]
    assert {tuple(row.split("\t")) for row in rows} == {
        (f"<{EXPR_NL}>", f'"{TITLE_NL}"@nl'),
        (f"<{EXPR_DE}>", f'"{TITLE_DE}"@de'),
    }


@pytest.mark.parametrize("expected", [True, False])
def test_ask_json_and_xml(client: FlaskClient, expected: bool) -> None:
    target = AMENDED if expected else f"{AMENDED}-not"
    query = f"ASK {{ <{ACT}> <{ELI}amends> <{target}> }}"
    response = client.get("/sparql", query_string={"query": query})
    assert response.mimetype == "application/sparql-results+json"
    assert response.get_json()["boolean"] is expected
    response = client.get(
        "/sparql",
        query_string={"query": query},
        headers={"Accept": "application/sparql-results+xml"},
    )
    assert ET.fromstring(response.data).findtext(f"{SR}boolean") == str(expected).lower()


def test_typed_literal_in_json(client: FlaskClient) -> None:
    query = f"SELECT ?d WHERE {{ <{ACT}> <{ELI}date_document> ?d }}"
    [binding] = client.get("/sparql", query_string={"query": query}).get_json()["results"][
        "bindings"
    ]
    assert binding["d"] == {"type": "literal", "value": "2024-06-17", "datatype": XSD_DATE}


# CONSTRUCT and DESCRIBE formats


def test_construct_defaults_to_turtle(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": CONSTRUCT_TITLES})
    assert response.status_code == 200
    assert response.mimetype == "text/turtle"
    assert "Accept" in response.vary
    assert _graph(response.data, "turtle") == EXPECTED_TITLES


@pytest.mark.parametrize(
    ("media_type", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "xml"),
        pytest.param(
            "application/ld+json",
            "json-ld",
            # rdflib's own JSON-LD parser uses its deprecated ConjunctiveGraph.
            marks=pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated"),
        ),
    ],
)
def test_construct_formats(client: FlaskClient, media_type: str, rdflib_format: str) -> None:
    response = client.post(
        "/sparql", data={"query": CONSTRUCT_TITLES}, headers={"Accept": media_type}
    )
    assert response.status_code == 200
    assert response.mimetype == media_type
    assert _graph(response.data, rdflib_format) == EXPECTED_TITLES


def test_describe(client: FlaskClient) -> None:
    response = client.get(
        "/sparql",
        query_string={"query": f"DESCRIBE <{EXPR_DE}>"},
        headers={"Accept": "application/n-triples"},
    )
    assert response.status_code == 200
    triples = _graph(response.data, "nt")
    assert (
        rdflib.URIRef(EXPR_DE),
        rdflib.URIRef(f"{ELI}title"),
        rdflib.Literal(TITLE_DE, lang="de"),
    ) in triples
    assert all(s == rdflib.URIRef(EXPR_DE) for s, _, _ in triples)


def test_unacceptable_type_is_406(client: FlaskClient) -> None:
    response = client.get(
        "/sparql", query_string={"query": CONSTRUCT_TITLES}, headers={"Accept": "image/png"}
    )
    assert response.status_code == 406
    assert response.mimetype == "text/plain"
    assert "text/turtle" in response.get_data(as_text=True)


def test_unwritable_answer_is_406(client: FlaskClient) -> None:
    query = f"CONSTRUCT {{ <{ACT}> <{ELI}amends> <<( <{ACT}> <{ELI}amends> <{AMENDED}> )>> }} {{}}"
    response = client.get(
        "/sparql", query_string={"query": query}, headers={"Accept": "application/ld+json"}
    )
    assert "cannot write as application/ld+json" in _error(response, 406)
    response = client.get(
        "/sparql", query_string={"query": query}, headers={"Accept": "application/n-triples"}
    )
    assert response.status_code == 200
    assert f"<<( <{ACT}> <{ELI}amends> <{AMENDED}> )>>" in response.get_data(as_text=True)


# The format parameter


@pytest.mark.parametrize(
    ("query", "name", "media_type"),
    [
        (TITLES, "json", "application/sparql-results+json"),
        (TITLES, "xml", "application/sparql-results+xml"),
        (TITLES, "csv", "text/csv"),
        (TITLES, "tsv", "text/tab-separated-values"),
        (CONSTRUCT_TITLES, "ttl", "text/turtle"),
        (CONSTRUCT_TITLES, "rdf", "application/rdf+xml"),
        (CONSTRUCT_TITLES, "nt", "application/n-triples"),
        (CONSTRUCT_TITLES, "jsonld", "application/ld+json"),
        (CONSTRUCT_TITLES, "application/n-triples", "application/n-triples"),
    ],
)
def test_format_parameter_overrides_accept(
    client: FlaskClient, query: str, name: str, media_type: str
) -> None:
    response = client.get(
        "/sparql", query_string={"query": query, "format": name}, headers={"Accept": "image/png"}
    )
    assert (response.status_code, response.mimetype) == (200, media_type)
    response = client.post("/sparql", data={"query": query, "format": name})
    assert (response.status_code, response.mimetype) == (200, media_type)


def test_format_that_does_not_fit_the_answer_is_406(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": CONSTRUCT_TITLES, "format": "csv"})
    body = _error(response, 406)
    assert "format=csv" in body
    assert "format=jsonld|nt|rdf|ttl" in body


@pytest.mark.parametrize("name", ["pdf", "JSON", "text/plain", ""])
def test_unknown_format_is_400(client: FlaskClient, name: str) -> None:
    response = client.get("/sparql", query_string={"query": TITLES, "format": name})
    assert "unknown format" in _error(response, 400)
    assert "json, xml, csv, tsv, ttl, rdf, nt, jsonld" in response.get_data(as_text=True)
    response = client.get("/sparql", query_string={"format": name})  # the description too
    assert "unknown format" in _error(response, 400)


def test_format_given_twice_is_400(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": TITLES, "format": ["json", "xml"]})
    assert "format given more than once" in _error(response, 400)


def test_accept_with_q_values(client: FlaskClient) -> None:
    accept = "application/sparql-results+json;q=0.2, text/csv;q=0.9, application/*;q=0.5"
    response = client.get("/sparql", query_string={"query": TITLES}, headers={"Accept": accept})
    assert response.mimetype == "text/csv"
    accept = "text/turtle;q=0, application/*;q=0.5"
    response = client.get(
        "/sparql", query_string={"query": CONSTRUCT_TITLES}, headers={"Accept": accept}
    )
    assert response.mimetype == "application/n-triples"  # the first application/* offered


# The service description (GET /sparql without a query)

SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = rdflib.Namespace("http://www.w3.org/ns/formats/")
VOID_TRIPLES = rdflib.URIRef("http://rdfs.org/ns/void#triples")


def _description(response: TestResponse) -> rdflib.Graph:
    assert response.status_code == 200, response.data
    formats = {"text/turtle": "turtle", "application/rdf+xml": "xml"}
    formats |= {"application/n-triples": "nt", "application/ld+json": "json-ld"}
    return rdflib.Graph().parse(data=response.data, format=formats[response.mimetype])


def test_service_description(client: FlaskClient) -> None:
    response = client.get("/sparql")
    assert response.mimetype == "text/turtle"
    assert "Accept" in response.vary
    g = _description(response)
    [service] = g.subjects(rdflib.RDF.type, SD.Service)
    assert g.value(service, SD.endpoint) == rdflib.URIRef("http://localhost/sparql")
    assert set(g.objects(service, SD.supportedLanguage)) == {SD.SPARQL11Query}
    assert set(g.objects(service, SD.resultFormat)) == {
        FORMATS.SPARQL_Results_JSON,
        FORMATS.SPARQL_Results_XML,
        FORMATS.SPARQL_Results_CSV,
        FORMATS.SPARQL_Results_TSV,
        FORMATS.Turtle,
        FORMATS.RDF_XML,
        FORMATS["N-Triples"],
        FORMATS["JSON-LD"],
    }
    # The union default graph; no federation (SERVICE is refused), no fetching of graphs.
    assert set(g.objects(service, SD.feature)) == {SD.UnionDefaultGraph}
    assert g.value(service, SD.defaultEntailmentRegime) == rdflib.URIRef(
        "http://www.w3.org/ns/entailment/Simple"
    )
    dataset = g.value(service, SD.defaultDataset)
    assert g.value(g.value(dataset, SD.defaultGraph), VOID_TRIPLES).toPython() == QUAD_COUNT
    sizes = {
        str(g.value(named, SD.name)): g.value(g.value(named, SD.graph), VOID_TRIPLES).toPython()
        for named in g.objects(dataset, SD.namedGraph)
    }
    assert sizes == {GRAPH_META: 3, GRAPH_NL: 2, GRAPH_DE: 2}
    available = g.value(service, SD.availableGraphs)
    assert set(g.objects(available, SD.namedGraph)) == set(g.objects(dataset, SD.namedGraph))


@pytest.mark.parametrize(
    ("request_kwargs", "media_type"),
    [
        ({"headers": {"Accept": "application/rdf+xml"}}, "application/rdf+xml"),
        ({"headers": {"Accept": "application/n-triples"}}, "application/n-triples"),
        ({"headers": {"Accept": "text/*;q=0.9, */*;q=0.8"}}, "text/turtle"),
        ({"query_string": {"format": "jsonld"}}, "application/ld+json"),
        (
            {"query_string": {"format": "rdf"}, "headers": {"Accept": "text/turtle"}},
            "application/rdf+xml",
        ),
    ],
)
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated")  # rdflib's JSON-LD parser
def test_service_description_formats(
    client: FlaskClient, request_kwargs: dict, media_type: str
) -> None:
    response = client.get("/sparql", **request_kwargs)
    assert response.mimetype == media_type
    assert (None, SD.endpoint, rdflib.URIRef("http://localhost/sparql")) in _description(response)


def test_service_description_not_acceptable(client: FlaskClient) -> None:
    response = client.get("/sparql", headers={"Accept": "application/sparql-results+json"})
    assert "text/turtle" in _error(response, 406)
    response = client.get("/sparql", query_string={"format": "json"})
    assert "format=json" in _error(response, 406)


def test_service_description_behind_a_proxy(client: FlaskClient) -> None:
    response = client.get("/sparql", headers={"Host": "kg.example:8443"})
    g = _description(response)
    assert (None, SD.endpoint, rdflib.URIRef("http://kg.example:8443/sparql")) in g
    response = client.get("/sparql", base_url="https://kg.example/api/")
    g = _description(response)
    assert (None, SD.endpoint, rdflib.URIRef("https://kg.example/api/sparql")) in g


# CORS


def test_cors_on_sparql(client: FlaskClient) -> None:
    origin = {"Origin": "https://somewhere.example"}
    response = client.get("/sparql", query_string={"query": TITLES}, headers=origin)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    response = client.get("/sparql", query_string={"query": "ASK {"}, headers=origin)
    assert response.status_code == 400
    assert response.headers["Access-Control-Allow-Origin"] == "*"  # errors are readable too
    response = client.get("/sparql", headers=origin)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in client.get("/health", headers=origin).headers


def test_cors_preflight_of_a_direct_post(client: FlaskClient) -> None:
    response = client.options(
        "/sparql",
        headers={
            "Origin": "https://somewhere.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, accept",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    allowed = response.headers["Access-Control-Allow-Headers"].lower()
    assert "content-type" in allowed and "accept" in allowed
    assert int(response.headers["Access-Control-Max-Age"]) > 0
    response = client.post(
        "/sparql",
        data="ASK {}",
        headers={"Origin": "https://somewhere.example", "Content-Type": "application/sparql-query"},
    )
    assert response.get_json() == {"head": {}, "boolean": True}
    assert response.headers["Access-Control-Allow-Origin"] == "*"


# Limits and configuration


def test_result_size_limit(graph_path: Path) -> None:
    app = create_app({"GRAPH_PATH": str(graph_path), "MAX_RESULT_BYTES": 300})
    client = app.test_client()
    try:
        assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200
        for query in (CONSTRUCT_TITLES, TITLES, "SELECT * WHERE { ?s ?p ?o }"):
            response = client.get("/sparql", query_string={"query": query})
            body = _error(response, 422)
            assert "limit of 300 bytes (MAX_RESULT_BYTES)" in body
            assert "LIMIT" in body
        query = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"
        assert client.get("/sparql", query_string={"query": query}).status_code == 200
    finally:
        app.extensions[STORE_KEY].close()


def test_request_body_limit(graph_path: Path) -> None:
    app = create_app({"GRAPH_PATH": str(graph_path), "MAX_CONTENT_LENGTH": 100})
    client = app.test_client()
    try:
        response = client.post(
            "/sparql",
            data="ASK {}" + " " * 200,
            headers={"Content-Type": "application/sparql-query"},
        )
        _error(response, 413)
    finally:
        app.extensions[STORE_KEY].close()


def test_limits_from_the_environment(graph_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEXKG_QUERY_TIMEOUT", "2.5")
    monkeypatch.setenv("LEXKG_QUERY_WORKERS", "3")
    monkeypatch.setenv("LEXKG_MAX_RESULT_BYTES", "1000")
    monkeypatch.setenv("LEXKG_PUBLIC_BASE_URL", "https://laws.example.org/kg")
    monkeypatch.setenv("LEXKG_ANSWER_CACHE_BYTES", "4096")
    app = create_app({"GRAPH_PATH": str(graph_path)})
    cache = app.extensions[STORE_KEY]
    try:
        assert app.config["PUBLIC_BASE_URL"] == "https://laws.example.org/kg"
        assert (app.config["QUERY_TIMEOUT"], cache.store.pool.timeout) == (2.5, 2.5)
        assert (app.config["QUERY_WORKERS"], cache.store.pool.size) == (3, 3)
        assert app.config["MAX_RESULT_BYTES"] == 1000
        assert (app.config["ANSWER_CACHE_BYTES"], cache.max_bytes) == (4096, 4096)
    finally:
        cache.close()
    app = create_app({"GRAPH_PATH": str(graph_path), "QUERY_TIMEOUT": 7})
    try:
        assert app.extensions[STORE_KEY].store.pool.timeout == 7  # the config wins over the env
    finally:
        app.extensions[STORE_KEY].close()
    monkeypatch.setenv("LEXKG_QUERY_TIMEOUT", "soon")
    with pytest.raises(ValueError, match="LEXKG_QUERY_TIMEOUT='soon'"):
        create_app({"GRAPH_PATH": str(graph_path)})


def test_default_limits(client: FlaskClient) -> None:
    config = client.application.config
    assert config["QUERY_TIMEOUT"] == 30
    assert config["MAX_RESULT_BYTES"] == 50 * 1024 * 1024
    assert config["ANSWER_CACHE_BYTES"] == 64 * 1024 * 1024
    assert config["MAX_QUERY_LENGTH"] == 32_768
    assert config["MAX_CONTENT_LENGTH"] == 1 << 20


def test_no_route_accepts_an_update(client: FlaskClient) -> None:
    before = client.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}).data
    update = f'INSERT DATA {{ GRAPH <{GRAPH_NL}> {{ <{ACT}> <{ELI}title> "x" }} }}'
    for rule in client.application.url_map.iter_rules():
        path = rule.rule
        for argument in rule.arguments:
            path = re.sub(rf"<(?:[^:>]+:)?{argument}>", "x", path)
        for headers, data in [
            ({"Content-Type": "application/sparql-update"}, update),
            ({"Content-Type": "application/x-www-form-urlencoded"}, {"update": update}),
        ]:
            response = client.post(path, data=data, headers=headers)
            assert 400 <= response.status_code < 500, (path, response.status_code)
    after = client.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}).data
    assert _graph(after, "turtle") == _graph(before, "turtle")
    assert client.get("/health").get_json()["triples"] == QUAD_COUNT


# Union default graph


def test_default_graph_is_the_union_of_the_named_graphs(client: FlaskClient) -> None:
    # Each triple pattern matches in a different named graph.
    query = f"""PREFIX eli: <{ELI}>
        SELECT ?title WHERE {{
            ?act a eli:LegalResource ; eli:amends <{AMENDED}> ; eli:is_realized_by ?e .
            ?e eli:title ?title }}"""
    titles = _json_titles(client.get("/sparql", query_string={"query": query}).data)
    assert titles == {(TITLE_NL, "nl"), (TITLE_DE, "de")}
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    bindings = client.get("/sparql", query_string={"query": query}).get_json()["results"][
        "bindings"
    ]
    assert {b["g"]["value"] for b in bindings} == {GRAPH_META, GRAPH_NL, GRAPH_DE}
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    [binding] = client.get("/sparql", query_string={"query": query}).get_json()["results"][
        "bindings"
    ]
    assert int(binding["n"]["value"]) == QUAD_COUNT


# POST forms


def test_post_form(client: FlaskClient) -> None:
    response = client.post("/sparql", data={"query": TITLES})
    assert response.status_code == 200
    assert _json_titles(response.data) == {(TITLE_NL, "nl"), (TITLE_DE, "de")}


@pytest.mark.parametrize("charset", [None, "utf-8", "UTF-8"])
def test_post_direct(client: FlaskClient, charset: str | None) -> None:
    query = f'SELECT ?title WHERE {{ ?e <{ELI}title> ?title FILTER(CONTAINS(?title, "Änderung")) }}'
    content_type = "application/sparql-query" + (f"; charset={charset}" if charset else "")
    response = client.post(
        "/sparql",
        data=query.encode(charset or "utf-8"),
        headers={"Content-Type": content_type},
    )
    assert response.status_code == 200
    assert _json_titles(response.data) == {(TITLE_DE, "de")}


# Errors


def _error(response: TestResponse, status: int) -> str:
    """The text/plain body of an error response of `status`."""
    assert response.status_code == status, response.data
    assert response.mimetype == "text/plain"
    return response.get_data(as_text=True)


def test_malformed_query_is_400_with_the_parser_message(client: FlaskClient) -> None:
    query = "SELECT ?s WHERE { ?s ?p }"
    with pytest.raises(SyntaxError) as parser:
        pyoxigraph.Store().query(query)
    body = _error(client.get("/sparql", query_string={"query": query}), 400)
    assert "malformed query" in body
    assert parser.value.msg in body


@pytest.mark.parametrize("query_string", [{"query": ""}, {"query": "  \n"}])
def test_missing_query_is_400(client: FlaskClient, query_string: dict[str, str]) -> None:
    assert "missing query" in _error(client.get("/sparql", query_string=query_string), 400)


def test_missing_query_in_form_and_body(client: FlaskClient) -> None:
    assert "missing query" in _error(client.post("/sparql", data={"other": "x"}), 400)
    response = client.post(
        "/sparql", data=b"", headers={"Content-Type": "application/sparql-query"}
    )
    assert "missing query" in _error(response, 400)


def test_repeated_query_is_400(client: FlaskClient) -> None:
    ask = "ASK {}"
    body = _error(client.get(f"/sparql?query={ask}&query={ask}"), 400)
    assert "more than one query" in body
    response = client.post(f"/sparql?query={ask}", data={"query": ask})
    assert "more than one query" in _error(response, 400)
    response = client.post(
        f"/sparql?query={ask}", data=ask, headers={"Content-Type": "application/sparql-query"}
    )
    assert "both in the URL and in the request body" in _error(response, 400)


@pytest.mark.parametrize("content_type", ["text/plain", "application/json", None])
def test_post_of_another_content_type_is_415(client: FlaskClient, content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/sparql", data=b"ASK {}", headers=headers)
    assert "application/sparql-query" in _error(response, 415)


def test_undecodable_body_is_400(client: FlaskClient) -> None:
    response = client.post(
        "/sparql", data=b"ASK { \xff }", headers={"Content-Type": "application/sparql-query"}
    )
    assert "cannot decode the query as UTF-8" in _error(response, 400)


@pytest.mark.parametrize("charset", ["iso-8859-1", "utf-16", "x"])
def test_a_body_in_another_charset_than_utf8_is_415(client: FlaskClient, charset: str) -> None:
    # "UTF-8 is the only valid charset here" (SPARQL 1.1 Protocol, 2.1.3).
    response = client.post(
        "/sparql",
        data="ASK {}".encode("latin-1"),
        headers={"Content-Type": f"application/sparql-query; charset={charset}"},
    )
    assert f"not as {charset}" in _error(response, 415)


UPDATES = [
    f'INSERT DATA {{ <{ACT}> <{ELI}title> "x" }}',
    f"PREFIX eli: <{ELI}>\n# a comment\n"
    f'INSERT DATA {{ GRAPH <{GRAPH_NL}> {{ <{ACT}> eli:title "x" }} }}',
    f"DELETE WHERE {{ <{ACT}> ?p ?o }}",
    f"BASE <{ACT}> delete {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
    f"WITH <{GRAPH_META}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
    "LOAD <http://127.0.0.1:9/graph.ttl>",
    "CLEAR ALL",
    f"DROP GRAPH <{GRAPH_META}>",
    "CREATE GRAPH <http://lexkg.example/new>",
    f"COPY <{GRAPH_NL}> TO <{GRAPH_DE}>",
]


@pytest.mark.parametrize("update", UPDATES)
def test_update_is_refused_and_not_executed(client: FlaskClient, update: str) -> None:
    before = client.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}).data
    assert "read-only" in _error(client.get("/sparql", query_string={"query": update}), 403)
    assert "read-only" in _error(client.post("/sparql", data={"query": update}), 403)
    assert "read-only" in _error(client.post("/sparql", data={"update": update}), 403)
    response = client.post(
        "/sparql", data=update, headers={"Content-Type": "application/sparql-update"}
    )
    assert "read-only" in _error(response, 403)
    after = client.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}).data
    assert _graph(after, "turtle") == _graph(before, "turtle")
    assert client.get("/health").get_json()["triples"] == QUAD_COUNT


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_405(client: FlaskClient, method: str) -> None:
    response = getattr(client, method)("/sparql", query_string={"query": "ASK {}"})
    _error(response, 405)
    assert {"GET", "POST"} <= set(response.allow)
    assert client.post("/health").status_code == 405


def test_graph_parameters_name_the_dataset(client: FlaskClient) -> None:
    query = "SELECT ?title WHERE { ?e <" + ELI + "title> ?title }"
    response = client.get("/sparql", query_string={"query": query, "default-graph-uri": GRAPH_NL})
    assert _json_titles(response.data) == {(TITLE_NL, "nl")}
    response = client.post(
        "/sparql", data={"query": query, "default-graph-uri": [GRAPH_NL, GRAPH_DE]}
    )
    assert _json_titles(response.data) == {(TITLE_NL, "nl"), (TITLE_DE, "de")}
    # Named graphs only: the default graph is empty, GRAPH sees the graphs named.
    response = client.get("/sparql", query_string={"query": query, "named-graph-uri": GRAPH_DE})
    assert _json_titles(response.data) == set()
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = client.get("/sparql", query_string={"query": query, "named-graph-uri": GRAPH_DE})
    assert [b["g"]["value"] for b in response.get_json()["results"]["bindings"]] == [GRAPH_DE]
    response = client.get("/sparql", query_string={"query": query, "default-graph-uri": GRAPH_DE})
    assert response.get_json()["results"]["bindings"] == []


def test_the_protocol_dataset_replaces_from_and_from_named(client: FlaskClient) -> None:
    pattern = f"?e <{ELI}title> ?title"
    query = (
        f"SELECT ?title FROM <{GRAPH_NL}> FROM NAMED <{GRAPH_NL}> "
        f"WHERE {{ {{ {pattern} }} UNION {{ GRAPH ?g {{ {pattern} }} }} }}"
    )
    assert _json_titles(client.get("/sparql", query_string={"query": query}).data) == {
        (TITLE_NL, "nl")
    }
    response = client.get("/sparql", query_string={"query": query, "default-graph-uri": GRAPH_DE})
    assert _json_titles(response.data) == {(TITLE_DE, "de")}


def test_from_and_from_named_name_graphs_of_the_store(client: FlaskClient) -> None:
    titles = "SELECT ?title {} WHERE { ?e <" + ELI + "title> ?title }"
    for clause, expected in [
        (f"FROM <{GRAPH_DE}>", {(TITLE_DE, "de")}),
        (f"FROM <{GRAPH_DE}> FROM <{GRAPH_NL}>", {(TITLE_NL, "nl"), (TITLE_DE, "de")}),
        (f"FROM NAMED <{GRAPH_DE}>", set()),  # no FROM: an empty default graph
        ("FROM <http://lexkg.example/no-such-graph>", set()),
        ("", {(TITLE_NL, "nl"), (TITLE_DE, "de")}),  # the union
    ]:
        query = titles.replace("{}", clause, 1)
        assert _json_titles(client.get("/sparql", query_string={"query": query}).data) == (
            expected
        ), clause
    query = f"SELECT ?g FROM NAMED <{GRAPH_DE}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    bindings = client.get("/sparql", query_string={"query": query}).get_json()["results"]
    assert {b["g"]["value"] for b in bindings["bindings"]} == {GRAPH_DE}


@pytest.mark.parametrize("dataset", [{"default-graph-uri": "not an IRI"}, {"named-graph-uri": ""}])
def test_a_dataset_parameter_that_is_no_iri_is_400(
    client: FlaskClient, dataset: dict[str, str]
) -> None:
    response = client.get("/sparql", query_string={"query": "ASK {}", **dataset})
    assert "not an IRI" in _error(response, 400)


def test_service_is_refused_but_the_word_elsewhere_is_fine(client: FlaskClient) -> None:
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    assert "SERVICE" in _error(client.get("/sparql", query_string={"query": query}), 400)
    query = "PREFIX service: <http://x/> SELECT ?service WHERE { ?service ?p 'service' } # SERVICE"
    assert client.get("/sparql", query_string={"query": query}).status_code == 200


def test_too_long_query_is_413(graph_path: Path) -> None:
    client = create_app({"GRAPH_PATH": str(graph_path), "MAX_QUERY_LENGTH": 50}).test_client()
    assert client.get("/sparql", query_string={"query": "ASK {}" + " " * 40}).status_code == 200
    response = client.post("/sparql", data={"query": "ASK {}" + " " * 50})
    assert "longer than 50" in _error(response, 413)


def test_deeply_nested_query_does_not_crash(graph_path: Path) -> None:
    # On an 8 MiB stack pyoxigraph's recursive parser segfaults on these queries;
    # a subprocess keeps such a crash from taking pytest down with it.
    script = textwrap.dedent(f"""
        import json
        from lexkg.server import create_app
        client = create_app({{"GRAPH_PATH": {str(graph_path)!r}}}).test_client()
        queries = ["ASK " + "{{" * 3000 + "}}" * 3000, "ASK {{ FILTER(" + "!" * 12000 + "true) }}"]
        print(json.dumps([client.post("/sparql", data={{"query": q}}).get_json() for q in queries]))
    """)
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == [{"head": {}, "boolean": True}] * 2


def test_unknown_path_is_404(client: FlaskClient) -> None:
    _error(client.get("/nothing"), 404)


# The store and the app's independence of it


def test_store_loads_trig(tmp_path: Path) -> None:
    path = tmp_path / "graph.TriG"
    path.write_text(
        f'<{GRAPH_NL}> {{ <{EXPR_NL}> <{ELI}title> "{TITLE_NL}"@nl . }}\n', encoding="utf-8"
    )
    store = OxigraphStore(path)
    assert store.triple_count() == 1
    answer = store.query(TITLES.replace(f"<{ACT}> eli:is_realized_by ?expr .", ""), choose=min)
    assert answer.media_type == "application/json"  # min() of the offered types
    assert _json_titles(answer.body) == {(TITLE_NL, "nl")}


def test_store_errors_name_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.nq"
    with pytest.raises(GraphLoadError, match=r"missing\.nq: graph file not found"):
        OxigraphStore(missing)
    wrong = tmp_path / "graph.ttl"
    wrong.write_text("", encoding="utf-8")
    with pytest.raises(GraphLoadError, match=r"graph\.ttl: unsupported graph file extension"):
        OxigraphStore(wrong)
    broken = tmp_path / "broken.nq"
    broken.write_text(NQUADS + f'<{ACT}> <{ELI}title> "unterminated .\n', encoding="utf-8")
    with pytest.raises(GraphLoadError, match=rf"broken\.nq:{QUAD_COUNT + 1}: cannot parse"):
        OxigraphStore(broken)
    with pytest.raises(GraphLoadError, match=r"broken\.nq"):
        create_app({"GRAPH_PATH": str(broken)})


def test_create_app_needs_a_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LEXKG_GRAPH", raising=False)
    with pytest.raises(GraphLoadError, match=r"build/graph\.nq: graph file not found"):
        create_app()  # the default graph file, relative to the working folder
    with pytest.raises(ValueError, match="GRAPH_PATH or STORE"):
        create_app({"GRAPH_PATH": None})


class _FakeStore:
    """A store that records what it is asked."""

    def __init__(self) -> None:
        self.queries: list[str] = []

    def query(self, sparql: str, *, choose: Chooser, base_iri: str | None = None) -> QueryAnswer:
        self.queries.append(sparql)
        media_type = choose(("text/x-first", "text/x-second"))
        return QueryAnswer(f"{media_type}:{sparql}".encode(), media_type)

    def triple_count(self) -> int:
        return 42


def test_app_uses_any_store() -> None:
    store = _FakeStore()
    client = create_app({"STORE": store}).test_client()
    assert client.get("/health").get_json() == {"status": "ok", "triples": 42}
    response = client.get(
        "/sparql", query_string={"query": "ASK {}"}, headers={"Accept": "text/x-second"}
    )
    assert response.get_data(as_text=True) == "text/x-second:ASK {}"
    response = client.get("/sparql", query_string={"query": "ASK {}"})
    assert response.mimetype == "text/x-first"
    client.get("/sparql", query_string={"query": "CLEAR ALL"})
    assert store.queries == ["ASK {}", "ASK {}"]


# granian


def _get(url: str, accept: str) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.headers.get_content_type(), response.read()


def test_serve_under_granian(graph_path: Path, tmp_path: Path) -> None:
    port = free_port()
    script = (
        "from lexkg.server.run import serve; "
        f"serve({str(graph_path)!r}, '127.0.0.1', {port}, 2, 2, access_log=True)"
    )
    log = tmp_path / "log"
    with serving([sys.executable, "-c", script], port, log) as base:
        status, _, body = _get(f"{base}/health", "application/json")
        assert status == 200
        assert json.loads(body) == {"status": "ok", "triples": QUAD_COUNT}
        url = f"{base}/sparql?{urllib.parse.urlencode({'query': TITLES})}"
        status, content_type, body = _get(url, "application/sparql-results+json")
        assert (status, content_type) == (200, "application/sparql-results+json")
        assert _json_titles(body) == {(TITLE_NL, "nl"), (TITLE_DE, "de")}
        with pytest.raises(urllib.error.HTTPError) as error:
            _get(f"{base}/sparql?query=CLEAR%20ALL", "*/*")
        assert error.value.code == 403
        error.value.close()
    assert log.with_suffix(".stdout").read_text() == ""
    text = log.read_text()
    assert '"GET /health HTTP/1.1" 200' in text
    assert '"GET /sparql HTTP/1.1" 403' in text
