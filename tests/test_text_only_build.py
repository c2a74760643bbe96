"""`lexkg build --text nl=PATH` without an act.toml: the act's metadata read from its text.

The fixture is a made-up regulation of the European Parliament and of the Council amending
Regulation (EU) 2021/694, written to the EU drafting conventions (Joint Practical Guide); it
says in its title that it is synthetic.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from lexkg.cli import main
from lexkg.cli.graph import load_graph
from lexkg.loader.build import source_from_texts
from lexkg.vocab import CORPORATE_BODY, ELI, LKG, RESOURCE_TYPE

FIXTURE = Path(__file__).parent / "fixtures" / "nl-ep-council-synthetic.txt"
ACT = URIRef("http://data.europa.eu/eli/reg/2099/5/oj")
AMENDED = "http://data.europa.eu/eli/reg/2021/694"


def _date(iso: str) -> Literal:
    return Literal(iso, datatype=XSD.date)


def test_the_metadata_from_the_text() -> None:
    source = source_from_texts([("nl", FIXTURE)])
    assert source.number == "2099/5" and source.meta.eli == str(ACT)
    assert source.meta.date_publication.isoformat() == "2099-06-19"
    assert source.meta.amends == AMENDED + "/oj"
    assert [(t.language, t.layout) for t in source.texts.values()] == [("nl", "html")]


def test_build_from_the_text_alone(tmp_path: Path, capsys) -> None:
    out = tmp_path / "graph.nq"
    assert main(["build", "--text", f"nl={FIXTURE}", "--out", str(out)]) == 0
    assert "reading nl (html)" in capsys.readouterr().err
    g = load_graph(out)
    assert (ACT, ELI.type_document, RESOURCE_TYPE.REG) in g
    assert str(g.value(ACT, ELI.number)) == "2099/5"
    assert (ACT, ELI.passed_by, CORPORATE_BODY.EP_CONSIL) in g  # the profile's code
    assert (ACT, ELI.date_document, _date("2099-06-12")) in g
    assert (ACT, ELI.date_publication, _date("2099-06-19")) in g
    # "op de twintigste dag na die van de bekendmaking": 19 June + 20 days.
    assert (ACT, ELI.first_date_entry_in_force, _date("2099-07-09")) in g
    assert (ACT, ELI.amends, URIRef(AMENDED + "/oj")) in g
    instructions = {
        str(s).removeprefix("http://data.europa.eu/eli/reg/2099/5/").removesuffix("/oj"): (
            str(g.value(s, LKG.action)).rsplit("#", 1)[1],
            # A deletion repeals its target; every other instruction amends it.
            str(g.value(s, ELI.amends) or g.value(s, ELI.repeals))
            .removeprefix(AMENDED + "/")
            .removesuffix("/oj"),
        )
        for s in g.subjects(RDF.type, LKG.AmendingInstruction)
    }
    assert instructions == {
        "art_1/pnt_1": ("AmendAsFollows", "art_2"),
        "art_1/pnt_1/pnt_a": ("Insert", "art_2"),
        "art_1/pnt_1/pnt_b": ("Delete", "art_2/pnt_5"),
        "art_1/pnt_2": ("Replace", "art_4/par_2"),
        "art_1/pnt_3": ("Add", "art_9"),
    }
    inserted = URIRef(f"{AMENDED}/art_2/pnt_3a/2099-07-09")
    assert (inserted, ELI.is_part_of, URIRef(f"{AMENDED}/art_2/2099-07-09")) in g
