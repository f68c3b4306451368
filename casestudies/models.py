from django.db import models
from django.urls import reverse

from iomkb.models import ContentItem, NamedTerm, published_indexes


class Region(NamedTerm):
    pass


class Country(NamedTerm):
    iso_code = models.CharField(
        "ISO code", max_length=2, blank=True, help_text="ISO 3166-1 alpha-2, e.g. PH."
    )
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta(NamedTerm.Meta):
        verbose_name_plural = "countries"


class Intervention(NamedTerm):
    """A kind of help given, e.g. 'legal aid' or 'psychosocial support'."""


class CaseStudy(ContentItem):
    """An example of IOM's work, as the article describes it."""

    content_kind = "case_study"
    list_url_name = "casestudies:list"
    card_select_related = ("region",)

    year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The year it began. Leave empty when the text gives none."
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="case_studies"
    )
    countries = models.ManyToManyField(Country, blank=True, related_name="case_studies")
    interventions = models.ManyToManyField(Intervention, blank=True, related_name="case_studies")
    section = models.ForeignKey(
        "sections.Section",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_studies",
        help_text="The article section it appears in.",
    )
    frameworks = models.ManyToManyField(
        "sections.LegalFramework", blank=True, related_name="case_studies"
    )

    class Meta(ContentItem.Meta):
        ordering = ["title"]
        # Lists show the first page in title order; the index spares sorting every match.
        indexes = [
            models.Index(fields=["title"], name="casestudy_title"),
            # The list's filters that need no join: its first page without sorting the matches.
            *published_indexes(
                "casestudy",
                ("title", ["title"]),
                ("region", ["region", "title"]),
                ("verif", ["verification", "title"]),
            ),
        ]
        verbose_name = "case study"
        verbose_name_plural = "case studies"

    def get_absolute_url(self):
        return reverse("casestudies:detail", kwargs={"slug": self.slug})
