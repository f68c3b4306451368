import django_filters

from iomkb.filters import (
    PublicFilterForm,
    PublicFilterSet,
    YearFilter,
    sort_filter,
    theme_filter,
    verification_filter,
)
from iomkb.widgets import FastSelect

from .models import LegalFramework, Section


class SectionFilterSet(PublicFilterSet):
    theme = theme_filter()
    verification = verification_filter()
    order = sort_filter("title", "-title", "-published", "-updated", default="Reading order")

    class Meta:
        model = Section
        form = PublicFilterForm
        fields = []


class LegalFrameworkFilterSet(PublicFilterSet):
    kind = django_filters.ChoiceFilter(
        choices=LegalFramework.Kind.choices, empty_label="Any kind", widget=FastSelect
    )
    binding = django_filters.ChoiceFilter(
        choices=LegalFramework.Binding.choices,
        label="Binding",
        empty_label="Any",
        widget=FastSelect,
    )
    year_min = YearFilter(field_name="year_adopted", lookup_expr="gte", label="Adopted from")
    year_max = YearFilter(field_name="year_adopted", lookup_expr="lte", label="Adopted until")
    theme = theme_filter()
    verification = verification_filter()
    order = sort_filter(
        "-title",
        "-year",
        "year",
        "-published",
        "-updated",
        default="Title (A–Z)",
        year=("year_adopted", "Adopted, oldest first", "Adopted, newest first"),
    )

    class Meta:
        model = LegalFramework
        form = PublicFilterForm
        fields = []
