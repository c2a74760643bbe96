"""SHACL validation of the built graph: it conforms, and each kind of damage is reported."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH

from lexkg import resources
from lexkg.loader.build import Built
from lexkg.loader.validate import Report, Violation, validate

from support import union

SHAPES = resources.ontology_dir() / "shapes.ttl"
ELI = "http://data.europa.eu/eli/"
ELI_O = "http://data.europa.eu/eli/ontology#"
LKG = "https://w3id.org/lexkg/ontology#"
LANGUAGE = "http://publications.europa.eu/resource/authority/language/"


def eli(path: str) -> URIRef:
    return URIRef(ELI + path)


def o(name: str) -> URIRef:
    return URIRef(ELI_O + name)


def lkg(name: str) -> URIRef:
    return URIRef(LKG + name)


ACT = eli("reg/2024/1732/oj")
INSTRUCTION = eli("reg/2024/1732/art_1/pnt_4/pnt_c/oj")
CONSOLIDATED = eli("reg/2021/1173/art_9/par_6a/2024-07-09")
NORM = URIRef("https://example.org/test#norm")

MSG_TEXT = "The subdivision has neither a text nor an absence statement in language {code}: no expression in {code} with an lkg:text, and no lkg:absence naming {code}."  # noqa: E501
MSG_NUMBER = "A subdivision must have exactly one eli:number."
MSG_LANGUAGE = "An expression must have exactly one eli:language."
MSG_ELI_IRI = (
    "A legal resource, subdivision or expression must be named by an ELI: an IRI containing /eli/."
)
MSG_MODALITY = "A norm must have exactly one lkg:modality."
MSG_SOURCE_KIND = (
    "A norm must have at least one lkg:source, each a subdivision version of Regulation (EU) "
    "2021/1173 (…/2021/1173/{path}/{YYYY-MM-DD})."
)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


@pytest.fixture()
def copy(built: Built) -> Graph:
    """A fresh union of the built dataset, to damage."""
    return union(built.dataset)


def found(report: Report, message: str) -> list[Violation]:
    return [v for v in report.violations if v.message == message]


def remove_text(g: Graph, subdivision: URIRef, language: str) -> None:
    """Take out the subdivision's expression in *language* (its manifestation with it)."""
    for expression in list(g.objects(subdivision, o("is_realized_by"))):
        if g.value(expression, o("language")) == URIRef(LANGUAGE + language):
            for manifestation in list(g.objects(expression, o("is_embodied_by"))):
                g.remove((manifestation, None, None))
            g.remove((expression, None, None))
            g.remove((None, None, expression))


def add_norm(g: Graph, modality: bool, source: URIRef) -> None:
    g.add((NORM, RDF.type, lkg("Norm")))
    g.add((NORM, lkg("bearer"), lkg("JointUndertaking")))
    g.add((NORM, lkg("source"), source))
    if modality:
        duty = URIRef("https://example.org/test#duty")
        g.add((duty, RDF.type, lkg("Modality")))
        g.add((NORM, lkg("modality"), duty))


def test_the_built_graph_conforms(built: Built, shapes: Graph) -> None:
    report = validate(built.dataset, shapes)
    assert report.conforms and report.violations == [], report.text()
    assert report.text() == "conforms"


def test_shapes_given_as_a_path_and_graph_left_unchanged(copy: Graph) -> None:
    before = len(copy)
    copy.add((eli("reg/2024/1732/art_2/oj"), o("number"), Literal("99")))
    report = validate(copy, SHAPES)
    assert not report.conforms
    assert len(copy) == before + 1


def test_every_shape_has_a_message_and_a_comment(shapes: Graph) -> None:
    kinds = (SH.NodeShape, SH.PropertyShape)
    all_shapes = {s for kind in kinds for s in shapes.subjects(RDF.type, kind)}
    assert len(all_shapes) >= 15
    for shape in all_shapes:
        assert str(shape).startswith("https://w3id.org/lexkg/shapes#"), shape
        assert shapes.value(shape, SH.message), shape
        assert shapes.value(shape, RDFS.comment), shape


@pytest.mark.parametrize(
    ("subdivision", "code", "tag"),
    [(INSTRUCTION, "DEU", "de"), (CONSOLIDATED, "DEU", "de"), (CONSOLIDATED, "NLD", "nl")],
    ids=["instruction-de", "consolidated-de", "consolidated-nl"],
)
def test_a_missing_text_is_reported_with_its_language(
    copy: Graph, shapes: Graph, subdivision: URIRef, code: str, tag: str
) -> None:
    remove_text(copy, subdivision, code)
    report = validate(copy, shapes)
    assert not report.conforms
    missing = found(report, MSG_TEXT.format(code=code, tag=tag))
    # One check per act or version (the focus), naming the subdivision (the value).
    assert [v.value for v in missing] == [subdivision], report.text()
    assert len(report.violations) == 1, report.text()


def test_a_text_tagged_with_another_language(copy: Graph, shapes: Graph) -> None:
    german = eli("reg/2024/1732/art_1/pnt_4/pnt_c/oj/deu")
    (text,) = copy.objects(german, lkg("text"))
    copy.set((german, lkg("text"), Literal(str(text), lang="nl")))
    report = validate(copy, shapes)
    missing = found(report, MSG_TEXT.format(code="DEU", tag="de"))
    assert [v.value for v in missing] == [INSTRUCTION], report.text()


def test_a_subdivision_without_text_says_why(copy: Graph, shapes: Graph) -> None:
    """Changed: a subdivision not in force used to need no text; now every subdivision has a
    text or an absence statement in each language (a repealed one is no longer in a version)."""
    remove_text(copy, INSTRUCTION, "DEU")
    absence = URIRef(f"{INSTRUCTION}#absent_deu")
    copy.add((INSTRUCTION, lkg("absence"), absence))
    copy.add((absence, RDF.type, lkg("Absence")))
    copy.add((absence, lkg("absentLanguage"), URIRef(LANGUAGE + "DEU")))
    copy.add((absence, lkg("reason"), Literal("not read", lang="en")))
    report = validate(copy, shapes)
    assert report.conforms, report.text()
    copy.remove((absence, lkg("reason"), None))
    report = validate(copy, shapes)
    assert [v.focus for v in report.violations] == [absence], report.text()


def test_the_languages_required_are_those_of_the_act(copy: Graph, shapes: Graph) -> None:
    """A third language version of the act makes every subdivision with text lack it."""
    english = eli("reg/2024/1732/oj/eng")
    copy.add((english, RDF.type, o("LegalExpression")))
    copy.add((english, o("realizes"), ACT))
    copy.add((english, o("language"), URIRef(LANGUAGE + "ENG")))
    copy.add((english, o("title"), Literal("Council Regulation (EU) 2024/1732", lang="en")))
    report = validate(copy, shapes)
    lacking = {v.value for v in found(report, MSG_TEXT.format(code="ENG", tag="en"))}
    assert INSTRUCTION in lacking
    # The consolidated version names its own languages (lkg:versionLanguage): nl and de.
    in_act = {
        s
        for s in copy.subjects(RDF.type, o("LegalResourceSubdivision"))
        if str(s).startswith("http://data.europa.eu/eli/reg/2024/1732/")
    }
    assert lacking == in_act


def test_a_language_version_of_a_part_adds_no_language(copy: Graph, shapes: Graph) -> None:
    """The languages come from the top of the eli:is_part_of chain, not from a part on the way."""
    english = eli("reg/2024/1732/art_1/oj/eng")
    copy.add((english, RDF.type, o("LegalExpression")))
    copy.add((english, o("realizes"), eli("reg/2024/1732/art_1/oj")))
    copy.add((eli("reg/2024/1732/art_1/oj"), o("is_realized_by"), english))
    copy.add((english, o("language"), URIRef(LANGUAGE + "ENG")))
    copy.add((english, o("title"), Literal("Amendments", lang="en")))
    copy.add((english, lkg("text"), Literal("Regulation (EU) 2021/1173 is amended …", lang="en")))
    report = validate(copy, shapes)
    assert report.conforms, report.text()


def test_an_expression_its_work_does_not_name(copy: Graph, shapes: Graph) -> None:
    """The SPARQL-based shapes follow eli:realizes: the inverse must be stated too."""
    expression = eli("reg/2024/1732/art_1/oj/deu")
    copy.remove((None, o("is_realized_by"), expression))
    report = validate(copy, shapes)
    message = (
        "An expression must be named by exactly one resource's eli:is_realized_by "
        "(the inverse of eli:realizes)."
    )
    assert [v.focus for v in found(report, message)] == [expression], report.text()


def test_an_expression_of_a_subdivision_without_text(copy: Graph, shapes: Graph) -> None:
    expression = eli("reg/2024/1732/art_1/oj/deu")
    copy.remove((expression, lkg("text"), None))
    report = validate(copy, shapes)
    message = "An expression of a subdivision must have exactly one lkg:text with a language tag."
    assert [v.focus for v in found(report, message)] == [expression], report.text()


def test_a_subdivision_with_two_numbers(copy: Graph, shapes: Graph) -> None:
    article = eli("reg/2024/1732/art_2/oj")
    copy.add((article, o("number"), Literal("99")))
    report = validate(copy, shapes)
    assert [v.focus for v in found(report, MSG_NUMBER)] == [article], report.text()
    assert found(report, MSG_NUMBER)[0].path == o("number")


def test_an_expression_without_language(copy: Graph, shapes: Graph) -> None:
    expression = eli("reg/2024/1732/rct_1/oj/nld")
    copy.remove((expression, o("language"), None))
    report = validate(copy, shapes)
    assert [v.focus for v in found(report, MSG_LANGUAGE)] == [expression], report.text()


def test_a_subdivision_outside_eli(copy: Graph, shapes: Graph) -> None:
    stray = URIRef("http://example.org/x")
    copy.add((stray, RDF.type, o("LegalResourceSubdivision")))
    report = validate(copy, shapes)
    assert [v.focus for v in found(report, MSG_ELI_IRI)] == [stray], report.text()


def test_a_norm_without_modality(copy: Graph, shapes: Graph) -> None:
    add_norm(copy, modality=False, source=CONSOLIDATED)
    report = validate(copy, shapes)
    assert [v.focus for v in found(report, MSG_MODALITY)] == [NORM], report.text()
    assert len(report.violations) == 1, report.text()


def test_a_norm_whose_source_is_not_a_subdivision(copy: Graph, shapes: Graph) -> None:
    add_norm(copy, modality=True, source=ACT)
    report = validate(copy, shapes)
    wrong = found(report, MSG_SOURCE_KIND)
    assert [(v.focus, v.value) for v in wrong] == [(NORM, ACT)], report.text()
    assert len(report.violations) == 1, report.text()


def test_the_shapes_hold_without_norms(copy: Graph, shapes: Graph) -> None:
    for norm in set(copy.subjects(RDF.type, lkg("Norm"))):
        copy.remove((norm, None, None))
    assert not any(copy.subjects(RDF.type, lkg("Norm")))
    report = validate(copy, shapes)
    assert report.conforms, report.text()


@pytest.mark.parametrize(
    "damage",
    [
        lambda g: g.remove((eli("reg/2024/1732/oj/deu"), o("title"), None)),
        lambda g: g.add((ACT, o("passed_by"), eli("reg/2024/1732/art_1/oj"))),
        lambda g: g.set((ACT, o("date_document"), Literal("17 June 2024"))),
        lambda g: g.set((eli("reg/2024/1732/oj/nld"), o("language"), Literal("nl"))),
    ],
    ids=["act-title", "act-passed-by", "act-date", "language-literal"],
)
def test_the_act_and_its_expressions(
    copy: Graph, shapes: Graph, damage: Callable[[Graph], None]
) -> None:
    damage(copy)
    assert not validate(copy, shapes).conforms


def test_report_text_names_the_language_and_the_short_focus(copy: Graph, shapes: Graph) -> None:
    remove_text(copy, INSTRUCTION, "DEU")
    text = validate(copy, shapes).text()
    lines = text.splitlines()
    assert lines[0].startswith(
        "The subdivision has neither a text nor an absence statement in language DEU"
    ), text
    # The act (one check per act or version), then the subdivision lacking the text.
    assert lines[1].strip() == "reg/2024/1732/oj  reg/2024/1732/art_1/pnt_4/pnt_c/oj", text
    assert "http://data.europa.eu/eli/reg" not in text
    assert lines[-1] == "1 violation", text
