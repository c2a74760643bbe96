"""The ontology and the whole knowledge base in OWL tools; validation from the command line."""

from __future__ import annotations

from pathlib import Path

import owlready2
import pytest
from rdflib import Graph

from lexkg import resources
from lexkg.cli import main
from lexkg.loader.build import build, read_source
from lexkg.loader.errors import LoaderError
from lexkg.reasoner import has_java

PAR_6A = "http://data.europa.eu/eli/reg/2021/1173/art_9/par_6a/2024-07-09"


def _owlready(path: Path) -> owlready2.World:
    """Load a file in a new world, offline: ELI, imported by IRI, counts as loaded."""
    world = owlready2.World()
    world.get_ontology("http://data.europa.eu/eli/ontology#").loaded = True
    world.get_ontology(path.resolve().as_uri()).load(only_local=True)
    return world


def test_export_owl_loads_in_owlready2_with_texts_and_norm(graph_file, tmp_path, capsys) -> None:
    owl = tmp_path / "lexkg.owl"
    assert main(["export", "--owl", str(owl), "--graph", str(graph_file)]) == 0
    assert "wrote" in capsys.readouterr().out
    assert owl.read_text(encoding="utf-8").startswith("<?xml")
    world = _owlready(owl)
    par = world[PAR_6A]
    assert par is not None
    texts = {str(t.lang): str(t) for e in par.is_realized_by for t in e.text}
    assert texts["nl"].startswith("Voor de in artikel 12 bis bedoelde")
    assert texts["de"].startswith("Für die in Artikel 12a genannten")
    norms = [n for n in world.individuals() if par in _values(n, "source")]
    assert [n.name for n in norms] == ["norm_9_6a_one_stop_shop"]
    assert [m.name for m in _values(norms[0], "modality")] == ["Obligation"]


def _values(individual, name: str) -> list:
    """A property's values, functional (one value or None) or not (a list)."""
    value = getattr(individual, name, None)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


@pytest.fixture()
def ontology_world(tmp_path: Path) -> owlready2.World:
    """The ontology's files read by rdflib, written as N-Triples and loaded by owlready2."""
    graph = Graph()
    for path in resources.ontology_files():
        graph.parse(path)
    nt = tmp_path / "ontology.nt"
    graph.serialize(nt, format="nt", encoding="utf-8")
    return _owlready(nt)


def test_ontology_loads_in_rdflib_and_owlready2(ontology_world: owlready2.World) -> None:
    assert ontology_world["https://w3id.org/lexkg/ontology#AIFactory"] is not None


@pytest.mark.skipif(not has_java(), reason="HermiT needs Java")
def test_ontology_is_consistent_under_hermit(ontology_world: owlready2.World) -> None:
    world = ontology_world
    # Raises OwlReadyInconsistentOntologyError if the ontology is inconsistent.
    owlready2.sync_reasoner_hermit(world, debug=0, ignore_unsupported_datatypes=True)
    assert list(world.inconsistent_classes()) == []


def test_validate_command(graph_file: Path, capsys) -> None:
    assert main(["validate", "--graph", str(graph_file)]) == 0
    assert capsys.readouterr().out.strip() == "conforms"


def test_build_fails_on_a_violation(tmp_path: Path) -> None:
    strict = tmp_path / "shapes.ttl"
    strict.write_text(
        resources.shapes_file().read_text(encoding="utf-8")
        + """
shapes:NormSummary a sh:NodeShape ;
    sh:targetClass lkg:Norm ;
    sh:property [ sh:path lkg:summary ; sh:minCount 1 ; sh:message "A norm needs a summary." ] .
""",
        encoding="utf-8",
    )
    source = read_source(resources.data_dir() / "reg-2024-1732" / "act.toml")
    with pytest.raises(LoaderError) as info:
        build(source, resources.ontology_files(), shapes=strict)
    assert "does not conform" in str(info.value) and "A norm needs a summary." in str(info.value)
    assert "norm_9_6a_one_stop_shop" in str(info.value)
