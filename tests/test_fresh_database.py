"""Issue 12: a fresh database (no planner statistics) serves the public queries from indexes,
and so does one with statistics; the bulk commands gather them."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from casestudies.models import CaseStudy, Region
from iomkb.dbtuning import refresh_planner_statistics
from iomkb.models import Status
from sections.models import Section
from tests.conftest import shared_data

pytestmark = pytest.mark.django_db
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's planner; PostgreSQL's weighs costs"
)


def content(model, count, prefix, **fields):
    when = timezone.now() - timedelta(days=1)
    return model.objects.bulk_create(
        model(
            title=f"{prefix} {number:04}",
            slug=f"{prefix}-{number}",
            body="Body.",
            status=Status.PUBLISHED if number % 10 else Status.DRAFT,
            published_at=when,
            **fields,
        )
        for number in range(count)
    )


def make_items():
    region = Region.objects.create(name="R", slug="r")
    content(Section, 300, "section", order=1)
    content(CaseStudy, 300, "case", region=region)
    return region


@pytest.fixture(scope="module")
def items_shared(request, django_db_setup, django_db_blocker):
    """The items, made once for the module's tests that ask for `items` (see `shared_data`)."""
    with shared_data(request, django_db_blocker, make_items) as region:
        yield region


@pytest.fixture
def items(items_shared, shared_db):
    return items_shared


def plan(queryset):
    return queryset.explain()


PUBLIC_QUERIES = {
    "home contents, section list": (
        lambda region: Section.objects.published()[:101],
        "section_pub_order",
    ),
    "case-study list": (lambda region: CaseStudy.objects.published()[:20], "casestudy_pub_title"),
    "list by region": (
        lambda region: CaseStudy.objects.published().filter(region=region)[:20],
        "casestudy_pub_region",
    ),
    "latest on the home page": (
        lambda region: CaseStudy.objects.published().order_by("-published_at", "title")[:3],
        "casestudy_pub_recent",
    ),
    "previous and next section": (
        lambda region: Section.objects.published().annotate(**Section.neighbour_annotations()),
        "section_pub_order",
    ),
}


@sqlite_only
@pytest.mark.parametrize("analyzed", [False, True], ids=["fresh", "analyzed"])
@pytest.mark.parametrize("name", PUBLIC_QUERIES)
def test_public_queries_read_a_partial_index_in_order(items, name, analyzed):
    if analyzed:
        refresh_planner_statistics()  # rolled back with the test's transaction
    make_query, index = PUBLIC_QUERIES[name]
    found = plan(make_query(items))
    assert f"INDEX {index}" in found, found
    if name != "previous and next section":  # the outer query is a lookup by slug
        assert "TEMP B-TREE" not in found, found


def test_no_content_table_has_an_index_on_status_alone():
    """With two values, such an index lures a planner without statistics into reading every
    published row and sorting them (issue 12)."""
    for model in (Section, CaseStudy):
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
        lone = [name for name, info in constraints.items() if info["columns"] == ["status"]]
        assert lone == [], lone


def test_published_is_unchanged_by_the_index_hint():
    now = timezone.now()
    shown = Section.objects.create(title="Shown", slug="shown", body="b", status="published")
    Section.objects.create(
        title="Later", slug="later", body="b", status="published", published_at=now + timedelta(1)
    )
    Section.objects.create(
        title="Gone", slug="gone", body="b", status="published", expires_at=now - timedelta(1)
    )
    Section.objects.create(
        title="Open", slug="open", body="b", status="published", expires_at=now + timedelta(1)
    )
    Section.objects.create(title="Draft", slug="draft", body="b")
    assert sorted(Section.objects.published().values_list("slug", flat=True)) == sorted(
        [shown.slug, "open"]
    )


def planner_statistics(table):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if not cursor.fetchone():
                return 0
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [table])
        else:
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = %s", [table])
        return cursor.fetchone()[0]


def test_seed_synthetic_leaves_planner_statistics(db):
    call_command("seed_synthetic", sections=30, case_studies=30, frameworks=5, verbosity=0)
    assert planner_statistics(Section._meta.db_table) > 0
    assert planner_statistics(CaseStudy._meta.db_table) > 0


@sqlite_only
@pytest.mark.parametrize("analyzed", [False, True], ids=["fresh", "analyzed"])
def test_search_theme_counts_go_from_the_matches_to_their_links(db, analyzed):
    """Not from each theme to all its entries: with a few themes each on many entries, SQLite
    started there (16 ms at 20,000 items of each type)."""
    from iomkb.models import SearchEntry, Theme
    from iomkb.search import backends
    from iomkb.search.query import parse_query

    themes = Theme.objects.bulk_create(Theme(name=f"T{n}", slug=f"t{n}") for n in range(15))
    when = timezone.now() - timedelta(days=1)
    entries = SearchEntry.objects.bulk_create(
        SearchEntry(
            kind="section", object_id=number, status=Status.PUBLISHED, published_at=when,
            url=f"/s/{number}/", title=f"Entry {number}",
            body="migration" if number % 25 == 0 else "other",
        )
        for number in range(3000)
    )  # fmt: skip
    links = SearchEntry.themes.through
    links.objects.bulk_create(
        links(searchentry_id=entry.pk, theme_id=themes[(entry.pk + k) % 15].pk)
        for entry in entries
        for k in (0, 7)
    )
    if analyzed:
        refresh_planner_statistics()
    backend = backends.backend_for()
    query = parse_query("migration")
    params = {
        **backend.match_params(query),
        **backends.Filters().params(),
        "now": backends._db_datetime(timezone.now()),
        "count_limit": backends.COUNT_LIMIT + 1,
        "window": backends.PHRASE_WINDOW,
    }
    with connection.cursor() as cursor:
        sql = backend.facets_sql(query, backends.Filters(), 0)
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        found = "\n".join(row[-1] for row in cursor.fetchall())
    assert "SCAN th" not in found, found
    assert "(searchentry_id=?)" in found, found
