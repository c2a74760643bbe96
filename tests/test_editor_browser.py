"""The query editor at `/` in a real browser: Debian's Chromium, headless, driven by Selenium.

`lexkg serve` runs on a free port with a graph it builds in a temporary folder; the test loads
`/`, checks the editor and the named-query tabs, runs two queries with YASGUI's run button and
reads the result tables. A screenshot goes to build/test-artefacts/editor.png. Skipped only
where /usr/bin/chromium is missing (`make browser` installs it).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from support import REPO, serving_graph

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOT = (REPO / "build") / "test-artefacts" / "editor.png"
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--window-size=1280,1000",
)
WAIT = 30  # seconds, for the page and for a query's answer

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing (Debian's chromium: `make browser`)"
    ),
]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, graph_file: Path) -> Iterator[str]:
    """The URL of a running `lexkg serve`."""
    with serving_graph(graph_file, tmp_path_factory.mktemp("editor-server")) as url:
        yield url


@pytest.fixture(scope="module")
def named(base: str) -> list[dict]:
    """The server's list of named queries."""
    request = urllib.request.Request(f"{base}/queries", headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


@pytest.fixture()
def browser(tmp_path: Path) -> Iterator[WebDriver]:
    """Headless Chromium with a fresh profile, its language English."""
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'profile'}")
    options.add_argument("--lang=en-GB")
    options.add_experimental_option("prefs", {"intl.accept_languages": "en-GB,en"})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    try:
        yield driver
    finally:
        driver.quit()


def _wait(driver: WebDriver) -> WebDriverWait:
    return WebDriverWait(driver, WAIT)


def _open_editor(driver: WebDriver, base: str) -> None:
    driver.get(f"{base}/")
    _wait(driver).until(ec.text_to_be_present_in_element((By.ID, "status"), "named quer"))


def _tab_names(driver: WebDriver) -> dict[str, str]:
    """Tab id → shown name, in the order of the tab list."""
    names = {}
    for tab in driver.find_elements(By.CSS_SELECTOR, ".tabsList a[role=tab]"):
        name = tab.find_element(By.TAG_NAME, "span").get_attribute("textContent")
        names[tab.get_attribute("aria-controls")] = name
    return names


def _run(driver: WebDriver, tab_id: str) -> list[list[str]]:
    """Select a tab, press its run button and give the cells of the result table, row by row."""
    driver.find_element(By.ID, f"tab-{tab_id}").click()
    panel = driver.find_element(By.ID, tab_id)
    _wait(driver).until(lambda d: panel.is_displayed())
    panel.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()
    cells = (By.CSS_SELECTOR, ".yasr table.dataTable tbody td:not(.dt-empty)")
    _wait(driver).until(lambda d: panel.find_elements(*cells))
    return [
        [td.get_attribute("textContent") for td in row.find_elements(By.TAG_NAME, "td")]
        for row in panel.find_elements(By.CSS_SELECTOR, ".yasr table.dataTable tbody tr")
    ]


def _answers(base: str, query: str) -> bool:
    """Whether the endpoint answers the query with 200."""
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(f"{base}/sparql", data=data)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status == 200
    except urllib.error.HTTPError as error:
        error.close()
        return False


def test_editor_runs_named_queries(browser: WebDriver, base: str, named: list[dict]) -> None:
    _open_editor(browser, base)
    assert browser.title == "lexkg · SPARQL query editor"
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"

    # The editor: CodeMirror with the SPARQL mode's tokens, on the first tab (the articles).
    editor = browser.find_element(By.CSS_SELECTOR, ".tabPanel.active .CodeMirror")
    keywords = {e.text for e in editor.find_elements(By.CSS_SELECTOR, "span.cm-keyword")}
    assert {"PREFIX", "SELECT", "WHERE", "FILTER"} <= keywords
    assert editor.find_elements(By.CSS_SELECTOR, "span.cm-atom")  # variables
    assert editor.find_elements(By.CSS_SELECTOR, "span.cm-comment")

    # One tab per named query, after the articles', titled in the browser's language (en).
    tabs = _tab_names(browser)
    expected = {f"lexkg-query-{q['name']}": q["titles"]["en"] for q in named}
    assert list(tabs) == ["lexkg-articles", *expected]
    assert tabs["lexkg-articles"] == "Articles of 2024/1732"
    assert {k: v for k, v in tabs.items() if k in expected} == expected

    # The articles of 2024/1732 in both languages.
    rows = _run(browser, "lexkg-articles")
    assert len(rows) == 2
    first = " ".join(rows[0])
    assert "http://data.europa.eu/eli/reg/2024/1732/art_1/oj" in first
    assert "Verordening (EU) 2021/1173 wordt als volgt gewijzigd" in first
    assert "Die Verordnung (EU) 2021/1173 wird wie folgt geändert" in first

    # A named query with parameters runs as the tab gives it: an example host, the default
    # date and language, and the consolidated 2021/1173's provisions in the answer.
    query = browser.execute_script(
        "return window.yasgui.getTab('lexkg-query-applicable-norms').getPersistedJson().yasqe.value"
    )
    assert "VALUES (?host ?date ?lang) { (<https://w3id.org/lexkg/host/ai-optimised> " in query
    rows = _run(browser, "lexkg-query-applicable-norms")
    cells = {cell for row in rows for cell in row}
    consolidated = "http://data.europa.eu/eli/reg/2021/1173/art_9/par_6a/2024-07-09"
    assert any(consolidated in cell for cell in cells), cells
    assert any("onestopshop" in cell for cell in cells), cells

    # Every example tab is a query the endpoint answers as it stands, its parameters bound.
    for q in named:
        tab = f"lexkg-query-{q['name']}"
        text = browser.execute_script(
            "return window.yasgui.getTab(arguments[0]).getPersistedJson().yasqe.value", tab
        )
        assert text.startswith(f"# {q['titles']['en']}\n"), text
        assert ("VALUES (" in text) == bool(q["params"]), text
        assert _answers(base, text), text

    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOT))

    # Nothing was asked of another host, and nothing went wrong in the console.
    resources = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert resources
    assert all(url.startswith(f"{base}/") for url in resources), resources
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors


def test_tab_names_follow_the_browsers_language(
    browser: WebDriver, base: str, named: list[dict]
) -> None:
    browser.execute_cdp_cmd(
        "Network.setUserAgentOverride",
        {
            "userAgent": browser.execute_script("return navigator.userAgent"),
            "acceptLanguage": "nl-NL,nl",
        },
    )
    _open_editor(browser, base)
    assert browser.execute_script("return navigator.language") == "nl-NL"
    tabs = _tab_names(browser)
    assert tabs["lexkg-articles"] == "Artikelen van 2024/1732"
    for q in named:
        assert tabs[f"lexkg-query-{q['name']}"] == q["titles"]["nl"]
