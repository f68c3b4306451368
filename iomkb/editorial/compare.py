"""Compare two revisions of one item, or one revision with the current version, field by field
with the bounded word diff (revisions.py, iomkb/textdiff.py)."""

from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path

from . import revisions

MAX_ID = 2**31 - 1  # the largest id an integer column holds on every database
REVERT_LABELS = {1: ["this revision"], 2: ["the older revision", "the newer revision"]}


def version_id(value):
    """A version id from the query string, or 404: never a database error for 'abc' or 10**30."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        raise Http404("No such revision.")
    number = int(value)
    if number > MAX_ID:
        raise Http404("No such revision.")
    return number


def describe(version):
    user = version.revision.user
    by = f" by {user.get_username()}" if user else ""
    return f"the revision of {revisions.when(version.revision.date_created)}{by}"


class CompareAdmin:
    """ModelAdmin mixin: <id>/history/<version>/compare/ (that revision against now) and
    <id>/history/compare/?from=<version>&to=<version> (any two revisions of this object)."""

    def compare_view(self, request, object_id, version_id):
        obj = self.compared_object(request, object_id)
        if isinstance(obj, HttpResponseBase):
            return obj  # the redirect for an object that does not exist
        version = get_object_or_404(revisions.versions_of(obj), pk=version_id)
        old = revisions.stored_values(self.model, version.field_dict)
        return self.compare_response(
            request, obj, old, revisions.current_values(obj), describe(version),
            "the current version", [version],
        )  # fmt: skip

    def compare_revisions_view(self, request, object_id):
        obj = self.compared_object(request, object_id)
        if isinstance(obj, HttpResponseBase):
            return obj
        ids = [version_id(request.GET.get(name)) for name in ("from", "to")]
        found = {version.pk: version for version in revisions.versions_of(obj).filter(pk__in=ids)}
        if any(pk not in found for pk in ids):
            raise Http404("Both revisions must be revisions of this item.")
        older, newer = sorted((found[pk] for pk in ids), key=lambda v: v.revision.date_created)
        return self.compare_response(
            request, obj,
            revisions.stored_values(self.model, older.field_dict),
            revisions.stored_values(self.model, newer.field_dict),
            describe(older), describe(newer), [older, newer],
        )  # fmt: skip

    def compared_object(self, request, object_id):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return obj

    def compare_response(self, request, obj, old, new, old_label, new_label, versions):
        context = {
            **self.admin_site.each_context(request),
            "title": f"Compare revisions: {obj}",
            "opts": self.opts,
            "object": obj,
            "old_label": old_label,
            "new_label": new_label,
            "changes": revisions.changes(self.model, old, new),
            "reverts": [
                (label, self.admin_url("revision", quote(obj.pk), version.pk))
                for label, version in zip(REVERT_LABELS[len(versions)], versions, strict=True)
            ],
            "history_url": self.admin_url("history", quote(obj.pk)),
        }
        return TemplateResponse(request, "admin/iomkb/compare.html", context)

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_revisions_view),
                name=f"{prefix}_compare_revisions",
            ),
            path(
                "<path:object_id>/history/<int:version_id>/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{prefix}_compare",
            ),
            *super().get_urls(),
        ]
