"""Pending changes: the edits waiting for review on an item the public already sees."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone


class PendingChange(models.Model):
    """A draft of changes to a live item: its content fields' values, kept beside the item so
    the live row, its history, the search index and the page cache never see them until a
    reviewer publishes them (drafts.py). At most one per item."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    # {field name: value}: plain values, foreign keys and many-to-many fields as ids.
    values = models.JSONField(encoder=DjangoJSONEncoder)
    base_version = models.PositiveIntegerField(
        help_text="The item's version when the draft was started."
    )
    # Bumped by every save of the draft; a form opened at an older number is refused.
    number = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_pending_change_per_item"
            )
        ]

    def __str__(self):
        return f"Pending changes to {self.content_type.model} #{self.object_id}"

    @property
    def author(self):
        user = self.updated_by or self.created_by
        return (user.get_full_name() or user.get_username()) if user else "someone"


def display_name(user, default="someone"):
    return (user.get_full_name() or user.get_username()) if user else default


class ReviewRequest(models.Model):
    """An item's place in the review workflow (review.py): submitted, or sent back with a
    comment. At most one per item; approving it deletes it (the audit log keeps the story)."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", "Awaiting review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    state = models.CharField(max_length=20, choices=State.choices, default=State.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    message = models.TextField(blank=True, help_text="The submitter's note to the reviewer.")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True, help_text="What the reviewer asked to change.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_review_request_per_item"
            )
        ]

    def __str__(self):
        return f"{self.get_state_display()}: {self.content_type.model} #{self.object_id}"

    @property
    def submitter(self):
        return display_name(self.submitted_by)

    @property
    def reviewer(self):
        return display_name(self.reviewed_by)


class AuditEntry(models.Model):
    """One editorial transition of one item: who, when, what, why. The item is named by type,
    id and its title at the time, so the entry outlives the item (audit.py records them)."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "Submitted for review"
        APPROVED = "approved", "Approved"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"
        SCHEDULED = "scheduled", "Scheduled"
        WENT_LIVE = "went_live", "Went live"
        EXPIRED = "expired", "Expired"
        VERIFICATION = "verification", "Verification changed"
        DISCARDED = "discarded", "Draft discarded"
        REVERTED = "reverted", "Reverted"
        RECOVERED = "recovered", "Recovered"
        DELETED = "deleted", "Deleted"
        IMPORTED = "imported", "Imported"

    created_at = models.DateTimeField("when", default=timezone.now, db_index=True)
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text="Empty: the clock (scheduling, expiry) or an import.",
    )  # fmt: skip
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name="type"
    )
    object_id = models.PositiveBigIntegerField("item id")
    object_repr = models.CharField("item", max_length=300, help_text="Its title at the time.")
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = "audit log entry"
        verbose_name_plural = "audit log entries"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]
        constraints = [
            # The clock's entries (a scheduled publication reached, an expiry) are recorded once,
            # at their time, by whichever request notices them first.
            models.UniqueConstraint(
                fields=["content_type", "object_id", "created_at", "action"],
                condition=models.Q(action__in=["went_live", "expired"]),
                name="one_clock_entry_per_time",
            )
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.object_repr}"

    @property
    def who(self):
        return display_name(self.user, default="—")
