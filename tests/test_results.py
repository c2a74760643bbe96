"""Reading a store's SPARQL results, whatever labels its blank nodes have."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from lexkg.server.services.harvest.dumps import read_quads
from lexkg.server.store.base import QueryAnswer, select
from lexkg.server.store.embedded import OxigraphStore

from support import Wrapping

EX = "http://example.org/"
JSON = "application/sparql-results+json"
NQUADS = (
    f"<{EX}a> <{EX}p> _:x <{EX}g> .\n"
    f"_:x <{EX}q> _:y <{EX}g> .\n"
    f'_:y <{EX}r> "text"@nl <{EX}g> .\n'
    f"<{EX}b> <{EX}p> _:z <{EX}h> .\n"
)


class VirtuosoLabels(Wrapping):
    """A store that writes blank nodes the way Virtuoso does: ``nodeID://b10008``."""

    def query(self, sparql: str, **options: Any) -> QueryAnswer:
        answer = super().query(sparql, **options)
        data = json.loads(answer.body)
        for row in data["results"]["bindings"]:
            for term in row.values():
                if term["type"] == "bnode":
                    term["value"] = f"nodeID://b1{term['value']}"
        return QueryAnswer(json.dumps(data).encode(), answer.media_type)


def test_labels_pyoxigraph_cannot_read_are_replaced(tmp_path: Path) -> None:
    path = tmp_path / "graph.nq"
    path.write_text(NQUADS, encoding="utf-8")
    plain = OxigraphStore(path)
    virtuoso = VirtuosoLabels(plain)
    sparql = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY STR(?p) STR(?s)"
    assert re.search(rb'"nodeID://b1\w+"', virtuoso.query(sparql, choose=lambda _: JSON).body)
    rows = select(virtuoso, sparql)
    assert [type(row["o"]).__name__ for row in rows] == [
        "BlankNode",
        "BlankNode",
        "BlankNode",
        "Literal",
    ]
    # One blank node keeps one label: _:x is the object of a's p and the subject of q.
    assert rows[0]["o"] == rows[2]["s"] and rows[1]["o"] != rows[0]["o"]
    assert read_quads(virtuoso) == read_quads(plain)
