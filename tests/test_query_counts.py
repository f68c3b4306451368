"""Each public page runs the same number of SQL queries with 1 related item or 200, at most 5.

Answers that change only with the content (a list's total, the filter form's choices, a
theme's group sizes, the home page's themes) are computed on the first render under a content
version (iomkb/site/memo.py); the tests count that render and the ones after it. Every test
starts under a fresh content version (tests/conftest.py).
"""

from datetime import timedelta

import pytest
import reversion
from django.contrib.auth import get_user_model
from django.utils import timezone
from reversion.models import Version

from casestudies.models import CaseStudy, Country, Intervention, Region
from iomkb.citing import version_url
from iomkb.models import Citation, SourceDocument, Status, Theme, Verification
from iomkb.site.views import ThemeDetailView
from sections.models import LegalFramework, Section
from sections.views import FrameworkDetailView

pytestmark = pytest.mark.django_db

SIZES = [1, 200]


def published(model, count, prefix, **fields):
    """`count` published items made in one query (bulk_create skips save(); fine for counting)."""
    when = timezone.now() - timedelta(days=1)
    return model.objects.bulk_create(
        model(
            title=f"{prefix} {number}",
            slug=f"{prefix}-{number}",
            body="Body.",
            body_html="<p>Body.</p>",
            summary="Summary.",
            status=Status.PUBLISHED,
            published_at=when,
            **fields,
        )
        for number in range(count)
    )


def revise(item):
    """A revision of `item` as it is (every admin save makes one); returns its id."""
    with reversion.create_revision():
        reversion.add_to_revision(item)
    return Version.objects.get_for_object(item).first().revision_id


def named(model, count, prefix):
    return model.objects.bulk_create(
        model(name=f"{prefix} {number}", slug=f"{prefix}-{number}") for number in range(count)
    )


def link(manager_owner, field, targets):
    getattr(manager_owner, field).add(*targets)


def link_each(items, field, targets):
    """Give every item all the targets, through the M2M table in one query."""
    relation = getattr(type(items[0]), field)
    through = relation.through
    source_name = relation.field.m2m_field_name()
    target_name = relation.field.m2m_reverse_field_name()
    through.objects.bulk_create(
        through(**{f"{source_name}_id": item.pk, f"{target_name}_id": target.pk})
        for item in items
        for target in targets
    )


# The first use of the content version also looks for the next scheduled change: the earliest
# future publication and expiry of each content type.
SCHEDULE_CHECK = 6


@pytest.fixture
def source_document(db):
    text = "\n".join(f"Line {number}." for number in range(1, 401))
    return SourceDocument.objects.create(
        slug="doc", title="A document", filename="doc.txt", text=text, sha256="0" * 64
    )


@pytest.mark.parametrize("size", SIZES)
def test_home(client, django_assert_num_queries, source_document, size):
    sections = published(Section, size, "section", source=source_document)
    published(CaseStudy, size, "case", region=Region.objects.create(name="R", slug="r"))
    published(LegalFramework, size, "framework")
    link_each(sections[:1], "themes", named(Theme, size, "theme"))
    # Once per content version: source document, sections, case studies, frameworks and the
    # themes (each term only if public); then nothing, whoever asks
    with django_assert_num_queries(4 + 1 + SCHEDULE_CHECK):
        client.get("/")
    with django_assert_num_queries(0):
        response = client.get("/")
    assert response.status_code == 200
    assert response.context["source"] == source_document
    assert len(response.context["themes"]) == size


@pytest.mark.parametrize("size", SIZES)
def test_section_list(client, django_assert_num_queries, size):
    published(Section, size, "section")
    # page; once per content version the count, the theme choices and the facet counts
    with django_assert_num_queries(1 + 3 + SCHEDULE_CHECK):
        client.get("/sections/")
    with django_assert_num_queries(1):  # page
        response = client.get("/sections/")
    assert response.status_code == 200
    assert response.context["paginator"].count == size


@pytest.mark.parametrize("size", SIZES)
def test_section_detail(client, django_assert_num_queries, source_document, size):
    sections = published(Section, 3, "section", source=source_document, source_start_line=1)
    section = sections[1]
    region = Region.objects.create(name="R", slug="r")
    published(CaseStudy, size, "case", section=section, region=region)
    link(section, "frameworks", published(LegalFramework, size, "framework"))
    link(section, "themes", named(Theme, size, "theme"))
    link(section, "citations", [Citation.objects.create(key=f"c{n}", title="C") for n in range(3)])
    revision = revise(section)
    # the section with the previous and next one, its latest revision (for "Cite this page"),
    # its themes, citations, case studies and frameworks
    with django_assert_num_queries(1):
        response = client.get(section.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["case_studies"]) == size
    assert response.context["cite"].url.endswith(version_url(section, revision))


@pytest.mark.parametrize("size", SIZES)
def test_case_study_list(client, django_assert_num_queries, size):
    region = Region.objects.create(name="R", slug="r")
    cases = published(CaseStudy, size, "case", region=region, year=2015)
    link_each(cases, "themes", named(Theme, 2, "theme"))
    link_each(cases, "countries", named(Country, 2, "country"))
    link(cases[0], "interventions", named(Intervention, size, "intervention"))
    # page, its countries and themes together; once per content version the count, the
    # form's choices (regions, countries, themes, interventions) and the facet counts (one
    # query for all)
    with django_assert_num_queries(2 + 6 + SCHEDULE_CHECK):
        client.get("/case-studies/")
    with django_assert_num_queries(2):
        response = client.get("/case-studies/")
    assert response.status_code == 200
    assert response.context["paginator"].count == size
    assert len(response.context["filter"].form.fields["intervention"].choices) == size + 1
    filtered = "/case-studies/?region=r&year_min=2000&order=-year"
    # the chosen region is among the cached choices; count, facet counts for this filter
    with django_assert_num_queries(2 + 2):
        client.get(filtered)
    with django_assert_num_queries(2):
        response = client.get(filtered)
    assert response.status_code == 200
    assert response.context["paginator"].count == size


@pytest.mark.parametrize("size", SIZES)
def test_case_study_detail(client, django_assert_num_queries, source_document, size):
    section = published(Section, 1, "section")[0]
    region = Region.objects.create(name="R", slug="r")
    case = published(CaseStudy, 1, "case", region=region, section=section)[0]
    case.source, case.source_start_line, case.source_end_line = source_document, 3, 4
    case.save()
    link(case, "frameworks", published(LegalFramework, size, "framework"))
    link(case, "countries", named(Country, size, "country"))
    link(case, "interventions", named(Intervention, size, "intervention"))
    link(case, "themes", named(Theme, size, "theme"))
    revision = revise(case)
    # the case study with source, region, section, latest revision, themes, citations,
    # countries, interventions and frameworks
    with django_assert_num_queries(1):
        response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["frameworks"]) == size
    assert response.context["cite"].url.endswith(version_url(case, revision))


@pytest.mark.parametrize("size", SIZES)
def test_framework_list(client, django_assert_num_queries, size):
    frameworks = published(LegalFramework, size, "framework", year_adopted=2000)
    link_each(frameworks, "themes", named(Theme, 2, "theme"))
    # page, themes; once per content version the count, the theme choices, the facet counts
    with django_assert_num_queries(2 + 3 + SCHEDULE_CHECK):
        client.get("/legal-frameworks/?binding=unknown")
    with django_assert_num_queries(2):
        assert client.get("/legal-frameworks/?binding=unknown").status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_framework_detail(client, django_assert_num_queries, size):
    framework = published(LegalFramework, 1, "framework")[0]
    link(framework, "sections", published(Section, size, "section"))
    link(framework, "case_studies", published(CaseStudy, size, "case"))
    link(framework, "themes", named(Theme, size, "theme"))
    revision = revise(framework)
    # the framework with its latest revision, themes, citations, sections and first case
    # studies; when they fill the first page, their total, once per content version
    shown = FrameworkDetailView.case_studies_shown
    counted = 1 + SCHEDULE_CHECK if size >= shown else 0
    with django_assert_num_queries(1 + counted):
        assert client.get(framework.get_absolute_url()).status_code == 200
    with django_assert_num_queries(1):
        response = client.get(framework.get_absolute_url())
    assert len(response.context["case_studies"]) == min(size, shown)
    assert response.context["case_studies_total"] == size
    assert response.context["cite"].url.endswith(version_url(framework, revision))


@pytest.mark.parametrize("size", SIZES)
def test_version_page(client, django_assert_num_queries, source_document, size):
    case = published(CaseStudy, 1, "case", region=Region.objects.create(name="R", slug="r"))[0]
    case.source, case.source_start_line, case.source_end_line = source_document, 3, 4
    case.verification_note, case.verification = "Checked.", Verification.VERIFIED
    case.verified_by = get_user_model().objects.create_user("checker")
    case.save()
    link(case, "themes", named(Theme, size, "theme"))
    link(case, "citations", [Citation.objects.create(key=f"c{n}", title="C") for n in range(size)])
    link(case, "countries", named(Country, size, "country"))
    link(case, "interventions", named(Intervention, size, "intervention"))
    old = revise(case)
    case.body = "Newer."
    case.save()
    revise(case)
    # the live item with source, verifier and region; the version with its successor's date;
    # its stored themes, citations, countries and interventions
    with django_assert_num_queries(6):
        response = client.get(version_url(case, old))
    assert response.status_code == 200
    assert len(response.context["object"].themes.all()) == size
    assert response.context["version"].is_current is False
    assert response.context["version"].facts[0] == ("Region", "R")
    with django_assert_num_queries(2):  # the live item; the version
        assert client.get(version_url(case, old, "ris")).status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_theme_page(client, django_assert_num_queries, size):
    theme = Theme.objects.create(name="T", slug="t")
    for model, prefix in [(Section, "s"), (CaseStudy, "c"), (LegalFramework, "f")]:
        link_each(published(model, size, prefix), "themes", [theme])
    # one query per content type (its first page); once per content version, the themes that
    # have public items and, where a full first page may not be all, each type's count
    counts = 3 if size >= ThemeDetailView.items_per_group else 0
    with django_assert_num_queries(3 + 1 + counts + SCHEDULE_CHECK):
        client.get(theme.get_absolute_url())
    with django_assert_num_queries(3):
        response = client.get(theme.get_absolute_url())
    assert response.context["item_count"] == 3 * size
    shown = min(size, ThemeDetailView.items_per_group)
    assert [len(group["items"]) for group in response.context["groups"]] == [shown] * 3


@pytest.mark.parametrize("size", SIZES)
def test_source_viewer(client, django_assert_num_queries, source_document, size):
    published(Section, size, "s", source=source_document, source_start_line=1, source_end_line=2)
    published(CaseStudy, size, "c", source=source_document, source_start_line=2)
    published(LegalFramework, size, "f", source=source_document, source_start_line=3)
    # the document; once per content version the line owners of each content type
    with django_assert_num_queries(1 + 3 + SCHEDULE_CHECK):
        client.get("/source/?lines=2-3")
    with django_assert_num_queries(1):
        response = client.get("/source/?lines=2-3")
    assert response.status_code == 200
    assert response.context["lines"][1]["owner"] is not None


@pytest.mark.parametrize("size", SIZES)
def test_feed(client, django_assert_num_queries, size):
    for model, prefix in [(Section, "s"), (CaseStudy, "c"), (LegalFramework, "f")]:
        published(model, size, prefix)
    # the latest items of each content type
    with django_assert_num_queries(3):
        assert client.get("/feeds/updates/").status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_sitemap(client, django_assert_num_queries, size):
    for model, prefix in [(Section, "s"), (CaseStudy, "c"), (LegalFramework, "f")]:
        items = published(model, size, prefix)
    link_each(items[:1], "themes", named(Theme, size, "theme"))
    # a count and a page for each of the four model sitemaps; the fixed pages need none
    with django_assert_num_queries(8):
        assert client.get("/sitemap.xml").status_code == 200


def test_robots_txt_needs_no_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/robots.txt").status_code == 200
