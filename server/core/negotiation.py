"""Content negotiation, one way for every route: `format=` first, then `Accept` with q-values.

Pure functions of the request's `format=` values and `Accept` header, tested as a table of
headers in → choice out. A route offers its media types in order of preference, the first
being the default when the client states nothing; `server.routes.common` reads the request,
adds `Vary: Accept` and the `Link rel="alternate"` header of the other representations.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from werkzeug.datastructures import LanguageAccept, MIMEAccept
from werkzeug.http import parse_accept_header

from lexkg.server.core.errors import FormatError, NotAcceptableError
from lexkg.server.core.formats import FORMAT_NAMES, format_name

__all__ = [
    "Chooser",
    "choose",
    "choose_language",
    "chooser",
    "explained",
    "not_acceptable",
    "prefers",
]

# Picks one of the offered media types (preferred first), or None if none will do.
Chooser = Callable[[Sequence[str]], str | None]


def chooser(format_values: Sequence[str], accept: str | None, offered: Sequence[str]) -> Chooser:
    """How a request picks among offers not yet known (a query's answer is results or a
    graph): by its one `format=` value, else by `Accept`, else the first offer.

    *offered* is every media type the resource ever has. Raises `FormatError` (400) for a
    `format` given twice or naming none of them; a format the resource has, but not for this
    answer, is left to the caller's 406.
    """
    if len(format_values) > 1:
        raise FormatError("format given more than once")
    if format_values:
        value = format_values[0]
        wanted = FORMAT_NAMES.get(value, (value,))  # a name, or a media type written out
        if not set(wanted) & set(offered):
            names = [n for n, kinds in FORMAT_NAMES.items() if set(kinds) & set(offered)]
            raise FormatError(f"unknown format {value!r}; use one of {', '.join(names)}")
        return lambda offers: next((m for m in wanted if m in offers), None)
    parsed = parse_accept_header(accept, MIMEAccept) if accept else None
    if not parsed:
        return lambda offers: offers[0] if offers else None
    return parsed.best_match


def choose(
    offers: Sequence[str],
    format_values: Sequence[str],
    accept: str | None,
    offered: Sequence[str] | None = None,
) -> str:
    """The offer the request asks for; `NotAcceptableError` (406) if it asks for none.

    *offered* (default: *offers*) is every media type the resource ever has: a `format=`
    naming none of them is a `FormatError` (400).
    """
    media_type = chooser(format_values, accept, offered or offers)(offers)
    if media_type is None or media_type not in offers:
        raise NotAcceptableError(not_acceptable(offers, format_values), offers)
    return media_type


def not_acceptable(
    offers: Sequence[str],
    format_values: Sequence[str] = (),
    reason: str = "no acceptable media type",
) -> str:
    """The message of a 406: what was asked, why it cannot be had, and what is offered."""
    names = sorted({n for n in map(format_name, offers) if n is not None})
    asked = "".join(f"format={value}: " for value in format_values[:1])
    return (
        f"{asked}{reason}; this answer is offered as {', '.join(offers)} (format={'|'.join(names)})"
    )


def explained(error: NotAcceptableError, format_values: Sequence[str]) -> NotAcceptableError:
    """A store's 406 (raised once the answer's kind was known) with the full message."""
    return NotAcceptableError(not_acceptable(error.offers, format_values, str(error)), error.offers)


def prefers(
    wanted: str, offers: Sequence[str], format_values: Sequence[str], accept: str | None
) -> bool:
    """Whether the request picks *wanted* (a page, say) over the other *offers*, which come
    first: by `format=`, else by `Accept` (ties go to the earlier offer); no statement picks
    the first offer. An unknown `format=` is left to the caller's own negotiation."""
    offered = (*offers, wanted)
    try:
        return chooser(format_values, accept, offered)(offered) == wanted
    except FormatError:
        return False


def choose_language(
    languages: Sequence[str], explicit: str | None, accept_language: str | None
) -> str:
    """The interface language: *explicit* (a `lang=` value) if it is one of *languages*, else
    the best of them by `Accept-Language` (`nl-BE` is `nl`), else the first."""
    if explicit in languages:
        return explicit  # type: ignore[return-value]
    if accept_language:
        parsed = parse_accept_header(accept_language, LanguageAccept)
        found = parsed.best_match(languages)
        if found is None:  # a regional tag the offers lack in full: "nl-BE" is "nl"
            primary = LanguageAccept([(v.split("-")[0].lower(), q) for v, q in parsed])
            found = primary.best_match(languages)
        if found is not None:
            return found
    return languages[0]
