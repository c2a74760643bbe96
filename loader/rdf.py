"""Stage 5: the aligned language versions of an act → an RDF dataset under ELI.

Two named graphs: the act itself (work, subdivisions, one expression per language, each
embodied by an unofficial HTML manifestation, the amending instructions) and, for an amending
act unless told otherwise, a partial consolidated version of the act it amends, holding each
subdivision the act puts there as it reads after the amendment, and the subdivisions above
them as containers whose text is not given here. Whole consolidated versions are published by
`loader.versions_rdf`.

A language version may be partial where its gaps are declared (`Act.gaps`); so may a
subdivision that one language's text does not show: then that subdivision says, for that
language, that it has no text here and why (`lkg:absence`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rdflib import XSD, Dataset, Literal, URIRef
from rdflib.namespace import RDF

from lexkg.loader.agree import Parallel
from lexkg.loader.errors import LoaderError
from lexkg.loader.model import Act, Division, Footnote, Span
from lexkg.loader.profiles import profile
from lexkg.loader.quads import Quads, Sink
from lexkg.loader.refs import TFEU, acts_cited, legal_basis
from lexkg.loader.versions_rdf import (
    journal_reference,
    language_name,
    manifest,
    state_absence,
    type_at,
)
from lexkg.vocab import CORPORATE_BODY, ELI, LANGUAGE, LKG, RESOURCE_TYPE

_ACTIONS = {
    "amend": LKG.AmendAsFollows,
    "insert": LKG.Insert,
    "add": LKG.Add,
    "replace": LKG.Replace,
    "delete": LKG.Delete,
    "substitute": LKG.Substitute,
}
_GAP_OF_KIND = {"citation": "citations", "recital": "recitals"}


@dataclass(frozen=True)
class ActMeta:
    """What the build knows of an act beyond its texts (from its metadata file)."""

    eli: str
    date_publication: dt.date
    amends: str | None = None
    # How the Official Journal cites the act ("OJ L 256, 19.7.2021, p. 3"); computed for an
    # act published act by act (from October 2023), otherwise only where given.
    journal: str | None = None


def publish(
    acts: list[Act],
    meta: ActMeta,
    today: dt.date | None = None,
    refs: list[Parallel] | None = None,
    *,
    consolidated: bool = True,
    into: Dataset | Quads | None = None,
) -> Dataset | Quads:
    """Build the dataset of an act from its aligned language versions (*into* a dataset given).

    *refs* are the cross-references to publish, each as every version reads it
    (`loader.agree`).
    A partial version is published where its gaps are declared (`Act.gaps`): the parts it
    lacks say so in that language. With *consolidated* (the default), an amending act also
    gives the partial consolidated version of the act it amends (see the module's docstring).
    """
    for act in acts:
        if act.signature is None and "signature" not in act.gaps:
            raise LoaderError(
                f"cannot publish the {act.language} version: it lacks its signature, and "
                "does not declare that gap",
                path=act.path,
            )
    publisher = _Publisher(acts, meta, today or dt.date.today(), refs or [], consolidated, into)
    return publisher.dataset()


def _date(d: dt.date) -> Literal:
    return Literal(d.isoformat(), datatype=XSD.date)


def _source(g: Sink, node: URIRef, span: Span) -> None:
    g.add((node, LKG.sourceFile, Literal(span.path)))
    g.add((node, LKG.firstLine, Literal(span.first)))
    g.add((node, LKG.lastLine, Literal(span.last)))


class _Publisher:
    def __init__(
        self,
        acts: list[Act],
        meta: ActMeta,
        today: dt.date,
        refs: list[Parallel],
        consolidated: bool = True,
        into: Dataset | Quads | None = None,
    ) -> None:
        self.acts = acts
        self.consolidate = consolidated and meta.amends is not None
        # The fullest version leads: its tree is walked; the others are looked up by path.
        self.lead = min(acts, key=lambda a: len(a.gaps))
        self.by_path = [_own(a) for a in acts]
        self.new_by_path = [_brought(a) for a in acts]
        journal = meta.journal or journal_reference(acts[0].number, meta.date_publication)
        self.journal = [journal] if journal else []
        self.refs = refs
        self.meta = meta
        self.today = today
        self.act = URIRef(meta.eli)
        self.base = meta.eli.removesuffix("/oj")
        self.ds = Dataset(default_union=True) if into is None else into
        self.ds.bind("eli", ELI)
        self.ds.bind("lkg", LKG)
        self.g = self.ds.graph(self.act)
        self.order = 0
        days = next((a.entry_into_force_days for a in acts if a.entry_into_force_days), None)
        self.in_force = meta.date_publication + dt.timedelta(days=days) if days else None

    def dataset(self) -> Dataset:
        self.work()
        for act in self.acts:
            self.expression(act)
        for d in self.lead.divisions:
            self.subdivision(d, self.act)
        if self.consolidate:
            self.consolidated()
        self.cross_references()
        return self.ds

    # -- the act ---------------------------------------------------------------------------

    def work(self) -> None:
        g, act, first = self.g, self.act, self.lead
        g.add((act, RDF.type, ELI.LegalResource))
        complex_work = URIRef(self.base)
        g.add((complex_work, RDF.type, ELI.ComplexWork))
        g.add((complex_work, ELI.has_member, act))
        g.add((act, ELI.is_member_of, complex_work))
        g.add((act, ELI.type_document, RESOURCE_TYPE[first.doc_type]))
        g.add((act, ELI.passed_by, CORPORATE_BODY[first.passed_by]))
        g.add((act, ELI.number, Literal(first.number)))
        year, number = first.number.split("/")
        g.add((act, ELI.id_local, Literal(f"3{year}{first.doc_type[0]}{int(number):04d}")))
        g.add((act, ELI.date_document, _date(first.date_document)))
        g.add((act, ELI.date_publication, _date(self.meta.date_publication)))
        if self.in_force:
            g.add((act, ELI.first_date_entry_in_force, _date(self.in_force)))
            status = (
                ELI["InForce-inForce"] if self.today >= self.in_force else ELI["InForce-notInForce"]
            )
            g.add((act, ELI.in_force, status))
        for basis in legal_basis(first):
            g.add((act, ELI.based_on, URIRef(basis)))
        cited = [TFEU + "/oj"] if legal_basis(first) else []
        for d in first.walk():
            cited += acts_cited(d.text)
        for note in first.footnotes:
            cited += acts_cited(note.text)
        for eli in dict.fromkeys(cited):
            if eli != self.meta.eli:
                g.add((act, ELI.cites, URIRef(eli)))
        if self.meta.amends:
            g.add((act, ELI.amends, URIRef(self.meta.amends)))
            g.add((URIRef(self.meta.amends), ELI.amended_by, act))
        for other in sorted({d.amendment.act for d in first.walk() if d.amendment} - {None}):
            g.add((act, ELI.amends, URIRef(other)))  # the instructions of another amending act
            g.add((URIRef(other), ELI.amended_by, act))

    def expression(self, act: Act) -> None:
        g = self.g
        p = profile(act.language)
        expr = URIRef(f"{self.act}/{p.eli_lang}")
        lang = act.language
        g.add((expr, RDF.type, ELI.LegalExpression))
        g.add((expr, ELI.realizes, self.act))
        g.add((self.act, ELI.is_realized_by, expr))
        g.add((expr, ELI.language, LANGUAGE[p.iso3]))
        g.add((expr, ELI.title, Literal(act.title, lang=lang)))
        type_name = p.type_names[act.doc_type]
        g.add(
            (expr, ELI.title_short, Literal(f"{type_name} ({act.series}) {act.number}", lang=lang))
        )
        last = (
            act.signature.span.last
            if act.signature
            else max((d.span.last for d in act.walk()), default=act.title_span.last)
        )
        _source(g, expr, Span(act.path, act.title_span.first, last))
        for prop, text in (
            (LKG.institution, act.institution),
            (LKG.recitalsIntro, act.recitals_intro),
            (LKG.enactingFormula, act.enacting_formula),
            (LKG.finalFormula, act.final_formula),
            (LKG.signature, act.signature.text if act.signature else ""),
        ):
            if text:
                g.add((expr, prop, Literal(text, lang=lang)))
        if act.signature:
            g.add((expr, LKG.signaturePlace, Literal(act.signature.place, lang=lang)))
            g.add((expr, LKG.signatureDate, _date(act.signature.date)))
        manifest(g, expr, self.journal)
        for note in act.footnotes:
            g.add((expr, LKG.footnote, self.footnote(expr, note, lang)))

    def footnote(self, expr: URIRef, note: Footnote, lang: str) -> URIRef:
        node = URIRef(f"{expr}#fn_{note.number}")
        self.g.add((node, RDF.type, LKG.Footnote))
        self.g.add((node, LKG.number, Literal(note.number)))
        self.g.add((node, LKG.text, Literal(note.text, lang=lang)))
        _source(self.g, node, note.span)
        return node

    # -- subdivisions ----------------------------------------------------------------------

    def _same(self, d: Division, new: bool = False) -> list[Division | None]:
        """The same subdivision in every language version, None where a text lacks it; with
        *new*, a subdivision that an instruction brings into the amended act."""
        return [paths.get(d.path) for paths in (self.new_by_path if new else self.by_path)]

    def subdivision(self, d: Division, parent: URIRef) -> URIRef:
        g = self.g
        node = self.node(d.path)
        self.describe(g, node, d, parent, self._same(d))
        for other, act in zip(self._same(d), self.acts, strict=True):
            if other is None:
                state_absence(g, node, act.language, self.missing(act, d))
        timeless = URIRef(str(node).removesuffix("/oj"))
        g.add((node, ELI.is_member_of, timeless))
        g.add((timeless, ELI.has_member, node))
        if d.amendment:
            self.instruction(node, d)
        for child in d.children:
            self.subdivision(child, node)
        return node

    def missing(self, act: Act, d: Division) -> str:
        """Why a language version does not give a subdivision."""
        name = language_name(act.language)
        gap = _GAP_OF_KIND.get(d.kind)
        if gap in act.gaps:
            return f"the {name} text read ({act.path}) does not give the {gap}, as declared"
        return (
            f"the {name} text read ({act.path}) does not show this {d.kind} as a part of its "
            "own; its words are in the text of the part above it"
        )

    def describe(
        self,
        g: Sink,
        node: URIRef,
        d: Division,
        parent: URIRef,
        versions: list[Division | None],
    ) -> None:
        """Type, place, number and per-language text of one subdivision."""
        self.order += 1
        g.add((node, RDF.type, ELI.LegalResourceSubdivision))
        g.add((node, ELI.type_subdivision, type_at(d.path)))
        g.add((node, ELI.number, Literal(d.number)))
        g.add((node, ELI.is_part_of, parent))
        g.add((parent, ELI.has_part, node))
        g.add((node, LKG.order, Literal(self.order)))
        for act, v in zip(self.acts, versions, strict=True):
            if v is None:
                continue
            p = profile(act.language)
            expr = URIRef(f"{node}/{p.eli_lang}")
            g.add((expr, RDF.type, ELI.LegalExpression))
            g.add((expr, ELI.realizes, node))
            g.add((node, ELI.is_realized_by, expr))
            g.add((expr, ELI.language, LANGUAGE[p.iso3]))
            g.add((expr, LKG.text, Literal(v.full_text(), lang=act.language)))
            if v.label:
                g.add((expr, LKG.label, Literal(v.label, lang=act.language)))
            if v.heading:
                g.add((expr, ELI.title, Literal(v.heading, lang=act.language)))
            for ref in v.footnotes:
                fn = URIRef(f"{self.act}/{p.eli_lang}#fn_{ref.number}")
                g.add((expr, LKG.footnote, fn))
                g.add((fn, LKG.markerOffset, Literal(ref.offset)))
            _source(g, expr, v.span)
            manifest(g, expr, self.journal)

    # -- amendments ------------------------------------------------------------------------

    def target(self, path: tuple[str, ...], version: str = "oj", act: str | None = None) -> URIRef:
        base = (act or self.meta.amends).removesuffix("/oj")  # type: ignore[union-attr]
        return URIRef(f"{base}/{'/'.join(path)}/{version}" if path else f"{base}/{version}")

    def instruction(self, node: URIRef, d: Division) -> None:
        a = d.amendment
        assert a is not None
        g = self.g
        if d.path[0].startswith("art_") and len(d.path) == 1:
            return  # the amending article itself: its points are the instructions
        g.add((node, RDF.type, LKG.AmendingInstruction))
        g.add((node, LKG.action, _ACTIONS[a.action]))
        if a.action == "delete":  # a deletion repeals its target: see `repeal`
            self.repeal(node, a.target, a.act)
        else:
            g.add((node, ELI.amends, self.target(a.target, act=a.act)))
        if a.new_kind:
            g.add((node, LKG.newKind, LKG[a.new_kind]))

    def repeal(self, by: URIRef, path: tuple[str, ...], act: str | None) -> None:
        """The deleted subdivision as published (and as a work over its versions) is
        repealed by the instruction, and in force until the day before the deletion applies."""
        target = self.target(path, act=act)
        for node in (target, URIRef(str(target).removesuffix("/oj"))):
            self.g.add((node, ELI.repealed_by, by))
            self.g.add((by, ELI.repeals, node))
            if self.in_force:
                last_day = self.in_force - dt.timedelta(days=1)
                self.g.add((node, ELI.date_no_longer_in_force, _date(last_day)))

    def cross_references(self) -> None:
        """Each reference as a link between subdivisions; the unresolved ones as text."""
        if not self.refs:
            return
        amended = self.meta.amends.removesuffix("/oj") if self.meta.amends else None
        for parallel in self.refs:
            r = next(ref for ref in parallel if ref is not None)
            version = self.in_force.isoformat() if self.in_force else "oj"
            source = self.target(r.source, version) if r.in_amended_text else self.node(r.source)
            if r.unresolved or r.act is None:
                for act, ref in zip(self.acts, parallel, strict=True):
                    if ref is None:
                        continue
                    expr = URIRef(f"{source}/{profile(act.language).eli_lang}")
                    self.g.add(
                        (expr, LKG.unresolvedReference, Literal(ref.text, lang=act.language))
                    )
                continue
            if r.act == amended and r.in_amended_text:
                # Amended text refers to the act as amended: to the part's consolidated
                # version where the version holds it (the whole act when the family's versions
                # are published first; only the changed parts in the seed act's own partial
                # version), else to the act as published.
                target = self.target(r.path, version)
                cons = self.ds.graph(self.target((), version))
                if (target, RDF.type, None) not in cons:
                    target = self.target(r.path)
            else:  # the act's own text refers to acts as they stood
                target = URIRef(f"{r.act}/{'/'.join(r.path)}/oj" if r.path else f"{r.act}/oj")
            same_act = r.act == (amended if r.in_amended_text else self.base)
            self.g.add((source, ELI.refers_to if same_act else ELI.cites, target))

    def node(self, path: tuple[str, ...]) -> URIRef:
        """A subdivision of the act itself."""
        return URIRef(f"{self.base}/{'/'.join(path)}/oj")

    def consolidated(self) -> None:
        """The amended act as it reads from the amendment's entry into force: the
        subdivisions the act puts there whole, and the containers above them."""
        assert self.meta.amends and self.in_force
        version = self.in_force.isoformat()
        amended = URIRef(self.meta.amends)
        cons = self.target((), version)
        g = self.ds.graph(cons)
        complex_work = URIRef(self.meta.amends.removesuffix("/oj"))
        g.add((complex_work, RDF.type, ELI.ComplexWork))
        for member in (amended, cons):
            g.add((complex_work, ELI.has_member, member))
            g.add((member, ELI.is_member_of, complex_work))
        g.add((cons, RDF.type, ELI.LegalResource))
        g.add((cons, RDF.type, LKG.ConsolidatedVersion))
        g.add((cons, ELI.consolidates, amended))
        g.add((cons, ELI.consolidates, self.act))
        g.add((amended, ELI.consolidated_by, cons))
        g.add((self.act, ELI.consolidated_by, cons))
        g.add((cons, ELI.version_date, _date(self.in_force)))
        g.add((cons, ELI.date_applicability, _date(self.in_force)))
        g.add((cons, ELI.type_document, RESOURCE_TYPE[self.lead.doc_type]))
        g.add((cons, ELI.in_force, ELI["InForce-inForce"]))
        for act in self.acts:
            g.add((cons, LKG.versionLanguage, LANGUAGE[profile(act.language).iso3]))
            state_absence(
                g,
                cons,
                act.language,
                f"the text of {self.meta.amends} is not among the texts read, so neither is its "
                f"title; this version gives only the subdivisions Regulation (EU) "
                f"{self.lead.number} puts in it whole",
            )
        for d in self.lead.walk():
            a = d.amendment
            if a is None or a.action in ("amend", "delete", "substitute") or a.act:
                continue  # deletions repeal (see `repeal`); substitutions need the old text
            made_by = self.node(d.path)
            for new in a.new:
                self.new_subdivision(g, new, version, made_by, a.action)

    def container(self, g: Sink, path: tuple[str, ...], version: str) -> URIRef:
        """A subdivision of the consolidated version above those the act puts there: its
        type, place and number; its text is not given here."""
        node = self.target(path, version)
        parent = self.target(path[:-1], version)
        if (node, RDF.type, None) not in g:
            if len(path) > 1:
                self.container(g, path[:-1], version)
            self.order += 1
            g.add((node, RDF.type, ELI.LegalResourceSubdivision))
            number = path[-1].split("_", 1)[1]
            g.add((node, ELI.type_subdivision, type_at(path)))
            g.add((node, ELI.number, Literal(number)))
            g.add((node, ELI.is_part_of, parent))
            g.add((parent, ELI.has_part, node))
            g.add((node, LKG.order, Literal(self.order)))
            timeless = URIRef(str(node).removesuffix(f"/{version}"))
            g.add((node, ELI.is_member_of, timeless))
            g.add((timeless, ELI.has_member, node))
            name = self.lead.number
            for act in self.acts:
                state_absence(
                    g,
                    node,
                    act.language,
                    f"this graph gives only the subdivisions that Regulation (EU) {name} "
                    "puts in this version whole; the text of the rest is not published here",
                )
        return node

    def new_subdivision(
        self, g: Sink, d: Division, version: str, made_by: URIRef, action: str
    ) -> None:
        node = self.target(d.path, version)
        parent = self.target(d.path[:-1], version)
        if len(d.path) > 1:
            self.container(g, d.path[:-1], version)
        versions = self._same(d, new=True)
        self.describe(g, node, d, parent, versions)
        for other, act in zip(versions, self.acts, strict=True):
            if other is None:
                state_absence(g, node, act.language, self.missing(act, d))
        g.add((node, LKG.introducedBy, made_by))
        g.add((node, LKG.action, _ACTIONS[action]))
        g.add((made_by, LKG.produces, node))
        g.add((node, ELI.amended_by, self.act))
        g.add((node, ELI.is_member_of, URIRef(str(self.target(d.path, "oj")).removesuffix("/oj"))))
        for child in d.children:
            self.new_subdivision(g, child, version, made_by, action)


def _own(act: Act) -> dict[tuple[str, ...], Division]:
    """The act's own subdivisions by path (not those its instructions bring)."""
    out: dict[tuple[str, ...], Division] = {}
    stack = list(reversed(act.divisions))
    while stack:
        d = stack.pop()
        out[d.path] = d
        stack.extend(reversed(d.children))
    return out


def _brought(act: Act) -> dict[tuple[str, ...], Division]:
    """The subdivisions the act's instructions bring into the act it amends, by their path
    there."""
    return {
        x.path: x
        for d in _own(act).values()
        if d.amendment and d.amendment.act is None
        for new in d.amendment.new
        for x in new.walk()
    }
