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

HostProfile = Mapping[str, bool | str]
"""A described host: profile field (or the IRI of a host property) to its value."""


def host_roles(ontology: Graph) -> set[URIRef]:
    """The classes the ontology marks as host roles (``lkg:isHostRole true``)."""
    return {s for s in ontology.subjects(LKG.isHostRole, Literal(True)) if isinstance(s, URIRef)}


_FOLLOW = {
    OWL.equivalentClass,
    OWL.intersectionOf,
    OWL.unionOf,
    OWL.onProperty,
    RDF.first,
    RDF.rest,
}
_KEEP = {RDF.type, RDFS.subClassOf, OWL.hasValue, *_FOLLOW}


def _tbox(ontology: Graph) -> Graph:
    """The host roles with every class, property and blank node their definitions use.

    Norms, glossary concepts, labels and the rest of the ontology play no part in classifying
    hosts; leaving them out keeps OWL 2 RL closure fast.
    """
    g = Graph()
    todo: list = [*host_roles(ontology), LKG.HostingEntity]
    seen: set = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for p, o in ontology.predicate_objects(node):
            if p not in _KEEP:
                continue
            g.add((node, p, o))
            follow = p in _FOLLOW or (p == RDFS.subClassOf and isinstance(o, URIRef))
            if follow and isinstance(o, (BNode, URIRef)) and o != RDF.nil:
                todo.append(o)
    return g


def host_properties(ontology: Graph) -> dict[str, URIRef]:
    """Profile field to host property, as the ontology's ``lkg:profileField`` annotations say.

    Several properties may be read from one field (derived facts); the field names the first.
    """
    out = dict(HOST_PROPERTIES)
    for prop, field in ontology.subject_objects(LKG.profileField):
        if isinstance(prop, URIRef):
            out.setdefault(str(field), prop)
    return out


def _literal(value: bool | str) -> Literal:
    if isinstance(value, bool):
        return Literal(value, datatype=XSD.boolean)
    return Literal(value)  # a plain literal, as the roles' owl:hasValue "…" are written


def _describe(g: Graph, profiles: Sequence[HostProfile]) -> list[URIRef]:
    """Add one hosting-entity individual per profile; return their IRIs.

    A key is a profile field of :data:`HOST_PROPERTIES` or the IRI of a host property.
    """
    hosts = []
    for i, profile in enumerate(profiles):
        host = URIRef(f"{HOST}{i}")
        g.add((host, RDF.type, OWL.NamedIndividual))
        g.add((host, RDF.type, LKG.HostingEntity))
        for key, value in profile.items():
            prop = HOST_PROPERTIES.get(key) or URIRef(key)
            g.add((host, prop, _literal(value if isinstance(value, str) else bool(value))))
        hosts.append(host)
    return hosts


def _class_rules():
    """owlrl's OWL 2 RL semantics with only its rules about classes (cls-*, cax-*).

    Which roles an individual has follows from those alone: the roles are defined by
    owl:equivalentClass over intersections, unions and owl:hasValue. The rules about
    properties (prp-*), equality (eq-*) and the schema (scm-*) would only add triples that
    are no class membership, and make the closure ten times slower.
    """
    from owlrl.OWLRL import OWLRL_Semantics

    class ClassRules(OWLRL_Semantics):
        def _properties(self, t: tuple, cycle_num: int) -> None:
            return None

        def _equality(self, t: tuple, cycle_num: int) -> None:
            return None

        def _schema_vocabulary(self, t: tuple, cycle_num: int) -> None:
            return None

    return ClassRules


def classify_rl(ontology: Graph, profiles: Sequence[HostProfile]) -> list[set[URIRef]]:
    """Roles of each profile by the OWL 2 RL rules about classes (owlrl), in pure Python."""
    import owlrl

    g = _tbox(ontology)
    hosts = _describe(g, profiles)
    owlrl.DeductiveClosure(_class_rules(), axiomatic_triples=False, datatype_axioms=False).expand(g)
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
    props = set(HOST_PROPERTIES.values()) | set(ontology.subjects(LKG.profileField, None))
    hosts = sorted(h for h in data.subjects(RDF.type, LKG.HostingEntity) if isinstance(h, URIRef))
    profiles: list[HostProfile] = [
        {str(p): o.toPython() for p, o in data.predicate_objects(h) if p in props} for h in hosts
    ]
    return dict(zip(hosts, classify(ontology, profiles, engine), strict=True))


Facts = Mapping[str, bool | str]


def _members(ontology: Graph, node) -> list:
    """The members of an RDF list."""
    out = []
    while node is not None and node != RDF.nil:
        first = ontology.value(node, RDF.first)
        if first is not None:
            out.append(first)
        node = ontology.value(node, RDF.rest)
    return out


def role_conditions(ontology: Graph, role: URIRef, facts: Facts) -> list[tuple[URIRef, object]]:
    """The (property, value) pairs of *role*'s definition that *facts* meet and that make it hold.

    Intersections give all their parts; of a union, the first branch the facts meet.
    """
    out: list[tuple[URIRef, object]] = []

    def _walk(node, acc: list) -> bool:
        value = ontology.value(node, OWL.hasValue)
        if value is not None:
            prop = ontology.value(node, OWL.onProperty)
            acc.append((prop, value.toPython()))
            return facts.get(str(prop)) == value.toPython()
        parts = ontology.value(node, OWL.intersectionOf)
        if parts is not None:
            return all([_walk(m, acc) for m in _members(ontology, parts)])
        branches = ontology.value(node, OWL.unionOf)
        if branches is not None:
            for m in _members(ontology, branches):
                local: list = []
                if _walk(m, local):
                    acc.extend(local)
                    return True
            return False
        definition = ontology.value(node, OWL.equivalentClass)
        if definition is not None:
            return _walk(definition, acc)
        return True  # a class without definition (lkg:HostingEntity)

    _walk(role, out)
    seen: list[tuple[URIRef, object]] = []
    for pair in out:
        if pair not in seen:
            seen.append(pair)
    return seen
