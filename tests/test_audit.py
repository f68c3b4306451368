"""The audit log: every transition recorded by the paths all callers use, shown on the item
and site-wide for Reviewers."""

from datetime import timedelta

import pytest
import reversion
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from iomkb.editorial import audit
from iomkb.editorial.models import AuditEntry
from iomkb.models import Status, Verification
from sections.models import Section
from tests.editorial_helpers import admin_url, form_data
from tests.factories import make_section, with_evidence

pytestmark = pytest.mark.django_db
Action = AuditEntry.Action


def log_of(item):
    entries = AuditEntry.objects.filter(object_id=item.pk).order_by("created_at", "pk")
    return [(entry.action, entry.user.username if entry.user else None) for entry in entries]


def bulk(client, item, action):
    changelist = reverse("admin:sections_section_changelist")
    data = {"action": action, "_selected_action": [item.pk], "index": 0}
    return client.post(changelist, data, follow=True)


def test_bulk_publish_unpublish_and_verify_are_recorded_with_the_user(client, reviewer):
    item = make_section(status=Status.DRAFT, published_at=None)
    with_evidence(item)
    client.force_login(reviewer)
    bulk(client, item, "publish")
    bulk(client, item, "mark_verified")
    bulk(client, item, "unpublish")
    assert log_of(item) == [
        (Action.PUBLISHED, "rita"), (Action.VERIFICATION, "rita"), (Action.UNPUBLISHED, "rita")
    ]  # fmt: skip
    entry = AuditEntry.objects.get(action=Action.VERIFICATION)
    assert "unverified → verified" in entry.comment and "IOM Constitution" in entry.comment


def test_scheduling_in_the_form_is_recorded(client, reviewer):
    item = make_section(status=Status.DRAFT, published_at=None)
    client.force_login(reviewer)
    when = timezone.now() + timedelta(days=3)
    data = form_data(
        client.get(admin_url(item)),
        status=Status.PUBLISHED,
        published_at_0=when.strftime("%Y-%m-%d"),
        published_at_1=when.strftime("%H:%M:%S"),
    )
    assert client.post(admin_url(item), data).status_code == 302
    assert log_of(item) == [(Action.SCHEDULED, "rita")]
    assert "To be published on" in AuditEntry.objects.get().comment


def test_a_save_that_changes_no_state_records_nothing(client, editor):
    item = make_section(status=Status.DRAFT, published_at=None)
    client.force_login(editor)
    client.post(admin_url(item), form_data(client.get(admin_url(item)), body="Changed."))
    assert log_of(item) == []


def test_an_editor_save_that_resets_verification_is_recorded(client, editor):
    item = make_section(status=Status.DRAFT, published_at=None, verification=Verification.VERIFIED)
    with_evidence(item)
    AuditEntry.objects.all().delete()  # the factory's own
    client.force_login(editor)
    client.post(admin_url(item), form_data(client.get(admin_url(item)), body="New text."))
    assert log_of(item) == [(Action.VERIFICATION, "edna")]
    assert "Verification reset" in AuditEntry.objects.get().comment


def test_revert_is_one_entry_and_never_a_publishing_one(client, reviewer):
    client.force_login(reviewer)
    with reversion.create_revision():
        item = make_section(status=Status.DRAFT, published_at=None, body="First.")
    first = Version.objects.get_for_object(item).get()
    bulk(client, item, "publish")
    url = admin_url(item, "revision", first.pk)  # a revision from when it was a draft
    assert client.post(url, form_data(client.get(url))).status_code == 302
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert log_of(item) == [(Action.PUBLISHED, "rita"), (Action.REVERTED, "rita")]
    assert AuditEntry.objects.get(action=Action.REVERTED).comment.startswith("To the revision")


def test_viewing_a_revision_records_nothing(client, reviewer):
    client.force_login(reviewer)
    with reversion.create_revision():
        item = make_section(status=Status.DRAFT, published_at=None)
    version = Version.objects.get_for_object(item).get()
    assert client.get(admin_url(item, "revision", version.pk)).status_code == 200
    assert log_of(item) == []


def test_delete_and_recover_are_recorded_and_the_title_survives(client, reviewer):
    with reversion.create_revision():
        item = make_section(title="Mandate", status=Status.DRAFT, published_at=None)
    pk = item.pk
    client.force_login(reviewer)
    client.post(admin_url(item, "delete"), {"post": "yes"})
    deleted = AuditEntry.objects.get(action=Action.DELETED)
    assert (deleted.object_id, deleted.object_repr, deleted.user) == (pk, "Mandate", reviewer)
    log = client.get(reverse("admin:iomkb_editorial_auditentry_changelist"))
    assert "Mandate (deleted)" in log.content.decode()
    version = Version.objects.get_deleted(Section).get()
    url = reverse("admin:sections_section_recover", args=[version.pk])
    assert client.post(url, form_data(client.get(url))).status_code == 302
    recovered = Section.objects.get(pk=pk)
    assert log_of(recovered) == [(Action.DELETED, "rita"), (Action.RECOVERED, "rita")]


def test_expiry_is_recorded_once_at_its_time_when_the_log_is_read(client, reviewer):
    expired_at = timezone.now() - timedelta(minutes=5)
    item = make_section(published_at=expired_at - timedelta(days=1), expires_at=expired_at)
    AuditEntry.objects.all().delete()  # the factory's own "published"
    client.force_login(reviewer)
    url = reverse("admin:iomkb_editorial_auditentry_changelist")
    client.get(url)
    client.get(url)
    client.get(reverse("admin:index"))
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.created_at, entry.user, entry.object_id) == (
        Action.EXPIRED, expired_at, None, item.pk
    )  # fmt: skip


def test_the_log_is_for_reviewers_and_filters_and_searches(client, editor, reviewer):
    first = make_section(title="Alpha", slug="alpha", status=Status.DRAFT, published_at=None)
    second = make_section(title="Beta", slug="beta", status=Status.DRAFT, published_at=None)
    with audit.acting(reviewer):
        first.publish()
        first.save()
    with audit.acting(editor):
        audit.record(second, Action.SUBMITTED, "Look at beta.")
    url = reverse("admin:iomkb_editorial_auditentry_changelist")
    client.force_login(editor)
    assert client.get(url).status_code == 403
    client.force_login(reviewer)

    def shown(query):
        response = client.get(url + query)
        assert response.status_code == 200
        return [entry.object_repr for entry in response.context["cl"].result_list]

    assert shown("") == ["Beta", "Alpha"]
    assert shown("?action__exact=published") == ["Alpha"]
    assert shown(f"?user__id__exact={editor.pk}") == ["Beta"]
    content_type = AuditEntry.objects.first().content_type_id
    assert shown(f"?content_type__id__exact={content_type}") == ["Beta", "Alpha"]
    assert shown(f"?created_at__year={timezone.now().year}") == ["Beta", "Alpha"]
    assert shown("?q=look+at") == ["Beta"]
    assert shown(f"?object_id={first.pk}&content_type__id__exact={content_type}") == ["Alpha"]
    assert client.get(url + "?created_at__year=99999999999").url.endswith("?e=1")  # not a 500
    entry = AuditEntry.objects.first()
    change = reverse("admin:iomkb_editorial_auditentry_change", args=[entry.pk])
    assert client.post(change, {"comment": "Rewritten"}).status_code == 403


def test_the_change_form_shows_the_items_recent_log(client, editor):
    item = make_section(status=Status.DRAFT, published_at=None)
    with audit.acting(editor):
        audit.record(item, Action.SUBMITTED, "Ready for a look.")
    client.force_login(editor)
    text = client.get(admin_url(item)).content.decode()
    assert 'id="audit-log"' in text and "Submitted for review" in text
    assert "Ready for a look." in text


def test_a_scheduled_publication_is_recorded_as_went_live_at_its_time(client, reviewer):
    goes_live = timezone.now() - timedelta(minutes=5)
    item = make_section(status=Status.DRAFT, published_at=None)
    with audit.acting(reviewer):
        item.status, item.published_at = Status.PUBLISHED, timezone.now() + timedelta(hours=1)
        item.save()
    assert log_of(item)[-1] == (Action.SCHEDULED, "rita")
    # An hour later, as if by the clock: the entry was written before the publication time.
    AuditEntry.objects.filter(object_id=item.pk).update(created_at=goes_live - timedelta(hours=1))
    Section.objects.filter(pk=item.pk).update(published_at=goes_live)
    client.force_login(reviewer)
    url = reverse("admin:iomkb_editorial_auditentry_changelist")
    client.get(url)
    client.get(url)
    client.get(reverse("admin:sections_section_change", args=[item.pk]))
    went_live = AuditEntry.objects.get(action=Action.WENT_LIVE)
    assert (went_live.object_id, went_live.created_at, went_live.user) == (item.pk, goes_live, None)
    assert "Went live" in client.get(url).content.decode()


def test_publishing_a_scheduled_item_by_hand_is_not_also_a_go_live(client, reviewer):
    item = make_section(status=Status.DRAFT, published_at=None)
    with audit.acting(reviewer):
        item.status, item.published_at = Status.PUBLISHED, timezone.now() + timedelta(hours=1)
        item.save()
        item.published_at = timezone.now()  # changed their mind: publish now
        item.save()
    assert log_of(item)[-1] == (Action.PUBLISHED, "rita")
    audit.record_clock_events()
    assert not AuditEntry.objects.filter(action=Action.WENT_LIVE).exists()
