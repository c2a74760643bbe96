"""Full dumps of the store: every quad of its named graphs, in N-Quads, TriG and JSON-LD.

The quads are read with one SPARQL query, their blank nodes relabelled by RDF
Canonicalization (RDFC-1.0) and sorted, so that the same graph always gives the same bytes:
a dump's size and checksum do not change from one load of the graph to the next.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import pyoxigraph as ox

from lexkg.server.store.base import Store, select
from lexkg.vocab import PREFIXES

__all__ = ["FORMATS", "Dump", "DumpFormat", "dump", "read_quads"]

_ALL_QUADS = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


@dataclass(frozen=True)
class DumpFormat:
    """One dump file: its name under ``/dumps/``, media type and format."""

    name: str
    media_type: str
    rdf_format: ox.RdfFormat
    label: str  # the format's name, for people
    file_type: str  # code in the EU file-type authority table


FORMATS: tuple[DumpFormat, ...] = (
    DumpFormat("lexkg.nq", "application/n-quads", ox.RdfFormat.N_QUADS, "N-Quads", "RDF_N_QUADS"),
    DumpFormat("lexkg.trig", "application/trig", ox.RdfFormat.TRIG, "TriG", "RDF_TRIG"),
    DumpFormat("lexkg.jsonld", "application/ld+json", ox.RdfFormat.JSON_LD, "JSON-LD", "JSON_LD"),
)


@dataclass(frozen=True)
class Dump:
    """The exact bytes of one dump."""

    format: DumpFormat
    body: bytes

    @property
    def size(self) -> int:
        return len(self.body)

    @cached_property
    def sha256(self) -> str:
        """The SHA-256 digest of the body, in lower-case hex."""
        return hashlib.sha256(self.body).hexdigest()


def read_quads(store: Store) -> list[ox.Quad]:
    """Every quad of the store's named graphs, blank nodes canonicalised, sorted."""
    rows = select(store, _ALL_QUADS)
    dataset = ox.Dataset(ox.Quad(row["s"], row["p"], row["o"], row["g"]) for row in rows)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(dataset, key=_order)


def dump(quads: Sequence[ox.Quad], fmt: DumpFormat) -> Dump:
    """The quads written in one dump format."""
    prefixes = None if fmt.rdf_format == ox.RdfFormat.N_QUADS else PREFIXES
    return Dump(fmt, ox.serialize(quads, format=fmt.rdf_format, prefixes=prefixes))


def _order(quad: ox.Quad) -> tuple[str, str, str, str]:
    return str(quad.graph_name), str(quad.subject), str(quad.predicate), str(quad.object)
