"""The German text laid out as a PDF extraction lays out text reads back to the same tree."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from lexkg.loader.lines import split_lines
from lexkg.loader.model import Act
from lexkg.loader.parse import read_text
from lexkg.loader.profiles import profile

from pdf_layout import pdf_versions, rewrap
from support import DE_TEXT

TEXT = DE_TEXT.read_text(encoding="utf-8")
COUNTS = {"art_9/par_5": 1}


def _read(text: str, layout: str) -> Act:
    return read_text(split_lines(text), layout, profile("de"), "de.txt", COUNTS)


def _tree(act: Act) -> list[tuple]:
    """Everything of the tree except where it stood in the source."""
    out = [(act.title, act.date_document, act.date_publication, act.eli, act.signature.text)]
    for d in act.walk():
        a = d.amendment
        out.append(
            (
                d.path,
                d.kind,
                d.label,
                d.heading,
                d.full_text(),
                [(r.number, r.offset) for r in d.footnotes],
                (a.action, a.target, a.new_kind) if a else None,
            )
        )
    out.extend((f.number, f.text) for f in act.footnotes)
    return out


HTML_TREE = _tree(_read(TEXT, "html"))


def test_a_fixed_pdf_layout_reads_the_same() -> None:
    pdf = rewrap(TEXT, width=72, hyphenate=frozenset(range(0, 4000, 7)), footnote_at=(19, 2))
    assert pdf != TEXT
    assert _tree(_read(pdf, "pdf")) == HTML_TREE


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pdf_versions(TEXT))
def test_any_pdf_layout_reads_the_same(pdf: str) -> None:
    assert _tree(_read(pdf, "pdf")) == HTML_TREE
