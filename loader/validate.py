"""SHACL validation of a built graph (pyshacl, no inference) and a report a person can read."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from lexkg.loader.quads import Quads, oxigraph_quads
from lexkg.loader.terms import to_oxigraph
from lexkg.vocab import ELI as ELI_ONTOLOGY
from lexkg.vocab import ELI_BASE, LKG

ELI = ELI_BASE
PREFIXES = {
    str(ELI_ONTOLOGY): "eli:",
    str(LKG): "lkg:",
    "https://w3id.org/lexkg/shapes#": "shapes:",
    "http://www.w3.org/2001/XMLSchema#": "xsd:",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf:",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs:",
}
SEVERITY = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


@dataclass(frozen=True)
class Violation:
    """One SHACL validation result."""

    focus: Node
    path: Node | None
    message: str
    severity: URIRef
    shape: Node
    value: Node | None = None


@dataclass(frozen=True)
class Report:
    """The outcome of a validation: whether the graph conforms, and every result."""

    conforms: bool
    violations: list[Violation]

    def text(self) -> str:
        """One line per result, grouped by message, then a count; "conforms" when none."""
        if not self.violations:
            return "conforms"
        groups: dict[tuple[str, str], list[Violation]] = defaultdict(list)
        for v in self.violations:
            groups[(v.message, SEVERITY.get(v.severity, str(v.severity)))].append(v)
        lines = []
        for (message, severity), found in sorted(groups.items()):
            head = message if severity == "violation" else f"{severity}: {message}"
            lines.append(f"{head} ({len(found)})")
            rows = sorted(_line(v) for v in found)
            lines.extend(f"  {row}" for row in rows)
        counts = defaultdict(int)
        for v in self.violations:
            counts[SEVERITY.get(v.severity, str(v.severity))] += 1
        total = ", ".join(
            f"{n} {kind}{'' if n == 1 else 's'}" for kind, n in sorted(counts.items())
        )
        lines.append(total + (" (conforms)" if self.conforms else ""))
        return "\n".join(lines)


def short(node: Node | None) -> str:
    """A node for a person: ELI IRIs without "http://data.europa.eu/eli/", known prefixes."""
    if node is None:
        return ""
    if isinstance(node, URIRef):
        iri = str(node)
        for namespace, prefix in PREFIXES.items():
            if iri.startswith(namespace):
                return prefix + iri[len(namespace) :]
        return iri[len(ELI) :] if iri.startswith(ELI) else f"<{iri}>"
    if isinstance(node, Literal):
        text = str(node)
        text = text if len(text) <= 60 else text[:59] + "…"
        text = '"' + text.replace("\n", "\\n") + '"'
        if node.language:
            return f"{text}@{node.language}"
        return f"{text}^^{short(node.datatype)}" if node.datatype else text
    if isinstance(node, BNode):
        return "[]"
    return str(node)


def _line(v: Violation) -> str:
    parts = [short(v.focus)]
    if v.path is not None:
        parts.append(short(v.path) if isinstance(v.path, URIRef) else "(path)")
    if v.value is not None and v.value != v.focus:
        parts.append(short(v.value))
    return "  ".join(parts)


def _oxigraph(data: Graph | Quads, quads: list[ox.Quad] | None) -> ox.Store:
    """The triples of *data* (of every graph of a dataset) in one Oxigraph default graph."""
    if quads is None:
        if isinstance(data, Quads) or data.context_aware:
            quads = oxigraph_quads(data)  # type: ignore[arg-type]
        else:
            quads = [ox.Quad(*(to_oxigraph(t) for t in triple)) for triple in data]
    store = ox.Store()
    store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    return store


def _message(results: Graph, node: Node) -> str:
    messages = list(results.objects(node, SH.resultMessage))
    for m in messages:
        if isinstance(m, Literal) and m.language in (None, "en"):
            return str(m)
    return str(messages[0]) if messages else ""


def _one(results: Graph, node: Node, prop: URIRef) -> Node | None:
    return next(iter(results.objects(node, prop)), None)


def validate(
    graph: Graph | Quads, shapes: Path | Graph, quads: list[ox.Quad] | None = None
) -> Report:
    """Validate a graph (a dataset, `Quads`: the union of its named graphs) against shapes.

    pyshacl validates an Oxigraph copy of the triples: its SPARQL-based targets and constraints
    then run on Oxigraph, in milliseconds where rdflib's evaluator takes seconds. No inference;
    advanced mode for the SPARQL-based targets; warnings and infos do not make the graph
    non-conforming. *quads*: the same graph as pyoxigraph's quads, when the caller has them.
    """
    if not isinstance(shapes, Graph):
        shapes = Graph().parse(shapes, format="turtle")
    conforms, results, _ = pyshacl.validate(
        _oxigraph(graph, quads),
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
        inplace=True,  # no inference: the graph is read, never changed; skip pyshacl's clone
    )
    violations = [
        Violation(
            focus=_one(results, r, SH.focusNode),  # type: ignore[arg-type]
            path=_one(results, r, SH.resultPath),
            message=_message(results, r),
            severity=_one(results, r, SH.resultSeverity),  # type: ignore[arg-type]
            shape=_one(results, r, SH.sourceShape),  # type: ignore[arg-type]
            value=_one(results, r, SH.value),
        )
        for r in results.subjects(RDF.type, SH.ValidationResult)
    ]
    return Report(bool(conforms), violations)
