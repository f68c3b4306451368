"""Prepared queries (iomkb/models/prepared.py) return what their queryset would, run one query
each time, read the database every time, and use each thread's own connection."""

from datetime import timedelta
from threading import Thread

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models
from django.utils import timezone

from casestudies.models import CaseStudy, Region
from iomkb.models import Status
from iomkb.models.prepared import NOW, Parameter, PreparedQuery
from sections.models import Section

from .factories import make_case_study, make_section

pytestmark = pytest.mark.django_db

SLUG = Parameter("slug", models.SlugField())
PK = Parameter("pk", models.BigIntegerField())


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
    prepared = PreparedQuery(Section, lambda: section_page(SLUG, NOW))
    for item in (first, second, later):
        for now in (timezone.now(), timezone.now() + timedelta(days=2)):
            expected = list(section_page(item.slug, now))
            with django_assert_num_queries(1):
                found = prepared.run(slug=item.slug, now=now)
            assert [fields(row) for row in found] == [fields(row) for row in expected]
    # The annotations are the query's: the next section depends on the time given.
    assert prepared.run(slug="second", now=timezone.now())[0].next_section is None
    tomorrow = timezone.now() + timedelta(days=2)
    assert prepared.run(slug="second", now=tomorrow)[0].next_section["slug"] == later.slug
    assert prepared.run(slug="later", now=timezone.now()) == []


def test_related_rows_come_from_the_same_query(django_assert_num_queries):
    region = Region.objects.create(name="Asia", slug="asia")
    make_case_study(title="Typhoon", region=region)
    prepared = PreparedQuery(
        CaseStudy, lambda: CaseStudy.objects.select_related("region").filter(slug=SLUG)
    )
    with django_assert_num_queries(1):
        (found,) = prepared.run(slug="typhoon")
        assert found.region.name == "Asia"


def test_every_run_reads_the_database():
    section = make_section(title="Old title")
    prepared = PreparedQuery(Section, lambda: Section.objects.filter(pk=PK))
    assert prepared.run(pk=section.pk)[0].title == "Old title"
    Section.objects.filter(pk=section.pk).update(title="New title", status=Status.DRAFT)
    assert prepared.run(pk=section.pk)[0].title == "New title"


def test_a_prefetching_queryset_is_refused():
    prepared = PreparedQuery(Section, lambda: Section.objects.prefetch_related("themes"))
    with pytest.raises(ImproperlyConfigured):
        prepared.run()


@pytest.mark.django_db(transaction=True)
def test_each_thread_runs_it_on_its_own_connection():
    section = make_section(title="Threaded")
    prepared = PreparedQuery(Section, lambda: Section.objects.filter(pk=PK))
    assert prepared.run(pk=section.pk)[0].title == "Threaded"  # compiled on this thread
    found = []

    def other_thread():
        try:
            found.append(prepared.run(pk=section.pk)[0].title)
        finally:
            connection.close()

    thread = Thread(target=other_thread)
    thread.start()
    thread.join()
    assert found == ["Threaded"]


def test_a_connection_keeps_a_bounded_number_of_compiled_queries(monkeypatch):
    from django.db import connections

    from iomkb.models import prepared

    monkeypatch.setattr(prepared, "COMPILED_PER_CONNECTION", 3)
    connection = connections["default"]  # the connection itself, not django.db's proxy
    connection.__dict__.pop("prepared_queries", None)
    queries = [
        PreparedQuery(Section, lambda number=number: Section.objects.all()[:number])
        for number in range(1, 6)
    ]
    for query in queries:
        query.run()
    queries[2].run()  # used again: kept
    kept = connection.__dict__["prepared_queries"]
    assert len(kept) == 3 and queries[2] in kept and queries[0] not in kept
