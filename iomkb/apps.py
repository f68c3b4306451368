from django.apps import AppConfig


class IomkbConfig(AppConfig):
    """The shared model layer: ContentItem, themes, citations, source documents."""

    name = "iomkb"
    verbose_name = "Knowledge base core"

    def ready(self):
        from django.db.models.signals import post_delete

        from .content import content_models
        from .models.sourceupdates import delete_source_updates_of

        for model in content_models():
            post_delete.connect(
                delete_source_updates_of, sender=model, dispatch_uid=f"source-updates-{model}"
            )
