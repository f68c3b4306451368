import django_filters

from iomkb.filters import YearFilter, theme_filter
from iomkb.widgets import FastSelect

from .models import LegalFramework


class LegalFrameworkFilterSet(django_filters.FilterSet):
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

    class Meta:
        model = LegalFramework
        fields = []
