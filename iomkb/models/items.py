"""The shared content model: every public content type is a ContentItem."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.lookups import GreaterThan, IsNull, LessThanOrEqual
from django.utils import timezone

from ..markdown import render_markdown
from .declarations import ContentTypeDeclarations
from .rules import (
    ProvenanceRules,
    PublishingRules,
    RevisionRules,
    Status,
    Verification,
    VerificationRules,
)
from .vocabulary import Citation, SourceDocument, Theme

# Every admin page that shows or compares a body (Markdown, diffs) stays fast up to this size.
BODY_MAX_LENGTH = 100_000


class NotForIndexChoice(models.Func):
    """The column as it is, except that SQLite may not pick an index for a condition on it
    (SQLite's documented unary "+"). "Published before now" and "not expired" match nearly
    every row, yet SQLite, with statistics or without, would read all of them through the
    `published_at` or `expires_at` index and sort them, rather than read a list's first page
    straight from its partial index (see `published_indexes`)."""

    template = "%(expressions)s"

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="+%(expressions)s", **extra_context)


class ContentQuerySet(models.QuerySet):
    def published(self, now=None):
        """Published, not scheduled for later, not expired: the only content the public sees.

        `now` is the current time unless given (a Parameter, in a query prepared once)."""
        now = timezone.now() if now is None else now
        published_at = NotForIndexChoice("published_at")
        expires_at = NotForIndexChoice("expires_at")
        return self.filter(
            IsNull(expires_at, True) | GreaterThan(expires_at, now),
            LessThanOrEqual(published_at, now),
            status=Status.PUBLISHED,
        )

    def changed_since_import(self):
        return self.exclude(source=None).exclude(body=models.F("source_body"))


class ContentManager(models.Manager.from_queryset(ContentQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


def published_indexes(prefix, *orderings):
    """Partial indexes over published rows, one per column list in `orderings`, plus one on
    the newest first (home, feed, "recently published", the next scheduled change).

    They serve the public queries without planner statistics (a fresh SQLite database has
    none): `status = 'published'` selects the index, whose order is the page's order, so a
    list or the previous/next item reads only the rows it shows."""
    published = models.Q(status=Status.PUBLISHED)
    return [
        models.Index(fields=fields, condition=published, name=f"{prefix}_pub_{suffix}")
        for suffix, fields in [("recent", ["-published_at", "title"]), *orderings]
    ]


class ContentItem(
    PublishingRules,
    VerificationRules,
    RevisionRules,
    ProvenanceRules,
    ContentTypeDeclarations,
    models.Model,
):
    """What every public content type shares: text, publishing, verification, provenance."""

    title = models.CharField(max_length=300)
    slug = models.SlugField(
        max_length=100, unique=True, help_text="Part of the page address. Changing it breaks links."
    )
    summary = models.TextField(
        blank=True, help_text="One or two sentences for lists, search results and link previews."
    )
    body = models.TextField(
        help_text="Markdown. Imported bodies are verbatim source text.",
        validators=[
            MaxLengthValidator(
                BODY_MAX_LENGTH,
                message=f"The body can be at most {BODY_MAX_LENGTH:,} characters long "
                "(it has %(show_value)d).",
            )
        ],
    )
    body_html = models.TextField(editable=False, blank=True)

    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        # No index of its own: with three values it would lure a planner without statistics
        # into reading every published row and sorting them. Each type has partial indexes on
        # its published rows instead (published_indexes() below).
        help_text="Only published items whose publication time has passed are public.",
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="When it goes public. A future time schedules it; empty means now on publishing.",
    )
    expires_at = models.DateTimeField(
        null=True, blank=True, db_index=True,
        help_text="Optional: when it stops being public (by itself, at that time). Must be after "
        "the publication time; empty means it never expires.",
    )  # fmt: skip
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    verification = models.CharField(
        max_length=10,
        choices=Verification.choices,
        default=Verification.UNVERIFIED,
        db_index=True,
        help_text="Has a person checked the claims against official sources?",
    )
    verification_note = models.TextField(
        blank=True, help_text="What was checked, what was found, and any correction."
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    verified_at = models.DateTimeField(null=True, blank=True, editable=False)
    citations = models.ManyToManyField(
        Citation, blank=True, related_name="%(app_label)s_%(class)s_set"
    )

    source = models.ForeignKey(
        SourceDocument,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_set",
        help_text="The text this item was imported from; empty for items written here.",
    )
    source_start_line = models.PositiveIntegerField(null=True, blank=True)
    source_end_line = models.PositiveIntegerField(null=True, blank=True)
    source_body = models.TextField(
        blank=True, editable=False, help_text="The body exactly as imported, to detect edits."
    )

    themes = models.ManyToManyField(Theme, blank=True, related_name="%(app_label)s_%(class)s_set")
    suggested_by_import = models.BooleanField(
        "suggested by the import",
        default=False,
        db_index=True,
        help_text="Proposed by the import itself (the text came without an extraction file), "
        "not yet confirmed by a person: check it, then untick this to confirm it, or delete it. "
        "It cannot be published while ticked.",
    )

    # Bumped by every save; the admin refuses a save made from a form opened at an older version.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ContentManager()

    class Meta:
        abstract = True
        # Per app (Django permission strings are "app_label.codename"); granted to Reviewers.
        permissions = [
            ("publish_content", "Can publish, schedule and unpublish content"),
            ("verify_content", "Can change the verification status of content"),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        super().clean()
        errors = self.clean_publishing()
        if errors:
            raise ValidationError(errors)

    def prepare_to_save(self):
        """What every save sets: the rendered body, dates and the edit version (also called by
        iomkb.bulkcreate, whose bulk_create bypasses save())."""
        self.body_html = render_markdown(self.body)
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.updated_at = timezone.now()
        self.version = (self.version or 0) + 1

    def save(self, *args, **kwargs):
        self.prepare_to_save()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields, "body_html", "updated_at", "published_at", "version"
            }  # fmt: skip
        super().save(*args, **kwargs)
