"""The service end to end: ``lexkg serve`` builds the graph if needed and answers SPARQL."""

from __future__ import annotations

import json
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from support import free_port, serving

pytestmark = pytest.mark.slow  # starts servers

ARTICLE_9_6A = """
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX lkg: <https://w3id.org/lexkg/ontology#>
SELECT ?lang ?text ?instruction WHERE {
  <http://data.europa.eu/eli/reg/2021/1173/art_9/par_6a/2024-07-09>
      eli:is_realized_by ?e ; lkg:introducedBy ?instruction .
  ?e lkg:text ?text .
  BIND(LANG(?text) AS ?lang)
}
"""


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A `lexkg serve` started without a graph file, so that it builds one first: its base URL
    and its folder (the graph, the log and, beside it, its standard output, unbuffered)."""
    folder = tmp_path_factory.mktemp("service")
    port = free_port()
    command = [sys.executable, "-u", "-m", "lexkg", "serve", "--port", str(port)]
    command += ["--graph", str(folder / "graph.nq")]
    with serving(command, port, folder / "log", timeout=120) as base:
        yield base, folder


def test_serve_builds_the_graph_and_answers_article_9_6a(service: tuple[str, Path]) -> None:
    base, folder = service
    assert (folder / "graph.nq").exists()
    assert "built " in (folder / "log.stdout").read_text()
    data = urllib.parse.urlencode({"query": ARTICLE_9_6A}).encode()
    request = urllib.request.Request(
        f"{base}/sparql", data=data, headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        rows = json.load(response)["results"]["bindings"]
    texts = {row["lang"]["value"]: row["text"]["value"] for row in rows}
    assert texts["nl"].startswith("Voor de in artikel 12 bis bedoelde voor AI geoptimaliseerde")
    assert texts["de"].startswith("Für die in Artikel 12a genannten KI-optimierten Supercomputer")
    assert {row["instruction"]["value"] for row in rows} == {
        "http://data.europa.eu/eli/reg/2024/1732/art_1/pnt_4/pnt_c/oj"
    }


def test_serve_refuses_a_graph_it_cannot_read(tmp_path: Path, capsys) -> None:
    from lexkg.cli import main

    bad = tmp_path / "graph.ttl"
    bad.write_text("not a graph")
    assert main(["serve", "--graph", str(bad), "--port", str(free_port())]) == 1
    assert "graph.ttl: unsupported graph file extension" in capsys.readouterr().err


def test_researchers_script_with_sparqlwrapper(service: tuple[str, Path]) -> None:
    """A script as researchers write it: SPARQLWrapper against the running service."""
    from SPARQLWrapper import JSON, SPARQLWrapper

    base, _ = service
    endpoint = SPARQLWrapper(f"{base}/sparql")
    endpoint.setQuery(ARTICLE_9_6A)
    endpoint.setReturnFormat(JSON)
    rows = endpoint.query().convert()["results"]["bindings"]
    endpoint.setMethod("POST")
    assert endpoint.query().convert()["results"]["bindings"] == rows
    endpoint.setQuery("ASK { ?s a <http://data.europa.eu/eli/ontology#LegalResource> }")
    assert endpoint.query().convert()["boolean"] is True
    assert {row["lang"]["value"] for row in rows} == {"nl", "de"}


def test_load_to_an_unreachable_store_fails_cleanly(graph_file: Path, capsys) -> None:
    from lexkg.cli import main

    store = f"http://127.0.0.1:{free_port()}/store"
    assert main(["load", "--store", store, "--graph", str(graph_file), "--quiet"]) == 1
    assert f"{store} cannot be reached" in capsys.readouterr().err
