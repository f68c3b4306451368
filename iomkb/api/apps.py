from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The public read-only JSON API, its OpenAPI schema and docs page, and the bulk export."""

    name = "iomkb.api"
    label = "iomkb_api"
    verbose_name = "Open data API"
