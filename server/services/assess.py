"""Which norms apply to a host: roles by OWL reasoning, norms by the roles they apply to."""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import Literal, URIRef

from lexkg.reasoner import HOST_PROPERTIES, classify
from lexkg.server.core.errors import ClientError
from lexkg.server.store.base import Store, named_graph, select
from lexkg.vocab import LKG, ONTOLOGY

_NORMS = """
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX lkg: <https://w3id.org/lexkg/ontology#>
SELECT ?role ?lang ?norm ?provision ?modality ?bearer ?label ?text ?order WHERE {
  ?norm a lkg:Norm ; lkg:appliesTo ?role ; lkg:modality ?modality ; lkg:bearer ?bearer ;
        lkg:source ?provision .
  OPTIONAL { ?norm lkg:label ?label FILTER (LANG(?label) = ?lang) }
  OPTIONAL { ?provision eli:is_realized_by/lkg:text ?text FILTER (LANG(?text) = ?lang) }
  OPTIONAL { ?provision lkg:order ?order }
}
"""
_LANGUAGES = """
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX lkg: <https://w3id.org/lexkg/ontology#>
SELECT DISTINCT (LANG(?text) AS ?lang) WHERE { ?expr lkg:text ?text }
"""


class ProfileError(ClientError):
    """A host profile that cannot be assessed; the message names the field."""


@dataclass(frozen=True)
class Norm:
    """One norm that applies, with the provision it comes from."""

    provision: str
    modality: str
    bearer: str
    label: str
    text: str

    def as_json(self) -> dict[str, str]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Assessment:
    roles: list[str]
    norms: list[Norm]

    def as_json(self) -> dict[str, Any]:
        return {"roles": self.roles, "norms": [n.as_json() for n in self.norms]}


class Assessor:
    """Answers host profiles from one store; the reasoning is done once and kept."""

    def __init__(self, store: Store, engine: str | None = None) -> None:
        self.store = store
        self.engine = engine
        self._roles: dict[frozenset[str], list[str]] | None = None
        self._languages: set[str] | None = None
        self._lock = threading.Lock()

    def languages(self) -> set[str]:
        """The languages the graph has texts in."""
        if self._languages is None:
            self._languages = {row["lang"].value for row in select(self.store, _LANGUAGES)}
        return self._languages

    def roles(self, true_keys: frozenset[str]) -> list[str]:
        """The roles of a host with these characteristics (every profile reasoned at once)."""
        with self._lock:
            if self._roles is None:
                ontology = named_graph(self.store, ONTOLOGY)
                keys = sorted(HOST_PROPERTIES)
                subsets = [
                    frozenset(k for k, on in zip(keys, bits, strict=True) if on)
                    for bits in itertools.product((False, True), repeat=len(keys))
                ]
                profiles = [{k: k in subset for k in keys} for subset in subsets]
                found = classify(ontology, profiles, self.engine)
                self._roles = {s: sorted(map(str, r)) for s, r in zip(subsets, found, strict=True)}
        return self._roles[true_keys]

    def check(self, profile: Any) -> tuple[frozenset[str], str]:
        """Validate a host profile: (the characteristics that are true, the language)."""
        if not isinstance(profile, dict):
            raise ProfileError("the host profile must be a JSON object")
        unknown = sorted(set(profile) - set(HOST_PROPERTIES) - {"lang"})
        if unknown:
            known = ", ".join(sorted(HOST_PROPERTIES))
            raise ProfileError(f"unknown field {unknown[0]!r} (known: {known}, lang)")
        for key in HOST_PROPERTIES:
            if key in profile and not isinstance(profile[key], bool):
                raise ProfileError(f"field {key!r} must be true or false")
        lang = profile.get("lang", "nl")
        if not isinstance(lang, str) or lang not in self.languages():
            have = ", ".join(sorted(self.languages()))
            raise ProfileError(f"field 'lang': no text in {lang!r} (languages loaded: {have})")
        return frozenset(k for k in HOST_PROPERTIES if profile.get(k) is True), lang

    def assess(self, profile: Any) -> Assessment:
        """Roles of the host and the norms that apply to it, with their provisions' text."""
        true_keys, lang = self.check(profile)
        roles = self.roles(true_keys)
        if not roles:
            return Assessment([], [])
        rows = [
            row
            for role in roles
            for row in select(self.store, _NORMS, {"role": URIRef(role), "lang": Literal(lang)})
        ]
        norms: dict[str, tuple[float, Norm]] = {}
        for row in rows:
            norm = row["norm"].value
            if norm in norms and row["bearer"].value >= norms[norm][1].bearer:
                continue
            order = float(row["order"].value) if row["order"] is not None else float("inf")
            norms[norm] = (
                order,
                Norm(
                    provision=row["provision"].value,
                    modality=row["modality"].value.removeprefix(str(LKG)).lower(),
                    bearer=row["bearer"].value,
                    label=_value(row["label"]),
                    text=_value(row["text"]),
                ),
            )
        ordered = sorted(norms.items(), key=lambda item: (item[1][0], item[0]))
        return Assessment(roles, [norm for _, (_, norm) in ordered])


def _value(term: ox.Literal | None) -> str:
    return "" if term is None else term.value
