"""The host profile: its fields as data (for the API, the command line and forms) and reading one.

A profile describes one entity and one machine (or one application) on one date. Every field
has a default, so an unstated boolean is false and an unstated date is unknown. `FIELDS` is
the one table of the fields; `read_profile` reads a JSON object, `read_query` the parameters
of a GET request or a form, both into a checked `Profile` or a `ProfileError` naming the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from lexkg.server.core.dates import parse_day
from lexkg.server.core.errors import ClientError

__all__ = [
    "FIELDS",
    "KINDS",
    "SITES",
    "Field",
    "Profile",
    "ProfileError",
    "read_profile",
    "read_query",
    "schema",
]

KINDS = ("high-end", "mid-range", "industrial-grade", "quantum", "ai-optimised", "ai-gigafactory")
SITES = ("single-site", "multi-site-single-country", "multi-site-multi-country")
#: The first day the assessment answers for: Regulation (EU) 2021/1173 entered into force.
FIRST_DAY = dt.date(2021, 8, 8)


class ProfileError(ClientError):
    """A host profile that cannot be assessed; the message names the field."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"field {name!r}: {problem}")
        self.field = name


@dataclass(frozen=True)
class Field:
    """One field of a host profile: its name, type, allowed values, default and meaning."""

    name: str
    type: str  # "boolean", "date", "choice" or "language"
    default: Any
    description: str
    choices: tuple[str, ...] = ()
    optional: bool = False  # a date that may be left empty (unknown)

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "type": self.type, "default": self.default}
        if self.choices:
            out["choices"] = list(self.choices)
        if self.optional:
            out["optional"] = True
        out["description"] = self.description
        return out


def _bool(name: str, description: str, default: bool = False) -> Field:
    return Field(name, "boolean", default, description)


def _date(name: str, description: str) -> Field:
    return Field(name, "date", "", description, optional=True)


FIELDS: tuple[Field, ...] = (
    Field(
        "date",
        "date",
        None,
        "The day on which the law is read (YYYY-MM-DD, from 2021-08-08); today when left out.",
    ),
    Field("lang", "language", "nl", "The language of the provisions' texts (nl, de, en)."),
    Field(
        "supercomputer",
        "choice",
        "",
        "The kind of machine hosted, or applied for (with applies_for_selection or "
        "applies_for_ai_gigafactory); empty for none.",
        choices=("", *KINDS),
    ),
    _bool(
        "existing_hosting_entity",
        "Already a selected hosting entity of a EuroHPC supercomputer, with a hosting agreement.",
    ),
    _bool(
        "hosts_ai_optimised_supercomputer",
        "Kept for compatibility: true means supercomputer = ai-optimised.",
    ),
    _bool("applies_for_ai_factory", "Applies to become an AI factory (Article 9(5a))."),
    _bool(
        "industrial_use",
        "Operates its EuroHPC supercomputer, or a partition of it, for industrial usage "
        "(always so for an industrial-grade machine).",
    ),
    _bool(
        "in_hosting_consortium",
        "Represents a hosting consortium rather than the single Participating State where it is "
        "established.",
    ),
    _bool(
        "ownership_transferred",
        "The Governing Board transferred ownership of the machine (for mid-range: the Joint "
        "Undertaking's share) to it; for an AI gigafactory, to its Consortium.",
    ),
    _bool("decommissioned", "The machine was decommissioned without transfer of ownership."),
    _bool(
        "applies_for_selection",
        "Applies, after a call for expression of interest, to be selected as hosting entity of a "
        "machine of the kind given (not an AI gigafactory).",
    ),
    _bool(
        "applies_for_ai_gigafactory",
        "Applies as AI gigafactory hosting entity, in an AI gigafactory Consortium (Article "
        "12b(19)).",
    ),
    _bool(
        "established_in_participating_member_state",
        "Established in a Participating State that is a Member State.",
        default=True,
    ),
    _bool(
        "is_supercomputing_centre",
        "A supercomputing centre located in the Union (Articles 12(6), 12a(6)).",
    ),
    _date(
        "state_previous_selection_date",
        "Selection date, after a previous call, of a machine of the same kind hosted in its "
        "Participating State (Article 9(1)).",
    ),
    _bool("applies_for_upgrade", "Answers an upgrade call (Article 15)."),
    _date("selection_date", "The date it was selected for the machine (Article 15(2) as enacted)."),
    _bool("upgraded_before", "The machine has already been upgraded once."),
    _date(
        "acceptance_test_date",
        "Date of the machine's successful acceptance test (time limits of transfer and "
        "decommissioning).",
    ),
    _bool(
        "acquired_under_2018_1488",
        "The machine was acquired in an action initiated under Regulation (EU) 2018/1488.",
    ),
    _bool("selected_ai_factory", "It has been selected as an AI factory."),
    _bool(
        "scales_up_ai_factory",
        "As a selected AI factory, it asks to scale up to an AI gigafactory (Article 12b(6)).",
    ),
    Field(
        "gigafactory_sites",
        "choice",
        "single-site",
        "Layout of the AI gigafactory (Article 12b(2)).",
        choices=SITES,
    ),
    _bool(
        "consortium_includes_supplier",
        "The AI gigafactory Consortium includes a technology infrastructure supplier.",
    ),
)
_BY_NAME = {f.name: f for f in FIELDS}


@dataclass(frozen=True)
class Profile:
    """A checked profile: every field with a value, and the fields the request stated."""

    values: Mapping[str, Any]
    stated: frozenset[str] = field(default_factory=frozenset)

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    @property
    def date(self) -> dt.date:
        return self.values["date"]

    @property
    def kind(self) -> str:
        return self.values["supercomputer"]

    def as_json(self) -> dict[str, Any]:
        """The profile as JSON values (dates as YYYY-MM-DD; unknown dates as "")."""
        return {
            k: v.isoformat() if isinstance(v, dt.date) else ("" if v is None else v)
            for k, v in self.values.items()
        }


def schema() -> list[dict[str, Any]]:
    """The fields as JSON, in the order a form shows them."""
    return [f.as_json() for f in FIELDS]


def _check_value(f: Field, value: Any) -> Any:
    if f.type == "boolean":
        if not isinstance(value, bool):
            raise ProfileError(f.name, "must be true or false")
        return value
    if not isinstance(value, str):
        raise ProfileError(f.name, "must be a string")
    if f.type == "date":
        if value == "" and f.optional:
            return None
        try:
            return parse_day(value)
        except ValueError as error:
            raise ProfileError(f.name, str(error)) from None
    if f.type == "choice" and value not in f.choices:
        allowed = ", ".join(repr(c) for c in f.choices)
        raise ProfileError(f.name, f"unknown value {value!r} (allowed: {allowed})")
    return value


_TRUE, _FALSE = {"true", "1", "on", "yes"}, {"false", "0", "off", "no", ""}


def _from_text(f: Field, text: str) -> Any:
    """A query parameter's text as the JSON value it stands for."""
    if f.type != "boolean":
        return text
    if text.lower() in _TRUE:
        return True
    if text.lower() in _FALSE:
        return False
    raise ProfileError(f.name, f"must be true or false, not {text!r}")


def read_profile(data: Any, today: Callable[[], dt.date] = dt.date.today) -> Profile:
    """Check a profile given as a JSON object; fill in the defaults and the implied facts."""
    if not isinstance(data, dict):
        raise ClientError("the host profile must be a JSON object")
    unknown = sorted(set(data) - set(_BY_NAME))
    if unknown:
        raise ProfileError(unknown[0], f"unknown field (known: {', '.join(_BY_NAME)})")
    values: dict[str, Any] = {}
    for f in FIELDS:
        if f.name in data:
            values[f.name] = _check_value(f, data[f.name])
        elif f.type == "date":
            values[f.name] = None
        else:
            values[f.name] = f.default
    if values["date"] is None:
        values["date"] = today()
    return _consistent(Profile(values, frozenset(data)))


def read_query(args: Mapping[str, list[str]], today: Callable[[], dt.date] = dt.date.today):
    """Check a profile given as query parameters (each at most once)."""
    data: dict[str, Any] = {}
    for name, texts in args.items():
        f = _BY_NAME.get(name)
        if f is None:
            raise ProfileError(name, f"unknown field (known: {', '.join(_BY_NAME)})")
        if len(texts) != 1:
            raise ProfileError(name, "given more than once")
        if f.type == "date" and texts[0] == "" and not f.optional:
            continue  # an empty date box: today
        data[name] = _from_text(f, texts[0])
    return read_profile(data, today)


def _consistent(profile: Profile) -> Profile:
    """Apply the consistency rules: contradictions are errors, implied facts are filled in."""
    v = dict(profile.values)
    stated = profile.stated
    if v["date"] < FIRST_DAY:
        raise ProfileError(
            "date",
            f"{v['date'].isoformat()} is before 2021-08-08, when Regulation (EU) 2021/1173 "
            "entered into force",
        )
    ai = v["supercomputer"] == "ai-optimised"
    if v["hosts_ai_optimised_supercomputer"] and v["supercomputer"] not in ("", "ai-optimised"):
        raise ProfileError(
            "hosts_ai_optimised_supercomputer",
            f"true contradicts supercomputer = {v['supercomputer']!r}",
        )
    if (
        ai
        and "hosts_ai_optimised_supercomputer" in stated
        and not v["hosts_ai_optimised_supercomputer"]
    ):
        raise ProfileError("hosts_ai_optimised_supercomputer", "false contradicts ai-optimised")
    if v["hosts_ai_optimised_supercomputer"] or ai:
        v["supercomputer"] = "ai-optimised"
        v["hosts_ai_optimised_supercomputer"] = True
    if v["supercomputer"] == "industrial-grade":
        if "industrial_use" in stated and not v["industrial_use"]:
            raise ProfileError(
                "industrial_use", "an industrial-grade supercomputer is for industrial usage"
            )
        v["industrial_use"] = True
    if v["ownership_transferred"] and v["decommissioned"]:
        raise ProfileError(
            "decommissioned", "a machine whose ownership was transferred is not decommissioned"
        )
    return Profile(v, stated)
