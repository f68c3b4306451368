from iomkb.filters import (
    LinkedItemFilter,
    PublicFilterForm,
    PublicFilterSet,
    YearFilter,
    sort_filter,
    theme_filter,
    verification_filter,
)
from iomkb.termfilters import PublicTermFilter

from .models import CaseStudy, Country, Intervention, Region


class CaseStudyFilterSet(PublicFilterSet):
    region = PublicTermFilter(Region, empty_label="Any region")
    country = PublicTermFilter(
        Country, field_name="countries", label="Country", empty_label="Any country"
    )
    year_min = YearFilter(field_name="year", lookup_expr="gte", label="From year")
    year_max = YearFilter(field_name="year", lookup_expr="lte", label="To year")
    theme = theme_filter()
    intervention = PublicTermFilter(
        Intervention,
        field_name="interventions",
        label="Intervention",
        empty_label="Any intervention",
    )
    verification = verification_filter()
    framework = LinkedItemFilter(field_name="frameworks", label="Legal framework")
    order = sort_filter(
        "-title",
        "-year",
        "year",
        "-published",
        "-updated",
        default="Title (A–Z)",
        year=("year", "Year, oldest first", "Year, newest first"),
    )

    class Meta:
        model = CaseStudy
        form = PublicFilterForm
        fields = []
