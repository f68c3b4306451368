"""Staff preview of a live item's draft of changes, or of a change form's unsaved contents, in
the public template. Served under /admin/ (never cached, never reachable by readers): the
public detail view renders the object handed to it instead of looking one up."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.urls import path, resolve
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html_join

from . import drafts


class PreviewAdmin:
    """ModelAdmin mixin: GET <id>/preview/ shows the pending draft (or the live version); a POST
    of the change form shows what it holds, saving nothing."""

    def preview_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        if request.method == "POST":
            values = self.unsaved_values(request, obj)
            if isinstance(values, HttpResponseBadRequest):
                return values
        else:
            draft = drafts.pending_change(obj)
            values = draft.values if draft is not None else {}
        preview = drafts.with_values(obj, values)
        match = resolve(obj.get_absolute_url())
        request.preview_object = preview
        request.method = "GET"  # the public view reads; the form's POST was for this view only
        response = match.func(request, *match.args, **match.kwargs)
        add_never_cache_headers(response)
        return response

    def unsaved_values(self, request, obj):
        form_class = self.get_form(request, obj, change=True)
        # A preview compares nothing: only a save must not overwrite newer work.
        form_class.opened_version = form_class.opened_draft = None
        form = form_class(request.POST, request.FILES, instance=obj)
        if not form.is_valid():
            errors = format_html_join(
                "", "<li>{}: {}</li>", ((name, " ".join(e)) for name, e in form.errors.items())
            )
            return HttpResponseBadRequest(b"<p>Nothing to preview yet:</p><ul>%s</ul>" % (
                errors.encode()
            ))  # fmt: skip
        names = {field.name for field in drafts.content_fields(self.model)}
        return {name: value for name, value in form.cleaned_data.items() if name in names}

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_preview"
        view = self.admin_site.admin_view(self.preview_view)
        return [path("<path:object_id>/preview/", view, name=name), *super().get_urls()]
