"""The ELI metadata a page carries, once as RDFa and once as JSON-LD, from the same statements.

A `Described` resource holds the triples the page states about it (all its triples in the
graph but provenance, and `lkg:text` only where asked). The template writes the ones marked
with `show` in visible elements (`property` with the text as content, or `resource` on a link)
and every other one in a hidden `<link property href>` or `<meta property content>`; the
JSON-LD block holds them all. Nothing is stated that the graph does not hold.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from lexkg.server.services.eli.data import ELI, LKG, bind_prefixes

__all__ = ["PREFIX_ATTRIBUTE", "Described", "Hidden", "curie", "jsonld"]

PREFIXES = {"eli": str(ELI), "lkg": str(LKG), "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD)}
PREFIX_ATTRIBUTE = " ".join(f"{prefix}: {iri}" for prefix, iri in PREFIXES.items())
_PROVENANCE = frozenset({LKG.sourceFile, LKG.firstLine, LKG.lastLine})


def curie(iri: str) -> str:
    """`eli:title` for an IRI in a known namespace, else the IRI (RDFa takes both)."""
    for prefix, namespace in PREFIXES.items():
        local = iri[len(namespace) :]
        if iri.startswith(namespace) and local.replace("_", "a").replace("-", "a").isalnum():
            return f"{prefix}:{local}"
    return iri


@dataclass(frozen=True)
class Hidden:
    """One statement in a hidden element: an IRI (`href`) or a literal (`content`)."""

    property: str
    href: str | None = None
    content: str | None = None
    lang: str = ""  # "" states a literal without language
    datatype: str | None = None


@dataclass
class Described:
    """A resource the page describes, with the statements it makes about it."""

    iri: str
    types: list[str]
    statements: list[tuple[URIRef, URIRef | Literal]]
    shown: set[tuple[URIRef, URIRef | Literal]] = field(default_factory=set)

    @classmethod
    def of(cls, graph: Graph, iri: URIRef, *, text: bool = False) -> Described:
        """All triples of `iri` but provenance; `lkg:text` only if `text`."""
        statements = sorted(
            (p, o)
            for p, o in graph.predicate_objects(iri)
            if p != RDF.type and p not in _PROVENANCE and (text or p != LKG.text)
            if isinstance(o, URIRef | Literal)
        )
        types = sorted(curie(t) for t in graph.objects(iri, RDF.type))
        return cls(str(iri), types, statements)

    @property
    def typeof(self) -> str:
        return " ".join(self.types)

    def show(self, predicate: URIRef, value: URIRef | Literal | None) -> str | None:
        """The property attribute for a statement the template shows; None if not stated."""
        if value is None or (predicate, value) not in self.statements:
            return None
        self.shown.add((predicate, value))
        return curie(predicate)

    def hidden(self) -> list[Hidden]:
        """The statements not shown, for hidden elements."""
        out = []
        for p, o in self.statements:
            if (p, o) in self.shown:
                continue
            if isinstance(o, URIRef):
                out.append(Hidden(curie(p), href=str(o)))
            elif o.language:
                out.append(Hidden(curie(p), content=str(o), lang=o.language))
            else:
                datatype = str(o.datatype) if o.datatype and o.datatype != XSD.string else None
                out.append(Hidden(curie(p), content=str(o), datatype=datatype))
        return out

    def triples(self) -> Iterable[tuple[URIRef, URIRef, URIRef | Literal]]:
        subject = URIRef(self.iri)
        for t in self.types:
            yield subject, RDF.type, URIRef(_expand(t))
        for p, o in self.statements:
            yield subject, p, o


def _expand(term: str) -> str:
    prefix, _, local = term.partition(":")
    return PREFIXES[prefix] + local if prefix in PREFIXES and not local.startswith("//") else term


def jsonld(described: Iterable[Described]) -> str:
    """The statements as JSON-LD, safe inside `<script>` (no `</` in it)."""
    graph = bind_prefixes(Graph())
    for d in described:
        for triple in d.triples():
            graph.add(triple)
    data = json.loads(graph.serialize(format="json-ld", context=PREFIXES, auto_compact=True))
    return json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
