"""Drafts of changes to live items: an Editor's save waits for a Reviewer to publish it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.test import Client
from reversion.models import Version

from casestudies.models import Region
from iomkb.editorial.drafts import discard_draft, pending_change, publish_draft, save_draft
from iomkb.editorial.models import PendingChange
from iomkb.models import Citation, SourceDocument, Status, Theme, Verification
from iomkb.site.cache import bump_content_version
from sections.models import Section
from tests.editorial_helpers import admin_url, form_data, make_editor
from tests.factories import make_case_study, make_section

pytestmark = pytest.mark.django_db


# The service


def test_save_draft_leaves_the_live_row_and_its_history_alone(live, editor):
    version = live.version
    draft = save_draft(live, {"title": "New title", "body": "New words."}, editor)
    live.refresh_from_db()
    assert (live.title, live.body, live.version) == ("Live title", "Old words.", version)
    assert draft.values["title"] == "New title" and draft.base_version == version
    assert draft.created_by == editor
    assert not Version.objects.get_for_object(live).exists()


def test_one_draft_per_item_later_saves_update_it(live, editor, reviewer):
    save_draft(live, {"title": "First"}, editor)
    save_draft(live, {"body": "Second."}, reviewer)
    draft = pending_change(live)
    assert PendingChange.objects.count() == 1
    assert (draft.values["title"], draft.values["body"]) == ("First", "Second.")
    assert draft.created_by == editor and draft.updated_by == reviewer
    with pytest.raises(IntegrityError), transaction.atomic():
        PendingChange.objects.create(
            content_type=draft.content_type, object_id=live.pk, values={}, base_version=1
        )


def test_only_live_items_have_drafts(editor):
    hidden = make_section(status=Status.DRAFT, published_at=None)
    with pytest.raises(ValueError):
        save_draft(hidden, {"title": "X"}, editor)
    with pytest.raises(ValueError):
        save_draft(make_section(slug="other"), {"status": Status.DRAFT}, editor)


def test_publish_draft_applies_values_including_many_to_many_as_one_revision(editor, reviewer):
    region = Region.objects.create(name="Asia", slug="asia")
    theme = Theme.objects.create(name="Aid", slug="aid")
    citation = Citation.objects.create(key="c1", title="C1")
    case = make_case_study(title="Case", body="Old.")
    save_draft(
        case,
        {"body": "New.", "region": region, "themes": [theme], "citations": [citation.pk]},
        editor,
    )
    publish_draft(case, reviewer)
    case.refresh_from_db()
    assert case.body == "New." and case.region == region
    assert list(case.themes.all()) == [theme] and list(case.citations.all()) == [citation]
    assert pending_change(case) is None
    version = Version.objects.get_for_object(case).get()
    assert version.field_dict["body"] == "New." and version.revision.user == reviewer
    assert version.field_dict["citations"] == [citation.pk]
    assert "pending changes by edna" in version.revision.comment


def test_publish_and_discard_need_publish_permission(live, editor):
    save_draft(live, {"title": "New"}, editor)
    with pytest.raises(PermissionDenied):
        publish_draft(live, editor)
    with pytest.raises(PermissionDenied):
        discard_draft(live, editor)
    live.refresh_from_db()
    assert live.title == "Live title" and pending_change(live) is not None


def test_discard_draft(live, editor, reviewer):
    save_draft(live, {"title": "New"}, editor)
    discard_draft(live, reviewer)
    live.refresh_from_db()
    assert live.title == "Live title" and pending_change(live) is None


def test_publishing_an_editors_change_resets_verification_a_reviewers_own_keeps_it(
    reviewer, editor
):
    item = make_section(verification=Verification.VERIFIED, verification_note="Checked.")
    save_draft(item, {"summary": "Only the summary."}, editor)
    publish_draft(item, reviewer)  # approving an Editor's text is not checking its claims
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED and item.summary == "Only the summary."
    assert item.verification == Verification.UNVERIFIED
    assert f"text changed by {editor.get_username()}" in item.verification_note

    item.verification, item.verification_note = Verification.VERIFIED, "Checked again."
    item.save()
    save_draft(item, {"summary": "The reviewer's own wording."}, reviewer)
    publish_draft(Section.objects.get(pk=item.pk), reviewer)
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED and item.verification == Verification.VERIFIED


def test_publishing_vouched_text_resets_verification_unless_the_publisher_may_verify(editor):
    publisher = make_editor("pat")  # may publish, may not verify
    from django.contrib.auth.models import Permission

    publisher.user_permissions.add(
        Permission.objects.get(codename="publish_content", content_type__model="section")
    )
    item = make_section(verification=Verification.VERIFIED)
    save_draft(item, {"body": "Changed claims."}, editor)
    publish_draft(Section.objects.get(pk=item.pk), publisher)
    item.refresh_from_db()
    assert item.verification == Verification.UNVERIFIED
    assert "Verification reset" in item.verification_note


def test_deleting_an_item_deletes_its_draft(live, editor):
    save_draft(live, {"title": "New"}, editor)
    live.delete()
    assert not PendingChange.objects.exists()


# The admin


def post_change(client, item, **changes):
    data = form_data(client.get(admin_url(item)), **changes)
    return client.post(admin_url(item), data)


def test_editor_save_of_a_live_item_becomes_a_draft(client, live, editor):
    client.force_login(editor)
    version = live.version
    response = post_change(client, live, title="Edited title", body="Edited words.")
    assert response.status_code == 302
    live.refresh_from_db()
    assert (live.title, live.body, live.version) == ("Live title", "Old words.", version)
    assert pending_change(live).values["body"] == "Edited words."
    assert not Version.objects.get_for_object(live).exists()
    page = client.get(response.url)
    text = page.content.decode()
    assert "the public still sees the live version" in text
    assert "You are editing pending changes by edna" in text
    assert page.context["adminform"].form.initial["body"] == "Edited words."
    assert "<ins>Edited</ins>" in text or "<ins>Edited words</ins>" in text


def test_editor_draft_save_keeps_citations_in_the_draft(client, live, editor):
    kept = Citation.objects.create(key="kept", title="Kept")
    added = Citation.objects.create(key="added", title="Added")
    live.citations.add(kept)
    client.force_login(editor)
    data = form_data(client.get(admin_url(live)))
    prefix = next(key for key in data if key.endswith("-TOTAL_FORMS")).removesuffix("-TOTAL_FORMS")
    data[f"{prefix}-TOTAL_FORMS"] = "2"
    data[f"{prefix}-1-citation"] = str(added.pk)
    data[f"{prefix}-1-section"] = str(live.pk)
    assert client.post(admin_url(live), data).status_code == 302
    assert list(live.citations.all()) == [kept]
    assert sorted(pending_change(live).values["citations"]) == sorted([kept.pk, added.pk])
    # Reopened, the form shows the draft's links; saving again keeps them.
    data = form_data(client.get(admin_url(live)), summary="Again.")
    assert client.post(admin_url(live), data).status_code == 302
    assert sorted(pending_change(live).values["citations"]) == sorted([kept.pk, added.pk])


def test_editor_may_not_publish_with_a_crafted_post(client, live, editor):
    client.force_login(editor)
    data = form_data(client.get(admin_url(live)), title="Sneaky")
    data["_publish"] = "Publish"
    assert client.post(admin_url(live), data).status_code == 403
    live.refresh_from_db()
    assert live.title == "Live title" and pending_change(live) is None
    save_draft(live, {"title": "Pending"}, editor)
    assert client.post(admin_url(live, "discard_draft")).status_code == 403
    assert pending_change(live) is not None


def test_editor_save_of_an_unpublished_item_changes_it(client, editor):
    hidden = make_section(status=Status.DRAFT, published_at=None)
    client.force_login(editor)
    post_change(client, hidden, title="Changed")
    hidden.refresh_from_db()
    assert hidden.title == "Changed" and pending_change(hidden) is None


def test_draft_save_from_a_stale_form_is_refused(client, live, editor, reviewer):
    client.force_login(editor)
    data = form_data(client.get(admin_url(live)), title="Mine")
    live.summary = "Theirs"
    live.save()
    response = client.post(admin_url(live), data)
    assert response.status_code == 200 and response.context["edit_conflict"]
    assert pending_change(live) is None


def test_reviewer_gets_save_draft_and_publish(client, live, editor, reviewer):
    save_draft(live, {"body": "Editor's words."}, editor)
    client.force_login(reviewer)
    page = client.get(admin_url(live))
    text = page.content.decode()
    assert 'name="_publish"' in text and 'name="_save_draft"' in text
    assert "Discard draft" in text
    data = form_data(page, title="Reviewer's title")
    del data["_save"]
    data["_save_draft"] = "Save draft"
    client.post(admin_url(live), data)
    live.refresh_from_db()
    assert live.title == "Live title"
    assert pending_change(live).values["title"] == "Reviewer's title"
    data = form_data(client.get(admin_url(live)))
    del data["_save"]
    data["_publish"] = "Publish"
    assert client.post(admin_url(live), data).status_code == 302
    live.refresh_from_db()
    assert (live.title, live.body) == ("Reviewer's title", "Editor's words.")
    assert pending_change(live) is None


def test_reviewer_discards_a_draft(client, live, editor, reviewer):
    save_draft(live, {"title": "Pending"}, editor)
    client.force_login(reviewer)
    assert client.get(admin_url(live, "discard_draft")).status_code == 405
    assert client.post(admin_url(live, "discard_draft")).status_code == 302
    assert pending_change(live) is None


def test_editor_revert_of_a_live_item_becomes_a_draft(client, reviewer, editor):
    client.force_login(reviewer)
    item = make_section(title="First", body="First words.")
    post_change(client, item, body="Second words.")
    version = Version.objects.get_for_object(item).get()
    post_change(client, item, body="Third words.")
    client.force_login(editor)
    url = admin_url(item, "revision", version.pk)
    data = form_data(client.get(url))
    assert client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert item.body == "Third words."
    assert pending_change(item).values["body"] == "Second words."


# Public paths


@pytest.fixture
def public_item(editor):
    source = SourceDocument.objects.create(
        slug="src", title="Src", filename="src.txt", text="a\nb\nc\n", sha256="x"
    )
    theme = Theme.objects.create(name="Aid", slug="aid")
    item = make_case_study(
        title="Oldtitle case", body="Oldword body.", source=source, source_start_line=1
    )
    item.themes.add(theme)
    return item


PUBLIC_URLS = [
    "/case-studies/oldtitle-case/",
    "/case-studies/",
    "/search/?q=Oldword",
    "/feeds/updates/",
    "/themes/aid/",
    "/source/src/",
]


def public_texts(client):
    return {url: client.get(url).content.decode() for url in PUBLIC_URLS}


@pytest.mark.parametrize("cached", [False, True])
def test_public_paths_show_the_live_version_until_a_reviewer_publishes(
    client, settings, public_item, editor, reviewer, cached, django_capture_on_commit_callbacks
):
    if cached:
        settings.PAGE_CACHE_SECONDS = 600
        bump_content_version()
    before = public_texts(client)  # fills the cache when it is on
    assert "/case-studies/oldtitle-case/" in client.get("/sitemap.xml").content.decode()
    staff = Client()
    staff.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        post_change(staff, public_item, title="Newtitle case", body="Newword body.")
    after = public_texts(client)
    for url in PUBLIC_URLS:
        assert "Oldtitle" in after[url] and "Newtitle" not in after[url], url
        if cached:
            assert after[url] == before[url], url
    assert "/case-studies/oldtitle-case/" in client.get("/sitemap.xml").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        publish_draft(public_item, reviewer)
    for url in PUBLIC_URLS[:-1]:
        url = url.replace("Oldword", "Newword")
        assert "Newtitle" in client.get(url).content.decode(), url
    assert "Newtitle" in client.get("/source/src/").content.decode()


def test_draft_save_over_a_newer_draft_is_refused(live):
    ada, ben = Client(), Client()
    ada.force_login(make_editor("ada"))
    ben.force_login(make_editor("ben"))
    ada_page, ben_page = ada.get(admin_url(live)), ben.get(admin_url(live))
    ada.post(admin_url(live), form_data(ada_page, body="Ada's correction."))
    response = ben.post(admin_url(live), form_data(ben_page, body="Ben's rewrite."))
    assert response.status_code == 200
    assert "Not saved: ada changed this item at" in response.content.decode()
    assert response.context["adminform"].form["body"].value() == "Ben's rewrite."
    assert pending_change(live).values["body"] == "Ada's correction."
    # Saving again, after reading the conflict, replaces Ada's draft.
    data = form_data(response)
    assert ben.post(admin_url(live), data).status_code == 302
    assert pending_change(live).values["body"] == "Ben's rewrite."


def test_publish_from_a_form_opened_before_a_newer_draft_is_refused(live, editor, reviewer):
    rita = Client()
    rita.force_login(reviewer)
    page = rita.get(admin_url(live))
    save_draft(live, {"body": "Editor's words."}, editor)
    data = form_data(page, title="Rita's title")
    del data["_save"]
    data["_publish"] = "Publish"
    assert rita.post(admin_url(live), data).status_code == 200
    live.refresh_from_db()
    assert live.title == "Live title" and pending_change(live).values["body"] == "Editor's words."


def test_save_draft_refuses_an_outdated_number(live, editor):
    from iomkb.editorial.drafts import DraftConflict

    save_draft(live, {"title": "One"}, editor, expected_number=0)
    with pytest.raises(DraftConflict):
        save_draft(live, {"title": "Two"}, editor, expected_number=0)
    assert pending_change(live).values["title"] == "One"


# Staff preview


def test_staff_preview_the_draft_in_the_public_template_readers_never_can(
    client, live, editor, settings
):
    settings.PAGE_CACHE_SECONDS = 600
    bump_content_version()
    save_draft(live, {"body": "Draft words."}, editor)
    url = admin_url(live, "preview")
    assert client.get(url).status_code == 302  # to the admin login
    assert (
        "Draft words" not in client.get(live.get_absolute_url() + "?preview=draft").content.decode()
    )
    client.force_login(editor)
    response = client.get(url)
    text = response.content.decode()
    assert "Draft words." in text and "Old words." not in text
    assert "not public" in text
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    client.logout()
    assert "Old words." in client.get(live.get_absolute_url()).content.decode()


def test_preview_button_shows_the_unsaved_form_and_saves_nothing(client, live, editor):
    client.force_login(editor)
    page = client.get(admin_url(live))
    assert 'value="Preview"' in page.content.decode()
    data = form_data(page, body="Typed, not saved.")
    response = client.post(admin_url(live, "preview"), data)
    assert response.status_code == 200
    assert "Typed, not saved." in response.content.decode()
    live.refresh_from_db()
    assert live.body == "Old words." and pending_change(live) is None
    bad = client.post(admin_url(live, "preview"), form_data(page, title=""))
    assert bad.status_code == 400
