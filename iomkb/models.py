from functools import reduce
from operator import or_

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from .markdown import render_markdown

# Every admin page that shows or compares a body (Markdown, diffs) stays fast up to this size.
BODY_MAX_LENGTH = 100_000


class UsedByContentQuerySet(models.QuerySet):
    """For what content points at (themes, regions, source documents...), which the public
    may only learn about through a public item."""

    def with_public_items(self):
        """Only rows that some published item of any content type refers to: one EXISTS per
        relation from a content model, found from the relations rather than listed here, so a
        new content type or field is covered without touching this."""
        used = [
            models.Exists(
                relation.related_model.objects.published().filter(
                    **{relation.field.name: models.OuterRef("pk")}
                )
            )
            for relation in self.model._meta.related_objects
            if issubclass(relation.related_model, ContentItem)
        ]
        return self.filter(reduce(or_, used)) if used else self.none()


class SlugNaturalKeyManager(models.Manager.from_queryset(UsedByContentQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class NamedTerm(models.Model):
    """A small vocabulary entry (theme, region, country...) identified by its slug."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    objects = SlugNaturalKeyManager()

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class Theme(NamedTerm):
    description = models.TextField(
        blank=True, help_text="One or two sentences shown on the theme page."
    )

    def get_absolute_url(self):
        return reverse("theme_detail", kwargs={"slug": self.slug})


class SourceDocument(models.Model):
    """A text that content was imported from, kept whole so every item can point to its lines."""

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=300)
    disclaimer = models.TextField(blank=True, help_text="The warning the text itself carries.")
    intro = models.TextField(
        blank=True, help_text="The paragraphs before the first heading (Markdown)."
    )
    filename = models.CharField(max_length=255)
    text = models.TextField()
    sha256 = models.CharField(max_length=64)
    imported_at = models.DateTimeField(default=timezone.now)

    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("source_document", kwargs={"slug": self.slug})

    @property
    def intro_paragraphs(self):
        return [paragraph for paragraph in self.intro.split("\n\n") if paragraph.strip()]

    @property
    def lines(self):
        return self.text.splitlines()

    def line_text(self, start, end):
        return "\n".join(self.lines[start - 1 : end])


class Citation(models.Model):
    """A published source that supports (or refutes) a claim in the content."""

    key = models.SlugField(
        max_length=100, unique=True, help_text="A short stable identifier, e.g. 'unga-res-73-195'."
    )
    title = models.CharField(max_length=300)
    url = models.URLField(blank=True, max_length=500, help_text="Leave empty for offline sources.")
    publisher = models.CharField(max_length=200, blank=True)
    accessed_on = models.DateField(
        null=True, blank=True, help_text="When you last checked the URL."
    )

    class CitationManager(models.Manager):
        def get_by_natural_key(self, key):
            return self.get(key=key)

    objects = CitationManager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.key,)


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Verification(models.TextChoices):
    UNVERIFIED = "unverified", "Unverified"
    VERIFIED = "verified", "Verified"
    DISPUTED = "disputed", "Disputed"


class ContentQuerySet(models.QuerySet):
    def published(self):
        """Published and not scheduled for later: the only content the public ever sees."""
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())

    def changed_since_import(self):
        return self.exclude(source=None).exclude(body=models.F("source_body"))


class ContentManager(models.Manager.from_queryset(ContentQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class ContentItem(models.Model):
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
        db_index=True,
        help_text="Only published items whose publication time has passed are public.",
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="When it goes public. A future time schedules it; empty means now on publishing.",
    )
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

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.updated_at = timezone.now()
        self.version = (self.version or 0) + 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields, "body_html", "updated_at", "published_at", "version"
            }  # fmt: skip
        super().save(*args, **kwargs)

    def publish(self):
        """Make it public now, unless it already went public earlier (then keep that date)."""
        self.status = Status.PUBLISHED
        if self.published_at is None or self.published_at > timezone.now():
            self.published_at = timezone.now()

    def unpublish(self):
        self.status = Status.DRAFT

    def set_verification(self, verification, user):
        """Set the status and record who set it and when (cleared when back to unverified)."""
        self.verification = verification
        if verification == Verification.UNVERIFIED:
            self.verified_by, self.verified_at = None, None
        else:
            self.verified_by, self.verified_at = user, timezone.now()

    # A revert restores the content; publishing, verification and the edit version stay as they
    # are, so no revert can publish, unpublish or re-verify anything by the back door.
    KEPT_ON_REVERT = (
        "status", "published_at", "verification", "verification_note", "verified_by_id",
        "verified_at", "version",
    )  # fmt: skip

    def state_kept_on_revert(self):
        """{field: value} that a revert of this item must leave as they are now."""
        return {name: getattr(self, name) for name in self.KEPT_ON_REVERT}

    @classmethod
    def state_on_recover(cls, user):
        """{field: value} a recovered item takes for `user`: only a Reviewer's recover brings
        back its publishing or verification as they were when it was deleted."""
        state = {}
        if not user.has_perm(f"{cls._meta.app_label}.publish_content"):
            state.update(status=Status.DRAFT)
        if not user.has_perm(f"{cls._meta.app_label}.verify_content"):
            state.update(verification=Verification.UNVERIFIED, verification_note="")
            state.update(verified_by_id=None, verified_at=None)
        return state

    def vouched_content(self):
        """What a verification vouches for: the title, summary, body and the set of citations."""
        citations = self.citations.values_list("pk", flat=True) if self.pk else []
        return (self.title, self.summary, self.body, frozenset(citations))

    def reset_verification_if_changed(self, before, user=None):
        """Back to unverified if the vouched content differs from `before` (a vouched_content())
        and `user` (None: an import) may not verify. Not saved; returns the reason, or ""."""
        if self.verification != Verification.VERIFIED or self.vouched_content() == before:
            return ""
        if user is not None and user.has_perm(f"{self._meta.app_label}.verify_content"):
            return ""
        who = (user.get_full_name() or user.get_username()) if user else "an import"
        when = date_format(timezone.localtime(), "DATETIME_FORMAT")
        reason = f"Verification reset: text changed by {who} on {when}."
        earlier = self.verification_note.strip()
        self.set_verification(Verification.UNVERIFIED, None)
        self.verification_note = f"{reason}\n\nEarlier note: {earlier}" if earlier else reason
        return reason

    def is_published(self):
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    is_published.boolean = True

    @property
    def is_scheduled(self):
        return (
            self.status == Status.PUBLISHED
            and self.published_at
            and self.published_at > timezone.now()
        )

    @property
    def changed_since_import(self):
        return self.source_id is not None and self.body != self.source_body

    @property
    def source_url(self):
        if not self.source_id or not self.source_start_line:
            return ""
        start, end = self.source_start_line, self.source_end_line or self.source_start_line
        url = reverse("source_document", kwargs={"slug": self.source.slug})
        return f"{url}?lines={start}-{end}#L{start}"

    @property
    def content_type_label(self):
        return self._meta.verbose_name


class SearchEntry(models.Model):
    """One searchable item's text, copied from its content row on every save (see iomkb.search).

    PostgreSQL adds a generated, GIN-indexed `search_vector` column; SQLite keeps an FTS5 table
    in step with triggers. Both are created in the migration, not declared here, so this model
    reads the same on either database. Visibility is decided at query time from `status` and
    `published_at`, exactly as `ContentQuerySet.published()` decides it.
    """

    class Kind(models.TextChoices):
        SECTION = "section", "Section"
        CASE_STUDY = "case_study", "Case study"
        LEGAL_FRAMEWORK = "legal_framework", "Legal framework"

    # Small columns first: SQLite reads a row's columns in order, so filtering on status and
    # published_at never has to step over a long body.
    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices)
    published_at = models.DateTimeField(null=True, blank=True)
    url = models.CharField(max_length=500)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True, help_text="Plain text of the rendered body.")

    class Meta:
        verbose_name_plural = "search entries"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="unique_search_entry")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"
