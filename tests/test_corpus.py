"""The named queries in a corpus: another act beside the seed does not change their answers."""

from __future__ import annotations

import re
from typing import Any

import pytest
from test_named_queries import EXAMPLES, QUERIES, _ask

from lexkg.cli import main
from lexkg.server.store.embedded import OxigraphStore

# The copy's IRIs: Regulation (EU) 2024/1733 amending Regulation (EU) 2021/1174.
_ACT_IRI = re.compile(r"(/eli/reg/2024/)1732(?=[/>#])|(/eli/reg/2021/)1173(?=[/>#])")
_BLANK = re.compile(r"(?<![^\s<])_:(\w+)")


def _renamed(match: re.Match[str]) -> str:
    return f"{match[1]}1733" if match[1] else f"{match[2]}1174"


def _is_act_line(line: str) -> bool:
    """Whether an N-Quads line is in a graph of the seed act or of the act it amends."""
    graph = line.rstrip().removesuffix(".").rstrip().rpartition(" ")[2]
    return "/eli/reg/2024/1732/" in graph or "/eli/reg/2021/1173/" in graph


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> tuple[OxigraphStore, OxigraphStore]:
    """The seed's graph, and a corpus of the seed and a renamed copy of its act graphs."""
    folder = tmp_path_factory.mktemp("corpus")
    seed = folder / "seed.nq"
    assert main(["build", "--out", str(seed), "--quiet"]) == 0
    text = seed.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines(keepends=True) if not line.startswith("#")]
    act = [_ACT_IRI.sub(_renamed, line) for line in lines if _is_act_line(line)]
    copied = [_BLANK.sub(r"_:copy\1", line) for line in act]
    assert len(copied) > 1000
    corpus = folder / "corpus.nq"
    corpus.write_text("".join(lines + copied), encoding="utf-8")
    return OxigraphStore(seed), OxigraphStore(corpus)


def _rows(store: OxigraphStore, name: str, lang: str) -> list[dict[str, Any]]:
    values = dict(EXAMPLES.get(name, {}))
    if any(p.name == "lang" for p in QUERIES[name].params):
        values["lang"] = lang
    return _ask(store, name, **values)


def test_the_corpus_holds_two_acts(stores: tuple[OxigraphStore, OxigraphStore]) -> None:
    seed, corpus = stores
    assert corpus.triple_count() > seed.triple_count() + 1000  # the copied act graphs
    recitals = _ask(corpus, "recitals", lang="nl")
    assert recitals and all("/reg/2024/1732/" in row["recital"] for row in recitals)


@pytest.mark.parametrize("lang", ["nl", "de"])
@pytest.mark.parametrize("name", sorted(QUERIES))
def test_answers_are_those_of_the_seed(
    stores: tuple[OxigraphStore, OxigraphStore], name: str, lang: str
) -> None:
    """A query about Regulation (EU) 2024/1732 or 2021/1173 answers about them alone."""
    seed, corpus = stores
    expected = _rows(seed, name, lang)
    assert expected, f"{name} answers nothing on the seed"
    assert _rows(corpus, name, lang) == expected
