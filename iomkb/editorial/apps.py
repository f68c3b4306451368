from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EditorialConfig(AppConfig):
    """The admin for content: roles, review, history, the dashboard."""

    name = "iomkb.editorial"
    label = "iomkb_editorial"
    verbose_name = "Editorial"

    def ready(self):
        from django.db.models.signals import post_delete, post_save, pre_save

        from ..content import content_models
        from ..signals import content_bulk_created
        from . import audit
        from .drafts import delete_drafts_of
        from .models import PendingChange
        from .review import review_closed_with, review_deleted_with
        from .roles import create_groups

        for model in content_models():
            post_delete.connect(delete_drafts_of, sender=model, dispatch_uid=f"drafts-{model}")
            # The audit log reads publishing, verification and deletion off every save.
            pre_save.connect(audit.remember_state, sender=model, dispatch_uid=f"audit-{model}")
            post_save.connect(audit.record_transitions, sender=model, dispatch_uid=f"audit-{model}")
            post_delete.connect(audit.record_deletion, sender=model, dispatch_uid=f"audit-{model}")
            post_delete.connect(review_deleted_with, sender=model, dispatch_uid=f"review-{model}")
        # The import's new items are saved in bulk, without post_save (iomkb/bulkcreate.py).
        content_bulk_created.connect(audit.record_bulk_created, dispatch_uid="audit-bulk")
        # Published or discarded, or its item deleted: a draft leaves nothing to review.
        post_delete.connect(review_closed_with, sender=PendingChange, dispatch_uid="review-draft")

        # Sent for this app after every migrate, once the content apps' permissions exist.
        post_migrate.connect(create_groups, sender=self, dispatch_uid="iomkb-editorial-groups")
        for model in content_models():
            name_link_rows(model)


def name_link_rows(model):
    """Django's link tables print as "CaseStudy_citations object (5)", which is what a delete
    confirmation listed; name both ends instead ("Typhoon Haiyan – IOM Constitution")."""
    for field in model._meta.many_to_many:
        through = field.remote_field.through
        if through._meta.auto_created:
            ends = [f.name for f in through._meta.get_fields() if f.many_to_one]
            through.__str__ = lambda row, ends=ends: " – ".join(str(getattr(row, n)) for n in ends)
