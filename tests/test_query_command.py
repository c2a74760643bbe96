"""``lexkg query``: named questions on the command line, as a table, JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from lexkg import resources
from lexkg.cli import main
from lexkg.cli.query import format_table
from lexkg.server.services.named import load_queries

CONS = "http://data.europa.eu/eli/reg/2021/1173/"
HOST = "https://w3id.org/lexkg/host/"


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A graph that `lexkg query` itself builds, because it is missing."""
    out = tmp_path_factory.mktemp("graph") / "graph.nq"
    assert main(["query", "glossary", "--graph", str(out)]) == 0
    assert out.is_file()
    return out


def _run(capsys: pytest.CaptureFixture[str], graph: Path, *args: str) -> tuple[int, str, str]:
    code = main(["query", *args, "--graph", str(graph)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_list_gives_the_names_and_english_titles(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    queries = load_queries(resources.queries_dir())
    assert len(lines) == len(queries) >= 15
    for line, (name, query) in zip(lines, queries.items(), strict=True):
        assert line.startswith(f"{name} ")
        assert query.titles["en"] in line
    assert any("[host=<iri> date=2025-01-01 lang=nl]" in line for line in lines)


def test_a_missing_graph_is_built_and_its_summary_kept_off_stdout(
    graph_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "fresh.nq"
    code, stdout, stderr = _run(capsys, out, "financial-limits", "--format", "csv")
    assert code == 0 and out.is_file()
    assert stdout.startswith("lang,maxShare,")
    assert "built" in stderr


def test_the_default_table(graph_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, graph_file, "financial-limits")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == [
        "lang",
        "maxShare",
        "shareOf",
        "bearer",
        "norm",
        "label",
        "provision",
        "date",
    ]
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert lines[-1] == "(4 rows)"
    body = lines[2:-1]
    assert [line.split()[1] for line in body] == ["50", "50", "35", "50"]
    assert "http://data.europa.eu/eli/" not in out  # ELI IRIs shortened
    assert body[-1].split()[-2:] == ["reg/2021/1173/art_17/par_1/2024-07-09", "2026-02-01"]
    assert "lkg:norm_17_1_union_access_time" in body[-1]
    column = lines[0].index("provision")  # aligned
    assert all(line[column:].startswith("reg/2021/1173/art_") for line in body)


def test_long_texts_are_cut_at_the_width(
    graph_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, graph_file, "amendments", "--param", "lang=de", "--width", "30")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 2 + 20 + 1
    assert lines[-1] == "(20 rows)"
    text = lines[0].index("text")
    cut = [line[text:] for line in lines[2:-1] if line[text:]]
    assert cut and all(len(value) <= 30 for value in cut)
    assert any(value.endswith("…") for value in cut)
    assert "reg/2021/1173/art_4/par_1/pnt_h/2024-07-09" in out  # IRIs are never cut
    assert "\n" not in "".join(cut)


def test_json(graph_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, graph_file, "amendments", "--format", "json")
    assert code == 0
    answer = json.loads(out)
    rows = answer["results"]["bindings"]
    assert len({r["instruction"]["value"] for r in rows}) == 19
    assert answer["head"]["vars"][:3] == ["lang", "instruction", "action"]


def test_csv_with_params(graph_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys,
        graph_file,
        "applicable-norms",
        "--param",
        f"host={HOST}ai-optimised",
        "--param",
        "lang=de",
        "--format",
        "csv",
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    criteria = [r["provision"] for r in rows if r["modality"].endswith("#Criterion")]
    assert criteria == [], "a selected host is weighed on no selection criteria"
    one_stop_shop = next(r for r in rows if r["provision"].endswith("art_9/par_6a/2024-07-09"))
    assert one_stop_shop["label"] == "zentrale Anlaufstelle"


def test_side_by_side_in_the_table(graph_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    provision = f"provision={CONS}art_9/par_6a/2024-07-09"
    code, out, _ = _run(capsys, graph_file, "provision-side-by-side", "--param", provision)
    assert code == 0
    assert "6 bis." in out and "(6a)" in out
    assert "Voor de in artikel 12 bis" in out and "Für die in Artikel 12a" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-query"], "no named query 'no-such-query'"),
        ([], "name a query"),
        (["applicable-norms"], "parameter 'host': missing"),
        (["applicable-norms", "--param", "host=ai-optimised"], "parameter 'host': not an"),
        (["glossary", "--param", "lang=nl"], "parameter 'lang': not a parameter of glossary"),
        (["recitals", "--param", "lang=en"], "parameter 'lang': no texts in 'en'"),
        (["provision-at-line", "--param", "line=ten"], "parameter 'line': not an integer"),
        (["recitals", "--param", "lang"], "expected NAME=VALUE"),
        (["recitals", "--param", "lang=nl", "--param", "lang=de"], "given more than once"),
    ],
)
def test_bad_use_exits_2_with_a_message(
    graph_file: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = _run(capsys, graph_file, *args)
    assert (code, out) == (2, "")
    assert err.startswith("lexkg: error: ") and message in err


def test_format_table_of_an_empty_answer() -> None:
    empty = {"head": {"vars": ["a", "bb"]}, "results": {"bindings": []}}
    assert format_table(empty) == "a  bb\n-  --\n(0 rows)"
    one = {
        "head": {"vars": ["x"]},
        "results": {"bindings": [{"x": {"type": "literal", "value": "a\n  b"}}]},
    }
    assert format_table(one).splitlines()[2:] == ["a b", "(1 row)"]
