"""The body editor: a larger monospace textarea with "Write / Preview" tabs. The preview is
rendered on the server, by the renderer and sanitiser the public pages use (iomkb/markdown.py);
a small static script (no inline script: the CSP forbids it) adds the tabs, and without it the
textarea works as before."""

from django import forms
from django.contrib.admin.widgets import AdminTextareaWidget
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, JsonResponse
from django.urls import path

from ..markdown import render_markdown
from ..models import ContentItem
from .forms import normalise_newlines


class MarkdownEditor(AdminTextareaWidget):
    class Media:
        css = {"all": ["iomkb/markdown-editor.css"]}
        js = ["iomkb/markdown-editor.js"]

    def __init__(self, preview_url, attrs=None):
        super().__init__(
            attrs={
                "class": "vLargeTextField markdown-editor",
                "rows": 24,
                "spellcheck": "true",
                "data-preview-url": preview_url,
                **(attrs or {}),
            }
        )


class PreviewForm(forms.Form):
    # The body field's own limit and message; CharField refuses NUL characters.
    body = forms.CharField(
        required=False, strip=False, validators=ContentItem._meta.get_field("body").validators
    )


class MarkdownEditorAdmin:
    """ModelAdmin mixin: the body editor and its preview endpoint, <app>/<model>/preview-markdown/
    (staff only, POST with the CSRF token, like every admin form)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["widget"] = MarkdownEditor(self.admin_url("preview_markdown"))
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def preview_markdown_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        form = PreviewForm(request.POST)
        if not form.is_valid():
            return JsonResponse({"error": " ".join(form.errors["body"])}, status=400)
        body = normalise_newlines(form.cleaned_data["body"])
        return JsonResponse({"html": render_markdown(body)})

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_preview_markdown"
        view = self.admin_site.admin_view(self.preview_markdown_view)
        return [path("preview-markdown/", view, name=name), *super().get_urls()]
