"""django-reversion's admin, held to the object it is opened for.

reversion's revision view looks a version up by its id and object id only, and its recover view
by its id only, then reverts the version's whole revision before the change form checks
anything. Opened from another model's admin (`/admin/sections/section/1/history/V/` with a case
study's version V), that reverted the case study wholesale: publishing and verification
included. Every versioned admin here derives from this class, which answers 404 unless the
version belongs to this admin's model and, for a revert, to this very object, and, for a
recover, to an object that no longer exists.
"""

import reversion
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from reversion.admin import VersionAdmin
from reversion.models import Version

from . import revisions
from .compare import CompareAdmin
from .restore import restored_message
from .state import editorial_state


class ScopedVersionAdmin(VersionAdmin):
    history_latest_first = True

    def admin_url(self, name, *args):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}", args=args)

    def version_of_object(self, obj, version_id):
        """This object's version `version_id`, or 404."""
        return get_object_or_404(Version.objects.get_for_object(obj), pk=version_id)

    def deleted_version(self, version_id):
        """A version of a deleted object of this admin's model, or 404."""
        return get_object_or_404(Version.objects.get_deleted(self.model), pk=version_id)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            # A deleted item comes back through "Recover", which applies the role's limits.
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        version = self.version_of_object(obj, version_id)
        editorial_state(request).restored = ("Reverted", version)
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        editorial_state(request).restored = ("Recovered", self.deleted_version(version_id))
        return super().recover_view(request, version_id, extra_context)

    def restored_message(self, request, obj, as_draft=False):
        return restored_message(request, obj, as_draft)

    def response_change(self, request, obj):
        """After a revert or recover: say what came back and stay on the item."""
        message = self.restored_message(request, obj)
        if not message:
            return super().response_change(request, obj)
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(self.admin_url("change", quote(obj.pk)))


class ContentHistoryAdmin(CompareAdmin, ScopedVersionAdmin):
    """History for content: a revert keeps publishing and verification (the model's rules),
    a recover applies the role's limits, and any two revisions can be compared."""

    # The history note: the editor's own words, then Django's summary of what changed.

    def _log_with_note(self, request, entry):
        state = editorial_state(request)
        note, reset = state.note, state.verification_reset
        if (note or reset) and reversion.is_active():
            comment = entry.get_change_message()
            if note:
                comment = f"{note} ({comment})"
            reversion.set_comment(f"{comment} {reset}".strip())
        return entry

    def log_addition(self, request, obj, message):
        return self._log_with_note(request, super().log_addition(request, obj, message))

    def log_change(self, request, obj, message):
        return self._log_with_note(request, super().log_change(request, obj, message))

    def changelist_view(self, request, extra_context=None):
        # VersionAdmin wraps the whole list page in one revision; bulk actions and list edits
        # make one revision per item instead, so reverting one item never reverts the others.
        extra_context = {"has_change_permission": self.has_change_permission(request)}
        return admin.ModelAdmin.changelist_view(self, request, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        current = self.get_object(request, unquote(object_id))
        if current is None:
            # A deleted item comes back through "Recover", which applies the role's limits.
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        self.version_of_object(current, version_id)
        state = editorial_state(request)
        state.keep = current.state_kept_on_revert()
        state.vouched_before = current.vouched_content()
        state.reverting = True
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        self.deleted_version(version_id)
        state = editorial_state(request)
        state.keep = self.model.state_on_recover(request.user)
        state.reverting = True
        return super().recover_view(request, version_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        action_list = [
            {
                "revision": version.revision,
                "version_id": version.pk,
                "url": self.admin_url("revision", quote(obj.pk), version.pk),
                "compare_url": self.admin_url("compare", quote(obj.pk), version.pk),
            }
            for version in self._reversion_order_version_queryset(
                request, revisions.versions_of(obj)
            )
        ]
        context = {
            "action_list": action_list,
            "compare_revisions_url": self.admin_url("compare_revisions", quote(obj.pk)),
            **(extra_context or {}),
        }
        return admin.ModelAdmin.history_view(self, request, object_id, context)
