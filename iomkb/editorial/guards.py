"""Admin query strings that would reach the database as bad data get a clear answer instead.

PostgreSQL refuses NUL characters in text (a DataError, so a 500), Python's datetime refuses
years past 9999 with an OverflowError that the admin's date drill-down does not expect, and an
add form's initial values from the query string (`?region=abc`) are looked up as ids.
"""

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import BadRequest, FieldDoesNotExist, ValidationError
from django.urls import reverse


class AdminNulQueryMiddleware:
    """400 for an admin URL whose query string holds a NUL character: no field can hold one.
    (Posted forms already refuse them field by field.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        has_nul = any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        )
        if has_nul and request.path.startswith(reverse("admin:index")):
            raise BadRequest("The address holds a NUL character, which no field can hold.")
        return self.get_response(request)


class ForgivingChangeList(ChangeList):
    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except OverflowError as error:  # ?updated_at__year=99999999999
            raise IncorrectLookupParameters(error) from error


class ForgivingQueryAdmin:
    """Mixin for ModelAdmins: the change list and add form forgive a crafted query string."""

    def get_changelist(self, request, **kwargs):
        return ForgivingChangeList

    def get_changeform_initial_data(self, request):
        """Initial values from the query string, less related ids that are not ids at all."""
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if not field.is_relation or field.related_model is None:
                continue
            key_field = field.related_model._meta.pk
            try:
                for item in value if isinstance(value, list) else [value]:
                    key_field.to_python(item)
            except ValidationError:
                del initial[name]
        return initial
