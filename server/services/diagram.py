"""A picture of the model, drawn from the ontology itself with Graphviz.

Classes are boxes (the host roles rounded), ``rdfs:subClassOf`` are hollow arrows, object
properties with a declared domain and range are labelled arrows. The few ELI links the model
rests on (a subdivision is part of an act, an expression realizes a work) come from ELI 1.5.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef

from lexkg import vocab

LKG = str(vocab.LKG)
ELI = str(vocab.ELI)
_ELI_LINKS = [  # from ELI 1.5, imported by IRI
    (ELI + "LegalResourceSubdivision", "is_part_of", ELI + "LegalResource"),
    (ELI + "LegalExpression", "realizes", ELI + "LegalResource"),
    (ELI + "LegalResource", "amends / cites / refers_to", ELI + "LegalResource"),
]
_DOCUMENT = {
    "Action",
    "AmendingInstruction",
    "Event",
    "Footnote",
    "Modality",
    "Norm",
    "TemporalCondition",
}


class DiagramUnavailable(RuntimeError):
    """Graphviz is not installed here."""


def _name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1]


def _label(graph: Graph, iri: URIRef) -> str:
    for label in graph.objects(iri, RDFS.label):
        if isinstance(label, Literal) and label.language == "en":
            return str(label)
    return _name(str(iri))


def _node(iri: str, label: str, rounded: bool = False) -> str:
    style = ' style="rounded,filled" fillcolor="#eef3fb"' if rounded else ""
    return f'  "{iri}" [label="{label}"{style}];'


def dot_source(graph: Graph) -> str:
    """The DOT text of the model drawn from an ontology graph."""
    classes = sorted(
        c
        for c in graph.subjects(RDF.type, OWL.Class)
        if isinstance(c, URIRef) and str(c).startswith(LKG)
    )
    roles = set(graph.subjects(URIRef(LKG + "isHostRole"), Literal(True)))
    eli = sorted({a for a, _, _ in _ELI_LINKS} | {b for _, _, b in _ELI_LINKS})
    document = [
        c
        for c in classes
        if _name(str(c)) in _DOCUMENT
        or (
            (c, RDFS.subClassOf, None) in graph
            and any(str(o).startswith(ELI) for o in graph.objects(c, RDFS.subClassOf))
        )
    ]
    entities = [c for c in classes if c not in document]
    lines = [
        "digraph lexkg {",
        '  graph [rankdir=LR fontname="Helvetica" fontsize=11 nodesep=0.25 ranksep=0.6];',
        '  node [shape=box fontname="Helvetica" fontsize=10];',
        '  edge [fontname="Helvetica" fontsize=9 color="#555555"];',
        '  subgraph cluster_document { label="The document (ELI and lexkg)"; color="#999999";',
        *(_node(c, "eli:" + _name(c)) for c in eli),
        *(_node(str(c), _label(graph, c)) for c in document),
        "  }",
        '  subgraph cluster_entities { label="What the act regulates"; color="#999999";',
        *(_node(str(c), _label(graph, c), c in roles) for c in entities),
        "  }",
    ]
    lines += _edges(graph, set(map(str, classes)) | set(eli))
    lines.append("}")
    return "\n".join(lines)


def _edges(graph: Graph, known: set[str]) -> Iterable[str]:
    for child, parent in sorted(graph.subject_objects(RDFS.subClassOf)):
        if str(child) in known and str(parent) in known:
            yield f'  "{child}" -> "{parent}" [arrowhead=onormal];'
    for prop in sorted(graph.subjects(RDF.type, OWL.ObjectProperty)):
        domain, range_ = graph.value(prop, RDFS.domain), graph.value(prop, RDFS.range)
        if str(domain) in known and str(range_) in known:
            yield f'  "{domain}" -> "{range_}" [label="{_name(str(prop))}"];'
    for a, label, b in _ELI_LINKS:
        yield f'  "{a}" -> "{b}" [label="{label}" style=dashed];'


def render_svg(dot: str) -> bytes:
    """Lay the DOT text out as SVG with Graphviz's ``dot``."""
    exe = shutil.which("dot")
    if exe is None:
        raise DiagramUnavailable("Graphviz is not installed (Debian: apt-get install graphviz)")
    return subprocess.run(
        [exe, "-Tsvg"], input=dot.encode("utf-8"), capture_output=True, check=True, timeout=60
    ).stdout
