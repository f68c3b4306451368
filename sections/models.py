from django.db import models
from django.db.models import Q
from django.urls import reverse

from iomkb.models import ContentItem, published_indexes


class Section(ContentItem):
    """A section of the article, in article order."""

    content_kind = "section"
    list_url_name = "sections:list"
    lists_by_theme = False  # the sections page lists them all, in article order

    order = models.PositiveIntegerField(
        default=0, db_index=True, help_text="Position in the article."
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text="Leave empty for a top-level section.",
    )

    class Meta(ContentItem.Meta):
        ordering = ["order", "title"]
        indexes = [
            models.Index(fields=["order", "title"], name="section_article_order"),
            *published_indexes("section", ("order", ["order", "title"])),
        ]

    def get_absolute_url(self):
        return reverse("sections:detail", kwargs={"slug": self.slug})

    def neighbour(self, before):
        """The published section just before or after this one in article order."""
        # The plain order__lte/gte bound repeats what the OR implies, so the database can seek
        # into the (order, title) index instead of scanning it.
        if before:
            condition = Q(order__lt=self.order) | Q(order=self.order, title__lt=self.title)
            bound, ordering = Q(order__lte=self.order), ("-order", "-title")
        else:
            condition = Q(order__gt=self.order) | Q(order=self.order, title__gt=self.title)
            bound, ordering = Q(order__gte=self.order), ("order", "title")
        return (
            Section.objects.published()
            .filter(bound, condition)
            .only("title", "slug", "order")
            .order_by(*ordering)
            .first()
        )


class LegalFramework(ContentItem):
    """A treaty, constitution, compact or agreement that the content refers to."""

    content_kind = "legal_framework"
    list_url_name = "sections:framework_list"

    class Kind(models.TextChoices):
        CONSTITUTION = "constitution", "Constitution"
        CONVENTION = "convention", "Convention or treaty"
        COMPACT = "compact", "Global compact or declaration"
        AGREEMENT = "agreement", "Agreement or memorandum of understanding"
        OTHER = "other", "Other"

    class Binding(models.TextChoices):
        YES = "yes", "Legally binding"
        NO = "no", "Not legally binding"
        UNKNOWN = "unknown", "Unknown"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER, db_index=True)
    binding = models.CharField(
        max_length=10,
        choices=Binding.choices,
        default=Binding.UNKNOWN,
        help_text="Does it create legal obligations for the parties?",
    )
    year_adopted = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Leave empty when no reliable source gives it."
    )
    sections = models.ManyToManyField(
        Section, blank=True, related_name="frameworks", help_text="Sections that discuss it."
    )

    class Meta(ContentItem.Meta):
        ordering = ["title"]
        indexes = [
            models.Index(fields=["title"], name="legalframework_title"),
            *published_indexes("framework", ("title", ["title"])),
        ]
        verbose_name = "legal framework"

    def get_absolute_url(self):
        return reverse("sections:framework_detail", kwargs={"slug": self.slug})
