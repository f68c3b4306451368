"""The search index's table (see iomkb.search)."""

from django.db import models

from ..content import kind_choices
from .items import Status
from .rules import Verification
from .vocabulary import Theme


class SearchEntry(models.Model):
    """One searchable item's text, copied from its content row on every save (see iomkb.search).

    PostgreSQL adds a generated, GIN-indexed `search_vector` column; SQLite keeps an FTS5 table
    in step with triggers. Both are created in the migration, not declared here, so this model
    reads the same on either database. Visibility is decided at query time from `status`,
    `published_at` and `expires_at`, exactly as `ContentQuerySet.published()` decides it.
    """

    # Small columns first: SQLite reads a row's columns in order, so filtering on status,
    # published_at and expires_at never has to step over a long body (migration 0005 rebuilds
    # the SQLite table to keep expires_at before it).
    kind = models.CharField(max_length=20, choices=kind_choices)
    object_id = models.PositiveBigIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices)
    published_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    # What results show and are narrowed by: the status readers see (shown_verification) and
    # the item's last update (migration 0007 puts both before the long text on SQLite too).
    verification = models.CharField(
        max_length=10, choices=Verification.choices, default=Verification.UNVERIFIED
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    url = models.CharField(max_length=500)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True, help_text="Plain text of the rendered body.")
    notes = models.TextField(
        blank=True, help_text="Verification note and citation titles, searched at a lower weight."
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="+")

    class Meta:
        verbose_name_plural = "search entries"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="unique_search_entry")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"
