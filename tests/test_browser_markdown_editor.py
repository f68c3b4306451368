"""The body editor in a real browser: Preview shows the server-rendered, sanitised HTML."""

import pytest
import reversion
from playwright.sync_api import expect

from iomkb.models import Status
from sections.models import Section
from tests.editorial_helpers import admin_url, make_editor
from tests.factories import make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = "## What IOM does\n\nIt is **the** UN migration agency.\n\n<script>window.hacked=1</script>"


def test_preview_tab_shows_rendered_markdown_and_write_tab_brings_the_text_back(page, live_server):
    with reversion.create_revision():
        section = make_section(title="Mandate", status=Status.DRAFT, published_at=None)
    editor = make_editor()
    errors = []
    # Script errors and CSP violations (the browser's own /favicon.ico 404 is no concern here).
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and errors.append(message.text),
    )
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    page.goto(live_server.url + admin_url(section))

    body = page.locator("#id_body")
    assert body.evaluate("el => getComputedStyle(el).fontFamily").find("mono") >= 0
    assert body.bounding_box()["height"] > 400
    body.fill(BODY)
    page.get_by_role("tab", name="Preview").click()
    preview = page.locator("#id_body_preview")
    expect(preview.locator("h2")).to_have_text("What IOM does")
    expect(preview.locator("strong")).to_have_text("the")
    assert preview.locator("script").count() == 0
    assert page.evaluate("window.hacked") is None
    expect(body).to_be_hidden()

    page.get_by_role("tab", name="Write").click()
    expect(body).to_be_visible()
    assert body.input_value() == BODY
    page.click("input[name=_save]")  # the hidden tab did not lose the text
    expect(page.locator("ul.messagelist")).to_contain_text("was changed successfully")
    assert Section.objects.get(pk=section.pk).body == BODY
    assert errors == []  # no CSP violation, no script error
