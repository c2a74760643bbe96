"""The service over an external store (server/remote.py, lexkg load and serve --store).

The bindings written as VALUES blocks are checked against the embedded store's substitutions
in-process; the rest runs against real Oxigraph servers (the `oxigraph` binary of the
`oxigraph` package, a dev dependency) started on the loopback interface, loaded with
`lexkg load --store`, and compared route by route with the embedded store.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox
import pytest
import rdflib
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic

from lexkg import resources
from lexkg.cli import main as lexkg_main
from lexkg.server import create_app
from lexkg.server.core.binding import bind_values, write_in
from lexkg.server.core.errors import (
    QueryError,
    QueryTimeoutError,
    ResultTooLargeError,
    StoreUnavailableError,
)
from lexkg.server.services.eli.data import _DESCRIPTION, _PAGE
from lexkg.server.services.named import bind, load_queries
from lexkg.server.store.embedded import OxigraphStore
from lexkg.server.store.remote import RemoteStore, put_graphs

from support import free_port, serving

JSON = "application/sparql-results+json"
NT = "application/n-triples"
EXAMPLES = {  # values for the parameters without a default
    "host": "https://w3id.org/lexkg/host/ai-optimised",
    "provision": "http://data.europa.eu/eli/reg/2021/1173/art_9/par_6a/2024-07-09",
    "line": "188",
}
T = TypeVar("T")
ACT = "http://data.europa.eu/eli/reg/2024/1732/oj"
PROVISION = "http://data.europa.eu/eli/reg/2021/1173/art_9/par_6a/2024-07-09"


def _oxigraph() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


OXIGRAPH = _oxigraph()
_no_oxigraph = pytest.mark.skipif(
    OXIGRAPH is None, reason="the oxigraph binary is not installed (pip install oxigraph)"
)


def needs_oxigraph(test: T) -> T:
    """A test against a real Oxigraph server: slow, and skipped without the binary."""
    return pytest.mark.slow(_no_oxigraph(test))


@pytest.fixture(scope="module")
def embedded(graph_file: Path) -> OxigraphStore:
    return OxigraphStore(graph_file)


def _choose(offers: tuple[str, ...]) -> str:
    return JSON if JSON in offers else NT


def _rows(body: bytes) -> list[str]:
    """A SELECT answer's rows (sorted, as JSON) or a graph's lines (sorted)."""
    try:
        answer = json.loads(body)
    except ValueError:
        return sorted(body.decode("utf-8").splitlines())
    if "boolean" in answer:
        return [str(answer["boolean"])]
    return sorted(json.dumps(row, sort_keys=True) for row in answer["results"]["bindings"])


# Bindings as VALUES blocks: the same answers as the embedded store's substitutions.


def _named_cases() -> list[tuple[str, str]]:
    queries = load_queries(resources.queries_dir())
    return [(name, lang) for name in queries for lang in ("nl", "de")]


@pytest.mark.parametrize(("name", "lang"), _named_cases())
def test_values_blocks_answer_as_substitutions_do(
    embedded: OxigraphStore, name: str, lang: str
) -> None:
    query = load_queries(resources.queries_dir())[name]
    values = {p.name: EXAMPLES[p.name] for p in query.params if p.default is None}
    if any(p.name == "lang" for p in query.params):
        values["lang"] = lang
    bindings = bind(query, values)
    substituted = embedded.query(query.sparql, choose=_choose, bindings=bindings)
    rewritten = embedded.query(bind_values(query.sparql, bindings), choose=_choose)
    assert _rows(rewritten.body) == _rows(substituted.body)
    assert _rows(substituted.body), f"{name} finds nothing: the comparison would be empty"


@pytest.mark.parametrize("sparql", [_DESCRIPTION, _PAGE], ids=["description", "page"])
@pytest.mark.parametrize("iri", [ACT, f"{ACT}/nld", PROVISION])
def test_values_blocks_in_the_eli_pages_queries(
    embedded: OxigraphStore, sparql: str, iri: str
) -> None:
    bindings = {"r": URIRef(iri)}
    substituted = embedded.query(sparql, choose=_choose, bindings=bindings)
    rewritten = embedded.query(bind_values(sparql, bindings), choose=_choose)
    assert _rows(rewritten.body) == _rows(substituted.body) != []


@pytest.mark.parametrize(
    ("sparql", "expected"),
    [
        # the short form of CONSTRUCT gets a template of its own
        ("CONSTRUCT WHERE { ?s ?p ?x }", "CONSTRUCT { ?s ?p ?x } WHERE { VALUES (?x)"),
        # a VALUES block cannot come before a subquery's SELECT: the subquery is wrapped
        ("SELECT * { SELECT ?x { ?s ?p ?x } }", 'SELECT * { VALUES (?x) { ("o") } { SELECT'),
        # braces in comments, strings and the CONSTRUCT template are not groups
        ('# { \nASK { ?s ?p ?x FILTER (?x != "{") }', '# { \nASK { VALUES (?x) { ("o") }'),
        ("CONSTRUCT { ?s ?p ?x } WHERE { ?s ?p ?x }", "CONSTRUCT { ?s ?p ?x } WHERE { VALUES"),
        # a data block is left alone, and a trailing one too
        ("SELECT * { VALUES ?y { 1 } ?s ?p ?x } VALUES ?z { 2 }", '{ ("o") }  VALUES ?y { 1 }'),
    ],
)
def test_where_values_blocks_go(sparql: str, expected: str) -> None:
    bound = bind_values(sparql, {"x": Literal("o")})
    assert expected in bound
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.Literal("o")))
    store.query(bound)  # well-formed


@pytest.mark.parametrize(
    "value",
    [
        Literal('x" } ?s ?p ?o { "'),
        Literal('a"""\n} UNION { ?s ?p ?o }\n"'),
        Literal("back\\slash\r\nand ''' quotes '"),
        Literal("x", lang="de-AT"),
        Literal(7),
        Literal("2024-07-09", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date")),
        URIRef("http://data.europa.eu/eli/reg/2024/1732/oj?a=b&c=%7B#frag"),
    ],
    ids=range(7),
)
def test_a_bound_value_is_one_term_and_nothing_else(value: URIRef | Literal) -> None:
    store = ox.Store()
    sparql = "SELECT ?v (COUNT(*) AS ?n) WHERE { OPTIONAL { ?s ?p ?o } } GROUP BY ?v"
    [solution] = list(store.query(bind_values(sparql, {"v": value})))
    assert str(solution["n"].value) == "1"
    found = solution["v"]
    assert found.value == str(value)
    if isinstance(value, Literal):
        assert (found.language or None) == (value.language and value.language.lower())
        if value.datatype is not None:
            assert found.datatype.value == str(value.datatype)


@pytest.mark.parametrize(
    ("bindings", "message"),
    [
        ({"v": URIRef("http://x/> } ?s ?p ?o { <http://x/")}, "is not an IRI"),
        ({"v": URIRef("http://x/a b")}, "is not an IRI"),
        ({"v": URIRef('http://x/"')}, "is not an IRI"),
        ({"v v": Literal("x")}, "not a plain variable name"),
        ({"v": rdflib.BNode()}, "is not an IRI or literal"),
    ],
)
def test_values_that_could_break_out_are_refused(bindings: dict, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        bind_values("SELECT ?v WHERE { ?s ?p ?v }", bindings)


@pytest.mark.parametrize(
    "sparql", ["SELECT ?v WHERE { ?s ?p ?v", "SELECT ?v WHERE { ?s ?p ?v } }", "INSERT DATA {}"]
)
def test_malformed_queries_with_bindings_are_query_errors(sparql: str) -> None:
    with pytest.raises(QueryError, match="malformed query"):
        bind_values(sparql, {"v": Literal("x")})


@pytest.mark.parametrize("sparql", [_DESCRIPTION, _PAGE], ids=["description", "page"])
@pytest.mark.parametrize("iri", [ACT, f"{ACT}/nld", PROVISION])
def test_iris_written_in_answer_as_substitutions_do(
    embedded: OxigraphStore, sparql: str, iri: str
) -> None:
    bindings = {"r": URIRef(iri)}
    text, left = write_in(sparql, bindings)
    assert left == {} and "?r" not in text and "VALUES" not in text and f"<{iri}>" in text
    substituted = embedded.query(sparql, choose=_choose, bindings=bindings)
    assert _rows(embedded.query(text, choose=_choose).body) == _rows(substituted.body) != []


X = URIRef("http://x/o")


@pytest.mark.parametrize(
    ("sparql", "written", "left"),
    [
        # the template, a path's start, GRAPH, a function's argument, DESCRIBE
        (
            "CONSTRUCT { ?x ?p ?o } WHERE { GRAPH ?x { ?x <http://x/p>? ?o } FILTER isIRI(?x) }",
            "CONSTRUCT { <http://x/o> ?p ?o } WHERE { GRAPH <http://x/o> { <http://x/o> "
            "<http://x/p>? ?o } FILTER isIRI(<http://x/o>) }",
            {},
        ),
        ("DESCRIBE ?x", "DESCRIBE <http://x/o>", {}),
        # a literal is bound by VALUES; so is an IRI where a variable is declared
        ("ASK { ?x ?p ?y }", "ASK { <http://x/o> ?p ?y }", {"y": Literal("v")}),
        ("ASK { { SELECT ?x WHERE { ?x ?p ?o } } }", None, {"x": X}),
        ("ASK { ?s ?p ?o BIND (?o AS ?x) }", None, {"x": X}),
        ("ASK { ?s ?p ?o FILTER BOUND(?x) }", None, {"x": X}),
        ("ASK { { SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?x } }", None, {"x": X}),
        ("ASK { VALUES ?x { <http://x/a> } ?x ?p ?o }", None, {"x": X}),
        # a SELECT keeps its variables: they are in the answer's head
        ("SELECT * WHERE { ?x ?p ?o }", None, {"x": X}),
    ],
    ids=range(9),
)
def test_where_iris_are_written_in(sparql: str, written: str | None, left: dict) -> None:
    bindings = {"x": X, **({"y": Literal("v")} if "?y" in sparql else {})}
    text, rest = write_in(sparql, bindings)
    assert text == (written if written is not None else sparql)
    assert rest == left
    ox.Store().query(text)  # well-formed


def test_an_iri_that_could_break_out_is_refused_when_written_in() -> None:
    with pytest.raises(QueryError, match="is not an IRI"):
        write_in("ASK { ?v ?p ?o }", {"v": URIRef("http://x/> } ?s ?p ?o { <http://x/")})


# Real Oxigraph servers.


class _Oxigraph:
    """An `oxigraph serve` on a free loopback port, stopped by `stop()`."""

    def __init__(self, location: Path, *options: str) -> None:
        assert OXIGRAPH is not None
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = location.with_suffix(".log")
        command = [OXIGRAPH, "serve", "--location", str(location)]
        command += ["--bind", f"127.0.0.1:{self.port}", *options]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:
            assert self.process.poll() is None, self.log.read_text()
            try:
                with urllib.request.urlopen(f"{self.base}/query?query=ASK%7B%7D", timeout=5):
                    return
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, "oxigraph did not answer in 30 s"
                time.sleep(0.1)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory, graph_file: Path) -> Iterator[_Oxigraph]:
    if OXIGRAPH is None:
        pytest.skip("the oxigraph binary is not installed (pip install oxigraph)")
    server = _Oxigraph(tmp_path_factory.mktemp("oxigraph") / "store", "--timeout-s", "10")
    try:
        assert (
            lexkg_main(["load", "--store", f"{server.base}/store", "--graph", str(graph_file)]) == 0
        )
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def remote_app(oxigraph: _Oxigraph) -> Flask:
    return create_app({"STORE_URL": f"{oxigraph.base}/query"})


@pytest.fixture(scope="module")
def remote(remote_app: Flask) -> FlaskClient:
    return remote_app.test_client()


@pytest.fixture(scope="module")
def local(client: FlaskClient) -> FlaskClient:
    """The app over the same graph in its embedded store."""
    return client


@needs_oxigraph
def test_load_puts_each_graph_and_replaces_it_the_next_time(
    oxigraph: _Oxigraph, graph_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        lexkg_main(["load", "--store", f"{oxigraph.base}/store", "--graph", str(graph_file)]) == 0
    )
    out, err = capsys.readouterr()
    graphs = {quad.graph_name for quad in ox.parse(path=graph_file, format=ox.RdfFormat.N_QUADS)}
    triples = sum(1 for _ in ox.parse(path=graph_file, format=ox.RdfFormat.N_QUADS))
    assert out.startswith(f"loaded {len(graphs)} graphs (0 new, {len(graphs)} replaced), ")
    assert f", {triples} triples, into {oxigraph.base}/store in " in out
    assert err.count("replaced (204)") == len(graphs)
    # Replaced, not added to: the store holds each triple once.
    assert RemoteStore(f"{oxigraph.base}/query").triple_count() == triples


@needs_oxigraph
def test_load_reports_an_unreachable_store(graph_file: Path, capsys) -> None:
    url = f"http://127.0.0.1:{free_port()}/store"
    assert lexkg_main(["load", "--store", url, "--graph", str(graph_file)]) == 1
    assert "cannot be reached" in capsys.readouterr().err


SPARQL_CASES = {
    "select": "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER (isIRI(?s) && !isBLANK(?o)) } "
    "ORDER BY ?s ?p ?o LIMIT 50",
    "graphs": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "ask": f"ASK {{ <{ACT}> ?p ?o }}",
    "construct": f"CONSTRUCT {{ <{ACT}> ?p ?o }} WHERE {{ <{ACT}> ?p ?o }}",
    "describe": f"DESCRIBE <{PROVISION}>",
    "from": f"SELECT (COUNT(*) AS ?n) FROM <{ACT}> WHERE {{ ?s ?p ?o }}",
    "relative": "CONSTRUCT { <s> <p> 1 } WHERE {}",  # resolved against the endpoint's URL
}


@needs_oxigraph
@pytest.mark.parametrize("case", SPARQL_CASES)
@pytest.mark.parametrize("accept", ["", "text/csv", "text/turtle"])
def test_sparql_answers_as_the_embedded_store(
    remote: FlaskClient, local: FlaskClient, case: str, accept: str
) -> None:
    headers = {"Accept": accept} if accept else {}
    ours = local.post("/sparql", data={"query": SPARQL_CASES[case]}, headers=headers)
    theirs = remote.post("/sparql", data={"query": SPARQL_CASES[case]}, headers=headers)
    assert theirs.status_code == ours.status_code
    assert theirs.mimetype == ours.mimetype
    if ours.mimetype == "text/turtle":
        assert isomorphic(_turtle(theirs.data), _turtle(ours.data))
    elif ours.status_code == 200:
        assert sorted(theirs.data.splitlines()) == sorted(ours.data.splitlines())


def _turtle(body: bytes) -> rdflib.Graph:
    return rdflib.Graph().parse(data=body, format="turtle")


@needs_oxigraph
@pytest.mark.parametrize(
    "dataset",
    [
        {"default-graph-uri": ACT},
        {"named-graph-uri": ACT},
        {"default-graph-uri": [ACT, "https://w3id.org/lexkg/ontology"], "named-graph-uri": ACT},
    ],
    ids=["default", "named", "both"],
)
def test_the_protocol_dataset_as_the_embedded_store(
    remote: FlaskClient, local: FlaskClient, dataset: dict
) -> None:
    sparql = (
        "SELECT ?where (COUNT(*) AS ?n) WHERE { { ?s ?p ?o BIND ('default' AS ?where) } "
        "UNION { GRAPH ?g { ?s ?p ?o } BIND (STR(?g) AS ?where) } } GROUP BY ?where"
    )
    ours = local.post("/sparql", data={"query": sparql, **dataset})
    theirs = remote.post("/sparql", data={"query": sparql, **dataset})
    assert ours.status_code == theirs.status_code == 200
    assert _rows(theirs.data) == _rows(ours.data)


@needs_oxigraph
@pytest.mark.parametrize(("name", "lang"), _named_cases())
def test_named_queries_answer_as_the_embedded_store(
    remote: FlaskClient, local: FlaskClient, name: str, lang: str
) -> None:
    query = load_queries(resources.queries_dir())[name]
    values = {p.name: EXAMPLES[p.name] for p in query.params if p.default is None}
    if any(p.name == "lang" for p in query.params):
        values["lang"] = lang
    ours = local.get(f"/queries/{name}", query_string=values)
    theirs = remote.get(f"/queries/{name}", query_string=values)
    assert ours.status_code == theirs.status_code == 200
    assert json.loads(theirs.data) == json.loads(ours.data)  # the same rows in the same order


@needs_oxigraph
@pytest.mark.parametrize(
    "path",
    [
        "/eli/reg/2024/1732/oj",
        "/eli/reg/2024/1732/oj/deu",
        "/eli/reg/2021/1173/art_9/par_6a/2024-07-09",
        "/eli/reg/2021/1173/2024-07-09",
        "/queries",
        "/void",
    ],
)
def test_pages_are_the_same(remote: FlaskClient, local: FlaskClient, path: str) -> None:
    ours, theirs = local.get(path), remote.get(path)
    assert ours.status_code == theirs.status_code == 200
    assert theirs.data == ours.data


@needs_oxigraph
def test_eli_resources_as_rdf_are_the_same(remote: FlaskClient, local: FlaskClient) -> None:
    path = "/eli/reg/2024/1732/oj"
    ours = local.get(path, headers={"Accept": "text/turtle"})
    theirs = remote.get(path, headers={"Accept": "text/turtle"})
    assert isomorphic(_turtle(theirs.data), _turtle(ours.data))
    assert len(_turtle(ours.data)) > 50


@needs_oxigraph
@pytest.mark.parametrize(
    "profile",
    [
        {"hosts_ai_optimised_supercomputer": True, "lang": "de", "date": "2025-03-01"},
        {"existing_hosting_entity": True, "applies_for_ai_factory": True, "date": "2025-03-01"},
        {"date": "2025-03-01"},
    ],
)
def test_assess_answers_as_the_embedded_store(
    remote: FlaskClient, local: FlaskClient, profile: dict
) -> None:
    ours = local.post("/api/assess", json=profile)
    theirs = remote.post("/api/assess", json=profile)
    assert ours.status_code == theirs.status_code == 200
    assert theirs.get_json() == ours.get_json()


@needs_oxigraph
@pytest.mark.filterwarnings("ignore:unclosed file:ResourceWarning")  # pyLODE, on /ontology
def test_ontology_is_the_same(remote: FlaskClient, local: FlaskClient) -> None:
    for accept, syntax in (("text/turtle", "turtle"), ("application/n-triples", "nt")):
        ours = local.get("/ontology", headers={"Accept": accept})
        theirs = remote.get("/ontology", headers={"Accept": accept})
        assert theirs.status_code == ours.status_code == 200
        assert isomorphic(
            rdflib.Graph().parse(data=theirs.data, format=syntax),
            rdflib.Graph().parse(data=ours.data, format=syntax),
        )
    # The HTML documentation (pyLODE) orders some lists differently from one run to the next.
    ours = local.get("/ontology", headers={"Accept": "text/html"})
    theirs = remote.get("/ontology", headers={"Accept": "text/html"})
    assert theirs.status_code == ours.status_code == 200
    assert sorted(theirs.data.splitlines()) == sorted(ours.data.splitlines())


@needs_oxigraph
def test_health_and_service_description(remote: FlaskClient, local: FlaskClient) -> None:
    assert remote.get("/health").get_json() == local.get("/health").get_json()
    ours = local.get("/sparql", headers={"Accept": "text/turtle"})
    theirs = remote.get("/sparql", headers={"Accept": "text/turtle"})
    assert isomorphic(_turtle(theirs.data), _turtle(ours.data))


@needs_oxigraph
def test_errors_of_the_remote_store(remote: FlaskClient, local: FlaskClient) -> None:
    for sparql in (
        "SELECT * WHERE { ?s ?p ",
        f"SELECT * WHERE {{ SERVICE <{ACT}> {{ ?s ?p ?o }} }}",
    ):
        ours = local.post("/sparql", data={"query": sparql})
        theirs = remote.post("/sparql", data={"query": sparql})
        assert ours.status_code == theirs.status_code == 400
    assert remote.post("/sparql", data={"query": "DELETE WHERE { ?s ?p ?o }"}).status_code == 403
    theirs = remote.get("/sparql", query_string={"query": "ASK {}"}, headers={"Accept": "text/x"})
    assert theirs.status_code == 406


@needs_oxigraph
def test_time_and_size_limits(oxigraph: _Oxigraph) -> None:
    store = RemoteStore(f"{oxigraph.base}/query", timeout=1, max_result_bytes=300)
    with pytest.raises(ResultTooLargeError):
        store.query("SELECT * WHERE { ?s ?p ?o }", choose=_choose)
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    began = time.monotonic()
    with pytest.raises(QueryTimeoutError):
        store.query(slow, choose=_choose)
    assert time.monotonic() - began < 5
    client = create_app({"STORE_URL": f"{oxigraph.base}/query", "QUERY_TIMEOUT": 1}).test_client()
    assert client.post("/sparql", data={"query": slow}).status_code == 503
    client = create_app({"STORE_URL": oxigraph.base + "/query", "MAX_RESULT_BYTES": 300})
    assert (
        client.test_client().post("/sparql", data={"query": SPARQL_CASES["select"]}).status_code
        == 422
    )


def test_an_unreachable_store_is_unavailable(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    graph = tmp_path / "g.nq"
    graph.write_text("<http://x/s> <http://x/p> <http://x/o> <http://x/g> .\n", encoding="utf-8")
    with pytest.raises(StoreUnavailableError, match="cannot be reached"):
        RemoteStore(url, union="server").query("ASK {}", choose=_choose)
    client = create_app({"STORE_URL": url}).test_client()
    assert client.get("/health").status_code == 503
    assert client.post("/sparql", data={"query": "ASK {}"}).status_code == 503
    assert client.get("/queries/recitals").status_code == 503
    with pytest.raises(StoreUnavailableError, match="cannot be reached"):
        put_graphs(url, graph)


@needs_oxigraph
def test_every_way_to_the_union_default_graph(
    tmp_path: Path, oxigraph: _Oxigraph, graph_file: Path
) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    expected = sum(1 for _ in ox.parse(path=graph_file, format=ox.RdfFormat.N_QUADS))

    def counted(store: RemoteStore) -> int:
        return int(
            json.loads(store.query(count, choose=_choose).body)["results"]["bindings"][0]["n"][
                "value"
            ]
        )

    auto = RemoteStore(f"{oxigraph.base}/query")
    assert auto.union_mode == "parameter"
    assert counted(auto) == expected
    assert counted(RemoteStore(f"{oxigraph.base}/query", union="graphs")) == expected
    assert counted(RemoteStore(f"{oxigraph.base}/query", union="server")) == 0  # as it said
    united = _Oxigraph(tmp_path / "united", "--union-default-graph")
    try:
        put_graphs(f"{united.base}/store", graph_file)
        store = RemoteStore(f"{united.base}/query")
        assert store.union_mode == "server"
        assert counted(store) == expected
    finally:
        united.stop()


@needs_oxigraph
def test_serve_with_store(oxigraph: _Oxigraph, tmp_path: Path, graph_file: Path) -> None:
    port = free_port()
    command = [sys.executable, "-m", "lexkg", "serve", "--store"]
    command += [f"{oxigraph.base}/query", "--port", str(port), "--workers", "1", "--threads", "2"]
    expected = sum(1 for _ in ox.parse(path=graph_file, format=ox.RdfFormat.N_QUADS))
    with serving(command, port, tmp_path / "serve.log") as base:
        with urllib.request.urlopen(f"{base}/health", timeout=10) as answer:
            assert json.load(answer) == {"status": "ok", "triples": expected}
        with urllib.request.urlopen(f"{base}/queries/recitals?format=csv", timeout=10) as answer:
            assert answer.read().decode("utf-8").count("\n") == 8  # the header and 7 recitals


def test_serve_with_a_bad_store_url_stops_at_once(capsys: pytest.CaptureFixture[str]) -> None:
    assert lexkg_main(["serve", "--store", "ftp://127.0.0.1/query"]) == 1
    assert "not an http(s) URL" in capsys.readouterr().err
