"""The package's own files: ontology, named questions, the seed act, templates and assets.

They are package data, found through `importlib.resources` wherever the package is installed
(a wheel in site-packages, or an editable install of the source tree), never by a path
relative to the repository.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = [
    "SHAPES",
    "act_files",
    "data_dir",
    "example_files",
    "ontology_dir",
    "ontology_files",
    "queries_dir",
    "server_dir",
    "shapes_file",
]


def _folder(package: str) -> Path:
    """The folder of one of lexkg's packages on the disk (pip installs unpacked)."""
    folder = files(package)
    if not isinstance(folder, Path):
        raise RuntimeError(f"{package} is not installed as a folder ({folder!r})")
    return folder


def ontology_dir() -> Path:
    return _folder("lexkg.ontology")


def queries_dir() -> Path:
    """The named questions' folder (``queries/`` of the source tree)."""
    return _folder("lexkg.queries")


def data_dir() -> Path:
    """The seed act's folder of folders (``data/`` of the source tree)."""
    return _folder("lexkg.data")


def server_dir() -> Path:
    """The server package's folder: ``templates/`` and ``static/`` are in it."""
    return _folder("lexkg.server")


def act_files() -> list[Path]:
    """The metadata files of the acts shipped with the package."""
    return sorted(data_dir().glob("*/act.toml"))


def ontology_files() -> list[Path]:
    """The ontology's Turtle files (the SHACL shapes are not part of it)."""
    return sorted(p for p in ontology_dir().glob("*.ttl") if p.name != SHAPES)


def shapes_file() -> Path:
    """The SHACL shapes the built graph must conform to."""
    return ontology_dir() / SHAPES


def example_files() -> list[Path]:
    """Example individuals (described hosts) that the named queries use."""
    return sorted((ontology_dir() / "examples").glob("*.ttl"))


SHAPES = "shapes.ttl"
