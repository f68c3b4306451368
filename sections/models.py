from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import JSONObject

from iomkb.models import ContentItem, published_indexes
from iomkb.slugurls import slug_url


class Section(ContentItem):
    """A section of the article, in article order."""

    content_kind = "section"
    list_url_name = "sections:list"
    extraction_table = "sections"
    fixture_file = "sections.json"
    from_source_sections = True

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
        return slug_url("sections:detail", self.slug)

    @classmethod
    def place_imported(cls, items, source):
        # A second text's sections come after the first's in reading order, not between them.
        others = cls.objects.exclude(source=source).aggregate(last=models.Max("order"))["last"]
        if others:
            start = (others // 1000 + 1) * 1000
            for item in items:
                item.order += start

    @classmethod
    def extracted_fields(cls, entry, *, position, section_slug):
        return {"order": position * 10, "parent": None}  # the text's sections are top-level

    @classmethod
    def synthetic_title(cls, fake):
        return f"{fake.capitalised(fake.topic)}: {fake.subject} and {fake.pick('topics')}"

    @classmethod
    def synthetic_fields(cls, fake, number):
        return {"order": 1000 + number}

    @staticmethod
    def neighbour_conditions(before, order, title):
        """(filter, ordering) for the published sections just before or after (order, title)."""
        # The plain order__lte/gte bound repeats what the OR implies, so the database can seek
        # into the index on published rows by (order, title) instead of scanning it.
        if before:
            condition = Q(order__lt=order) | Q(order=order, title__lt=title)
            return Q(order__lte=order) & condition, ("-order", "-title")
        condition = Q(order__gt=order) | Q(order=order, title__gt=title)
        return Q(order__gte=order) & condition, ("order", "title")

    @classmethod
    def neighbour_annotations(cls, now=None):
        """`previous_section` and `next_section` as annotations (each {pk, slug, title} or None),
        so the detail page finds both in the query that fetches the section. `now` as for
        `published()`."""
        annotations = {}
        for name, before in (("previous_section", True), ("next_section", False)):
            condition, ordering = cls.neighbour_conditions(
                before, OuterRef("order"), OuterRef("title")
            )
            found = cls.objects.published(now).filter(condition).order_by(*ordering)
            found = found.values(json=JSONObject(pk="pk", slug="slug", title="title"))[:1]
            annotations[name] = Subquery(found, output_field=models.JSONField())
        return annotations

    def neighbour(self, before):
        """The published section just before or after this one in article order."""
        annotated = getattr(self, "previous_section" if before else "next_section", False)
        if annotated is not False:  # from neighbour_annotations()
            return Section(**annotated) if annotated else None
        condition, ordering = self.neighbour_conditions(before, self.order, self.title)
        found = Section.objects.published().filter(condition).order_by(*ordering)
        return found.only("title", "slug", "order").first()


class LegalFramework(ContentItem):
    """A treaty, constitution, compact or agreement that the content refers to."""

    content_kind = "legal_framework"
    list_url_name = "sections:framework_list"
    extraction_table = "legal_frameworks"
    fixture_file = "legal_frameworks.json"
    suggested_from = "instruments"
    synthetic_option = "frameworks"
    fact_fields = ("kind", "binding", "year_adopted")
    card_fields = (*ContentItem.card_fields, "kind", "binding", "year_adopted")
    synthetic_links = {"themes": (1, 3), "sections": (1, 2)}

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
            # Covering, like the case studies' (casestudies/models.py).
            *published_indexes(
                "framework", ("title", ["title", "id", "published_at", "expires_at"])
            ),
        ]
        verbose_name = "legal framework"

    def get_absolute_url(self):
        return slug_url("sections:framework_detail", self.slug)

    @classmethod
    def extracted_fields(cls, entry, *, position, section_slug):
        return {
            "kind": entry.get("kind", "other"),
            "binding": entry.get("binding", "unknown"),
            "year_adopted": entry.get("year_adopted"),
            "sections": [section_slug(heading) for heading in entry.get("sections", [])],
        }

    @classmethod
    def synthetic_title(cls, fake):
        return f"{fake.pick('framework_names')} {fake.capitalised(fake.topic)} ({fake.country})"

    @classmethod
    def synthetic_fields(cls, fake, number):
        return {
            "kind": fake.rng.choice(list(cls.Kind)),
            "binding": fake.rng.choice(list(cls.Binding)),
            "year_adopted": fake.rng.randrange(1951, 2025),
        }
