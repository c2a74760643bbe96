"""Shared fixtures: the real texts of Regulation (EU) 2024/1732, read and built once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rdflib import Graph

from lexkg import paths
from loader.build import Built, Source, build, read_act, read_source
from loader.model import Act

from support import ACT_TOML, DE_TEXT, NL_TEXT, union


@pytest.fixture(scope="session")
def source() -> Source:
    return read_source(ACT_TOML)


@pytest.fixture(scope="session")
def acts(source: Source) -> dict[str, Act]:
    return {lang: read_act(text, source) for lang, text in source.texts.items()}


@pytest.fixture(scope="session")
def built(source: Source) -> Built:
    return build(source, paths.ontology_files(), today=dt.date(2026, 1, 1))


@pytest.fixture(scope="session")
def graph(built: Built) -> Graph:
    """All triples of the built dataset in one graph (the union of its named graphs)."""
    return union(built.dataset)


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
