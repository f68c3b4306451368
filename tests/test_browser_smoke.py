"""A reader's first steps in a real browser."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_links_to_a_section_that_opens(page, live_server, demo_committed):
    page.goto(live_server.url + "/")
    assert page.locator("nav.toc li").count() == 16
    page.locator("nav.toc a").nth(2).click()
    expect(page.locator("h1")).to_contain_text("Legal Frameworks Governing")
    assert page.get_by_text("View in source (lines 13–17)").is_visible()
