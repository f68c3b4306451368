"""The editorial roles: Editors write; Reviewers also publish, verify, delete and curate terms.

The groups and their permissions are (re)made after every `migrate` (post_migrate), from the
content types in iomkb/content.py, so a new content type gets its permissions with no
migration of its own.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from ..content import content_models, public_models
from ..models import Citation, NamedTerm, SourceDocument
from .fieldsets import PUBLISHING_FIELDS, VERIFICATION_FIELDS
from .models import AuditEntry

EDITORS, REVIEWERS = "Editors", "Reviewers"


def _terms():
    return [model for model in public_models() if issubclass(model, NamedTerm)]


def role_permissions():
    """{group name: [(model, codename), ...]}. Editors may add and link citations but not
    change shared ones: a citation's change alters what every item citing it vouches for."""
    content = content_models()
    editors = [
        *[(model, f"{action}_{model._meta.model_name}") for model in content
          for action in ("view", "add", "change")],
        (Citation, "view_citation"), (Citation, "add_citation"),
        *[(model, f"view_{model._meta.model_name}") for model in _terms()],
        (SourceDocument, "view_sourcedocument"),
    ]  # fmt: skip
    reviewers = [
        *editors,
        *[(model, f"delete_{model._meta.model_name}") for model in content],
        *[(model, codename) for model in content
          for codename in ("publish_content", "verify_content")],
        (Citation, "change_citation"), (Citation, "delete_citation"),
        (AuditEntry, "view_auditentry"),
        *[(model, f"{action}_{model._meta.model_name}") for model in _terms()
          for action in ("add", "change")],
    ]  # fmt: skip
    return {EDITORS: editors, REVIEWERS: reviewers}


def create_groups(**kwargs):
    """post_migrate receiver: the two groups with exactly their roles' permissions."""
    for name, pairs in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for model, codename in pairs:
            content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
            permissions += Permission.objects.filter(content_type=content_type, codename=codename)
        group.permissions.set(permissions)


class RoleLimits:
    """ModelAdmin mixin: what this user's role may change. Django's permissions are per app
    ("sections.publish_content"); Reviewers hold them."""

    def has_publish_permission(self, request):
        return request.user.has_perm(f"{self.opts.app_label}.publish_content")

    def has_verify_permission(self, request):
        return request.user.has_perm(f"{self.opts.app_label}.verify_content")

    def locked_fields(self, request):
        """Fields this user may see but not change."""
        locked = []
        if not self.has_publish_permission(request):
            locked += PUBLISHING_FIELDS
        if not self.has_verify_permission(request):
            locked += VERIFICATION_FIELDS
        return locked

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, *self.locked_fields(request)]
