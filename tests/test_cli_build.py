"""``lexkg build``: its summary, and bad input refused with file and line, nothing clobbered."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest

from lexkg.cli import main

from support import DE_TEXT, NL_TEXT

NL = NL_TEXT.read_text(encoding="utf-8")
DE = DE_TEXT.read_text(encoding="utf-8")


def test_build_writes_the_graph_and_a_summary(tmp_path: Path) -> None:
    out = tmp_path / "graph.trig"
    run = subprocess.run(
        [sys.executable, "-m", "lexkg", "build", "--out", str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    summary = re.search(
        r"subdivisions per language: nl (\d+), de (\d+); (\d+) triples in [\d.]+ s", run.stdout
    )
    assert summary and summary[1] == summary[2] == "70"
    assert "aligning nl, de" in run.stderr
    quads = pyoxigraph.parse(path=str(out), format=pyoxigraph.RdfFormat.TRIG)
    assert sum(1 for _ in quads) == int(summary[3])


def _build(tmp_path: Path, capsys, *texts: tuple[str, str | bytes]) -> tuple[int, str, Path]:
    out = tmp_path / "graph.nq"
    out.write_text("previous graph\n")
    args = ["build", "--out", str(out), "--quiet"]
    for lang, content in texts:
        path = tmp_path / f"{lang}.txt"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        args += ["--text", f"{lang}={path}"]
    code = main(args)
    return code, capsys.readouterr().err, out


def _cut(text: str, marker: str) -> str:
    return text[: text.index(marker)]


BAD = {
    "empty": (("de", ""), r"de\.txt:1: the text is empty"),
    "binary": (("de", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), r"de\.txt:3: binary data"),
    "not utf-8": (
        ("de", DE.replace("Präsident", "Pr\udce4sident").encode("utf-8", "surrogateescape")),
        r"de\.txt:267: not UTF-8",
    ),
    "truncated in the preamble": (
        ("de", _cut(DE, "(4)\n\nDa sich")),
        r"de\.txt:45: the text ends too early: expected the enacting formula",
    ),
    "truncated in a quotation": (
        ("de", _cut(DE, "e)\n\nbestehende Fähigkeiten")),
        r"de\.txt:\d+: a quotation opened here is never closed",
    ),
    "truncated before the signature": (
        ("nl", _cut(NL, "Gedaan te Luxemburg")),
        r"nl\.txt:294: the text ends too early: expected the place and date of signature",
    ),
    "another act": (
        (
            "de",
            DE.replace("VERORDNUNG (EU) 2024/1732 DES RATES", "VERORDNUNG (EU) 2023/999 DES RATES"),
        ),
        r"de\.txt:15: this is the text of 2023/999, not of 2024/1732",
    ),
    "a Dutch text given as German": (
        ("de", NL),
        r"de\.txt:2: expected the title of an act",
    ),
    "a text in no known layout": (
        ("de", " ".join(DE.split())),
        r"de\.txt:1: expected the title of an act",
    ),
    "versions that do not align": (
        (
            "de",
            DE.replace("d)\n\nPläne für das Zusammenwirken", "f)\n\nPläne für das Zusammenwirken"),
        ),
        r"de\.txt:\d+: point f\) does not follow from the points before it",
    ),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_fails_with_file_and_line(tmp_path: Path, capsys, case: str) -> None:
    text, expected = BAD[case]
    code, err, out = _build(tmp_path, capsys, text)
    assert code == 1
    assert re.search(expected, err), err
    assert out.read_text() == "previous graph\n"
    assert "Traceback" not in err


def test_language_versions_that_do_not_align(tmp_path: Path, capsys) -> None:
    start = DE.index("b)\n\nAbsatz\u00a02 wird gestrichen.")
    end = DE.index("c)\n\nAbsatz\u00a05 erhält")
    german = DE[:start] + DE[end:].replace("c)\n", "b)\n", 1)
    code, err, out = _build(tmp_path, capsys, ("de", german))
    assert code == 1
    assert "do not align" in err
    assert re.search(r"nl\.txt:252: .*de\.txt:\d+", err), err
    assert out.read_text() == "previous graph\n"


def test_unknown_layout_in_metadata(tmp_path: Path, capsys, tmp_copy) -> None:
    act = tmp_copy()
    act.write_text(act.read_text().replace('layout = "html"', 'layout = "docx"'))
    code = main(["build", "--act", str(act), "--out", str(tmp_path / "g.nq"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 1 and "de.txt: unknown layout 'docx'" in err
