"""Regulation 2021/1173 through time in a real browser (Debian's Chromium, headless): a
provision asked for on a date lands on its version; the version page shows the whole article,
the timeline of its versions and, on request, the words changed since an earlier one; a
language without a text says so. Screenshots go to build/test-artefacts/. Needs the corpus.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from test_editor_browser import CHROMIUM
from test_pages_browser import ARTEFACTS, follow
from test_pages_browser import browser as browser  # the fixture, shared

from support import CORPUS, serving_graph

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing"),
    pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no corpus at {CORPUS}"),
]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, family_graph: Path) -> Iterator[str]:
    with serving_graph(family_graph, tmp_path_factory.mktemp("versions-server")) as url:
        yield url


def _shot(browser: WebDriver, name: str) -> Path:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / name
    browser.save_screenshot(str(path))
    return path


def test_a_provision_on_a_date_its_timeline_and_a_comparison(browser: WebDriver, base: str) -> None:
    browser.get(base + "/eli/reg/2021/1173/art_9?date=2025-01-01")
    assert browser.current_url.endswith("/eli/reg/2021/1173/art_9/2024-07-09")
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "only the Official Journal of the European Union is authentic" in body
    # The whole article: 9(1) to 9(7) with the general criteria (a)-(f) of 9(5).
    for row in ("art_9-par_1", "art_9-par_4", "art_9-par_5-sbp_1-pnt_f", "art_9-par_7"):
        cells = {
            c.get_attribute("lang"): c
            for c in browser.find_element(By.ID, row).find_elements(By.CSS_SELECTOR, ".cell")
        }
        assert cells["nl"].text.strip() and cells["en"].text.strip(), row
        assert "No German text here" in cells["de"].text, row
    # 9(5a), inserted by 2024/1732, has all three languages and says who inserted it.
    inserted = browser.find_element(By.ID, "art_9-par_5a")
    assert "inserted" in inserted.text and "2024/1732" in inserted.text
    assert "No German text here" not in inserted.text
    timeline = browser.find_element(By.CSS_SELECTOR, "nav.timeline")
    entries = timeline.find_elements(By.TAG_NAME, "li")
    assert [e.get_attribute("aria-current") for e in entries] == [None, "page", None]
    assert "2026-01-20" in entries[2].text and "in force" in entries[2].text
    _shot(browser, "article-9-2024-07-09.png")

    follow(browser, "nav.timeline li:first-child a.compare")
    assert browser.current_url.endswith("?compare=2021-08-08")
    comparison = browser.find_element(By.ID, "comparison")
    added = " ".join(e.text for e in comparison.find_elements(By.TAG_NAME, "ins"))
    assert "AI" in added and "5 bis" in added  # the new criteria and 9(5a), in Dutch
    _shot(browser, "article-9-compared.png")

    # Today's version: 2026/150 left Article 9 as it was; the timeline leads there.
    follow(browser, "nav.timeline li:last-child a")
    assert browser.current_url.endswith("/eli/reg/2021/1173/art_9/2026-01-20")
    _shot(browser, "article-9-2026-01-20.png")


def test_a_provision_in_english_only(browser: WebDriver, base: str) -> None:
    """Article 12b exists from 2026-01-20 in English only: Dutch and German say so."""
    browser.get(base + "/eli/reg/2021/1173/art_12b/par_1")
    assert browser.current_url.endswith("/eli/reg/2021/1173/art_12b/par_1/2026-01-20")
    cells = {
        c.get_attribute("lang"): c.text
        for c in browser.find_elements(By.CSS_SELECTOR, ".row .cell")
    }
    assert cells["en"].strip()
    assert "No Dutch text here" in cells["nl"] and "2026/150" in cells["nl"]
    _shot(browser, "article-12b-par-1.png")
