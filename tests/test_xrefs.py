"""Cross-references: the same links from both languages, resolved to subdivisions."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from lexkg.loader.build import build, read_source
from lexkg.loader.model import Act
from lexkg.loader.rdf import ELI, LKG
from lexkg.loader.refs import ACT_MENTION, act_eli
from lexkg.loader.xrefs import references

from support import union

OWN = "http://data.europa.eu/eli/reg/2024/1732"
AMENDED = "http://data.europa.eu/eli/reg/2021/1173"
NEW = "2024-07-09"


def _links(graph: Graph) -> set[tuple[str, str, str]]:
    out = set()
    for prop in (ELI.refers_to, ELI.cites):
        for s, o in graph.subject_objects(prop):
            if "/2024/1732/" in str(s) or str(s).endswith(NEW):
                out.add((str(s), prop.fragment, str(o)))
    return out


def test_both_languages_give_the_same_references(acts: dict[str, Act]) -> None:
    nl = references(acts["nl"], OWN + "/oj", AMENDED + "/oj")
    de = references(acts["de"], OWN + "/oj", AMENDED + "/oj")
    assert [r.key for r in nl] == [r.key for r in de]
    assert not [r for r in nl if r.unresolved]
    written = {r.text for r in nl if r.text}
    assert {
        "artikel 9, lid 5, tweede alinea",
        "artikel 12 bis",
        "artikel 23, lid 4, van de statuten",
        "artikel 18, lid 4, van die verordening",
    } <= written
    assert "Artikel 9 Absatz 5 Unterabsatz 2" in {r.text for r in de}


@pytest.mark.parametrize(
    ("subject", "prop", "target"),
    [
        (f"{AMENDED}/art_9/par_5a/{NEW}", "refers_to", f"{AMENDED}/art_9/par_5/sbp_2/{NEW}"),
        (f"{AMENDED}/art_9/par_6a/{NEW}", "refers_to", f"{AMENDED}/art_12a/{NEW}"),
        (f"{AMENDED}/art_12a/par_2/sbp_1/{NEW}", "refers_to", f"{AMENDED}/art_5/par_1/oj"),
        (f"{AMENDED}/art_12a/par_2/sbp_2/{NEW}", "refers_to", f"{AMENDED}/art_6/oj"),
        (
            f"{AMENDED}/art_12a/par_5/{NEW}",
            "cites",
            "http://data.europa.eu/eli/reg/2021/694/art_12/par_6/oj",
        ),
        (
            f"{AMENDED}/art_12a/par_5/{NEW}",
            "cites",
            "http://data.europa.eu/eli/reg/2021/694/art_18/par_4/oj",
        ),
        (f"{AMENDED}/art_12a/par_7/{NEW}", "refers_to", f"{AMENDED}/anx_1/art_23/par_4/oj"),
        (f"{AMENDED}/art_15/par_5/{NEW}", "cites", "http://data.europa.eu/eli/reg/2018/1488/oj"),
        (f"{AMENDED}/art_16/par_2a/{NEW}", "refers_to", f"{AMENDED}/art_17/{NEW}"),
        (f"{OWN}/cit_1/oj", "cites", "http://data.europa.eu/eli/treaty/tfeu_2016/art_187/oj"),
        (f"{OWN}/cit_1/oj", "cites", "http://data.europa.eu/eli/treaty/tfeu_2016/art_188/par_1/oj"),
        (f"{OWN}/rct_2/oj", "cites", f"{AMENDED}/oj"),
        (f"{OWN}/art_1/pnt_5/oj", "cites", f"{AMENDED}/art_10/par_2/pnt_l/oj"),
        (f"{OWN}/art_1/pnt_7/pnt_b/oj", "cites", f"{AMENDED}/art_15/par_2/oj"),
    ],
)
def test_reference_links(graph: Graph, subject: str, prop: str, target: str) -> None:
    assert (subject, prop, target) in _links(graph)


def test_a_reference_that_cannot_be_resolved_is_reported(source, tmp_copy, capsys) -> None:
    nl = (
        source.texts["nl"]
        .path.read_text("utf-8")
        .replace("artikel 12, lid 6, van Verordening (EU) 2021/694", "artikel 12, lid 6")
    )
    de = (
        source.texts["de"]
        .path.read_text("utf-8")
        .replace(
            "Artikel\u00a012 Absatz\u00a06 der Verordnung (EU) 2021/694", "Artikel 12 Absatz 6"
        )
    )
    messages: list[str] = []
    built = build(read_source(tmp_copy(nl=nl, de=de)), progress=messages.append)
    assert any(
        "unresolved reference 'artikel 18, lid 4, van die verordening'" in m
        and "follows no act named before it" in m
        for m in messages
    ), messages
    graph = union(built.dataset)
    expr = URIRef(f"{AMENDED}/art_12a/par_5/{NEW}/deu")
    assert {str(t) for t in graph.objects(expr, LKG.unresolvedReference)} == {
        "Artikel 18 Absatz 4 der genannten Verordnung"
    }


@pytest.mark.parametrize(
    ("written", "eli"),
    [
        ("Verordening (EU) 2021/694", "reg/2021/694"),
        # After "No" / "Nr." / "nr." the number comes first, then the year.
        ("Regulation (EC) No 1049/2001", "reg/2001/1049"),
        ("Verordening (EG) nr. 1049/2001", "reg/2001/1049"),
        ("Verordnung (EG) Nr. 1049/2001", "reg/2001/1049"),
        ("Decision No 1247/2002/EC", "dec/2002/1247"),
        ("Council Regulation (EEC, Euratom, ECSC) No 259/68", "reg/1968/259"),
        ("Regulation (EU) No 2024/1624", "reg/2024/1624"),  # a slip of the text: no year 1624
        ("Verordening (EU, Euratom) 2018/1046", "reg/2018/1046"),
        ("Decision 2009/937/EU", "dec/2009/937"),
        ("Verordening 2021/1153", "reg/2021/1153"),  # without its series
        ("des Beschlusses (EU) 2022/2481", "dec/2022/2481"),
    ],
)
def test_the_eli_of_an_act_named_in_full(written: str, eli: str) -> None:
    mention = ACT_MENTION.search(written)
    assert mention is not None
    assert act_eli(mention) == "http://data.europa.eu/eli/" + eli
