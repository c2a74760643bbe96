"""Stage 1: strict decoding, line numbers and the layout signals of each line."""

from __future__ import annotations

import pytest

from lexkg.loader.errors import LoaderError
from lexkg.loader.lines import decode, read_lines, split_lines

from support import DE_TEXT, NL_TEXT


def test_non_breaking_spaces_become_one_space() -> None:
    lines = read_lines(DE_TEXT)
    article = next(line for line in lines if line.text.startswith("gestützt auf"))
    assert "Artikel 187 und Artikel 188 Absatz 1," in article.text
    assert not any("\u00a0" in line.text or "  " in line.text for line in lines)


def test_pdf_signals_are_kept() -> None:
    lines = {line.no: line for line in read_lines(NL_TEXT)}
    assert lines[6].trail  # "... start-ups om " wraps on to the next line
    assert lines[123].lead and lines[123].text.startswith("iii) ")  # glued at a page top
    assert not lines[24].lead


@pytest.mark.parametrize(
    ("data", "line", "problem"),
    [
        (b"", 1, "empty"),
        (b"  \n\n \n", 1, "empty"),
        (b"VERORDENING\nvan 17 juni\n\xff\xfe broken\n", 3, "not UTF-8"),
        (b"VERORDENING\n\x00\x01\x02binary", 2, "binary data"),
        (b"VERORDENING\n\x1b[1mbold", 2, "binary data"),
    ],
)
def test_bad_bytes_are_refused_with_their_line(data: bytes, line: int, problem: str) -> None:
    with pytest.raises(LoaderError) as info:
        decode(data, "x.txt")
    assert info.value.line == line
    assert problem in info.value.message
    assert str(info.value).startswith(f"x.txt:{line}: ")


def test_bom_and_line_endings_are_normalised() -> None:
    text = decode(b"\xef\xbb\xbfEen\r\nTwee\rDrie\n", "x.txt")
    assert [line.text for line in split_lines(text)] == ["Een", "Twee", "Drie"]
