from django.apps import AppConfig

from . import cache  # noqa: F401  (connects the page-cache signals)


class IomkbConfig(AppConfig):
    name = "iomkb"
    verbose_name = "Knowledge base core"

    def ready(self):
        from . import loginlimit
        from .search.indexing import connect_signals

        connect_signals()
        loginlimit.connect_signals()
