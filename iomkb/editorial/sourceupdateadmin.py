"""New source lines for an item an editor had changed (SourceUpdate): the change form says
they wait, and a page shows the old source lines, the new ones and the current text side by
side, to keep the current text or take the new one."""

import reversion
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from ..lines import describe_lines
from ..models import SourceUpdate
from ..textdiff import inline_diff
from .drafts import is_live


class SourceUpdateAdmin:
    """ModelAdmin mixin for content."""

    @admin.display(description="new source lines")
    def source_update(self, obj):
        update = SourceUpdate.objects.for_item(obj).first() if obj and obj.pk else None
        if update is None:
            return "None waiting."
        url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_source_update",
            args=[quote(obj.pk)],
        )
        return format_html(
            "A re-import of “{}” brought new {} for this item, which had been edited, "
            'so the import left it alone. <a href="{}">Compare and decide…</a>',
            update.source,
            describe_lines(update.new_start_line, update.new_end_line),
            url,
        )

    def may_resolve_source_update(self, request, obj):
        # Taking or keeping text on a live item changes what the public reads about it.
        if is_live(obj):
            return self.has_publish_permission(request)
        return self.has_change_permission(request, obj)

    def source_update_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        update = SourceUpdate.objects.for_item(obj).first()
        change_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[quote(obj.pk)]
        )
        if update is None:
            self.message_user(request, "No new source lines wait for this item.", messages.INFO)
            return HttpResponseRedirect(change_url)
        may_resolve = self.may_resolve_source_update(request, obj)
        if request.method == "POST":
            if not may_resolve:
                raise PermissionDenied(
                    "This item is public: only Reviewers, who may publish, change its text or "
                    "its source. Ask a Reviewer, or leave a note in its history."
                )
            return self._resolve(request, obj, update, change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": f"New source lines for “{obj}”",
            "opts": self.opts,
            "object": obj,
            "update": update,
            "source_diff": inline_diff(update.old_source_body, update.new_source_body),
            "may_resolve": may_resolve,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/iomkb/source_update.html", context)

    def _resolve(self, request, obj, update, change_url):
        take = "_take" in request.POST
        with transaction.atomic(), reversion.create_revision():
            if take:
                update.take_new_text(obj, request.user)
                message = "Took the new source text from the re-import."
            else:
                update.keep_current_text(obj)
                message = "Kept the current text; it is now compared with the new source lines."
            obj.save()
            reversion.set_user(request.user)
            reversion.set_comment(message)
            self.log_change(request, obj, message)
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(change_url)

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_source_update"
        view = self.admin_site.admin_view(self.source_update_view)
        return [path("<path:object_id>/source-update/", view, name=name), *super().get_urls()]
