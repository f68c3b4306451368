"""Filters shared by the public list pages."""

import copy

import django_filters
from django import forms
from django.db.models import F
from django.forms.renderers import Jinja2
from django.http import QueryDict

from .models import Theme, Verification
from .termfilters import PublicTermFilter
from .widgets import FastHiddenInput, FastNumberInput, FastSelect


class PublicFilterForm(forms.Form):
    """The list pages' filter form. Its widgets render with Jinja2, as the pages do (Django's
    own widget templates for it): one shared renderer, so its templates compile once."""

    default_renderer = Jinja2()


class PublicFilterSet(django_filters.FilterSet):
    """A list page's FilterSet, cheaper to make on every request than django-filter's own
    (together a tenth of a list page's CPU): its form class is built once per FilterSet class,
    not once per request, since nothing in the fields depends on the request; and each filter
    is copied, not deep-copied, since a filter keeps nothing per FilterSet but `model` and
    `parent` (a filter with a `method` is still deep-copied: its FilterMethod points at it)."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        model = self._meta.model  # not queryset.model: a list passes its queryset lazily
        if queryset is None:
            queryset = model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {}
        for name, base in self.base_filters.items():
            filter_ = copy.copy(base) if base.method is None else copy.deepcopy(base)
            self.filters[name] = filter_
            filter_.model = model
            filter_.parent = self

    def get_form_class(self):
        cls = type(self)
        form_class = cls.__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            cls._form_class = form_class
        return form_class


class YearFilter(django_filters.Filter):
    """A whole year within sane bounds, so huge numbers never reach the database."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        kwargs.setdefault("widget", FastNumberInput(attrs={"inputmode": "numeric"}))
        super().__init__(*args, **kwargs)


class LinkedItemFilter(django_filters.Filter):
    """Items linked to the published item with this slug (`?framework=<slug>`): where a detail
    page's "All N case studies →" leads. Not a choice in the form (a site may hold thousands of
    frameworks, too many for a <select>): its field is hidden, kept when the form is submitted
    again. An unknown or unpublished slug matches nothing, as an empty filter result would."""

    field_class = forms.SlugField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", FastHiddenInput)
        kwargs.setdefault("max_length", 100)  # as long as a slug can be
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        target = qs.model._meta.get_field(self.field_name).related_model
        linked = target.objects.published().filter(slug=value).values("pk")
        return qs.filter(**{f"{self.field_name}__in": linked})


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


# The sorts a list may offer: parameter -> (model field, label ascending, label descending).
SORTS = {
    "title": ("title", "Title (A–Z)", "Title (Z–A)"),
    "published": ("published_at", "Oldest published first", "Recently published"),
    "updated": ("updated_at", "Least recently updated", "Recently updated"),
}


def sort_filter(*offered, default, **fields):
    """An `order` parameter offering `offered` ("-updated", "title"...), the only values it
    accepts (anything else is a form error: the list says it ignored it). `default` labels the
    list's own order, without a parameter; `fields` adds sorts: year=("year", "Year, oldest
    first", "Year, newest first")."""
    sorts = {**SORTS, **fields}
    choices = []
    for value in offered:
        field, ascending, descending = sorts[value.lstrip("-")]
        choices.append((value, descending if value.startswith("-") else ascending))
    return OrderingFilter(
        fields=[(field, param) for param, (field, *_labels) in sorts.items()],
        choices=choices,
        label="Sort by",
        empty_label=default,
        widget=FastSelect,
    )
