"""The routes a profile asks about (or events it states) that are closed to the host on its date.

Each closed route names the provision that closes it (a subdivision of the version in force,
with its sentence) or, for a route the act does not have yet, the date it opens. The reasons
are the reading documented in docs/assessment-cases/ambiguities.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from lexkg.server.services.host_facts import (
    KIND_IN_FORCE,
    UPGRADE_WINDOW_DELETED,
    Facts,
    kind_in_force,
    years_after,
)
from lexkg.server.services.profile import Profile
from lexkg.vocab import LKG

__all__ = ["Closed", "closed_routes"]

BASE = "http://data.europa.eu/eli/reg/2021/1173/"
_AI_FACTORIES = KIND_IN_FORCE["ai-optimised"][0]  # Article 9(5a), Regulation (EU) 2024/1732
_GIGAFACTORIES = KIND_IN_FORCE["ai-gigafactory"][0]  # Article 12b, Regulation (EU) 2026/150
# Article and sentence of the power to transfer, sell or decommission, and years after the
# successful acceptance test (12b(12): after the start of operations).
_ENDING = {
    "high-end": ("art_11/par_6", 1, 5),
    "quantum": ("art_12/par_7", 1, 4),
    "industrial-grade": ("art_13/par_6", 1, 4),
    "ai-optimised": ("art_12a/par_7", 1, 5),
    "ai-gigafactory": ("art_12b/par_12", 1, 5),
}


@dataclass(frozen=True)
class Closed:
    """A route the host cannot take, with the provision that says so (None: not yet in law)."""

    route: str
    path: str | None
    sentence: int | None
    reason: str
    in_force_from: dt.date | None = None

    def as_json(self, version: dt.date) -> dict[str, Any]:
        out: dict[str, Any] = {
            "route": self.route,
            "provision": f"{BASE}{self.path}/{version}" if self.path else None,
        }
        if self.sentence:
            out["sentence"] = self.sentence
        if self.in_force_from:
            out["in_force_from"] = self.in_force_from.isoformat()
        out["reason"] = self.reason
        return out


def _article(kind: str) -> str:
    return "an" if kind[:1] in "aeiou" else "a"


def closed_routes(profile: Profile, version: dt.date, facts: Facts) -> list[Closed]:
    """Every route of the profile that is closed on its date, in the order they are asked."""
    p, day, kind = profile, profile.date, profile.kind
    fact = lambda name: facts.values[str(LKG[name])]  # noqa: E731
    out: list[Closed] = []
    if not p["established_in_participating_member_state"]:
        if p["applies_for_selection"] or (kind and kind != "ai-gigafactory"):
            out.append(
                Closed(
                    f"hosting {_article(kind)} {kind} supercomputer" if kind else "hosting",
                    "art_2/pnt_13",
                    None,
                    "a hosting entity must be established in a Participating State that is a "
                    "Member State (definition 2(13); Article 9(1), first sentence)",
                )
            )
        if p["applies_for_ai_gigafactory"]:
            out.append(_gigafactory_route(day, established=False))
        return out
    if kind and not kind_in_force(kind, day):
        since, definition = KIND_IN_FORCE[kind]
        if kind == "ai-gigafactory":
            out.append(
                Closed(
                    "hosting or applying for an AI gigafactory",
                    None,
                    None,
                    "the act as it stands on this date knows no AI gigafactories (definition "
                    "2(3c) and Article 12b, inserted by Regulation (EU) 2026/150)",
                    since,
                )
            )
        else:
            out.append(
                Closed(
                    f"hosting or applying for {_article(kind)} {kind} supercomputer",
                    "art_2/pnt_9",
                    None,
                    f"on this date definition 2(9) lists no {kind} supercomputers; they exist "
                    f"from {since} (definition {definition[6:].replace('pnt_', '2(')}), "
                    "inserted by Regulation (EU) 2024/1732)",
                )
            )
    out += _selection(p, kind, facts)
    out += _ending(p, day, facts)
    if p["applies_for_ai_factory"]:
        if day < _AI_FACTORIES:
            out.append(
                Closed(
                    "application to become an AI factory",
                    None,
                    None,
                    "the act as it stands on this date has no AI factories; Article 9(5a) was "
                    "inserted by Regulation (EU) 2024/1732",
                    _AI_FACTORIES,
                )
            )
        elif not p["existing_hosting_entity"]:
            out.append(
                Closed(
                    "application to become an AI factory",
                    "art_9/par_5a",
                    1,
                    "Article 9(5a) opens the AI factory route to existing hosting entities only",
                )
            )
    if p["applies_for_upgrade"]:
        out += _upgrade(p, version, facts, fact("supercomputerKind"))
    if p["applies_for_ai_gigafactory"] and day < _GIGAFACTORIES:
        out.append(_gigafactory_route(day, established=True))
    if p["scales_up_ai_factory"] and day >= _GIGAFACTORIES and not p["selected_ai_factory"]:
        out.append(
            Closed(
                "scaling up an AI factory into an AI gigafactory",
                "art_12b/par_6",
                1,
                "Article 12b(6) is open to a selected AI factory only; the entity may still "
                "apply through a call under Article 12b(19)",
            )
        )
    return out


def _gigafactory_route(day: dt.date, established: bool) -> Closed:
    if day < _GIGAFACTORIES:
        return Closed(
            "application for an AI gigafactory",
            None,
            None,
            "the act as it stands on this date has no AI gigafactories; Article 12b was "
            "inserted by Regulation (EU) 2026/150",
            _GIGAFACTORIES,
        )
    return Closed(
        "AI gigafactory hosting entity",
        "art_2/pnt_3g",
        None,
        "an AI gigafactory hosting entity must be established in a Participating State that is "
        "a Member State (definition 2(3g); Article 12b(1), first sentence)",
    )


def _selection(p: Profile, kind: str, facts: Facts) -> list[Closed]:
    """Article 9(1) waiting periods and the sites of Articles 12(6) and 12a(6)."""
    if not p["applies_for_selection"] or not facts.values[str(LKG.supercomputerKind)]:
        return []
    if kind == "ai-gigafactory" or p["acquired_under_2018_1488"]:
        return []
    route = f"selection as hosting entity of {_article(kind)} {kind} supercomputer"
    if facts.values[str(LKG.waitingPeriodRunning)]:
        sentence = 3 if kind == "quantum" else 2
        return [Closed(route, "art_9/par_1", sentence, facts.notes["waitingPeriodRunning"])]
    if kind in ("quantum", "ai-optimised") and not (
        p["existing_hosting_entity"] or p["is_supercomputing_centre"]
    ):
        path = "art_12/par_6" if kind == "quantum" else "art_12a/par_6"
        return [
            Closed(
                route,
                path,
                None,
                "the machine may only be located in a hosting entity of a EuroHPC supercomputer "
                "or a supercomputing centre located in the Union; the applicant is neither",
            )
        ]
    return []


def _ending(p: Profile, day: dt.date, facts: Facts) -> list[Closed]:
    """Transfer and decommissioning: to whom, whether the act has a rule, and time limits."""
    kind = str(facts.values[str(LKG.supercomputerKind)])
    ended = p["ownership_transferred"] or p["decommissioned"]
    if not kind or not ended or p["applies_for_selection"] or p["acquired_under_2018_1488"]:
        return []
    if kind == "ai-gigafactory" and p["applies_for_ai_gigafactory"]:
        return []
    out = []
    if p["ownership_transferred"] and kind == "industrial-grade":
        out.append(
            Closed(
                "transfer of ownership to the hosting entity",
                "art_13/par_6",
                1,
                "Article 13(6) provides for transfer of an industrial-grade machine to the "
                "consortium of private partners, not to the hosting entity; the residual value "
                "(second sentence) is owed by that consortium",
            )
        )
    if p["decommissioned"] and kind == "mid-range":
        return [
            Closed(
                "decommissioning of a mid-range supercomputer",
                "art_14/par_6",
                1,
                "Article 14(6) provides only for transfer of the Joint Undertaking's share to the "
                "hosting entity after full depreciation; it has no decommissioning or cost-sharing "
                "rule (contrast Articles 11(6), 12(7), 12a(7))",
            )
        ]
    if kind not in _ENDING:
        return out
    path, sentence, years = _ENDING[kind]
    accepted = p["acceptance_test_date"]
    earliest = years_after(KIND_IN_FORCE[kind][0], years)
    basis = "the earliest day such a machine could have been accepted under this act"
    if accepted is not None and kind != "ai-gigafactory":
        earliest = max(earliest, years_after(accepted, years))
        basis = f"its acceptance test ({accepted})"
    if day < earliest:
        out.append(
            Closed(
                "transfer of ownership, sale or decommissioning (stated as done)",
                path,
                sentence,
                f"at the earliest {years} years after the successful acceptance test (for an AI "
                f"gigafactory: the start of its operations), counted from {basis}: not before "
                f"{earliest}; before then only a winding-up of the Joint Undertaking (Statutes, "
                "Article 23(4)) could end its ownership. The rules on the consequences are "
                "reported, as the profile states the event.",
            )
        )
    return out


def _upgrade(p: Profile, version: dt.date, facts: Facts, kind: Any) -> list[Closed]:
    route = "upgrade of its supercomputer (Article 15)"
    if not kind or kind == "ai-gigafactory" or p["ownership_transferred"] or p["decommissioned"]:
        return [
            Closed(
                route,
                "art_15/par_1",
                1 if version < UPGRADE_WINDOW_DELETED else None,
                "the upgrade call concerns EuroHPC supercomputers the Joint Undertaking owns or "
                "co-owns; this machine is not (or no longer) one",
            )
        ]
    if not facts.values[str(LKG.upgradeWindowOpen)]:
        return [Closed(route, "art_15/par_2", 1, facts.notes["upgradeWindowOpen"])]
    if facts.values[str(LKG.upgradeLimitReached)]:
        return [
            Closed(
                route,
                "art_15/par_2",
                2,
                "the supercomputer has already been upgraded; a EuroHPC supercomputer may be "
                "upgraded only once",
            )
        ]
    return []
