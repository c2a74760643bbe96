"""Shared fixtures: the real texts of Regulation (EU) 2024/1732, read and built once."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph

from lexkg import resources
from lexkg.cli import main
from lexkg.loader.build import Built, Source, build, read_act, read_source
from lexkg.loader.model import Act

from support import ACT_TOML, CORPUS, DE_TEXT, NL_TEXT, closing_app, union

# The CLI reads LEXKG_CORPUS; the tests build the seed act alone unless they pass --corpus
# (support.CORPUS has kept where the corpus is).
os.environ.pop("LEXKG_CORPUS", None)


@pytest.fixture(scope="session")
def source() -> Source:
    return read_source(ACT_TOML)


@pytest.fixture(scope="session")
def acts(source: Source) -> dict[str, Act]:
    return {lang: read_act(text, source) for lang, text in source.texts.items()}


@pytest.fixture(scope="session")
def built(source: Source) -> Built:
    return build(source, resources.ontology_files(), today=dt.date(2026, 1, 1))


@pytest.fixture(scope="session")
def graph(built: Built) -> Graph:
    """All triples of the built dataset in one graph (the union of its named graphs)."""
    return union(built.dataset)


@pytest.fixture(scope="session")
def graph_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The graph file `lexkg build` writes from the act's texts, built once and only read.

    A test that needs to change a graph file, or write beside it, makes its own.
    """
    out = tmp_path_factory.mktemp("graph") / "graph.nq"
    assert main(["build", "--out", str(out), "--quiet"]) == 0
    written = out.stat().st_mtime_ns, out.read_bytes()
    noted = out.with_name(out.name + ".inputs")  # what the build notes it was built from
    yield out
    assert sorted(out.parent.iterdir()) == [out, noted], "a test wrote beside the shared graph"
    assert (out.stat().st_mtime_ns, out.read_bytes()) == written, "a test changed the graph file"


@pytest.fixture(scope="session")
def family_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The graph of the whole family (base act, amending acts, corrigendum, three versions),
    built once from the corpus and only read; skipped where there is no corpus."""
    if not CORPUS.is_dir():
        pytest.skip(f"no corpus at {CORPUS}")
    out = tmp_path_factory.mktemp("family") / "graph.nq"
    assert main(["build", "--corpus", str(CORPUS), "--out", str(out), "--quiet"]) == 0
    return out


@pytest.fixture(scope="session")
def app(graph_file: Path) -> Iterator[Flask]:
    """The app over `graph_file`, configured as by default; a test that configures it makes
    its own."""
    with closing_app({"GRAPH_PATH": str(graph_file)}) as app:
        yield app


@pytest.fixture(scope="session")
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture()
def tmp_copy(tmp_path: Path):
    """Copy the act's metadata and texts to a temporary folder, for mutated inputs."""

    def make(nl: str | None = None, de: str | None = None) -> Path:
        folder = tmp_path / "act"
        folder.mkdir(exist_ok=True)
        (folder / "act.toml").write_text(ACT_TOML.read_text(encoding="utf-8"), encoding="utf-8")
        (folder / "nl.txt").write_text(
            nl if nl is not None else NL_TEXT.read_text("utf-8"), "utf-8"
        )
        (folder / "de.txt").write_text(
            de if de is not None else DE_TEXT.read_text("utf-8"), "utf-8"
        )
        return folder / "act.toml"

    return make
