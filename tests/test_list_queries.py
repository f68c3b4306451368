"""A list's page is read by a query prepared once per shape (iomkb/listqueries.py): it must give
exactly what django-filter's own queryset gives, for every filter, sort and page, and never
keep the time it was first built at."""

from datetime import timedelta

import pytest
from django.utils import timezone

from iomkb import listqueries
from iomkb.models import Status
from tests.factories import make_case_study, make_framework, make_section
from tests.test_facets import catalogue  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

QUERIES = [
    "/case-studies/",
    "/case-studies/?region=asia",
    "/case-studies/?region=europe&theme=relief",
    "/case-studies/?country=italy&order=-year",
    "/case-studies/?year_min=2014&year_max=2019&order=year",
    "/case-studies/?year_min=+2015&verification=unverified",
    "/case-studies/?intervention=shelter&order=-title",
    "/case-studies/?year_min=%20&region=asia",  # blank: not applied
    "/case-studies/?region=nowhere&theme=law",  # invalid: ignored, the rest applied
    "/case-studies/?order=sideways&region=europe",  # a bad sort: the default order
    "/case-studies/?framework=framework-1",  # not preparable: the ORM's queryset
    "/legal-frameworks/?kind=convention&binding=yes",
    "/legal-frameworks/?theme=law&order=-updated",
    "/sections/?theme=relief&verification=unverified",
]


def page_and_expected(client, url):
    response = client.get(url)
    assert response.status_code == 200
    paginator, page = response.context["paginator"], response.context["page_obj"]
    bottom = (page.number - 1) * paginator.per_page
    # paginator.object_list: the list's queryset as django-filter builds it, in the ORM
    expected = [item.pk for item in paginator.object_list[bottom : bottom + paginator.per_page]]
    return [item.pk for item in response.context["object_list"]], expected


@pytest.mark.parametrize("url", QUERIES)
def test_the_prepared_page_is_the_orm_page(client, catalogue, url):  # noqa: F811
    from casestudies.models import CaseStudy
    from sections.models import LegalFramework

    cited = LegalFramework.objects.get(slug="framework-1")
    cited.case_studies.add(*CaseStudy.objects.filter(title__in=["Case 0", "Case 3"]))
    shown, expected = page_and_expected(client, url)
    assert shown == expected
    assert shown or "nowhere" in url and "theme" not in url


def test_beyond_the_first_pages_and_for_several_sorts_the_orm_reads_the_page(client, monkeypatch):
    monkeypatch.setattr(listqueries, "PREPARED_PAGES", 1)
    for number in range(45):
        make_case_study(title=f"Case {number:02}", year=2000 + number % 7)
    for url in ("/case-studies/?page=2", "/case-studies/?order=-year,-title&page=1"):
        shown, expected = page_and_expected(client, url)
        assert shown == expected and shown


def test_every_page_of_a_long_list(client, settings):
    for number in range(45):
        make_case_study(title=f"Case {number:02}", year=2000 + number % 7)
    for url in (
        "/case-studies/?page=2",
        "/case-studies/?page=3&order=-year",
        "/case-studies/?page=last",
    ):
        shown, expected = page_and_expected(client, url)
        assert shown == expected and shown


def test_a_shape_is_built_once_and_run_with_new_values(client, catalogue, monkeypatch):  # noqa: F811
    listqueries.prepared_list.cache_clear()
    built = []
    original = listqueries.PreparedQuery

    def counting(model, build):
        return original(model, lambda: built.append(model) or build())

    monkeypatch.setattr(listqueries, "PreparedQuery", counting)
    asia = client.get("/case-studies/?region=asia").context["object_list"]
    europe = client.get("/case-studies/?region=europe").context["object_list"]
    assert len(built) == 1  # one shape: a region
    assert {item.region.slug for item in asia} == {"asia"}
    assert {item.region.slug for item in europe} == {"europe"}


def test_the_time_is_bound_on_every_request(client, monkeypatch):
    """An item scheduled for later shows once its time has come, from the same prepared
    query, and one that expires goes."""
    make_case_study(title="Now")
    make_case_study(title="Later", published_at=timezone.now() + timedelta(hours=1))
    make_case_study(title="Going", expires_at=timezone.now() + timedelta(minutes=30))
    titles = [item.title for item in client.get("/case-studies/").context["object_list"]]
    assert titles == ["Going", "Now"]
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(hours=2))
    titles = [item.title for item in client.get("/case-studies/").context["object_list"]]
    assert titles == ["Later", "Now"]


def test_only_published_items_whatever_the_filters(client, catalogue):  # noqa: F811
    make_case_study(title="Draft in Asia", status=Status.DRAFT).themes.add(
        *client.get("/case-studies/?theme=relief").context["filter"].form.fields["theme"].terms()
    )
    titles = [
        item.title for item in client.get("/case-studies/?theme=relief").context["object_list"]
    ]
    assert "Draft in Asia" not in titles and "Hidden draft" not in titles


def test_a_list_with_a_linked_item_filter_is_not_prepared(catalogue):  # noqa: F811
    from casestudies.filters import CaseStudyFilterSet
    from casestudies.models import CaseStudy

    make_framework(title="Linked")
    make_section(title="Unused")
    filterset = CaseStudyFilterSet({"framework": "linked"}, queryset=CaseStudy.objects.all())
    filterset.form.is_valid()
    assert listqueries.list_shape(filterset) is None
    filterset = CaseStudyFilterSet({"region": "asia"}, queryset=CaseStudy.objects.all())
    filterset.form.is_valid()
    shape, values = listqueries.list_shape(filterset)
    assert shape == (("region",), ()) and set(values) == {"region"}
    sorted_twice = CaseStudyFilterSet({"order": "-year,-title"}, queryset=CaseStudy.objects.all())
    sorted_twice.form.is_valid()
    assert listqueries.list_shape(sorted_twice) is None
