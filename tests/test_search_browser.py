"""Searching from the header box in a real browser, without JavaScript on the page."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_header_search_box_finds_and_highlights_haiyan(page, live_server, demo_committed):
    page.goto(live_server.url + "/sections/")
    page.get_by_label("Search the knowledge base").fill("Haiyan")
    page.get_by_label("Search the knowledge base").press("Enter")
    page.wait_for_url("**/search/?q=Haiyan")
    first = page.locator("li.search-result").first
    assert (
        first.locator("h2").inner_text() == "Typhoon Haiyan: return and recovery in the Philippines"
    )
    assert first.locator("mark").first.inner_text() == "Haiyan"
    page.get_by_role("link", name="Case studies (1)").click()
    expect(page).to_have_url(re.compile(r"[?&]type="))
    expect(page.locator("li.search-result")).to_have_count(1)
    first.locator("h2 a").click()
    expect(page.locator("h1")).to_have_text(re.compile(r"^Typhoon Haiyan"))


def test_did_you_mean_link_leads_to_the_results(page, live_server, demo_committed):
    page.goto(live_server.url + "/search/?q=Haiyn")
    page.get_by_role("link", name="Haiyan", exact=True).click()
    page.wait_for_url("**/search/?q=Haiyan")
    expect(page.locator("li.search-result")).to_have_count(2)
    page.get_by_role("link", name="Verified (1)", exact=True).click()
    page.wait_for_url("**verification=verified")
    expect(page.locator("li.search-result")).to_have_count(1)


@pytest.mark.parametrize("width", [390, 1280])
def test_search_pages_have_no_axe_violations_and_fit_the_screen(
    browser, live_server, demo_committed, width
):
    """A typo (Did you mean), a word form (detain) and a filtered search, light and dark."""
    from tests.axe import report, violations_in_both_schemes
    from tests.test_browser_public import SCREENSHOTS

    SCREENSHOTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    failures = {}
    try:
        for name, query in [
            ("typo", "q=Haiyn"),
            ("stem", "q=detain"),
            ("filtered", "q=migration&type=case_study&verification=verified"),
        ]:
            page.emulate_media(color_scheme="light")
            page.goto(f"{live_server.url}/search/?{query}")
            page.screenshot(path=str(SCREENSHOTS / f"search-{name}-{width}.png"), full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            for scheme, text in violations_in_both_schemes(page).items():
                failures[f"{name} {width} {scheme}"] = text
    finally:
        context.close()
    assert not failures, report(failures)
