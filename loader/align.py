"""Stage 4: check that the language versions of an act are the same act, part for part.

Every subdivision must exist in every language under the same normalised number, every
instruction must do the same thing to the same target, every footnote must hang on the same
subdivision, and every cross-reference must lead to the same place. The first difference
stops the build with both files and lines.

A version may be declared partial (`Act.gaps`: a rendering without citations, recitals or
signature). Then all versions are compared without those parts, and footnotes by where they
hang rather than by number (a partial text's numbering cannot be the act's); what was left out
is said in the notes `align` returns.
"""

from __future__ import annotations

from collections.abc import Iterator

from lexkg.loader.errors import LoaderError
from lexkg.loader.model import Act, Division, Span
from lexkg.loader.xrefs import Reference


def _outline(
    act: Act, refs: list[Reference], without: frozenset[str] = frozenset()
) -> Iterator[tuple[str, Span]]:
    """What must agree across languages, one entry per fact, with where it stands.

    *without* are the parts left out of the comparison (see the module's docstring).
    """
    yield f"act {act.doc_type} {act.number} of {act.date_document}", act.title_span
    left_out = {
        d.path[0]
        for part, divisions in (("citations", act.citations), ("recitals", act.recitals))
        if part in without
        for d in divisions
    }
    divisions = [d for d in act.walk() if d.path[0] not in left_out]
    for d in divisions:
        yield _describe(d), d.span
    for note in act.footnotes:
        holders = [
            d
            for d in divisions
            for r in d.footnotes
            if r.number == note.number and _scope(d) == note.scope
        ]
        if not holders and without:
            continue  # it hangs on a part left out
        where = ", ".join("/".join(h.path) for h in holders)
        number = "a footnote" if without else f"footnote ({note.number})"
        scope = f" of {'/'.join(note.scope)}" if note.scope else ""
        yield f"{number}{scope} on {where}", note.span
    for r in refs:
        if r.source[0] in left_out:
            continue
        target = "/".join(r.path) or "the act"
        status = "unresolved" if r.unresolved else f"{r.act} {target}"
        yield f"a reference in {'/'.join(r.source)} to {status}", r.span
    end = act.signature.span if act.signature else act.title_span
    yield f"entry into force on day {act.entry_into_force_days}", end
    if act.signature and "signature" not in without:
        yield f"signed on {act.signature.date}", act.signature.span


def _scope(d: Division) -> tuple[str, ...]:
    """The footnote numbering a division's references belong to: its annex's, or the act's."""
    return d.path[:1] if d.path[0].startswith("anx_") else ()


def _describe(d: Division) -> str:
    text = f"{d.kind} {'/'.join(d.path)}"
    if d.heading is not None:
        text += " with a heading"
    if d.amendment:
        a = d.amendment
        text += f": {a.action} {' and '.join('/'.join(t) for t in a.targets) or 'the act'}"
        if a.act:
            text += f" of {a.act}"
        if a.new_kind:
            text += f" ({a.new_kind})"
    return text


def align(acts: list[Act], refs: list[list[Reference]]) -> list[str]:
    """Raise :class:`LoaderError` at the first place where the language versions differ.

    *refs* are the cross-references of each act, in the same order as *acts*. Returns what
    the comparison left out, one sentence for each partial version (none if all are whole).
    """
    if len(acts) < 2:
        return []
    without = frozenset().union(*(a.gaps for a in acts))
    notes = [
        f"the {a.language} version ({a.path}) lacks its {', '.join(sorted(a.gaps))}, as "
        f"declared: the versions were compared without them"
        for a in acts
        if a.gaps
    ]
    first, *others = acts
    reference = list(_outline(first, refs[0], without))
    for other, other_refs in zip(others, refs[1:], strict=True):
        outline = list(_outline(other, other_refs, without))
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
                column=span.first_col,
            )
    return notes


def _mismatch(a: Act, span_a: Span, what_a: str, b: Act, span_b: Span, what_b: str) -> LoaderError:
    return LoaderError(
        f"the language versions do not align: the {a.language} version has {what_a} "
        f"but the {b.language} version has {what_b} at {_place(span_b)}",
        path=span_a.path,
        line=span_a.first,
        column=span_a.first_col,
    )


def _place(span: Span) -> str:
    column = f":{span.first_col}" if span.first_col is not None else ""
    return f"{span.path}:{span.first}{column}"
