"""Importing a source text from the admin in a real browser: upload, preview, confirm."""

import pytest
from playwright.sync_api import expect

from casestudies.models import CaseStudy
from sections.models import Section
from tests.editorial_helpers import make_reviewer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = (
    "**Labour Mobility in the Pacific**\n\n"
    "*This summary was assembled by AI; verify it with official sources.*\n\n"
    "Seasonal schemes bring workers from Pacific island states to farms abroad.\n\n"
    "**How the Schemes Work**\n"
    "Employers recruit through labour-sending units.\n\n"
    "**Case Studies**\n"
    "For example, in 2019 the scheme helped workers from Vanuatu return home safely.\n"
)


def test_reviewer_uploads_previews_and_imports(log_in, live_server, tmp_path):
    path = tmp_path / "pacific.md"
    path.write_text(TEXT)
    reviewer = log_in(make_reviewer())
    reviewer.goto(live_server.url + "/admin/")
    reviewer.get_by_role("link", name="Import a source text…").click()
    reviewer.set_input_files("#id_file", str(path))
    reviewer.get_by_role("button", name="Preview the import").click()

    expect(reviewer.locator("h2")).to_contain_text("Preview of pacific.md")
    expect(reviewer.locator("table.editorial-changes")).to_contain_text("How the Schemes Work")
    expect(reviewer.locator("table.editorial-changes")).to_contain_text("suggested by the import")
    assert not Section.objects.exists()  # a preview saves nothing

    reviewer.get_by_role("button", name="Import pacific.md").click()
    expect(reviewer.locator("ul.messagelist")).to_contain_text("Imported pacific.md")
    assert Section.objects.count() == 2
    study = CaseStudy.objects.get()
    assert study.suggested_by_import
    # The new drafts are listed with links to their change forms.
    reviewer.get_by_role("link", name=study.title).click()
    expect(reviewer.locator("#id_suggested_by_import")).to_be_checked()
