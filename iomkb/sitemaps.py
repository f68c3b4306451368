from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from casestudies.models import CaseStudy
from sections.models import LegalFramework, Section

from .models import Theme


class PagesSitemap(Sitemap):
    def items(self):
        return [
            "home",
            "sections:list",
            "casestudies:list",
            "sections:framework_list",
            "source",
        ]

    def location(self, item):
        return reverse(item)


class PublishedSitemap(Sitemap):
    model = None

    def items(self):
        return (
            self.model.objects.published()
            .only("slug", "updated_at", "published_at")
            .order_by("slug")
        )

    def lastmod(self, item):
        return max(item.updated_at, item.published_at)


class SectionSitemap(PublishedSitemap):
    model = Section


class CaseStudySitemap(PublishedSitemap):
    model = CaseStudy


class LegalFrameworkSitemap(PublishedSitemap):
    model = LegalFramework


class ThemeSitemap(Sitemap):
    def items(self):
        return Theme.objects.with_public_items().only("slug").order_by("slug")


SITEMAPS = {
    "pages": PagesSitemap,
    "sections": SectionSitemap,
    "case-studies": CaseStudySitemap,
    "legal-frameworks": LegalFrameworkSitemap,
    "themes": ThemeSitemap,
}
