"""The form of a named question's page: one field per parameter, chosen from a list where the
graph knows the values, entered where the value is open.

A parameter with a list (`NamedQuery.choices`, see `server.services.choices`) and a
`language` parameter (the graph's languages) are selects; a `date` is a date input, an
`integer` a number, anything else a text box.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from lexkg.server.services.choices import ChoiceCache
from lexkg.server.services.eli.text import by_preference
from lexkg.server.services.named import NamedQuery

__all__ = ["Field", "fields"]

_INPUTS = {"date": "date", "integer": "number", "iri": "url"}


@dataclass(frozen=True)
class Field:
    """One parameter on the page: its label, how it is entered, and its value now."""

    name: str
    label: str
    description: str
    kind: str  # "select", or an <input> type
    value: str | None
    required: bool
    options: tuple[tuple[str, str], ...] = ()  # (value, label)


def fields(
    query: NamedQuery,
    values: Mapping[str, str],
    *,
    choices: ChoiceCache,
    languages: Collection[str],
    lang: str,
) -> list[Field]:
    """The fields of *query*'s form in the interface language *lang*, showing *values*
    (the request's, else the defaults)."""
    made = []
    for param in query.params:
        value = values.get(param.name, param.default)
        options: tuple[tuple[str, str], ...] = ()
        kind = _INPUTS.get(param.type, "text")
        if param.type == "language":
            kind, options = "select", tuple((tag, tag) for tag in by_preference(languages))
        elif param.name in query.choices:
            listed = choices.get(query.choices[param.name])
            kind, options = "select", tuple((c.value, c.label(lang)) for c in listed)
        if kind == "select" and value is not None and value not in {v for v, _ in options}:
            options = ((value, value), *options)  # a value given that the list lacks: shown
        made.append(
            Field(
                param.name,
                query.label(param.name, lang),
                param.description,
                kind,
                value,
                param.default is None,
                options,
            )
        )
    return made
