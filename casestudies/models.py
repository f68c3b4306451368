from django.db import models
from django.urls import reverse

from iomkb.models import ContentItem, SlugNaturalKeyManager


class Region(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class Country(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    iso_code = models.CharField(
        "ISO code", max_length=2, blank=True, help_text="ISO 3166-1 alpha-2, e.g. PH."
    )
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.SET_NULL)

    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class Intervention(models.Model):
    """A kind of help given, e.g. 'legal aid' or 'psychosocial support'."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class CaseStudy(ContentItem):
    """An example of IOM's work, as the article describes it."""

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
        verbose_name = "case study"
        verbose_name_plural = "case studies"

    def get_absolute_url(self):
        return reverse("casestudies:detail", kwargs={"slug": self.slug})
