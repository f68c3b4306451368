from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Site search; its table (SearchEntry) lives with the shared models in `iomkb`."""

    name = "iomkb.search"
    label = "iomkb_search"
    verbose_name = "Search"

    def ready(self):
        from django.db.backends.signals import connection_created

        from .editdistance import register
        from .indexing import connect_signals

        connect_signals()
        connection_created.connect(register, dispatch_uid="search-editdist")
