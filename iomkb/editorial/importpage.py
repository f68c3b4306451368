"""The admin's "Import a source text" page: upload, preview what would change, confirm.

The same code path as `manage.py import_source` (iomkb.extraction + iomkb.importer); the
preview is that import run in a transaction that is rolled back.
"""

import hashlib
from pathlib import PurePath

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse

from ..content import content_models
from ..extraction import MAX_INPUT_BYTES, ExtractionError, extract
from ..importer import import_extraction
from ..sourcetext import ParseError
from ..textdiff import inline_diff

EXTENSIONS = (".txt", ".md", ".markdown")
LIMIT = f"{MAX_INPUT_BYTES / 2**20:g} MB"


def can_import(user):
    """Reviewers (who may publish every content type) and superusers."""
    return user.is_active and all(
        user.has_perm(f"{model._meta.app_label}.publish_content") for model in content_models()
    )


class _ExtractingForm(forms.Form):
    suggestions = forms.BooleanField(
        required=False,
        initial=True,
        label="Suggest case studies and legal frameworks found in the text",
        help_text="They are created as drafts marked “Suggested by the import” for a person "
        "to confirm or delete.",
    )

    def extract(self, data: bytes, filename: str):
        stem = PurePath(filename).stem
        try:
            return extract(data, stem, suggest=self.cleaned_data.get("suggestions", False))
        except ParseError as error:
            raise forms.ValidationError(f"{filename}: {error}") from None
        except ExtractionError as error:
            raise forms.ValidationError(f"{filename}: {error}") from None


class SourceUploadForm(_ExtractingForm):
    file = forms.FileField(
        label="Source text",
        help_text=f"A plain-text or Markdown file ({', '.join(EXTENSIONS)}), UTF-8, at most "
        f"{LIMIT}.",
    )
    field_order = ["file", "suggestions"]

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        name = PurePath(upload.name).name
        if not name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError(
                f"{name}: choose a .txt or .md file (Word, PDF and HTML files are not read)."
            )
        if upload.size > MAX_INPUT_BYTES:
            raise forms.ValidationError(f"{name} is larger than the {LIMIT} import limit.")
        data = upload.read(MAX_INPUT_BYTES + 1)
        self.filename, self.raw = name, data
        self.extraction = self.extract(data, name)
        return cleaned


class ConfirmImportForm(_ExtractingForm):
    """The previewed text, posted back as it was, so the import is what the preview showed."""

    text = forms.CharField(widget=forms.HiddenInput, strip=False)
    filename = forms.CharField(widget=forms.HiddenInput, max_length=255)
    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)
    suggestions = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        name = PurePath(cleaned["filename"]).name
        # Form posts turn line breaks into CRLF; the parser reads either the same way.
        data = cleaned["text"].replace("\r\n", "\n").encode("utf-8")
        if not name.lower().endswith(EXTENSIONS) or len(data) > MAX_INPUT_BYTES:
            raise forms.ValidationError("This import cannot be confirmed: upload the file again.")
        if hashlib.sha256(data).hexdigest() != cleaned["digest"]:
            raise forms.ValidationError(
                "The text is not the one previewed: upload the file again and check the preview."
            )
        self.filename, self.extraction = name, self.extract(data, name)
        return cleaned

    @classmethod
    def for_upload(cls, upload_form):
        text = upload_form.raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        return cls(
            initial={
                "text": text,
                "filename": upload_form.filename,
                "digest": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                "suggestions": upload_form.cleaned_data["suggestions"],
            }
        )


def import_source_view(request):
    if not can_import(request.user):
        raise PermissionDenied(
            "Importing a source text creates and updates items of every type: only Reviewers "
            "(who may publish) can do it. Ask a Reviewer to import the file."
        )
    context = {**admin.site.each_context(request), "title": "Import a source text"}
    if request.method == "POST" and "_confirm" in request.POST:
        form = ConfirmImportForm(request.POST)
        if form.is_valid():
            try:
                report = import_extraction(form.extraction, form.filename, user=request.user)
            except DatabaseError:
                messages.error(request, "The import failed and saved nothing. Try again.")
            else:
                context.update(report=report, rows=_rows(report, links=True), done=True)
                messages.success(request, f"Imported {form.filename}: {_summary(report)}.")
                return TemplateResponse(request, "admin/iomkb/import_source.html", context)
        context["form"] = SourceUploadForm()
        context["confirm_errors"] = form.non_field_errors() or form.errors
    elif request.method == "POST":
        form = SourceUploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            report = import_extraction(form.extraction, form.filename, dry_run=True)
            context.update(
                report=report,
                rows=_rows(report, links=False),
                confirm=ConfirmImportForm.for_upload(form),
                filename=form.filename,
                summary=_summary(report),
            )
    else:
        context["form"] = SourceUploadForm()
    return TemplateResponse(request, "admin/iomkb/import_source.html", context)


def _summary(report):
    counts = report.counts
    return ", ".join(
        f"{counts[name]} {name}" for name in ("created", "updated", "unchanged", "skipped")
    )


def _rows(report, links):
    pks = _pks(report) if links else {}
    rows = []
    for item in report.items:
        row = {"item": item, "diff": None, "url": None}
        if item.outcome in ("updated", "skipped") and item.source_changed:
            row["diff"] = inline_diff(item.old_text, item.new_text)
        if (pk := pks.get((item.model, item.slug))) is not None:
            app_label, model_name = item.model.split(".")
            try:
                row["url"] = reverse(f"admin:{app_label}_{model_name}_change", args=[pk])
            except NoReverseMatch:
                pass
        rows.append(row)
    return rows


def _pks(report):
    """{(model label, slug): pk} for the report's items: one query per content type."""
    wanted = {}
    for item in report.items:
        if item.model:
            wanted.setdefault(item.model, []).append(item.slug)
    pks = {}
    for model in content_models():
        label = model._meta.label_lower
        if slugs := wanted.get(label):
            for pk, slug in model.objects.filter(slug__in=slugs).values_list("pk", "slug"):
                pks[(label, slug)] = pk
    return pks
