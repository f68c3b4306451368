"""Scheduled unpublish: after its expiry time an item leaves every public path by itself."""

from datetime import timedelta
from unittest import mock

import pytest
import reversion
from django.contrib.admin.sites import site as admin_site
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from casestudies.models import CaseStudy, Region
from iomkb.editorial.listfilters import PublicationFilter
from iomkb.models import SearchEntry, SourceDocument, Status, Theme
from iomkb.site.cache import bump_content_version
from sections.models import Section
from tests.editorial_helpers import admin_url, form_data, make_editor, make_reviewer
from tests.factories import make_case_study, make_framework, make_section

pytestmark = pytest.mark.django_db

MAKERS = [make_section, make_framework, make_case_study]


def ago(**delta):
    return timezone.now() - timedelta(**delta)


def ahead(**delta):
    return timezone.now() + timedelta(**delta)


@pytest.fixture
def expired_case(db):
    """A case study that expired a minute ago, the only user of its region and theme."""
    region = Region.objects.create(name="Atlantis", slug="atlantis")
    case = make_case_study(
        title="Zanzibarian expired study", region=region, published_at=ago(days=2),
        expires_at=ago(minutes=1),
    )  # fmt: skip
    case.themes.add(Theme.objects.create(name="Lost causes", slug="lost-causes"))
    make_case_study(title="Still public study")
    return case


@pytest.mark.parametrize("maker", MAKERS, ids=["section", "framework", "case-study"])
def test_expired_item_is_404_for_the_public_and_a_marked_preview_for_staff(
    client, staff_client, maker
):
    item = maker(title="Gone item", published_at=ago(days=1), expires_at=ago(seconds=1))
    assert item.is_expired and not item.is_published()
    assert not type(item).objects.published().filter(pk=item.pk).exists()
    assert Client().get(item.get_absolute_url()).status_code == 404
    response = staff_client.get(item.get_absolute_url())
    assert response.status_code == 200
    assert "Expired — not public." in response.content.decode()


def test_an_item_expiring_later_is_public_until_then(client):
    section = make_section(title="Soon gone", expires_at=ahead(hours=1))
    assert section.is_published() and not section.is_expired
    assert client.get(section.get_absolute_url()).status_code == 200
    assert b"Soon gone" in client.get("/sections/").content
    with mock.patch("django.utils.timezone.now", return_value=section.expires_at):
        assert not section.is_published()
        assert client.get(section.get_absolute_url()).status_code == 404
        assert b"Soon gone" not in client.get("/sections/").content


def test_expired_item_leaves_lists_search_feed_sitemap_home_and_theme_pages(client, expired_case):
    title = "Zanzibarian expired study"
    for url in ["/", "/case-studies/", "/feeds/updates/", "/sitemap.xml"]:
        content = client.get(url).content.decode()
        assert title not in content and expired_case.get_absolute_url() not in content, url
        assert "Still public study" in client.get("/case-studies/").content.decode()
    search = client.get("/search/", {"q": "zanzibarian"})
    assert search.status_code == 200
    assert expired_case.get_absolute_url() not in search.content.decode()
    assert SearchEntry.objects.get(object_id=expired_case.pk).expires_at == expired_case.expires_at
    # Its theme is used by no public item any more, so it has no public page.
    assert client.get("/themes/lost-causes/").status_code == 404


def test_expired_item_terms_leave_the_filter_choices(client, expired_case):
    form = client.get("/case-studies/").context["filter"].form
    assert not form.fields["region"].queryset.filter(slug="atlantis").exists()
    assert not form.fields["theme"].queryset.filter(slug="lost-causes").exists()
    assert not Theme.objects.with_public_items().filter(slug="lost-causes").exists()


def test_source_viewer_withholds_the_lines_of_an_expired_item(client):
    document = SourceDocument.objects.create(
        slug="doc", title="Doc", filename="doc.txt", text="Kept line.\nWithdrawnword line.\n",
        sha256="0" * 64,
    )  # fmt: skip
    make_section(title="Kept", source=document, source_start_line=1, source_end_line=1)
    make_section(
        title="Withdrawn", source=document, source_start_line=2, source_end_line=2,
        expires_at=ago(minutes=1), published_at=ago(days=1),
    )  # fmt: skip
    content = client.get(reverse("source_document", kwargs={"slug": "doc"})).content.decode()
    assert "Kept line." in content and "Withdrawnword" not in content


def test_a_page_cached_before_the_expiry_is_not_served_after_it(
    client, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 600
    bump_content_version()
    expires = ahead(minutes=30)
    make_section(title="Ephemeral", expires_at=expires)
    pages = [("/sections/", {}), ("/sections/ephemeral/", {}), ("/search/", {"q": "ephemeral"})]
    for url, query in pages:
        assert b"Ephemeral" in client.get(url, query).content
    with django_assert_num_queries(0):  # all three now come from the cache
        for url, query in pages:
            assert b"Ephemeral" in client.get(url, query).content

    with mock.patch("django.utils.timezone.now", return_value=expires + timedelta(seconds=1)):
        assert b"Ephemeral" not in client.get("/sections/").content
        assert client.get("/sections/ephemeral/").status_code == 404
        assert b"Ephemeral" not in client.get("/search/", {"q": "ephemeral"}).content


def test_editor_sees_expiry_read_only_and_cannot_set_it_by_a_crafted_post(client):
    client.force_login(make_editor())
    section = make_section(title="Editors page", status=Status.DRAFT, published_at=None)
    page = client.get(admin_url(section))
    assert "expires_at" not in page.context["adminform"].form.fields
    data = form_data(page, expires_at_0="2020-01-01", expires_at_1="10:00")
    assert client.post(admin_url(section), data).status_code == 403
    section.refresh_from_db()
    assert section.expires_at is None


def test_reviewer_sets_an_expiry_and_an_expiry_before_publication_is_refused(client):
    client.force_login(make_reviewer())
    section = make_section(title="Reviewed", published_at=ago(days=1))
    day = timezone.localtime(ago(days=3)).date().isoformat()
    refused = client.post(
        admin_url(section),
        form_data(client.get(admin_url(section)), expires_at_0=day, expires_at_1="09:00:00"),
    )
    assert refused.status_code == 200
    errors = refused.context["adminform"].form.errors
    assert errors["expires_at"] == ["The expiry time must be after the publication time."]
    section.refresh_from_db()
    assert section.expires_at is None

    later = timezone.localtime(ahead(days=3)).date().isoformat()
    data = form_data(client.get(admin_url(section)), expires_at_0=later, expires_at_1="09:00:00")
    assert client.post(admin_url(section), data).status_code == 302
    section.refresh_from_db()
    assert section.expires_at is not None and section.is_published()


def test_admin_filter_and_column_show_expired_items(expired_case):
    model_admin = admin_site._registry[CaseStudy]
    request = RequestFactory().get("/")
    request.user = make_reviewer()

    def chosen(value):
        choice = PublicationFilter(request, {"publication": [value]}, CaseStudy, model_admin)
        return set(choice.queryset(request, CaseStudy.objects.all()).values_list("slug", flat=1))

    assert chosen("expired") == {expired_case.slug}
    assert expired_case.slug not in chosen("live") | chosen("scheduled")
    assert model_admin.publication(expired_case).startswith("Expired on ")
    later = make_section(title="Later", expires_at=ahead(days=1))
    assert "expires" in admin_site._registry[Section].publication(later)


def test_revert_keeps_the_expiry_and_publish_now_clears_a_passed_one():
    section = make_section(title="Kept expiry")
    with reversion.create_revision():
        section.save()
    section.expires_at = ago(minutes=5)
    section.save()
    assert "expires_at" in section.KEPT_ON_REVERT
    assert section.state_kept_on_revert()["expires_at"] == section.expires_at

    section.publish()
    assert section.expires_at is None and section.is_published()
