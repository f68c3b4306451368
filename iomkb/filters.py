"""Filters shared by the public list pages."""

import django_filters
from django import forms
from django.db.models import F

from .models import Theme, Verification
from .termfilters import PublicTermFilter
from .widgets import FastSelect


class YearFilter(django_filters.Filter):
    """A whole year within sane bounds, so huge numbers never reach the database."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        kwargs.setdefault("widget", forms.NumberInput(attrs={"inputmode": "numeric"}))
        super().__init__(*args, **kwargs)


def theme_filter():
    return PublicTermFilter(Theme, field_name="themes", label="Theme", empty_label="Any theme")


def verification_filter():
    return django_filters.ChoiceFilter(
        choices=Verification.choices,
        label="Verification",
        empty_label="Any status",
        widget=FastSelect,
    )


class OrderingFilter(django_filters.OrderingFilter):
    """Sorts empty values last in either direction on every database, then by title."""

    def filter(self, qs, value):
        if not value:
            return qs
        ordering = []
        for param in value:
            if param in {"", None}:
                continue
            field_name = self.get_ordering_value(param)
            descending = field_name.startswith("-")
            expression = F(field_name.lstrip("-"))
            ordering.append(
                expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
            )
        return qs.order_by(*ordering, "title", "pk") if ordering else qs
