"""The point-in-time view as a table: periods of a provision and a date in, a version out."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lexkg.server.services.eli.compare import compare_words
from lexkg.server.services.eli.timeline import NotInForceOn, Period, version_on

D = dt.date.fromisoformat
ORIGINAL = Period(D("2021-08-08"), D("2024-07-08"), "…/2021-08-08")
AMENDED = Period(D("2024-07-09"), D("2026-01-19"), "…/2024-07-09")
CURRENT = Period(D("2026-01-20"), None, "…/2026-01-20")
PERIODS = [CURRENT, ORIGINAL, AMENDED]  # in any order


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2021-08-08", ORIGINAL),  # the first day of the first version
        ("2022-06-01", ORIGINAL),
        ("2024-07-08", ORIGINAL),  # the last day before the amendment applies
        ("2024-07-09", AMENDED),
        ("2025-01-01", AMENDED),
        ("2026-01-20", CURRENT),
        ("2099-12-31", CURRENT),  # the last version has no end
    ],
)
def test_the_version_on_a_day(day: str, expected: Period) -> None:
    assert version_on(PERIODS, D(day), "Article 9(5)") == expected


def test_before_the_provision_existed() -> None:
    inserted = [Period(D("2024-07-09"), None, "…/par_6a/2024-07-09")]
    with pytest.raises(NotInForceOn, match=r"did not exist on 2022-01-01: .* from 2024-07-09"):
        version_on(inserted, D("2022-01-01"), "Article 9(6a)")


def test_after_its_repeal() -> None:
    repealed = [Period(D("2021-08-08"), D("2024-07-08"), "…/art_15/par_2/2021-08-08")]
    assert version_on(repealed, D("2024-07-08"), "Article 15(2)") == repealed[0]
    with pytest.raises(NotInForceOn, match=r"no longer in force on 2024-07-09: .* was 2024-07-08"):
        version_on(repealed, D("2024-07-09"), "Article 15(2)")


def test_the_comparison_marks_the_changed_words() -> None:
    before = "wordt de datum 31 december 2024 vermeld"
    after = "wordt de datum 31 december 2025 vermeld"
    pieces = compare_words(before, after)
    assert [(p.kind, p.text.strip()) for p in pieces] == [
        ("same", "wordt de datum 31 december"),
        ("removed", "2024"),
        ("added", "2025"),
        ("same", "vermeld"),
    ]


_words = st.lists(st.sampled_from(["de", "datum", "2024", "2025", "lid", "5a", "\n"]), max_size=12)


@given(_words, _words)
def test_a_comparison_loses_and_invents_nothing(old: list[str], new: list[str]) -> None:
    before, after = " ".join(old), " ".join(new)
    pieces = compare_words(before, after)
    assert "".join(p.text for p in pieces if p.kind != "removed") == after
    assert [w for p in pieces if p.kind != "added" for w in p.text.split()] == before.split()
