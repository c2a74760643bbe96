"""The whole knowledge base as one OWL ontology, for Protégé and owlready2.

The built graph (vocabulary, the act's subdivisions and expressions with their texts, the
consolidated version, the norms) in one ontology document. ELI stays imported by IRI; the
ELI terms the data uses are declared (typed as properties or classes, nothing more) so that
an OWL tool working offline still reads them as what they are.
"""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from lexkg.loader.rdf import ELI, LKG

KB = URIRef("https://w3id.org/lexkg/kb")
ONTOLOGY = URIRef("https://w3id.org/lexkg/ontology")
_SKIP = {RDF.type, OWL.imports}


def knowledge_base(graph: Graph) -> Graph:
    """One OWL 2 DL ontology holding everything in *graph*, with its terms declared."""
    kb = Graph()
    for prefix, ns in graph.namespaces():
        kb.bind(prefix, ns)
    kb.bind("eli", ELI)
    kb.bind("lkg", LKG)
    kb.bind("skos", SKOS)
    for triple in graph:
        if triple[0] != ONTOLOGY:
            kb.add(triple)
    kb.add((KB, RDF.type, OWL.Ontology))
    kb.add((KB, RDFS.label, Literal("lexkg knowledge base", lang="en")))
    kb.add((KB, OWL.imports, URIRef("http://data.europa.eu/eli/ontology")))
    for p, o in graph.predicate_objects(ONTOLOGY):
        if p != RDF.type and p != OWL.imports:
            kb.add((KB, p, o))
    _declare(kb)
    return kb


def _declare(kb: Graph) -> None:
    """Type every property and class the data uses but the file does not declare."""
    declared = set(kb.subjects(RDF.type, None))
    objects, data = set(), set()
    for _, p, o in kb:
        if p in _SKIP or p.startswith(str(RDFS)) or p.startswith(str(OWL)):
            continue
        (data if isinstance(o, Literal) else objects).add(p)
    for p in objects - declared:
        kb.add(
            (p, RDF.type, OWL.AnnotationProperty if p.startswith(str(SKOS)) else OWL.ObjectProperty)
        )
    for p in data - declared - objects:
        kb.add(
            (
                p,
                RDF.type,
                OWL.AnnotationProperty if p.startswith(str(SKOS)) else OWL.DatatypeProperty,
            )
        )
    for cls in set(kb.objects(None, RDF.type)) - declared:
        if isinstance(cls, URIRef) and not cls.startswith(str(OWL)):
            kb.add((cls, RDF.type, OWL.Class))
    classes = set(kb.subjects(RDF.type, OWL.Class))
    for s, cls in list(kb.subject_objects(RDF.type)):
        if cls in classes and isinstance(s, URIRef):
            kb.add((s, RDF.type, OWL.NamedIndividual))
