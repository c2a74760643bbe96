"""The values a named question's parameter can take where the graph knows them: the lists a
page offers instead of a free-text box.

Each list is one query, asked of the store on first use and kept (`ChoiceCache`, one per
store: the graph does not change while it is served). Which list a parameter draws from is
data, in `queries/translations.toml` (`choices = "hosts"`); a `language` parameter always
draws from the languages the graph has texts in.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from lexkg.server.services.eli.text import name
from lexkg.server.store.base import Store, select

__all__ = ["LISTS", "Choice", "ChoiceCache"]

_PREFIXES = """
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX lkg: <https://w3id.org/lexkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
# Each list: a SELECT of ?value and ?label (unbound where the graph labels no values).
LISTS: dict[str, str] = {
    # The described hosts of ontology/examples/ (applicable-norms' host).
    "hosts": """
SELECT DISTINCT ?value ?label WHERE {
  GRAPH <https://w3id.org/lexkg/examples> { ?value a lkg:HostingEntity }
  OPTIONAL { ?value rdfs:label ?label }
}""",
    # The subdivisions a norm is formalised from (norms-of-provision's provision).
    "norm-provisions": """
SELECT DISTINCT ?value ?label WHERE { ?norm a lkg:Norm ; lkg:source ?value }""",
    # The subdivisions with a text in Dutch and in German (provision-side-by-side).
    "bilingual-subdivisions": """
SELECT DISTINCT ?value ?label WHERE {
  ?dutch lkg:text ?nl FILTER (LANG(?nl) = "nl")
  ?value eli:is_realized_by ?dutch , ?german .
  ?german lkg:text ?de FILTER (LANG(?de) = "de")
}""",
    # The provisions of consolidated acts, version-less (provision-as-of).
    "provisions": """
SELECT DISTINCT ?value ?label WHERE {
  ?root a lkg:ConsolidatedVersion .
  ?version eli:is_part_of+ ?root ; eli:is_member_of ?value .
}""",
    # The articles of the consolidated version of 9 July 2024 (article-as-amended).
    "articles": """
SELECT DISTINCT ?value ?label WHERE {
  ?article eli:is_part_of <http://data.europa.eu/eli/reg/2021/1173/2024-07-09> ;
    eli:type_subdivision <http://publications.europa.eu/resource/authority/subdivision/ART> ;
    eli:number ?value .
}""",
    # The acts with consolidated versions, version-less (changes-between).
    "consolidated-acts": """
SELECT DISTINCT ?value ?label WHERE {
  ?root a lkg:ConsolidatedVersion ; eli:is_member_of ?value .
}""",
}
_NUMBER = re.compile(r"(\d+)")


@dataclass(frozen=True)
class Choice:
    """One value of a list, with its labels by language ('' for a value in words)."""

    value: str
    labels: tuple[tuple[str, str], ...] = ()

    def label(self, lang: str) -> str:
        """The value's label in *lang*, else in English, else any, else the value in words."""
        found = dict(self.labels)
        for tag in (lang, "en", *found):
            if found.get(tag):
                return found[tag]
        return name(self.value) if self.value.startswith("http") else self.value


class ChoiceCache:
    """The lists of one store, each asked for once, on first use.

    A failure (the store busy, say) is not kept: the next request asks again.
    """

    def __init__(self, store: Store, lists: dict[str, str] = LISTS) -> None:
        self._store = store
        self._lists = lists
        self._lock = threading.Lock()
        self._made: dict[str, tuple[Choice, ...]] = {}

    def get(self, list_name: str) -> tuple[Choice, ...]:
        """The values of the list *list_name* (`KeyError` for a list there is not)."""
        sparql = self._lists[list_name]
        with self._lock:
            if list_name not in self._made:
                self._made[list_name] = _choices(self._store, sparql)
            return self._made[list_name]


def _choices(store: Store, sparql: str) -> tuple[Choice, ...]:
    labels: dict[str, dict[str, str]] = {}
    for row in select(store, _PREFIXES + sparql):
        found = labels.setdefault(row["value"].value, {})
        label = row["label"]
        if label is not None:
            found.setdefault(getattr(label, "language", None) or "", label.value)
    ordered = sorted(labels, key=_natural)
    return tuple(Choice(value, tuple(sorted(labels[value].items()))) for value in ordered)


def _natural(value: str) -> tuple[tuple[int, str], ...]:
    """A sort key reading numbers as numbers: art_9 before art_10, par_6 before par_6a."""
    return tuple(
        (int(part), "") if part.isdigit() else (-1, part) for part in _NUMBER.split(value) if part
    )
