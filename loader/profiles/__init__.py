"""Language profiles: the wording of EU acts in one official language.

Everything the loader knows about a language lives in its profile: the words of the
headings and formulas, how enumerators and quotations are written, and the phrasing of
amending instructions. A further official language is one more module here.
"""

from __future__ import annotations

from lexkg.loader.profiles.base import Profile
from lexkg.loader.profiles.de import PROFILE as DE
from lexkg.loader.profiles.en import PROFILE as EN
from lexkg.loader.profiles.nl import PROFILE as NL

PROFILES: dict[str, Profile] = {p.code: p for p in (NL, DE, EN)}


def profile(code: str) -> Profile:
    """The profile of a language, by its two-letter code."""
    try:
        return PROFILES[code]
    except KeyError:
        known = ", ".join(sorted(PROFILES))
        raise KeyError(f"no language profile for {code!r} (known: {known})") from None


__all__ = ["PROFILES", "Profile", "profile"]
