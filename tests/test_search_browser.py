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
