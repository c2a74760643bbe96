"""Which norms apply to a host on a date: roles by OWL reasoning, norms by role and version.

A profile (``services.profile``) is read in the consolidated version in force on its date.
Its facts (``services.host_facts``) are classified into host roles by HermiT or owlrl; a norm
applies when it is stated in that version (it has a source there) and applies to one of the
roles. Routes the profile asks about that are closed are ``services.closed_routes``.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rdflib import RDFS, Graph, URIRef

from lexkg.reasoner import classify, host_properties, role_conditions
from lexkg.server.services.closed_routes import Closed, closed_routes
from lexkg.server.services.host_facts import Facts, host_facts
from lexkg.server.services.norms import (
    Catalogue,
    NormData,
    choose_text,
    load_catalogue,
    provision_texts,
    sentence_of,
)
from lexkg.server.services.profile import Profile, ProfileError, read_profile, read_query
from lexkg.server.store.base import Store, named_graph
from lexkg.vocab import LKG, ONTOLOGY

__all__ = ["Assessment", "Assessor", "Norm", "ProfileError"]

CONSOLIDATED = "http://data.europa.eu/eli/reg/2021/1173/"


@dataclass(frozen=True)
class Norm:
    """One norm that applies: where it is stated, what it is, its text and why it applies."""

    norm: str
    provision: str
    sentence: int | None
    modality: str
    bearers: list[str]
    label: str
    label_lang: str | None
    text: str
    lang: str | None
    why: list[dict[str, Any]]
    limit: dict[str, Any] | None = None

    @property
    def bearer(self) -> str:
        """The first bearer (sorted), for one-line listings."""
        return self.bearers[0] if self.bearers else ""

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"norm": self.norm, "provision": self.provision}
        if self.sentence is not None:
            out["sentence"] = self.sentence
        out.update(
            modality=self.modality,
            bearers=self.bearers,
            label=self.label,
            label_lang=self.label_lang,
            text=self.text,
            lang=self.lang,
        )
        if self.limit:
            out["limit"] = self.limit
        out["why"] = self.why
        return out


@dataclass(frozen=True)
class Assessment:
    """The answer for one profile."""

    date: dt.date
    version: str
    lang: str
    profile: Profile
    roles: list[str]
    norms: list[Norm]
    ineligible: list[Closed] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        version_day = dt.date.fromisoformat(self.version.rsplit("/", 1)[1])
        return {
            "date": self.date.isoformat(),
            "version": self.version,
            "lang": self.lang,
            "profile": self.profile.as_json(),
            "roles": self.roles,
            "norms": [n.as_json() for n in self.norms],
            "ineligible": [c.as_json(version_day) for c in self.ineligible],
        }


class Assessor:
    """Answers host profiles from one store: norms read once, roles kept per set of facts."""

    def __init__(self, store: Store, engine: str | None = None) -> None:
        self.store = store
        self.engine = engine
        self._catalogue: Catalogue | None = None
        self._ontology: Graph | None = None
        self._roles: dict[tuple[str | None, tuple], list[str]] = {}
        self._lock = threading.Lock()

    # -- what is read once -------------------------------------------------------------------

    def catalogue(self) -> Catalogue:
        with self._lock:
            if self._catalogue is None:
                self._catalogue = load_catalogue(self.store)
            return self._catalogue

    def ontology(self) -> Graph:
        with self._lock:
            if self._ontology is None:
                self._ontology = named_graph(self.store, ONTOLOGY)
            return self._ontology

    def languages(self) -> set[str]:
        """The languages the graph has texts in."""
        return set(self.catalogue().languages)

    # -- reasoning -----------------------------------------------------------------------------

    def roles(self, facts: Sequence[Facts], engine: str | None = None) -> list[list[str]]:
        """The host roles of each fact set, reasoning once over all those not seen before."""
        engine = engine or self.engine
        keys = [(engine, f.key()) for f in facts]
        new = {k: f for k, f in zip(keys, facts, strict=True) if k not in self._roles}
        if new:
            found = classify(self.ontology(), [dict(f.values) for f in new.values()], engine)
            with self._lock:
                for key, roles in zip(new, found, strict=True):
                    self._roles[key] = sorted(map(str, roles))
        return [self._roles[k] for k in keys]

    # -- answers -------------------------------------------------------------------------------

    def assess(self, data: Any, engine: str | None = None) -> Assessment:
        """The answer for a profile given as a JSON object (or already read)."""
        profile = data if isinstance(data, Profile) else read_profile(data)
        return self.assess_many([profile], engine)[0]

    def assess_query(self, args: Mapping[str, list[str]]) -> Assessment:
        """The answer for a profile given as query parameters."""
        return self.assess(read_query(args))

    def assess_many(self, profiles: Sequence[Profile], engine: str | None = None):
        """The answers for several profiles, with one run of the reasoner."""
        catalogue = self.catalogue()
        for p in profiles:
            if p["lang"] not in catalogue.languages:
                have = ", ".join(sorted(catalogue.languages))
                raise ProfileError("lang", f"no text in {p['lang']!r} (languages loaded: {have})")
        versions = [self._version(catalogue, p) for p in profiles]
        facts = [host_facts(p, v) for p, v in zip(profiles, versions, strict=True)]
        roles = self.roles(facts, engine)
        return [
            self._answer(p, v, f, r)
            for p, v, f, r in zip(profiles, versions, facts, roles, strict=True)
        ]

    def _version(self, catalogue: Catalogue, profile: Profile) -> dt.date:
        day = profile.date
        version = catalogue.version_on(day)
        have = ", ".join(d.isoformat() for d in catalogue.graph_versions) or "none"
        if version is None:
            raise ProfileError("date", f"no version of the law is known on {day} (known: {have})")
        if version not in catalogue.graph_versions:
            raise ProfileError(
                "date",
                f"the law in force on {day} is the consolidated version of {version}, which this "
                f"graph does not have (it has the versions of: {have}); build the graph from the "
                "corpus (lexkg build --corpus DIR) to ask about that date",
            )
        return version

    def _answer(self, profile: Profile, version: dt.date, facts: Facts, roles: list[str]):
        catalogue = self.catalogue()
        held = set(roles)
        chosen = [n for n in catalogue.norms.values() if version in n.sources and n.roles & held]
        texts, order = provision_texts(self.store, (n.sources[version] for n in chosen))
        lang = profile["lang"]
        norms = [self._norm(n, version, texts, lang, held, facts) for n in chosen]
        norms.sort(key=lambda n: (order.get(n.provision, float("inf")), n.sentence or 0, n.norm))
        return Assessment(
            date=profile.date,
            version=f"{CONSOLIDATED}{version}",
            lang=lang,
            profile=profile,
            roles=roles,
            norms=norms,
            ineligible=closed_routes(profile, version, facts),
        )

    def _norm(self, n: NormData, version, texts, lang: str, held: set[str], facts: Facts) -> Norm:
        provision = n.sources[version]
        found = texts.get(provision, {})
        text = choose_text(found, lang)
        words, used = (text.text, text.lang) if text else ("", None)
        if text and n.sentence:
            one = sentence_of(text.text, n.sentence)
            english = found.get("en")
            same_count = english is None or _count(english) == _count(text.text)
            if one and same_count:
                words = one
        label_lang = next((x for x in (lang, "en", *sorted(n.labels)) if x in n.labels), None)
        label = n.labels[label_lang] if label_lang else ""
        return Norm(
            norm=n.iri,
            provision=provision,
            sentence=n.sentence,
            modality=n.modality.removeprefix(str(LKG)).lower(),
            bearers=sorted(n.bearers),
            label=label,
            label_lang=label_lang,
            text=words,
            lang=used,
            why=[self._why(role, facts) for role in sorted(n.roles & held)],
            limit=_limit(n, lang),
        )

    def _why(self, role: str, facts: Facts) -> dict[str, Any]:
        """A role the norm applies through, its label and the profile facts that give it."""
        ontology = self.ontology()
        fields = {str(p): f for f, p in host_properties(ontology).items()}
        for prop, field_name in ontology.subject_objects(LKG.profileField):
            fields[str(prop)] = str(field_name)
        label = next(
            (str(x) for x in ontology.objects(URIRef(role), RDFS.label) if x.language == "en"),
            role.rsplit("#", 1)[-1],
        )
        conditions = []
        for prop, value in role_conditions(ontology, URIRef(role), facts.values):
            local = str(prop).rsplit("#", 1)[-1]
            entry: dict[str, Any] = {"field": fields.get(str(prop), local), "fact": local}
            entry["value"] = value
            if local in facts.notes:
                entry["note"] = facts.notes[local]
            conditions.append(entry)
        return {"role": role, "label": label, "facts": conditions}


def _limit(n: NormData, lang: str) -> dict[str, Any] | None:
    """A norm's share in per cent, and what it is a share of in the language asked (or English)."""
    if n.max_share is None and n.share is None:
        return None
    out: dict[str, Any] = {}
    if n.max_share is not None:
        out["max_share"] = n.max_share
    if n.share is not None:
        out["share"] = n.share
    of_lang = next((x for x in (lang, "en", *sorted(n.share_of)) if x in n.share_of), None)
    if of_lang:
        out["share_of"] = n.share_of[of_lang]
        out["share_of_lang"] = of_lang
    return out


def _count(text: str) -> int:
    n = 1
    while sentence_of(text, n + 1):
        n += 1
    return n
