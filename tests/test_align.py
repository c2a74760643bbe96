"""Stage 4: the language versions are the same act, part for part."""

from __future__ import annotations

import pytest

from lexkg.loader.align import align
from lexkg.loader.errors import LoaderError
from lexkg.loader.lines import split_lines
from lexkg.loader.model import Act
from lexkg.loader.parse import read_text
from lexkg.loader.profiles import profile
from lexkg.loader.xrefs import references

from support import DE_TEXT

COUNTS = {"art_9/par_5": 1}


def _de(text: str) -> Act:
    return read_text(split_lines(text), "html", profile("de"), str(DE_TEXT), COUNTS)


def _align(*acts: Act) -> None:
    eli, amended = (
        "http://data.europa.eu/eli/reg/2024/1732/oj",
        "http://data.europa.eu/eli/reg/2021/1173/oj",
    )
    align(list(acts), [references(a, eli, amended) for a in acts])


def test_the_real_versions_align(acts: dict[str, Act]) -> None:
    _align(acts["nl"], acts["de"])
    nl = [d.path for d in acts["nl"].walk()]
    de = [d.path for d in acts["de"].walk()]
    assert nl == de and len(nl) == 70
    # "3 bis" and "3a", "5 bis." and "(5a)", "Artikel 12 bis" and "Artikel 12a" are one.
    assert ("art_2", "pnt_3a") in nl and ("art_9", "par_5a") in nl and ("art_12a",) in nl


def test_a_missing_point_names_both_files(acts: dict[str, Act]) -> None:
    text = DE_TEXT.read_text(encoding="utf-8")
    start = text.index("c)\n\nQualität und Relevanz")
    end = text.index("d)\n\nPläne für das Zusammenwirken")
    german = _de(
        text[:start]
        + text[end:]
        .replace("d)\n", "c)\n", 1)
        .replace("e)\n\nbestehende Fähigkeiten", "d)\n\nbestehende Fähigkeiten", 1)
    )
    with pytest.raises(LoaderError) as info:
        _align(acts["nl"], german)
    message = str(info.value)
    assert "data/reg-2024-1732/nl.txt:175" in message and f"{DE_TEXT}:" in message
    # The German criteria now run a)–d): the Dutch e) has no counterpart.
    assert "art_9/par_5/sbp_2/pnt_e" in message and "art_1/pnt_4/pnt_b" in message
    assert info.value.line == 175  # criterion e) in the Dutch text


def test_a_different_action_is_a_mismatch(acts: dict[str, Act]) -> None:
    text = DE_TEXT.read_text(encoding="utf-8").replace(
        "Absatz\u00a02 wird gestrichen.", "Absatz\u00a03 wird gestrichen."
    )
    with pytest.raises(LoaderError, match=r"delete art_15/par_2.*delete art_15/par_3"):
        _align(acts["nl"], _de(text))
