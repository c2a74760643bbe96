"""The W3C SPARQL 1.1 Protocol test suite (query side) and Service Description tests.

One test per case of w3c/rdf-tests sparql/sparql11/protocol/manifest.ttl, named after it,
each sending the case's request(s) to `/sparql` (the suite's `/sparql/`) with the suite's
data: three graphs data1.rdf, data2.rdf, data3.rdf, each stating that its own IRI is a
foaf:Document (data0.rdf, named by some cases, is not in the store: an empty graph).

The endpoint is read-only, so the suite's update cases are adapted: each update must be
refused (403, or 415 for a malformed request) and leave the store as it was, and the query
that would check the update's effect must find none.

The Service Description cases are those of sparql/sparql11/service-description/manifest.ttl
(returns-rdf, has-endpoint-triple, conforms-to-schema), with the best-practice checks of the
W3C's validator (typed-service, typed-dataset, typed-named-graph, typed-graph,
recognized-language, dataset-with-graph).
"""

from __future__ import annotations

import json
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from flask.testing import FlaskClient
from rdflib import RDF, Namespace, URIRef
from werkzeug.test import TestResponse

from support import closing_app

DATA = "http://kasei.us/2009/09/sparql/data/"
DATA0, DATA1, DATA2, DATA3 = (f"{DATA}data{n}.rdf" for n in range(4))
FOAF_DOCUMENT = "http://xmlns.com/foaf/0.1/Document"
RDF_TYPE = str(RDF.type)
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SR = "{http://www.w3.org/2005/sparql-results#}"

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"

RESULTS_TYPES = {
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
}
BOOLEAN_TYPES = {"application/sparql-results+json", "application/sparql-results+xml"}
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
}

# ASK queries of the suite, over the graphs above.
BOTH_IN_DEFAULT = f"ASK {{ <{DATA1}> a ?type . <{DATA2}> a ?type . }}"
BOTH_NAMED = f"ASK {{ GRAPH ?g1 {{ <{DATA1}> a ?type }} GRAPH ?g2 {{ <{DATA2}> a ?type }} }}"
FULL = f"""ASK {{
  <{DATA3}> a ?type
  GRAPH ?g1 {{ <{DATA1}> a ?type }}
  GRAPH ?g2 {{ <{DATA2}> a ?type }}
}}"""


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("w3c") / "graph.nq"
    path.write_text(
        "".join(f"<{g}> <{RDF_TYPE}> <{FOAF_DOCUMENT}> <{g}> .\n" for g in (DATA1, DATA2, DATA3)),
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def client(graph: Path) -> Iterator[FlaskClient]:
    with closing_app({"GRAPH_PATH": str(graph)}) as app:
        yield app.test_client()


def _path(**params: str | list[str]) -> str:
    """/sparql with URL parameters (the suite's /sparql/?...)."""
    return "/sparql?" + urllib.parse.urlencode(params, doseq=True) if params else "/sparql"


def _boolean(response: TestResponse) -> bool:
    """The boolean of an ASK answer, in any of the boolean result formats."""
    assert 200 <= response.status_code < 400, response.data
    assert response.mimetype in BOOLEAN_TYPES
    if response.mimetype == "application/sparql-results+json":
        return json.loads(response.data)["boolean"]
    return ET.fromstring(response.data).findtext(f"{SR}boolean") == "true"


def _refused(response: TestResponse, *statuses: int) -> None:
    assert response.status_code in statuses, (response.status_code, response.data)


def _snapshot(client: FlaskClient) -> set[tuple[rdflib.term.Node, ...]]:
    query = "CONSTRUCT { ?s ?p ?g } WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = client.get(_path(query=query), headers={"Accept": "application/n-triples"})
    return set(rdflib.Graph().parse(data=response.data, format="nt"))


# Queries


def test_query_post_form(client: FlaskClient) -> None:
    response = client.post(
        _path(**{"default-graph-uri": DATA0}),
        data="query=ASK%20%7B%7D",
        headers={"Content-Type": FORM},
    )
    assert _boolean(response) is True


def test_query_dataset_default_graphs_get(client: FlaskClient) -> None:
    response = client.get(
        _path(query=BOTH_IN_DEFAULT, **{"default-graph-uri": [DATA1, DATA2]}),
    )
    assert _boolean(response) is True


def test_query_dataset_default_graphs_post(client: FlaskClient) -> None:
    response = client.post(
        _path(**{"default-graph-uri": [DATA1, DATA2]}),
        data=BOTH_IN_DEFAULT,
        headers={"Content-Type": DIRECT},
    )
    assert _boolean(response) is True


def test_query_dataset_named_graphs_post(client: FlaskClient) -> None:
    response = client.post(
        _path(**{"named-graph-uri": [DATA1, DATA2]}),
        data=BOTH_NAMED,
        headers={"Content-Type": DIRECT},
    )
    assert _boolean(response) is True


def test_query_dataset_named_graphs_get(client: FlaskClient) -> None:
    response = client.get(_path(query=BOTH_NAMED, **{"named-graph-uri": [DATA1, DATA2]}))
    assert _boolean(response) is True


def test_query_dataset_full(client: FlaskClient) -> None:
    response = client.post(
        _path(**{"default-graph-uri": DATA3, "named-graph-uri": [DATA1, DATA2]}),
        data=FULL,
        headers={"Content-Type": DIRECT},
    )
    assert _boolean(response) is True
    # Not the union default graph: without the dataset, data3 is no named graph here.
    response = client.post(
        _path(**{"default-graph-uri": DATA3, "named-graph-uri": DATA1}),
        data=FULL,
        headers={"Content-Type": DIRECT},
    )
    assert _boolean(response) is False


def test_query_multiple_dataset(client: FlaskClient) -> None:
    # The protocol's dataset wins over the query's FROM.
    query = (
        f"ASK FROM <{DATA3}> {{ GRAPH ?g1 {{ <{DATA1}> a ?type }} "
        f"GRAPH ?g2 {{ <{DATA2}> a ?type }} }}"
    )
    response = client.post(
        _path(**{"named-graph-uri": [DATA1, DATA2]}),
        data=query,
        headers={"Content-Type": DIRECT},
    )
    assert _boolean(response) is True
    # FROM alone gives no named graph at all.
    response = client.post(_path(), data=query, headers={"Content-Type": DIRECT})
    assert _boolean(response) is False


def test_query_get(client: FlaskClient) -> None:
    response = client.get(_path(query="ASK {}", **{"default-graph-uri": DATA0}))
    assert _boolean(response) is True


def test_query_post_direct(client: FlaskClient) -> None:
    response = client.post(_path(), data="ASK {}", headers={"Content-Type": DIRECT})
    assert _boolean(response) is True


def test_query_content_type_select(client: FlaskClient) -> None:
    response = client.post(
        _path(**{"default-graph-uri": DATA0}),
        data="SELECT (1 AS ?value) {}",
        headers={"Content-Type": DIRECT},
    )
    assert response.status_code == 200
    assert response.mimetype in RESULTS_TYPES
    [row] = json.loads(response.data)["results"]["bindings"]
    assert row["value"]["value"] == "1"
    for media_type in sorted(RESULTS_TYPES):
        response = client.post(
            _path(**{"default-graph-uri": DATA0}),
            data="SELECT (1 AS ?value) {}",
            headers={"Content-Type": DIRECT, "Accept": media_type},
        )
        assert (response.status_code, response.mimetype) == (200, media_type)


def test_query_content_type_ask(client: FlaskClient) -> None:
    response = client.post(
        _path(**{"default-graph-uri": DATA0}), data="ASK {}", headers={"Content-Type": DIRECT}
    )
    assert _boolean(response) is True
    response = client.post(
        _path(**{"default-graph-uri": DATA0}),
        data="ASK {}",
        headers={"Content-Type": DIRECT, "Accept": "application/sparql-results+xml"},
    )
    assert _boolean(response) is True


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "text/turtle"),
        *((media_type, media_type) for media_type in RDF_TYPES),
        ("application/rdf+xml, text/turtle;q=0.5, */*;q=0.1", "application/rdf+xml"),
        ("text/turtle;q=0.4, application/n-triples;q=0.9", "application/n-triples"),
    ],
)
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated")  # rdflib's JSON-LD parser
def test_query_content_type_describe(
    client: FlaskClient, accept: str | None, expected: str
) -> None:
    response = client.post(
        _path(**{"default-graph-uri": DATA0}),
        data="DESCRIBE <http://example.org/>",
        headers={"Content-Type": DIRECT, **({"Accept": accept} if accept else {})},
    )
    assert (response.status_code, response.mimetype) == (200, expected)
    assert len(rdflib.Graph().parse(data=response.data, format=RDF_TYPES[expected])) == 0


@pytest.mark.parametrize("accept", [None, *RDF_TYPES])
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated")  # rdflib's JSON-LD parser
def test_query_content_type_construct(client: FlaskClient, accept: str | None) -> None:
    response = client.post(
        _path(**{"default-graph-uri": DATA0}),
        data="CONSTRUCT { <s> <p> 1 } WHERE {}",  # relative IRIs, as the W3C test has them
        headers={"Content-Type": DIRECT, **({"Accept": accept} if accept else {})},
    )
    assert response.status_code == 200
    assert response.mimetype == (accept or "text/turtle")
    graph = rdflib.Graph().parse(data=response.data, format=RDF_TYPES[response.mimetype])
    # Resolved against the endpoint's own URL, the base IRI of every query.
    assert set(graph) == {
        (URIRef("http://localhost/s"), URIRef("http://localhost/p"), rdflib.Literal(1))
    }


def test_relative_iris_resolve_against_the_public_url(graph: Path) -> None:
    """Behind a proxy the base is the public URL; a query's own BASE takes precedence."""
    public = "https://lexkg.example.org/service"
    with closing_app({"GRAPH_PATH": str(graph), "PUBLIC_BASE_URL": public}) as app:
        client = app.test_client()
        query = "SELECT ?x WHERE { BIND (<s> AS ?x) }"
        response = client.get("/sparql", query_string={"query": query})
        assert response.get_json()["results"]["bindings"] == [
            {"x": {"type": "uri", "value": "https://lexkg.example.org/service/s"}}
        ]
        with_base = f"BASE <http://example.org/a/> {query}"
        response = client.get("/sparql", query_string={"query": with_base})
        assert response.get_json()["results"]["bindings"][0]["x"]["value"] == (
            "http://example.org/a/s"
        )


# Malformed query requests


def test_bad_query_method(client: FlaskClient) -> None:
    response = client.put(
        _path(query="ASK {}", **{"default-graph-uri": DATA0}), headers={"Content-Type": FORM}
    )
    _refused(response, 405)
    assert "GET" in response.allow and "POST" in response.allow


def test_bad_multiple_queries(client: FlaskClient) -> None:
    _refused(client.get(_path(query=["ASK {}", "SELECT * {}"])), 400)


def test_bad_query_wrong_media_type(client: FlaskClient) -> None:
    response = client.post(_path(), data="ASK {}", headers={"Content-Type": "text/plain"})
    _refused(response, 415)


def test_bad_query_missing_form_type(client: FlaskClient) -> None:
    _refused(client.post(_path(), data=b"query=ASK%20%7B%7D"), 415)


def test_bad_query_missing_direct_type(client: FlaskClient) -> None:
    _refused(client.post(_path(), data=b"ASK {}"), 415)


def test_bad_query_non_utf8(client: FlaskClient) -> None:
    response = client.post(
        _path(),
        data="ASK {}".encode("utf-16"),  # with a byte order mark
        headers={"Content-Type": f"{DIRECT}; charset=UTF-16"},
    )
    _refused(response, 415)


def test_bad_query_syntax(client: FlaskClient) -> None:
    response = client.get(_path(query="ASK {"))
    _refused(response, 400)
    assert "malformed query" in response.get_data(as_text=True)


# Updates sent to this query-only endpoint: all refused, none applied.


def _update_refused(response: TestResponse, *statuses: int) -> None:
    _refused(response, *statuses)
    if response.status_code == 403:
        assert "read-only" in response.get_data(as_text=True)


UPDATE_DATASET_TEST = "http://example.org/protocol-update-dataset-test/"


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({"using-graph-uri": DATA1}, id="update_dataset_default_graph"),
        pytest.param({"using-graph-uri": [DATA1, DATA2]}, id="update_dataset_default_graphs"),
        pytest.param({"using-named-graph-uri": [DATA1, DATA2]}, id="update_dataset_named_graphs"),
        pytest.param(
            {"using-graph-uri": DATA1, "using-named-graph-uri": DATA2}, id="update_dataset_full"
        ),
    ],
)
def test_update_dataset(client: FlaskClient, params: dict[str, str | list[str]]) -> None:
    before = _snapshot(client)
    update = f"""PREFIX dc: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
DROP ALL ;
INSERT DATA {{ GRAPH <{DATA1}> {{ <{DATA1}> a foaf:Document }} }} ;
INSERT {{ GRAPH <{UPDATE_DATASET_TEST}> {{ ?s a dc:BibliographicResource }} }}
WHERE {{ ?s a foaf:Document }}"""
    response = client.post(_path(**params), data=update, headers={"Content-Type": UPDATE})
    _update_refused(response, 403)
    check = (
        f"ASK {{ GRAPH <{UPDATE_DATASET_TEST}> "
        f"{{ <{DATA1}> a <http://purl.org/dc/terms/BibliographicResource> }} }}"
    )
    response = client.post(_path(), data=check, headers={"Content-Type": DIRECT})
    assert _boolean(response) is False
    assert _snapshot(client) == before


def test_update_post_form(client: FlaskClient) -> None:
    before = _snapshot(client)
    response = client.post(_path(), data="update=CLEAR+ALL", headers={"Content-Type": FORM})
    _update_refused(response, 403)
    assert _snapshot(client) == before


def test_update_post_direct(client: FlaskClient) -> None:
    before = _snapshot(client)
    response = client.post(_path(), data="CLEAR ALL", headers={"Content-Type": UPDATE})
    _update_refused(response, 403)
    assert _snapshot(client) == before


def test_update_base_uri(client: FlaskClient) -> None:
    graph = "http://example.org/protocol-base-test/"
    triple = "<http://example.org/s> <http://example.org/p>"
    update = f"CLEAR GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{ {triple} <test> }} }}"
    response = client.post(_path(), data=update, headers={"Content-Type": UPDATE})
    _update_refused(response, 403)
    query = f"SELECT ?o WHERE {{ GRAPH <{graph}> {{ {triple} ?o }} }}"
    response = client.post(_path(), data=query, headers={"Content-Type": DIRECT})
    assert response.status_code == 200
    assert json.loads(response.data)["results"]["bindings"] == []


def test_bad_update_get(client: FlaskClient) -> None:
    _update_refused(client.get(_path(update="CLEAR ALL")), 403)


def test_bad_multiple_updates(client: FlaskClient) -> None:
    response = client.post(
        _path(),
        data="update=CLEAR%20NAMED&update=CLEAR%20DEFAULT",
        headers={"Content-Type": FORM},
    )
    _update_refused(response, 403)


def test_bad_update_wrong_media_type(client: FlaskClient) -> None:
    response = client.post(_path(), data="CLEAR NAMED", headers={"Content-Type": "text/plain"})
    _update_refused(response, 415)


def test_bad_update_missing_form_type(client: FlaskClient) -> None:
    _update_refused(client.post(_path(), data=b"update=CLEAR%20NAMED"), 415)


def test_bad_update_non_utf8(client: FlaskClient) -> None:
    response = client.post(
        _path(),
        data="CLEAR NAMED".encode("utf-16"),
        headers={"Content-Type": f"{UPDATE}; charset=UTF-16"},
    )
    _update_refused(response, 403)


def test_bad_update_syntax(client: FlaskClient) -> None:
    response = client.post(_path(), data="update=CLEAR%20XYZ", headers={"Content-Type": FORM})
    _update_refused(response, 403)


def test_bad_update_dataset_conflict(client: FlaskClient) -> None:
    update = """PREFIX foaf: <http://xmlns.com/foaf/0.1/>
WITH <http://example/addresses>
DELETE { ?person foaf:givenName 'Bill' }
INSERT { ?person foaf:givenName 'William' }
WHERE { ?person foaf:givenName 'Bill' }"""
    response = client.post(
        _path(**{"using-named-graph-uri": "http://example/people"}),
        data=update,
        headers={"Content-Type": UPDATE},
    )
    _update_refused(response, 403)


# Service Description


def _description(client: FlaskClient, **headers: str) -> rdflib.Graph:
    response = client.get("/sparql", headers=headers)
    assert response.status_code == 200, response.data
    return rdflib.Graph().parse(data=response.data, format=RDF_TYPES[response.mimetype])


@pytest.mark.parametrize("accept", [None, *RDF_TYPES])
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated")  # rdflib's JSON-LD parser
def test_returns_rdf(client: FlaskClient, accept: str | None) -> None:
    response = client.get("/sparql", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.mimetype == (accept or "text/turtle")
    graph = rdflib.Graph().parse(data=response.data, format=RDF_TYPES[response.mimetype])
    assert (None, RDF.type, SD.Service) in graph


def test_has_endpoint_triple(client: FlaskClient) -> None:
    graph = _description(client)
    assert list(graph.subjects(SD.endpoint, URIRef("http://localhost/sparql")))
    # The URL the description was asked at, e.g. through a proxy.
    response = client.get("/sparql", base_url="https://data.example/lexkg/")
    graph = rdflib.Graph().parse(data=response.data, format="turtle")
    assert list(graph.subjects(SD.endpoint, URIRef("https://data.example/lexkg/sparql")))


def test_conforms_to_schema(client: FlaskClient) -> None:
    graph = _description(client)
    named_graphs = set(graph.subjects(RDF.type, SD.NamedGraph))
    assert named_graphs
    assert all(graph.value(n, SD.name) is not None for n in named_graphs)


def _typed(graph: rdflib.Graph, cls: URIRef, domains=(), ranges=()) -> None:
    candidates = {s for p in domains for s in graph.subjects(p)} | {
        o for p in ranges for o in graph.objects(None, p)
    }
    assert candidates
    assert all((c, RDF.type, cls) in graph for c in candidates), cls


def test_typed_service(client: FlaskClient) -> None:
    domains = (SD.endpoint, SD.feature, SD.defaultEntailmentRegime, SD.supportedLanguage)
    domains += (SD.resultFormat, SD.defaultDataset, SD.availableGraphs)
    _typed(_description(client), SD.Service, domains=domains)


def test_typed_dataset(client: FlaskClient) -> None:
    _typed(_description(client), SD.Dataset, domains=[SD.defaultGraph], ranges=[SD.defaultDataset])


def test_typed_named_graph(client: FlaskClient) -> None:
    _typed(
        _description(client),
        SD.NamedGraph,
        domains=[SD.name, SD.graph],
        ranges=[SD.namedGraph],
    )


def test_typed_graph(client: FlaskClient) -> None:
    _typed(_description(client), SD.Graph, ranges=[SD.defaultGraph, SD.graph])


def test_recognized_language(client: FlaskClient) -> None:
    graph = _description(client)
    assert set(graph.objects(None, SD.supportedLanguage)) == {SD.SPARQL11Query}  # no update


def test_dataset_with_graph(client: FlaskClient) -> None:
    graph = _description(client)
    for dataset in graph.objects(None, SD.defaultDataset):
        assert graph.value(dataset, SD.defaultGraph) is not None
        assert {graph.value(n, SD.name) for n in graph.objects(dataset, SD.namedGraph)} == {
            URIRef(DATA1),
            URIRef(DATA2),
            URIRef(DATA3),
        }


def test_description_is_answered_only_without_a_query(client: FlaskClient) -> None:
    assert client.get(_path(format="nt")).mimetype == "application/n-triples"
    _refused(client.get(_path(query="")), 400)
    _refused(client.post(_path()), 415)
