"""What the harvest kit tells about one store, read from it once: dumps, pages, acts, counts.

`Facts` reads each part on first use, under a lock, and keeps it (the graph is fixed for an
app's lifetime); a `StoreError` is not kept, so the next request tries again.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

import pyoxigraph as ox

from lexkg import vocab
from lexkg.server.core.urls import ELI_BASE
from lexkg.server.services.harvest.dumps import FORMATS, Dump, dump, read_quads
from lexkg.server.store.base import Store, select

__all__ = ["Act", "Counts", "Facts", "Page", "file_date"]

ELI = str(vocab.ELI)
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
T = TypeVar("T")

# Every ELI resource with a page, dated by the act or version whose named graph holds it.
_PAGES = f"""PREFIX eli: <{ELI}>
SELECT ?resource (MAX(?day) AS ?date) WHERE {{
  VALUES ?type {{ eli:LegalResource eli:LegalResourceSubdivision eli:LegalExpression }}
  GRAPH ?version {{ ?resource a ?type }}
  FILTER (isIRI(?resource) && STRSTARTS(STR(?resource), "{ELI_BASE}"))
  OPTIONAL {{ ?version eli:version_date ?versionDate }}
  OPTIONAL {{ ?version eli:date_publication ?published }}
  BIND (COALESCE(?versionDate, ?published) AS ?day)
}} GROUP BY ?resource ORDER BY ?resource"""

# The acts and versions, with the titles of their language versions.
_ACTS = f"""PREFIX eli: <{ELI}>
SELECT ?act ?date ?kind ?expression ?title WHERE {{
  ?act a eli:LegalResource .
  OPTIONAL {{ ?act eli:version_date ?versionDate }}
  OPTIONAL {{ ?act eli:date_publication ?published }}
  BIND (COALESCE(?versionDate, ?published) AS ?date)
  OPTIONAL {{ ?act eli:type_document ?kind }}
  OPTIONAL {{ ?act eli:is_realized_by ?expression . ?expression eli:title ?title }}
}} ORDER BY ?act ?expression"""

_LANGUAGES = f"""PREFIX eli: <{ELI}>
SELECT DISTINCT ?language WHERE {{ ?expression a eli:LegalExpression ; eli:language ?language }}
ORDER BY ?language"""


@dataclass(frozen=True)
class Page:
    """An ELI resource the service has a page for, and the date of its act or version."""

    iri: str
    date: dt.date | None


@dataclass(frozen=True)
class Act:
    """An act or a version of one (an ``eli:LegalResource``)."""

    iri: str
    date: dt.date | None  # its version date, or else its date of publication
    kind: str | None  # IRI of its eli:type_document
    titles: dict[str, str]  # language tag -> title of that language version
    expressions: dict[str, str]  # language tag -> IRI of that language version


@dataclass(frozen=True)
class Counts:
    """VoID's statistics of a set of quads (a triple in two graphs counts twice)."""

    triples: int
    entities: int  # distinct subjects that are ELI resources (void:uriSpace)
    classes: int
    properties: int
    subjects: int
    objects: int


class _Once(Generic[T]):
    """A value made by the first caller, under a lock; a failure is not kept."""

    def __init__(self, make: Callable[[], T]) -> None:
        self._make = make
        self._lock = threading.Lock()
        self._value: list[T] = []

    def get(self) -> T:
        with self._lock:
            if not self._value:
                self._value.append(self._make())
            return self._value[0]


class Facts:
    """The dumps and descriptions' facts of one store; `modified` is the graph file's date."""

    def __init__(self, store: Store, modified: dt.date | None = None) -> None:
        self.store = store
        self.modified = modified
        self._quads = _Once(lambda: read_quads(store))
        self._dumps = _Once(lambda: {f.name: dump(self.quads(), f) for f in FORMATS})
        self._pages = _Once(self._read_pages)
        self._acts = _Once(self._read_acts)
        self._languages = _Once(lambda: [row["language"].value for row in self._select(_LANGUAGES)])
        self._counts = _Once(lambda: _count(self.quads()))
        self._graph_counts = _Once(self._count_graphs)

    def quads(self) -> list[ox.Quad]:
        return self._quads.get()

    def dumps(self) -> dict[str, Dump]:
        """The dumps by file name, in the order of `lexkg.server.services.harvest.dumps.FORMATS`."""
        return self._dumps.get()

    def pages(self) -> list[Page]:
        return self._pages.get()

    def acts(self) -> list[Act]:
        """The acts and versions, the most recent first."""
        return self._acts.get()

    def languages(self) -> list[str]:
        """IRIs (language authority table) of the languages the acts are given in."""
        return self._languages.get()

    def counts(self) -> Counts:
        """The statistics of all quads."""
        return self._counts.get()

    def graph_counts(self) -> dict[str, Counts]:
        """The statistics of each named graph, by graph IRI."""
        return self._graph_counts.get()

    def _count_graphs(self) -> dict[str, Counts]:
        graphs: dict[str, list[ox.Quad]] = defaultdict(list)
        for quad in self.quads():
            graphs[quad.graph_name.value].append(quad)  # type: ignore[union-attr]
        return {name: _count(quads) for name, quads in sorted(graphs.items())}

    def _select(self, sparql: str) -> Iterator[ox.QuerySolution]:
        return iter(select(self.store, sparql))

    def _read_pages(self) -> list[Page]:
        return [Page(row["resource"].value, _date(row["date"])) for row in self._select(_PAGES)]

    def _read_acts(self) -> list[Act]:
        acts: dict[str, Act] = {}
        for row in self._select(_ACTS):
            iri = row["act"].value
            kind = row["kind"]
            act = acts.setdefault(
                iri, Act(iri, _date(row["date"]), kind.value if kind else None, {}, {})
            )
            title = row["title"]
            if title is not None and title.language:
                act.titles.setdefault(title.language, title.value)
                act.expressions.setdefault(title.language, row["expression"].value)
        return sorted(acts.values(), key=lambda a: (a.date or dt.date.min, a.iri), reverse=True)


def file_date(path: str | os.PathLike[str] | None) -> dt.date | None:
    """The day (UTC) a file was last modified; None without a file."""
    if not path:
        return None
    try:
        return dt.datetime.fromtimestamp(os.stat(path).st_mtime, dt.UTC).date()
    except OSError:
        return None


def _date(term: ox.Literal | None) -> dt.date | None:
    if term is None:
        return None
    try:
        return dt.date.fromisoformat(term.value[:10])
    except ValueError:
        return None


def _is_eli(iri: str) -> bool:
    """Whether an IRI is an ELI resource (not a term of the ELI ontology)."""
    return iri.startswith(ELI_BASE) and not iri.startswith(ELI)


def _count(quads: list[ox.Quad]) -> Counts:
    subjects = {q.subject for q in quads}
    return Counts(
        triples=len(quads),
        entities=sum(1 for s in subjects if isinstance(s, ox.NamedNode) and _is_eli(s.value)),
        classes=len({q.object for q in quads if q.predicate == _RDF_TYPE}),
        properties=len({q.predicate for q in quads}),
        subjects=len(subjects),
        objects=len({q.object for q in quads}),
    )
