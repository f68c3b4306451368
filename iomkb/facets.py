"""How many items each choice of a list's filters would give (facet counts).

A facet is a single-choice filter of the list's FilterSet (a term such as region or theme, or
a fixed choice such as verification or kind; not the sort). The count beside a choice is the
length of the list the reader would get by picking it, the other filters kept as they are:
the list filtered by every other facet, grouped by this one. All facets are counted in one
query (a UNION ALL of one GROUP BY per facet), never one per choice, and the answer is kept
per content version and filter combination (iomkb/site/memo.py).
"""

import django_filters
from django.db.models import CharField, Count, F, Value
from django.db.models.functions import Cast
from django.utils.http import urlencode

from .site.memo import per_content_version
from .termfilters import PublicTermFilter
from .terms import public_terms


def facet_filters(filterset_class):
    """{name: filter} of the filters whose choices carry counts, in the form's order."""
    return {
        name: filter_
        for name, filter_ in filterset_class.base_filters.items()
        if isinstance(filter_, django_filters.ChoiceFilter | PublicTermFilter)
        and not isinstance(filter_, django_filters.OrderingFilter)
        and filter_.lookup_expr == "exact"
    }


def applied_filters(filterset):
    """The filter values the list applies: valid, non-empty, the sort left out."""
    form = filterset.form
    form.is_valid()  # idempotent: the list has already validated it
    return {
        name: form.data[name]
        for name, filter_ in filterset.filters.items()
        if not isinstance(filter_, django_filters.OrderingFilter)
        and form.data.get(name) not in (None, "")
        and name not in form.errors
    }


def canonical_filters(filterset):
    """The applied filters as the list understands them, as a query string: cleaned values
    (`02015` and `+2015` are 2015, a term is its id), sorted. It names the list's per-version
    answers (counts, facets), so the spellings of one filter share them instead of each adding
    a cache entry."""
    cleaned = getattr(filterset.form, "cleaned_data", {})
    return urlencode(
        sorted(
            (name, str(getattr(cleaned.get(name), "pk", cleaned.get(name))))
            for name in applied_filters(filterset)
        )
    )


def facet_counts(filterset, queryset):
    """{facet name: {choice value: items}} for `filterset`'s list, cached per content version.
    `queryset` is the published items before any filter."""
    facets = facet_filters(type(filterset))
    if not facets:
        return {}
    applied = applied_filters(filterset)
    key = f"facets:{filterset._meta.model._meta.label}?{canonical_filters(filterset)}"
    return per_content_version(key, lambda: count_facets(filterset, queryset, facets, applied))


def count_facets(filterset, queryset, facets, applied):
    parts = []
    for name, filter_ in facets.items():
        others = {key: value for key, value in applied.items() if key != name}
        narrowed = type(filterset)(others, queryset=queryset).qs
        parts.append(
            narrowed.order_by()
            # As text: the parts of a UNION must agree on types (ids here, codes there).
            .annotate(facet=Value(name), choice=Cast(F(filter_.field_name), CharField()))
            .values_list("facet", "choice")
            .annotate(items=Count("pk", distinct=True))
        )
    counts = {name: {} for name in facets}
    first, *rest = parts
    for name, choice, items in first.union(*rest, all=True) if rest else first:
        if choice is not None:
            counts[name][str(choice)] = items
    return {name: choice_values(facets[name], found) for name, found in counts.items()}


def choice_values(filter_, found):
    """Counts keyed by the value the form's <option> carries: a term's slug, else the choice."""
    if not isinstance(filter_, PublicTermFilter):
        return found
    field = filter_.extra.get("to_field_name", "slug")
    model = filter_.queryset.model
    return {
        str(getattr(term, field)): found[str(term.pk)]
        for term in public_terms(model)
        if str(term.pk) in found
    }
