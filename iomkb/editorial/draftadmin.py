"""The change form's side of drafts (drafts.py): on a live item, a save without publish
permission, or "Save draft", stores a draft of changes; "Publish" applies the form directly.

A draft save runs the whole admin save (validation, the edit-conflict check, the citation
rows) up to the point where it would write, then raises DraftSave: the transaction rolls back
(a revert has already written the reverted row by then) and the values are stored as the draft.
"""

from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path

from . import audit, drafts, revisions
from .state import editorial_state

SAVED_AS_DRAFT = (
    "Saved as a draft of changes; the public still sees the live version until a reviewer "
    "publishes it."
)

NOTHING_CHANGED = (
    "Nothing saved: the form matches the live version, so there is no draft to save or submit."
)


class DraftSave(Exception):
    def __init__(self, obj, values, number):
        super().__init__("stored as a draft instead")
        self.obj, self.values, self.number = obj, values, number


class DraftAdmin:
    """ModelAdmin mixin for content: drafts of changes to live items."""

    def draft_mode(self, request):
        state = editorial_state(request)
        return state.live and (
            not self.has_publish_permission(request) or "_save_draft" in request.POST
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if (
            request.method == "POST"
            and "_publish" in request.POST
            and not self.has_publish_permission(request)
        ):
            raise PermissionDenied("Only reviewers publish.")
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DraftSave as saved:
            if editorial_state(request).reverting:
                raise  # out of the revert's transaction first: revision_view stores it
            return self.draft_saved(request, saved)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        try:
            return super().revision_view(request, object_id, version_id, extra_context)
        except DraftSave as saved:
            return self.draft_saved(request, saved)

    def draft_saved(self, request, saved):
        try:
            draft = drafts.save_draft(saved.obj, saved.values, request.user, saved.number)
        except drafts.DraftConflict as conflict:  # a save in the moment since the form's check
            self.message_user(request, f"Not saved: {conflict}", messages.ERROR)
        else:
            if draft is None:
                self.message_user(request, NOTHING_CHANGED, messages.WARNING)
                return HttpResponseRedirect(self.admin_url("change", quote(saved.obj.pk)))
            message = self.restored_message(request, saved.obj, as_draft=True) or SAVED_AS_DRAFT
            self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(self.admin_url("change", quote(saved.obj.pk)))

    def save_model(self, request, obj, form, change):
        if not self.draft_mode(request):
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        state = editorial_state(request)
        if not state.live:
            super().save_related(request, form, formsets, change)
            return
        # A live item's citation rows are posted as values (citation_values_inline), not rows.
        values = self.form_values(form, formsets)
        if self.draft_mode(request):
            raise DraftSave(form.instance, values, form.opened_draft)
        form.save_m2m()
        form.instance.citations.set(values["citations"])
        for formset in formsets:  # what the history's change message reads
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        draft = drafts.pending_change(form.instance)
        if draft is not None:
            draft.delete()
        if not state.reverting:  # a revert records itself (ReviewAdmin)
            # A reviewer's "Publish" of a live item changes what the public sees.
            audit.record(form.instance, audit.Action.PUBLISHED, "Changes to the live version.")

    def form_values(self, form, formsets):
        """The draft values the posted form and citation rows hold."""
        names = {field.name for field in drafts.content_fields(self.model)}
        values = {name: value for name, value in form.cleaned_data.items() if name in names}
        rows = [formset for formset in formsets if formset.model is self.model.citations.through]
        if rows:
            values["citations"] = [
                row.cleaned_data["citation"].pk
                for formset in rows
                for row in formset.forms
                if row.cleaned_data.get("citation") and not row.cleaned_data.get("DELETE")
            ]
        else:  # a revert: the links as the revision restored them
            values["citations"] = list(form.instance.citations.values_list("pk", flat=True))
        return values

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if editorial_state(request).live and inline.model is self.model.citations.through:
            kwargs["queryset"] = inline.model._default_manager.none()
            if request.method != "POST":
                kwargs["initial"] = [{"citation": pk} for pk in drafts.shown_citations(obj)]
        return kwargs

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.pending = drafts.pending_change(obj) if obj is not None else None
        live = editorial_state(request).live
        form.opened_draft = (form.pending.number if form.pending else 0) if live else None
        return form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        state = editorial_state(request)
        draft = drafts.pending_change(obj) if obj is not None else None
        context.update(is_live=state.live, pending=draft)
        if state.live and not state.reverting:  # a revert form keeps its one "Save"
            context.update(
                show_save=False, show_save_and_continue=False, show_save_and_add_another=False
            )
        if draft is not None:
            context["draft_changes"] = revisions.changes(
                self.model, revisions.current_values(obj), revisions.draft_values(obj, draft)
            )
            context["draft_since"] = revisions.when(draft.created_at)
            context["draft_behind"] = draft.base_version != obj.version
        if obj is not None:
            context["discard_url"] = self.admin_url("discard_draft", quote(obj.pk))
            context["preview_url"] = self.admin_url("preview", quote(obj.pk))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def discard_draft_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        drafts.discard_draft(obj, request.user)  # PermissionDenied without publish permission
        self.message_user(request, "The draft of changes was discarded.", messages.SUCCESS)
        return HttpResponseRedirect(self.admin_url("change", quote(obj.pk)))

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_discard_draft"
        view = self.admin_site.admin_view(self.discard_draft_view)
        return [path("<path:object_id>/discard-draft/", view, name=name), *super().get_urls()]
