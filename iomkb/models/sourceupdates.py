"""A newer source text for an item an editor had changed, kept until a person decides."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from .vocabulary import SourceDocument


class SourceUpdateQuerySet(models.QuerySet):
    def for_item(self, item):
        return self.filter(
            content_type=ContentType.objects.get_for_model(item, for_concrete_model=False),
            object_id=item.pk,
        )


class SourceUpdate(models.Model):
    """A re-import brought new source lines for an item whose body an editor had changed, so
    the import left the item alone. The admin shows the old source lines, the new ones and
    the current text side by side until someone takes the new text or keeps theirs."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    source = models.ForeignKey(SourceDocument, on_delete=models.CASCADE, related_name="+")
    old_source_body = models.TextField()
    new_source_body = models.TextField()
    new_start_line = models.PositiveIntegerField()
    new_end_line = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    objects = SourceUpdateQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_source_update_per_item"
            )
        ]

    def __str__(self):
        return f"New source text for {self.content_type.model} #{self.object_id}"

    @classmethod
    def record(cls, item, source, new_body, start_line, end_line):
        content_type = ContentType.objects.get_for_model(item, for_concrete_model=False)
        cls.objects.update_or_create(
            content_type=content_type,
            object_id=item.pk,
            defaults={
                "source": source,
                "old_source_body": item.source_body,
                "new_source_body": new_body,
                "new_start_line": start_line,
                "new_end_line": end_line,
                "created_at": timezone.now(),
            },
        )

    def keep_current_text(self, item):
        """The editor's text stands; it is now compared with the new source lines."""
        item.source_body = self.new_source_body
        item.source_start_line, item.source_end_line = self.new_start_line, self.new_end_line
        item.source = self.source
        self.delete()

    def take_new_text(self, item, user=None):
        """The new source lines replace the item's body (verification resets if it changed)."""
        before = item.vouched_content()
        item.body = self.new_source_body
        self.keep_current_text(item)
        item.reset_verification_if_changed(before, user)


def delete_source_updates_of(sender, instance, **kwargs):
    """post_delete receiver: a deleted item's pending source update goes with it."""
    SourceUpdate.objects.for_item(instance).delete()
