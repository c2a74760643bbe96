"""Cross-references: every reference in the text, resolved to the subdivision it names.

"artikel 9, lid 5, tweede alinea" and "Artikel 9 Absatz 5 Unterabsatz 2" both name
``art_9/par_5/sbp_2``; "artikel 12, lid 6, van Verordening (EU) 2021/694" a subdivision of
another act; "van die verordening" / "der genannten Verordnung" the act named last before it;
"van de statuten" / "der Satzung" the statutes annexed to the act. A reference is read in the
act its text belongs to: the amending act's own text, or the amended act for the text an
instruction inserts. A reference that cannot be resolved is kept, with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lexkg.loader.model import Act, Division, Span
from lexkg.loader.profiles import Profile, profile
from lexkg.loader.refs import ACT_MENTION, TFEU, TREATY, act_eli

STATUTES = ("anx_1",)  # the statutes of a joint undertaking are the annex of its act


@dataclass(frozen=True)
class Reference:
    """A reference found in one division's text.

    ``act`` is the ELI of the act referred to without its version ("…/reg/2021/694"), or
    ``None`` when it could not be resolved; ``path`` the subdivision in it (empty: the act).
    """

    source: tuple[str, ...]
    in_amended_text: bool
    act: str | None
    path: tuple[str, ...]
    text: str
    span: Span
    unresolved: str | None = None

    @property
    def key(self) -> tuple:
        """What must be the same in every language version."""
        return (self.source, self.in_amended_text, self.act, self.path, self.unresolved is None)


@dataclass(frozen=True)
class _Context:
    act: Act
    own: str  # ELI of the act whose text is read, without version
    amended: str | None  # ELI of the act it amends


def references(act: Act, own: str, amended: str | None = None) -> list[Reference]:
    """All references of a language version, in document order.

    *own* and *amended* are the ELIs (without version) of the act and of the act it amends.
    """
    context = _Context(act, own.removesuffix("/oj"), amended and amended.removesuffix("/oj"))
    out: list[Reference] = []
    for d in act.divisions:
        out.extend(_scan(d, context, in_amended=False))
    return out


def _scan(d: Division, ctx: _Context, in_amended: bool) -> Iterator[Reference]:
    if d.amendment is not None:
        # An instruction's own words name its target, which the instruction resolves.
        yield from _acts_named(d, in_amended)
        if d.amendment.target:
            yield Reference(d.path, in_amended, ctx.amended, d.amendment.target, "", d.span)
        for new in d.amendment.new:
            yield from _scan(new, ctx, in_amended=True)
    else:
        yield from _in_text(d, ctx, in_amended)
    for child in d.children:
        yield from _scan(child, ctx, in_amended)


def _acts_named(d: Division, amended: bool) -> Iterator[Reference]:
    for m in ACT_MENTION.finditer(d.text):
        yield Reference(d.path, amended, act_eli(m), (), m.group(0), d.span)
    if m := TREATY.search(d.text):
        yield Reference(d.path, amended, TFEU, (), m.group(0), d.span)


def _in_text(d: Division, ctx: _Context, in_amended: bool) -> Iterator[Reference]:
    p = profile(ctx.act.language)
    yield from _acts_named(d, in_amended)
    here = ctx.amended if in_amended and ctx.amended else ctx.own
    treaty = TREATY.search(d.text) if d.kind == "citation" else None
    for m in p.reference.finditer(d.text):
        path = [f"art_{p.normalise_number(m['art'])}"]
        if m["par"]:
            path.append(f"par_{p.normalise_number(m['par'])}")
        if m["sbp"]:
            n = m["sbp"] if m["sbp"].isdigit() else str(p.ordinals[m["sbp"].lower()])
            # An unnumbered paragraph of an article is its n-th "alinea"/"paragraph".
            path.append(f"sbp_{n}" if m["par"] else f"par_{n}")
        if m["pnt"]:
            path.append(f"pnt_{m['pnt']}")
        target, reason = _which_act(m, d.text, p, treaty, here)
        if m["of"] and p.statutes.fullmatch(m["of"]):
            path = [*STATUTES, *path]
        yield Reference(d.path, in_amended, target, tuple(path), m.group(0), d.span, reason)


def _which_act(
    m: re.Match[str], text: str, p: Profile, treaty: re.Match[str] | None, here: str
) -> tuple[str | None, str | None]:
    """The ELI of the act a reference names, or None and why it cannot be resolved."""
    of = m["of"]
    if of is None:
        if treaty is not None and treaty.start() < m.start():
            return TFEU, None  # a citation of the Treaty: "… and in particular Article 187"
        return here, None
    if mention := ACT_MENTION.search(of):
        return act_eli(mention), None
    if p.statutes.fullmatch(of):
        return here, None
    if p.that_act.fullmatch(of):
        before = list(ACT_MENTION.finditer(text, 0, m.start()))
        if before:
            return act_eli(before[-1]), None
        return None, f"'{of}' follows no act named before it"
    return None, f"unknown act '{of}'"
