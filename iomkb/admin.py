import functools
import re

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html

from . import revisions
from .adminguards import ForgivingQueryAdmin
from .models import Citation, SourceDocument, Status, Theme, Verification
from .versionadmin import ScopedVersionAdmin

admin.site.site_header = "IOM Knowledge Base"
admin.site.site_title = "IOM Knowledge Base admin"
admin.site.index_title = "Editorial dashboard"
admin.site.index_template = "admin/iomkb/index.html"

PUBLISHING_FIELDS = ("status", "published_at")
VERIFICATION_FIELDS = ("verification", "verification_note")


# Help for the fields the shared model leaves without any, written for editors.
HELP_TEXTS = {
    "title": "The heading readers see. Keep the source's wording unless it is wrong.",
    "themes": "Readers browse by theme: pick every one that fits. Reviewers can add new themes.",
}


class PublicationFilter(admin.SimpleListFilter):
    title = "publication"
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [("live", "Public now"), ("scheduled", "Scheduled"), ("draft", "Draft")]

    def queryset(self, request, queryset):
        published = queryset.published()
        if self.value() == "live":
            return published
        if self.value() == "scheduled":
            return queryset.filter(status=Status.PUBLISHED).exclude(pk__in=published.values("pk"))
        if self.value() == "draft":
            return queryset.filter(status=Status.DRAFT)
        return queryset


class ChangedSinceImportFilter(admin.SimpleListFilter):
    title = "changed since import"
    parameter_name = "changed_since_import"

    def lookups(self, request, model_admin):
        return [("yes", "Yes: edited here"), ("no", "No: still the source text")]

    def queryset(self, request, queryset):
        changed = queryset.changed_since_import()
        if self.value() == "yes":
            return changed
        if self.value() == "no":
            return queryset.exclude(source=None).exclude(pk__in=changed.values("pk"))
        return queryset


class ContentItemForm(forms.ModelForm):
    """The admin form, plus the version it was opened at, to refuse saves over newer work."""

    edit_version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    revision_comment = forms.CharField(
        required=False,
        max_length=200,
        label="Note for the history",
        help_text="Optional: what you changed and why. The history records it with your name.",
    )
    opened_version = None  # set by ContentItemAdmin.get_form: the version saved right now
    edit_conflict = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.opened_version is not None:
            self.initial["edit_version"] = self.opened_version

    @cached_property
    def changed_data(self):
        """Changed content fields only: the history's change message lists these."""
        bookkeeping = {"edit_version", "revision_comment"}
        return [name for name in super().changed_data if name not in bookkeeping]

    def clean(self):
        cleaned_data = super().clean()
        for name, value in cleaned_data.items():
            if isinstance(value, str):
                # Browsers send textarea line breaks as CRLF; the source text (and the
                # "changed since import" comparison) uses LF.
                cleaned_data[name] = value.replace("\r\n", "\n")
        if self.instance.pk is None or self.opened_version is None:
            return cleaned_data
        if cleaned_data.get("edit_version") != self.opened_version:
            # self.instance still holds the saved item here (_post_clean has not run yet).
            self.edit_conflict = revisions.describe_conflict(
                self.instance,
                cleaned_data.get("edit_version"),
                revisions.submitted_values(self.instance, cleaned_data),
            )
            # Saving again, after reading what changed, deliberately replaces their version.
            self.data = self.data.copy()
            self.data["edit_version"] = str(self.opened_version)
            raise forms.ValidationError(self.edit_conflict.message, code="edit_conflict")
        return cleaned_data


class CitationInline(admin.TabularInline):
    """Citations as rows under the form; `model` is set per content type (its M2M table)."""

    autocomplete_fields = ["citation"]
    extra = 0
    verbose_name = "citation"
    verbose_name_plural = "citations: the sources a reviewer checked this against"

    def _may_change_parent(self, request):
        # Django asks for change permission on Citation itself to edit the links; Editors may
        # link citations to the items they write without being able to rewrite shared ones.
        opts = self.parent_model._meta
        return request.user.has_perm(f"{opts.app_label}.{get_permission_codename('change', opts)}")

    def has_add_permission(self, request, obj):
        return self._may_change_parent(request)

    def has_change_permission(self, request, obj=None):
        return self._may_change_parent(request)

    def has_delete_permission(self, request, obj=None):
        return self._may_change_parent(request)

    @classmethod
    @functools.cache
    def for_model(cls, model):
        return type(f"{model.__name__}CitationInline", (cls,), {"model": model.citations.through})


class ContentItemAdmin(ForgivingQueryAdmin, ScopedVersionAdmin):
    """What every content type's admin shares; subclasses add their own fields."""

    form = ContentItemForm
    change_form_template = "admin/iomkb/change_form.html"
    revision_form_template = "admin/iomkb/revision_form.html"
    recover_form_template = "admin/iomkb/recover_form.html"
    object_history_template = "admin/iomkb/object_history.html"

    list_display = ["title", "publication", "verification", "updated_at", "theme_list"]
    list_filter = [PublicationFilter, "verification", ChangedSinceImportFilter, "themes"]
    search_fields = ["title", "slug", "summary", "body"]
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "updated_at"
    autocomplete_fields = ["themes"]
    readonly_fields = ["source_lines", "source_diff", "verified_by", "verified_at"]
    actions = ["publish", "unpublish", "mark_verified", "mark_disputed"]
    content_fields = ("title", "slug", "summary", "body")
    extra_fieldsets = ()
    help_texts = {}  # for fields whose model gives none, per content type

    def __init__(self, model, admin_site):
        # Registered before VersionAdmin would auto-register the citation rows' table too:
        # citation links are stored with the item itself (M2M fields are serialized with it).
        if not reversion.is_registered(model):
            reversion.register(model)
        super().__init__(model, admin_site)

    # Permissions. Django's are per app ("sections.publish_content"); Reviewers hold them.

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

    # Form and fieldsets.

    def get_inlines(self, request, obj):
        if getattr(request, "editorial_revert", False):
            # A revert or recover restores the citation links from the stored revision. Rows
            # rendered from the rolled-back preview carry link ids PostgreSQL never reuses.
            return []
        return [CitationInline.for_model(self.model)]

    def get_fieldsets(self, request, obj=None):
        can_publish = self.has_publish_permission(request)
        can_verify = self.has_verify_permission(request)
        return [
            (None, {"fields": (*self.content_fields, "edit_version")}),
            *self.extra_fieldsets,
            (
                "Publishing",
                {
                    "fields": PUBLISHING_FIELDS,
                    "description": (
                        "Drafts are never public. Set “Published” with a future publication time "
                        "to schedule it: it goes public by itself at that time."
                        if can_publish
                        else "Only reviewers publish, schedule and unpublish. "
                        "Save your work; a reviewer will publish it."
                    ),
                },
            ),
            (
                "Verification",
                {
                    "fields": (*VERIFICATION_FIELDS, "verified_by", "verified_at"),
                    "description": (
                        "The source text was assembled by AI: check each claim against official "
                        "sources and list them as citations below. Who set the status, and when, "
                        "is recorded when you save."
                        if can_verify
                        else "Only reviewers change the verification status. Add the sources you "
                        "checked as citations below and explain in the history note. Saving a "
                        "change to the title, summary, body or citations of a verified item "
                        "resets it to unverified until a reviewer checks it again."
                    ),
                },
            ),
            ("Themes", {"fields": ("themes",)}),
            (
                "Provenance",
                {
                    "fields": ("source_lines", "source_diff"),
                    "description": "Where in the source text this item came from.",
                },
            ),
            (
                "History",
                {
                    "fields": ("revision_comment",),
                    "description": "Every save is kept: see History (top right) to compare or "
                    "revert.",
                },
            ),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["help_texts"] = {**HELP_TEXTS, **self.help_texts, **kwargs.get("help_texts", {})}
        form = super().get_form(request, obj, change=change, **kwargs)
        form.opened_version = obj.version if obj is not None else None
        return form

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            return None
        if request.method == "POST" and transaction.get_connection().in_atomic_block:
            # Lock the row so two simultaneous saves cannot both pass the version check.
            obj = self.get_queryset(request).select_for_update(of=("self",)).get(pk=obj.pk)
        for name, value in getattr(request, "editorial_keep", {}).items():
            setattr(obj, name, value)
        if request.method == "POST" and not hasattr(request, "vouched_before"):
            request.vouched_before = obj.vouched_content()
        return obj

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("themes")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST":
            # The form has no inputs for locked fields, so any such value was crafted.
            locked = self.locked_fields(request)
            for key in request.POST:
                if any(re.fullmatch(rf"{name}(_\d)?", key) for name in locked):
                    raise PermissionDenied(f"You may not change “{key}”.")
        extra_context = {
            **(extra_context or {}),
            "can_publish": self.has_publish_permission(request),
            "can_verify": self.has_verify_permission(request),
        }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["edit_conflict"] = context["adminform"].form.edit_conflict
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        if "verification" in form.changed_data:
            obj.set_verification(obj.verification, request.user)
        request.editorial_note = form.cleaned_data.get("revision_comment", "")
        if reversion.is_active():
            super().save_model(request, obj, form, change)
            return
        # Edits in the list (e.g. section order): one revision per item, not one per page.
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(f"Changed {', '.join(form.changed_data)} in the list.")
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        before = getattr(request, "vouched_before", None)
        # Checked after the citation rows are saved: a verification vouches for those too.
        reason = before is not None and obj.reset_verification_if_changed(before, request.user)
        if reason:
            obj.save(update_fields=[*VERIFICATION_FIELDS, "verified_by", "verified_at"])
            request.verification_reset = reason
            self.message_user(
                request,
                "This item was verified. Your changes reset it to unverified: "
                "a reviewer has to check it again.",
                messages.WARNING,
            )
        if reversion.is_active():
            # Inline citation rows bypass m2m_changed: store the item again with its final links.
            reversion.add_to_revision(form.instance)

    def _log_with_note(self, request, entry):
        note = getattr(request, "editorial_note", "")
        reset = getattr(request, "verification_reset", "")
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

    # History: revert keeps publishing and verification; compare any revision with now.

    def revision_view(self, request, object_id, version_id, extra_context=None):
        current = self.get_object(request, unquote(object_id))
        if current is None:
            # A deleted item comes back through "Recover", which applies the role's limits.
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        self.version_of_object(current, version_id)
        request.editorial_keep = current.state_kept_on_revert()
        request.vouched_before = current.vouched_content()
        request.editorial_revert = True
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        self.deleted_version(version_id)
        request.editorial_keep = self.model.state_on_recover(request.user)
        request.editorial_revert = True
        return super().recover_view(request, version_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        # VersionAdmin wraps the whole list page in one revision; bulk actions and list edits
        # make one revision per item instead, so reverting one item never reverts the others.
        extra_context = {"has_change_permission": self.has_change_permission(request)}
        return admin.ModelAdmin.changelist_view(self, request, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        action_list = [
            {
                "revision": version.revision,
                "url": self.admin_url("revision", quote(obj.pk), version.pk),
                "compare_url": self.admin_url("compare", quote(obj.pk), version.pk),
            }
            for version in self._reversion_order_version_queryset(
                request, revisions.versions_of(obj)
            )
        ]
        context = {"action_list": action_list, **(extra_context or {})}
        return admin.ModelAdmin.history_view(self, request, object_id, context)

    def compare_view(self, request, object_id, version_id):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        version = get_object_or_404(revisions.versions_of(obj), pk=version_id)
        found = revisions.changes(
            self.model,
            revisions.stored_values(self.model, version.field_dict),
            revisions.current_values(obj),
        )
        context = {
            **self.admin_site.each_context(request),
            "title": f"Compare with the current version: {obj}",
            "opts": self.opts,
            "object": obj,
            "version": version,
            "changes": found,
            "revert_url": self.admin_url("revision", quote(obj.pk), version.pk),
            "history_url": self.admin_url("history", quote(obj.pk)),
        }
        return TemplateResponse(request, "admin/iomkb/compare.html", context)

    def admin_url(self, name, *args):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}", args=args)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/history/<int:version_id>/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_compare",
            ),
            *super().get_urls(),
        ]

    # Bulk actions: permission-checked, one revision per item.

    def _bulk(self, request, queryset, change, verb):
        done = skipped = 0
        for obj in queryset:
            if not change(obj):
                skipped += 1
                continue
            message = f"{verb} with a bulk action."
            with reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment(message)
                obj.save()
                self.log_change(request, obj, message)
            done += 1
        name = self.opts.verbose_name if done == 1 else self.opts.verbose_name_plural
        text = f"{verb}: {done} {name}."
        if skipped:
            text += f" {skipped} already were, so they were left alone."
        self.message_user(request, text, messages.SUCCESS if done else messages.WARNING)

    @admin.action(description="Publish now", permissions=["publish"])
    def publish(self, request, queryset):
        def change(obj):
            if obj.is_published():
                return False
            obj.publish()
            return True

        self._bulk(request, queryset, change, "Published")

    @admin.action(description="Unpublish (back to draft)", permissions=["publish"])
    def unpublish(self, request, queryset):
        def change(obj):
            if obj.status == Status.DRAFT:
                return False
            obj.unpublish()
            return True

        self._bulk(request, queryset, change, "Unpublished")

    def _verification_action(self, request, queryset, verification, verb):
        def change(obj):
            if obj.verification == verification:
                return False
            obj.set_verification(verification, request.user)
            return True

        self._bulk(request, queryset, change, verb)

    @admin.action(description="Mark verified", permissions=["verify"])
    def mark_verified(self, request, queryset):
        self._verification_action(request, queryset, Verification.VERIFIED, "Marked verified")

    @admin.action(description="Mark disputed", permissions=["verify"])
    def mark_disputed(self, request, queryset):
        self._verification_action(request, queryset, Verification.DISPUTED, "Marked disputed")

    # Columns and read-only displays.

    @admin.display(description="publication", ordering="status")
    def publication(self, obj):
        if obj.is_scheduled:
            return f"Scheduled for {revisions.when(obj.published_at)}"
        return obj.get_status_display()

    @admin.display(description="themes")
    def theme_list(self, obj):
        return ", ".join(theme.name for theme in obj.themes.all())

    @admin.display(description="source lines")
    def source_lines(self, obj):
        if obj is None or not obj.source_url:
            return "Written here, not imported."
        end = obj.source_end_line or obj.source_start_line
        return format_html(
            '<a href="{}">Lines {}–{} of “{}”</a>',
            obj.source_url,
            obj.source_start_line,
            end,
            obj.source,
        )

    @admin.display(description="difference from the source")
    def source_diff(self, obj):
        if obj is None or obj.source_id is None:
            return "—"
        if not obj.changed_since_import:
            return "None: the body is still the imported source text."
        return format_html(
            '<div class="editorial-diff">{}</div>', revisions.inline_diff(obj.source_body, obj.body)
        )


class HistoryAdmin(ForgivingQueryAdmin, ScopedVersionAdmin):
    """Small supporting models: history and recovery, nothing more."""


@admin.register(Theme)
class ThemeAdmin(HistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Citation)
class CitationAdmin(HistoryAdmin):
    list_display = ["title", "publisher", "link", "accessed_on"]
    search_fields = ["title", "publisher", "url", "key"]
    list_filter = ["publisher"]
    prepopulated_fields = {"key": ("title",)}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description="URL", ordering="url")
    def link(self, obj):
        return format_html('<a href="{0}">{0}</a>', obj.url) if obj.url else "—"


@admin.register(SourceDocument)
class SourceDocumentAdmin(ForgivingQueryAdmin, admin.ModelAdmin):
    list_display = ["title", "filename", "imported_at", "sha256"]
    search_fields = ["title", "filename", "text"]
    readonly_fields = ["sha256", "imported_at"]
