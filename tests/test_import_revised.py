"""Re-importing a revised text: untouched items take the new lines; an item an editor changed
is left alone, and its new source lines wait beside it until a person decides."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from iomkb.models import SourceUpdate, Status
from sections.models import Section

from .editorial_helpers import admin_url, make_editor, make_reviewer

FIRST = (
    "Labour Mobility in the Pacific\n"
    "Seasonal schemes bring workers from Pacific island states to farms abroad.\n"
    "How the Schemes Work\n"
    "Employers recruit through labour-sending units.\n"
    "Protections\n"
    "Workers have guaranteed hours.\n"
)
REVISED = FIRST.replace("labour-sending units.", "labour-sending units in each state.").replace(
    "guaranteed hours.", "guaranteed hours and pastoral care."
)

pytestmark = pytest.mark.django_db


def run_import(path, **options):
    out = io.StringIO()
    call_command("import_source", str(path), stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def revised(tmp_path):
    """The first text imported and published, 'Protections' edited, then the revision imported."""
    path = tmp_path / "pacific.txt"
    path.write_text(FIRST)
    run_import(path, publish=True)
    edited = Section.objects.get(title="Protections")
    edited.body = "Workers have guaranteed hours (an editor's wording)."
    edited.save()
    path.write_text(REVISED)
    output = run_import(path)
    return output, edited


def test_untouched_items_take_the_new_lines_and_edited_ones_wait(revised):
    output, edited = revised
    assert "2 updated" in output and "1 skipped" in output  # the text itself and one section
    assert "its new source lines wait beside it in the admin" in output
    assert Section.objects.get(title="How the Schemes Work").body.endswith("in each state.")
    edited.refresh_from_db()
    assert edited.body == "Workers have guaranteed hours (an editor's wording)."
    update = SourceUpdate.objects.for_item(edited).get()
    assert update.old_source_body == "Workers have guaranteed hours."
    assert update.new_source_body == "Workers have guaranteed hours and pastoral care."


def test_reimporting_again_keeps_one_waiting_update(revised, tmp_path):
    _, edited = revised
    run_import(tmp_path / "pacific.txt")
    assert SourceUpdate.objects.for_item(edited).count() == 1


def test_the_change_form_links_to_a_side_by_side_page(client, revised):
    _, edited = revised
    client.force_login(make_editor())
    page = client.get(admin_url(edited)).content.decode()
    url = admin_url(edited, "source_update")
    assert url in page and "Compare and decide" in page
    side_by_side = client.get(url).content.decode()
    assert "Workers have guaranteed hours." in side_by_side  # as first imported
    assert "<ins> and pastoral care</ins>" in side_by_side
    assert "(an editor&#x27;s wording)" in side_by_side  # the current text
    assert "a Reviewer decides" in side_by_side  # the item is live: not for an Editor


def test_an_editor_cannot_resolve_it_on_a_live_item(client, revised):
    _, edited = revised
    client.force_login(make_editor())
    response = client.post(admin_url(edited, "source_update"), {"_take": "1"})
    assert response.status_code == 403
    edited.refresh_from_db()
    assert "editor's wording" in edited.body
    assert SourceUpdate.objects.exists()


def test_a_reviewer_takes_the_new_text(client, revised):
    _, edited = revised
    client.force_login(make_reviewer())
    response = client.post(admin_url(edited, "source_update"), {"_take": "1"})
    assert response.status_code == 302 and response["Location"] == admin_url(edited)
    edited.refresh_from_db()
    assert edited.body == edited.source_body == "Workers have guaranteed hours and pastoral care."
    assert not edited.changed_since_import
    assert not SourceUpdate.objects.exists()


def test_an_editor_keeps_their_text_on_a_draft(client, revised):
    _, edited = revised
    edited.status = Status.DRAFT
    edited.save()
    client.force_login(make_editor())
    response = client.post(admin_url(edited, "source_update"), {"_keep": "1"})
    assert response.status_code == 302
    edited.refresh_from_db()
    assert "editor's wording" in edited.body
    assert edited.source_body == "Workers have guaranteed hours and pastoral care."
    assert edited.changed_since_import  # now against the new lines
    assert not SourceUpdate.objects.exists()


def test_deleting_the_item_deletes_its_waiting_update(revised):
    _, edited = revised
    edited.delete()
    assert not SourceUpdate.objects.exists()


@pytest.mark.parametrize("object_id", ["abc", "999999", "1%00"])
def test_bad_ids_on_the_page_never_fail(client, object_id):
    client.force_login(make_reviewer())
    url = reverse("admin:sections_section_changelist") + f"{object_id}/source-update/"
    assert client.get(url).status_code in (302, 404)
