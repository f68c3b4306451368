from django.apps import AppConfig


class IomkbConfig(AppConfig):
    name = "iomkb"
    verbose_name = "Knowledge base core"

    def ready(self):
        from .search.indexing import connect_signals

        connect_signals()
