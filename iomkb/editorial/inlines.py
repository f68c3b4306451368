import functools

from django import forms
from django.contrib import admin
from django.contrib.auth import get_permission_codename

from .drafts import shown_citations


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
