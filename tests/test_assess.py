"""Which norms apply to a host on a date: the API (GET and POST), its profile schema, bad
input, a graph without the base act, the command, and the named query."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient

from lexkg.cli import main
from lexkg.server.services.profile import FIELDS, read_profile

from support import REPO, closing_app

LKG = "https://w3id.org/lexkg/ontology#"
CONS = "http://data.europa.eu/eli/reg/2021/1173/"
AI_HOST = {"supercomputer": "ai-optimised", "existing_hosting_entity": True}


@pytest.fixture(scope="module")
def family(family_graph: Path) -> Iterator[FlaskClient]:
    with closing_app({"GRAPH_PATH": str(family_graph)}) as app:
        yield app.test_client()


def _assess(client: FlaskClient, **profile) -> dict:
    response = client.post("/api/assess", json=profile)
    assert response.status_code == 200, response.text
    return response.get_json()


def _refs(answer: dict) -> set[tuple[str, int | None]]:
    return {
        (n["provision"].removeprefix(CONS).rsplit("/", 1)[0], n.get("sentence"))
        for n in answer["norms"]
    }


def test_the_same_host_in_2025_and_2026(family: FlaskClient) -> None:
    in_2025 = _assess(family, **AI_HOST, date="2025-02-14", lang="de")
    in_2026 = _assess(family, **AI_HOST, date="2026-02-10", lang="de")
    assert in_2025["version"] == CONS + "2024-07-09"
    assert in_2026["version"] == CONS + "2026-01-20"
    assert _refs(in_2025) == _refs(in_2026)  # 2026/150 did not touch 9, 10, 12a or 17
    assert {("art_9/par_6a", None), ("art_12a/par_2/sbp_2", None)} <= _refs(in_2025)
    assert ("art_10/par_2/pnt_l", None) in _refs(in_2025), "10(2)(l) names AI-optimised machines"
    one_stop_shop = next(n for n in in_2025["norms"] if "/art_9/par_6a/" in n["provision"])
    assert one_stop_shop["lang"] == "de" and "zentrale Anlaufstelle" in one_stop_shop["text"]
    assert one_stop_shop["modality"] == "obligation"
    assert one_stop_shop["bearers"] == [LKG + "HostingEntity"]
    why = one_stop_shop["why"][0]
    assert why["role"] == LKG + "OperatingHostOfAIOptimisedSupercomputer"
    assert {"field": "supercomputer", "fact": "supercomputerKind", "value": "ai-optimised"} in (
        why["facts"]
    )
    base_act = next(n for n in in_2025["norms"] if "/art_10/par_1/" in n["provision"])
    assert base_act["lang"] == "nl", "no German text of the base act: another language, said so"


def test_two_bearers_and_a_sentence(family: FlaskClient) -> None:
    answer = _assess(family, **AI_HOST, date="2025-02-14")
    point_l = next(n for n in answer["norms"] if "/art_10/par_2/pnt_l/" in n["provision"])
    assert point_l["bearers"] == [LKG + "HostingEntity", LKG + "JointUndertaking"]
    decommissioned = _assess(family, **AI_HOST, decommissioned=True, date="2026-04-15")
    third = next(n for n in decommissioned["norms"] if n.get("sentence") == 3)
    assert third["provision"] == CONS + "art_12a/par_7/2026-01-20"
    assert third["limit"] == {
        "share": 50.0,
        "share_of": "kosten van buitengebruikstelling",
        "share_of_lang": "nl",
    }
    assert third["lang"] == "nl"  # the third sentence alone
    assert third["text"].startswith("Indien de eigendom niet wordt overgedragen")
    assert third["text"].endswith(
        "gelijkelijk verdeeld tussen de gemeenschappelijke onderneming en de gastentiteit."
    )
    gigafactory = _assess(family, supercomputer="ai-gigafactory", date="2026-03-01", lang="nl")
    assert {n["lang"] for n in gigafactory["norms"] if "/art_12b/" in n["provision"]} == {"en"}


def test_no_later_act_in_an_earlier_answer(family: FlaskClient) -> None:
    answer = _assess(family, supercomputer="ai-gigafactory", applies_for_ai_gigafactory=True)
    assert answer["norms"] == [] or answer["date"] >= "2026-01-20"
    early = _assess(
        family, supercomputer="ai-gigafactory", applies_for_ai_gigafactory=True, date="2025-12-01"
    )
    assert early["norms"] == [] and early["roles"] == []
    assert {c["in_force_from"] for c in early["ineligible"]} == {"2026-01-20"}


def test_an_ai_factory_applicant_that_is_no_hosting_entity_is_told_so(family) -> None:
    answer = _assess(family, applies_for_ai_factory=True, date="2025-03-03")
    assert answer["norms"] == []
    [closed] = answer["ineligible"]
    assert closed["provision"] == CONS + "art_9/par_5a/2024-07-09" and closed["sentence"] == 1


def test_get_and_post_give_the_same_answer(family: FlaskClient) -> None:
    query = "supercomputer=mid-range&existing_hosting_entity=true&in_hosting_consortium=on"
    got = family.get(f"/api/assess?{query}&date=2025-07-15&lang=nl")
    assert got.status_code == 200, got.text
    posted = _assess(
        family,
        supercomputer="mid-range",
        existing_hosting_entity=True,
        in_hosting_consortium=True,
        date="2025-07-15",
    )
    assert got.get_json() == posted
    assert ("art_17/par_4", 2) in _refs(posted)


def test_the_profile_schema_is_served_as_data(client: FlaskClient) -> None:
    response = client.get("/api/assess/profile")
    assert response.status_code == 200
    fields = {f["name"]: f for f in response.get_json()["fields"]}
    assert list(fields) == [f.name for f in FIELDS]
    assert fields["supercomputer"]["choices"][1:] == [
        "high-end",
        "mid-range",
        "industrial-grade",
        "quantum",
        "ai-optimised",
        "ai-gigafactory",
    ]
    assert fields["established_in_participating_member_state"]["default"] is True
    assert all(f["description"] for f in fields.values())


def test_the_date_is_today_by_default() -> None:
    assert read_profile({}, today=lambda: dt.date(2025, 5, 1)).date == dt.date(2025, 5, 1)
    assert read_profile({"hosts_ai_optimised_supercomputer": True}).kind == "ai-optimised"


@pytest.mark.parametrize(
    ("body", "content_type", "status", "message"),
    [
        ('{"hosts_gpu": true}', "application/json", 400, "field 'hosts_gpu': unknown field"),
        ('{"industrial_use": "yes"}', "application/json", 400, "'industrial_use': must be true"),
        ('{"industrial_use": 1}', "application/json", 400, "'industrial_use': must be true"),
        ('{"date": "2025-02-30"}', "application/json", 400, "field 'date'"),
        ('{"date": 20250101}', "application/json", 400, "field 'date': must be a string"),
        ('{"date": "2020-01-01"}', "application/json", 400, "before 2021-08-08"),
        ('{"supercomputer": "gpu"}', "application/json", 400, "field 'supercomputer': unknown"),
        ('{"lang": "fr"}', "application/json", 400, "no text in 'fr'"),
        (
            '{"supercomputer": "high-end", "hosts_ai_optimised_supercomputer": true}',
            "application/json",
            400,
            "field 'hosts_ai_optimised_supercomputer'",
        ),
        (
            '{"ownership_transferred": true, "decommissioned": true}',
            "application/json",
            400,
            "field 'decommissioned'",
        ),
        ('{"industrial_use": tru', "application/json", 400, "malformed JSON at line 1"),
        ("[true]", "application/json", 400, "must be a JSON object"),
        ("{}", "text/plain", 415, "application/json"),
    ],
)
def test_bad_profiles_are_400(client, body: str, content_type: str, status: int, message: str):
    response = client.post("/api/assess", data=body, content_type=content_type)
    assert response.status_code == status
    assert message in response.text
    if status == 400:
        assert response.get_json()["error"] == "bad_request"


def test_bad_query_parameters_are_400(client: FlaskClient) -> None:
    response = client.get("/api/assess?industrial_use=maybe")
    assert response.status_code == 400 and "'industrial_use'" in response.text
    response = client.get("/api/assess?date=2025-01-01&date=2025-02-01")
    assert response.status_code == 400 and "given more than once" in response.text


def test_a_graph_without_the_base_act_says_which_versions_it_has(client: FlaskClient) -> None:
    response = client.post("/api/assess", json={"date": "2022-03-15", **AI_HOST})
    assert response.status_code == 400
    message = response.get_json()["message"]
    assert "2021-08-08" in message and "it has the versions of: 2024-07-09" in message
    answer = _assess(client, date="2025-02-14", **AI_HOST)  # the version it has answers
    one_stop_shop = next(n for n in answer["norms"] if "/art_9/par_6a/" in n["provision"])
    assert "onestopshop" in one_stop_shop["text"]


def test_assess_command(family_graph: Path, capsys) -> None:
    argv = ["assess", "--supercomputer", "ai-optimised", "--existing-hosting-entity"]
    code = main([*argv, "--date", "2025-02-14", "--lang", "de", "--graph", str(family_graph)])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("Date: 2025-02-14  Version: " + CONS + "2024-07-09")
    assert "reg/2021/1173/art_9/par_6a/2024-07-09" in out and "zentrale Anlaufstelle" in out
    assert main(["assess", "--date", "2020-01-01", "--graph", str(family_graph)]) == 2
    assert "field 'date'" in capsys.readouterr().err


def test_named_query_gives_the_norms_of_a_host(family_graph: Path, family: FlaskClient) -> None:
    store = ox.Store()
    store.bulk_load(path=str(family_graph), format=ox.RdfFormat.N_QUADS)
    query = (REPO / "queries" / "applicable-norms.rq").read_text(encoding="utf-8")
    rows = store.query(
        query,
        use_default_graph_as_union=True,
        substitutions={
            ox.Variable("host"): ox.NamedNode("https://w3id.org/lexkg/host/ai-factory-applicant"),
            ox.Variable("date"): ox.Literal(
                "2025-03-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
            ),
            ox.Variable("lang"): ox.Literal("de"),
        },
    )
    found = {
        (r["provision"].value, int(r["sentence"].value) if r["sentence"] else None) for r in rows
    }
    api = _assess(
        family,
        supercomputer="high-end",
        existing_hosting_entity=True,
        applies_for_ai_factory=True,
        date="2025-03-01",
        lang="de",
    )
    assert found == {(n["provision"], n.get("sentence")) for n in api["norms"]}
    assert len(found) >= 30
