"""A permanent link to an old version, in headless Chromium: readable on a phone and a laptop,
no axe WCAG 2.1 AA violations in light or dark, and the reader finds the current version."""

from pathlib import Path

import pytest
import reversion
from playwright.sync_api import expect
from reversion.models import Version

from casestudies.models import CaseStudy
from iomkb.citing import version_url
from tests.axe import report, run_axe, violations_in_both_schemes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
SLUG = "typhoon-haiyan-philippines"


def revise(item, **changes):
    for name, value in changes.items():
        setattr(item, name, value)
    with reversion.create_revision():
        item.save()
    return Version.objects.get_for_object(item).first().revision_id


@pytest.fixture
def old_version(demo_committed):
    """The demo's case study as first published, then edited: the first version's link."""
    case = CaseStudy.objects.get(slug=SLUG)
    old = revise(case)
    revise(case, body=case.body + "\n\nA paragraph added later.")
    return version_url(case, old)


@pytest.mark.parametrize("width", [390, 1280])
def test_an_old_version_reads_well_and_has_no_axe_violations(
    browser, live_server, old_version, width
):
    SCREENSHOTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(live_server.url + old_version)
        expect(page.get_by_role("note")).to_contain_text("You are reading the version of")
        assert "A paragraph added later." not in page.locator("main").inner_text()
        cite = page.get_by_role("region", name="Cite this page")
        expect(cite.get_by_role("link", name=live_server.url + old_version)).to_be_visible()
        failures = violations_in_both_schemes(
            page,
            photograph=lambda scheme: page.screenshot(
                path=str(SCREENSHOTS / f"permalink-{width}-{scheme}.png"), full_page=True
            ),
        )
        assert not failures, report(failures)
        # Nothing may be wider than the viewport: no sideways scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.get_by_role("link", name="the current version is here").click()
        expect(page).to_have_url(live_server.url + f"/case-studies/{SLUG}/")
        expect(page.locator("main")).to_contain_text("A paragraph added later.")
        if width == 1280:
            current_cite = page.get_by_role("region", name="Cite this page")
            page.screenshot(path=str(SCREENSHOTS / "detail-cite-1280.png"), full_page=True)
            assert old_version not in current_cite.inner_text()
            results = run_axe(page)
            assert results.violations_count == 0, results.generate_report()
    finally:
        context.close()
