"""Filters on a vocabulary (region, country, theme...) whose choices cost no query per request.

The choices are the terms some public item uses, the same for every reader until the content
changes, so they are computed once per content version (iomkb/site/memo.py). The chosen value
is looked up among them too, so a filtered list runs no query for the form at all.
"""

import django_filters
from django import forms
from django_filters.fields import ModelChoiceField

from .terms import public_terms
from .widgets import FastSelect


class TermChoiceIterator(forms.models.ModelChoiceIterator):
    def __iter__(self):
        # (value, label) as plain strings: the choices are rendered by FastSelect, which needs
        # no model instance, and made on every request.
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        key = self.field.to_field_name or "pk"
        for term in self.field.terms():
            yield (str(getattr(term, key)), self.field.label_from_instance(term))

    def __len__(self):
        return len(self.field.terms()) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.terms())


class PublicTermField(ModelChoiceField):
    iterator = TermChoiceIterator

    def __deepcopy__(self, memo):
        # Each form deep-copies its fields; ModelChoiceField's copy clones its queryset twice.
        # Here the queryset only names the model (never evaluated): the copies share it.
        result = forms.Field.__deepcopy__(self, memo)
        result.widget.choices = result.choices  # the copy's own choices (Django #11183)
        return result

    def terms(self):
        return public_terms(self.queryset.model)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        key = self.to_field_name or "pk"
        for term in self.terms():
            if str(getattr(term, key)) == str(value):
                return term
        raise forms.ValidationError(
            self.error_messages["invalid_choice"],
            code="invalid_choice",
            params={"value": value},
        )


class PublicTermFilter(django_filters.ModelChoiceFilter):
    """Choose one of `model`'s terms that some public item uses, by slug."""

    field_class = PublicTermField

    def __init__(self, model, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("widget", FastSelect)
        # The field reads the choices from public_terms(model); the queryset names the model.
        super().__init__(queryset=model.objects.none(), **kwargs)
