"""Prepared querysets (iomkb/prepared.py) return what the QuerySet would, run one query each
time, and refuse a parameter that does not reach the SQL as a bound value."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from casestudies.models import CaseStudy, Region
from iomkb.models import Status
from iomkb.prepared import Prepared
from sections.models import Section

from .factories import make_case_study, make_section

pytestmark = pytest.mark.django_db


def section_page(slug, now):
    """Like a detail page's query: published at `now`, related rows, annotations, a deferral."""
    return (
        Section.objects.published(now)
        .select_related("source", "verified_by")
        .defer("source__text")
        .annotate(**Section.neighbour_annotations(now))
        .filter(slug=slug)
    )


def fields(item):
    return {key: value for key, value in vars(item).items() if key != "_state"}


def test_rows_are_the_querysets_for_each_value(django_assert_num_queries):
    first, second = make_section(title="First", order=1), make_section(title="Second", order=2)
    later = make_section(title="Later", order=3, published_at=timezone.now() + timedelta(days=1))
    prepared = Prepared(section_page, slug=str, now=datetime)
    for item in (first, second, later):
        for now in (timezone.now(), timezone.now() + timedelta(days=2)):
            expected = list(section_page(item.slug, now))
            with django_assert_num_queries(1):
                found = prepared(slug=item.slug, now=now)
            assert [fields(row) for row in found] == [fields(row) for row in expected]
    # The annotations are the query's: the next section depends on the time given.
    assert prepared(slug="second", now=timezone.now())[0].next_section is None
    tomorrow = timezone.now() + timedelta(days=2)
    assert prepared(slug="second", now=tomorrow)[0].next_section["slug"] == later.slug
    assert prepared(slug="later", now=timezone.now()) == []


def test_related_rows_come_from_the_same_query(django_assert_num_queries):
    region = Region.objects.create(name="Asia", slug="asia")
    make_case_study(title="Typhoon", region=region)
    prepared = Prepared(
        lambda slug: CaseStudy.objects.select_related("region").filter(slug=slug), slug=str
    )
    with django_assert_num_queries(1):
        (found,) = prepared(slug="typhoon")
        assert found.region.name == "Asia"


def test_every_call_reads_the_database():
    section = make_section(title="Old title")
    prepared = Prepared(lambda pk: Section.objects.filter(pk=pk), pk=int)
    assert prepared(pk=section.pk)[0].title == "Old title"
    Section.objects.filter(pk=section.pk).update(title="New title", status=Status.DRAFT)
    assert prepared(pk=section.pk)[0].title == "New title"


@pytest.mark.parametrize(
    "build",
    [
        lambda count: Section.objects.all()[:count],  # LIMIT is written into the SQL
        lambda count: Section.objects.all(),  # never used
        lambda count: Section.objects.prefetch_related("themes").filter(pk=count),
    ],
    ids=["inlined", "unused", "prefetching"],
)
def test_a_parameter_that_is_not_a_bound_value_is_refused(build):
    with pytest.raises(ImproperlyConfigured):
        Prepared(build, count=int)(count=3)


def test_values_must_be_the_declared_parameters():
    prepared = Prepared(lambda slug: Section.objects.filter(slug=slug), slug=str)
    with pytest.raises(TypeError):
        prepared(title="x")


@pytest.mark.django_db(transaction=True)
def test_each_thread_runs_it_on_its_own_connection():
    from threading import Thread

    from django.db import connection

    section = make_section(title="Threaded")
    prepared = Prepared(lambda pk: Section.objects.filter(pk=pk), pk=int)
    assert prepared(pk=section.pk)[0].title == "Threaded"  # compiled on this thread
    found = []

    def other_thread():
        try:
            found.append(prepared(pk=section.pk)[0].title)
        finally:
            connection.close()

    thread = Thread(target=other_thread)
    thread.start()
    thread.join()
    assert found == ["Threaded"]
