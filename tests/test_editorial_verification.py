"""A verification vouches for the text it saw: unreviewed changes take the badge away."""

from pathlib import Path

import pytest
import reversion
from django.conf import settings
from django.urls import reverse
from reversion.models import Version

from iomkb.extraction import load_extraction
from iomkb.importer import import_extraction
from iomkb.models import Citation, Status, Verification
from sections.models import Section
from tests.editorial_helpers import admin_url, form_data, make_editor
from tests.factories import make_case_study, make_section, with_evidence

pytestmark = pytest.mark.django_db

SOURCE_DIR = Path(settings.SOURCE_DIR)
UNPUBLISHED = {"status": Status.DRAFT, "published_at": None}


@pytest.fixture
def verified(reviewer):
    """A case study a reviewer verified, with one citation, in the history. Not yet public: an
    Editor's save of a live item is a draft of changes, which leaves the live item and its
    verification alone (tests/test_drafts.py)."""
    citation = Citation.objects.create(key="iom-constitution", title="IOM Constitution")
    with reversion.create_revision():
        item = make_case_study(title="Return in Niger", body="Checked text.", **UNPUBLISHED)
        item.citations.set([citation])
        item.set_verification(
            Verification.VERIFIED, reviewer, note="Checked against the IOM annual report."
        )
        item.save()
    return item


def editor_client(client, username="edna"):
    client.force_login(make_editor(username))
    return client


def assert_reset(item, by="edna"):
    item.refresh_from_db()
    assert (item.verification, item.verified_by, item.verified_at) == (
        Verification.UNVERIFIED,
        None,
        None,
    )
    assert item.verification_note.startswith(f"Verification reset: text changed by {by} on ")
    assert item.verification_note.endswith("Earlier note: Checked against the IOM annual report.")


@pytest.mark.parametrize("field", ["title", "summary", "body"])
def test_editor_changing_verified_text_resets_it_to_unverified(client, verified, field):
    editor = editor_client(client)
    response = editor.post(
        admin_url(verified), form_data(editor.get(admin_url(verified)), **{field: "New words."})
    )
    assert response.status_code == 302
    assert_reset(verified)
    assert verified.status == Status.DRAFT
    assert getattr(verified, field) == "New words."
    latest = Version.objects.get_for_object(verified).first()
    assert "Verification reset: text changed by edna" in latest.revision.get_comment()
    assert latest.field_dict["verification"] == Verification.UNVERIFIED


def test_editor_is_told_the_save_reset_verification(client, verified):
    editor = editor_client(client)
    page = editor.get(admin_url(verified))
    assert "resets it to unverified" in page.content.decode()
    response = editor.post(admin_url(verified), form_data(page, body="New."), follow=True)
    assert "Your changes reset it to unverified" in response.content.decode()


def test_editor_unlinking_a_citation_resets_verification(client, verified):
    editor = editor_client(client)
    page = editor.get(admin_url(verified))
    prefix = page.context["inline_admin_formsets"][0].formset.prefix
    response = editor.post(admin_url(verified), form_data(page, **{f"{prefix}-0-DELETE": "on"}))
    assert response.status_code == 302
    assert list(verified.citations.all()) == []
    assert_reset(verified)


def test_editor_saving_without_changing_the_text_keeps_verification(client, verified, reviewer):
    editor = editor_client(client)
    page = editor.get(admin_url(verified))
    assert editor.post(admin_url(verified), form_data(page, themes=[])).status_code == 302
    verified.refresh_from_db()
    assert (verified.verification, verified.verified_by) == (Verification.VERIFIED, reviewer)


def test_reviewer_editing_text_keeps_the_status_they_set(client, verified, reviewer):
    client.force_login(reviewer)
    page = client.get(admin_url(verified))
    assert client.post(admin_url(verified), form_data(page, body="Rechecked.")).status_code == 302
    verified.refresh_from_db()
    assert (verified.body, verified.verification) == ("Rechecked.", Verification.VERIFIED)
    assert verified.verified_by == reviewer


def test_editor_reverting_verified_item_to_older_text_resets_it(client, reviewer):
    with reversion.create_revision():
        item = make_section(title="Mandate", body="Unchecked older text.", **UNPUBLISHED)
    older = Version.objects.get_for_object(item).first()
    with_evidence(item, note="Checked against the IOM annual report.")
    with reversion.create_revision():
        item.body = "Checked text."
        item.set_verification(Verification.VERIFIED, reviewer)
        item.save()
    editor = editor_client(client)
    revert_url = admin_url(item, "revision", older.pk)
    assert editor.post(revert_url, form_data(editor.get(revert_url))).status_code == 302
    assert_reset(item)
    assert item.body == "Unchecked older text."


def test_reviewer_reverting_keeps_verification(client, verified, reviewer):
    first = Version.objects.get_for_object(verified).first()
    with reversion.create_revision():
        verified.body = "Later text."
        verified.save()
    client.force_login(reviewer)
    revert_url = admin_url(verified, "revision", first.pk)
    assert client.post(revert_url, form_data(client.get(revert_url))).status_code == 302
    verified.refresh_from_db()
    assert (verified.body, verified.verification) == ("Checked text.", Verification.VERIFIED)


def test_editors_may_add_and_link_citations_but_not_change_or_delete_them(client, verified):
    editor = editor_client(client)
    citation = verified.citations.get()
    change_url = reverse("admin:iomkb_citation_change", args=[citation.pk])
    data = {"key": citation.key, "title": "Another title", "url": "https://example.org/x"}
    assert editor.post(change_url, data).status_code == 403
    delete_url = reverse("admin:iomkb_citation_delete", args=[citation.pk])
    assert editor.post(delete_url, {"post": "yes"}).status_code == 403
    citation.refresh_from_db()
    assert citation.title == "IOM Constitution"
    add = editor.post(reverse("admin:iomkb_citation_add"), {"key": "new", "title": "New source"})
    assert add.status_code == 302
    assert Citation.objects.filter(key="new").exists()


def test_import_replacing_a_verified_body_resets_it(reviewer, tmp_path):
    source = SOURCE_DIR / "iom-global-migration-governance.txt"
    extraction = SOURCE_DIR / "extraction.toml"
    import_extraction(load_extraction(source, extraction), source.name)
    section = with_evidence(Section.objects.get(order=10), "Checked against the IOM annual report.")
    section.set_verification(Verification.VERIFIED, reviewer)
    section.save()
    changed = source.read_text(encoding="utf-8").replace(
        "ensuring a comprehensive response.", "ensuring a joined-up response."
    )
    path = tmp_path / source.name
    path.write_text(changed, encoding="utf-8")
    import_extraction(load_extraction(path, extraction), path.name)
    assert_reset(section, by="an import")
    assert "joined-up response" in section.body


def test_import_leaving_a_verified_body_alone_keeps_verification(reviewer):
    source = SOURCE_DIR / "iom-global-migration-governance.txt"
    extraction = SOURCE_DIR / "extraction.toml"
    import_extraction(load_extraction(source, extraction), source.name)
    section = with_evidence(Section.objects.get(order=10))
    section.set_verification(Verification.VERIFIED, reviewer)
    section.save()
    import_extraction(load_extraction(source, extraction), source.name)
    section.refresh_from_db()
    assert (section.verification, section.verified_by) == (Verification.VERIFIED, reviewer)


def test_editor_links_an_existing_citation_to_an_item(client):
    item = make_section(title="Mandate", **UNPUBLISHED)
    citation = Citation.objects.create(key="iom-constitution", title="IOM Constitution")
    editor = editor_client(client)
    page = editor.get(admin_url(item))
    inline = page.context["inline_admin_formsets"][0]
    assert inline.has_add_permission
    prefix = inline.formset.prefix
    data = form_data(page, **{f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-0-citation": citation.pk})
    assert editor.post(admin_url(item), data).status_code == 302
    assert list(item.citations.all()) == [citation]
