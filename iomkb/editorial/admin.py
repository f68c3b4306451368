"""The admin every content type's ModelAdmin builds on (sections/admin.py, casestudies/admin.py).

Its parts live beside it, one job each: the form (forms.py), citation rows (inlines.py), list
filters (listfilters.py), history, revert and compare (history.py), bulk actions (actions.py),
columns (displays.py). The rules it applies (what a revert keeps, when verification resets)
are the model's.
"""

import re

import reversion
from django.contrib import messages
from django.db import transaction

from .actions import ContentActions
from .denied import ExplainedActions, locked_field_refused
from .displays import ContentDisplays
from .draftadmin import DraftAdmin
from .drafts import is_live
from .editor import MarkdownEditorAdmin
from .fieldsets import VERIFICATION_FIELDS, content_fieldsets
from .forms import ContentItemForm, errors_besides_conflict
from .guards import ForgivingQueryAdmin
from .history import ContentHistoryAdmin, ScopedVersionAdmin
from .inlines import CitationInline
from .listfilters import ChangedSinceImportFilter, PublicationFilter
from .preview import PreviewAdmin
from .reviewadmin import ReviewAdmin
from .reviewlist import ReviewListAdmin
from .roles import RoleLimits
from .sourceupdateadmin import SourceUpdateAdmin
from .state import editorial_state

# Help for the fields the shared model leaves without any, written for editors.
HELP_TEXTS = {
    "title": "The heading readers see. Keep the source's wording unless it is wrong.",
    "themes": "Readers browse by theme: pick every one that fits. Reviewers can add new themes.",
}


class ContentItemAdmin(
    ReviewAdmin,
    ReviewListAdmin,
    SourceUpdateAdmin,
    DraftAdmin,
    PreviewAdmin,
    RoleLimits,
    ExplainedActions,
    MarkdownEditorAdmin,
    ContentActions,
    ContentDisplays,
    ForgivingQueryAdmin,
    ContentHistoryAdmin,
):
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
    readonly_fields = ["source_lines", "source_diff", "source_update", "verified_by", "verified_at"]
    content_fields = ("title", "slug", "summary", "body")
    extra_fieldsets = ()
    help_texts = {}  # for fields whose model gives none, per content type

    def __init__(self, model, admin_site):
        # Registered before VersionAdmin would auto-register the citation rows' table too:
        # citation links are stored with the item itself (M2M fields are serialized with it).
        if not reversion.is_registered(model):
            reversion.register(model)
        super().__init__(model, admin_site)

    def get_inlines(self, request, obj):
        if editorial_state(request).reverting:
            # A revert or recover restores the citation links from the stored revision. Rows
            # rendered from the rolled-back preview carry link ids PostgreSQL never reuses.
            return []
        # A live item's citation links are posted as values: they may go into a draft.
        return [CitationInline.for_model(self.model, as_values=editorial_state(request).live)]

    def get_fieldsets(self, request, obj=None):
        return content_fieldsets(
            self.content_fields,
            self.extra_fieldsets,
            self.has_publish_permission(request),
            self.has_verify_permission(request),
            suggestible=bool(self.model.suggested_from),
        )

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
        state = editorial_state(request)
        for name, value in state.keep.items():
            setattr(obj, name, value)
        state.live = is_live(obj)
        if request.method == "POST" and state.vouched_before is None:
            state.vouched_before = obj.vouched_content()
            citations = set(state.vouched_before[3])
            state.evidence_before = (obj.verification, obj.verification_note, citations)
        return obj

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("themes")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST":
            # The form has no inputs for locked fields, so any such value was crafted.
            locked = self.locked_fields(request)
            for key in request.POST:
                if any(re.fullmatch(rf"{name}(_\d)?", key) for name in locked):
                    raise locked_field_refused(self.opts, key)
        extra_context = {
            **(extra_context or {}),
            "can_publish": self.has_publish_permission(request),
            "can_verify": self.has_verify_permission(request),
        }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        context["edit_conflict"] = form.edit_conflict
        formsets = [inline.formset for inline in context["inline_admin_formsets"]]
        context["errors"] = errors_besides_conflict(form, formsets)
        error = editorial_state(request).evidence_error
        if error is not None and "verification" in form.fields:
            form.add_error(None, error)  # shown on the status field, where it can be fixed
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        if "verification" in form.changed_data:
            # The citation rows are saved after the item: check the ones this POST keeps.
            citations = editorial_state(request).citations
            obj.set_verification(obj.verification, request.user, citations=citations)
        editorial_state(request).note = form.cleaned_data.get("revision_comment", "")
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
        obj, state = form.instance, editorial_state(request)
        before = state.vouched_before
        # Checked after the citation rows are saved: a verification vouches for those too.
        reason = before is not None and obj.reset_verification_if_changed(before, request.user)
        if reason:
            obj.save(update_fields=[*VERIFICATION_FIELDS, "verified_by", "verified_at"])
            state.verification_reset = reason
            self.message_user(
                request,
                "This item was verified. Your changes reset it to unverified: "
                "a reviewer has to check it again.",
                messages.WARNING,
            )
        if reversion.is_active():
            # Inline citation rows bypass m2m_changed: store the item again with its final links.
            reversion.add_to_revision(form.instance)


class HistoryAdmin(ExplainedActions, ForgivingQueryAdmin, ScopedVersionAdmin):
    """Small supporting models: history and recovery, nothing more."""
