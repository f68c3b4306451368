"""django-reversion's admin, held to the object it is opened for.

reversion's revision view looks a version up by its id and object id only, and its recover view
by its id only, then reverts the version's whole revision before the change form checks
anything. Opened from another model's admin (`/admin/sections/section/1/history/V/` with a case
study's version V), that reverted the case study wholesale: publishing and verification
included. Every versioned admin here derives from this class, which answers 404 unless the
version belongs to this admin's model and, for a revert, to this very object, and, for a
recover, to an object that no longer exists.
"""

from django.contrib.admin.utils import unquote
from django.shortcuts import get_object_or_404
from reversion.admin import VersionAdmin
from reversion.models import Version


class ScopedVersionAdmin(VersionAdmin):
    history_latest_first = True

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
        self.version_of_object(obj, version_id)
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        self.deleted_version(version_id)
        return super().recover_view(request, version_id, extra_context)
