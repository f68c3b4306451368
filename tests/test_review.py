"""The review workflow: submit, the queue, approve or request changes, permissions, emails."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from iomkb.editorial import review
from iomkb.editorial.drafts import pending_change, save_draft
from iomkb.editorial.models import AuditEntry, ReviewRequest
from iomkb.models import Status
from tests.editorial_helpers import admin_url, form_data, make_reviewer
from tests.factories import make_section

pytestmark = pytest.mark.django_db
State = ReviewRequest.State
Action = AuditEntry.Action


@pytest.fixture
def new_item():
    return make_section(title="New one", slug="new-one", status=Status.DRAFT, published_at=None)


def actions_of(item):
    return [entry.action for entry in AuditEntry.objects.filter(object_id=item.pk)]


def submitted_change(live, editor, message="Please check."):
    save_draft(live, {"body": "New words."}, editor)
    review.submit(live, editor, message)
    return review.review_request(live)


# The service


def test_submit_records_who_when_and_the_message(live, editor):
    request = submitted_change(live, editor)
    assert (request.state, request.submitted_by, request.message) == (
        State.SUBMITTED, editor, "Please check."
    )  # fmt: skip
    assert request.submitted_at <= timezone.now()
    entry = AuditEntry.objects.get(action=Action.SUBMITTED)
    assert (entry.user, entry.comment, entry.object_repr) == (editor, "Please check.", "Live title")


def test_submit_needs_something_to_review(live, editor):
    with pytest.raises(ValidationError, match="Nothing to review"):
        review.submit(live, editor)
    assert not ReviewRequest.objects.exists()


def test_approve_publishes_the_pending_change(live, editor, reviewer):
    submitted_change(live, editor)
    review.approve(live, reviewer, "Fine.")
    live.refresh_from_db()
    assert live.body == "New words." and pending_change(live) is None
    assert review.review_request(live) is None
    assert {Action.SUBMITTED, Action.APPROVED, Action.PUBLISHED} <= set(actions_of(live))


def test_approve_publishes_a_new_item_or_schedules_it(new_item, editor, reviewer):
    review.submit(new_item, editor)
    review.approve(new_item, reviewer)
    new_item.refresh_from_db()
    assert new_item.is_published()
    later = make_section(title="Later", slug="later", status=Status.DRAFT, published_at=None)
    review.submit(later, editor)
    when = timezone.now() + timedelta(days=2)
    review.approve(later, reviewer, publish_at=when)
    later.refresh_from_db()
    assert later.is_scheduled and later.published_at == when
    assert Action.SCHEDULED in actions_of(later)


def test_a_live_item_change_cannot_be_scheduled(live, editor, reviewer):
    submitted_change(live, editor)
    with pytest.raises(ValidationError, match="published at once"):
        review.approve(live, reviewer, publish_at=timezone.now() + timedelta(days=1))
    live.refresh_from_db()
    assert live.body == "Old words." and review.review_request(live).state == State.SUBMITTED


def test_request_changes_needs_a_comment_and_resubmitting_clears_it(live, editor, reviewer):
    submitted_change(live, editor)
    with pytest.raises(ValidationError, match="comment is required"):
        review.request_changes(live, reviewer, "  ")
    review.request_changes(live, reviewer, "Cite the agreement.")
    request = review.review_request(live)
    assert (request.state, request.comment, request.reviewed_by) == (
        State.CHANGES_REQUESTED, "Cite the agreement.", reviewer
    )  # fmt: skip
    with pytest.raises(ValidationError, match="not awaiting review"):
        review.approve(live, reviewer)
    review.submit(live, editor, "Cited it.")
    request = review.review_request(live)
    assert (request.state, request.comment, request.message) == (State.SUBMITTED, "", "Cited it.")


def test_submit_needs_the_permission_to_edit_the_item(new_item, django_user_model):
    visitor = django_user_model.objects.create_user("vic", "vic@example.org", "pw", is_staff=True)
    with pytest.raises(PermissionDenied):
        review.submit(new_item, visitor)
    assert (
        not ReviewRequest.objects.exists()
        and not AuditEntry.objects.filter(action=Action.SUBMITTED).exists()
    )


def test_only_reviewers_approve_or_request_changes(live, editor):
    submitted_change(live, editor)
    with pytest.raises(PermissionDenied, match="Only reviewers"):
        review.approve(live, editor)
    with pytest.raises(PermissionDenied, match="Only reviewers"):
        review.request_changes(live, editor, "No.")
    live.refresh_from_db()
    assert live.body == "Old words." and review.review_request(live).state == State.SUBMITTED


def test_publishing_or_discarding_by_other_means_closes_the_request(
    live, new_item, editor, reviewer
):
    from iomkb.editorial.drafts import discard_draft

    submitted_change(live, editor)
    discard_draft(live, reviewer)
    assert review.review_request(live) is None
    assert Action.DISCARDED in actions_of(live)
    review.submit(new_item, editor)
    new_item.publish()
    new_item.save()
    assert review.review_request(new_item) is None
    new_item.delete()
    assert not ReviewRequest.objects.exists()


# Emails: sent once, and only after commit


def test_submit_emails_the_reviewers_after_commit(
    live, editor, reviewer, django_capture_on_commit_callbacks
):
    make_reviewer("rob")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submitted_change(live, editor)
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert sorted(message.to[0] for message in mail.outbox) == [
        "rita@example.org", "rob@example.org"
    ]  # fmt: skip
    assert all(len(message.to) == 1 for message in mail.outbox)
    assert "Please check." in mail.outbox[0].body
    assert admin_url(live) in mail.outbox[0].body


def test_approve_and_request_changes_email_the_submitter_once(
    live, editor, reviewer, django_capture_on_commit_callbacks
):
    submitted_change(live, editor)
    with django_capture_on_commit_callbacks(execute=True):
        review.request_changes(live, reviewer, "Cite it.")
    assert [(m.subject, m.to) for m in mail.outbox] == [
        ("Changes requested: Live title", ["edna@example.org"])
    ]
    assert "Cite it." in mail.outbox[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        review.submit(live, editor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        review.approve(live, reviewer)
    sent = [(m.subject, m.to) for m in mail.outbox]
    assert sent == [("Approved: Live title", ["edna@example.org"])]


def test_a_refused_transition_sends_nothing(live, editor, django_capture_on_commit_callbacks):
    submitted_change(live, editor)
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(PermissionDenied):
        review.approve(live, editor)
    assert callbacks == []


def test_a_failing_mail_server_does_not_undo_or_break_the_submit(
    live, editor, reviewer, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = "tests.test_review.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        submitted_change(live, editor)
    assert review.review_request(live).state == State.SUBMITTED
    assert "review email not sent" in caplog.text


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("connection refused")


# The admin


def post_change(client, item, **changes):
    data = form_data(client.get(admin_url(item)), **changes)
    return client.post(admin_url(item), data)


def test_editor_submits_a_live_item_change_from_the_form(client, live, editor, reviewer):
    client.force_login(editor)
    page = client.get(admin_url(live))
    assert 'name="_submit_review"' in page.content.decode()
    data = form_data(page, body="Better words.", review_message="Fixed a date.")
    del data["_save"]
    data["_submit_review"] = "Submit for review"
    response = client.post(admin_url(live), data)
    assert response.status_code == 302 and response.url == admin_url(live)
    live.refresh_from_db()
    assert live.body == "Old words."
    assert pending_change(live).values["body"] == "Better words."
    request = review.review_request(live)
    assert (request.submitted_by, request.message) == (editor, "Fixed a date.")
    text = client.get(admin_url(live)).content.decode()
    assert "Awaiting review" in text and "Fixed a date." in text


def test_submitting_a_live_item_unchanged_stores_no_empty_draft(client, live, editor):
    client.force_login(editor)
    data = form_data(client.get(admin_url(live)), body="Old words.\r\n")  # as a browser posts
    del data["_save"]
    data["_submit_review"] = "Submit for review"
    response = client.post(admin_url(live), data, follow=True)
    text = response.content.decode()
    assert "Nothing saved: the form matches the live version" in text
    assert "Submitted for review" not in text
    assert pending_change(live) is None and review.review_request(live) is None


def test_editor_submits_a_new_item_from_the_add_form(client, editor):
    client.force_login(editor)
    url = reverse("admin:sections_section_add")
    data = form_data(client.get(url), title="Fresh", slug="fresh", body="Text.", order="5")
    del data["_save"]
    data["_submit_review"] = "Submit for review"
    response = client.post(url, data)
    assert response.status_code == 302
    from sections.models import Section

    fresh = Section.objects.get(slug="fresh")
    assert fresh.status == Status.DRAFT and review.review_request(fresh).submitted_by == editor


def test_reviewer_finds_it_in_the_queue_and_requests_changes(client, live, editor, reviewer):
    submitted_change(live, editor, "Have a look.")
    client.force_login(reviewer)
    home = client.get(reverse("admin:index"))
    [row] = home.context["queue"]
    assert (row.item, row.what, row.request.submitter) == (live, "Body", "edna")
    text = home.content.decode()
    assert f'href="{admin_url(live, "review")}"' in text and "Have a look." in text
    page = client.get(admin_url(live, "review"))
    assert "<ins>New</ins>" in page.content.decode()
    response = client.post(admin_url(live, "review"), {"_request_changes": "1", "comment": ""})
    assert response.status_code == 200 and "comment is required" in response.content.decode()
    response = client.post(
        admin_url(live, "review"), {"_request_changes": "1", "comment": "Cite the source."}
    )
    assert response.status_code == 302
    client.force_login(editor)
    home = client.get(reverse("admin:index"))
    assert [row.item for row in home.context["changes_requested"]] == [live]
    assert "Cite the source." in home.content.decode()
    assert "Cite the source." in client.get(admin_url(live)).content.decode()


def test_reviewer_approves_from_the_review_page(client, live, editor, reviewer):
    submitted_change(live, editor)
    client.force_login(reviewer)
    response = client.post(admin_url(live, "review"), {"_approve": "1", "comment": "Good."})
    assert response.status_code == 302
    live.refresh_from_db()
    assert live.body == "New words." and review.review_request(live) is None


def test_crafted_approve_or_request_changes_by_an_editor_is_refused(client, live, editor):
    submitted_change(live, editor)
    client.force_login(editor)
    for action in ("_approve", "_request_changes"):
        response = client.post(admin_url(live, "review"), {action: "1", "comment": "Mine."})
        assert response.status_code == 403
        assert "Only reviewers can" in response.content.decode()
    live.refresh_from_db()
    assert live.body == "Old words." and review.review_request(live).state == State.SUBMITTED
    assert sorted(actions_of(live)) == [Action.PUBLISHED, Action.SUBMITTED]  # made live, submitted


def test_anonymous_cannot_reach_the_review_page(client, live, editor):
    submitted_change(live, editor)
    response = client.post(admin_url(live, "review"), {"_approve": "1"})
    assert response.status_code == 302 and "/admin/login/" in response.url
    live.refresh_from_db()
    assert live.body == "Old words."


def test_changelist_flags_pending_and_awaiting_items(client, live, editor):
    other = make_section(title="Other", slug="other")
    save_draft(other, {"title": "Draft title"}, editor)
    submitted_change(live, editor)
    client.force_login(editor)
    response = client.get(reverse("admin:sections_section_changelist"))
    text = response.content.decode()
    assert "Published · pending changes · awaiting review" in text
    assert "Published · pending changes</td>" in text
    filtered = client.get(reverse("admin:sections_section_changelist") + "?review=submitted")
    assert [item.pk for item in filtered.context["cl"].result_list] == [live.pk]
    home = client.get(reverse("admin:index"))
    counts = {summary.label: summary.counts for summary in home.context["summaries"]}
    assert (counts["Sections"]["pending"], counts["Sections"]["awaiting"]) == (2, 1)


def test_editor_cannot_change_live_rows_from_the_list(client, live, editor, reviewer):
    url = reverse("admin:sections_section_changelist")
    data = {
        "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": str(live.pk),
        "form-0-order": "99", "_save": "Save",
    }  # fmt: skip
    client.force_login(editor)
    assert 'name="form-0-order"' not in client.get(url).content.decode()
    response = client.post(url, data, follow=True)
    assert "Only reviewers change items straight from the list" in response.content.decode()
    live.refresh_from_db()
    assert live.order != 99
    client.force_login(reviewer)
    assert 'name="form-0-order"' in client.get(url).content.decode()
    client.post(url, data)
    live.refresh_from_db()
    assert live.order == 99


# The demo


def test_setup_demo_leaves_one_change_awaiting_review_and_one_sent_back(client):
    from io import StringIO

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    out = StringIO()
    call_command("setup_demo", stdout=out)
    assert "Awaiting review: changes to" in out.getvalue()
    awaiting = ReviewRequest.objects.get(state=State.SUBMITTED)
    sent_back = ReviewRequest.objects.get(state=State.CHANGES_REQUESTED)
    users = get_user_model().objects.in_bulk(["editor", "reviewer"], field_name="username")
    assert awaiting.submitted_by == sent_back.submitted_by == users["editor"]
    assert sent_back.reviewed_by == users["reviewer"] and sent_back.comment
    for request in (awaiting, sent_back):
        assert pending_change(request.item) is not None  # live items: drafts of changes
        assert request.item.is_published()
    assert mail.outbox == []  # the demo's setup emails nobody
    call_command("setup_demo", stdout=StringIO())  # safe to run twice
    assert ReviewRequest.objects.count() == 2
    users = get_user_model().objects.in_bulk(["editor", "reviewer"], field_name="username")
    client.force_login(users["reviewer"])
    home = client.get(reverse("admin:index"))
    assert [row.request for row in home.context["queue"]] == [awaiting]
    client.force_login(users["editor"])
    home = client.get(reverse("admin:index"))
    assert [row.request for row in home.context["changes_requested"]] == [sent_back]
