"""The public page cache: served from cache, never stale after a change, conditional GET.

Runs against whatever CACHES says: local memory by default, Redis when REDIS_URL is set
(.ci/run does both).
"""

import io
import os
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from casestudies.models import Region
from iomkb.models import Status, Theme
from iomkb.site.cache import bump_content_version
from sections.models import Section
from tests.factories import make_case_study, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    """Turn the page cache on (test settings keep it off) and start from a fresh version.

    On Redis, also without the pages an earlier run left under this prefix (they live ten
    minutes), which would make counts of new entries come out short on a second run."""
    settings.PAGE_CACHE_SECONDS = 600
    backend = caches["default"]._cache
    if hasattr(backend, "get_client"):
        client = backend.get_client(write=True)
        if stale := client.keys(cache.make_key("page:") + "*"):
            client.delete(*stale)
    bump_content_version()


def get(client, url, **headers):
    return client.get(url, headers=headers)


def test_second_anonymous_request_is_served_from_cache_without_queries(
    client, django_assert_num_queries
):
    make_section(title="Cached section")
    first = get(client, "/sections/cached-section/")
    with django_assert_num_queries(0):
        second = get(client, "/sections/cached-section/")
    assert second.status_code == 200
    assert second.content == first.content


def test_cached_page_keeps_security_headers(client):
    make_section(title="Cached section")
    get(client, "/sections/cached-section/")
    response = get(client, "/sections/cached-section/")
    assert response["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "no-cache"


def test_publishing_a_draft_shows_it_at_once(client):
    draft = make_section(title="Soon public", status=Status.DRAFT, published_at=None)
    assert b"Soon public" not in get(client, "/sections/").content
    assert get(client, "/sections/soon-public/").status_code == 404

    draft.status = Status.PUBLISHED
    draft.save()

    assert b"Soon public" in get(client, "/sections/").content
    assert get(client, "/sections/soon-public/").status_code == 200


def test_unpublishing_hides_it_at_once(client):
    section = make_section(title="Withdrawn")
    assert get(client, "/sections/withdrawn/").status_code == 200
    assert b"Withdrawn" in get(client, "/sections/").content

    section.status = Status.DRAFT
    section.save()

    assert get(client, "/sections/withdrawn/").status_code == 404
    assert b"Withdrawn" not in get(client, "/sections/").content


def test_editing_shows_the_new_text_at_once(client):
    section = make_section(title="Edited", body="The old wording.")
    assert b"The old wording." in get(client, "/sections/edited/").content

    section.body = "The new wording."
    section.save()

    content = get(client, "/sections/edited/").content
    assert b"The new wording." in content
    assert b"The old wording." not in content


def test_deleting_removes_it_at_once(client):
    case_study = make_case_study(title="Gone soon")
    assert b"Gone soon" in get(client, "/case-studies/").content

    case_study.delete()

    assert b"Gone soon" not in get(client, "/case-studies/").content
    assert get(client, "/case-studies/gone-soon/").status_code == 404


def test_linking_a_theme_shows_on_the_theme_page_at_once(client):
    theme = Theme.objects.create(name="Labour migration", slug="labour-migration")
    section = make_section(title="Linked later")
    assert b"Linked later" not in get(client, "/themes/labour-migration/").content

    section.themes.add(theme)

    assert b"Linked later" in get(client, "/themes/labour-migration/").content


def test_renaming_a_theme_shows_at_once(client):
    theme = Theme.objects.create(name="Old theme name", slug="a-theme")
    make_section(title="On the theme").themes.add(theme)
    assert b"Old theme name" in get(client, "/themes/a-theme/").content

    theme.name = "New theme name"
    theme.save()

    assert b"New theme name" in get(client, "/themes/a-theme/").content


def test_import_shows_published_items_at_once(client):
    assert get(client, "/sections/").status_code == 200
    source_dir = Path(django_settings.SOURCE_DIR)
    call_command(
        "import_source",
        str(source_dir / "iom-global-migration-governance.txt"),
        extraction=source_dir / "extraction.toml",
        publish=True,
        stdout=io.StringIO(),
    )
    first = Section.objects.published().first()
    assert first is not None
    assert first.title.encode() in get(client, "/sections/").content


def test_a_scheduled_item_appears_once_its_time_has_passed(client):
    goes_live = timezone.now() + timedelta(minutes=30)
    make_section(title="Scheduled", published_at=goes_live)
    assert b"Scheduled" not in get(client, "/sections/").content
    assert get(client, "/sections/scheduled/").status_code == 404

    later = goes_live + timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert b"Scheduled" in get(client, "/sections/").content
        assert get(client, "/sections/scheduled/").status_code == 200


def test_the_version_is_replaced_again_when_the_transaction_commits(
    client, django_capture_on_commit_callbacks
):
    section = make_section(title="Racy", body="Before.")
    get(client, "/sections/racy/")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        section.body = "After."
        section.save()
        # Another reader may render now, before the commit, and cache what it saw under
        # this version: the commit must leave that version behind.
        version_before_commit = cache.get("content-version")
    assert cache.get("content-version") != version_before_commit
    assert b"After." in get(client, "/sections/racy/").content


def test_signed_in_staff_never_get_or_fill_the_public_cache(staff_client):
    make_section(title="Draft preview", status=Status.DRAFT, published_at=None)
    anonymous = Client()
    assert staff_client.get("/sections/draft-preview/").status_code == 200
    assert get(anonymous, "/sections/draft-preview/").status_code == 404
    assert staff_client.get("/sections/draft-preview/").status_code == 200


def test_requests_with_a_session_cookie_bypass_the_cache(client, django_assert_num_queries):
    make_section(title="Cookie")
    get(client, "/sections/cookie/")
    client.cookies[django_settings.SESSION_COOKIE_NAME] = "not-a-real-session"
    # the session lookup, then the section page's own query (see test_query_counts)
    with django_assert_num_queries(2):
        get(client, "/sections/cookie/")


def test_admin_pages_are_never_cached(client):
    get(client, "/admin/login/")
    client.cookies.clear()
    response = get(client, "/admin/login/")
    assert response.status_code == 200
    assert "csrftoken" in response.cookies  # rendered afresh: a cached copy sets no cookie


def test_cache_off_renders_every_time(client, settings, django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 0
    make_section(title="Uncached")
    get(client, "/sections/uncached/")
    with django_assert_num_queries(1):  # the section page's own query (test_query_counts)
        get(client, "/sections/uncached/")


def test_etag_gives_304_while_unchanged_and_200_after_a_change(client):
    section = make_section(title="Tagged")
    first = get(client, "/sections/tagged/")
    etag = first["ETag"]
    assert etag

    not_modified = get(client, "/sections/tagged/", if_none_match=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""

    section.body = "Changed."
    section.save()
    changed = get(client, "/sections/tagged/", if_none_match=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_etag_and_304_also_work_with_the_cache_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    make_section(title="Tagged")
    etag = get(client, "/sections/tagged/")["ETag"]
    assert get(client, "/sections/tagged/", if_none_match=etag).status_code == 304


def test_cache_backend_follows_redis_url():
    backend = django_settings.CACHES["default"]["BACKEND"]
    if os.environ.get("REDIS_URL"):
        assert backend == "django.core.cache.backends.redis.RedisCache"
        assert cache.set("redis-probe", 1) is None and cache.get("redis-probe") == 1
    else:
        assert backend == "django.core.cache.backends.locmem.LocMemCache"


def test_pages_are_served_uncached_while_the_cache_server_is_down(client, monkeypatch):
    make_section(title="Cache down")

    def refuse(*args, **kwargs):
        raise ConnectionError("cache server refused the connection")

    monkeypatch.setattr(cache, "get_many", refuse)
    monkeypatch.setattr(cache, "get", refuse)
    response = get(client, "/sections/cache-down/")
    assert response.status_code == 200
    assert b"Cache down" in response.content


def test_a_save_succeeds_while_the_cache_server_is_down_and_shows_once_it_is_back(
    client, monkeypatch
):
    from iomkb.site.cache import health

    section = make_section(title="Saved offline", body="Old words.")
    assert b"Old words." in get(client, "/sections/saved-offline/").content

    def refuse(*args, **kwargs):
        raise ConnectionError("cache server refused the connection")

    with monkeypatch.context() as down:
        down.setattr(cache, "set", refuse)
        section.body = "New words."
        section.save()  # the version can't be replaced now
    health.retry_at = 0.0

    assert b"New words." in get(client, "/sections/saved-offline/").content
    assert not health.versions_suspect.is_set()


# What a page is keyed by


def page_entries():
    """How many pages the cache holds, on local memory or on Redis."""
    prefix = cache.make_key("page:")
    backend = caches["default"]._cache
    if hasattr(backend, "get_client"):  # Redis
        return len(backend.get_client().keys(prefix + "*"))
    return sum(key.startswith(prefix) for key in backend)


def test_junk_query_parameters_add_no_cache_entries(client):
    make_section(title="Junk target")
    for url in ["/", "/sections/", "/sections/junk-target/", "/case-studies/", "/search/?q=x"]:
        get(client, url)
    before = page_entries()
    # The key never holds a parameter the page does not read, so a few dozen distinct junk
    # names show it as well as hundreds: each would otherwise be a new entry.
    for number in range(40):
        response = get(client, f"/sections/?junk{number}=x")
        assert response.status_code == 200
    for number in range(5):
        get(client, f"/sections/junk-target/?utm_source={number}")
        get(client, f"/?page={number}")
        get(client, f"/case-studies/?page=1&fbclid={number}")
        get(client, f"/search/?q=x&debug={number}")
    assert page_entries() == before


def test_invalid_values_of_known_parameters_add_no_cache_entries(client):
    make_case_study(title="Invalid target")
    get(client, "/case-studies/")
    before = page_entries()
    for number in range(10):
        for query in [f"page=x{number}", f"region=atlantis-{number}", f"year_min=abc{number}"]:
            response = get(client, f"/case-studies/?{query}")
            assert response.status_code == 200
            assert b"message--warning" in response.content
        get(client, f"/source/?lines=z{number}")
        get(client, f"/search/?q=x&type=t{number}")
    assert page_entries() == before


def test_reordered_and_empty_parameters_share_one_entry(client, django_assert_num_queries):
    europe = Region.objects.create(name="Europe", slug="europe")
    make_case_study(title="Keyed case", region=europe, year=2015)
    first = get(client, "/case-studies/?region=europe&order=-year")
    assert b"Keyed case" in first.content
    before = page_entries()
    for url in [
        "/case-studies/?order=-year&region=europe",
        "/case-studies/?order=-year&region=europe&year_min=&theme=",
        "/case-studies/?region=asia&region=europe&order=-year",
    ]:
        with django_assert_num_queries(0):
            response = get(client, url)
        assert response.content == first.content, url
    assert page_entries() == before


def test_valid_filters_and_pages_are_each_cached(client, django_assert_num_queries):
    Region.objects.create(name="Europe", slug="europe")
    make_case_study(title="Filtered case", region=Region.objects.get(), year=2015)
    urls = [
        "/case-studies/?region=europe",
        "/case-studies/?year_min=2000&page=1",
        "/legal-frameworks/?binding=no",
        "/search/?q=filtered&type=case_study",
    ]
    before = page_entries()
    for url in urls:
        get(client, url)
    assert page_entries() == before + len(urls)
    for url in urls:
        with django_assert_num_queries(0):
            assert get(client, url).status_code == 200
    assert b"Filtered case" in get(client, "/case-studies/?region=europe").content


def test_host_header_spellings_add_no_cache_entries(client):
    make_section(title="Host target")
    get(client, "/sections/")
    before = page_entries()
    for host in ["TESTSERVER", "TestServer", "testserver.", "testserver:8080", "testserver:1"]:
        response = client.get("/sections/", headers={"host": host})
        assert response.status_code == 200
        assert b"Host target" in response.content
    assert page_entries() == before
    get(client, "/sections/", host="testserver:80")  # the server's own port: one more entry
    assert page_entries() == before + 1
