import functools

from django import forms
from django.contrib import admin
from django.contrib.auth import get_permission_codename
from django.core.exceptions import ValidationError

from ..models import Verification
from .drafts import shown_citations
from .state import editorial_state


class CitationFormSet(forms.BaseInlineFormSet):
    """The citation rows, checked together with the item they belong to: a verified or disputed
    item needs a note and at least one citation, counting the rows in this very POST (the item's
    form cannot see them). CitationInline.get_formset sets the request's state."""

    editorial = None  # the request's EditorialState: what the item's evidence was when opened
    can_verify = False

    def kept_citations(self):
        return [
            form.cleaned_data["citation"]
            for form in self.forms
            if form.cleaned_data.get("citation") and not self._should_delete_form(form)
        ]

    def clean(self):
        super().clean()
        if self.editorial is None or any(self.errors):
            return
        item, citations = self.instance, self.kept_citations()
        self.editorial.citations = citations
        before = self.editorial.evidence_before
        now = (item.verification, item.verification_note, {c.pk for c in citations})
        if before == now:
            return  # nothing about the evidence changed: an unrelated edit is never refused
        if item.verification == Verification.VERIFIED and not self.can_verify:
            return  # an Editor's change resets it to unverified (ContentItemAdmin.save_related)
        try:
            item.check_verification(item.verification, item.verification_note, citations)
        except ValidationError as error:
            self.editorial.evidence_error = error
            message = error.message_dict["verification"]
            raise ValidationError(message, code="needs_evidence") from None


class CitationInline(admin.TabularInline):
    """Citations as rows under the form; `model` is set per content type (its M2M table)."""

    formset = CitationFormSet
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

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        opts = self.parent_model._meta
        state = {
            "editorial": editorial_state(request),
            "can_verify": request.user.has_perm(f"{opts.app_label}.verify_content"),
        }
        return type(formset.__name__, (formset,), state)

    @classmethod
    @functools.cache
    def for_model(cls, model, as_values=False):
        base = CitationValuesInline if as_values else cls
        return type(f"{model.__name__}{base.__name__}", (base,), {"model": model.citations.through})


class CitationValueForm(forms.ModelForm):
    """A live item's citation rows all post as new rows (the admin sets the links itself, or
    keeps them in a draft), so a link that already exists is no error here."""

    def validate_unique(self):
        pass


class CitationValuesInline(CitationInline):
    """A live item's links, shown as rows to add: from its pending draft if it has one."""

    form = CitationValueForm

    def get_extra(self, request, obj=None, **kwargs):
        return len(shown_citations(obj)) if obj is not None else 0
