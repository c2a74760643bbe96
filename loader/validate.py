"""SHACL validation of a built graph (pyshacl, no inference) and a report a person can read."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyshacl
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

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


def union(dataset: Dataset) -> Graph:
    """The triples of every graph of a dataset, in one graph."""
    g = _PreparedQueries()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


@lru_cache(maxsize=128)
def _prepared(text: str, namespaces: tuple[tuple[str, URIRef], ...]) -> Query:
    return prepareQuery(text, initNs=dict(namespaces))


class _PreparedQueries(Graph):
    """A graph that parses each distinct SPARQL text once.

    pyshacl runs a SPARQL-based constraint once per focus node, as text; rdflib would parse it
    every time (some 45 ms each), nine tenths of a validation.
    """

    def query(  # type: ignore[override]
        self,
        query_object: str | Query,
        processor: str = "sparql",
        result: str = "sparql",
        initNs: Mapping[str, Any] | None = None,
        initBindings: Mapping[str, Node] | None = None,
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> Any:
        if isinstance(query_object, str) and initNs is None:
            query_object = _prepared(query_object, tuple(sorted(self.namespaces())))
        return super().query(
            query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs
        )


def _copy(graph: Graph) -> Graph:
    if graph.context_aware:  # a Dataset or ConjunctiveGraph: validate the union of its graphs
        return union(graph)  # type: ignore[arg-type]
    g = _PreparedQueries()
    for triple in graph:
        g.add(triple)
    return g


def _message(results: Graph, node: Node) -> str:
    messages = list(results.objects(node, SH.resultMessage))
    for m in messages:
        if isinstance(m, Literal) and m.language in (None, "en"):
            return str(m)
    return str(messages[0]) if messages else ""


def _one(results: Graph, node: Node, prop: URIRef) -> Node | None:
    return next(iter(results.objects(node, prop)), None)


def validate(graph: Graph, shapes: Path | Graph) -> Report:
    """Validate a graph (a dataset: the union of its named graphs) against SHACL shapes.

    No inference; advanced mode for the SPARQL-based targets; warnings and infos do not make
    the graph non-conforming. The graph given is not changed (a copy is validated).
    """
    if not isinstance(shapes, Graph):
        shapes = Graph().parse(shapes, format="turtle")
    data = _copy(graph)
    conforms, results, _ = pyshacl.validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
        inplace=True,  # the copy: skips pyshacl's own clone, keeps the prepared queries
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
