"""Strict pagination for the API, cheap at any depth.

A page of items is found in two steps: the page's primary keys from the bare table (sorted and
offset on narrow rows), then those rows with everything joined and prefetched. Sorting every
matching row with its joined columns (bodies, the source text) before the offset is what makes
deep pages slow otherwise. The total is kept in the cache per content version and query, so
paging through a large list counts once per change, not once per page.
"""

import hashlib

from django.core.cache import cache
from django.core.paginator import InvalidPage
from django.core.paginator import Paginator as DjangoPaginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination

from ..site.cache import CacheUnavailable, call_cache

PAGE_SIZE, MAX_PAGE_SIZE = 20, 100


def bad(name, message):
    return exceptions.ValidationError({name: [message]})


def whole_number(name, value, low, high):
    try:
        number = int(value)
    except ValueError:
        raise bad(name, f"Expected a whole number from {low} to {high}.") from None
    if not low <= number <= high:
        raise bad(name, f"Expected a whole number from {low} to {high}.")
    return number


class Paginator(DjangoPaginator):
    """Django's paginator, with the count read from (and kept in) the cache under `count_key`."""

    def __init__(self, object_list, per_page, count_key=None):
        super().__init__(object_list, per_page)
        self.count_key = count_key

    @cached_property
    def count(self):
        if self.count_key is None:
            return DjangoPaginator.count.func(self)
        try:
            found = call_cache(cache.get, self.count_key)
        except CacheUnavailable:
            return DjangoPaginator.count.func(self)
        if found is None:
            found = DjangoPaginator.count.func(self)
            try:
                call_cache(cache.set, self.count_key, found, 3600)
            except CacheUnavailable:
                pass
        return found


def count_key(request, view):
    """A cache key for this list's total under the current content version, or None: the
    path and its filters (every parameter but the page's), which the view has validated."""
    conditional = getattr(view, "conditional", None)
    if conditional is None or conditional.version is None:
        return None
    filters = sorted(
        (name, value)
        for name, value in request.query_params.items()
        if name not in ("page", "page_size")
    )
    digest = hashlib.sha256(f"{request.path}|{filters!r}".encode()).hexdigest()
    return f"api-count:{conditional.version}:{digest}"


class Pagination(PageNumberPagination):
    """Pages of PAGE_SIZE (or ?page_size= up to MAX_PAGE_SIZE). A page number that is not a
    number, or a page that does not exist, is a 400 saying how many pages there are."""

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_paginated_response_schema(self, schema):
        link = {"type": ["string", "null"], "format": "uri"}  # OpenAPI 3.1: null, not nullable
        return {
            "type": "object",
            "required": ["count", "results"],
            "properties": {
                "count": {"type": "integer", "example": 123},
                "next": {**link, "example": "https://kb.example.org/api/v1/themes/?page=3"},
                "previous": {**link, "example": "https://kb.example.org/api/v1/themes/?page=1"},
                "results": schema,
            },
        }

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        return whole_number(self.page_size_query_param, value, 1, self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        number = whole_number("page", request.query_params.get("page", "1"), 1, 10**9)
        is_queryset = isinstance(queryset, QuerySet)
        keys = queryset.values_list("pk", flat=True) if is_queryset else queryset
        key = count_key(request, view) if is_queryset else None
        paginator = Paginator(keys, self.get_page_size(request), count_key=key)
        try:
            self.page = paginator.page(number)
        except InvalidPage:
            pages = paginator.num_pages
            there = f"there {'is' if pages == 1 else 'are'} {pages} page{'' if pages == 1 else 's'}"
            raise bad("page", f"There is no page {number}; {there}.") from None
        self.request = request
        if not is_queryset:
            return list(self.page)
        pks = list(self.page)
        rows = {row.pk: row for row in queryset.filter(pk__in=pks)}
        return [rows[pk] for pk in pks if pk in rows]
