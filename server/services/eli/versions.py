"""The versions of a provision or of the act, read from the store: the point-in-time view,
the timeline of a page and the comparison of two versions.

A consolidated version (`lkg:ConsolidatedVersion`, e.g. …/2021/1173/2024-07-09) applies from
its `eli:version_date` to its `eli:date_no_longer_in_force`; each of its subdivisions is a
member (`eli:is_member_of`) of the subdivision's version-less work (…/2021/1173/art_9/par_5),
and stands as long as its version does, or to its own last day where it was repealed.
"""

from __future__ import annotations

import datetime as dt

from rdflib import URIRef

from lexkg.server.services.eli.compare import Piece, compare_words
from lexkg.server.services.eli.timeline import Period
from lexkg.server.store.base import Store, select
from lexkg.vocab import ELI, LKG

__all__ = ["compare", "periods", "work_of"]

_PREFIXES = f"PREFIX eli: <{ELI}>\nPREFIX lkg: <{LKG}>\n"

# The versions of a work, each with the days it stands.
_PERIODS = (
    _PREFIXES
    + """SELECT ?work ?version ?start ?end ?repealed WHERE {
  ?version eli:is_member_of ?work ; eli:is_part_of* ?root .
  ?root a lkg:ConsolidatedVersion ; eli:version_date ?start .
  OPTIONAL { ?root eli:date_no_longer_in_force ?end }
  OPTIONAL { ?version eli:date_no_longer_in_force ?repealed }
}"""
)

# The work a version is a version of.
_WORK = _PREFIXES + "SELECT ?r ?work WHERE { ?r eli:is_member_of ?work }"

# The whole text of a version of a subdivision in each language.
_TEXTS = (
    _PREFIXES
    + """SELECT ?r ?lang ?text WHERE {
  ?r eli:is_realized_by ?e . ?e lkg:text ?text . BIND (LANG(?text) AS ?lang)
}"""
)


def work_of(store: Store, iri: str) -> str:
    """The version-less work of a version (a subdivision's, or the act's); else *iri* itself."""
    rows = select(store, _WORK, {"r": URIRef(iri)})
    works = sorted(row["work"].value for row in rows)
    # A subdivision version is a member of its work only; the act's version, of the act.
    return works[0] if works else iri


def periods(store: Store, work: str) -> list[Period]:
    """The consolidated versions of *work* and the days each stood (none if it has none)."""
    found = []
    for row in select(store, _PERIODS, {"work": URIRef(work)}):
        start = dt.date.fromisoformat(row["start"].value)
        ends = [
            dt.date.fromisoformat(row[name].value)
            for name in ("end", "repealed")
            if row[name] is not None
        ]
        found.append(Period(start, min(ends) if ends else None, row["version"].value))
    return sorted(found)


def compare(store: Store, earlier: str, later: str) -> dict[str, list[Piece]]:
    """Each language's whole text of *later* against *earlier*, word by word, where both
    versions have a text in that language, in the order a page shows languages."""
    before = _texts(store, earlier)
    after = _texts(store, later)
    return {
        lang: compare_words(before[lang], after[lang]) for lang in sorted(after) if lang in before
    }


def _texts(store: Store, iri: str) -> dict[str, str]:
    return {
        row["lang"].value: row["text"].value for row in select(store, _TEXTS, {"r": URIRef(iri)})
    }
