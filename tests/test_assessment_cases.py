"""The legal reading's cases (docs/assessment-cases/cases.toml), answered on the real texts.

For every case and both reasoners: the provisions reported (path and sentence) are exactly the
expected ones, none of those a naive reading would report appears, and the routes reported as
closed are the expected ones (by provision). HermiT and owlrl give every case the same roles.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest

from lexkg.reasoner import has_java
from lexkg.server.services.assess import Assessment, Assessor
from lexkg.server.services.host_facts import host_facts
from lexkg.server.services.profile import FIELDS, read_profile
from lexkg.server.store.embedded import OxigraphStore

from support import REPO

BASE = "http://data.europa.eu/eli/reg/2021/1173/"
CASES: list[dict[str, Any]] = tomllib.loads(
    (REPO / "docs" / "assessment-cases" / "cases.toml").read_text(encoding="utf-8")
)["case"]
_FIELDS = {f.name for f in FIELDS}
ENGINES = [
    "owlrl",
    pytest.param("hermit", marks=pytest.mark.skipif(not has_java(), reason="HermiT needs Java")),
]

Ref = tuple[str, int | None]


def _profile(case: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in case.items() if k in _FIELDS}


def _refs(entries: list[dict[str, Any]]) -> set[Ref]:
    return {(e["path"], e.get("sentence")) for e in entries}


def _path(provision: str) -> str:
    """The path of a subdivision version's ELI (…/2021/1173/{path}/{date})."""
    return provision.removeprefix(BASE).rsplit("/", 1)[0]


@pytest.fixture(scope="module")
def assessor(family_graph: Path) -> Assessor:
    return Assessor(OxigraphStore(family_graph))


@pytest.fixture(scope="module", params=ENGINES)
def answers(request: pytest.FixtureRequest, assessor: Assessor) -> dict[str, Assessment]:
    """Every case answered by one reasoner (one run of it for all the profiles)."""
    profiles = [read_profile(_profile(c)) for c in CASES]
    found = assessor.assess_many(profiles, request.param)
    return {c["id"]: a for c, a in zip(CASES, found, strict=True)}


def test_there_are_cases_for_each_version() -> None:
    years = sorted({c["date"][:4] for c in CASES})
    assert years == ["2022", "2025", "2026"] and len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case: dict[str, Any], answers: dict[str, Assessment]) -> None:
    answer = answers[case["id"]]
    reported = {(_path(n.provision), n.sentence) for n in answer.norms}
    expected = _refs(case["expected"])
    assert reported == expected, (
        f"{case['id']}: more {sorted(reported - expected, key=str)}, "
        f"fewer {sorted(expected - reported, key=str)}"
    )
    assert not reported & _refs(case["not_expected"])
    closed = {(c.path or "", c.sentence) for c in answer.ineligible}
    assert closed == _refs(case["ineligible"])


def test_engines_agree_on_the_roles_of_every_case(assessor: Assessor) -> None:
    if not has_java():
        pytest.skip("HermiT needs Java")
    profiles = [read_profile(_profile(c)) for c in CASES]
    rl = [a.roles for a in assessor.assess_many(profiles, "owlrl")]
    hermit = [a.roles for a in assessor.assess_many(profiles, "hermit")]
    assert rl == hermit


def test_no_rule_of_a_later_act_in_an_earlier_answer(answers: dict[str, Assessment]) -> None:
    for case in CASES:
        answer = answers[case["id"]]
        version = answer.version.rsplit("/", 1)[1]
        assert all(n.provision.endswith("/" + version) for n in answer.norms)
        if case["date"] < "2026-01-20":
            assert not any("/art_12b/" in n.provision for n in answer.norms)
        if case["date"] < "2024-07-09":
            assert not any(
                p in n.provision for n in answer.norms for p in ("/art_12a/", "/par_5a/", "/par_6a")
            )


def test_engines_agree_on_profiles_of_every_kind_and_stage(assessor: Assessor) -> None:
    """Every kind (and none) on a date when all are in the act, by stage and in a consortium."""
    if not has_java():
        pytest.skip("HermiT needs Java")
    kinds = ["", "high-end", "mid-range", "industrial-grade", "quantum", "ai-optimised"]
    stages = [
        {},
        {"applies_for_selection": True},
        {"ownership_transferred": True},
        {"decommissioned": True},
        {"applies_for_ai_factory": True, "existing_hosting_entity": True},
        {"applies_for_upgrade": True},
    ]
    profiles = [
        read_profile({"date": "2026-03-01", "supercomputer": kind, **stage, **extra})
        for kind in [*kinds, "ai-gigafactory"]
        for stage in stages
        for extra in ({}, {"in_hosting_consortium": True, "applies_for_ai_gigafactory": True})
    ]
    facts = [host_facts(p, dt.date(2026, 1, 20)) for p in profiles]
    assert assessor.roles(facts, "owlrl") == assessor.roles(facts, "hermit")
