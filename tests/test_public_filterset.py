"""The list pages' FilterSets are cheaper to make than django-filter's (iomkb/filters.py):
they must still behave as django-filter's own do."""

from casestudies.filters import CaseStudyFilterSet
from casestudies.models import CaseStudy


def test_each_filterset_has_its_own_filters_pointing_at_it():
    first = CaseStudyFilterSet({"year_min": "2000"}, queryset=CaseStudy.objects.none())
    second = CaseStudyFilterSet({}, queryset=CaseStudy.objects.none())
    assert set(first.filters) == set(CaseStudyFilterSet.base_filters)
    for name, filter_ in first.filters.items():
        assert filter_ is not CaseStudyFilterSet.base_filters[name]
        assert filter_ is not second.filters[name]
        assert filter_.parent is first and second.filters[name].parent is second
        assert filter_.model is CaseStudy
        assert not hasattr(CaseStudyFilterSet.base_filters[name], "parent")


def test_the_form_class_is_built_once_and_each_form_has_its_own_fields():
    first = CaseStudyFilterSet({"region": "nowhere"}, queryset=CaseStudy.objects.none())
    second = CaseStudyFilterSet({}, queryset=CaseStudy.objects.none())
    assert type(first.form) is type(second.form)
    assert first.form.fields["region"] is not second.form.fields["region"]
    first.form.fields["region"].widget.counts = {"europe": 3}
    assert second.form.fields["region"].widget.counts is None


def test_a_filter_with_a_method_is_still_deep_copied():
    import django_filters

    from iomkb.filters import PublicFilterSet

    class WithMethod(PublicFilterSet):
        title = django_filters.CharFilter(method="by_title")

        class Meta:
            model = CaseStudy
            fields = []

        def by_title(self, queryset, name, value):
            return queryset.filter(title=value)

    filterset = WithMethod({"title": "x"}, queryset=CaseStudy.objects.none())
    assert filterset.filters["title"].filter.f is filterset.filters["title"]
    assert filterset.filters["title"].filter.f.parent is filterset
