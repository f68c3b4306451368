"""What every API view shares: strict query parameters, conditional GET, strict pagination."""

from rest_framework import exceptions

from ..views import MAX_PARAMETER_LENGTH
from .http import ConditionalGet
from .pagination import Pagination

PAGE_PARAMETERS = frozenset({"page", "page_size"})


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
