"""Which norms apply to a host: reasoning (HermiT and OWL 2 RL), the API, the command, the query."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient
from rdflib import Graph

from lexkg import resources
from lexkg.cli import main
from lexkg.reasoner import HOST_PROPERTIES, has_java
from lexkg.reasoner.roles import classify_hermit, classify_rl

from support import REPO

LKG = "https://w3id.org/lexkg/ontology#"
CONS = "http://data.europa.eu/eli/reg/2021/1173/"
NEW = "/2024-07-09"
CRITERIA = [f"{CONS}art_9/par_5/sbp_2/pnt_{x}{NEW}" for x in "abcde"]


def _assess(client: FlaskClient, **profile) -> dict:
    response = client.post("/api/assess", json=profile)
    assert response.status_code == 200, response.text
    return response.get_json()


def _provisions(answer: dict, modality: str | None = None) -> list[str]:
    return [n["provision"] for n in answer["norms"] if modality in (None, n["modality"])]


@pytest.mark.parametrize("lang", ["nl", "de"])
def test_host_of_an_ai_optimised_supercomputer(client: FlaskClient, lang: str) -> None:
    answer = _assess(client, hosts_ai_optimised_supercomputer=True, lang=lang)
    assert answer["roles"] == [LKG + "HostOfAIOptimisedSupercomputer"]
    assert _provisions(answer) == [*CRITERIA, f"{CONS}art_9/par_6a{NEW}"]
    assert [n["modality"] for n in answer["norms"]] == ["criterion"] * 5 + ["obligation"]
    one_stop_shop = answer["norms"][-1]
    assert one_stop_shop["bearer"] == LKG + "HostingEntity"
    word = {"nl": "onestopshop", "de": "zentrale Anlaufstelle"}[lang]
    assert word in one_stop_shop["text"]


@pytest.mark.parametrize("lang", ["nl", "de"])
def test_existing_host_applying_to_become_an_ai_factory(client: FlaskClient, lang: str) -> None:
    answer = _assess(client, existing_hosting_entity=True, applies_for_ai_factory=True, lang=lang)
    assert LKG + "AIFactoryApplicant" in answer["roles"]
    assert _provisions(answer, "criterion") == CRITERIA
    assert _provisions(answer, "condition") == [f"{CONS}art_9/par_5a{NEW}"]
    condition = next(n for n in answer["norms"] if n["modality"] == "condition")
    assert {"nl": "voldoende computermiddelen", "de": "ausreichende Rechenressourcen"}[lang] in (
        condition["text"]
    )


def test_plain_existing_host_may_apply_but_has_no_criteria(client: FlaskClient) -> None:
    answer = _assess(client, existing_hosting_entity=True)
    assert answer["roles"] == [LKG + "ExistingHostingEntity"]
    assert _provisions(answer, "criterion") == []
    assert _provisions(answer, "permission") == [f"{CONS}art_9/par_5a{NEW}"]


def test_host_to_which_ownership_was_transferred_owes_the_residual_value(client) -> None:
    answer = _assess(client, ownership_transferred=True, lang="de")
    norm = next(n for n in answer["norms"] if n["provision"] == f"{CONS}art_12a/par_7{NEW}")
    assert norm["modality"] == "obligation" and norm["bearer"] == LKG + "HostingEntity"
    assert "Restwert" in norm["text"]


def test_host_in_a_consortium_sees_who_bears_the_remaining_costs(client) -> None:
    answer = _assess(client, in_hosting_consortium=True)
    norm = next(n for n in answer["norms"] if n["provision"] == f"{CONS}art_12a/par_2/sbp_2{NEW}")
    assert norm["bearer"] == LKG + "ParticipatingState"
    assert norm["text"].startswith("Het resterende deel van de totale kosten")


def test_a_host_described_by_nothing_has_no_role(client: FlaskClient) -> None:
    assert _assess(client) == {"roles": [], "norms": []}


@pytest.mark.parametrize(
    ("body", "content_type", "status", "message"),
    [
        ('{"hosts_gpu": true}', "application/json", 400, "unknown field 'hosts_gpu'"),
        ('{"industrial_use": "yes"}', "application/json", 400, "'industrial_use' must be true"),
        ('{"industrial_use": 1}', "application/json", 400, "'industrial_use' must be true"),
        ('{"lang": "fr"}', "application/json", 400, "no text in 'fr'"),
        ('{"lang": "en"}', "application/json", 400, "languages loaded: de, nl"),
        ('{"industrial_use": tru', "application/json", 400, "malformed JSON at line 1"),
        ("[true]", "application/json", 400, "must be a JSON object"),
        ("{}", "text/plain", 415, "application/json"),
    ],
)
def test_bad_profiles_are_400(client, body: str, content_type: str, status: int, message: str):
    response = client.post("/api/assess", data=body, content_type=content_type)
    assert response.status_code == status
    assert message in response.text


def test_engines_agree_on_every_profile(graph_file: Path) -> None:
    if not has_java():
        pytest.skip("HermiT needs Java")
    ontology = Graph()
    for path in resources.ontology_files():
        ontology.parse(path)
    keys = sorted(HOST_PROPERTIES)
    profiles = [dict(zip(keys, bits, strict=True)) for bits in itertools.product((0, 1), repeat=6)]
    rl = classify_rl(ontology, profiles)
    assert rl == classify_hermit(ontology, profiles)
    # Only a host described by nothing, or only by applying to become an AI factory (which
    # an existing hosting entity does), has no role.
    without = [
        {k for k, v in p.items() if v} for p, roles in zip(profiles, rl, strict=True) if not roles
    ]
    assert without == [set(), {"applies_for_ai_factory"}]


def test_assess_command(graph_file: Path, capsys) -> None:
    code = main(
        ["assess", "--hosts-ai-optimised-supercomputer", "--lang", "de", "--graph", str(graph_file)]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("Roles: HostOfAIOptimisedSupercomputer")
    assert out.count("CRITERION of HostingEntity") == 5
    assert "reg/2021/1173/art_9/par_6a/2024-07-09" in out and "zentrale Anlaufstelle" in out


def test_named_query_gives_the_norms_of_a_host(graph_file: Path, client: FlaskClient) -> None:
    store = ox.Store()
    store.bulk_load(path=str(graph_file), format=ox.RdfFormat.N_QUADS)
    query = (REPO / "queries" / "applicable-norms.rq").read_text(encoding="utf-8")
    rows = store.query(
        query,
        use_default_graph_as_union=True,
        substitutions={
            ox.Variable("host"): ox.NamedNode("https://w3id.org/lexkg/host/ai-factory-applicant"),
            ox.Variable("lang"): ox.Literal("de"),
        },
    )
    found = {(r["provision"].value, r["modality"].value.removeprefix(LKG).lower()) for r in rows}
    api = _assess(client, existing_hosting_entity=True, applies_for_ai_factory=True, lang="de")
    assert found == {(n["provision"], n["modality"]) for n in api["norms"]}
    assert json.dumps(sorted(found))  # both non-empty and comparable
    assert len(found) >= 6
