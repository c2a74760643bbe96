"""The picture of the model, drawn from the ontology."""

from __future__ import annotations

import shutil

import pytest
from rdflib import Graph

from lexkg import resources
from lexkg.server.services.diagram import dot_source, render_svg


@pytest.fixture(scope="module")
def ontology() -> Graph:
    g = Graph()
    for path in resources.ontology_files():
        g.parse(path)
    return g


def test_dot_source_draws_classes_subclasses_and_properties(ontology: Graph) -> None:
    dot = dot_source(ontology)
    lkg = "https://w3id.org/lexkg/ontology#"
    assert f'"{lkg}AIFactory" [label="AI factory"]' in dot
    assert f'"{lkg}StartUp" -> "{lkg}User" [arrowhead=onormal];' in dot
    assert f'"{lkg}Norm" -> "http://data.europa.eu/eli/ontology#LegalResourceSubdivision"' in dot
    assert 'label="source"' in dot
    # Host roles are drawn rounded and filled.
    assert f'"{lkg}HostOfAIOptimisedSupercomputer" [label=' in dot and "rounded" in dot


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_render_svg(ontology: Graph) -> None:
    svg = render_svg(dot_source(ontology)).decode("utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert ">AI factory<" in svg
