"""The ontology's documentation: its graph, terms, serialisations, pyLODE page and diagram.

The ontology is read from the store, never from `ontology/`: a CONSTRUCT over the named graph
`<https://w3id.org/lexkg/ontology>` of the built graph. The graph, each serialisation of it and
the HTML page are made once per `OntologyDocs`, on first use, under a lock (`Once`); a
failure is logged once, kept, and raised as `OntologyUnavailable` from then on (the graph is
fixed for the app's lifetime).

HTML is pyLODE's OntPub profile, run on a display copy of the graph and post-processed so that
each term `lkg:X` of the ontology has an element with `id="X"` on the page (see
`_anchor_terms`), which `/ontology/X` redirects to.
"""

from __future__ import annotations

import html
import importlib.metadata
import logging
import re
import shutil
import subprocess
import sys
import threading
import types
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import DC, DCTERMS, OWL, PROF, RDFS, SDO, SKOS

from lexkg.server.core.errors import StoreError, UnavailableError
from lexkg.server.core.formats import RDF_FORMATS, serialise
from lexkg.server.services.diagram import DiagramUnavailable, dot_source, render_svg
from lexkg.server.store.base import Store, named_graph
from lexkg.vocab import ELI, LKG, ONTOLOGY

__all__ = ["OntologyDocs", "OntologyUnavailable"]

_LOG = logging.getLogger("lexkg.ontology")
# The properties pyLODE turns into a resource's title (dcterms:title), in order of preference.
_LABELS = (DCTERMS.title, DC.title, RDFS.label, SKOS.prefLabel, SDO.name)
# A term's local name, as an HTML id and URL path segment (NCName-like: no escaping needed).
_LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
# An id or href attribute as dominate (pyLODE's HTML builder) writes it: always double quotes.
_ATTRIBUTE = re.compile(r'(\s(id|href)=")([^"]*)(")')
# pyLODE writes the literal of an owl:hasValue restriction (`true`) as a link to a class
# named by it, `<a href="true">true</a>` and a "c" mark: a relative link to /true.
_LITERAL_LINK = re.compile(
    r'<a href="(?P<value>[^"#/:]+)">(?P=value)</a>\s*<sup class="sup-c" title="[^"]*">c</sup>'
)
_NAMESPACES_TOC = re.compile(r'<li>\s*<h4>\s*<a href="#namespaces">')
_NAMESPACES_SECTION = '<div id="namespaces">'

T = TypeVar("T")


class OntologyUnavailable(UnavailableError):
    """The ontology (or its HTML) cannot be served; the message says why."""


class Once(Generic[T]):
    """A value made at most once, by the first thread that asks; a failure is kept too."""

    def __init__(self, what: str, make: Callable[[], T]) -> None:
        self._what = what
        self._make = make
        self._lock = threading.Lock()
        self._done = False
        self._value: T | None = None
        self._error: str | None = None

    def get(self) -> T:
        if not self._done:
            with self._lock:
                if not self._done:
                    try:
                        self._value = self._make()
                    except OntologyUnavailable as error:
                        self._error = str(error)
                        _LOG.error("%s cannot be served: %s", self._what, error, exc_info=error)
                    self._done = True
        if self._error is not None:
            raise OntologyUnavailable(self._error)
        return self._value  # type: ignore[return-value]


class OntologyDocs:
    """The ontology of one store: the graph, its terms, its serialisations and its HTML page."""

    def __init__(self, store: Store) -> None:
        self.graph = Once("the ontology", lambda: _read_graph(store))
        self.terms = Once("the ontology's terms", lambda: _terms(self.graph.get()))
        self.html = Once("the ontology's HTML documentation", lambda: _html(self.graph.get()))
        self.diagram = Once("the model diagram", lambda: _diagram(self.graph.get()))
        self.bodies = {
            media_type: Once(
                f"the ontology as {media_type}",
                lambda media_type=media_type: serialise(_copy(self.graph.get()), media_type),
            )
            for media_type in RDF_FORMATS
        }


# -- The graph ------------------------------------------------------------------------------


def _bind(graph: Graph) -> Graph:
    graph.bind("lkg", LKG)
    graph.bind("eli", ELI)
    return graph


def _copy(graph: Graph) -> Graph:
    """A copy to hand to code that changes a graph: the app's graph is only ever read, so
    threads can share it (rdflib's serialisers bind prefixes, pyLODE adds triples)."""
    copy = _bind(Graph())
    copy += graph
    return copy


def _read_graph(store: Store) -> Graph:
    """The ontology's named graph, from the store (the ELI ontology is only imported by IRI)."""
    try:
        graph = _bind(named_graph(store, ONTOLOGY))
    except StoreError as error:
        raise OntologyUnavailable(f"cannot read the ontology from the store: {error}") from error
    if not graph:
        raise OntologyUnavailable(
            f"the graph holds no ontology: its named graph <{ONTOLOGY}> is empty "
            "(was it built with `lexkg build`?)"
        )
    return graph


def _terms(graph: Graph) -> frozenset[str]:
    """The local names of the ontology's terms: the subjects `lkg:X` the graph describes."""
    prefix = str(LKG)
    return frozenset(
        name
        for s in graph.subjects(unique=True)
        if isinstance(s, URIRef) and s.startswith(prefix)
        if _LOCAL_NAME.fullmatch(name := s[len(prefix) :])
    )


# -- The HTML page ----------------------------------------------------------------------------


def _html(graph: Graph) -> str:
    try:
        ontpub = _ontpub_class()
        doc = ontpub(ontology=_display_copy(graph), sort_subjects=True)
        page = doc.make_html()
    except (Exception, SystemExit) as error:  # pyLODE exits on some errors
        raise OntologyUnavailable(
            f"pyLODE cannot document the ontology: {type(error).__name__}: {error}"
        ) from error
    page = _anchor_terms(page, doc.fids, graph)
    page = _LITERAL_LINK.sub(r"<code>\g<value></code>", page)
    page = page.replace("<html>", '<html lang="en">', 1)  # pyLODE's page is in English
    if shutil.which("dot"):
        page = _insert_before(page, _NAMESPACES_SECTION, _FIGURE)
    return page


def _diagram(graph: Graph) -> bytes:
    try:
        return render_svg(dot_source(graph))
    except (DiagramUnavailable, OSError, subprocess.SubprocessError) as error:
        raise OntologyUnavailable(f"the model diagram cannot be drawn: {error}") from error


_FIGURE = """<section id="model"><h2>Model</h2>
<figure><img src="ontology/model.svg" style="max-width:100%"
 alt="The classes of the ontology, their subclasses and the properties between them">
<figcaption>The classes and properties, drawn from the ontology itself
(<a href="ontology/model.svg">SVG</a>).</figcaption></figure></section>
"""


def _ontpub_class() -> type:
    """pyLODE's OntPub class, imported on first use, with two workarounds for pyLODE 3.4.1.

    - Its wheel lacks the `pyproject.toml` that `pylode/version.py` reads at import
      (RDFLib/pyLODE#256 and #260; fixed upstream after 3.4.1): if the import fails on that
      file, a stand-in `pylode.version` with the installed version is registered and the
      import tried again.
    - `pylode.profiles.supermodel.loader` calls `logging.basicConfig(level=DEBUG)` at import:
      the root logger's handlers and level are put back as they were.
    """
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        try:
            from pylode import OntPub
        except FileNotFoundError as error:
            if not str(error.filename or "").endswith("pyproject.toml"):
                raise
            version = types.ModuleType("pylode.version")
            version.__version__ = importlib.metadata.version("pylode")  # type: ignore[attr-defined]
            sys.modules["pylode.version"] = version
            from pylode import OntPub
    finally:
        for handler in list(root.handlers):
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)
    return OntPub


def _display_copy(graph: Graph) -> Graph:
    """A copy of the graph for pyLODE (which adds its own inferences to the graph it is given).

    Two changes, for pyLODE's sake only. OntPub takes every owl:Ontology, skos:ConceptScheme
    and prof:Profile for the document's ontology (the last one found gives the page its title
    and IRI: `lkg:SubdivisionTypes`, or `<https://w3id.org/lexkg/shapes>` of shapes.ttl), so
    those types are kept for <https://w3id.org/lexkg/ontology> only. And OntPub runs a
    resource's titles together ("wijzigingsopdrachtÄnderungsbefehlamending instruction"), so a
    resource with several labels gets one title, its labels joined by " / ", English first.
    """
    copy = _copy(graph)
    for kind in (OWL.Ontology, SKOS.ConceptScheme, PROF.Profile):
        for subject in list(copy.subjects(RDF.type, kind)):
            if subject != URIRef(ONTOLOGY):
                copy.remove((subject, RDF.type, kind))
    for subject in set(copy.subjects()):
        title = _joined_title(copy, subject)
        if title is not None:
            for label in _LABELS:
                copy.remove((subject, label, None))
            copy.add((subject, DCTERMS.title, Literal(title)))
    return copy


def _joined_title(graph: Graph, subject) -> str | None:
    """The labels of the first label property `subject` has, joined; None for fewer than two."""
    labels = [(p, o) for p in _LABELS for o in graph.objects(subject, p)]
    if len(labels) < 2:
        return None
    first = labels[0][0]
    values = [o for p, o in labels if p == first and isinstance(o, Literal)]
    values.sort(key=lambda o: (o.language != "en", o.language is not None, o.language or "", o))
    return " / ".join(dict.fromkeys(str(o) for o in values)) or None


def _anchor_terms(page: str, fids: dict[str, str], graph: Graph) -> str:
    """Give each term `lkg:X` an element with `id="X"` and make links to terms point to it.

    pyLODE names a term's element after its title, with spaces and non-ASCII letters removed
    (`lkg:AmendingInstruction` -> `id="amendinginstruction/nderungsbefehl/wijzigingsopdracht"`,
    or whichever label came first), links to other terms by their full IRI, and shows a term
    twice when it is in two sections (an owl:ObjectProperty that is also an
    owl:FunctionalProperty). In one pass over the id and href attributes:

    - `id="<pyLODE's id for lkg:X>"` becomes `id="X"` on the first element, and is dropped on
      a repeat;
    - `href="#<pyLODE's id for lkg:X>"` and `href="https://w3id.org/lexkg/ontology#X"` become
      `href="#X"`.

    Terms OntPub does not document (named individuals, SKOS concepts and schemes, instances of
    the ontology's own classes) get an element of their own in a section "Other terms", before
    the namespaces, with an entry in the table of contents.
    """
    terms = _terms(graph)
    prefix = str(LKG)
    by_pylode_id = {
        fid: iri[len(prefix) :]
        for iri, fid in fids.items()
        if fid and iri.startswith(prefix) and iri[len(prefix) :] in terms
    }
    placed: set[str] = set()
    other_ids: set[str] = set()

    def rewrite(match: re.Match[str]) -> str:
        start, attribute, value, end = match.groups()
        target = html.unescape(value)
        if attribute == "id":
            name = by_pylode_id.get(target)
            if name is None:
                other_ids.add(target)
                return match.group(0)
            if name in placed:
                return ""
            placed.add(name)
            return f"{start}{name}{end}"
        if target.startswith("#"):
            name = by_pylode_id.get(target[1:])
        elif target.startswith(prefix) and target[len(prefix) :] in terms:
            name = target[len(prefix) :]
        else:
            return match.group(0)
        return match.group(0) if name is None else f"{start}#{name}{end}"

    page = _ATTRIBUTE.sub(rewrite, page)
    clashes = terms & other_ids
    if clashes:  # e.g. a term lkg:toc and pyLODE's table of contents
        _LOG.warning(
            "ontology page: ids of terms also used by pyLODE's page: %s", ", ".join(sorted(clashes))
        )
    others = sorted(terms - placed)
    if not others:
        return page
    section, toc = _other_terms_html(graph, others, terms)
    page = _insert_before(page, _NAMESPACES_SECTION, section)
    match = _NAMESPACES_TOC.search(page)
    if match:
        page = page[: match.start()] + toc + page[match.start() :]
    return page


def _insert_before(page: str, marker: str, text: str) -> str:
    at = page.find(marker)
    if at < 0:
        at = page.rfind("</body>")
    return page[:at] + text + page[at:]


def _other_terms_html(graph: Graph, names: Iterable[str], terms: frozenset[str]) -> tuple[str, str]:
    """The section documenting `names` (pyLODE's markup and classes) and its ToC entry."""
    entries, toc = [], []
    for name in names:
        iri = LKG[name]
        title = html.escape(_title(graph, iri) or name)
        rows = [f"<tr><th>IRI</th><td><code>{html.escape(iri)}</code></td></tr>"]
        predicates = sorted(
            {p for p in graph.predicates(iri) if p not in _LABELS},
            key=lambda p: (p != RDF.type, _short(graph, p)),
        )
        for p in predicates:
            values = sorted(
                (_value_html(graph, o, terms) for o in graph.objects(iri, p)), key=str.casefold
            )
            if len(values) == 1:
                cell = values[0]
            else:
                cell = "<ul>" + "".join(f"<li>{v}</li>" for v in values) + "</ul>"
            rows.append(f"<tr><th>{_link(graph, p, terms)}</th><td>{cell}</td></tr>")
        entries.append(
            f'<div class="property entity" id="{name}"><h3>{title}</h3>'
            f"<table>{''.join(rows)}</table></div>"
        )
        toc.append(f'<li><a href="#{name}">{title}</a></li>')
    section = f'<div class="section" id="otherterms"><h2>Other terms</h2>{"".join(entries)}</div>\n'
    toc_entry = (
        '<li><h4><a href="#otherterms">Other terms</a></h4>'
        f'<ul class="second">{"".join(toc)}</ul></li>\n'
    )
    return section, toc_entry


def _title(graph: Graph, iri: URIRef) -> str | None:
    joined = _joined_title(graph, iri)
    if joined is not None:
        return joined
    return next((str(o) for p in _LABELS for o in graph.objects(iri, p)), None)


def _short(graph: Graph, iri: URIRef) -> str:
    """`prefix:local` with the graph's bound prefixes (binding none), or the IRI."""
    matches = [
        (len(namespace), f"{prefix}:{iri[len(namespace) :]}")
        for prefix, namespace in graph.namespaces()
        if iri.startswith(namespace) and _LOCAL_NAME.fullmatch(iri[len(namespace) :])
    ]
    return max(matches)[1] if matches else str(iri)


def _link(graph: Graph, iri: URIRef, terms: frozenset[str]) -> str:
    """A link to a term's anchor on the page, or else to the IRI."""
    name = iri[len(LKG) :] if iri.startswith(LKG) else None
    href = f"#{name}" if name in terms else str(iri)
    return f'<a href="{html.escape(href)}">{html.escape(_short(graph, iri))}</a>'


def _value_html(graph: Graph, value, terms: frozenset[str]) -> str:
    if isinstance(value, URIRef):
        return _link(graph, value, terms)
    if isinstance(value, BNode):
        return "[…]"
    text = html.escape(str(value))
    return f"{text} <code>@{value.language}</code>" if value.language else text
