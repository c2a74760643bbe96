"""Classify host profiles into the roles the ontology defines, with HermiT or OWL 2 RL."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal, URIRef

from lexkg.vocab import LKG

HOST = "https://w3id.org/lexkg/host/"

#: The characteristics a host is described by, as the ontology's boolean properties.
HOST_PROPERTIES = {
    "existing_hosting_entity": LKG.isExistingHostingEntity,
    "hosts_ai_optimised_supercomputer": LKG.hostsAIOptimisedSupercomputer,
    "applies_for_ai_factory": LKG.appliesForAIFactory,
    "industrial_use": LKG.industrialUse,
    "in_hosting_consortium": LKG.inHostingConsortium,
    "ownership_transferred": LKG.ownershipTransferred,
}

HostProfile = Mapping[str, bool]


def host_roles(ontology: Graph) -> set[URIRef]:
    """The classes the ontology marks as host roles (``lkg:isHostRole true``)."""
    return {s for s in ontology.subjects(LKG.isHostRole, Literal(True)) if isinstance(s, URIRef)}


_SCHEMA = {OWL.Class, OWL.Restriction, OWL.ObjectProperty, OWL.DatatypeProperty, RDFS.Class}


def _tbox(ontology: Graph) -> Graph:
    """The classes and properties of the ontology, with the blank nodes of their axioms.

    Individuals (norms, glossary concepts) and imports play no part in classifying hosts.
    """
    schema = {s for s, o in ontology.subject_objects(RDF.type) if o in _SCHEMA}
    g = Graph()
    for triple in ontology:
        s = triple[0]
        if (s in schema or isinstance(s, BNode)) and triple[1] != OWL.imports:
            g.add(triple)
    return g


def _describe(g: Graph, profiles: Sequence[HostProfile]) -> list[URIRef]:
    """Add one hosting-entity individual per profile; return their IRIs."""
    hosts = []
    for i, profile in enumerate(profiles):
        host = URIRef(f"{HOST}{i}")
        g.add((host, RDF.type, OWL.NamedIndividual))
        g.add((host, RDF.type, LKG.HostingEntity))
        for key, value in profile.items():
            g.add((host, HOST_PROPERTIES[key], Literal(bool(value), datatype=XSD.boolean)))
        hosts.append(host)
    return hosts


def classify_rl(ontology: Graph, profiles: Sequence[HostProfile]) -> list[set[URIRef]]:
    """Roles of each profile by the OWL 2 RL rules (owlrl), in pure Python."""
    import owlrl

    g = _tbox(ontology)
    hosts = _describe(g, profiles)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    roles = host_roles(ontology)
    return [{c for c in g.objects(h, RDF.type) if c in roles} for h in hosts]


def classify_hermit(ontology: Graph, profiles: Sequence[HostProfile]) -> list[set[URIRef]]:
    """Roles of each profile by HermiT (owlready2; needs Java)."""
    import owlready2

    g = _tbox(ontology)
    hosts = _describe(g, profiles)
    roles = host_roles(ontology)
    world = owlready2.World()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ontology.nt"
        g.serialize(path, format="nt", encoding="utf-8")
        world.get_ontology(path.as_uri()).load(only_local=True)
        # xsd:date (dates of acts) is outside the OWL 2 datatype map HermiT implements.
        owlready2.sync_reasoner_hermit(
            world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True
        )
    out = []
    for host in hosts:
        individual = world[str(host)]
        ancestors = {URIRef(c.iri) for c in individual.INDIRECT_is_a if hasattr(c, "iri")}
        out.append(ancestors & roles)
    return out


def has_java() -> bool:
    """Whether HermiT can run here."""
    return shutil.which("java") is not None


ENGINES: dict[str, Callable[[Graph, Sequence[HostProfile]], list[set[URIRef]]]] = {
    "hermit": classify_hermit,
    "owlrl": classify_rl,
}


def classify(
    ontology: Graph, profiles: Sequence[HostProfile], engine: str | None = None
) -> list[set[URIRef]]:
    """The roles of each host profile; HermiT where Java is present, else OWL 2 RL."""
    name = engine or ("hermit" if has_java() else "owlrl")
    return ENGINES[name](ontology, profiles)


def classify_individuals(
    ontology: Graph, data: Graph, engine: str | None = None
) -> dict[URIRef, set[URIRef]]:
    """The roles of every hosting entity described in *data*, by its IRI."""
    keys = {prop: key for key, prop in HOST_PROPERTIES.items()}
    hosts = sorted(h for h in data.subjects(RDF.type, LKG.HostingEntity) if isinstance(h, URIRef))
    profiles = [
        {keys[p]: bool(o.toPython()) for p, o in data.predicate_objects(h) if p in keys}
        for h in hosts
    ]
    return dict(zip(hosts, classify(ontology, profiles, engine), strict=True))
