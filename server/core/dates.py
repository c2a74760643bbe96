"""Days as requests and named questions give them: ``YYYY-MM-DD``, and nothing else."""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["parse_day"]

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_day(value: str) -> dt.date:
    """The day *value* names; `ValueError` for another form or an impossible date."""
    if not _DAY.fullmatch(value):
        raise ValueError(f"not a date YYYY-MM-DD: {value!r}")
    return dt.date.fromisoformat(value)
