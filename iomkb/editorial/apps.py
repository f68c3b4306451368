from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EditorialConfig(AppConfig):
    """The admin for content: roles, review, history, the dashboard."""

    name = "iomkb.editorial"
    label = "iomkb_editorial"
    verbose_name = "Editorial"

    def ready(self):
        from django.db.models.signals import post_delete

        from ..content import content_models
        from .drafts import delete_drafts_of
        from .roles import create_groups

        for model in content_models():
            post_delete.connect(delete_drafts_of, sender=model, dispatch_uid=f"drafts-{model}")

        # Sent for this app after every migrate, once the content apps' permissions exist.
        post_migrate.connect(create_groups, sender=self, dispatch_uid="iomkb-editorial-groups")
