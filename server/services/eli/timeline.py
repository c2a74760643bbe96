"""Which version of a provision stood on a date: the point-in-time view.

A provision's versions are periods: from the day a version applies to the day before the
next one (or to today, for the last), ending earlier where the provision was repealed (its
last day in force). These are pure functions of those periods; `server.services.eli.data`
reads them from the store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from lexkg.server.core.errors import NotFoundError

__all__ = ["NotInForceOn", "Period", "version_on"]


@dataclass(frozen=True, order=True)
class Period:
    """One version of a provision: ``start`` to ``end`` inclusive (None: no end yet)."""

    start: dt.date
    end: dt.date | None
    iri: str

    def holds(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class NotInForceOn(NotFoundError):
    """No version of the provision stood on the date asked (404)."""


def version_on(periods: Sequence[Period], day: dt.date, what: str) -> Period:
    """The version that stood on *day*; `NotInForceOn` naming *what* and the dates it stood
    between when *day* is before its first version or after its last day."""
    for period in sorted(periods):
        if period.holds(day):
            return period
    if not periods:
        raise NotInForceOn(f"{what} has no version in the graph")
    first, last = min(periods), max(periods)
    if day < first.start:
        raise NotInForceOn(
            f"{what} did not exist on {day.isoformat()}: its first version applies from "
            f"{first.start.isoformat()}"
        )
    if last.end is not None and day > last.end:
        raise NotInForceOn(
            f"{what} was no longer in force on {day.isoformat()}: its last day in force was "
            f"{last.end.isoformat()}"
        )
    raise NotInForceOn(f"{what} had no version in force on {day.isoformat()}")
