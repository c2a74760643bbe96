"""Helpers for the tests: where the real texts are, and finding a division by its path."""

from __future__ import annotations

from rdflib import Dataset, Graph

from lexkg import paths
from loader.model import Act, Division

ACT_TOML = paths.DATA / "reg-2024-1732" / "act.toml"
NL_TEXT = paths.DATA / "reg-2024-1732" / "nl.txt"
DE_TEXT = paths.DATA / "reg-2024-1732" / "de.txt"


def find(act: Act, path: str) -> Division:
    """The division at an ELI-style path ('art_1/pnt_4/pnt_a', 'art_9/par_6a' in the new text)."""
    wanted = tuple(path.split("/"))
    for d in act.walk():
        if d.path == wanted:
            return d
    raise LookupError(path)


def union(dataset: Dataset) -> Graph:
    """The triples of every graph of a dataset, in one graph."""
    g = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        g.add((s, p, o))
    return g
