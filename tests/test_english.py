"""The English profile, on a made-up act written to the Official Journal's conventions.

No English text of Regulation (EU) 2024/1732 is in the project; the fixture is synthetic and
says so in its own recital. It exercises what differs in English: "(1)" instructions,
"Article 10(2), point (l)" references, ‘ ’ quotation marks around text with apostrophes.
"""

from __future__ import annotations

from pathlib import Path

from lexkg.loader.lines import read_lines
from lexkg.loader.parse import read_text
from lexkg.loader.profiles import profile

from support import find

FIXTURE = Path(__file__).parent / "fixtures" / "en-synthetic.txt"


def _act():
    return read_text(read_lines(FIXTURE), "html", profile("en"), str(FIXTURE), {"art_9/par_5": 1})


def test_english_act_reads_whole() -> None:
    act = _act()
    assert act.title.startswith("Council Regulation (EU) 2099/17 of 3 March 2099 amending")
    assert act.passed_by == "CONSIL" and act.entry_into_force_days == 3
    assert len(act.citations) == 4 and len(act.recitals) == 2
    assert [f.number for f in act.footnotes] == [1]
    assert find(act, "cit_3").text == "Having regard to the opinion of the European Parliament,"


def test_english_instructions() -> None:
    act = _act()
    got = {
        "/".join(d.path): (d.amendment.action, "/".join(d.amendment.target))
        for d in act.walk()
        if d.amendment and len(d.path) > 1
    }
    assert got == {
        "art_1/pnt_1": ("amend", "art_2"),
        "art_1/pnt_1/pnt_a": ("insert", "art_2"),
        "art_1/pnt_1/pnt_b": ("replace", "art_2/pnt_9"),
        "art_1/pnt_2": ("add", "art_9/par_5"),
        "art_1/pnt_3": ("replace", "art_10/par_2/pnt_l"),
        "art_1/pnt_4": ("insert", ""),
        "art_1/pnt_5": ("amend", "art_15"),
        "art_1/pnt_5/pnt_a": ("delete", "art_15/par_2"),
        "art_1/pnt_5/pnt_b": ("replace", "art_15/par_5"),
    }


def test_apostrophes_do_not_close_quotations() -> None:
    act = _act()
    assert find(act, "art_2/pnt_3a").text == (
        "‘test supercomputer’ means a supercomputer used for the Union’s tests;"
    )
    assert find(act, "art_12a").heading == "Ownership of test supercomputers"
    assert find(act, "art_12a/par_2/sbp_1").text.startswith("The Union’s financial contribution")
    assert [c.number for c in find(act, "art_9/par_5/sbp_2").children] == ["a", "b"]
