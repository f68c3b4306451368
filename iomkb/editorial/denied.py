"""A 403 in the admin that says why: which role the page or action needs, and what the user's
own role can do. The permission checks stay where they are; this only explains a refusal.

Wired as the project's handler403 (iomkb/urls.py). Outside the admin, or for someone who is not
staff, Django's own 403 answers as before.
"""

import inspect
import re

from django.contrib import admin
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import defaults

from .fieldsets import PUBLISHING_FIELDS
from .roles import EDITORS, REVIEWERS, role_permissions

ROLE_CAN = {
    EDITORS: (
        "Editors write: they add and edit content, link citations and recover deleted items "
        "as drafts; their changes to live items wait for review. Publishing, scheduling, "
        "verification, deleting content and changing themes, places and shared citations "
        "need a Reviewer."
    ),
    REVIEWERS: (
        "Reviewers also publish, schedule and unpublish, set the verification status, delete "
        "content and curate themes, places and citations. User accounts and imported source "
        "documents are for administrators."
    ),
}
ROLE_NAME = {EDITORS: "an Editor", REVIEWERS: "a Reviewer"}

# What each admin view needs, by the end of its URL name (`sections_section_delete`).
VIEW_NEEDS = {
    "add": ("add",),
    "delete": ("delete",),
    "recoverlist": ("add", "change"),
    "recover": ("add", "change"),
    "revision": ("change",),
    "preview_markdown": ("change",),
}
DOING = {"add": "Adding", "delete": "Deleting", "change": "Changing", "view": "Viewing"}


class RoleRequired(PermissionDenied):
    """Refused because the user lacks `permissions` ("app_label.codename", ...)."""

    def __init__(self, message, permissions):
        super().__init__(message)
        self.permissions = tuple(permissions)


def action_permissions(model_admin, func):
    """The permissions an admin action declares: `permissions=["publish"]` means the
    "publish_content" permission (RoleLimits.has_publish_permission), "delete" the model's."""
    opts = model_admin.opts
    return [
        f"{opts.app_label}."
        + (get_permission_codename(name, opts) if name in DOING else f"{name}_content")
        for name in getattr(func, "allowed_permissions", ())
    ]


def locked_field_refused(opts, key):
    """The refusal of a crafted value for a field the role may only see (a publishing or
    verification field, posted as `status` or `published_at_0`)."""
    name = re.sub(r"_\d$", "", key)
    kind = "publish" if name in PUBLISHING_FIELDS else "verify"
    return RoleRequired(f"You may not change “{key}”.", [f"{opts.app_label}.{kind}_content"])


class ExplainedActions:
    """ModelAdmin mixin: a bulk action the user's role lacks is refused with a 403 that names
    it, not silently ignored (Django treats a crafted one as "no action selected")."""

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST":
            allowed = self.get_actions(request)
            for func, name, description in self._get_base_actions():
                if name in request.POST.getlist("action") and name not in allowed:
                    label = str(description) % {
                        "verbose_name_plural": self.opts.verbose_name_plural
                    }
                    raise RoleRequired(
                        f"The bulk action “{label}” is not open to your role.",
                        action_permissions(self, func),
                    )
        return super().changelist_view(request, extra_context)


def _model_admin_and_view(request):
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name is None:
        return None, None
    func = match.func
    model_admin = getattr(func, "model_admin", None) or getattr(
        inspect.unwrap(func), "__self__", None
    )
    if not isinstance(model_admin, admin.ModelAdmin):
        return None, None
    prefix = f"{model_admin.opts.app_label}_{model_admin.opts.model_name}_"
    view = match.url_name.removeprefix(prefix)
    return model_admin, view


def refusal(request, exception):
    """(what was refused, the permissions it needs) for this request."""
    model_admin, view = _model_admin_and_view(request)
    needs = getattr(exception, "permissions", ())
    reason = str(exception) if exception.args and str(exception) else ""
    if model_admin is not None and not needs:
        actions = VIEW_NEEDS.get(view, ("change",) if request.method == "POST" else ("view",))
        opts = model_admin.opts
        needs = [f"{opts.app_label}.{get_permission_codename(a, opts)}" for a in actions]
        if not reason:
            doing = DOING.get(actions[0], "Opening")
            if view in ("recover", "recoverlist"):
                doing = "Recovering"
            reason = f"{doing} {opts.verbose_name_plural} is not open to your role."
    return reason or "This page is not open to your role.", needs


def role_needed(permissions):
    """The first role (Editors, then Reviewers) that holds all `permissions`, or None."""
    if not permissions:
        return None
    for role, pairs in role_permissions().items():
        held = {f"{model._meta.app_label}.{codename}" for model, codename in pairs}
        if set(permissions) <= held:
            return role
    return None


def permission_denied(request, exception=None):
    """handler403: an admin page for staff in the admin, Django's own 403 elsewhere."""
    user = getattr(request, "user", None)
    in_admin = request.path.startswith(reverse("admin:index"))
    if not (in_admin and user is not None and user.is_active and user.is_staff):
        return defaults.permission_denied(request, exception)
    exception = exception or PermissionDenied()
    reason, needs = refusal(request, exception)
    roles = [name for name in ROLE_CAN if user.groups.filter(name=name).exists()]
    lacking = [name for name in needs if not user.has_perm(name)]
    needed = role_needed(lacking) if lacking else None
    context = {
        **admin.site.each_context(request),
        "title": "Not open to your role",
        "reason": reason,
        "roles": [(name, ROLE_NAME[name], ROLE_CAN[name]) for name in roles],
        "needed": ROLE_NAME.get(needed),
        "needs_admin": bool(lacking) and needed is None,
    }
    return TemplateResponse(request, "admin/iomkb/denied.html", context, status=403)
