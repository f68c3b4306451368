from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The public pages that span content types, the page cache and site-wide middleware."""

    name = "iomkb.site"
    label = "iomkb_site"
    verbose_name = "Public site"

    def ready(self):
        from . import cache, loginlimit

        cache.connect_signals()
        loginlimit.connect_signals()
