"""The review workflow: an Editor submits an item (a new one, or the pending changes to a live
one); a Reviewer approves it (publishes or schedules it) or sends it back with a comment.

Each transition checks its permission itself, so the admin, a crafted POST and any future
caller meet the same rules; each writes the audit log and sends its emails after commit.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import Status
from . import audit, drafts, notify
from .models import ReviewRequest

Action = audit.Action
State = ReviewRequest.State


def review_request(item):
    if item is None or item.pk is None:
        return None
    content_type = ContentType.objects.get_for_model(item, for_concrete_model=False)
    return ReviewRequest.objects.filter(content_type=content_type, object_id=item.pk).first()


def has_something_to_review(item):
    """A new item not yet public, or a live item's pending changes."""
    return not drafts.is_live(item) or drafts.pending_change(item) is not None


def may_review(item, user):
    return user.has_perm(f"{item._meta.app_label}.publish_content")


def _require_review_permission(item, user, verb):
    if not may_review(item, user):
        raise PermissionDenied(
            f"Only reviewers can {verb}: your role (Editor) writes and submits changes, and a "
            "reviewer approves them or asks for changes."
        )


def _awaiting(item):
    found = review_request(item)
    if found is None or found.state != State.SUBMITTED:
        raise ValidationError("This item is not awaiting review (it was not submitted, or it "
                              "was already approved or sent back).")  # fmt: skip
    return found


def submit(item, user, message=""):
    """Ask for review, with an optional message; resubmitting clears a reviewer's comment."""
    opts = item._meta
    if not user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
        raise PermissionDenied("You may not edit this item, so you cannot submit it.")
    if not has_something_to_review(item):
        raise ValidationError("Nothing to review: this item is live and has no pending changes.")
    content_type = ContentType.objects.get_for_model(item, for_concrete_model=False)
    with transaction.atomic(), audit.acting(user):
        ReviewRequest.objects.update_or_create(
            content_type=content_type,
            object_id=item.pk,
            defaults={
                "state": State.SUBMITTED, "submitted_by": user, "submitted_at": timezone.now(),
                "message": message.strip(), "reviewed_by": None, "reviewed_at": None,
                "comment": "",
            },
        )  # fmt: skip
        audit.record(item, Action.SUBMITTED, message)
        notify.submitted(item, user, message)


def approve(item, user, comment="", publish_at=None):
    """Publish what was submitted: the pending changes of a live item, or the new item itself
    (scheduled instead if `publish_at`, or the item's own publication time, is in the future)."""
    _require_review_permission(item, user, "approve changes")
    now = timezone.now()
    with transaction.atomic(), audit.acting(user):
        request = _awaiting(item)
        submitter = request.submitted_by
        audit.record(item, Action.APPROVED, comment)
        if drafts.is_live(item):
            if publish_at is not None and publish_at > now:
                raise ValidationError("Changes to a live item are published at once: leave the "
                                      "publication time empty.")  # fmt: skip
            item = drafts.publish_draft(item, user)
        else:
            _publish_new(item, user, publish_at or item.published_at, now)
        request.delete()
        notify.reviewed(item, submitter, user, approved=True, comment=comment)
    return item


def _publish_new(item, user, publish_at, now):
    import reversion

    item = type(item)._base_manager.select_for_update().get(pk=item.pk)
    item.refuse_if_unconfirmed()
    with reversion.create_revision():
        if publish_at is not None and publish_at > now:
            item.status, item.published_at, verb = Status.PUBLISHED, publish_at, "Scheduled"
            item.expires_at = None if item.is_expired else item.expires_at
        else:
            item.publish()
            verb = "Published"
        item.save()
        reversion.set_user(user)
        reversion.set_comment(f"Approved. {verb}.")
    return item


def request_changes(item, user, comment):
    """Send it back to its submitter with a comment saying what to change (required)."""
    _require_review_permission(item, user, "request changes")
    if not (comment or "").strip():
        raise ValidationError("Say what should change: the comment is required.")
    with transaction.atomic(), audit.acting(user):
        request = _awaiting(item)
        request.state, request.comment = State.CHANGES_REQUESTED, comment.strip()
        request.reviewed_by, request.reviewed_at = user, timezone.now()
        request.save()
        audit.record(item, Action.CHANGES_REQUESTED, comment)
        notify.reviewed(item, request.submitted_by, user, approved=False, comment=comment)


def close_review_of(item):
    """Nothing left to review (published or discarded by other means): drop the request."""
    content_type = ContentType.objects.get_for_model(item, for_concrete_model=False)
    ReviewRequest.objects.filter(content_type=content_type, object_id=item.pk).delete()


def review_closed_with(sender, instance, **kwargs):
    """post_delete receiver for PendingChange: its review request goes with it."""
    ReviewRequest.objects.filter(
        content_type_id=instance.content_type_id, object_id=instance.object_id
    ).delete()


def review_deleted_with(sender, instance, **kwargs):
    """post_delete receiver for the content types: a deleted item is not awaiting anything."""
    close_review_of(instance)
