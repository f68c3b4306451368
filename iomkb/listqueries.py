"""A list page's query, built and compiled once per shape and run with each request's values.

Building a filtered list's queryset in the ORM and compiling it cost more CPU than the database
takes to run it (docs/PERFORMANCE.md), and the SQL is the same for every request of one shape:
the same filters applied (whatever their values), the same sort, the same page. So each shape's
queryset is built once, with a `Parameter` (iomkb/models/prepared.py) where each filter's value
goes and where `published()` puts the time, by the FilterSet's own filters: the rules stay the
ORM's and django-filter's, nothing is written twice. A filter whose filter() does more than
compare its field with its value (a linked item's slug, say) can't take a Parameter: a list
using one is built by the ORM as before.
"""

from functools import lru_cache

import django_filters
from django.db import models
from django_filters.constants import EMPTY_VALUES

from .models.prepared import NOW, Parameter, PreparedQuery

# Shapes kept per process; each keeps its compiled SQL on each connection (prepared.py).
SHAPES_KEPT = 256
# Readers choose the shapes (a page number, a sort by several fields): only the first pages
# and single sorts are prepared, so a crawler cannot push the common shapes out. The ORM
# reads the rest, as it read every page before.
PREPARED_PAGES = 10
# A filter whose filter() is one of these compares its field with its value, nothing else.
PLAIN_FILTERS = (django_filters.Filter.filter, django_filters.ChoiceFilter.filter)


def value_parameter(filter_, name, model):
    """The Parameter `filter_`'s value becomes (a term by its primary key), or None if its
    filter() does more than one lookup on the value."""
    if type(filter_).filter not in PLAIN_FILTERS:
        return None
    field = model._meta.get_field(filter_.field_name)
    if field.is_relation:
        field = field.related_model._meta.pk
    return Parameter(name, field)


def list_shape(filterset):
    """(shape, values) of the list `filterset` gives: shape = (filter names, sort), values =
    {name: value to bind}; None if a filter applied can't be prepared. Only valid, non-empty
    values count, as django-filter's own `qs` applies them."""
    cleaned = filterset.form.cleaned_data
    names, values, order = [], {}, ()
    for name, filter_ in filterset.filters.items():
        value = cleaned.get(name)
        if value in EMPTY_VALUES or name in filterset.form.errors:
            continue
        if isinstance(filter_, django_filters.OrderingFilter):
            if len(value) > 1:
                return None
            order = (name, tuple(value))
            continue
        if value == getattr(filter_, "null_value", None):
            return None  # "null" asks for empty values: another lookup
        if value_parameter(filter_, name, filterset._meta.model) is None:
            return None
        names.append(name)
        values[name] = value.pk if isinstance(value, models.Model) else value
    return (tuple(names), order), values


@lru_cache(maxsize=SHAPES_KEPT)
def prepared_list(view_class, shape, bottom, top):
    """The PreparedQuery of `view_class`'s list items [bottom:top] for `shape`."""
    names, order = shape

    def build():
        queryset = view_class.public_queryset(now=NOW)
        filterset = view_class.filterset_class(queryset=queryset)
        for name in names:
            filter_ = filterset.filters[name]
            queryset = filter_.filter(queryset, value_parameter(filter_, name, queryset.model))
        if order:
            name, value = order
            queryset = filterset.filters[name].filter(queryset, list(value))
        return queryset[bottom:top]

    return PreparedQuery(view_class.model, build)
