"""Filters shared by the public list pages."""

import django_filters
from django import forms

from .models import Theme, Verification


class YearFilter(django_filters.Filter):
    """A whole year within sane bounds, so huge numbers never reach the database."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        kwargs.setdefault("widget", forms.NumberInput(attrs={"inputmode": "numeric"}))
        super().__init__(*args, **kwargs)


def theme_filter():
    return django_filters.ModelChoiceFilter(
        field_name="themes",
        queryset=Theme.objects.all(),
        to_field_name="slug",
        label="Theme",
        empty_label="Any theme",
    )


def verification_filter():
    return django_filters.ChoiceFilter(
        choices=Verification.choices, label="Verification", empty_label="Any status"
    )
