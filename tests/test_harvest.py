"""The harvest kit: sitemap, Atom feed, DCAT-AP catalog, VoID, dumps, robots.txt, export DIR."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, VOID

from lexkg.cli import main
from lexkg.server.app import create_app
from lexkg.server.store.embedded import OxigraphStore

BASE = "https://lexkg.example.org"
ELI = "http://data.europa.eu/eli/"
ACT = f"{ELI}reg/2024/1732/oj"
VERSION = f"{ELI}reg/2021/1173/2024-07-09"
PAR_6A = f"{ELI}reg/2021/1173/art_9/par_6a/2024-07-09"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"
XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SPDX = Namespace("http://spdx.org/rdf/terms#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
IANA = "http://www.iana.org/assignments/media-types/"
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
}
KIT = (
    "dumps/lexkg.nq",
    "dumps/lexkg.trig",
    "dumps/lexkg.jsonld",
    "catalog.ttl",
    "void.ttl",
    "sitemap.xml",
    "feed.atom",
    "robots.txt",
)
SERVED_AT = {
    "catalog.ttl": "/catalog",
    "void.ttl": "/void",
    "sitemap.xml": "/sitemap.xml",
    "feed.atom": "/feed.atom",
    "robots.txt": "/robots.txt",
} | {name: f"/{name}" for name in KIT if name.startswith("dumps/")}


@pytest.fixture(scope="module")
def app(graph_file: Path) -> Flask:
    return create_app({"GRAPH_PATH": str(graph_file), "PUBLIC_BASE_URL": BASE})


@pytest.fixture(scope="module")
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="module")
def store_count(graph_file: Path) -> int:
    return OxigraphStore(graph_file).triple_count()


@pytest.fixture(scope="module")
def catalog(client: FlaskClient) -> Graph:
    return Graph().parse(data=client.get("/catalog").data, format="turtle")


@pytest.fixture(scope="module")
def void(client: FlaskClient) -> Graph:
    return Graph().parse(data=client.get("/void").data, format="turtle")


def _eli_resources(graph_file: Path) -> set[str]:
    """The ELI resources the graph types as acts, subdivisions or expressions."""
    eli = "http://data.europa.eu/eli/ontology#"
    kinds = {f"{eli}LegalResource", f"{eli}LegalResourceSubdivision", f"{eli}LegalExpression"}
    return {
        q.subject.value
        for q in ox.parse(path=str(graph_file), format=ox.RdfFormat.N_QUADS)
        if q.predicate.value == str(RDF.type) and q.object.value in kinds
    }


def _graph_date(graph_file: Path) -> str:
    return dt.datetime.fromtimestamp(graph_file.stat().st_mtime, dt.UTC).date().isoformat()


# -- sitemap.xml --------------------------------------------------------------------------------


def test_sitemap_lists_every_page_with_its_date(client: FlaskClient, graph_file: Path) -> None:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    root = ET.fromstring(response.data)
    assert root.tag == f"{SITEMAP}urlset"
    urls = root.findall(f"{SITEMAP}url")
    assert all(child.tag == f"{SITEMAP}url" for child in root)
    lastmod: dict[str, str | None] = {}
    for url in urls:
        tags = [child.tag for child in url]
        assert tags in ([f"{SITEMAP}loc"], [f"{SITEMAP}loc", f"{SITEMAP}lastmod"]), tags
        loc = url.findtext(f"{SITEMAP}loc")
        assert loc is not None and loc.startswith(f"{BASE}/") and 12 <= len(loc) <= 2048
        assert loc not in lastmod, f"listed twice: {loc}"
        lastmod[loc] = url.findtext(f"{SITEMAP}lastmod")
    assert len(urls) <= 50_000

    assert lastmod[f"{BASE}/eli/reg/2024/1732/oj"] == "2024-06-19"  # date of publication
    assert lastmod[f"{BASE}/eli/reg/2021/1173/art_9/par_6a/2024-07-09/deu"] == "2024-07-09"
    assert lastmod[f"{BASE}/eli/reg/2021/1173/2024-07-09"] == "2024-07-09"  # version date
    for path in ("/", "/ontology", "/queries", "/catalog", "/void"):
        assert lastmod[BASE + path] == _graph_date(graph_file)
    pages = {BASE + "/eli/" + iri.removeprefix(ELI) for iri in _eli_resources(graph_file)}
    assert set(lastmod) - pages == {
        BASE + p for p in ("/", "/ontology", "/queries", "/catalog", "/void")
    }
    assert pages <= set(lastmod)
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", day or "") for day in lastmod.values())


def test_sitemap_urls_follow_the_request_without_a_public_base_url(graph_file: Path) -> None:
    client = create_app({"GRAPH_PATH": str(graph_file)}).test_client()
    root = ET.fromstring(client.get("/sitemap.xml", base_url="http://example.net:8080").data)
    locs = {url.findtext(f"{SITEMAP}loc") for url in root}
    assert "http://example.net:8080/eli/reg/2024/1732/oj" in locs


# -- feed.atom ----------------------------------------------------------------------------------


def test_feed_has_an_entry_per_act_and_version(client: FlaskClient) -> None:
    response = client.get("/feed.atom")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") == f"{BASE}/feed.atom"
    assert feed.findtext(f"{ATOM}title")
    assert feed.findtext(f"{ATOM}updated") == "2024-07-09T00:00:00Z"
    assert feed.findtext(f"{ATOM}author/{ATOM}name")
    self_link = feed.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == f"{BASE}/feed.atom"

    entries = {entry.findtext(f"{ATOM}id"): entry for entry in feed.findall(f"{ATOM}entry")}
    assert list(entries) == [VERSION, ACT]  # the most recent first
    updated = {iri: entry.findtext(f"{ATOM}updated") for iri, entry in entries.items()}
    assert updated == {ACT: "2024-06-19T00:00:00Z", VERSION: "2024-07-09T00:00:00Z"}
    for iri, entry in entries.items():
        titles = entry.findall(f"{ATOM}title")
        assert len(titles) == 1 and titles[0].get(XML_LANG) == "nl" and titles[0].text
        links = [(link.get("rel"), link.get("type"), link.get("href")) for link in entry]
        page = f"{BASE}/eli/{iri.removeprefix(ELI)}"
        for media_type in ("text/html", *RDF_TYPES):
            assert ("alternate", media_type, page) in links
        summary = {
            p.get(XML_LANG): p.text for p in entry.iterfind(f"{ATOM}summary/{XHTML}div/{XHTML}p")
        }
        assert set(summary) == {"nl", "de"} and summary["nl"] == titles[0].text

    act = entries[ACT]
    assert act.findtext(f"{ATOM}title").startswith("Verordening (EU) 2024/1732 van de Raad")
    german = act.find(f"{ATOM}link[@hreflang='de']")
    assert german is not None and german.get("href") == f"{BASE}/eli/reg/2024/1732/oj/deu"
    assert german.get("title").startswith("Verordnung (EU) 2024/1732 des Rates")
    version_title = entries[VERSION].findtext(f"{ATOM}title")
    assert "2021/1173" in version_title and "2024-07-09" in version_title


# -- /catalog and the dumps ---------------------------------------------------------------------


def test_catalog_describes_the_dataset_in_three_languages(catalog: Graph) -> None:
    (dataset,) = catalog.subjects(RDF.type, DCAT.Dataset)
    (cat,) = catalog.subjects(RDF.type, DCAT.Catalog)
    assert (cat, DCAT.dataset, dataset) in catalog
    for predicate in (DCTERMS.title, DCTERMS.description):
        languages = {o.language for o in catalog.objects(dataset, predicate)}
        assert languages == {"nl", "de", "en"}
    publisher = catalog.value(dataset, DCTERMS.publisher)
    assert publisher is not None and catalog.value(publisher, FOAF.name)
    assert catalog.value(dataset, DCTERMS.license) is not None
    assert set(catalog.objects(dataset, DCTERMS.language)) == {
        URIRef(f"http://publications.europa.eu/resource/authority/language/{code}")
        for code in ("NLD", "DEU")
    }
    assert catalog.value(dataset, DCAT.theme) is not None
    assert len(list(catalog.objects(dataset, DCAT.distribution))) == 3


def test_catalog_size_and_checksum_match_the_bytes_served(
    catalog: Graph, client: FlaskClient
) -> None:
    distributions = list(catalog.subjects(RDF.type, DCAT.Distribution))
    urls = set()
    for distribution in distributions:
        url = str(catalog.value(distribution, DCAT.downloadURL))
        urls.add(url)
        response = client.get(url.removeprefix(BASE))
        assert response.status_code == 200, url
        size = catalog.value(distribution, DCAT.byteSize)
        assert size.datatype == XSD.nonNegativeInteger and int(size) == len(response.data)
        checksum = catalog.value(distribution, SPDX.checksum)
        assert catalog.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        value = catalog.value(checksum, SPDX.checksumValue)
        assert str(value).lower() == hashlib.sha256(response.data).hexdigest()
        assert catalog.value(distribution, DCAT.mediaType) == URIRef(IANA + response.mimetype)
        assert response.headers["ETag"] == f'"{hashlib.sha256(response.data).hexdigest()}"'
    assert urls == {f"{BASE}/dumps/lexkg.{ext}" for ext in ("nq", "trig", "jsonld")}


def test_dumps_reparse_to_the_quads_of_the_store(client: FlaskClient, store_count: int) -> None:
    for name, fmt in (
        ("lexkg.nq", ox.RdfFormat.N_QUADS),
        ("lexkg.trig", ox.RdfFormat.TRIG),
        ("lexkg.jsonld", ox.RdfFormat.JSON_LD),
    ):
        quads = list(ox.parse(client.get(f"/dumps/{name}").data, format=fmt))
        assert len(quads) == len(set(quads)) == store_count, name
        assert all(isinstance(q.graph_name, ox.NamedNode) for q in quads), name


def test_dumps_answer_conditional_requests_and_unknown_names(client: FlaskClient) -> None:
    etag = client.get("/dumps/lexkg.trig").headers["ETag"]
    assert client.get("/dumps/lexkg.trig", headers={"If-None-Match": etag}).status_code == 304
    response = client.get("/dumps/graph.nq")
    assert response.status_code == 404 and b"lexkg.nq" in response.data


@pytest.mark.parametrize("path", ["/catalog", "/void"])
@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "text/turtle"),
        ("*/*", "text/turtle"),
        ("text/html,application/xhtml+xml,*/*;q=0.8", "text/html"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("application/ld+json, text/turtle;q=0.5", "application/ld+json"),
        ("application/n-triples", "application/n-triples"),
        ("text/html", "text/html"),
        ("image/png", None),
    ],
)
def test_descriptions_are_content_negotiated(
    client: FlaskClient, path: str, accept: str | None, expected: str | None
) -> None:
    response = client.get(path, headers={"Accept": accept} if accept else {})
    assert "Accept" in response.vary
    if expected is None:
        assert response.status_code == 406
        return
    assert response.status_code == 200
    assert response.mimetype == expected
    kind = DCAT.Dataset if path == "/catalog" else VOID.Dataset
    if expected == "text/html":  # a table of the statements, for people
        prefix = "dcat" if path == "/catalog" else "void"
        assert f'title="{kind}">{prefix}:Dataset</a>' in response.text
        return
    triples = ox.parse(response.data, format=ox.RdfFormat.from_media_type(expected))
    assert any(t.predicate.value == str(RDF.type) and t.object.value == str(kind) for t in triples)


# -- /void --------------------------------------------------------------------------------------


def test_void_counts_the_store(void: Graph, store_count: int, graph_file: Path) -> None:
    dataset = URIRef(f"{BASE}/catalog#dataset")
    assert (dataset, RDF.type, VOID.Dataset) in void
    assert int(void.value(dataset, VOID.triples)) == store_count
    assert int(void.value(dataset, VOID.entities)) >= len(_eli_resources(graph_file))
    assert int(void.value(dataset, VOID.classes)) > 0
    assert int(void.value(dataset, VOID.properties)) > 0
    assert void.value(dataset, VOID.uriSpace) == Literal(ELI)
    assert set(void.objects(dataset, VOID.exampleResource)) == {URIRef(ACT), URIRef(PAR_6A)}
    assert void.value(dataset, VOID.sparqlEndpoint) == URIRef(f"{BASE}/sparql")
    assert set(void.objects(dataset, VOID.dataDump)) == {
        URIRef(f"{BASE}/dumps/lexkg.{ext}") for ext in ("nq", "trig", "jsonld")
    }
    assert set(void.objects(dataset, VOID.vocabulary)) == {
        URIRef("http://data.europa.eu/eli/ontology"),
        URIRef("https://w3id.org/lexkg/ontology"),
    }
    subsets = {void.value(s, SD.name): s for s in void.objects(dataset, VOID.subset)}
    graphs = {
        URIRef(q.graph_name.value)
        for q in ox.parse(path=str(graph_file), format=ox.RdfFormat.N_QUADS)
    }
    assert set(subsets) == graphs
    assert sum(int(void.value(s, VOID.triples)) for s in subsets.values()) == store_count
    assert int(void.value(subsets[URIRef(ACT)], VOID.triples)) > 0


def test_well_known_void_redirects(client: FlaskClient) -> None:
    response = client.get("/.well-known/void")
    assert response.status_code == 303 and response.headers["Location"].endswith("/void")


# -- robots.txt ---------------------------------------------------------------------------------


def test_robots_allows_all_and_points_to_the_sitemap(client: FlaskClient) -> None:
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    assert f"Sitemap: {BASE}/sitemap.xml" in lines
    assert not any(line.startswith("Disallow: /") for line in lines)


# -- lexkg export DIR ---------------------------------------------------------------------------


def test_export_writes_what_the_service_serves(
    client: FlaskClient, graph_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "kit"
    assert main(["export", str(out), "--graph", str(graph_file), "--base-url", BASE + "/"]) == 0
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == sorted(KIT)
    for name, path in SERVED_AT.items():
        assert (out / name).read_bytes() == client.get(path).data, name

    # Again, over the files, under another base URL (the default).
    assert main(["export", str(out), "--graph", str(graph_file)]) == 0
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == sorted(KIT)
    other = "http://127.0.0.1:8000"
    for name in ("sitemap.xml", "feed.atom", "robots.txt"):
        served = client.get(SERVED_AT[name]).get_data(as_text=True)
        assert (out / name).read_text("utf-8") == served.replace(BASE, other), name
    for name in ("catalog.ttl", "void.ttl"):
        written = Graph().parse(out / name, format="turtle")
        served = Graph().parse(data=client.get(SERVED_AT[name]).data, format="turtle")
        rebased = Graph()
        for triple in served:
            rebased.add(tuple(_rebase(term, other) for term in triple))
        assert set(written) == set(rebased), name
    for name in KIT[:3]:
        assert (out / name).read_bytes() == client.get(SERVED_AT[name]).data


def _rebase(term, other: str):
    if isinstance(term, URIRef) and term.startswith(BASE):
        return URIRef(other + term[len(BASE) :])
    return term


def test_export_needs_dir_or_owl(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export"]) == 2
    assert "give DIR, --owl FILE or both" in capsys.readouterr().err


def test_export_refuses_a_base_url_that_is_not_http(tmp_path: Path) -> None:
    assert main(["export", str(tmp_path), "--base-url", "example.org"]) == 2
    assert not any(tmp_path.iterdir())


# -- every page of the sitemap ------------------------------------------------------------------

PAGE_TYPES = ("text/html", *RDF_TYPES)
# The representations each non-ELI page of the sitemap offers; every ELI page offers them all.
SITE_PAGE_TYPES = {
    "/": ("text/html",),
    "/queries": ("text/html",),
    "/ontology": PAGE_TYPES,
    "/catalog": tuple(RDF_TYPES),
    "/void": tuple(RDF_TYPES),
}


@pytest.mark.filterwarnings("ignore:unclosed file:ResourceWarning")  # pyLODE, on /ontology
def test_every_sitemap_url_answers(app: Flask, client: FlaskClient) -> None:
    if not any(rule.rule.startswith("/eli/") for rule in app.url_map.iter_rules()):
        pytest.skip("the /eli/… pages are not registered yet (server/urls.py's local URLs)")
    root = ET.fromstring(client.get("/sitemap.xml").data)
    failures = []
    for loc in (url.findtext(f"{SITEMAP}loc") for url in root):
        path = loc.removeprefix(BASE) or "/"
        for media_type in SITE_PAGE_TYPES.get(path, PAGE_TYPES):
            response = client.get(path, headers={"Accept": media_type})
            if response.status_code != 200 or response.mimetype != media_type:
                failures.append(
                    f"{path} as {media_type}: {response.status_code} {response.mimetype}"
                )
    assert not failures, "\n".join(failures[:20])
