from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils.text import slugify

from ..content import content_models
from ..models import Theme


class PagesSitemap(Sitemap):
    def items(self):
        return ["home", *(model.list_url_name for model in content_models()), "source"]

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


class ThemeSitemap(Sitemap):
    def items(self):
        return Theme.objects.with_public_items().only("slug").order_by("slug")


def sitemaps():
    """One sitemap per content type (e.g. "case-studies"), plus the fixed pages and themes."""
    per_type = {
        slugify(model._meta.verbose_name_plural): type(
            f"{model.__name__}Sitemap", (PublishedSitemap,), {"model": model}
        )
        for model in content_models()
    }
    return {"pages": PagesSitemap, **per_type, "themes": ThemeSitemap}
