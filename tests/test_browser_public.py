"""Reading the demo site in headless Chromium: the main journeys, accessibility, screenshots."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.axe import report, run_axe, violations_in_both_schemes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"

# One URL per public page type, with the demo fixtures loaded.
PAGE_TYPES = {
    "home": "/",
    "section list": "/sections/",
    "section detail": "/sections/influencing-migration-law-and-policy/",
    "case study list": "/case-studies/",
    "filtered case study list": "/case-studies/?region=nowhere&year_min=abc&page=99",
    "case study detail": "/case-studies/typhoon-haiyan-philippines/",
    "framework list": "/legal-frameworks/?binding=yes",
    "framework detail": "/legal-frameworks/iom-constitution/",
    "theme": "/themes/humanitarian-response/",
    "source viewer": "/source/?lines=41-43#L41",
    "not found": "/no-such-page/",
}


def test_reader_goes_from_home_to_a_section_a_case_study_and_its_source_lines(
    page, live_server, demo_committed
):
    page.goto(live_server.url + "/")
    contents = page.get_by_role("navigation", name="Contents")
    expect(contents.get_by_role("listitem")).to_have_count(16)  # every section
    contents.get_by_role(
        "link", name="Case Studies Demonstrating Effective Humanitarian Interventions"
    ).click()
    expect(page.locator("h1")).to_have_text(
        "Case Studies Demonstrating Effective Humanitarian Interventions"
    )
    expect(page.get_by_role("link", name="View in source (lines 39–43)")).to_be_visible()
    related = page.get_by_role("region", name="Case studies in this section")
    related.get_by_role(
        "link", name="Typhoon Haiyan: return and recovery in the Philippines"
    ).click()
    expect(page).to_have_url(re.compile(r"/case-studies/typhoon-haiyan-philippines/$"))
    page.get_by_role("link", name="View in source").click()
    expect(page).to_have_url(re.compile(r"/source/.*#L\d+$"))
    highlighted = page.locator(".source-lines li.is-highlighted")
    expect(highlighted.first).to_be_visible()
    assert "Haiyan" in highlighted.first.inner_text()


def test_reader_filters_case_studies_with_the_form(page, live_server, demo_committed):
    page.goto(live_server.url + "/case-studies/")
    assert page.locator(".item-list .item-card").count() == 3
    page.get_by_label("Region").select_option(label="Asia and the Pacific (1)")  # 1 it gives
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"region=asia-pacific"))
    expect(page.locator(".item-card__title")).to_have_text(
        ["Typhoon Haiyan: return and recovery in the Philippines"]
    )
    expect(page.get_by_label("Region")).to_have_value("asia-pacific")
    page.get_by_role("link", name="Clear all filters").first.click()
    expect(page.locator(".item-list .item-card")).to_have_count(3)


def test_reader_walks_the_sections_with_next_and_previous(page, live_server, demo_committed):
    page.goto(live_server.url + "/sections/")
    first_title = page.locator(".section-list a").first.inner_text()
    second_title = page.locator(".section-list a").nth(1).inner_text()
    page.locator(".section-list a").first.click()
    expect(page.locator("h1")).to_have_text(first_title)
    pager = page.get_by_role("navigation", name="Previous and next section")
    expect(pager.locator("[rel=prev]")).to_have_count(0)
    pager.locator("[rel=next]").click()
    expect(page.locator("h1")).to_have_text(second_title)
    page.get_by_role("navigation", name="Previous and next section").locator("[rel=prev]").click()
    expect(page.locator("h1")).to_have_text(first_title)


def test_every_page_type_has_no_axe_violations_in_light_and_dark(
    browser, live_server, demo_committed
):
    """Each page is loaded once and checked in both colour schemes."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    page = context.new_page()
    failures = {}
    try:
        for name, path in PAGE_TYPES.items():
            page.emulate_media(color_scheme="light")
            page.goto(live_server.url + path)
            for scheme, text in violations_in_both_schemes(page).items():
                failures[f"{name} ({scheme})"] = text
    finally:
        context.close()
    assert not failures, report(failures)


def test_paginated_list_has_no_axe_violations_and_pages_forward(page, live_server, db):
    from tests.factories import make_case_study

    for number in range(45):
        make_case_study(title=f"Case study {number:02}", year=2000 + number % 20)
    page.goto(live_server.url + "/case-studies/?year_min=2005")
    pagination = page.get_by_role("navigation", name="Pagination")
    assert "Page 1 of 2" in pagination.inner_text()
    pagination.get_by_role("link", name="Next page").click()
    expect(page).to_have_url(re.compile(r"\?(?=.*year_min=2005)(?=.*page=2)"))
    expect(page.get_by_role("navigation", name="Pagination")).to_contain_text("Page 2 of 2")
    results = run_axe(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("width", [390, 1280])
def test_screenshots_of_home_and_case_study_list(browser, live_server, demo_committed, width):
    SCREENSHOTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        for name, path in [("home", "/"), ("case-studies", "/case-studies/")]:
            page.goto(live_server.url + path)
            target = SCREENSHOTS / f"{name}-{width}.png"
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 0
            # Nothing may be wider than the viewport: no sideways scrolling on a phone.
            assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()


def test_a_detail_page_with_json_ld_logs_no_errors(page, live_server, demo_committed):
    """The Article JSON-LD is a data block: the CSP (no inline scripts) must not object."""
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.goto(live_server.url + "/case-studies/typhoon-haiyan-philippines/")
    page.wait_for_load_state("load")
    assert page.locator('script[type="application/ld+json"]').count() == 1
    assert errors == []
