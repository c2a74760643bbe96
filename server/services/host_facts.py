"""From a checked profile and the version in force to the facts the host roles are defined by.

Every host property of the ontology gets a value (the description is complete, so a role may
require a value to be false). Facts that depend on the date asked are worked out here and
stated as booleans, each with a sentence saying how it was found.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from lexkg.server.services.profile import Profile
from lexkg.vocab import LKG

__all__ = ["KIND_IN_FORCE", "UPGRADE_WINDOW_DELETED", "Facts", "host_facts", "years_after"]

ENACTED = dt.date(2021, 8, 8)
#: When each kind of machine entered the act, and the definition that brought it in.
KIND_IN_FORCE: dict[str, tuple[dt.date, str]] = {
    "high-end": (ENACTED, "art_2/pnt_11"),
    "mid-range": (ENACTED, "art_2/pnt_25"),
    "industrial-grade": (ENACTED, "art_2/pnt_15"),
    "quantum": (ENACTED, "art_2/pnt_18"),
    "ai-optimised": (dt.date(2024, 7, 9), "art_2/pnt_3a"),
    "ai-gigafactory": (dt.date(2026, 1, 20), "art_2/pnt_3c"),
}
#: Article 15(2) (upgrade window, one upgrade only) was deleted by Regulation (EU) 2024/1732.
UPGRADE_WINDOW_DELETED = dt.date(2024, 7, 9)
#: Article 9(1): years a Participating State waits after a previous selection of that kind.
WAITING_YEARS = {"high-end": 5, "mid-range": 5, "quantum": 2}

# Profile fields read as they are, by the host property they describe.
_DIRECT = {
    "isExistingHostingEntity": "existing_hosting_entity",
    "hostsAIOptimisedSupercomputer": "hosts_ai_optimised_supercomputer",
    "appliesForAIFactory": "applies_for_ai_factory",
    "industrialUse": "industrial_use",
    "inHostingConsortium": "in_hosting_consortium",
    "ownershipTransferred": "ownership_transferred",
    "decommissioned": "decommissioned",
    "appliesForSelection": "applies_for_selection",
    "appliesForAIGigafactory": "applies_for_ai_gigafactory",
    "isEstablishedInParticipatingMemberState": "established_in_participating_member_state",
    "isSupercomputingCentre": "is_supercomputing_centre",
    "appliesForUpgrade": "applies_for_upgrade",
    "acquiredUnder2018_1488": "acquired_under_2018_1488",
    "isSelectedAIFactory": "selected_ai_factory",
    "scalesUpAIFactory": "scales_up_ai_factory",
    "gigafactorySites": "gigafactory_sites",
    "consortiumIncludesSupplier": "consortium_includes_supplier",
}


def years_after(day: dt.date, years: int) -> dt.date:
    """The same day *years* later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Facts:
    """The host's description for the reasoner, by property IRI, and how derived ones arose."""

    values: dict[str, bool | str]
    notes: dict[str, str] = field(default_factory=dict)

    def key(self) -> tuple[tuple[str, bool | str], ...]:
        return tuple(sorted(self.values.items()))


def kind_in_force(kind: str, day: dt.date) -> bool:
    return bool(kind) and KIND_IN_FORCE[kind][0] <= day


def host_facts(profile: Profile, version: dt.date) -> Facts:
    """The facts of a host on the profile's date, read in the version in force then."""
    day = profile.date
    values: dict[str, bool | str] = {str(LKG[p]): profile[f] for p, f in _DIRECT.items()}
    notes: dict[str, str] = {}
    # Routes the act does not have yet on the date are not taken (closed_routes says so).
    for prop, since in (
        ("appliesForAIFactory", KIND_IN_FORCE["ai-optimised"][0]),  # Article 9(5a)
        ("appliesForAIGigafactory", KIND_IN_FORCE["ai-gigafactory"][0]),  # Article 12b
        ("scalesUpAIFactory", KIND_IN_FORCE["ai-gigafactory"][0]),  # Article 12b(6)
    ):
        if values[str(LKG[prop])] is True and day < since:
            values[str(LKG[prop])] = False
            notes[prop] = f"the act has no such route before {since}"
    kind = profile.kind if kind_in_force(profile.kind, day) else ""
    values[str(LKG.supercomputerKind)] = kind
    values[str(LKG.hostsEuroHPCSupercomputer)] = kind not in ("", "ai-gigafactory")
    values[str(LKG.hasSiteForQuantumOrAIMachine)] = bool(
        profile["existing_hosting_entity"] or profile["is_supercomputing_centre"]
    )
    if profile.kind and not kind:
        notes["supercomputerKind"] = f"the act knows no {profile.kind} machines on {day}"
    # Article 9(1), second and third sentences: waiting period after a previous selection.
    previous = profile["state_previous_selection_date"]
    waits = previous is not None and kind in WAITING_YEARS
    running = False
    if waits:
        until = years_after(previous, WAITING_YEARS[kind])
        running = day < until
        notes["waitingPeriodRunning"] = (
            f"previous selection in its Participating State on {previous}: "
            f"no new call for such a machine before {until} ({WAITING_YEARS[kind]} years)"
        )
    values[str(LKG.stateHasPreviousSelection)] = waits
    values[str(LKG.waitingPeriodRunning)] = running
    # Article 15(2) as enacted: respond between one and three years after selection, once.
    window, limit = True, False
    if version < UPGRADE_WINDOW_DELETED:
        selected = profile["selection_date"]
        if selected is not None:
            low, high = years_after(selected, 1), years_after(selected, 3)
            window = low <= day <= high
            notes["upgradeWindowOpen"] = f"selected on {selected}: window {low} to {high}"
        else:
            notes["upgradeWindowOpen"] = "selection date not given: the window is not checked"
        limit = bool(profile["upgraded_before"])
    values[str(LKG.upgradeWindowOpen)] = window
    values[str(LKG.upgradeLimitReached)] = limit
    return Facts(values, notes)
