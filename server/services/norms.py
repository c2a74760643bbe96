"""The norms of the graph, the versions they are stated in, and the texts of their provisions.

Read once from the store and kept: a norm's sources are the subdivision versions whose text
states it (``…/2021/1173/{path}/{YYYY-MM-DD}``), so the version dates the norms know are the
versions of the law, whether or not the graph holds their texts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from lexkg.server.services.eli.text import by_preference
from lexkg.server.store.base import Store, select

__all__ = ["Catalogue", "NormData", "Text", "load_catalogue", "provision_texts", "sentence_of"]

_NORMS = """
PREFIX lkg: <https://w3id.org/lexkg/ontology#>
SELECT ?norm ?modality ?bearer ?role ?source ?sentence ?maxShare ?share WHERE {
  ?norm a lkg:Norm ; lkg:modality ?modality ; lkg:source ?source .
  OPTIONAL { ?norm lkg:bearer ?bearer }
  OPTIONAL { ?norm lkg:appliesTo ?role }
  OPTIONAL { ?norm lkg:sentence ?sentence }
  OPTIONAL { ?norm lkg:maxShare ?maxShare }
  OPTIONAL { ?norm lkg:share ?share }
}
"""
_LABELS = """
PREFIX lkg: <https://w3id.org/lexkg/ontology#>
SELECT ?norm ?label ?shareOf WHERE {
  ?norm a lkg:Norm .
  { ?norm lkg:label ?label } UNION { ?norm lkg:shareOf ?shareOf }
}
"""
_VERSIONS = """
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX lkg: <https://w3id.org/lexkg/ontology#>
SELECT ?version WHERE {
  ?version a lkg:ConsolidatedVersion ; eli:is_member_of <http://data.europa.eu/eli/reg/2021/1173>
}
"""
_LANGUAGES = """
PREFIX lkg: <https://w3id.org/lexkg/ontology#>
SELECT DISTINCT (LANG(?text) AS ?lang) WHERE { ?expr lkg:text ?text }
"""
_TEXTS = """
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX lkg: <https://w3id.org/lexkg/ontology#>
SELECT ?provision ?text ?order WHERE {
  VALUES ?provision { %s }
  ?provision eli:is_realized_by/lkg:text ?text .
  OPTIONAL { ?provision lkg:order ?order }
}
"""
_DATED = re.compile(r"^(.*)/(\d{4}-\d{2}-\d{2})$")


@dataclass
class NormData:
    """One norm: its modality, bearers, roles, sentence and the provision of each version."""

    iri: str
    modality: str
    bearers: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    sources: dict[dt.date, str] = field(default_factory=dict)
    sentence: int | None = None
    labels: dict[str, str] = field(default_factory=dict)
    max_share: float | None = None  # per cent, a ceiling (lkg:maxShare)
    share: float | None = None  # per cent, a fixed split (lkg:share)
    share_of: dict[str, str] = field(default_factory=dict)  # what it is a share of, by language


@dataclass(frozen=True)
class Catalogue:
    """Every norm, the version dates they are stated in, and what the graph holds."""

    norms: dict[str, NormData]
    law_versions: tuple[dt.date, ...]  # from the norms' sources
    graph_versions: tuple[dt.date, ...]  # consolidated versions the graph has
    languages: frozenset[str]

    def version_on(self, day: dt.date) -> dt.date | None:
        """The date of the version of the law in force on *day* (None before the first)."""
        dates = [d for d in self.law_versions if d <= day]
        return max(dates) if dates else None


def load_catalogue(store: Store) -> Catalogue:
    """Read the norms, their labels, the versions and the languages from the store."""
    norms: dict[str, NormData] = {}
    for row in select(store, _NORMS):
        iri = row["norm"].value
        norm = norms.setdefault(iri, NormData(iri, row["modality"].value))
        if row["bearer"] is not None:
            norm.bearers.add(row["bearer"].value)
        if row["role"] is not None:
            norm.roles.add(row["role"].value)
        if row["sentence"] is not None:
            norm.sentence = int(row["sentence"].value)
        if row["maxShare"] is not None:
            norm.max_share = float(row["maxShare"].value)
        if row["share"] is not None:
            norm.share = float(row["share"].value)
        match = _DATED.match(row["source"].value)
        if match:
            norm.sources[dt.date.fromisoformat(match[2])] = row["source"].value
    for row in select(store, _LABELS):
        norm = norms.get(row["norm"].value)
        if norm is None:
            continue
        if row["label"] is not None and row["label"].language:
            norm.labels[row["label"].language] = row["label"].value
        if row["shareOf"] is not None and row["shareOf"].language:
            norm.share_of[row["shareOf"].language] = row["shareOf"].value
    law = sorted({d for n in norms.values() for d in n.sources})
    graph = []
    for row in select(store, _VERSIONS):
        match = _DATED.match(row["version"].value)
        if match:
            graph.append(dt.date.fromisoformat(match[2]))
    languages = frozenset(row["lang"].value for row in select(store, _LANGUAGES))
    return Catalogue(norms, tuple(law), tuple(sorted(graph)), languages)


@dataclass(frozen=True)
class Text:
    """A provision's text in one language, and its place in the document."""

    text: str
    lang: str


def provision_texts(
    store: Store, provisions: Iterable[str]
) -> tuple[dict[str, dict[str, str]], dict[str, float]]:
    """The texts of the provisions by language, and their document order."""
    wanted = sorted(set(provisions))
    texts: dict[str, dict[str, str]] = defaultdict(dict)
    order: dict[str, float] = {}
    if not wanted:
        return texts, order
    values = " ".join(f"<{p}>" for p in wanted)
    for row in select(store, _TEXTS % values):
        iri = row["provision"].value
        texts[iri][row["text"].language or ""] = row["text"].value
        if row["order"] is not None:
            order[iri] = float(row["order"].value)
    return texts, order


_SENTENCE_END = re.compile(r"(?<=[.;:])\s+(?=[A-Z\u00c0-\u00de‘“„\"(])")


def sentence_of(text: str, number: int) -> str | None:
    """Sentence *number* (1-based) of a subdivision's own text, or None where it cannot be told.

    Only a text of one line (no points or subparagraphs under it) is split, at a full stop
    followed by a capital letter.
    """
    if "\n" in text.strip():
        return None
    parts = _SENTENCE_END.split(re.sub(r"\s+", " ", text.strip()))
    return parts[number - 1] if 0 < number <= len(parts) else None


def choose_text(texts: dict[str, str], lang: str) -> Text | None:
    """The text in *lang* where there is one, else in the first language by preference."""
    if lang in texts:
        return Text(texts[lang], lang)
    for other in by_preference(texts):
        return Text(texts[other], other)
    return None
