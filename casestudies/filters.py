import django_filters

from iomkb.filters import (
    LinkedItemFilter,
    OrderingFilter,
    YearFilter,
    theme_filter,
    verification_filter,
)
from iomkb.termfilters import PublicTermFilter

from .models import CaseStudy, Country, Intervention, Region


class CaseStudyFilterSet(django_filters.FilterSet):
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
    order = OrderingFilter(
        fields=(("title", "title"), ("year", "year"), ("published_at", "published")),
        choices=[
            ("-title", "Title (Z–A)"),
            ("-year", "Year, newest first"),
            ("year", "Year, oldest first"),
            ("-published", "Recently published"),
        ],
        label="Sort by",
        empty_label="Title (A–Z)",
    )

    class Meta:
        model = CaseStudy
        fields = []
