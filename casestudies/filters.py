import django_filters

from iomkb.filters import (
    OrderingFilter,
    YearFilter,
    public_terms,
    theme_filter,
    verification_filter,
)

from .models import CaseStudy, Country, Intervention, Region


class CaseStudyFilterSet(django_filters.FilterSet):
    region = django_filters.ModelChoiceFilter(
        queryset=public_terms(Region), to_field_name="slug", empty_label="Any region"
    )
    country = django_filters.ModelChoiceFilter(
        field_name="countries",
        queryset=public_terms(Country),
        to_field_name="slug",
        label="Country",
        empty_label="Any country",
    )
    year_min = YearFilter(field_name="year", lookup_expr="gte", label="From year")
    year_max = YearFilter(field_name="year", lookup_expr="lte", label="To year")
    theme = theme_filter()
    intervention = django_filters.ModelChoiceFilter(
        field_name="interventions",
        queryset=public_terms(Intervention),
        to_field_name="slug",
        label="Intervention",
        empty_label="Any intervention",
    )
    verification = verification_filter()
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
