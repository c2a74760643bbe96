"""Stage 4: check that the language versions of an act are the same act, part for part.

Every subdivision must exist in every language under the same normalised number, every
instruction must do the same thing to the same target, every footnote must hang on the same
subdivision, and every cross-reference must lead to the same place. The first difference
stops the build with both files and lines.
"""

from __future__ import annotations

from collections.abc import Iterator

from lexkg.loader.errors import LoaderError
from lexkg.loader.model import Act, Division, Span
from lexkg.loader.xrefs import Reference


def _outline(act: Act, refs: list[Reference]) -> Iterator[tuple[str, Span]]:
    """What must agree across languages, one entry per fact, with where it stands."""
    yield f"act {act.doc_type} {act.number} of {act.date_document}", act.title_span
    for d in act.walk():
        yield _describe(d), d.span
    for note in act.footnotes:
        holders = [d for d in act.walk() for r in d.footnotes if r.number == note.number]
        where = ", ".join("/".join(h.path) for h in holders)
        yield f"footnote ({note.number}) on {where}", note.span
    for r in refs:
        target = "/".join(r.path) or "the act"
        status = "unresolved" if r.unresolved else f"{r.act} {target}"
        yield f"a reference in {'/'.join(r.source)} to {status}", r.span
    yield f"entry into force on day {act.entry_into_force_days}", act.signature.span
    yield f"signed on {act.signature.date}", act.signature.span


def _describe(d: Division) -> str:
    text = f"{d.kind} {'/'.join(d.path)}"
    if d.heading is not None:
        text += " with a heading"
    if d.amendment:
        a = d.amendment
        text += f": {a.action} {'/'.join(a.target) or 'the act'}"
        if a.new_kind:
            text += f" ({a.new_kind})"
    return text


def align(acts: list[Act], refs: list[list[Reference]]) -> None:
    """Raise :class:`LoaderError` at the first place where the language versions differ.

    *refs* are the cross-references of each act, in the same order as *acts*.
    """
    if len(acts) < 2:
        return
    first, *others = acts
    reference = list(_outline(first, refs[0]))
    for other, other_refs in zip(others, refs[1:], strict=True):
        outline = list(_outline(other, other_refs))
        for (a, span_a), (b, span_b) in zip(reference, outline, strict=False):
            if a != b:
                raise _mismatch(first, span_a, a, other, span_b, b)
        if len(reference) != len(outline):
            longer, act, shorter = (
                (reference, first, other)
                if len(reference) > len(outline)
                else (outline, other, first)
            )
            extra, span = longer[min(len(reference), len(outline))]
            raise LoaderError(
                f"the {act.language} version has {extra}, which the {shorter.language} "
                f"version ({shorter.path}) lacks",
                path=span.path,
                line=span.first,
            )


def _mismatch(a: Act, span_a: Span, what_a: str, b: Act, span_b: Span, what_b: str) -> LoaderError:
    return LoaderError(
        f"the language versions do not align: the {a.language} version has {what_a} "
        f"but the {b.language} version has {what_b} at {span_b.path}:{span_b.first}",
        path=span_a.path,
        line=span_a.first,
    )
