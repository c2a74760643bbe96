"""DCAT-AP and VoID descriptions of the dataset, and the harvest kit as static files.

The descriptions need an app context (`server.core.urls.base_url`); `write_kit` makes one
for a given base URL, so the routes and ``lexkg export DIR`` share every line that makes them.
IRIs minted under the public base URL: ``/catalog#catalog``, ``/catalog#dataset`` (the
dataset, described by both documents), ``/catalog#publisher``, ``/catalog#sparql`` (the
endpoint as a ``dcat:DataService``), ``/catalog#dump-nq`` (a distribution) and
``/catalog#dump-nq-sha256`` (its checksum), ``/void#<graph>`` (a named graph's subset).

Sizes and checksums are those of the exact bytes ``/dumps/…`` serves (`dumps`). The
licence declared is CC BY 4.0 (EU licence table), the Commission's licence for reusing its
documents; the graph's own (the project's) choice, set in `LICENSE`.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, VOID

from lexkg.server.core.formats import serialise
from lexkg.server.core.urls import ELI_BASE, base_url
from lexkg.server.services.harvest.dumps import Dump
from lexkg.server.services.harvest.facts import Counts, Facts
from lexkg.server.services.harvest.feeds import feed_atom, robots_txt, sitemap_xml
from lexkg.vocab import ONTOLOGY

__all__ = ["catalog_graph", "void_graph", "write_kit"]

SPDX = Namespace("http://spdx.org/rdf/terms#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
LICENSE = URIRef("http://publications.europa.eu/resource/authority/licence/CC_BY_4_0")
THEME = URIRef("http://publications.europa.eu/resource/authority/data-theme/JUST")
ELI_ONTOLOGY = URIRef("http://data.europa.eu/eli/ontology")
LKG_ONTOLOGY = URIRef(ONTOLOGY)
EXAMPLES = (
    "http://data.europa.eu/eli/reg/2024/1732/oj",
    "http://data.europa.eu/eli/reg/2021/1173/art_9/par_6a/2024-07-09",
)
_IANA = "http://www.iana.org/assignments/media-types/"
_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
_FORMATS_NS = "http://www.w3.org/ns/formats/"  # void:feature of each dump format

TITLES = {
    "nl": "lexkg: Verordening (EU) 2024/1732 van de Raad als kennisgraaf",
    "de": "lexkg: Verordnung (EU) 2024/1732 des Rates als Wissensgraph",
    "en": "lexkg: Council Regulation (EU) 2024/1732 as a knowledge graph",
}
DESCRIPTIONS = {
    "nl": "Verordening (EU) 2024/1732 van de Raad, de wijziging van Verordening (EU) 2021/1173 "
    "voor de AI-fabrieken van EuroHPC, in het Nederlands en het Duits als kennisgraaf onder ELI: "
    "elke overweging, elk artikel en elke wijzigingsopdracht woord voor woord en over de talen "
    "heen op elkaar afgestemd, de gewijzigde artikelen van Verordening (EU) 2021/1173 zoals zij "
    "luiden vanaf 9 juli 2024, en een ontologie van de normen die zij stellen.",
    "de": "Die Verordnung (EU) 2024/1732 des Rates, die Änderung der Verordnung (EU) 2021/1173 "
    "für die KI-Fabriken von EuroHPC, auf Niederländisch und Deutsch als Wissensgraph unter ELI: "
    "jeder Erwägungsgrund, jeder Artikel und jeder Änderungsbefehl im Wortlaut und über die "
    "Sprachen hinweg abgeglichen, die geänderten Artikel der Verordnung (EU) 2021/1173 in der ab "
    "dem 9. Juli 2024 geltenden Fassung und eine Ontologie der darin festgelegten Normen.",
    "en": "Council Regulation (EU) 2024/1732, the EuroHPC “AI factories” amendment of Regulation "
    "(EU) 2021/1173, in Dutch and German as a knowledge graph under ELI: every recital, article "
    "and amending instruction word for word and aligned across the languages, the amended "
    "articles of Regulation (EU) 2021/1173 as they read from 9 July 2024, and an ontology of the "
    "norms they lay down.",
}
CATALOG_TITLES = {"nl": "lexkg-catalogus", "de": "lexkg-Katalog", "en": "lexkg catalogue"}
CATALOG_DESCRIPTIONS = {
    "nl": "De datasets van de dienst lexkg: EU-wetgeving als kennisgraaf onder ELI.",
    "de": "Die Datensätze des Dienstes lexkg: EU-Recht als Wissensgraph unter ELI.",
    "en": "The datasets of the lexkg service: EU legislation as a knowledge graph under ELI.",
}
KEYWORDS = {
    "nl": ("ELI", "EU-wetgeving", "EuroHPC", "AI-fabrieken"),
    "de": ("ELI", "EU-Recht", "EuroHPC", "KI-Fabriken"),
    "en": ("ELI", "EU legislation", "EuroHPC", "AI factories"),
}


def catalog_graph(facts: Facts) -> Graph:
    """The DCAT-AP catalog: the dataset, its three dumps and the SPARQL endpoint."""
    base = base_url()
    g = _graph()
    catalog, dataset, publisher, service = (
        URIRef(f"{base}/catalog#{name}") for name in ("catalog", "dataset", "publisher", "sparql")
    )
    languages = [URIRef(iri) for iri in facts.languages()]
    g.add((catalog, RDF.type, DCAT.Catalog))
    _texts(g, catalog, DCTERMS.title, CATALOG_TITLES)
    _texts(g, catalog, DCTERMS.description, CATALOG_DESCRIPTIONS)
    _common(g, catalog, publisher, languages, facts)
    g.add((catalog, FOAF.homepage, URIRef(f"{base}/")))
    g.add((catalog, DCAT.dataset, dataset))
    g.add((catalog, DCAT.service, service))
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal("lexkg")))
    g.add((publisher, FOAF.homepage, URIRef(f"{base}/")))

    g.add((dataset, RDF.type, DCAT.Dataset))
    _texts(g, dataset, DCTERMS.title, TITLES)
    _texts(g, dataset, DCTERMS.description, DESCRIPTIONS)
    _common(g, dataset, publisher, languages, facts)
    g.add((dataset, DCAT.theme, THEME))
    for lang, words in KEYWORDS.items():
        for word in words:
            g.add((dataset, DCAT.keyword, Literal(word, lang=lang)))
    g.add((dataset, DCAT.landingPage, URIRef(f"{base}/")))
    g.add((dataset, DCTERMS.conformsTo, ELI_ONTOLOGY))
    g.add((dataset, RDFS.seeAlso, URIRef(f"{base}/void")))
    for item in facts.dumps().values():
        g.add((dataset, DCAT.distribution, _distribution(g, item, base)))

    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, DCTERMS.title, Literal("lexkg SPARQL endpoint", lang="en")))
    g.add((service, DCAT.endpointURL, URIRef(f"{base}/sparql")))
    g.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    g.add((service, DCAT.servesDataset, dataset))
    g.add((service, DCTERMS.license, LICENSE))
    return g


def void_graph(facts: Facts) -> Graph:
    """The VoID description: statistics, access, vocabularies and a subset per named graph."""
    base = base_url()
    g = _graph()
    dataset = URIRef(f"{base}/catalog#dataset")
    document = URIRef(f"{base}/void")
    g.add((document, RDF.type, VOID.DatasetDescription))
    g.add((document, FOAF.primaryTopic, dataset))
    g.add((dataset, RDF.type, VOID.Dataset))
    _texts(g, dataset, DCTERMS.title, TITLES)
    g.add((dataset, DCTERMS.license, LICENSE))
    g.add((dataset, RDFS.seeAlso, URIRef(f"{base}/catalog")))
    counts = facts.counts()
    _statistics(g, dataset, counts)
    g.add((dataset, VOID.entities, Literal(counts.entities)))
    g.add((dataset, VOID.uriSpace, Literal(ELI_BASE)))
    for vocabulary in (ELI_ONTOLOGY, LKG_ONTOLOGY):
        g.add((dataset, VOID.vocabulary, vocabulary))
    g.add((dataset, VOID.sparqlEndpoint, URIRef(f"{base}/sparql")))
    for item in facts.dumps().values():
        g.add((dataset, VOID.dataDump, URIRef(_dump_url(base, item))))
        g.add((dataset, VOID.feature, URIRef(_FORMATS_NS + item.format.label)))
    pages = {page.iri for page in facts.pages()}
    for example in EXAMPLES:
        if example in pages:
            g.add((dataset, VOID.exampleResource, URIRef(example)))
    slugs: set[str] = set()
    for name, counts in facts.graph_counts().items():
        subset = URIRef(f"{base}/void#{_slug(name, slugs)}")
        g.add((dataset, VOID.subset, subset))
        g.add((subset, RDF.type, VOID.Dataset))
        g.add((subset, RDF.type, SD.NamedGraph))
        g.add((subset, SD.name, URIRef(name)))
        _statistics(g, subset, counts)
    return g


def write_kit(facts: Facts, directory: Path, base: str) -> list[Path]:
    """Write the dumps and descriptions under `directory`, each file atomically.

    Absolute URLs are under `base`; the dumps go to ``dumps/`` as on the service.
    """
    app = Flask(__name__)
    app.config["PUBLIC_BASE_URL"] = base
    with app.app_context():
        files = {f"dumps/{name}": item.body for name, item in facts.dumps().items()}
        files["catalog.ttl"] = serialise(catalog_graph(facts), "text/turtle")
        files["void.ttl"] = serialise(void_graph(facts), "text/turtle")
        files["sitemap.xml"] = sitemap_xml(facts)
        files["feed.atom"] = feed_atom(facts)
        files["robots.txt"] = robots_txt().encode("utf-8")
    written = []
    for name, body in files.items():
        written.append(directory / name)
        _write_atomically(written[-1], body)
    return written


def _graph() -> Graph:
    g = Graph()
    for prefix, namespace in (("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF), ("void", VOID)):
        g.bind(prefix, namespace, replace=True)
    g.bind("spdx", SPDX)
    g.bind("sd", SD)
    return g


def _texts(g: Graph, subject: URIRef, predicate: URIRef, texts: dict[str, str]) -> None:
    for lang, text in texts.items():
        g.add((subject, predicate, Literal(text, lang=lang)))


def _common(
    g: Graph, subject: URIRef, publisher: URIRef, languages: list[URIRef], facts: Facts
) -> None:
    """What the catalog and the dataset both say: publisher, licence, languages, date."""
    g.add((subject, DCTERMS.publisher, publisher))
    g.add((subject, DCTERMS.license, LICENSE))
    for language in languages:
        g.add((subject, DCTERMS.language, language))
    if facts.modified is not None:
        g.add((subject, DCTERMS.modified, Literal(facts.modified.isoformat(), datatype=XSD.date)))


def _distribution(g: Graph, item: Dump, base: str) -> URIRef:
    fmt = item.format
    suffix = fmt.name.rsplit(".", 1)[-1]
    node = URIRef(f"{base}/catalog#dump-{suffix}")
    checksum = URIRef(f"{base}/catalog#dump-{suffix}-sha256")
    url = URIRef(_dump_url(base, item))
    g.add((node, RDF.type, DCAT.Distribution))
    g.add((node, DCTERMS.title, Literal(f"lexkg ({fmt.label})", lang="en")))
    g.add((node, DCAT.accessURL, url))
    g.add((node, DCAT.downloadURL, url))
    g.add((node, DCAT.mediaType, URIRef(_IANA + fmt.media_type)))
    g.add((node, DCTERMS.format, URIRef(_FILE_TYPE + fmt.file_type)))
    g.add((node, DCAT.byteSize, Literal(str(item.size), datatype=XSD.nonNegativeInteger)))
    g.add((node, DCTERMS.license, LICENSE))
    g.add((node, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((checksum, SPDX.checksumValue, Literal(item.sha256, datatype=XSD.hexBinary)))
    return node


def _statistics(g: Graph, subject: URIRef, counts: Counts) -> None:
    """VoID's counts; entities only with the ELI URI space, which the dataset declares."""
    for predicate, value in (
        (VOID.triples, counts.triples),
        (VOID.classes, counts.classes),
        (VOID.properties, counts.properties),
        (VOID.distinctSubjects, counts.subjects),
        (VOID.distinctObjects, counts.objects),
    ):
        g.add((subject, predicate, Literal(value)))


def _dump_url(base: str, item: Dump) -> str:
    return f"{base}/dumps/{item.format.name}"


def _slug(iri: str, taken: set[str]) -> str:
    """A fragment naming a graph's subset: its IRI's path, e.g. ``eli-reg-2024-1732-oj``."""
    stem = re.sub(r"[^A-Za-z0-9]+", "-", urlsplit(iri).path).strip("-") or "graph"
    slug, n = stem, 1
    while slug in taken:
        n += 1
        slug = f"{stem}-{n}"
    taken.add(slug)
    return slug


def _write_atomically(path: Path, body: bytes) -> None:
    """Write a file whole or not at all: the previous one stays until the new one is complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(body)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
