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
