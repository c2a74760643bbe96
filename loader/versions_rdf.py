"""Consolidated versions (`loader.versions`) → an RDF dataset under ELI, one named graph each.

A version of Regulation (EU) 2021/1173 applying from 2024-07-09 is
``http://data.europa.eu/eli/reg/2021/1173/2024-07-09``: an `lkg:ConsolidatedVersion` (an
eli:LegalResource), eli:is_member_of the act's eli:ComplexWork, eli:consolidates every act
applied. Every subdivision of the version is ``…/2021/1173/{path}/2024-07-09``, with one
expression per language (``…/nld``), each embodied by an unofficial HTML manifestation
(``…/nld/html``); a language without a text has an `lkg:Absence` saying why. Where each
wording comes from (the act as published, an amending instruction, a correction) and which
subdivisions were repealed, and when, is said with ELI's terms where it has them.

The helpers for subdivision types and manifestations are shared with `loader.rdf`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence

from rdflib import XSD, Dataset, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from lexkg.loader.model import KIND_OF_SEGMENT
from lexkg.loader.profiles import profile
from lexkg.loader.quads import Quads, Sink
from lexkg.loader.versions import Node, Repeal, Source, Version
from lexkg.vocab import ELI, FILE_TYPE, LANGUAGE, LKG, RESOURCE_TYPE, SUBDIVISION

__all__ = [
    "NOTICE",
    "SUBDIVISION",
    "date_literal",
    "instruction_iri",
    "journal_reference",
    "language_name",
    "manifest",
    "publish_versions",
    "state_absence",
    "subdivision_type",
    "type_at",
]

HTML_MEDIA_TYPE = URIRef("https://www.iana.org/assignments/media-types/text/html")
NOTICE = (
    "An unofficial rendering made by lexkg from the texts of the Official Journal of the "
    "European Union; only the Official Journal is authentic. Consolidated versions are "
    "unofficial consolidations, not those of the Publications Office."
)
_CODES = {
    "citation": "CIT",
    "recital": "RCT",
    "article": "ART",
    "paragraph": "PAR",
    "annex": "ANX",
}
_ROMAN = re.compile(r"(?=[ivxlc]+$)c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})")
_LANGUAGE_NAMES = {"nl": "Dutch", "de": "German", "en": "English", "fr": "French"}
_DOCUMENT_TYPES = {"reg": "REG", "dir": "DIR", "dec": "DEC"}
_WHOLE = {"inserted": LKG.Insert, "added": LKG.Add, "replaced": LKG.Replace}


def date_literal(d: dt.date) -> Literal:
    return Literal(d.isoformat(), datatype=XSD.date)


def subdivision_type(
    kind: str, number: str, parent_kind: str | None = None, parent_number: str | None = None
) -> URIRef:
    """The code of the subdivision authority table for a subdivision of the project's kind.

    A point is PNT when numbered ("1.", "3a"), PTI when a roman numeral under a lettered point,
    else PTA (lettered); a subparagraph directly in an article is UNP, elsewhere SUB.
    """
    if kind == "point":
        if number[:1].isdigit():
            return SUBDIVISION.PNT
        lettered_parent = parent_kind == "point" and not (parent_number or "")[:1].isdigit()
        if lettered_parent and _ROMAN.fullmatch(number):
            return SUBDIVISION.PTI
        return SUBDIVISION.PTA
    if kind == "subparagraph":
        return SUBDIVISION.UNP if parent_kind == "article" else SUBDIVISION.SUB
    return SUBDIVISION[_CODES[kind]]


def type_at(path: tuple[str, ...]) -> URIRef:
    """The subdivision type of the subdivision at an ELI path (its last segment, and the one
    above it)."""
    segment, number = path[-1].split("_", 1)
    above = path[-2].split("_", 1) if len(path) > 1 else (None, None)
    return subdivision_type(
        KIND_OF_SEGMENT[segment], number, KIND_OF_SEGMENT.get(above[0] or ""), above[1]
    )


def instruction_iri(act: str, path: tuple[str, ...]) -> URIRef:
    """An instruction (or a correction) of an act given by its ELI (…/oj): ``…/{path}/oj``."""
    base = act.removesuffix("/oj")
    return URIRef(f"{base}/{'/'.join(path)}/oj" if path else f"{base}/oj")


def journal_reference(number: str, published: dt.date) -> str | None:
    """How the Official Journal cites an act published act by act (from 1 October 2023):
    "OJ L, 2024/1732, 19.6.2024"; None for an earlier act (its issue and page are needed)."""
    if published < dt.date(2023, 10, 1):
        return None
    return f"OJ L, {number}, {published.day}.{published.month}.{published.year}"


def manifest(g: Sink, expr: URIRef, journal: Sequence[str] = ()) -> URIRef:
    """The unofficial HTML manifestation of an expression, as the service serves it."""
    m = URIRef(f"{expr}/html")
    g.add((m, RDF.type, ELI.Format))
    g.add((m, ELI.embodies, expr))
    g.add((expr, ELI.is_embodied_by, m))
    g.add((m, ELI["format"], FILE_TYPE.HTML))
    g.add((m, ELI.media_type, HTML_MEDIA_TYPE))
    g.add((m, ELI.legal_value, ELI["LegalValue-unofficial"]))
    g.add((m, ELI.is_exemplified_by, URIRef(f"{expr}?format=html")))
    for reference in journal:
        g.add((m, ELI.published_in, Literal(reference)))
    g.add((m, RDFS.comment, Literal(NOTICE, lang="en")))
    return m


def state_absence(g: Sink, node: URIRef, lang: str, reason: str) -> URIRef:
    """Say that *node* has no text in *lang* here, and why (never the superseded text)."""
    p = profile(lang)
    absence = URIRef(f"{node}#absent_{p.eli_lang}")
    g.add((node, LKG.absence, absence))
    g.add((absence, RDF.type, LKG.Absence))
    g.add((absence, LKG.absentLanguage, LANGUAGE[p.iso3]))
    g.add((absence, LKG.reason, Literal(reason, lang="en")))
    return absence


def language_name(lang: str) -> str:
    return _LANGUAGE_NAMES.get(lang, lang)


def publish_versions(
    versions: Sequence[Version],
    *,
    journal: Mapping[str, str] | None = None,
    today: dt.date | None = None,
    into: Dataset | Quads | None = None,
) -> Dataset | Quads:
    """One named graph per version, named by its IRI (*into* a dataset given).

    *journal* gives how the Official Journal cites each act consolidated (its ELI →
    "OJ L 256, 19.7.2021, p. 3"): each manifestation names the official publications it
    renders. With *today*, each version says whether it is in force.
    """
    ds = Dataset(default_union=True) if into is None else into
    ds.bind("eli", ELI)
    ds.bind("lkg", LKG)
    ordered = sorted(versions, key=lambda v: v.date)
    paths = [{n.path for n in v.walk()} for v in ordered]
    for i, version in enumerate(ordered):
        neighbours = (
            ordered[i - 1].date if i else None,
            paths[i - 1] if i else set(),
            ordered[i + 1].date if i + 1 < len(ordered) else None,
            paths[i + 1] if i + 1 < len(ordered) else set(),
        )
        _VersionPublisher(ds, version, journal or {}, today, neighbours).publish()
    _repeals(ds, ordered)
    return ds


class _VersionPublisher:
    def __init__(
        self,
        ds: Dataset,
        version: Version,
        journal: Mapping[str, str],
        today: dt.date | None,
        neighbours: tuple[dt.date | None, set, dt.date | None, set],
    ) -> None:
        self.v = version
        self.base = version.act.removesuffix("/oj")
        self.stamp = version.date.isoformat()
        self.iri = URIRef(f"{self.base}/{self.stamp}")
        self.g = ds.graph(self.iri)
        self.today = today
        self.journal = [journal[a] for a, _ in version.consolidates if a in journal]
        self.neighbours = neighbours
        self.order = 0

    def node_iri(self, path: tuple[str, ...], stamp: str | None = None) -> URIRef:
        return URIRef(f"{self.base}/{'/'.join(path)}/{stamp or self.stamp}")

    def publish(self) -> None:
        g, v, iri = self.g, self.v, self.iri
        complex_work = URIRef(self.base)
        g.add((complex_work, RDF.type, ELI.ComplexWork))
        g.add((complex_work, ELI.has_member, iri))
        g.add((iri, ELI.is_member_of, complex_work))
        g.add((iri, RDF.type, ELI.LegalResource))
        g.add((iri, RDF.type, LKG.ConsolidatedVersion))
        kind = self.base.removeprefix("http://data.europa.eu/eli/").split("/")[0]
        g.add((iri, ELI.type_document, RESOURCE_TYPE[_DOCUMENT_TYPES.get(kind, kind.upper())]))
        g.add((iri, ELI.version_date, date_literal(v.date)))
        g.add((iri, ELI.date_applicability, date_literal(v.date)))
        if v.until is not None:
            g.add((iri, ELI.date_no_longer_in_force, date_literal(v.until)))
        if self.today is not None:
            current = v.date <= self.today and (v.until is None or self.today <= v.until)
            status = "InForce-inForce" if current else "InForce-notInForce"
            g.add((iri, ELI.in_force, ELI[status]))
        for act, _ in v.consolidates:
            g.add((iri, ELI.consolidates, URIRef(act)))
            g.add((URIRef(act), ELI.consolidated_by, iri))
            if "/corrigendum/" in act:
                corrected = URIRef(act.split("/corrigendum/")[0] + "/oj")
                g.add((URIRef(act), RDF.type, ELI.LegalResource))
                g.add((URIRef(act), ELI.corrects, corrected))
                g.add((corrected, ELI.corrected_by, URIRef(act)))
        for lang in v.languages:
            g.add((iri, LKG.versionLanguage, LANGUAGE[profile(lang).iso3]))
            self.version_expression(lang)
        for node in v.nodes:
            self.subdivision(node, iri, None)

    def version_expression(self, lang: str) -> None:
        """The version in one language: its title, the act's, where the act has that
        language; else an absence saying why."""
        g, p, title = self.g, profile(lang), self.v.titles.get(lang)
        if title is None:
            reason = f"no {language_name(lang)} title of the act is given"
            state_absence(g, self.iri, lang, self.v.absent.get(lang, reason))
            return
        expr = URIRef(f"{self.iri}/{p.eli_lang}")
        g.add((expr, RDF.type, ELI.LegalExpression))
        g.add((expr, ELI.realizes, self.iri))
        g.add((self.iri, ELI.is_realized_by, expr))
        g.add((expr, ELI.language, LANGUAGE[p.iso3]))
        g.add((expr, ELI.title, Literal(title, lang=p.code)))
        manifest(g, expr, self.journal)

    def subdivision(self, n: Node, parent: URIRef, above: Node | None) -> None:
        g = self.g
        node = self.node_iri(n.path)
        self.order += 1
        g.add((node, RDF.type, ELI.LegalResourceSubdivision))
        kind = subdivision_type(
            n.kind, n.number, above.kind if above else None, above.number if above else None
        )
        g.add((node, ELI.type_subdivision, kind))
        g.add((node, ELI.number, Literal(n.number)))
        g.add((node, ELI.is_part_of, parent))
        g.add((parent, ELI.has_part, node))
        g.add((node, LKG.order, Literal(self.order)))
        timeless = URIRef(f"{self.base}/{'/'.join(n.path)}")
        g.add((node, ELI.is_member_of, timeless))
        g.add((timeless, ELI.has_member, node))
        previous, before, following, after = self.neighbours
        if previous is not None and n.path in before:
            g.add((node, LKG.previousVersion, self.node_iri(n.path, previous.isoformat())))
        if following is not None and n.path in after:
            g.add((node, LKG.nextVersion, self.node_iri(n.path, following.isoformat())))
        exprs = {}
        for lang in self.v.languages:
            text = n.full_text(lang)
            if text is None:
                state_absence(g, node, lang, self.reason(n, lang))
                continue
            exprs[lang] = self.expression(node, n, lang, text)
        self.provenance(node, n, exprs)
        for child in n.children:
            self.subdivision(child, node, n)

    def reason(self, n: Node, lang: str) -> str:
        if lang in n.absent:
            return n.absent[lang]
        missing = next(d for d in n.walk() if lang in d.absent)
        where = "/".join(missing.path)
        return (
            f"its part {where} has no {language_name(lang)} text here, so neither has the whole: "
            f"{missing.absent[lang]}"
        )

    def expression(self, node: URIRef, n: Node, lang: str, text: str) -> URIRef:
        g, p = self.g, profile(lang)
        expr = URIRef(f"{node}/{p.eli_lang}")
        g.add((expr, RDF.type, ELI.LegalExpression))
        g.add((expr, ELI.realizes, node))
        g.add((node, ELI.is_realized_by, expr))
        g.add((expr, ELI.language, LANGUAGE[p.iso3]))
        g.add((expr, LKG.text, Literal(text, lang=p.code)))
        if n.label.get(lang):
            g.add((expr, LKG.label, Literal(n.label[lang], lang=p.code)))
        if n.heading.get(lang):
            g.add((expr, ELI.title, Literal(n.heading[lang], lang=p.code)))
        manifest(g, expr, self.journal)
        return expr

    def provenance(self, node: URIRef, n: Node, exprs: dict[str, URIRef]) -> None:
        """Where the wording comes from: `Node.sources`, the origin first."""
        g = self.g
        for source in n.sources:
            if source.kind == "original":
                published = source.instruction or n.path  # where it stands as published
                g.add((node, LKG.original, instruction_iri(source.act, published)))
            elif source.kind in _WHOLE:
                made_by = instruction_iri(source.act, source.instruction)
                g.add((node, LKG.introducedBy, made_by))
                g.add((made_by, LKG.produces, node))
                g.add((node, LKG.action, _WHOLE[source.kind]))
                g.add((node, ELI.amended_by, URIRef(source.act)))
            elif source.kind == "amended":
                g.add((node, LKG.amendedBy, instruction_iri(source.act, source.instruction)))
                g.add((node, ELI.amended_by, URIRef(source.act)))
            elif source.kind == "corrected":
                self.correction(node, n, source, exprs)
            else:
                raise ValueError(f"unknown kind of source {source.kind!r} of {n.path}")

    def correction(self, node: URIRef, n: Node, source: Source, exprs: dict[str, URIRef]) -> None:
        """A correction changes one language version: its expressions say so."""
        g = self.g
        correction = instruction_iri(source.act, source.instruction)
        g.add((correction, RDF.type, LKG.Correction))
        g.add((correction, ELI.is_part_of, URIRef(source.act)))
        g.add((correction, ELI.type_subdivision, SUBDIVISION.COR))
        for lang in source.languages or frozenset(exprs):
            original = URIRef(f"{instruction_iri(self.v.act, n.path)}/{profile(lang).eli_lang}")
            g.add((correction, ELI.corrects, original))
            if lang in exprs:
                g.add((exprs[lang], LKG.correctedBy, correction))
                g.add((exprs[lang], ELI.corrected_by, URIRef(source.act)))


def _repeals(ds: Dataset, versions: Sequence[Version]) -> None:
    """Each repealed subdivision, where it still stands: ``eli:repealed_by`` the instruction,
    in force until its last day. Said in the graph of the version that first lists it."""
    seen: set[tuple[str, ...]] = set()
    for version in versions:
        base = version.act.removesuffix("/oj")
        g = ds.graph(URIRef(f"{base}/{version.date.isoformat()}"))
        for repeal in version.repealed:
            if repeal.path in seen:
                continue
            seen.add(repeal.path)
            for v in versions:
                if v.date <= repeal.last_day and v.find(repeal.path) is not None:
                    stamp = v.date.isoformat()
                    node = URIRef(f"{base}/{'/'.join(repeal.path)}/{stamp}")
                    _repeal(ds.graph(URIRef(f"{base}/{stamp}")), node, repeal)
            for node in (
                instruction_iri(version.act, repeal.path),
                URIRef(f"{base}/{'/'.join(repeal.path)}"),
            ):
                _repeal(g, node, repeal)


def _repeal(g: Sink, node: URIRef, repeal: Repeal) -> None:
    by = instruction_iri(repeal.by.act, repeal.by.instruction)
    g.add((node, ELI.repealed_by, by))
    g.add((by, ELI.repeals, node))
    g.add((node, ELI.date_no_longer_in_force, date_literal(repeal.last_day)))
