"""Where the project's data, ontology and built graph live (``LEXKG_HOME`` overrides)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("LEXKG_HOME", Path(__file__).resolve().parents[1]))
DATA = ROOT / "data"
ONTOLOGY = ROOT / "ontology"
BUILD = ROOT / "build"
GRAPH = BUILD / "graph.nq"
NODE_MODULES = ROOT / "node_modules"
QUERIES = ROOT / "queries"


def act_files() -> list[Path]:
    """The metadata files of the acts under ``data/``."""
    return sorted(DATA.glob("*/act.toml"))


SHAPES = ONTOLOGY / "shapes.ttl"
EXAMPLES = ONTOLOGY / "examples"


def ontology_files() -> list[Path]:
    """The ontology's Turtle files (the SHACL shapes are not part of it)."""
    return sorted(p for p in ONTOLOGY.glob("*.ttl") if p != SHAPES)


def example_files() -> list[Path]:
    """Example individuals (described hosts) that the named queries use."""
    return sorted(EXAMPLES.glob("*.ttl"))
