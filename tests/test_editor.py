"""The query editor's routes (server/editor.py), without a browser: the page and its assets."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from lexkg.server import create_app
from lexkg.server.routes.editor import YASGUI_BUILD, scan

from support import REPO

NQUADS = (
    "<http://data.europa.eu/eli/reg/2024/1732/oj> "
    "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
    "<http://data.europa.eu/eli/ontology#LegalResource> "
    "<http://data.europa.eu/eli/reg/2024/1732/oj> .\n"
)


def _app(tmp_path: Path, build: Path) -> Flask:
    graph = tmp_path / "graph.nq"
    graph.write_text(NQUADS, encoding="utf-8")
    return create_app({"GRAPH_PATH": str(graph), "YASGUI_BUILD": str(build), "TESTING": True})


@pytest.fixture()
def client(tmp_path: Path) -> FlaskClient:
    """The app with the YASGUI build that `make setup` installs."""
    if not (YASGUI_BUILD / "yasgui.min.js").is_file():
        pytest.fail(f"{YASGUI_BUILD} is missing: run `make setup` (npm ci copies it)")
    return _app(tmp_path, YASGUI_BUILD).test_client()


@pytest.fixture()
def fake_build(tmp_path: Path) -> Path:
    """A build folder of our own, beside a file that must never be served."""
    build = tmp_path / "static" / "yasgui"
    (build / "ts").mkdir(parents=True)
    (build / "yasgui.min.js").write_text("window.Yasgui = function () {};\n")
    (build / "yasgui.min.css").write_text(".yasgui { color: black }\n")
    (build / "ts" / "index.d.ts").write_text("export {};\n")
    (build / "README.md").write_text("not an asset\n")
    (build / "VERSION").write_text("9.9.9\n")
    (tmp_path / "secret.toml").write_text("secret = true\n")
    return build


class _References(HTMLParser):
    """The `lang` of <html> and every src/href of the page."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.urls: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang")
        for name in ("src", "href"):
            if values.get(name) is not None:
                self.urls.append((tag, values[name] or ""))


def _get(client: FlaskClient, path: str, method: str = "GET") -> TestResponse:
    """The answer, read whole and closed (a file it sends must not stay open)."""
    with client.open(path, method=method) as response:
        response.get_data()
    return response


def _references(html: str) -> _References:
    parser = _References()
    parser.feed(html)
    return parser


def _page(client: FlaskClient) -> tuple[str, _References]:
    """The editor's page, HTML in English: its text, and what it refers to."""
    response = _get(client, "/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    text = response.get_data(as_text=True)
    page = _references(text)
    assert page.lang == "en"
    return text, page


def test_page_is_html_with_a_language_and_only_local_references(client: FlaskClient) -> None:
    text, page = _page(client)
    assert "<title>lexkg · SPARQL query editor</title>" in text
    assert page.urls
    for tag, url in page.urls:
        # Relative to the page (so a proxy's path prefix is kept) or a data: URL.
        assert url.startswith("data:") or ":" not in url.split("?")[0], (tag, url)
        assert not url.startswith(("/", "\\")), (tag, url)
    scripts = [url for tag, url in page.urls if tag == "script"]
    styles = [url for tag, url in page.urls if tag == "link" and url.startswith("static/")]
    assert scripts == ["static/yasgui/yasgui.min.js?v=4.6.2", "static/editor.js?v=4.6.2"]
    assert styles == ["static/yasgui/yasgui.min.css?v=4.6.2", "static/editor.css?v=4.6.2"]
    for url in scripts + styles:
        assert _get(client, f"/{url}").status_code == 200
    # No inline script or style: the page's own script is a file of the package.
    assert "<style" not in text
    assert (
        text.count("<script") == 3
        and '<script id="lexkg-prefixes" type="application/json">' in text
    )
    # YASGUI is configured for this service.
    script = _get(client, "/static/editor.js").get_data(as_text=True)
    assert 'new URL("sparql", document.baseURI)' in script
    assert "copyEndpointOnNewTab: true" in script
    assert 'persistenceId: "lexkg-yasgui"' in script
    assert 'fetch("queries"' in script
    for prefix in ("eli", "lkg", "rdf", "rdfs", "xsd", "skos"):
        assert f'["{prefix}", "http' in text


def test_assets_are_served_with_their_media_types(client: FlaskClient) -> None:
    js = _get(client, "/static/yasgui/yasgui.min.js")
    assert js.status_code == 200
    assert js.mimetype == "text/javascript"
    assert js.headers["X-Content-Type-Options"] == "nosniff"
    assert js.data == (YASGUI_BUILD / "yasgui.min.js").read_bytes()
    css = _get(client, "/static/yasgui/yasgui.min.css")
    assert css.status_code == 200
    assert css.mimetype == "text/css"
    source_map = _get(client, "/static/yasgui/yasgui.min.js.map")
    assert source_map.status_code == 200
    assert source_map.mimetype == "application/json"
    assert _get(client, "/static/yasgui/yasgui.min.js", "HEAD").status_code == 200


def test_built_assets_ask_no_other_host_for_fonts_or_styles() -> None:
    """The stylesheet loads nothing (no url(), no @import, no @font-face)."""
    css = (YASGUI_BUILD / "yasgui.min.css").read_text("utf-8")
    for needle in ("url(", "@import", "@font-face", "http://", "https://"):
        assert needle not in css


@pytest.mark.parametrize(
    "path",
    [
        "/static/yasgui/../../pyproject.toml",
        "/static/yasgui/../../../../pyproject.toml",
        "/static/yasgui/%2e%2e/%2e%2e/pyproject.toml",
        "/static/yasgui/%2E%2E%2F%2E%2E%2Fpyproject.toml",
        "/static/yasgui/..%2f..%2fpyproject.toml",
        "/static/yasgui/..%5c..%5cpyproject.toml",
        "/static/yasgui/%252e%252e%252fpyproject.toml",
        "/static/yasgui/../secret.toml",
        "/static/yasgui/../../../secret.toml",
        "/static/yasgui//etc/passwd",
        "/static/yasgui/%2Fetc%2Fpasswd",
        "/static/yasgui/C:%5CWindows%5Cwin.ini",
        "/static/yasgui/ts/index.d.ts",
        "/static/yasgui/README.md",
        "/static/yasgui/",
        "/static/yasgui/yasgui.min.js/",
        "/static/yasgui/./yasgui.min.js",
        "/static/yasgui/yasgui.min.js%00.css",
        "/static/pyproject.toml",
    ],
)
def test_only_named_build_files_are_served(tmp_path: Path, fake_build: Path, path: str) -> None:
    client = _app(tmp_path, fake_build).test_client()
    response = _get(client, path)
    assert response.status_code == 404, path
    assert b"secret" not in response.data
    assert b"[project]" not in response.data


def test_absolute_paths_are_not_files(tmp_path: Path, fake_build: Path) -> None:
    client = _app(tmp_path, fake_build).test_client()
    for target in (
        tmp_path / "secret.toml",
        REPO / "pyproject.toml",
        fake_build / "README.md",
    ):
        assert _get(client, f"/static/yasgui/{target}").status_code == 404
        assert (
            _get(client, f"/static/yasgui/{target.as_posix().replace('/', '%2F')}").status_code
            == 404
        )


def test_the_allow_list_is_made_at_start_up(tmp_path: Path, fake_build: Path) -> None:
    client = _app(tmp_path, fake_build).test_client()
    assert _get(client, "/static/yasgui/yasgui.min.js").data == b"window.Yasgui = function () {};\n"
    (fake_build / "late.js").write_text("late\n")
    assert _get(client, "/static/yasgui/late.js").status_code == 404
    assert sorted(scan(fake_build).files) == ["late.js", "yasgui.min.css", "yasgui.min.js"]
    assert scan(fake_build).version == "9.9.9"
    assert 'src="static/yasgui/yasgui.min.js?v=9.9.9"' in _get(client, "/").get_data(as_text=True)


def test_without_the_build_the_page_says_how_to_install_it(tmp_path: Path) -> None:
    client = _app(tmp_path, tmp_path / "no" / "build").test_client()
    text, page = _page(client)
    assert "make setup" in text
    assert {url for tag, url in page.urls if tag == "a"} == {"sparql", "queries"}
    assert _get(client, "/static/yasgui/yasgui.min.js").status_code == 404
