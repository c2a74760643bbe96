"""The assessment form in a real browser (Debian's Chromium, headless): a kind, a date and a
checkbox chosen, the rules shown by modality, and a provision's link followed to its page.

Screenshots go to build/test-artefacts/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select
from test_editor_browser import CHROMIUM
from test_pages_browser import ARTEFACTS, browser, follow  # noqa: F401 (fixture)

from support import serving_graph

PAR_6A = "/eli/reg/2021/1173/art_9/par_6a/2024-07-09"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing"),
]


@pytest.fixture(scope="module")
def family_base(tmp_path_factory: pytest.TempPathFactory, family_graph: Path) -> Iterator[str]:
    with serving_graph(family_graph, tmp_path_factory.mktemp("assess-server")) as url:
        yield url


def test_the_form_answers_with_the_rules_and_links_to_a_provision(
    browser: WebDriver,  # noqa: F811
    family_base: str,
) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    browser.get(family_base + "/assess?lang=en")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Which rules apply to a host?"
    assert not browser.find_elements(By.ID, "answer")
    browser.save_screenshot(str(ARTEFACTS / "assess-form.png"))

    Select(browser.find_element(By.NAME, "supercomputer")).select_by_value("ai-optimised")
    date = browser.find_element(By.NAME, "date")
    browser.execute_script("arguments[0].value = '2025-03-01'", date)  # no typing by locale
    browser.find_element(By.ID, "f-existing_hosting_entity").click()
    follow(browser, 'form.assess button[type="submit"]')

    asked = parse_qs(urlsplit(browser.current_url).query, keep_blank_values=True)
    assert asked["supercomputer"] == ["ai-optimised"]
    assert asked["date"] == ["2025-03-01"]
    assert asked["existing_hosting_entity"] == ["true"]
    assert browser.find_element(By.ID, "f-existing_hosting_entity").is_selected()  # kept
    answer = browser.find_element(By.ID, "answer")
    assert "2024-07-09" in browser.find_element(By.CSS_SELECTOR, "a.version").text
    headings = [h.text for h in answer.find_elements(By.TAG_NAME, "h3")]
    assert any(h.startswith("Obligations") for h in headings)
    assert "one-stop shop" in answer.text.lower()
    browser.execute_script("arguments[0].scrollIntoView()", answer)
    browser.save_screenshot(str(ARTEFACTS / "assess-answer.png"))

    follow(browser, f'a.provision[href*="{PAR_6A}?"]')
    assert urlsplit(browser.current_url).path == PAR_6A
    assert "one-stop shop" in browser.find_element(By.TAG_NAME, "body").text.lower()
    browser.save_screenshot(str(ARTEFACTS / "assess-followed-link.png"))


def test_bad_input_shows_the_form_with_the_message(
    browser: WebDriver,  # noqa: F811
    family_base: str,
) -> None:
    browser.get(family_base + "/assess?supercomputer=exascale&lang=de")
    error = browser.find_element(By.CSS_SELECTOR, "p.error")
    assert "field 'supercomputer'" in error.text
    assert browser.find_element(By.NAME, "supercomputer").tag_name == "select"
    browser.save_screenshot(str(ARTEFACTS / "assess-bad-input.png"))
