"""A query's answer as a table for a page: its columns, and cells that say what each term is.

Any query form: a SELECT answer is its variables and solutions, an ASK answer a boolean, and a
CONSTRUCT or DESCRIBE answer the triples of its graph (subject, predicate, object). An IRI's
cell links where the caller's `Linker` says (a local page, else the IRI itself) and shows it
in words: an ELI resource by its name ("Regulation (EU) 2021/1173, Article 9(5)"), any other
IRI compactly with a prefix (`lkg:Norm`). Literals keep their language tag.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib import Literal as RdfLiteral

from lexkg.server.core.formats import RESULTS_JSON
from lexkg.server.core.results import read_boolean, read_table
from lexkg.server.services.eli.text import name
from lexkg.server.store.base import Store
from lexkg.vocab import ELI_BASE, PREFIXES

__all__ = ["Cell", "Linker", "Table", "answer_table", "compact", "graph_rows"]

# An IRI's link on a page.
Linker = Callable[[str], str]
_GRAPH_TYPE = "application/n-triples"
# Beyond the project's own prefixes: those of the catalogue, VoID and service description.
_MORE_PREFIXES = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "void": "http://rdfs.org/ns/void#",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "prov": "http://www.w3.org/ns/prov#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "adms": "http://www.w3.org/ns/adms#",
    "spdx": "http://spdx.org/rdf/terms#",
    "host": "https://w3id.org/lexkg/host/",
    "authority": "http://publications.europa.eu/resource/authority/",
}
_PREFIXES = {**PREFIXES, **_MORE_PREFIXES}


@dataclass(frozen=True)
class Cell:
    """One term shown: its text, where it links, its language, and its full form."""

    text: str
    href: str | None = None
    lang: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Table:
    """An answer for a page: columns and rows of cells (a cell None where a variable is
    unbound), or an ASK answer's boolean."""

    columns: tuple[str, ...] = ()
    rows: tuple[tuple[Cell | None, ...], ...] = ()
    boolean: bool | None = None
    graph: bool = False  # the triples of a CONSTRUCT or DESCRIBE answer


def answer_table(store: Store, sparql: str, *, link: Linker, **options: object) -> Table:
    """The answer to *sparql* as a table; *options* go to `Store.query` (bindings, dataset,
    base IRI). Raises the store's errors."""
    answer = store.query(sparql, choose=_pick, **options)  # type: ignore[arg-type]
    if answer.media_type != RESULTS_JSON:
        triples = Graph().parse(data=answer.body, format="nt")
        return graph_rows(triples, link)
    try:
        columns, solutions = read_table(answer.body)
    except ValueError:
        return Table(boolean=read_boolean(answer.body))
    rows = tuple(tuple(_cell(row[c], link) for c in columns) for row in solutions)
    return Table(tuple(columns), rows)


def graph_rows(graph: Graph, link: Linker) -> Table:
    """A graph's triples as a table, sorted by subject, predicate and object."""
    rows = sorted(
        (tuple(_rdflib_cell(term, link) for term in triple) for triple in graph),
        key=lambda row: tuple(cell.title or cell.text for cell in row),
    )
    return Table(("subject", "predicate", "object"), tuple(rows), graph=True)


def compact(iri: str, prefixes: Mapping[str, str] = _PREFIXES) -> str:
    """An IRI in words: an ELI resource by its name, another with a prefix where one fits."""
    if iri.startswith(ELI_BASE) and not iri.startswith(PREFIXES["eli"]):
        return name(iri)
    for prefix, namespace in prefixes.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _pick(offers: tuple[str, ...] | list[str]) -> str | None:
    if RESULTS_JSON in offers:
        return RESULTS_JSON
    return _GRAPH_TYPE if _GRAPH_TYPE in offers else None


def _cell(term: object, link: Linker) -> Cell | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Cell(compact(term.value), link(term.value), title=term.value)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value if term.datatype else None
        return Cell(term.value, lang=term.language, title=_datatype(datatype))
    if isinstance(term, ox.BlankNode):
        return Cell(f"_:{term.value}")
    return Cell(str(term))


def _rdflib_cell(term: object, link: Linker) -> Cell:
    if isinstance(term, URIRef):
        return Cell(compact(str(term)), link(str(term)), title=str(term))
    if isinstance(term, RdfLiteral):
        datatype = str(term.datatype) if term.datatype else None
        return Cell(str(term), lang=term.language, title=_datatype(datatype))
    return Cell(f"_:{term}")


def _datatype(datatype: str | None) -> str | None:
    """A literal's datatype as a tooltip, left out for plain strings."""
    if datatype is None or datatype.endswith(("#string", "#langString")):
        return None
    return compact(datatype)
