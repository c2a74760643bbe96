"""Stage 5: the aligned language versions of an act → an RDF dataset under ELI.

Two named graphs: the act itself (work, subdivisions, one expression per language, the
amending instructions) and the consolidated version of the act it amends, holding each
changed subdivision as it reads after the amendment.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rdflib import XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF

from lexkg.loader.errors import LoaderError
from lexkg.loader.model import Act, Division, Footnote, Span
from lexkg.loader.profiles import profile
from lexkg.loader.refs import TFEU, acts_cited, legal_basis
from lexkg.loader.xrefs import Reference
from lexkg.vocab import CORPORATE_BODY, ELI, LANGUAGE, LKG, RESOURCE_TYPE

_ACTIONS = {
    "amend": LKG.AmendAsFollows,
    "insert": LKG.Insert,
    "add": LKG.Add,
    "replace": LKG.Replace,
    "delete": LKG.Delete,
}


@dataclass(frozen=True)
class ActMeta:
    """What the build knows of an act beyond its texts (from its metadata file)."""

    eli: str
    date_publication: dt.date
    amends: str | None = None


def publish(
    acts: list[Act],
    meta: ActMeta,
    today: dt.date | None = None,
    refs: list[list[Reference]] | None = None,
) -> Dataset:
    """Build the dataset of an act from its aligned language versions.

    *refs* are the cross-references of each version (aligned, so the same links in each).
    A partial version (`Act.gaps`) is refused: publishing one is not supported yet.
    """
    for act in acts:
        if act.gaps or act.signature is None:
            raise LoaderError(
                f"cannot publish the {act.language} version: it lacks its "
                f"{', '.join(sorted(act.gaps)) or 'signature'}, and publishing a partial "
                "version is not supported yet",
                path=act.path,
            )
    return _Publisher(acts, meta, today or dt.date.today(), refs or []).dataset()


def _date(d: dt.date) -> Literal:
    return Literal(d.isoformat(), datatype=XSD.date)


def _source(g: Graph, node: URIRef, span: Span) -> None:
    g.add((node, LKG.sourceFile, Literal(span.path)))
    g.add((node, LKG.firstLine, Literal(span.first)))
    g.add((node, LKG.lastLine, Literal(span.last)))


class _Publisher:
    def __init__(
        self, acts: list[Act], meta: ActMeta, today: dt.date, refs: list[list[Reference]]
    ) -> None:
        self.acts = acts
        self.refs = refs
        self.meta = meta
        self.today = today
        self.act = URIRef(meta.eli)
        self.base = meta.eli.removesuffix("/oj")
        self.ds = Dataset(default_union=True)
        self.ds.bind("eli", ELI)
        self.ds.bind("lkg", LKG)
        self.g = self.ds.graph(self.act)
        self.order = 0
        first = acts[0]
        days = first.entry_into_force_days
        self.in_force = meta.date_publication + dt.timedelta(days=days) if days else None

    def dataset(self) -> Dataset:
        self.work()
        for act in self.acts:
            self.expression(act)
        for d in self.acts[0].divisions:
            self.subdivision(d, self.act, [act_d for act_d in self._same(d)])
        if self.meta.amends:
            self.consolidated()
        self.cross_references()
        return self.ds

    # -- the act ---------------------------------------------------------------------------

    def work(self) -> None:
        g, act, first = self.g, self.act, self.acts[0]
        g.add((act, RDF.type, ELI.LegalResource))
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
        _source(g, expr, Span(act.path, act.title_span.first, act.signature.span.last))
        for prop, text in (
            (LKG.institution, act.institution),
            (LKG.recitalsIntro, act.recitals_intro),
            (LKG.enactingFormula, act.enacting_formula),
            (LKG.finalFormula, act.final_formula),
            (LKG.signature, act.signature.text),
        ):
            g.add((expr, prop, Literal(text, lang=lang)))
        g.add((expr, LKG.signaturePlace, Literal(act.signature.place, lang=lang)))
        g.add((expr, LKG.signatureDate, _date(act.signature.date)))
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

    def _same(self, d: Division) -> list[Division]:
        """The same subdivision in every language version (alignment made them parallel)."""
        out = []
        for act in self.acts:
            match = next((x for x in act.walk() if x.path == d.path and x.kind == d.kind), None)
            out.append(match)
        return out

    def subdivision(self, d: Division, parent: URIRef, versions: list[Division]) -> URIRef:
        g = self.g
        node = self.node(d.path)
        self.describe(g, node, d, parent, versions, "oj")
        if d.amendment:
            self.instruction(node, d)
        for i, child in enumerate(d.children):
            self.subdivision(child, node, [v.children[i] for v in versions])
        return node

    def describe(
        self,
        g: Graph,
        node: URIRef,
        d: Division,
        parent: URIRef,
        versions: list[Division],
        version: str,
    ) -> None:
        """Type, place, number and per-language text of one subdivision."""
        self.order += 1
        g.add((node, RDF.type, ELI.LegalResourceSubdivision))
        g.add((node, ELI.type_subdivision, LKG[d.kind]))
        g.add((node, ELI.number, Literal(d.number)))
        g.add((node, ELI.is_part_of, parent))
        g.add((parent, ELI.has_part, node))
        g.add((node, LKG.order, Literal(self.order)))
        for act, v in zip(self.acts, versions, strict=True):
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

    # -- amendments ------------------------------------------------------------------------

    def target(self, path: tuple[str, ...], version: str = "oj") -> URIRef:
        base = self.meta.amends.removesuffix("/oj")  # type: ignore[union-attr]
        return URIRef(f"{base}/{'/'.join(path)}/{version}" if path else f"{base}/{version}")

    def instruction(self, node: URIRef, d: Division) -> None:
        a = d.amendment
        assert a is not None
        g = self.g
        if d.path[0].startswith("art_") and len(d.path) == 1:
            return  # the amending article itself: its points are the instructions
        g.add((node, RDF.type, LKG.AmendingInstruction))
        g.add((node, LKG.action, _ACTIONS[a.action]))
        g.add((node, ELI.amends, self.target(a.target)))
        if a.new_kind:
            g.add((node, LKG.newKind, LKG[a.new_kind]))

    def cross_references(self) -> None:
        """Each reference as a link between subdivisions; the unresolved ones as text."""
        if not self.refs:
            return
        amended = self.meta.amends.removesuffix("/oj") if self.meta.amends else None
        for parallel in zip(*self.refs, strict=True):
            r = parallel[0]
            version = self.in_force.isoformat() if self.in_force else "oj"
            source = self.target(r.source, version) if r.in_amended_text else self.node(r.source)
            if r.unresolved or r.act is None:
                for act, ref in zip(self.acts, parallel, strict=True):
                    expr = URIRef(f"{source}/{profile(act.language).eli_lang}")
                    self.g.add(
                        (expr, LKG.unresolvedReference, Literal(ref.text, lang=act.language))
                    )
                continue
            if r.act == amended and r.in_amended_text:
                # Amended text refers to the act as amended, where that part changed.
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
        """The amended act as it reads from the amendment's entry into force."""
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
        g.add((cons, ELI.consolidates, amended))
        g.add((cons, ELI.consolidates, self.act))
        g.add((amended, ELI.consolidated_by, cons))
        g.add((self.act, ELI.consolidated_by, cons))
        g.add((cons, ELI.version_date, _date(self.in_force)))
        g.add((cons, ELI.date_applicability, _date(self.in_force)))
        g.add((cons, ELI.type_document, RESOURCE_TYPE[self.acts[0].doc_type]))
        g.add((cons, ELI.in_force, ELI["InForce-inForce"]))
        instructions = [
            [d for d in act.walk() if d.amendment and d.amendment.action != "amend"]
            for act in self.acts
        ]
        for parallel in zip(*instructions, strict=True):
            d = parallel[0]
            a = d.amendment
            assert a is not None
            made_by = self.node(d.path)
            if a.action == "delete":
                node = self.container(g, a.target, version)
                g.add((node, ELI.in_force, ELI["InForce-notInForce"]))
                g.add((node, ELI.date_no_longer_in_force, _date(self.in_force)))
                g.add((node, LKG.deletedBy, made_by))
                g.add((made_by, LKG.produces, node))
                continue
            for i, new in enumerate(a.new):
                versions = [p.amendment.new[i] for p in parallel]  # type: ignore[union-attr]
                self.new_subdivision(g, new, versions, version, made_by, a.action)

    def container(self, g: Graph, path: tuple[str, ...], version: str) -> URIRef:
        """A subdivision of the consolidated version, with the chain of parts above it."""
        node = self.target(path, version)
        parent = self.target(path[:-1], version)
        if (node, RDF.type, None) not in g:
            g.add((node, RDF.type, ELI.LegalResourceSubdivision))
            kind = {"art": "article", "par": "paragraph", "sbp": "subparagraph", "pnt": "point"}
            segment, number = path[-1].split("_", 1)
            g.add((node, ELI.type_subdivision, LKG[kind[segment]]))
            g.add((node, ELI.number, Literal(number)))
            g.add((node, ELI.is_part_of, parent))
            g.add((parent, ELI.has_part, node))
            if len(path) > 1:
                self.container(g, path[:-1], version)
        return node

    def new_subdivision(
        self,
        g: Graph,
        d: Division,
        versions: list[Division],
        version: str,
        made_by: URIRef,
        action: str,
    ) -> None:
        node = self.target(d.path, version)
        parent = self.target(d.path[:-1], version)
        if len(d.path) > 1:
            self.container(g, d.path[:-1], version)
        self.describe(g, node, d, parent, versions, version)
        g.add((node, LKG.introducedBy, made_by))
        g.add((node, LKG.action, _ACTIONS[action]))
        g.add((made_by, LKG.produces, node))
        g.add((node, ELI.is_member_of, URIRef(str(self.target(d.path, "oj")).removesuffix("/oj"))))
        for i, child in enumerate(d.children):
            self.new_subdivision(
                g, child, [v.children[i] for v in versions], version, made_by, action
            )
