from django.apps import AppConfig


class IomkbConfig(AppConfig):
    """The shared model layer: ContentItem, themes, citations, source documents."""

    name = "iomkb"
    verbose_name = "Knowledge base core"
