"""What every API view shares: strict query parameters, conditional GET, strict pagination."""

from django.core.paginator import InvalidPage
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination

from ..views import MAX_PARAMETER_LENGTH
from .http import ConditionalGet

PAGE_SIZE, MAX_PAGE_SIZE = 20, 100
PAGE_PARAMETERS = frozenset({"page", "page_size"})


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


class Pagination(PageNumberPagination):
    """Pages of PAGE_SIZE (or ?page_size= up to MAX_PAGE_SIZE). A page number that is not a
    number, or a page that does not exist, is a 400 saying how many pages there are."""

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        return whole_number(self.page_size_query_param, value, 1, self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        number = whole_number("page", request.query_params.get("page", "1"), 1, 10**9)
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        try:
            self.page = paginator.page(number)
        except InvalidPage:
            pages = paginator.num_pages
            there = f"there {'is' if pages == 1 else 'are'} {pages} page{'' if pages == 1 else 's'}"
            raise bad("page", f"There is no page {number}; {there}.") from None
        self.request = request
        return list(self.page)


class ApiViewMixin:
    """Mixed into every API view: refuses parameters it does not know (a typo must not
    silently return everything), over-long or NUL-carrying values, and answers 304s."""

    query_parameters = frozenset()
    pagination_class = Pagination

    def allowed_parameters(self):
        filterset = getattr(self, "filterset_class", None)
        names = set(self.query_parameters)
        if filterset is not None:
            names |= set(filterset.base_filters)
        if self.pagination_class is not None and hasattr(self, "list"):
            names |= PAGE_PARAMETERS
        return names

    def check_parameters(self, request):
        allowed = self.allowed_parameters()
        errors = {}
        for name, values in request.query_params.lists():
            if name not in allowed:
                known = ", ".join(sorted(allowed)) or "none"
                errors[name[:40]] = [f"Unknown parameter. This endpoint takes: {known}."]
            elif any(len(v) > self.max_length(name) or "\x00" in v for v in values):
                errors[name] = [f"At most {self.max_length(name)} characters, no NUL."]
        if errors:
            raise exceptions.ValidationError(errors)

    def max_length(self, name):
        return MAX_PARAMETER_LENGTH

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # throttling first: a 304 counts too
        self.conditional = None
        if request.method in ("GET", "HEAD"):
            self.check_parameters(request)
            self.conditional = ConditionalGet(request)

    def get(self, request, *args, **kwargs):
        not_modified = self.conditional.not_modified(request) if self.conditional else None
        return not_modified or super().get(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        conditional = getattr(self, "conditional", None)
        if conditional is not None and response.status_code == 200:
            conditional.stamp(response)
        else:
            response.headers.setdefault("Cache-Control", "no-cache")
        return response
