"""The assessment as a page: the form of every profile field, a real answer on the family
graph (rules by modality, local provision links, the JSON link), the interface in Dutch and
German, bad input shown again with the form (400), and `Accept: text/html` alone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from xml.etree.ElementTree import Element

import html5lib
import pytest
from flask.testing import FlaskClient

from lexkg.server.services.profile import FIELDS
from lexkg.server.services.profile_words import FIELD_WORDS

from support import closing_app

HTML_ONLY = {"Accept": "text/html"}
AI_HOST = "supercomputer=ai-optimised&existing_hosting_entity=true"
PAR_6A = "/eli/reg/2021/1173/art_9/par_6a/"


@pytest.fixture(scope="module")
def family(family_graph: Path) -> Iterator[FlaskClient]:
    with closing_app({"GRAPH_PATH": str(family_graph)}) as app:
        yield app.test_client()


def _dom(page: str) -> Element:
    return html5lib.parse(page, treebuilder="etree", namespaceHTMLElements=False)


def _page(client: FlaskClient, path: str, status: int = 200, **headers: str) -> Element:
    response = client.get(path, headers={**HTML_ONLY, **headers})
    assert response.status_code == status, response.text[:800]
    assert response.mimetype == "text/html"
    return _dom(response.text)


def _local(href: str) -> str:
    return href.removeprefix("http://localhost")


def _text(element: Element | None) -> str:
    assert element is not None
    return " ".join("".join(element.itertext()).split())


def _form_names(root: Element) -> set[str]:
    form = root.find(".//form[@action='/assess']")
    assert form is not None and form.get("method") == "get"
    return {e.get("name") for tag in ("input", "select") for e in form.iter(tag) if e.get("name")}


def test_every_field_has_words_in_every_language() -> None:
    assert set(FIELD_WORDS) == {f.name for f in FIELDS}
    for name, words in FIELD_WORDS.items():
        assert set(words["label"]) == {"en", "nl", "de"}, name
        assert set(words["help"]) == {"nl", "de"}, name


def test_the_form_lists_every_field(family: FlaskClient) -> None:
    root = _page(family, "/assess?lang=en")
    assert _form_names(root) == {f.name for f in FIELDS}
    form = root.find(".//form[@action='/assess']")
    by_name = {e.get("name"): e for tag in ("input", "select") for e in form.iter(tag)}
    for f in FIELDS:
        element = by_name[f.name]
        if f.type == "date":
            assert element.get("type") == "date", f.name
        elif f.type == "boolean" and f.default is False:
            assert element.get("type") == "checkbox", f.name
        else:
            assert element.tag == "select", f.name
    kinds = [o.get("value") for o in by_name["supercomputer"].iter("option")]
    assert kinds == list(next(f for f in FIELDS if f.name == "supercomputer").choices)
    languages = {o.get("value") for o in by_name["lang"].iter("option")}
    assert languages == {"nl", "de", "en"}
    assert root.find(".//section[@id='answer']") is None  # nothing asked yet
    nav = root.find(".//nav[@class='site']")
    assert any(a.get("href").endswith("/assess?lang=en") for a in nav.iter("a"))


def test_an_answer_lists_the_rules_with_local_links(family: FlaskClient) -> None:
    root = _page(family, f"/assess?{AI_HOST}&date=2025-03-01&lang=en")
    assert _form_names(root) == {f.name for f in FIELDS}  # the form stays above the answer
    kind = root.find(".//select[@name='supercomputer']/option[@selected]")
    assert kind is not None and kind.get("value") == "ai-optimised"
    checked = root.find(".//input[@name='existing_hosting_entity']")
    assert checked.get("checked") is not None
    answer = root.find(".//section[@id='answer']")
    assert answer is not None
    version = _local(root.find(".//a[@class='version']").get("href"))
    assert version == "/eli/reg/2021/1173/2024-07-09?lang=en"
    headings = [_text(h) for h in answer.iter("h3")]
    assert any(h.startswith("Obligations") for h in headings)
    links = [_local(a.get("href")) for a in answer.iter("a") if a.get("class") == "provision"]
    assert f"{PAR_6A}2024-07-09?lang=en" in links
    assert all(link.startswith("/eli/reg/2021/1173/") for link in links)
    assert "one-stop shop" in _text(answer).lower()
    roles = _text(root.find(".//ul[@class='roles']"))
    assert "AI-optimised" in roles
    json_link = _local(root.find(".//p[@class='downloads']/a").get("href"))
    assert urlsplit(json_link).path == "/api/assess"
    asked = parse_qs(urlsplit(json_link).query)
    assert asked["supercomputer"] == ["ai-optimised"] and asked["date"] == ["2025-03-01"]
    data = family.get(json_link).get_json()
    assert len(data["norms"]) == len(answer.findall(".//li[@class='rule']"))


def test_the_same_host_in_2026_reads_the_later_version(family: FlaskClient) -> None:
    root = _page(family, f"/assess?{AI_HOST}&date=2026-03-01&lang=en")
    version = _local(root.find(".//a[@class='version']").get("href"))
    assert version.startswith("/eli/reg/2021/1173/2026-01-20")
    links = [_local(a.get("href")) for a in root.iter("a") if a.get("class") == "provision"]
    assert f"{PAR_6A}2026-01-20?lang=en" in links


def test_a_closed_route_is_shown_with_its_reason(family: FlaskClient) -> None:
    root = _page(family, "/assess?applies_for_ai_gigafactory=true&date=2025-03-01&lang=en")
    closed = root.find(".//section[@id='closed']")
    assert "2026/150" in _text(closed)


@pytest.mark.parametrize(
    ("lang", "heading", "label"),
    [
        ("nl", "Welke regels gelden voor een gastentiteit?", "Bestaande gastentiteit"),
        ("de", "Welche Regeln gelten für eine Aufnahmeeinrichtung?", "Bestehende Aufnahme"),
    ],
)
def test_the_page_in_dutch_and_german(
    family: FlaskClient, lang: str, heading: str, label: str
) -> None:
    root = _page(family, f"/assess?{AI_HOST}&date=2025-03-01&lang={lang}")
    assert root.get("lang") == lang
    assert _text(root.find(".//h1")) == heading
    assert label in _text(root.find(".//label[@for='f-existing_hosting_entity']"))
    texts = {t.get("lang") for t in root.iter("blockquote")}
    assert lang in texts  # the texts in the language asked, where the graph has them


def test_accept_language_alone_picks_the_interface_and_the_texts(family: FlaskClient) -> None:
    root = _page(family, f"/assess?{AI_HOST}&date=2025-03-01", **{"Accept-Language": "de"})
    assert root.get("lang") == "de"
    assert "de" in {t.get("lang") for t in root.iter("blockquote")}


def test_a_text_not_in_the_language_asked_says_so(family: FlaskClient) -> None:
    query = "supercomputer=ai-gigafactory&applies_for_ai_gigafactory=true&date=2026-03-01"
    root = _page(family, f"/assess?{query}&lang=nl")
    texts = root.findall(".//blockquote[@class='text']")
    assert any(t.get("lang") == "en" for t in texts)  # 2026/150 is in English only
    assert "De tekst bestaat niet in de gevraagde taal" in _text(root.find(".//main"))


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("colour=blue", "colour"),  # an unknown field
        ("decommissioned=maybe", "decommissioned"),  # a wrong type
        ("date=2025-02-30", "date"),  # an impossible date
        ("date=2020-01-01", "date"),  # before the act
        ("supercomputer=exascale", "supercomputer"),  # an unknown kind
        ("lang=fr&supercomputer=high-end", "lang"),  # no texts in that language
    ],
)
def test_bad_input_shows_the_form_with_the_message(
    family: FlaskClient, query: str, field: str
) -> None:
    root = _page(family, f"/assess?{query}", status=400)
    error = _text(root.find(".//p[@class='error']"))
    assert f"field {field!r}" in error
    assert _form_names(root) == {f.name for f in FIELDS}
    assert root.find(".//section[@id='answer']") is None


def test_a_message_quoting_the_request_is_escaped(family: FlaskClient) -> None:
    response = family.get("/assess?%3Cscript%3Ealert(1)%3C/script%3E=1", headers=HTML_ONLY)
    assert response.status_code == 400
    assert "<script>" not in response.text
    assert "&lt;script&gt;" in response.text


@pytest.mark.parametrize("accept", ["text/html", "*/*", None])
def test_the_page_answers_any_accept(family: FlaskClient, accept: str | None) -> None:
    headers = {"Accept": accept} if accept else {}
    response = family.get(f"/assess?{AI_HOST}&date=2025-03-01", headers=headers)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_the_api_still_answers_json(family: FlaskClient) -> None:
    response = family.get(f"/api/assess?{AI_HOST}&date=2025-03-01", headers=HTML_ONLY)
    assert response.mimetype == "application/json"
    assert response.get_json()["version"].endswith("/2024-07-09")


def test_an_interface_language_without_texts_keeps_the_texts_language(
    client: FlaskClient,
) -> None:
    """The seed act has no English texts: lang=en is the page's language only."""
    root = _page(client, f"/assess?{AI_HOST}&date=2025-03-01&lang=en")
    assert root.get("lang") == "en"
    assert {t.get("lang") for t in root.iter("blockquote")} == {"nl"}
