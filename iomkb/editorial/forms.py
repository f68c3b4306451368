"""The content change form: the version it was opened at, to refuse saves over newer work."""

from django import forms
from django.contrib.admin.helpers import AdminErrorList
from django.forms.forms import NON_FIELD_ERRORS
from django.utils.functional import cached_property

from . import revisions


def normalise_newlines(text):
    """Browsers send textarea line breaks as CRLF; the source text and the database use LF."""
    return text.replace("\r\n", "\n")


class ContentItemForm(forms.ModelForm):
    """The admin form, plus the version it was opened at, to refuse saves over newer work."""

    edit_version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    edit_draft = forms.IntegerField(required=False, widget=forms.HiddenInput)
    revision_comment = forms.CharField(
        required=False,
        max_length=200,
        label="Note for the history",
        help_text="Optional: what you changed and why. The history records it with your name.",
    )
    opened_version = None  # set by ContentItemAdmin.get_form: the version saved right now
    edit_conflict = None
    pending = None  # set by DraftAdmin.get_form: the pending draft of changes, if any
    opened_draft = None  # ... and its number (0: none), for a live item

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.opened_draft is not None:
            self.initial["edit_draft"] = self.opened_draft
        if self.pending is not None:
            # The form opens with the pending changes: editing continues from them.
            values = self.pending.values
            self.initial.update({name: values[name] for name in values if name in self.fields})
        if self.opened_version is not None:
            self.initial["edit_version"] = self.opened_version

    @cached_property
    def changed_data(self):
        """Changed content fields only: the history's change message lists these."""
        bookkeeping = {"edit_version", "edit_draft", "revision_comment"}
        return [
            name
            for name in super().changed_data
            if name not in bookkeeping and not self._same_text(name)
        ]

    def _same_text(self, name):
        """True if a text field differs from its initial value only in its line breaks."""
        field, bound = self.fields[name], self[name]
        if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.HiddenInput):
            return False
        posted, initial = bound.data, self.get_initial_for_field(field, name)
        if not isinstance(posted, str) or not isinstance(initial, str | None):
            return False
        return not field.has_changed(normalise_newlines(initial or ""), normalise_newlines(posted))

    def clean(self):
        cleaned_data = super().clean()
        for name, value in cleaned_data.items():
            if isinstance(value, str):
                # The "changed since import" comparison and the history compare LF text.
                cleaned_data[name] = normalise_newlines(value)
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
        if self.opened_draft is not None and cleaned_data.get("edit_draft") != self.opened_draft:
            self.edit_conflict = revisions.describe_draft_conflict(
                self.instance, self.pending, revisions.submitted_values(self.instance, cleaned_data)
            )
            self.data = self.data.copy()
            self.data["edit_draft"] = str(self.opened_draft)
            raise forms.ValidationError(self.edit_conflict.message, code="edit_conflict")
        return cleaned_data


def errors_besides_conflict(form, formsets):
    """The errors the admin lists above the form, less the edit conflict: the conflict's own
    section (admin/iomkb/edit_conflict.html) says it once, with what changed."""
    errors = form.errors.get(NON_FIELD_ERRORS)
    if form.edit_conflict is not None and errors is not None:
        errors.data = [error for error in errors.as_data() if error.code != "edit_conflict"]
        if not errors.data:
            del form.errors[NON_FIELD_ERRORS]
    return AdminErrorList(form, formsets)
