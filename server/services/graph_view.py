"""An RDF description (the catalogue, VoID, the service description) as a page shows it:
resource by resource, each with its properties and their values, in words and linked."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RdfLiteral

from lexkg.server.services.answer_table import Cell, Linker, compact

__all__ = ["Described", "described"]

_ID = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*")


@dataclass(frozen=True)
class Described:
    """One resource of a graph: its cell, an anchor, and (property, values) in order."""

    subject: Cell
    anchor: str
    properties: tuple[tuple[Cell, tuple[Cell, ...]], ...]


def described(graph: Graph, link: Linker) -> list[Described]:
    """The graph's subjects, named ones first (by IRI), then blank nodes (by what they say).

    Each has an anchor: a named one's fragment (so `/void#subset` finds it on the page),
    else `node-N`; the values that name a blank node link to its anchor."""
    anchors: dict[URIRef | BNode, str] = {}
    for i, node in enumerate(_subjects(graph)):
        fragment = str(node).partition("#")[2] if isinstance(node, URIRef) else ""
        usable = _ID.fullmatch(fragment) and fragment not in anchors.values()
        anchors[node] = fragment if usable else f"node-{i}"
    made = []
    for subject, anchor in anchors.items():
        rows = []
        for predicate in sorted(set(graph.predicates(subject)), key=str):
            values = sorted(
                (_cell(o, link, anchors) for o in graph.objects(subject, predicate)),
                key=lambda c: (c.title or c.text).casefold(),
            )
            rows.append((_cell(predicate, link, anchors), tuple(values)))
        made.append(Described(_cell(subject, link, anchors), anchor, tuple(rows)))
    return made


def _subjects(graph: Graph) -> list[URIRef | BNode]:
    named = sorted((s for s in set(graph.subjects()) if isinstance(s, URIRef)), key=str)
    blank = [s for s in set(graph.subjects()) if isinstance(s, BNode)]
    blank.sort(key=lambda b: sorted(f"{p} {o}" for p, o in graph.predicate_objects(b)))
    return [*named, *blank]


def _cell(term: object, link: Linker, anchors: dict) -> Cell:
    if isinstance(term, URIRef):
        return Cell(compact(str(term)), link(str(term)), title=str(term))
    if isinstance(term, RdfLiteral):
        datatype = compact(str(term.datatype)) if term.datatype else None
        return Cell(str(term), lang=term.language, title=datatype)
    anchor = anchors.get(term)
    return Cell(f"[{anchor}]" if anchor else "[]", f"#{anchor}" if anchor else None)
