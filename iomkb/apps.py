from django.apps import AppConfig


class IomkbConfig(AppConfig):
    name = "iomkb"
    verbose_name = "Knowledge base core"
