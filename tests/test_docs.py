"""The queries shown in the README and the guide run and answer on the real graph."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph

from support import REPO

DOCS = [REPO / "README.md", REPO / "docs" / "graph.md"]


def _queries() -> list[tuple[str, str]]:
    found = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for block in re.findall(r"```sparql\n(.*?)```", text, re.S):
            found.append((doc.name, block))
        for block in re.findall(r"query='(.*?)'", text, re.S):
            found.append((doc.name, block))
    return found


@pytest.mark.parametrize(("doc", "query"), _queries())
def test_documented_query_answers(graph: Graph, doc: str, query: str) -> None:
    rows = list(graph.query(query))
    assert rows, f"a query in {doc} has no answer"


def test_readme_query_gives_article_9_6a_in_both_languages(graph: Graph) -> None:
    query = next(q for d, q in _queries() if d == "README.md")
    langs = {str(row[0]) for row in graph.query(query)}
    assert langs == {"nl", "de"}
