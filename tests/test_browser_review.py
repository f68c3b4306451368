"""The review loop in a real browser, two users in two browser contexts and an anonymous reader."""

import pytest
from playwright.sync_api import expect

from tests.editorial_helpers import admin_url, make_editor, make_reviewer
from tests.factories import make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OLD = "IOM was established in 1951 to help resettle people displaced by the war."
FIRST_TRY = "IOM was established in 1951, as PICMME, to resettle Europeans displaced by the war."
FIXED = "IOM was established in 1951 as PICMME (the Provisional Intergovernmental Committee)."


def public_text(page, url):
    assert page.goto(url).status == 200
    return page.locator("main").inner_text()


def test_editor_submits_reviewer_sends_back_then_approves(log_in, live_server, page):
    section = make_section(title="Origins", slug="origins", body=OLD)
    public_url = live_server.url + section.get_absolute_url()
    change_url = live_server.url + admin_url(section)
    assert OLD in public_text(page, public_url)  # now in the page cache too

    editor = log_in(make_editor())
    editor.goto(change_url)
    editor.fill("#id_body", FIRST_TRY)
    editor.fill("#id_review_message", "Added the original name.")
    editor.click("input[name=_submit_review]")
    expect(editor.locator("ul.messagelist")).to_contain_text("Submitted for review")
    expect(editor.locator(".editorial-review-status")).to_contain_text("Awaiting review")
    text = public_text(page, public_url)
    assert OLD in text and "PICMME" not in text

    reviewer = log_in(make_reviewer())
    reviewer.goto(live_server.url + "/admin/")
    row = reviewer.locator(".review-queue tbody tr", has_text="Origins")
    expect(row).to_contain_text("edna")
    expect(row).to_contain_text("Added the original name.")
    row.get_by_role("link", name="Body").click()
    body_row = reviewer.locator(".editorial-changes tbody tr", has_text="Body")
    expect(body_row.locator("ins").first).to_contain_text("PICMME")
    reviewer.fill("#id_comment", "Give the committee's full name, please.")
    reviewer.click("input[name=_request_changes]")
    expect(reviewer.locator("ul.messagelist")).to_contain_text("Changes requested")

    editor.goto(live_server.url + "/admin/")
    expect(editor.locator(".changes-requested")).to_contain_text("committee's full name")
    editor.goto(change_url)
    expect(editor.locator(".editorial-review-status")).to_contain_text("committee's full name")
    assert editor.locator("#id_body").input_value() == FIRST_TRY  # the draft, to fix
    editor.fill("#id_body", FIXED)
    editor.click("input[name=_submit_review]")
    expect(editor.locator(".editorial-review-status")).to_contain_text("Awaiting review")
    assert "PICMME" not in public_text(page, public_url)

    reviewer.goto(live_server.url + "/admin/")
    reviewer.locator(".review-queue tbody tr", has_text="Origins").get_by_role(
        "link", name="Origins"
    ).click()
    reviewer.click("input[name=_approve]")
    expect(reviewer.locator("ul.messagelist")).to_contain_text("Approved: published")
    expect(reviewer.locator(".review-queue")).to_contain_text("Nothing awaiting review")

    text = public_text(page, public_url)
    assert "Provisional Intergovernmental Committee" in text and OLD not in text
    editor.goto(change_url)
    expect(editor.locator("#audit-log")).to_contain_text("Approved")
    expect(editor.locator("#audit-log")).to_contain_text("Changes requested")
