"""What an `/eli/…` page shows, read from its graph: sections of rows aligned across languages.

A row is one subdivision (or one line of the act's preamble) with a cell per language; a page
about a work shows every language it has, a page about an expression only its own.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator

from markupsafe import Markup
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from lexkg.server.core.urls import ELI_BASE
from lexkg.server.services.eli.data import ELI, LKG
from lexkg.server.services.eli.rdfa import Described, curie
from lexkg.server.services.eli.text import (
    LANGUAGE_NAMES,
    Marker,
    by_preference,
    name,
    own_text,
    text_html,
)
from lexkg.server.services.eli.view import (
    Cell,
    Change,
    Fact,
    Footnote,
    Link,
    Mark,
    NoteCell,
    Page,
    Row,
    Section,
)
from lexkg.vocab import KIND_OF_SUBDIVISION

__all__ = ["build_page"]

_LANG_OF_AUTHORITY = {"NLD": "nl", "DEU": "de", "ENG": "en", "FRA": "fr"}
_NOT_IN_FORCE = ELI["InForce-notInForce"]
_IN_FORCE = {"InForce-inForce": "yes", "InForce-notInForce": "no"}
# Lines of the act's expressions that are not subdivisions, by where they stand.
_OPENING = ((LKG.institution, "institution"),)
_BEFORE_RECITALS = ((LKG.recitalsIntro, "recitals-intro"),)
_CLOSING_PREAMBLE = ((LKG.enactingFormula, "enacting-formula"),)
_CLOSING = ((LKG.finalFormula, "final-formula"), (LKG.signature, "signature"))
_FACTS = (
    (ELI.number, "Number"),
    (ELI.type_document, "Type"),
    (ELI.type_subdivision, "Kind of subdivision"),
    (ELI.date_document, "Date of document"),
    (ELI.date_publication, "Published"),
    (ELI.first_date_entry_in_force, "In force from"),
    (ELI.version_date, "Version of"),
    (ELI.date_applicability, "Applies from"),
    (ELI.in_force, "In force"),
    (ELI.date_no_longer_in_force, "Not in force from"),
    (ELI.id_local, "CELEX number"),
    (ELI.language, "Language"),
    (ELI.realizes, "Language version of"),
    (ELI.is_part_of, "Part of"),
    (ELI.consolidates, "Consolidates"),
    (ELI.consolidated_by, "Consolidated in"),
    (ELI.amends, "Amends"),
    (ELI.amended_by, "Amended by"),
    (ELI.corrected_by, "Corrected by"),
    (ELI.repealed_by, "Repealed by"),
    (ELI.is_member_of, "Version of"),
)


def build_page(graph: Graph, iri: str, link: Callable[[str], str]) -> Page:
    """The page of `iri` from its page graph; `link` gives the address to link an IRI at."""
    return _Builder(graph, link).page(URIRef(iri))


class _Builder:
    def __init__(self, graph: Graph, link: Callable[[str], str]) -> None:
        self.g = graph
        self.link = link
        self.markers: dict[tuple[URIRef, str], str] = {}  # (footnote, lang) -> marker id
        self.shown_exprs: list[tuple[str, URIRef]] = []
        self.described: list[Described] = []
        self.single = False
        self._first: dict[URIRef, float] = {}
        self._children: dict[URIRef, list[URIRef]] = {}

    # -- the page --------------------------------------------------------------------------

    def page(self, r: URIRef) -> Page:
        types = set(self.g.objects(r, RDF.type))
        if ELI.LegalExpression in types:
            work = self.g.value(r, ELI.realizes)
            self.single = True
            languages = [self.lang(r)]
            kind = "expression"
        elif types & {ELI.LegalResource, ELI.LegalResourceSubdivision}:
            work = r
            languages = self.languages(r)
            kind = "act" if ELI.LegalResource in types else "subdivision"
        else:
            return self.generic(r)
        if work is None:
            return self.generic(r)
        page = Page(str(r), name(str(r)), kind, languages)
        is_act = ELI.LegalResource in set(self.g.objects(work, RDF.type))
        page.root = self.describe(work) if is_act and not self.single else None
        page.facts = self.facts(r)
        page.trail = [self.plain_link(a) for a in reversed(list(self.ancestors(work)))]
        if self.single:
            page.trail.append(self.plain_link(work))
        page.versions = self.versions(work, r)
        exprs = self.expressions(work)
        page.headings = [
            (str(t), lang)
            for lang in languages
            if (e := exprs.get(lang)) is not None
            for t in [self.g.value(e, ELI.title_short) or self.g.value(e, ELI.title)]
            if t is not None and is_act
        ]
        if is_act:
            page.sections = self.act_sections(work, languages) if exprs else self.version(work)
            if not exprs:
                page.kind = "consolidated version"
        else:
            page.sections = [Section("text", "Text", list(self.rows(work, 0, languages)))]
        page.footnotes = self.footnotes(languages)
        page.described = self.described
        return page

    def generic(self, r: URIRef) -> Page:
        """A resource that is neither a work nor an expression: its statements in a table."""
        page = Page(str(r), name(str(r)), "resource", [])
        page.root = self.describe(r, text=True)
        by_predicate: dict[str, list[Link | str]] = {}
        for p, o in sorted(self.g.predicate_objects(r)):
            value = self.plain_link(o) if isinstance(o, URIRef) else str(o)
            by_predicate.setdefault(curie(p), []).append(value)
        page.properties = sorted(by_predicate.items())
        page.described = self.described
        return page

    def facts(self, r: URIRef) -> list[Fact]:
        out = []
        for predicate, term in _FACTS:
            for o in sorted(self.g.objects(r, predicate)):
                if isinstance(o, URIRef) and _is_eli(o):
                    out.append(Fact(term, name(str(o)), self.link(str(o))))
                elif predicate == ELI.language:
                    lang = self.lang(r)
                    out.append(Fact(term, f"{LANGUAGE_NAMES.get(lang, lang)} ({_local(o)})"))
                elif isinstance(o, URIRef):
                    out.append(Fact(term, _IN_FORCE.get(_local(o), _local(o))))
                else:
                    out.append(Fact(term, str(o)))
        return out

    def versions(self, work: URIRef, current: URIRef) -> list[Link]:
        """The work in all its languages, and each language version of it."""
        exprs = self.expressions(work)
        if not exprs:
            return []
        out = [Link(self.link(str(work)), "all languages, aligned")] if work != current else []
        for lang, e in exprs.items():
            if e != current:
                out.append(Link(self.link(str(e)), LANGUAGE_NAMES.get(lang, lang), lang=lang))
        return out

    # -- the act, its preamble and the consolidated version ----------------------------------

    def act_sections(self, act: URIRef, languages: list[str]) -> list[Section]:
        exprs = self.expressions(act)
        described = {lang: self.describe(exprs[lang]) for lang in languages if lang in exprs}
        self.shown_exprs += [(lang, exprs[lang]) for lang in described]
        title = Row("act-title", 0, "title", [])
        for lang in languages:
            d = described.get(lang)
            value = self.g.value(exprs[lang], ELI.title) if d else None
            cell = Cell(lang, expr=d, title=str(value) if value else None)
            cell.title_prop = d.show(ELI.title, value) if d else None
            title.cells.append(cell)
        parts = self.children(act)
        kinds = {p: self.kind(p) for p in parts}
        citations = [p for p in parts if kinds[p] == "citation"]
        recitals = [p for p in parts if kinds[p] == "recital"]
        terms = [p for p in parts if kinds[p] not in ("citation", "recital")]
        preamble = [
            *self.lines(_OPENING, exprs, described, languages),
            *(row for p in citations for row in self.rows(p, 0, languages)),
            *self.lines(_BEFORE_RECITALS, exprs, described, languages),
            *(row for p in recitals for row in self.rows(p, 0, languages)),
            *self.lines(_CLOSING_PREAMBLE, exprs, described, languages),
        ]
        sections = [
            Section("title", "Title", [title]),
            Section("preamble", "Preamble", preamble),
            Section("enacting-terms", "Enacting terms", [
                row for p in terms for row in self.rows(p, 0, languages)
            ]),
            Section("closing", "Final formula and signature",
                    list(self.lines(_CLOSING, exprs, described, languages))),
        ]  # fmt: skip
        return [s for s in sections if s.rows]

    def lines(
        self,
        which: tuple[tuple[URIRef, str], ...],
        exprs: dict[str, URIRef],
        described: dict[str, Described],
        languages: list[str],
    ) -> Iterator[Row]:
        """Rows of the act's own lines (formulas, signature), each a literal of its expressions."""
        for predicate, row_id in which:
            cells = []
            for lang in languages:
                d = described.get(lang)
                value = self.g.value(exprs[lang], predicate) if d else None
                cell = Cell(lang, about=d.iri if d else None)
                if d and value is not None:
                    cell.text = Markup("<p>{}</p>").format(str(value))
                    cell.text_prop = d.show(predicate, value)
                cells.append(cell)
            if any(c.text for c in cells):
                yield Row(row_id, 0, "line", cells)

    def version(self, version: URIRef) -> list[Section]:
        """A consolidated version: a section for each article it gives."""
        sections, languages = [], self.languages(version)
        for part in self.children(version):
            rows = list(self.rows(part, 0, languages))
            if rows and rows[0].heading:  # the section's heading names it and links to it
                rows[0].heading = rows[0].name = ""
            words = name(str(part), act=False, version=False)
            sections.append(Section(f"sec-{_row_id(part)}", words, rows, self.link(str(part))))
        return sections

    # -- subdivisions ----------------------------------------------------------------------

    def rows(self, d: URIRef, depth: int, languages: list[str]) -> Iterator[Row]:
        """The row of `d`, then those of its parts, in document order."""
        kids = self.children(d)
        exprs = self.expressions(d)
        kind = self.kind(d)
        row = Row(_row_id(d), depth, kind, [], article=kind == "article")
        row.name = name(str(d), act=False, version=False)
        row.page = self.link(str(d if not self.single else exprs.get(languages[0], d)))
        row.work = None if self.single else self.describe(d)
        for lang in languages:
            row.cells.append(self.cell(d, exprs.get(lang), lang, kids))
        if not exprs:
            if self.g.value(d, ELI.in_force) == _NOT_IN_FORCE:
                row.kind = "deleted"
                for cell in row.cells:
                    cell.note = self.action_label(LKG.Delete, cell.lang)
            else:
                row.heading = row.name
        row.changes = self.changes(d, row.work)
        row.mark = self.mark(d, row.work)
        yield row
        for kid in kids:
            yield from self.rows(kid, depth + 1, languages)

    def cell(self, d: URIRef, e: URIRef | None, lang: str, kids: list[URIRef]) -> Cell:
        cell = Cell(lang)
        if e is None:
            cell.absent = self.absence(d, lang)
            return cell
        leaf = not kids
        x = cell.expr = self.describe(e, text=leaf)
        self.shown_exprs.append((lang, e))
        label, title, text = (self.g.value(e, p) for p in (LKG.label, ELI.title, LKG.text))
        if label is not None:
            cell.label, cell.label_prop = str(label), x.show(LKG.label, label)
        if title is not None:
            cell.title, cell.title_prop = str(title), x.show(ELI.title, title)
        if text is not None:
            parts = []
            for kid in kids:
                k = self.expressions(kid).get(lang)
                if k is not None and (t := self.g.value(k, LKG.text)) is not None:
                    parts.append((_str(self.g.value(k, LKG.label)), str(t)))
            own = own_text(str(text), parts)
            markers = self.place_markers(e, lang, len(own))
            cell.text = text_html(own, markers) if own else None
            if leaf:
                cell.text_prop = x.show(LKG.text, text)
                cell.text_content = str(text) if markers else None
        return cell

    def absence(self, d: URIRef, lang: str) -> str | None:
        """Why the subdivision has no text in *lang* here, as the graph says (lkg:absence;
        "" if it gives no reason), or None if it does not say it has none."""
        for absence in self.g.objects(d, LKG.absence):
            language = str(self.g.value(absence, LKG.absentLanguage) or "").rsplit("/", 1)[-1]
            if _LANG_OF_AUTHORITY.get(language) == lang:
                return str(self.g.value(absence, LKG.reason) or "")
        return None

    def changes(self, d: URIRef, work: Described | None) -> list[Change]:
        """What an amending instruction amends and, unless it has parts, what it produces."""
        if LKG.AmendingInstruction not in set(self.g.objects(d, RDF.type)):
            return []
        out = []
        targets = sorted(self.g.objects(d, ELI.amends))
        if targets:
            out.append(Change("amends", [self.prop_link(work, ELI.amends, t) for t in targets]))
        produced = sorted(self.g.objects(d, LKG.produces))
        top = [p for p in produced if not any(_within(p, q) for q in produced if q != p)]
        action = self.g.value(d, LKG.action)
        if top and action is not None:
            words = self.action_label(action, "en") or _local(action)
            out.append(Change(words, [self.prop_link(work, LKG.produces, p) for p in top]))
        return out

    def mark(self, d: URIRef, work: Described | None) -> Mark | None:
        """The mark of a provision of a consolidated version that an instruction made."""
        repealed_by = self.g.value(d, ELI.repealed_by)
        if repealed_by is not None:
            last_day = self.g.value(d, ELI.date_no_longer_in_force)
            by = self.prop_link(work, ELI.repealed_by, repealed_by)
            words = self.action_label(LKG.Delete, "en") or "deleted"
            return Mark("delete", words, by, str(last_day) if last_day else None)
        by_iri = self.g.value(d, LKG.introducedBy)
        parent = self.g.value(d, ELI.is_part_of)
        if by_iri is None:
            # Words changed inside it (amended), or corrected by a corrigendum.
            amended = self.g.value(d, LKG.amendedBy)
            if amended is not None:
                return Mark("amend", "amended", self.prop_link(work, LKG.amendedBy, amended))
            for e in self.g.objects(d, ELI.is_realized_by):
                corrected = self.g.value(e, LKG.correctedBy)
                if corrected is not None:
                    link = self.prop_link(None, LKG.correctedBy, corrected)
                    return Mark("correct", f"corrected ({self.lang(e)})", link)
            return None
        if parent is not None and (parent, LKG.introducedBy, by_iri) in self.g:
            return None
        action = self.g.value(d, LKG.action)
        words = self.action_label(action, "en") if action else None
        by = self.prop_link(work, LKG.introducedBy, by_iri)
        return Mark(_local(action).lower() if action else "change", words or "changed", by)

    # -- footnotes -------------------------------------------------------------------------

    def place_markers(self, e: URIRef, lang: str, length: int) -> list[Marker]:
        markers = []
        for fn in self.g.objects(e, LKG.footnote):
            offset, number = self.g.value(fn, LKG.markerOffset), self.g.value(fn, LKG.number)
            if offset is None or number is None or int(offset) > length:
                continue
            ref_id, note_id = self.note_ids(str(number), lang)
            if (fn, lang) in self.markers:
                continue
            self.markers[(fn, lang)] = ref_id
            markers.append(Marker(int(offset), str(number), ref_id, note_id))
        return markers

    def note_ids(self, number: str, lang: str) -> tuple[str, str]:
        """Ids of a footnote's marker and of the note; `fn_N` alone on a one-language page."""
        suffix = "" if self.single else f"-{lang}"
        return f"fnref_{number}{suffix}", f"fn_{number}{suffix}"

    def footnotes(self, languages: list[str]) -> list[Footnote]:
        notes = []
        by_lang: dict[tuple[int, str], URIRef] = {}
        for lang, e in self.shown_exprs:
            for fn in self.g.objects(e, LKG.footnote):
                number = self.g.value(fn, LKG.number)
                if number is not None:
                    by_lang.setdefault((int(number), lang), fn)
        for number in sorted({n for n, _ in by_lang}):
            note = Footnote(str(number), [])
            for lang in languages:
                fn = by_lang.get((number, lang))
                if fn is None:
                    continue
                d = self.describe(fn, text=True)
                _, note_id = self.note_ids(str(number), lang)
                text = self.g.value(fn, LKG.text)
                ref = self.markers.get((fn, lang))
                note.cells.append(
                    NoteCell(lang, d, note_id, ref, _str(text) or "", d.show(LKG.text, text))
                )
            notes.append(note)
        return notes

    # -- the graph -------------------------------------------------------------------------

    def kind(self, d: URIRef) -> str:
        """The kind of a subdivision (article, paragraph, …) from its code in the subdivision
        table (or the project's own concept)."""
        kind = _local(self.g.value(d, ELI.type_subdivision) or d)
        return KIND_OF_SUBDIVISION.get(kind, kind)

    def describe(self, iri: URIRef, *, text: bool = False) -> Described:
        d = Described.of(self.g, iri, text=text)
        self.described.append(d)
        return d

    def lang(self, e: URIRef) -> str:
        """The language tag of an expression: of its texts, else of its eli:language."""
        for o in self.g.objects(e, None):
            if isinstance(o, Literal) and o.language:
                return o.language
        authority = str(self.g.value(e, ELI.language) or "").rsplit("/", 1)[-1]
        return _LANG_OF_AUTHORITY.get(authority, authority.lower() or "und")

    def expressions(self, work: URIRef) -> dict[str, URIRef]:
        exprs = {self.lang(e): e for e in self.g.objects(work, ELI.is_realized_by)}
        return {lang: exprs[lang] for lang in by_preference(exprs)}

    def languages(self, work: URIRef) -> list[str]:
        """The languages of the expressions of the work and of its parts."""
        found: set[str] = set()
        stack = [work]
        while stack:
            d = stack.pop()
            found |= set(self.expressions(d))
            # A language said to have no text here gets its column, to say so.
            for absence in self.g.objects(d, LKG.absence):
                code = str(self.g.value(absence, LKG.absentLanguage) or "").rsplit("/", 1)[-1]
                if code in _LANG_OF_AUTHORITY:
                    found.add(_LANG_OF_AUTHORITY[code])
            stack += self.children(d)
        return by_preference(found)

    def children(self, d: URIRef) -> list[URIRef]:
        if d not in self._children:
            self._children[d] = self._sorted_parts(d)
        return self._children[d]

    def _sorted_parts(self, d: URIRef) -> list[URIRef]:
        kids = set(self.g.objects(d, ELI.has_part)) | set(self.g.subjects(ELI.is_part_of, d))
        kids = {k for k in kids if isinstance(k, URIRef)}
        ordered = all((k, LKG.order, None) in self.g for k in kids)
        if not ordered and len({self.g.value(k, ELI.type_subdivision) for k in kids}) == 1:
            # Parts of one kind without lkg:order (a deleted paragraph, the containers of a
            # consolidated version) are in the order of their numbers.
            return sorted(kids, key=lambda k: (self._number(k), self._first_order(k)))
        return sorted(kids, key=lambda k: (self._first_order(k), self._number(k)))

    def ancestors(self, d: URIRef) -> Iterator[URIRef]:
        seen = {d}
        while (d := self.g.value(d, ELI.is_part_of)) is not None and d not in seen:
            seen.add(d)
            yield d

    def _number(self, d: URIRef) -> list[tuple[int, str]]:
        return _natural(str(self.g.value(d, ELI.number) or ""))

    def _first_order(self, d: URIRef) -> float:
        """`lkg:order` of the subdivision, or of its first part (containers have none)."""
        if d not in self._first:
            self._first[d] = math.inf
            order = self.g.value(d, LKG.order)
            if order is not None:
                self._first[d] = float(order)
            else:
                kids = self.children(d)
                self._first[d] = min((self._first_order(k) for k in kids), default=math.inf)
        return self._first[d]

    def action_label(self, action: URIRef, lang: str) -> str | None:
        for label in self.g.objects(action, RDFS.label):
            if isinstance(label, Literal) and label.language == lang:
                return str(label)
        return None

    def plain_link(self, iri: URIRef) -> Link:
        return Link(self.link(str(iri)), name(str(iri)) if _is_eli(iri) else _local(iri))

    def prop_link(self, subject: Described | None, predicate: URIRef, iri: URIRef) -> Link:
        """A link to `iri` that states `subject predicate iri` in RDFa when `subject` is given."""
        prop = subject.show(predicate, iri) if subject is not None else None
        return Link(self.link(str(iri)), name(str(iri)), prop, str(iri) if prop else None)


def _row_id(d: URIRef) -> str:
    """`art_9-par_6a` for `…/reg/2021/1173/art_9/par_6a/2024-07-09`."""
    parts = str(d)[len(ELI_BASE) :].split("/")[3:]
    return "-".join(p for p in parts if re.fullmatch(r"[a-z]+_\w+", p)) or "resource"


def _within(inner: URIRef, outer: URIRef) -> bool:
    """Whether `inner` is a part of `outer`, by their paths (same version)."""
    i, o = str(inner).rsplit("/", 1), str(outer).rsplit("/", 1)
    return i[1] == o[1] and i[0].startswith(o[0] + "/")


def _natural(text: str) -> list[tuple[int, str]]:
    return [(int(n), "") if n else (0, s) for n, s in re.findall(r"(\d+)|(\D+)", text)]


def _is_eli(iri: URIRef) -> bool:
    """Whether the IRI is an ELI of a legal resource (not a term of the ELI ontology)."""
    return str(iri).startswith(ELI_BASE) and not str(iri).startswith(str(ELI))


def _local(iri) -> str:
    return re.split(r"[#/]", str(iri))[-1]


def _str(value) -> str | None:
    return None if value is None else str(value)
