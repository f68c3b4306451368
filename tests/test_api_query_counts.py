"""Each API endpoint runs the same number of SQL queries with 1 item or 200, each with 1 link
of every kind or 10."""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command

from casestudies.models import CaseStudy, Country, Intervention, Region
from iomkb.models import Citation, SourceDocument, Theme
from iomkb.site.cache import current_content_version, health
from sections.models import LegalFramework, Section
from tests.conftest import shared_data
from tests.test_query_counts import link_each, named, published

pytestmark = pytest.mark.django_db

SIZES = [1, 200]


@pytest.fixture(autouse=True)
def primed_version():
    """The content version and the next scheduled change are looked up before counting: that
    is one-off work after each content change, not per request."""
    health.forget()
    cache.clear()
    yield
    cache.clear()


def get(client, url):
    current_content_version()
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def build_world(size):
    document = SourceDocument.objects.create(
        slug="doc", title="Doc", filename="doc.txt", text="x\n" * 50, sha256="0" * 64
    )
    region = Region.objects.create(name="R", slug="r")
    sections = published(Section, size, "section", source=document, source_start_line=1)
    cases = published(CaseStudy, size, "case", region=region, section=sections[0])
    frameworks = published(LegalFramework, size, "framework")
    links = max(1, size // 20)
    themes = named(Theme, links, "theme")
    citations = Citation.objects.bulk_create(
        Citation(key=f"c-{n}", title=f"Citation {n}") for n in range(links)
    )
    for items in (sections, cases, frameworks):
        link_each(items, "themes", themes)
        link_each(items, "citations", citations)
    link_each(cases, "countries", named(Country, links, "country"))
    link_each(cases, "interventions", named(Intervention, links, "intervention"))
    link_each(cases, "frameworks", frameworks[:links])
    link_each(frameworks, "sections", sections[:links])


@pytest.fixture(scope="module")
def world_shared(request, size, django_db_setup, django_db_blocker):
    """`size` items of each type, built once for the module's tests of that size (the tests'
    `size` is module-scoped, so pytest runs each size's tests together)."""
    with shared_data(request, django_db_blocker, build_world, size):
        yield


@pytest.fixture
def world(world_shared, shared_db):
    """The items of `world_shared`; what a test changes is rolled back after it."""


# Lists: count, the page's keys, the page's items (foreign keys joined), one per many-to-many
# field; the count is then cached for this content version. Details: the item, the prefetches.
@pytest.mark.parametrize("size", SIZES, scope="module")
@pytest.mark.parametrize(
    "url, queries",
    [
        ("/api/v1/sections/", 5),  # count, keys, sections, themes, citations
        ("/api/v1/case-studies/", 8),  # + countries, interventions, frameworks
        ("/api/v1/legal-frameworks/", 6),  # + sections
        # + 2 checks of the chosen values, cached with the count for this content version
        ("/api/v1/case-studies/?theme=theme-0&region=r&order=-year", 10),
        ("/api/v1/sections/section-0/", 3),
        ("/api/v1/case-studies/case-0/", 6),
        ("/api/v1/legal-frameworks/framework-0/", 4),
        ("/api/v1/themes/", 3),
        ("/api/v1/themes/theme-0/", 1),
        ("/api/v1/citations/", 3),
        ("/api/v1/citations/c-0/", 1),
        ("/api/v1/source-documents/", 3),
        ("/api/v1/source-documents/doc/", 1),
    ],
)
def test_api_query_counts_do_not_grow(client, django_assert_num_queries, world, size, url, queries):
    current_content_version()
    with django_assert_num_queries(queries):
        data = get(client, url)
    if url in ("/api/v1/sections/", "/api/v1/case-studies/", "/api/v1/legal-frameworks/"):
        assert len(data["results"]) == min(size, 20)
    elif "results" in data:
        assert data["results"]
    if "results" in data:
        # The count (and a filter's choices) now come from the cache.
        warm = queries - (3 if "theme=" in url else 1)
        with django_assert_num_queries(warm):
            assert get(client, url) == data


@pytest.mark.parametrize("size", SIZES, scope="module")
def test_search_query_count_does_not_grow(client, django_assert_num_queries, world, size):
    call_command("rebuild_search_index", stdout=io.StringIO())  # bulk_create sent no signals
    current_content_version()
    with django_assert_num_queries(2):  # counts, one page of hits
        data = get(client, "/api/v1/search/?q=section")
    assert data["count"] == size
