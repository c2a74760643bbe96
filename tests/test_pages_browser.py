"""The act and an amended article read in a real browser (Debian's Chromium, headless).

The two languages stand side by side, row by row; the language, format and instruction links
lead where they say. Screenshots go to build/test-artefacts/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait
from test_editor_browser import CHROMEDRIVER, CHROMIUM, FLAGS

from support import REPO, serving_graph

ARTEFACTS = (REPO / "build") / "test-artefacts"


def follow(driver: WebDriver, css: str) -> None:
    """Click the element *css* selects, and wait until the next page has replaced this one."""
    page = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, css).click()
    WebDriverWait(driver, 30).until(expected_conditions.staleness_of(page))


ACT = "/eli/reg/2024/1732/oj"
PAR_6A = "/eli/reg/2021/1173/art_9/par_6a/2024-07-09"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing"),
]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, graph_file: Path) -> Iterator[str]:
    with serving_graph(graph_file, tmp_path_factory.mktemp("pages-server")) as url:
        yield url


@pytest.fixture()
def browser(tmp_path: Path) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1400,1000"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def _cells(driver: WebDriver, row_id: str) -> dict[str, object]:
    row = driver.find_element(By.ID, row_id)
    return {
        cell.get_attribute("lang"): cell for cell in row.find_elements(By.CSS_SELECTOR, ".cell")
    }


def test_act_page_shows_both_languages_aligned(browser: WebDriver, base: str) -> None:
    browser.get(base + ACT)
    cells = _cells(browser, "rct_5")
    assert set(cells) == {"nl", "de"}
    nl, de = cells["nl"], cells["de"]
    assert "De nieuwe doelstelling" in nl.text and "Das neue Ziel" in de.text
    # Side by side: the same row, the Dutch column left of the German one.
    assert abs(nl.location["y"] - de.location["y"]) < 5 and nl.location["x"] < de.location["x"]
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTEFACTS / "act.png"))

    follow(browser, 'a[hreflang="de"]')
    assert browser.current_url.endswith(ACT + "/deu")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") in {"de", "en"}
    assert "Das neue Ziel" in browser.find_element(By.TAG_NAME, "body").text

    browser.get(base + ACT)
    follow(browser, f'a[href$="{PAR_6A}"]')
    assert browser.current_url.endswith(PAR_6A)


def test_amended_article_page_and_its_formats(browser: WebDriver, base: str) -> None:
    browser.get(base + PAR_6A)
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "onestopshop" in body and "zentrale Anlaufstelle" in body
    nl = browser.find_elements(By.CSS_SELECTOR, '[lang="nl"]')
    de = browser.find_elements(By.CSS_SELECTOR, '[lang="de"]')
    assert nl and de
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTEFACTS / "art_9_par_6a.png"))
    link = browser.find_element(By.CSS_SELECTOR, 'a[href*="format=ttl"]')
    browser.get(link.get_attribute("href"))
    assert "eli:is_realized_by" in browser.page_source or "is_realized_by" in browser.page_source
