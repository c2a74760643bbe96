"""The AI-factories vocabulary, the norms and the glossary: complete, faithful to the act, and
able to classify a described host so that it gets exactly the norms that concern it."""

from __future__ import annotations

import importlib.util
import io
import re
import shutil
from functools import cache

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from lexkg import resources
from lexkg.loader.build import ONTOLOGY_GRAPH, Built
from lexkg.server.services.host_facts import host_facts
from lexkg.server.services.profile import read_profile

LKG = Namespace("https://w3id.org/lexkg/ontology#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ODRL = Namespace("http://www.w3.org/ns/odrl/2/")
LRML = Namespace("http://docs.oasis-open.org/legalruleml/ns/v1.0/")
CONS = "http://data.europa.eu/eli/reg/2021/1173"
FILES = (
    "ai-factories.ttl",
    "host-roles.ttl",
    "norms.ttl",
    "norms-2021.ttl",
    "norms-2026.ttl",
    "glossary.ttl",
)
LANGS = ("nl", "de", "en")
EXPRESSION = {"nl": "nld", "de": "deu"}

MODALITIES = {
    LKG.Obligation,
    LKG.Permission,
    LKG.Power,
    LKG.Prohibition,
    LKG.Condition,
    LKG.Criterion,
    LKG.Limit,
    LKG.Objective,
    LKG.Activity,
    LKG.Constitutive,
}
CRITERIA = [LKG[f"norm_9_5_{p}"] for p in "abcde"]
ONE_STOP_SHOP = LKG.norm_9_6a_one_stop_shop

# Host roles the norms of the former cases name, with norms they must (and must not) bring in.
ROLES = {
    LKG.OperatingHostOfAIOptimisedSupercomputer,
    LKG.OperatingHostInHostingConsortium,
    LKG.OperatingHostForIndustrialUse,
    LKG.AIFactoryApplicant,
    LKG.TransfereeOfAIOptimisedSupercomputer,
    LKG.HostOfDecommissionedAIOptimisedSupercomputer,
    LKG.SelectionCandidateForAIOptimisedSupercomputer,
    LKG.AIGigafactoryHost,
}

REQUIRED_CLASSES = [
    "JointUndertaking",
    "GoverningBoard",
    "HostingEntity",
    "HostingConsortium",
    "ParticipatingState",
    "Union",
    "AIFactory",
    "Supercomputer",
    "EuroHPCSupercomputer",
    "ClassicalSupercomputer",
    "HighEndSupercomputer",
    "IndustrialGradeSupercomputer",
    "MidRangeSupercomputer",
    "AIOptimisedSupercomputer",
    "HybridClassicalQuantumComputer",
    "QuantumComputer",
    "QuantumSimulator",
    "DataCentre",
    "User",
    "StartUp",
    "SME",
    "ScientificUser",
    "Supplier",
    "HostingAgreement",
    "CallForExpressionOfInterest",
    "OneStopShop",
    "EuroHPCCompetenceCentre",
    "CentreOfExcellence",
    "Norm",
    "Modality",
    "TemporalCondition",
]

DEFINED = {
    LKG.AIOptimisedSupercomputer: f"{CONS}/art_2/pnt_3a/2024-07-09",
    LKG.AIFactory: f"{CONS}/art_2/pnt_3b/2024-07-09",
    LKG.EuroHPCSupercomputer: f"{CONS}/art_2/pnt_9/2024-07-09",
}
# How each language puts a defined term before its definition, and ends the point.
DEFINITION_FORM = {"nl": "“{term}”: {definition};", "de": "‚{term}‘ bezeichnet {definition};"}


# -- Graphs ----------------------------------------------------------------------------------


@cache
def _file(name: str) -> Graph:
    return Graph().parse(resources.ontology_dir() / name, format="turtle")


@cache
def _ours() -> Graph:
    g = Graph()
    for name in FILES:
        g += _file(name)
    return g


@cache
def _with_document() -> Graph:
    return _ours() + Graph().parse(resources.ontology_dir() / "document.ttl", format="turtle")


@pytest.fixture(scope="module")
def act(built: Built) -> Graph:
    """The act and the consolidated version as the project builds them, without the ontology."""
    g = Graph()
    for s, p, o, graph in built.dataset.quads((None, None, None, None)):
        if graph != ONTOLOGY_GRAPH:
            g.add((s, p, o))
    return g


def _changed(act: Graph) -> set[URIRef]:
    """The subdivisions of the consolidated 2021/1173 that 2024/1732 inserted or replaced."""
    return {s for s in act.subjects(LKG.introducedBy, None) if isinstance(s, URIRef)}


def _text(act: Graph, subdivision: URIRef, lang: str) -> str:
    value = act.value(URIRef(f"{subdivision}/{EXPRESSION[lang]}"), LKG.text)
    assert value is not None, (subdivision, lang)
    return " ".join(str(value).split())


def _norms() -> list[URIRef]:
    """The norms of norms.ttl: those Regulation (EU) 2024/1732 brought in."""
    return sorted(s for s in _file("norms.ttl").subjects(RDF.type, LKG.Norm))


def _all_norms() -> list[URIRef]:
    return sorted(s for s in _ours().subjects(RDF.type, LKG.Norm))


def _roles() -> set[URIRef]:
    return {r for r in _ours().subjects(LKG.isHostRole, Literal(True)) if isinstance(r, URIRef)}


def _classes() -> list[URIRef]:
    return sorted(c for c in _ours().subjects(RDF.type, OWL.Class) if isinstance(c, URIRef))


def _concepts() -> list[URIRef]:
    return sorted(c for c in _file("glossary.ttl").subjects(SKOS.inScheme, LKG.Glossary))


def _langs(g: Graph, s, p) -> list[str]:
    return sorted(o.language for o in g.objects(s, p) if isinstance(o, Literal) and o.language)


def _one(g: Graph, s, p):
    values = list(g.objects(s, p))
    assert len(values) == 1, (s, p, values)
    return values[0]


def _superclasses(g: Graph, c: URIRef) -> set[URIRef]:
    return set(g.transitive_objects(c, RDFS.subClassOf)) - {c}


def _applies_to(norm: URIRef) -> set[URIRef]:
    return set(_ours().objects(norm, LKG.appliesTo))


def _norms_for(roles: set[URIRef], version: str = "2024-07-09") -> set[URIRef]:
    """What the assessment reports for a host with these roles, in the version of that date."""
    return {
        n
        for n in _all_norms()
        if _applies_to(n) & roles
        and any(str(s).endswith(version) for s in _ours().objects(n, LKG.source))
    }


def _short(iri: URIRef) -> str:
    return str(iri).removeprefix(str(LKG))


# -- Files -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", FILES)
def test_file_parses_and_adds_no_ontology_header(name: str) -> None:
    g = _file(name)
    assert len(g) > 100
    assert not set(g.subjects(RDF.type, OWL.Ontology)), "the header is document.ttl's"


def test_every_lkg_term_used_is_declared() -> None:
    g = _with_document()
    declared = {s for s in g.subjects(RDF.type, None) if isinstance(s, URIRef)}
    properties = {
        s
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
        for s in g.subjects(RDF.type, kind)
    }
    for s, p, o in _ours():
        if str(p).startswith(str(LKG)):
            assert p in properties, f"undeclared property {p}"
        for term in (s, o):
            if isinstance(term, URIRef) and str(term).startswith(str(LKG)):
                assert term in declared or term in properties, f"undeclared {term}"


# -- Classes ---------------------------------------------------------------------------------


def test_required_classes_are_declared() -> None:
    classes = set(_classes())
    missing = [name for name in REQUIRED_CLASSES if LKG[name] not in classes]
    assert not missing
    assert classes >= ROLES


@pytest.mark.parametrize(
    "cls", [c for c in _classes() if (c, None, None) not in _file("host-roles.ttl")], ids=_short
)
def test_class_has_labels_and_definitions_in_three_languages(cls: URIRef) -> None:
    g = _ours()
    assert set(_langs(g, cls, RDFS.label)) >= set(LANGS), "rdfs:label in nl, de, en"
    assert set(_langs(g, cls, SKOS.definition)) >= set(LANGS), "skos:definition in nl, de, en"


@pytest.mark.parametrize(
    ("cls", "ancestors"),
    [
        (LKG.AIOptimisedSupercomputer, {LKG.ClassicalSupercomputer, LKG.Supercomputer}),
        (LKG.HighEndSupercomputer, {LKG.ClassicalSupercomputer, LKG.Supercomputer}),
        (LKG.IndustrialGradeSupercomputer, {LKG.ClassicalSupercomputer, LKG.Supercomputer}),
        (LKG.MidRangeSupercomputer, {LKG.ClassicalSupercomputer, LKG.Supercomputer}),
        (LKG.ClassicalSupercomputer, {LKG.Supercomputer}),
        (LKG.EuroHPCSupercomputer, {LKG.Supercomputer}),
        (LKG.HybridClassicalQuantumComputer, {LKG.Supercomputer}),
        (LKG.QuantumComputer, {LKG.Supercomputer}),
        (LKG.QuantumSimulator, {LKG.Supercomputer}),
        (LKG.StartUp, {LKG.User}),
        (LKG.SME, {LKG.User}),
        (LKG.ScientificUser, {LKG.User}),
        (LKG.AIFactoryApplicant, {LKG.EligibleHostingEntity, LKG.HostingEntity}),
        (LKG.HostOfDecommissionedSupercomputer, {LKG.HostOfEuroHPCSupercomputer}),
        (LKG.OperatingHostOfHighEndSupercomputer, {LKG.OperatingHost, LKG.HostingEntity}),
    ],
    ids=lambda v: _short(v) if isinstance(v, URIRef) else "",
)
def test_subclasses(cls: URIRef, ancestors: set[URIRef]) -> None:
    assert ancestors <= _superclasses(_ours(), cls)


def test_individuals() -> None:
    g = _ours()
    for individual, cls in [
        (LKG.EuroHPC, LKG.JointUndertaking),
        (LKG.EuroHPCGoverningBoard, LKG.GoverningBoard),
        (LKG.TheUnion, LKG.Union),
        (LKG.SuccessfulAcceptanceTest, LKG.Event),
    ]:
        assert (individual, RDF.type, cls) in g
        assert set(_langs(g, individual, RDFS.label)) >= set(LANGS)


@pytest.mark.parametrize("cls", list(DEFINED), ids=_short)
def test_defined_classes_carry_the_acts_own_definition(act: Graph, cls: URIRef) -> None:
    """nl and de: the text of the defining point is exactly "term" + connective + definition."""
    g = _ours()
    source = URIRef(DEFINED[cls])
    assert _one(g, cls, LKG.definedBy) == source
    assert (LKG.definedBy, RDF.type, OWL.AnnotationProperty) in g
    for lang, form in DEFINITION_FORM.items():
        term = next(str(v) for v in g.objects(cls, RDFS.label) if v.language == lang)
        definition = next(str(v) for v in g.objects(cls, SKOS.definition) if v.language == lang)
        assert _text(act, source, lang) == form.format(term=term, definition=definition)


# -- Host roles ------------------------------------------------------------------------------


def test_host_roles_are_defined_classes() -> None:
    g = _ours()
    assert _roles() >= ROLES and len(_roles()) >= 40
    assert (LKG.isHostRole, RDF.type, OWL.AnnotationProperty) in g
    for role in _roles():
        assert isinstance(_one(g, role, OWL.equivalentClass), BNode | URIRef), role
        assert LKG.HostingEntity in _superclasses(g, role) | {role}, role
        assert "en" in _langs(g, role, RDFS.label), role


def test_every_restricted_property_is_a_functional_property_read_from_the_profile() -> None:
    g = _ours()
    properties = set(g.objects(None, OWL.onProperty))
    assert len(properties) >= 20
    for prop in properties:
        assert {OWL.DatatypeProperty, OWL.FunctionalProperty} <= set(g.objects(prop, RDF.type))
        assert _one(g, prop, RDFS.range) in (XSD.boolean, XSD.string), prop
        assert g.value(prop, LKG.profileField) is not None, prop
    assert (
        len(
            list(
                Collection(
                    g, g.value(g.value(LKG.OperatingHost, OWL.equivalentClass), OWL.intersectionOf)
                )
            )
        )
        == 5
    )


# -- Norms -----------------------------------------------------------------------------------


def test_there_are_norms() -> None:
    assert len(_norms()) >= 40
    assert len(_all_norms()) >= 180
    assert set(_norms()) <= set(_all_norms())


@pytest.mark.parametrize("norm", _all_norms(), ids=_short)
def test_every_norm_names_its_versions_and_what_it_applies_to(norm: URIRef) -> None:
    g = _ours()
    assert _one(g, norm, LKG.modality) in MODALITIES
    sources = [str(s) for s in g.objects(norm, LKG.source)]
    assert sources and all(
        re.fullmatch(rf"{CONS}/[a-z0-9_/]+/20[0-9]{{2}}-[0-9-]{{5}}", s) for s in sources
    )
    for cls in [*g.objects(norm, LKG.bearer), *_applies_to(norm)]:
        assert (cls, RDF.type, OWL.Class) in g, cls
    for role in _applies_to(norm):
        assert role in _roles(), role
    assert "en" in _langs(g, norm, LKG.label) and "en" in _langs(g, norm, RDFS.comment)


@pytest.mark.parametrize("norm", _norms(), ids=_short)
def test_norm_is_complete(act: Graph, norm: URIRef) -> None:
    g = _ours()
    assert _one(g, norm, LKG.modality) in MODALITIES
    bearers = set(g.objects(norm, LKG.bearer))
    assert bearers, "at least one bearer"
    for bearer in bearers:
        assert (bearer, RDF.type, OWL.Class) in g, bearer
    for role in _applies_to(norm):
        assert (role, RDF.type, OWL.Class) in g, role
    sources = [s for s in g.objects(norm, LKG.source) if str(s).endswith("2024-07-09")]
    for source in sources:
        assert source in _changed(act), f"{source} is not a subdivision 2024/1732 inserted"
    assert sorted(_langs(g, norm, LKG.label)) == sorted(LANGS)
    assert "en" in _langs(g, norm, LKG.requires)
    assert "en" in _langs(g, norm, RDFS.comment), "say what is not formalised"


def test_every_changed_provision_yields_norms(act: Graph) -> None:
    """Each inserted or replaced subdivision without inserted parts, except the definitions of
    Article 2, is the source of a norm; so are 4(1)(h) and 9(5) second subparagraph."""
    changed = _changed(act)
    leaves = {s for s in changed if not any(p in changed for p in act.objects(s, ELI.has_part))}
    expected = {s for s in leaves if "/art_2/" not in str(s)} | {
        URIRef(f"{CONS}/art_4/par_1/pnt_h/2024-07-09"),
        URIRef(f"{CONS}/art_9/par_5/sbp_2/2024-07-09"),
    }
    assert len(expected) == 32
    sources = set(_ours().objects(None, LKG.source))
    assert expected - sources == set()
    assert not [s for s in sources if "/art_2/" in str(s)], "definitions are not norms"


def test_modalities_and_their_alignment() -> None:
    g = _ours()
    assert set(g.subjects(RDF.type, LKG.Modality)) == MODALITIES
    for m in MODALITIES:
        assert set(_langs(g, m, RDFS.label)) >= set(LANGS)
    assert set(g.objects(LKG.Obligation, SKOS.closeMatch)) == {ODRL.Duty, LRML.Obligation}
    assert set(g.objects(LKG.Permission, SKOS.closeMatch)) == {ODRL.Permission, LRML.Permission}
    assert set(g.objects(LKG.Prohibition, SKOS.closeMatch)) == {
        ODRL.Prohibition,
        LRML.Prohibition,
    }
    assert set(g.objects(LKG.Constitutive, SKOS.closeMatch)) == {LRML.ConstitutiveStatement}
    mappings = (SKOS.closeMatch, SKOS.exactMatch, SKOS.broadMatch, SKOS.narrowMatch)
    for m in (LKG.Power, LKG.Criterion, LKG.Condition, LKG.Limit):
        assert not [o for p in mappings for o in g.objects(m, p)], f"nothing fits {m}"
        assert "fits" in str(g.value(m, RDFS.comment)), "say that nothing fits"


@pytest.mark.parametrize("norm", CRITERIA, ids=_short)
def test_criteria_apply_to_applicants_for_ai_optimised_machines_and_ai_factories(norm) -> None:
    g = _ours()
    assert _one(g, norm, LKG.modality) == LKG.Criterion
    assert _applies_to(norm) == {
        LKG.SelectionCandidateForAIOptimisedSupercomputer,
        LKG.AIFactoryApplicant,
    }
    path = f"art_9/par_5/sbp_2/pnt_{_short(norm)[-1]}"
    assert set(g.objects(norm, LKG.source)) == {
        URIRef(f"{CONS}/{path}/{day}") for day in ("2024-07-09", "2026-01-20")
    }


@pytest.mark.parametrize(
    ("norm", "roles", "modality"),
    [
        (ONE_STOP_SHOP, {LKG.OperatingHostOfAIOptimisedSupercomputer}, LKG.Obligation),
        (LKG.norm_9_5a_apply, {LKG.AIFactoryApplicant}, LKG.Permission),
        (LKG.norm_9_5a_select, {LKG.AIFactoryApplicant}, LKG.Power),
        (LKG.norm_9_5a_computing_resources, {LKG.AIFactoryApplicant}, LKG.Condition),
        (LKG.norm_12a_7_residual_value, {LKG.TransfereeOfAIOptimisedSupercomputer}, LKG.Obligation),
        (
            LKG.norm_12a_2_remaining_costs,
            {LKG.OperatingHostOfAIOptimisedSupercomputer},
            LKG.Obligation,
        ),
        (
            LKG.norm_10_2_l_specific_conditions,
            {
                LKG.OperatingHostForIndustrialUse,
                LKG.OperatingHostOfIndustrialGradeSupercomputer,
                LKG.OperatingHostOfAIOptimisedSupercomputer,
            },
            LKG.Obligation,
        ),
        (
            LKG.norm_10_2_l_2021,
            {LKG.OperatingHostForIndustrialUse, LKG.OperatingHostOfIndustrialGradeSupercomputer},
            LKG.Obligation,
        ),
        (LKG.norm_16_1a_primary_use, set(), LKG.Obligation),
        (LKG.norm_3_2_h_ai_factories, set(), LKG.Objective),
        (LKG.norm_4_1_h_vii_talent, set(), LKG.Activity),
    ],
    ids=lambda v: _short(v) if isinstance(v, URIRef) else "",
)
def test_norms_relevant_to_host_roles(norm: URIRef, roles: set[URIRef], modality) -> None:
    assert _applies_to(norm) == roles
    assert _one(_ours(), norm, LKG.modality) == modality


def test_what_hosts_of_an_ai_optimised_supercomputer_get() -> None:
    operating = _norms_for({LKG.OperatingHostOfAIOptimisedSupercomputer})
    assert {
        ONE_STOP_SHOP,
        LKG.norm_12a_2_remaining_costs,
        LKG.norm_10_2_l_specific_conditions,
    } <= operating
    assert not set(CRITERIA) & operating, "selection criteria are for applicants"
    assert LKG.norm_12a_7_residual_value not in operating
    assert _norms_for({LKG.AIFactoryApplicant}) >= {
        *CRITERIA,
        LKG.norm_9_5a_apply,
        LKG.norm_9_5a_select,
        LKG.norm_9_5a_computing_resources,
    }
    assert ONE_STOP_SHOP not in _norms_for({LKG.AIFactoryApplicant})
    # a consortium, or a transfer, alone brings in no AI-optimised rule
    for role in (LKG.OperatingHostInHostingConsortium, LKG.TransfereeOfHighEndSupercomputer):
        assert not [
            n
            for n in _norms_for({role})
            if "/art_12a/" in str(next(_ours().objects(n, LKG.source)))
        ]


def test_the_2021_wording_of_10_2_l_and_the_2024_wording_are_distinct_norms() -> None:
    g = _ours()
    old, new = LKG.norm_10_2_l_2021, LKG.norm_10_2_l_specific_conditions
    assert {str(s)[-10:] for s in g.objects(old, LKG.source)} == {"2021-08-08"}
    assert {str(s)[-10:] for s in g.objects(new, LKG.source)} == {"2024-07-09", "2026-01-20"}
    assert set(g.objects(new, LKG.bearer)) == {LKG.JointUndertaking, LKG.HostingEntity}


def test_article_12a_7_states_four_norms_in_four_sentences() -> None:
    g = _ours()
    norms = set(g.subjects(LKG.source, URIRef(f"{CONS}/art_12a/par_7/2024-07-09")))
    assert sorted(int(_one(g, n, LKG.sentence)) for n in norms) == [1, 2, 3, 4]


def test_norms_of_article_12a_7() -> None:
    g = _ours()
    source = URIRef(f"{CONS}/art_12a/par_7/2024-07-09")
    norms = set(g.subjects(LKG.source, source))
    assert {_one(g, n, LKG.modality) for n in norms} >= {LKG.Power, LKG.Obligation, LKG.Limit}
    power = next(n for n in norms if _one(g, n, LKG.modality) == LKG.Power)
    assert set(g.objects(power, LKG.bearer)) == {LKG.GoverningBoard}
    condition = _one(g, power, LKG.hasCondition)
    assert (condition, RDF.type, LKG.TemporalCondition) in g
    assert _one(g, condition, LKG.earliestAfter) == Literal("P5Y", datatype=XSD.duration)
    assert _one(g, condition, LKG.afterEvent) == LKG.SuccessfulAcceptanceTest
    sharing = LKG.norm_12a_7_decommissioning_costs
    assert set(g.objects(sharing, LKG.bearer)) == {LKG.JointUndertaking, LKG.HostingEntity}
    assert _one(g, sharing, LKG.share) == Literal("50", datatype=XSD.decimal)
    assert _one(g, LKG.norm_12a_7_no_liability, LKG.bearer) == LKG.JointUndertaking


@pytest.mark.parametrize(
    ("path", "share", "of"),
    [
        ("art_12a/par_2/sbp_1", "50", "acquisition costs"),
        ("art_12a/par_2/sbp_1", "50", "operating costs"),
        ("art_15/par_5", "35", "additional operating costs of the upgrade"),
        ("art_17/par_1", "50", "Union access time"),
    ],
)
def test_limits_are_typed_numbers(path: str, share: str, of: str) -> None:
    g = _ours()
    source = URIRef(f"{CONS}/{path}/2024-07-09")
    matching = [
        n
        for n in g.subjects(LKG.source, source)
        if g.value(n, LKG.maxShare) == Literal(share, datatype=XSD.decimal)
        and Literal(of, lang="en") in set(g.objects(n, LKG.shareOf))
    ]
    assert len(matching) == 1
    assert _one(g, matching[0], LKG.modality) == LKG.Limit
    assert _one(g, matching[0], LKG.bearer) == LKG.Union


def test_every_share_is_a_limit_or_a_cost_sharing_rule_with_what_it_is_of() -> None:
    g = _ours()
    for prop in (LKG.maxShare, LKG.share):
        for norm, value in g.subject_objects(prop):
            assert value.datatype == XSD.decimal
            assert g.value(norm, LKG.shareOf) is not None
            if prop == LKG.maxShare:
                assert _one(g, norm, LKG.modality) == LKG.Limit


# -- The literate layout of norms.ttl --------------------------------------------------------


def _headers() -> dict[str, tuple[str, dict[str, str]]]:
    """Section headers of norms.ttl: ELI → (the header's text, its quotes by language)."""
    text = (resources.ontology_dir() / "norms.ttl").read_text(encoding="utf-8")
    headers = {}
    blocks = re.findall(r"(?:^#[^\n]*\n)+", text, re.M)
    for block in blocks:
        iri = re.search(r"<((?:http://data\.europa\.eu/eli/reg/2021/1173|…)/[^>]+)>", block)
        if not iri:
            continue
        quotes = {}
        for lang in EXPRESSION:
            m = re.search(rf'^#\s+{lang}: "(.*?)"\s*$', block, re.M | re.S)
            if m:
                quotes[lang] = " ".join(m[1].replace("#", " ").split())
        key = iri[1].replace("…", CONS)
        headers[key] = (block, quotes)
    return headers


def test_norms_are_in_document_order(act: Graph) -> None:
    text = (resources.ontology_dir() / "norms.ttl").read_text(encoding="utf-8")
    sources = re.findall(r"lkg:source <([^>]+)>", text)
    orders = [act.value(URIRef(s), LKG.order) for s in sources]
    assert None not in orders, "every source is a subdivision of the built graph"
    assert [int(o) for o in orders] == sorted(int(o) for o in orders)


@pytest.mark.parametrize(
    "provision",
    sorted({str(s) for s in _file("norms.ttl").objects(None, LKG.source) if "2024-07-09" in s}),
)
def test_each_provision_with_norms_has_a_header_quoting_it(act: Graph, provision: str) -> None:
    headers = _headers()
    assert provision in headers, "a section headed by the provision's ELI"
    _, quotes = headers[provision]
    assert set(quotes) == set(EXPRESSION), "its first words in Dutch and German"
    for lang, quote in quotes.items():
        fragments = [f.strip(" ,") for f in quote.split("…") if f.strip(" ,")]
        actual = _text(act, URIRef(provision), lang)
        assert actual.startswith(fragments[0]), (lang, fragments[0])
        position = 0
        for fragment in fragments:
            found = actual.find(fragment, position)
            assert found >= 0, (lang, fragment)
            position = found + len(fragment)


# -- Glossary --------------------------------------------------------------------------------

KEY_TERMS = {
    "ai_optimised_supercomputer": (
        "voor AI geoptimaliseerde supercomputer",
        "KI-optimierter Supercomputer",
    ),
    "ai_factory": ("AI-fabriek", "KI-Fabrik"),
    "eurohpc_supercomputer": ("EuroHPC-supercomputer", "EuroHPC-Supercomputer"),
    "hosting_entity": ("gastentiteit", "Aufnahmeeinrichtung"),
    "hosting_consortium": ("gastconsortium", "Aufnahmekonsortium"),
    "joint_undertaking": ("gemeenschappelijke onderneming", "Gemeinsames Unternehmen"),
    "governing_board": ("raad van bestuur", "Verwaltungsrat"),
    "one_stop_shop": ("onestopshop", "zentrale Anlaufstelle"),
    "start_up": ("start-up", "Start-up-Unternehmen"),
    "sme": ("kleine en middelgrote ondernemingen", "kleine und mittlere Unternehmen"),
    "call_for_expression_of_interest": (
        "oproep tot het indienen van blijken van belangstelling",
        "Aufforderung zur Interessenbekundung",
    ),
    "hosting_agreement": ("onderbrengingsovereenkomst", "Aufnahmevereinbarung"),
    "participating_state": ("deelnemende staat", "beteiligter Staat"),
    "data_centre": ("datacentrum", "Rechenzentrum"),
    "acceptance_test": ("opleveringstest", "Abnahme"),
}


@pytest.mark.parametrize("name", list(KEY_TERMS))
def test_key_terms_in_the_words_of_the_act(name: str) -> None:
    g = _file("glossary.ttl")
    concept = LKG[f"term_{name}"]
    assert (concept, RDF.type, SKOS.Concept) in g
    labels = {v.language: str(v) for v in g.objects(concept, SKOS.prefLabel)}
    assert (labels["nl"], labels["de"]) == KEY_TERMS[name]
    assert "en" in labels


@pytest.mark.parametrize("concept", _concepts(), ids=_short)
def test_glossary_term_is_found_where_it_is_said_to_be(act: Graph, concept: URIRef) -> None:
    g, ours = _file("glossary.ttl"), _ours()
    assert (concept, RDF.type, SKOS.Concept) in g
    assert sorted(_langs(g, concept, SKOS.prefLabel)) == sorted(LANGS), "one prefLabel each"
    places = set(g.objects(concept, LKG.definedIn)) | set(g.objects(concept, LKG.usedIn))
    assert places, "lkg:definedIn or lkg:usedIn"
    for place in places:
        assert place in _changed(act), place
        for lang in EXPRESSION:
            forms = [
                str(v).lower()
                for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
                for v in g.objects(concept, p)
                if v.language == lang
            ]
            text = _text(act, place, lang).lower()
            assert any(f in text for f in forms), (lang, place, forms)
    for target in g.objects(concept, RDFS.seeAlso):
        assert (target, RDF.type, None) in ours, target


@pytest.mark.parametrize("cls", list(DEFINED), ids=_short)
def test_defined_terms_share_the_definition_of_their_class(cls: URIRef) -> None:
    g = _ours()
    concept = next(g.subjects(RDFS.seeAlso, cls))
    assert _one(g, concept, LKG.definedIn) == URIRef(DEFINED[cls])
    assert set(g.objects(concept, SKOS.definition)) == set(g.objects(cls, SKOS.definition))


# -- Reasoning: a described host is classified into its roles by HermiT ----------------------

needs_hermit = pytest.mark.skipif(
    shutil.which("java") is None or importlib.util.find_spec("owlready2") is None,
    reason="HermiT needs Java and owlready2",
)

HOSTS = {
    "ai_only": (
        {"supercomputer": "ai-optimised", "existing_hosting_entity": True},
        {LKG.OperatingHost, LKG.OperatingHostOfAIOptimisedSupercomputer},
    ),
    "applicant": (
        {
            "supercomputer": "high-end",
            "existing_hosting_entity": True,
            "applies_for_ai_factory": True,
        },
        {LKG.OperatingHost, LKG.OperatingHostOfHighEndSupercomputer, LKG.AIFactoryApplicant},
    ),
    "applicant_not_existing": ({"applies_for_ai_factory": True}, set()),
    "industrial_consortium": (
        {
            "supercomputer": "mid-range",
            "existing_hosting_entity": True,
            "industrial_use": True,
            "in_hosting_consortium": True,
        },
        {
            LKG.OperatingHost,
            LKG.OperatingHostOfMidRangeSupercomputer,
            LKG.OperatingHostForIndustrialUse,
            LKG.OperatingHostInHostingConsortium,
        },
    ),
    "transferee": (
        {"supercomputer": "high-end", "ownership_transferred": True},
        {LKG.OwnershipTransferee, LKG.TransfereeOfHighEndSupercomputer},
    ),
    "gigafactory_applicant": (
        {"supercomputer": "ai-gigafactory", "applies_for_ai_gigafactory": True},
        {LKG.AIGigafactoryApplicant},
    ),
    "nothing_true": ({}, set()),
}
EX = Namespace("http://example.org/hosts#")


def _facts(profile: dict) -> dict:
    """The complete description of a host on 2026-03-01 (every kind is in the act then)."""
    read = read_profile({"date": "2026-03-01", **profile})
    return host_facts(read, read.date).values


def _classify(ontology: Graph, strict: bool) -> dict[str, set[URIRef]]:
    import owlready2

    g = Graph()
    g += ontology
    g.add((URIRef("http://example.org/hosts"), RDF.type, OWL.Ontology))
    for name, (profile, _) in HOSTS.items():
        g.add((EX[name], RDF.type, OWL.NamedIndividual))
        g.add((EX[name], RDF.type, LKG.HostingEntity))
        for prop, value in _facts(profile).items():
            g.add((EX[name], URIRef(prop), Literal(value)))
    world = owlready2.World()
    world.get_ontology("http://example.org/hosts").load(
        fileobj=io.BytesIO(g.serialize(format="nt").encode()), format="ntriples"
    )
    owlready2.sync_reasoner_hermit(world, debug=0, ignore_unsupported_datatypes=not strict)
    roles = {}
    for name in HOSTS:
        types = {URIRef(c.iri) for c in world[str(EX[name])].INDIRECT_is_a if hasattr(c, "iri")}
        roles[name] = types & _roles()
    return roles


@needs_hermit
def test_hermit_classifies_hosts_with_the_vocabulary_alone() -> None:
    """ai-factories.ttl and host-roles.ttl are OWL 2 DL within HermiT's datatypes."""
    roles = _classify(_file("ai-factories.ttl") + _file("host-roles.ttl"), strict=True)
    assert roles == {name: expected for name, (_, expected) in HOSTS.items()}
    assert ONE_STOP_SHOP in _norms_for(roles["ai_only"])
    assert LKG.norm_11_6_s2 in _norms_for(roles["transferee"])


@needs_hermit
def test_hermit_classifies_hosts_with_all_the_files() -> None:
    """With the norms and glossary loaded too (xsd:duration is outside OWL 2: ignored)."""
    roles = _classify(_ours(), strict=False)
    assert roles == {name: expected for name, (_, expected) in HOSTS.items()}


# -- The design note -------------------------------------------------------------------------


def test_design_note_covers_the_model() -> None:
    note = (resources.ontology_dir() / "NORMS.md").read_text(encoding="utf-8")
    for word in (
        "ODRL",
        "LegalRuleML",
        "appliesTo",
        "OperatingHostOfAIOptimisedSupercomputer",
        "HermiT",
    ):
        assert word in note, word
    for modality in MODALITIES:
        assert _short(modality) in note, modality
