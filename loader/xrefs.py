"""Cross-references: every reference in the text, resolved to the subdivision it names.

"artikel 9, lid 5, tweede alinea" and "Artikel 9 Absatz 5 Unterabsatz 2" both name
``art_9/par_5/sbp_2``; "artikel 12, lid 6, van Verordening (EU) 2021/694" a subdivision of
another act; "van die verordening" / "der genannten Verordnung" / "thereof" the act named last
before it; "van de statuten" / "der Satzung" the statutes annexed to the act. A list names
each of its subdivisions, and the act after it is that of all of them: "Articles 11(5), 12(7)
and 14(6) of this Regulation", "artikel 7, lid 4, punten f), g) en h)", "points (b) to (g)".
A reference is read in the act its text belongs to: the amending act's own text, or the
amended act for the text an instruction inserts. A reference that cannot be resolved is kept,
with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import product

from lexkg.loader.model import Act, Division, Span, number_range
from lexkg.loader.profiles import Profile, profile
from lexkg.loader.refs import ACT_MENTION, TFEU, TREATY, act_eli, treaty_eli

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
        target, reason = _which_act(m, d.text, p, treaty, here)
        annex = STATUTES if m["of"] and p.statutes.search(m["of"]) else ()
        text = m.group(0).rstrip(", ")
        for item in p.reference_item.finditer(m["items"]):
            for path in _paths(item, p):
                yield Reference(d.path, in_amended, target, (*annex, *path), text, d.span, reason)


def _paths(item: re.Match[str], p: Profile) -> Iterator[tuple[str, ...]]:
    """The subdivisions one reference of a list names: several where it lists paragraphs or
    points ("Article 34(1) and (2)")."""
    article = f"art_{p.normalise_number(item['art'])}"
    pars = [f"par_{n}" for n in _numbers(item["par"], p)] or [None]
    pnts = [f"pnt_{n}" for n in _numbers(item["pnt"], p)] or [None]
    sbp = None
    if item["sbp"]:
        n = item["sbp"] if item["sbp"].isdigit() else str(p.ordinals[item["sbp"].lower()])
        # An unnumbered paragraph of an article is its n-th "alinea"/"paragraph".
        sbp = f"sbp_{n}" if item["par"] else f"par_{n}"
    for par, pnt in product(pars, pnts):
        yield tuple(s for s in (article, par, sbp, pnt) if s)


def _numbers(printed: str | None, p: Profile) -> list[str]:
    """The numbers a list gives, ranges spelt out: "(f), (g) and (h)" → f, g, h; "b) tot en
    met f)" → b, c, d, e, f."""
    out: list[str] = []
    end = 0
    for m in p.reference_number.finditer(printed or ""):
        n = p.normalise_number(m["n"])
        if out and p.list_to.search(printed or "", end, m.start()):
            # Other ends (roman numerals) give their ends only.
            out += (number_range(out[-1], n) or [out[-1], n])[1:-1]
        out.append(n)
        end = m.end()
    return out


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
    if p.that_act.search(of):
        return _named_before(text, m.start(), of)
    if eli := treaty_eli(of):
        return eli, None
    if p.this_act.fullmatch(of) or p.statutes.search(of):
        return here, None
    return None, f"unknown act '{of}'"


def _named_before(text: str, before: int, of: str) -> tuple[str | None, str | None]:
    """The act or Treaty named last in *text* before *before*, for "that Regulation"."""
    named = [(m.start(), act_eli(m)) for m in ACT_MENTION.finditer(text, 0, before)]
    named += [(m.start(), TFEU) for m in TREATY.finditer(text, 0, before)]
    if not named:
        return None, f"'{of}' follows no act named before it"
    return max(named)[1], None
