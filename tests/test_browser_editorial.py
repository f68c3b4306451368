"""The editorial workflow in a real browser: write, review, publish, compare, revert, conflict."""

import pytest
import reversion
from playwright.sync_api import expect

from iomkb.models import Status
from sections.models import Section
from tests.editorial_helpers import admin_url, make_editor, make_reviewer
from tests.factories import make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OLD = "IOM was established in 1951 to help resettle people displaced by the war."
NEW = "IOM was established in 1951, as PICMME, to help resettle people displaced by the war."


@pytest.fixture
def draft_section():
    with reversion.create_revision():
        reversion.set_comment("Imported from the source text.")
        return make_section(
            title="Origins", slug="origins", body=OLD, status=Status.DRAFT, published_at=None
        )


def test_editor_writes_reviewer_publishes_history_compares_and_reverts(
    log_in, live_server, page, draft_section
):
    public_url = live_server.url + draft_section.get_absolute_url()
    change_url = live_server.url + admin_url(draft_section)

    editor = log_in(make_editor())
    editor.goto(live_server.url + "/admin/sections/section/")
    assert editor.locator("select[name=action]").count() == 0  # no publish action offered
    editor.goto(change_url)
    assert editor.locator("#id_status").count() == 0  # publishing is read-only for editors
    assert editor.get_by_text("Only reviewers publish").is_visible()
    editor.fill("#id_body", NEW)
    editor.fill("#id_revision_comment", "Added the original name.")
    editor.click("input[name=_save]")
    expect(editor.locator("ul.messagelist")).to_contain_text("was changed successfully")
    draft_section.refresh_from_db()
    assert (draft_section.body, draft_section.status) == (NEW, Status.DRAFT)
    assert page.goto(public_url).status == 404

    reviewer = log_in(make_reviewer())
    reviewer.goto(change_url)
    reviewer.select_option("#id_status", Status.PUBLISHED)
    reviewer.click("input[name=_save]")
    expect(reviewer.locator("ul.messagelist")).to_contain_text("was changed successfully")
    assert page.goto(public_url).status == 200
    assert "as PICMME" in page.locator("main").inner_text()

    reviewer.goto(change_url)
    reviewer.click("a.historylink")
    rows = reviewer.locator("#change-history tbody tr")
    expect(rows).to_have_count(3)  # click() does not wait for the history page to finish loading
    history = reviewer.locator("#change-history").inner_text()
    assert "Added the original name." in history and "edna" in history and "rita" in history
    rows.nth(2).locator("a.compare-link").click()  # the imported text
    body_row = reviewer.locator(".editorial-changes tbody tr", has_text="Body")
    expect(body_row.locator("ins")).to_be_visible()
    assert body_row.locator("del").count() == 0
    assert body_row.locator("ins").inner_text() == ", as PICMME,"
    status_row = reviewer.locator(".editorial-changes tbody tr", has_text="Status")
    assert (status_row.locator("del").inner_text(), status_row.locator("ins").inner_text()) == (
        "Draft",
        "Published",
    )

    reviewer.click("text=Revert to this revision…")
    expect(reviewer.locator("#id_body")).to_have_value(OLD)
    reviewer.click("input[name=_save]")
    expect(reviewer.locator("ul.messagelist")).to_contain_text("Reverted “Origins” to the revision")
    expect(reviewer.locator("ul.messagelist")).to_contain_text("It is still published")
    assert reviewer.url == change_url  # stays on the item
    page.goto(public_url)
    main_text = page.locator("main").inner_text()
    assert OLD in main_text and "PICMME" not in main_text
    assert Section.objects.get(pk=draft_section.pk).status == Status.PUBLISHED


def test_second_editor_is_refused_and_keeps_what_they_typed(log_in, live_server, draft_section):
    change_url = live_server.url + admin_url(draft_section)
    ada = log_in(make_editor("ada"))
    ben = log_in(make_editor("ben"))
    ada.goto(change_url)
    ben.goto(change_url)

    ada.fill("#id_body", "Ada's correction.")
    ada.click("input[name=_save]")
    expect(ada.locator("ul.messagelist")).to_contain_text("was changed successfully")

    typed = "Ben's rewrite that took an hour to type."
    ben.fill("#id_body", typed)
    ben.fill("#id_summary", "Ben's summary.")
    ben.click("input[name=_save]")
    conflict = ben.locator(".editorial-conflict")
    expect(conflict).to_contain_text("Not saved: ada changed this item at")
    assert conflict.locator("tbody ins").first.inner_text() == "Ada's correction"
    assert ben.locator("#id_body").input_value() == typed
    assert ben.locator("#id_summary").input_value() == "Ben's summary."
    assert Section.objects.get(pk=draft_section.pk).body == "Ada's correction."

    ben.click("input[name=_save]")  # saving again, having seen the conflict, is deliberate
    expect(ben.locator("ul.messagelist")).to_contain_text("was changed successfully")
    assert Section.objects.get(pk=draft_section.pk).body == typed
