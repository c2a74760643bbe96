"""Named questions in a real browser (Debian's Chromium, headless): from the list to a question,
its parameters chosen from the lists, the answer as a table, and a link to a provision's page.

Screenshots go to build/test-artefacts/.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select
from test_editor_browser import CHROMIUM
from test_pages_browser import ARTEFACTS, base, browser, follow  # noqa: F401 (fixtures)

HOST = "https://w3id.org/lexkg/host/ai-optimised"
ARTICLE_9_6A = "/eli/reg/2021/1173/art_9/par_6a/2024-07-09"  # the one-stop shop

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing"),
]


def test_a_question_asked_from_the_list_answers_with_a_table(
    browser: WebDriver,  # noqa: F811
    base: str,  # noqa: F811
) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    browser.get(base + "/queries?lang=de")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "de"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Benannte Fragen"
    browser.save_screenshot(str(ARTEFACTS / "queries.png"))

    follow(browser, 'a.question[href^="/queries/applicable-norms?"]')
    assert urlsplit(browser.current_url).path == "/queries/applicable-norms"
    assert "Aufnahmeeinrichtung" in browser.find_element(By.TAG_NAME, "h1").text
    assert not browser.find_elements(By.CSS_SELECTOR, "table.results")  # nothing asked yet

    host = Select(browser.find_element(By.NAME, "host"))
    labels = [option.text for option in host.options]
    assert "Aufnahmeeinrichtung eines KI-optimierten Supercomputers" in labels
    host.select_by_value(HOST)
    Select(browser.find_element(By.NAME, "lang")).select_by_value("nl")
    follow(browser, 'form.params button[type="submit"]')

    asked = parse_qs(urlsplit(browser.current_url).query)
    assert asked == {"host": [HOST], "date": ["2025-01-01"], "lang": ["nl"]}
    # The question's language is the page's too: the form is now in Dutch.
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nl"
    rows = browser.find_elements(By.CSS_SELECTOR, "table.results tbody tr")
    assert any("geoptimaliseerde" in row.text for row in rows)  # Dutch, as of 2025-01-01
    sparql = browser.find_element(By.CSS_SELECTOR, "pre.sparql").text
    assert "VALUES (?date ?host ?lang)" in sparql and f'<{HOST}> "nl")' in sparql
    downloads = browser.find_elements(By.CSS_SELECTOR, "p.downloads a")
    assert [a.text for a in downloads] == ["CSV", "JSON"]
    browser.save_screenshot(str(ARTEFACTS / "query-answer.png"))

    follow(browser, f'table.results a[href*="{ARTICLE_9_6A}?"]')
    assert urlsplit(browser.current_url).path == ARTICLE_9_6A
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nl"  # kept
    assert "geoptimaliseerde" in browser.find_element(By.TAG_NAME, "body").text
    browser.save_screenshot(str(ARTEFACTS / "query-followed-link.png"))


def test_a_bad_value_shows_the_form_with_the_message(
    browser: WebDriver,  # noqa: F811
    base: str,  # noqa: F811
) -> None:
    browser.get(base + "/queries/provision-at-line?line=ten&lang=en")
    error = browser.find_element(By.CSS_SELECTOR, ".error")
    assert "parameter 'line'" in error.text and "not an integer" in error.text
    assert browser.find_element(By.NAME, "line").get_attribute("type") == "number"
    browser.save_screenshot(str(ARTEFACTS / "query-bad-value.png"))
