"""What the API needs to know about each content type, read from the registry and the models.

Nothing here names a type: the shared fields come from ContentItem, each type's own fields from
its model, and its filters from the FilterSet its public list page uses (found through the
list's URL name, which the model declares), so the API filters exactly as the HTML list does.
"""

from functools import cache

import django_filters
from django.db.models import Prefetch
from django.urls import resolve, reverse
from django.utils.text import slugify

from ..content import content_models
from ..filters import OrderingFilter
from ..models import ContentItem

SHARED_FIELDS = frozenset(field.name for field in ContentItem._meta.get_fields()) | {"id"}

# The ordering every list offers when its HTML FilterSet has none of its own.
DEFAULT_ORDERING = (("title", "title"), ("published_at", "published"), ("updated_at", "updated"))


def is_content_model(model):
    return model is not None and issubclass(model, ContentItem) and not model._meta.abstract


def own_fields(model):
    """The type's own fields (not ContentItem's), in declaration order: plain fields first,
    then foreign keys and many-to-many fields."""
    return [
        field
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if field.name not in SHARED_FIELDS
    ]


def plain_fields(model):
    return [field.name for field in own_fields(model) if not field.is_relation]


def relation_fields(model):
    return [field for field in own_fields(model) if field.is_relation]


def path_segment(model):
    """The type's part of API paths: "sections", "case-studies", "legal-frameworks"."""
    return slugify(model._meta.verbose_name_plural)


def html_filterset(model):
    """The FilterSet of the type's public list page, or None if that page has no filters."""
    view = resolve(reverse(model.list_url_name)).func
    return getattr(getattr(view, "view_class", None), "filterset_class", None)


@cache
def api_filterset(model):
    """The HTML list's FilterSet, plus an `order` parameter where it has none of its own."""
    base = html_filterset(model) or django_filters.FilterSet
    if any(isinstance(f, django_filters.OrderingFilter) for f in base.base_filters.values()):
        return base
    order = OrderingFilter(fields=DEFAULT_ORDERING, label="Sort by")
    meta = type("Meta", (), {"model": model, "fields": []})
    name = f"{model.__name__}ApiFilterSet"
    return type(name, (base,), {"order": order, "Meta": meta, "__module__": __name__})


LINKED_ITEM_DEFERRED = ("summary", "body", "body_html", "source_body", "verification_note")


def ordered(queryset):
    """`queryset` in its model's order, ties broken by pk: the same every time."""
    return queryset.order_by(*queryset.model._meta.ordering, "pk")


def prefetched(name):
    """Where item_queryset() leaves the list of an item's `name` many-to-many links."""
    return f"{name}_prefetched"


def linked(obj, name):
    """The item's `name` links: the prefetched list when there is one, else a query."""
    found = getattr(obj, prefetched(name), None)
    return found if found is not None else list(getattr(obj, name).all())


def item_queryset(model):
    """Published items with everything the API shows, in a constant number of queries: one
    for the items (their foreign keys joined), one per many-to-many field. Links to other
    items keep only the published ones.

    Many-to-many links land in plain lists (`prefetched(name)`, read through `linked()`), not
    in each item's related manager: Django builds a filtered QuerySet per item and relation for
    the latter, which was about a sixth of the CPU of a page of 20 case studies."""
    from ..models import Citation, Theme

    select = ["source", "verified_by"]
    # What the API never shows of what it joins: the whole source text, linked items' bodies.
    deferred = ["source__text", "source__intro"]
    prefetch = [
        Prefetch("themes", queryset=ordered(Theme.objects.all()), to_attr=prefetched("themes")),
        Prefetch(
            "citations", queryset=ordered(Citation.objects.all()), to_attr=prefetched("citations")
        ),
    ]
    for field in relation_fields(model):
        target = field.related_model
        if not field.many_to_many:
            select.append(field.name)
            if is_content_model(target):
                deferred += [f"{field.name}__{name}" for name in LINKED_ITEM_DEFERRED]
            continue
        if is_content_model(target):
            fields = ("title", "slug", "status", "published_at", "expires_at")
            queryset = ordered(target.objects.published().only(*fields))
        else:
            queryset = ordered(target.objects.all())
        prefetch.append(Prefetch(field.name, queryset=queryset, to_attr=prefetched(field.name)))
    published = model.objects.published().select_related(*select).defer(*deferred)
    return ordered(published.prefetch_related(*prefetch))


def public_types():
    return [(model, path_segment(model)) for model in content_models()]
