"""The reader's layout in headless Chromium at a phone's width (390 px) and a laptop's (1280 px):
faceted lists with results first, a compact header, a two-column detail page, and no axe
violations in light or dark. Screenshots go to screenshots/ for a person to look at."""

import re

import pytest
from playwright.sync_api import expect

from tests.axe import report, violations_in_both_schemes
from tests.test_browser_public import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_SECTION = "/sections/a-long-section/"
PAGES = {
    "home": "/",
    "sections": "/sections/?theme=humanitarian-response",
    "case-studies": "/case-studies/?region=asia-pacific&order=-year",
    "frameworks": "/legal-frameworks/?binding=yes",
    "case-study": "/case-studies/typhoon-haiyan-philippines/",
    "long-section": LONG_SECTION,
    "source": "/source/?lines=41-43#L41",
}
WIDTHS = [390, 1280]


@pytest.fixture
def reader_site(demo_committed):
    """The demo, plus a published section long enough for "On this page"."""
    from tests.factories import make_section

    parts = "\n\n".join(
        f"## Part {number}\n\n" + " ".join(["Migration governance needs law."] * 40)
        for number in range(1, 5)
    )
    make_section(title="A long section", slug="a-long-section", body=parts, order=999)


def new_page(browser, width):
    context = browser.new_context(viewport={"width": width, "height": 844 if width < 600 else 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_have_no_axe_violations_light_and_dark_and_are_photographed(
    browser, live_server, reader_site, width
):
    SCREENSHOTS.mkdir(exist_ok=True)
    context, page = new_page(browser, width)
    failures = {}
    try:
        for name, path in PAGES.items():
            page.emulate_media(color_scheme="light")
            page.goto(live_server.url + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, name
            found = violations_in_both_schemes(
                page,
                photograph=lambda scheme, name=name: page.screenshot(
                    path=str(SCREENSHOTS / f"reader-{name}-{width}-{scheme}.png")
                ),
            )
            for scheme, text in found.items():
                failures[f"{name} {width} ({scheme})"] = text
    finally:
        context.close()
    assert not failures, report(failures)


def test_phone_header_is_one_row_of_nav_and_results_come_before_the_filters(
    browser, live_server, reader_site
):
    context, page = new_page(browser, 390)
    try:
        page.goto(live_server.url + "/legal-frameworks/")
        header = page.locator(".site-header").bounding_box()
        assert header["height"] <= 110
        tops = page.locator(".site-nav li").evaluate_all(
            "items => items.map(item => item.getBoundingClientRect().top)"
        )
        assert len(set(tops)) == 1, tops  # one row
        search = page.get_by_role("searchbox", name="Search the knowledge base")
        expect(search).to_be_visible()
        # The filters wait behind their control; the first result is above the fold.
        expect(page.get_by_label("Kind")).to_be_hidden()
        first = page.locator(".item-card").first.bounding_box()
        assert first["y"] < 844
        page.get_by_text("Filter", exact=False).first.click()
        kind = page.get_by_label("Kind")
        expect(kind).to_be_visible()
        kind.select_option("convention")
        page.get_by_role("button", name="Apply filters").click()
        expect(page).to_have_url(re.compile(r"[?&]kind=convention"))
        expect(page.locator(".filters__active")).to_have_text("1 applied")
        assert page.locator(".result-count").inner_text().endswith("filtered.")
    finally:
        context.close()


def test_choice_counts_match_the_list_a_reader_gets(page, live_server, reader_site):
    page.goto(live_server.url + "/case-studies/")
    region = page.get_by_label("Region")
    expect(region).to_be_visible()  # filters.js opened them on a wide screen
    label = region.locator("option[value=asia-pacific]").inner_text()
    assert label.startswith("Asia and the Pacific (")
    expected = int(label.rsplit("(", 1)[1].rstrip(")"))
    region.select_option("asia-pacific")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".item-list .item-card")).to_have_count(expected)
    page.get_by_label("Sort by").select_option("-year")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"region=asia-pacific.*order=-year"))
    expect(page.locator(".item-list .item-card")).to_have_count(expected)


def test_wide_detail_page_puts_verification_beside_the_text(page, live_server, reader_site):
    page.goto(live_server.url + LONG_SECTION)
    text = page.locator(".detail-layout__main").bounding_box()
    aside = page.get_by_role("complementary", name="About this section")
    verification = aside.get_by_role("region", name="Verification: Unverified").bounding_box()
    assert verification["x"] >= text["x"] + text["width"]  # beside, not below
    assert verification["y"] < 900  # on the first screen
    contents = page.get_by_role("navigation", name="On this page")
    expect(contents.get_by_role("link")).to_have_count(4)
    contents.get_by_role("link", name="Part 3").click()
    expect(page).to_have_url(re.compile(r"#part-part-3$"))
    expect(page.locator("#part-part-3")).to_be_in_viewport()
    dates = page.locator(".item-dates").inner_text()
    assert "Published" in dates and "Last updated" in dates
