from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EditorialConfig(AppConfig):
    """The admin for content: roles, review, history, the dashboard."""

    name = "iomkb.editorial"
    label = "iomkb_editorial"
    verbose_name = "Editorial"

    def ready(self):
        from .roles import create_groups

        # Sent for this app after every migrate, once the content apps' permissions exist.
        post_migrate.connect(create_groups, sender=self, dispatch_uid="iomkb-editorial-groups")
