"""Where the project's data, ontology and built graph live (``LEXKG_HOME`` overrides)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("LEXKG_HOME", Path(__file__).resolve().parents[1]))
DATA = ROOT / "data"
ONTOLOGY = ROOT / "ontology"
BUILD = ROOT / "build"
GRAPH = BUILD / "graph.nq"


def act_files() -> list[Path]:
    """The metadata files of the acts under ``data/``."""
    return sorted(DATA.glob("*/act.toml"))


def ontology_files() -> list[Path]:
    return sorted(ONTOLOGY.glob("*.ttl"))
