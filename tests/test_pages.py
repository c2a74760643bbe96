"""Pages for people: every page answers a browser, named questions as forms and tables, the
SPARQL endpoint, catalogue and VoID as pages, and the interface in English, Dutch and German.

On the real graph (the seed act): the lists offer the graph's values, the tables link the
act's resources to their pages here, and what RDF and results clients get is unchanged.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from xml.etree.ElementTree import Element

import html5lib
import pytest
from flask.testing import FlaskClient

from lexkg import resources
from lexkg.server.core.negotiation import choose_language, prefers
from lexkg.server.services.i18n import LANGUAGES, MESSAGES
from lexkg.server.services.named import load_queries

QUERIES = load_queries(resources.queries_dir())
HOST = "https://w3id.org/lexkg/host/"
CONS = "http://data.europa.eu/eli/reg/2021/1173/"
HTML_ONLY = {"Accept": "text/html"}


def _dom(page: str) -> Element:
    return html5lib.parse(page, treebuilder="etree", namespaceHTMLElements=False)


def _page(client: FlaskClient, path: str, status: int = 200, **headers: str) -> Element:
    response = client.get(path, headers={**HTML_ONLY, **headers})
    assert response.status_code == status, response.text[:500]
    assert response.mimetype == "text/html"
    return _dom(response.text)


def _select(root: Element, name: str) -> dict[str, str]:
    """A select's options: value → label."""
    select = root.find(f".//select[@name='{name}']")
    assert select is not None, f"no select {name}"
    return {o.get("value"): "".join(o.itertext()) for o in select.iter("option")}


def _table(root: Element) -> tuple[list[str], list[list[Element]]]:
    table = root.find(".//table[@class='results']")
    assert table is not None, "no table of results"
    head = ["".join(th.itertext()) for th in table.iter("th")]
    rows = [list(tr.iter("td")) for tr in table.find("tbody").iter("tr")]
    return head, rows


# -- Negotiation: `Accept: text/html` alone on every page ------------------------------------


@pytest.mark.filterwarnings("ignore:unclosed file:ResourceWarning")  # pyLODE, on /ontology
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/queries",
        "/queries/glossary",
        "/queries/applicable-norms",
        f"/queries/applicable-norms?host={HOST}existing",
        "/sparql",
        "/sparql?query=ASK%20%7B%7D",
        "/catalog",
        "/void",
        "/ontology",
        "/eli/reg/2024/1732/oj",
        "/eli/reg/2021/1173/art_9/par_6a/2024-07-09",
    ],
)
def test_every_page_answers_text_html_alone(client: FlaskClient, path: str) -> None:
    response = client.get(path, headers=HTML_ONLY)
    assert (response.status_code, response.mimetype) == (200, "text/html"), response.text[:300]
    assert "Accept-Language" in response.headers.get("Vary", "")
    assert "'self'" in response.headers["Content-Security-Policy"]  # the page policy
    root = _dom(response.text)
    assert root.get("lang") == "en"  # no Accept-Language: English


@pytest.mark.parametrize(
    ("path", "accept", "media_type"),
    [
        # What RDF and results clients get is unchanged.
        ("/catalog", None, "text/turtle"),
        ("/catalog", "application/ld+json", "application/ld+json"),
        ("/void", "*/*", "text/turtle"),
        ("/sparql", "application/rdf+xml", "application/rdf+xml"),
        ("/sparql?query=ASK%20%7B%7D", None, "application/sparql-results+json"),
        ("/queries/glossary", None, "application/sparql-results+json"),
        ("/queries/glossary", "text/csv", "text/csv"),
        # A browser's Accept, or format=html, gets the page.
        ("/queries/glossary?format=html", "application/json", "text/html"),
        ("/void?format=ttl", "text/html", "text/turtle"),
        ("/sparql?query=ASK%20%7B%7D&format=html", None, "text/html"),
    ],
)
def test_pages_and_data_by_format_then_accept(
    client: FlaskClient, path: str, accept: str | None, media_type: str
) -> None:
    response = client.get(path, headers={"Accept": accept} if accept else {})
    assert (response.status_code, response.mimetype) == (200, media_type)
    assert "Accept" in response.headers["Vary"]


@pytest.mark.parametrize(
    ("formats", "accept", "expected"),
    [
        ([], None, False),  # nothing stated: the data
        ([], "*/*", False),
        ([], "text/html", True),
        ([], "text/html,application/xhtml+xml,*/*;q=0.8", True),
        ([], "application/json, text/html;q=0.5", False),
        ([], "text/html, application/json", False),  # a tie goes to the data, offered first
        (["html"], "application/json", True),
        (["json"], "text/html", False),
        (["pdf"], "text/html", False),  # an unknown format is the data route's 400
    ],
)
def test_prefers_a_page(formats: list[str], accept: str | None, expected: bool) -> None:
    assert prefers("text/html", ("application/json",), formats, accept) is expected


@pytest.mark.parametrize(
    ("explicit", "accept_language", "expected"),
    [
        (None, None, "en"),
        (None, "nl-BE,nl;q=0.9,en;q=0.5", "nl"),
        (None, "de-AT", "de"),
        (None, "fr, de;q=0.3", "de"),
        (None, "fr", "en"),
        ("de", "nl", "de"),  # ?lang= beats Accept-Language
        ("fr", "nl", "nl"),  # a language the interface lacks is no choice
    ],
)
def test_the_interface_language(
    explicit: str | None, accept_language: str | None, expected: str
) -> None:
    assert choose_language(LANGUAGES, explicit, accept_language) == expected


# -- The interface's words --------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_every_language(key: str) -> None:
    assert set(MESSAGES[key]) == set(LANGUAGES)
    if key != "query.description_in_english":  # says nothing in English
        assert all(MESSAGES[key][lang].strip() for lang in LANGUAGES)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_question_is_described_and_labelled_in_three_languages(name: str) -> None:
    query = QUERIES[name]
    assert [query.text(lang)[1] for lang in LANGUAGES] == list(LANGUAGES)
    assert len({query.text(lang)[0] for lang in LANGUAGES}) == 3
    for param in query.params:
        labels = {query.label(param.name, lang) for lang in LANGUAGES}
        assert param.name not in labels or param.name == "act"  # a label, not the name


@pytest.mark.parametrize(
    ("headers", "path", "lang", "words"),
    [
        ({"Accept-Language": "de-DE,de;q=0.9"}, "/queries", "de", "Benannte Fragen"),
        ({"Accept-Language": "nl"}, "/queries", "nl", "Benoemde vragen"),
        ({"Accept-Language": "nl"}, "/queries?lang=de", "de", "Benannte Fragen"),
        ({}, "/queries?lang=nl", "nl", "Benoemde vragen"),
        ({"Accept-Language": "de"}, "/catalog", "de", "Katalog (DCAT-AP)"),
        ({}, "/void?lang=nl", "nl", "Beschrijving van de dataset (VoID)"),
        ({"Accept-Language": "de"}, "/sparql", "de", "SPARQL-Endpunkt"),
        ({}, "/eli/reg/2024/1732/oj?lang=de", "de", "Zum Text"),
        ({"Accept-Language": "nl"}, "/eli/reg/2024/1732/oj", "nl", "Naar de tekst"),
        ({}, "/eli/reg/2024/1732/oj?lang=de", "de", "<dt>Veröffentlicht</dt>"),
        ({}, "/?lang=nl", "nl", "SPARQL-query-editor"),
        ({}, "/ontology?lang=de", "en", "Abfrage-Editor"),  # pyLODE's page stays English
    ],
)
@pytest.mark.filterwarnings("ignore:unclosed file:ResourceWarning")  # pyLODE, on /ontology
def test_pages_speak_the_chosen_language(
    client: FlaskClient, headers: dict, path: str, lang: str, words: str
) -> None:
    response = client.get(path, headers={**HTML_ONLY, **headers})
    assert response.status_code == 200
    root = _dom(response.text)
    assert root.get("lang", "en") == lang
    assert words in response.text


def test_language_links_keep_the_page_and_drop_the_format(client: FlaskClient) -> None:
    root = _page(client, f"/queries/applicable-norms?host={HOST}existing&format=html")
    links = {
        a.get("lang"): a.get("href") for a in root.iter("a") if a.get("class") == "ui-language"
    }
    assert set(links) == {"nl", "de"}  # English is the page's own
    query = parse_qs(urlsplit(links["de"]).query)
    assert query == {"host": [f"{HOST}existing"], "lang": ["de"]}
    # The site's links keep the language too.
    nav = root.find(".//nav[@class='site']")
    assert all(
        a.get("href").endswith("lang=en")
        for a in nav.iter("a")
        if "ui" not in (a.get("class") or "")
    )


# -- Named questions as pages -----------------------------------------------------------------


def test_the_catalogue_lists_every_question_in_the_readers_language(client: FlaskClient) -> None:
    root = _page(client, "/queries", **{"Accept-Language": "nl"})
    questions = {
        a.get("href"): "".join(a.itertext()) for a in root.iter("a") if a.get("class") == "question"
    }
    assert len(questions) == len(QUERIES)
    title = QUERIES["financial-limits"].titles["nl"]
    assert questions["/queries/financial-limits?lang=nl"] == title
    text = "".join(root.itertext())
    assert QUERIES["financial-limits"].text("nl")[0][:60] in text
    assert "Gastentiteit (host)" in text  # a parameter's label


def test_a_question_first_shows_its_form_with_lists_from_the_graph(client: FlaskClient) -> None:
    root = _page(client, "/queries/applicable-norms", **{"Accept-Language": "de"})
    assert "".join(root.find(".//h1").itertext()) == QUERIES["applicable-norms"].titles["de"]
    hosts = _select(root, "host")
    assert hosts[""] == "auswählen…"  # nothing chosen yet: the host is required
    assert f"{HOST}ai-optimised" in hosts and f"{HOST}existing" in hosts
    # its German label
    assert (
        hosts[f"{HOST}existing"]
        == "bestehende Aufnahmeeinrichtung eines Spitzenklasse-Supercomputers"
    )
    assert set(_select(root, "lang")) == {"nl", "de"}  # the languages of the graph's texts
    assert root.find(".//select[@name='lang']/option[@selected]").get("value") == "de"
    assert root.find(".//table[@class='results']") is None  # nothing asked yet
    assert root.find(".//*[@class='error']") is None


@pytest.mark.parametrize(
    ("name", "param", "kind", "expected"),
    [
        ("provision-as-of", "date", "date", "2025-01-01"),
        ("changes-between", "to", "date", "2026-06-01"),
        ("provision-at-line", "line", "number", None),
    ],
)
def test_open_values_are_entered(
    client: FlaskClient, name: str, param: str, kind: str, expected: str | None
) -> None:
    root = _page(client, f"/queries/{name}")
    field = root.find(f".//input[@name='{param}']")
    assert field is not None and field.get("type") == kind
    assert (field.get("value") or None) == expected


@pytest.mark.parametrize(
    ("name", "param", "some"),
    [
        ("article-as-amended", "article", ["9", "12a", "17"]),
        ("norms-of-provision", "provision", [f"{CONS}art_12a/par_7/2024-07-09"]),
        ("provision-side-by-side", "provision", [f"{CONS}art_9/par_6a/2024-07-09"]),
        ("provision-as-of", "provision", [f"{CONS}art_9/par_5"]),
        ("changes-between", "act", ["http://data.europa.eu/eli/reg/2021/1173"]),
    ],
)
def test_known_values_are_chosen_from_lists(
    client: FlaskClient, name: str, param: str, some: list[str]
) -> None:
    options = _select(_page(client, f"/queries/{name}"), param)
    assert set(some) <= set(options)
    if param == "article":  # numbers in their order, not the alphabet's
        assert list(options).index("9") < list(options).index("10")


def test_an_answer_is_a_table_with_local_links_the_sparql_and_downloads(
    client: FlaskClient,
) -> None:
    path = f"/queries/applicable-norms?host={HOST}ai-optimised&lang=de"
    root = _page(client, path)
    head, rows = _table(root)
    assert head[:4] == ["host", "date", "lang", "role"]
    provision = head.index("provision")
    local = "http://localhost/eli/reg/2021/1173/art_9/par_6a/2024-07-09"  # the one-stop shop
    links = [(r, r[provision].find("a")) for r in rows]
    row = next(
        r for r, a in links if a is not None and a.get("title", "").endswith("6a/2024-07-09")
    )
    first = row[provision].find("a")
    assert first.get("href") == f"{local}?lang=de"  # the page's language kept in its links
    assert first.get("title") == local.replace("http://localhost/", "http://data.europa.eu/")
    assert "".join(first.itertext()) == "Regulation (EU) 2021/1173, Article 9(6a), as of 2024-07-09"
    modality = row[head.index("modality")].find("a")
    assert "".join(modality.itertext()) == "lkg:Obligation"  # compact, with its prefix
    assert modality.get("href") == "http://localhost/ontology?lang=de#Obligation"
    text = row[head.index("text")].find("span")
    assert text.get("lang") == "de" and "KI-optimierten" in "".join(text.itertext())
    # The SPARQL, with the values bound.
    sparql = "".join(root.find(".//pre[@class='sparql']").itertext())
    assert "VALUES (?date ?host ?lang)" in sparql
    assert f'("2025-01-01"^^xsd:date <{HOST}ai-optimised> "de")' in sparql.replace(
        "<http://www.w3.org/2001/XMLSchema#date>", "xsd:date"
    )
    # Downloads: the same answer as CSV and JSON.
    downloads = {
        a.text.strip(): a.get("href") for a in root.find(".//p[@class='downloads']").iter("a")
    }
    assert set(downloads) == {"CSV", "JSON"}
    answer = client.get(downloads["CSV"])
    assert answer.mimetype == "text/csv"
    assert len(list(csv.reader(io.StringIO(answer.text)))) == len(rows) + 1
    answer = client.get(downloads["JSON"])
    assert answer.mimetype == "application/sparql-results+json"
    assert len(answer.get_json()["results"]["bindings"]) == len(rows)


def test_a_question_without_parameters_answers_at_once(client: FlaskClient) -> None:
    root = _page(client, "/queries/glossary?lang=de")
    head, rows = _table(root)
    assert head == ["term", "en", "nl", "de", "definedIn"] and len(rows) > 10
    # ?lang= is the page's language here, not a parameter of the question.
    downloads = {
        a.text.strip(): a.get("href") for a in root.iter("a") if a.get("download") is not None
    }
    assert "lang=" not in downloads["CSV"]
    assert client.get("/queries/glossary?lang=de").status_code == 200  # nor of its JSON


def test_an_interface_language_without_texts_keeps_the_texts_language(
    client: FlaskClient,
) -> None:
    """The seed act has no English texts: lang=en is the page's language only."""
    root = _page(client, f"/queries/applicable-norms?host={HOST}existing&lang=en")
    assert root.get("lang") == "en"
    head, rows = _table(root)
    assert rows and {"".join(row[head.index("lang")].itertext()) for row in rows} == {"nl"}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("host=ai-optimised", "parameter &#39;host&#39;: not an absolute http(s) IRI"),
        (f"host={HOST}existing&colour=red", "parameter &#39;colour&#39;: not a parameter"),
        (f"host={HOST}existing&host={HOST}consortium", "given 2 times"),
        (f"host={HOST}existing&lang=fr", "parameter &#39;lang&#39;: no texts in &#39;fr&#39;"),
        (
            "host=%3Cscript%3Ealert(1)%3C/script%3E",
            "&#39;&lt;script&gt;alert(1)&lt;/script&gt;&#39;",
        ),
    ],
)
def test_a_bad_parameter_shows_the_form_again_with_the_message(
    client: FlaskClient, query: str, message: str
) -> None:
    response = client.get(f"/queries/applicable-norms?{query}", headers=HTML_ONLY)
    assert (response.status_code, response.mimetype) == (400, "text/html")
    assert message in response.text
    assert "<script>" not in response.text
    root = _dom(response.text)
    assert root.find(".//form[@class='params']") is not None
    assert root.find(".//*[@class='error']") is not None
    assert root.find(".//table[@class='results']") is None


def test_a_bad_integer_on_a_page(client: FlaskClient) -> None:
    root = _page(client, "/queries/provision-at-line?line=ten", 400)
    assert "not an integer" in "".join(root.find(".//*[@class='error']").itertext())
    assert root.find(".//input[@name='line']").get("value") == "ten"


# -- /sparql, /catalog, /void as pages --------------------------------------------------------


def test_sparql_without_a_query_is_a_form_over_the_description(client: FlaskClient) -> None:
    root = _page(client, "/sparql")
    assert root.find(".//form[@class='sparql-form']/textarea[@name='query']") is not None
    text = "".join(root.itertext())
    assert "sd:endpoint" in text and "sd:Service" in text
    formats = [a.get("href") for a in root.find(".//p[@class='formats']").iter("a")]
    assert "/sparql?format=ttl" in formats


def test_sparql_answers_a_browser_with_a_table(client: FlaskClient) -> None:
    query = (
        "SELECT ?s ?title WHERE { ?s <http://data.europa.eu/eli/ontology#title> ?title } "
        "ORDER BY ?title LIMIT 2"
    )
    response = client.get("/sparql", query_string={"query": query}, headers=HTML_ONLY)
    assert response.status_code == 200
    root = _dom(response.text)
    head, rows = _table(root)
    assert head == ["s", "title"] and len(rows) == 2
    assert rows[0][0].find("a").get("href").startswith("http://localhost/eli/reg/")
    assert "".join(root.find(".//textarea").itertext()) == query
    downloads = [a.text.strip() for a in root.find(".//p[@class='downloads']").iter("a")]
    assert downloads == ["JSON", "CSV", "TSV", "XML"]


def test_sparql_pages_for_ask_construct_and_a_bad_query(client: FlaskClient) -> None:
    root = _page(client, "/sparql?query=ASK%20%7B%7D")
    assert "yes (true)" in "".join(root.find(".//p[@class='boolean']").itertext())
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3"
    response = client.get("/sparql", query_string={"query": construct}, headers=HTML_ONLY)
    head, rows = _table(_dom(response.text))
    assert head == ["subject", "predicate", "object"] and len(rows) == 3
    root = _page(client, "/sparql?query=SELEC%20%3Cx%3E", 400)
    assert "malformed query" in "".join(root.find(".//*[@class='error']").itertext())
    assert "".join(root.find(".//textarea").itertext()) == "SELEC <x>"


@pytest.mark.parametrize(
    ("path", "kind"), [("/catalog", "dcat:Dataset"), ("/void", "void:Dataset")]
)
def test_catalog_and_void_pages_list_their_statements(
    client: FlaskClient, path: str, kind: str
) -> None:
    root = _page(client, path)
    sections = root.findall(".//section[@class='described']")
    assert sections
    text = "".join(root.itertext())
    assert kind in text and "dcterms:title" in text
    links = [a.get("href") for a in root.iter("a")]
    assert f"{path}?format=ttl" in links and f"{path}?format=jsonld" in links
    assert any(link.startswith("http://localhost/eli/reg/") for link in links)


def test_void_subsets_link_to_their_place_on_the_page(client: FlaskClient) -> None:
    root = _page(client, "/void")
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    subsets = [
        a.get("href")
        for a in root.iter("a")
        if (a.get("href") or "").startswith("http://localhost/void#")
    ]
    assert subsets and all(href.split("#")[1] in ids for href in subsets)


# -- /ontology --------------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore:unclosed file:ResourceWarning")  # pyLODE
def test_the_ontology_has_no_links_made_of_literals(client: FlaskClient) -> None:
    """pyLODE wrote owl:hasValue true as <a href="true">: a link to /true."""
    page = client.get("/ontology", headers=HTML_ONLY).text
    hrefs = set(re.findall(r'href="([^"]*)"', page))
    relative = {h for h in hrefs if not h.startswith("#") and ":" not in h.split("/")[0]}
    assert relative == {"ontology/model.svg"}, relative
    assert "<code>true</code>" in page


def test_the_docs_say_how_to_use_the_pages() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    assert "/queries/applicable-norms" in readme and "?lang=" in readme
