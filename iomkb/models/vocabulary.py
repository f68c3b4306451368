"""What content points at: themes, source documents, citations, and other named terms."""

from functools import reduce
from operator import or_

from django.db import models
from django.utils import timezone

from ..slugurls import slug_url


class UsedByContentQuerySet(models.QuerySet):
    """For what content points at (themes, regions, source documents...), which the public
    may only learn about through a public item."""

    def with_public_items(self, now=None):
        """Only rows that some published item (at `now`, by default the current time) of any
        content type refers to: one EXISTS per relation from a content model, found from the
        relations rather than listed here, so a new content type or field is covered without
        touching this."""
        from .items import ContentItem

        used = [
            models.Exists(
                relation.related_model.objects.published(now).filter(
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
        return slug_url("theme_detail", self.slug)


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
        return slug_url("source_document", self.slug)

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
