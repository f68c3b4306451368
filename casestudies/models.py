from django.db import models

from iomkb.models import ContentItem, NamedTerm, published_indexes
from iomkb.slugurls import slug_url


class Region(NamedTerm):
    extraction_table = "regions"  # its [[table]] in extraction.toml (see iomkb.content.term_models)


class Country(NamedTerm):
    extraction_table = "countries"

    iso_code = models.CharField(
        "ISO code", max_length=2, blank=True, help_text="ISO 3166-1 alpha-2, e.g. PH."
    )
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta(NamedTerm.Meta):
        verbose_name_plural = "countries"


class Intervention(NamedTerm):
    """A kind of help given, e.g. 'legal aid' or 'psychosocial support'."""

    extraction_table = "interventions"


class CaseStudy(ContentItem):
    """An example of IOM's work, as the article describes it."""

    content_kind = "case_study"
    list_url_name = "casestudies:list"
    card_select_related = ("region",)
    card_fields = (*ContentItem.card_fields, "year", "region")
    fact_fields = ("region", "countries", "year", "interventions")
    extraction_table = "case_studies"
    fixture_file = "case_studies.json"
    suggested_from = "operations"
    synthetic_links = {"themes": (1, 3), "countries": (1, 3), "interventions": (1, 2),
                       "frameworks": (0, 2)}  # fmt: skip

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
                # Covering: a deep page (the API's ?page=300, ties broken by id) reads only
                # the index, never the skipped rows (PostgreSQL after VACUUM, see dbtuning).
                ("title", ["title", "id", "published_at", "expires_at"]),
                ("region", ["region", "title"]),
                ("verif", ["verification", "title"]),
            ),
        ]
        verbose_name = "case study"
        verbose_name_plural = "case studies"

    def get_absolute_url(self):
        return slug_url("casestudies:detail", self.slug)

    @classmethod
    def extracted_fields(cls, entry, *, position, section_slug):
        section = entry.get("section")
        return {
            "year": entry.get("year"),
            "region": entry.get("region"),
            "countries": list(entry.get("countries", [])),
            "interventions": list(entry.get("interventions", [])),
            "section": section_slug(section) if section else None,
            "frameworks": list(entry.get("frameworks", [])),
        }

    @classmethod
    def suggestion_terms(cls):
        countries = Country.objects.exclude(iso_code="").select_related("region")
        return {
            "regions": dict(Region.objects.values_list("name", "slug")),
            "country_slugs": {c.iso_code.upper(): c.slug for c in countries},
            "country_regions": {c.iso_code.upper(): c.region.slug for c in countries if c.region},
            "interventions": dict(Intervention.objects.values_list("name", "slug")),
        }

    @classmethod
    def synthetic_title(cls, fake):
        return f"{fake.pick('actions')} {fake.subject} in {fake.country}"

    @classmethod
    def synthetic_fields(cls, fake, number):
        fields = {
            "year": fake.rng.randrange(1995, 2025),
            "region_id": fake.rng.choice(fake.ids_for(cls, "region")),
        }
        sections = fake.ids_for(cls, "section")
        if sections and fake.rng.random() < 0.8:
            fields["section_id"] = fake.rng.choice(sections)
        return fields
