"""Issue 12: list totals, filter choices and theme sizes are computed once per content version
and are never stale: a content change (or a cache server that is down) means a fresh answer."""

import pytest
from django.core.cache import cache

from casestudies.models import Region
from iomkb.models import Theme
from iomkb.site import memo
from iomkb.site.cache import CacheUnavailable, bump_content_version, health
from iomkb.site.views import ThemeDetailView
from iomkb.widgets import FastSelect
from sections.models import Section
from tests.factories import make_case_study, make_section

pytestmark = pytest.mark.django_db


def test_an_answer_is_computed_once_per_content_version():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert memo.per_content_version("answer", compute) == 1
    assert memo.per_content_version("answer", compute) == 1
    bump_content_version()
    assert memo.per_content_version("answer", compute) == 2
    assert memo.per_content_version("other", compute) == 3


def test_without_a_cache_server_every_answer_is_computed_afresh(monkeypatch):
    def refuse(*args, **kwargs):
        raise CacheUnavailable("down")

    monkeypatch.setattr(memo, "call_cache", refuse)
    assert memo.per_content_version("answer", lambda: 1) == 1
    assert memo.per_content_version("answer", lambda: 2) == 2


def test_with_a_failing_cache_server_the_answer_is_still_given(monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("refused")

    monkeypatch.setattr(cache, "get_many", broken)
    try:
        assert memo.per_content_version("answer", lambda: 7) == 7
        assert health.versions_suspect.is_set()  # remembered, as for the page cache
    finally:
        health.forget()  # the next test must not skip the cache for a second


def test_a_list_total_follows_a_new_item(client):
    region = Region.objects.create(name="Europe", slug="europe")
    make_case_study(title="One", region=region)
    assert client.get("/case-studies/?region=europe").context["paginator"].count == 1
    make_case_study(title="Two", region=region)  # saving replaces the content version
    assert client.get("/case-studies/?region=europe").context["paginator"].count == 2
    assert client.get("/case-studies/").context["paginator"].count == 2


def test_filter_choices_follow_the_content(client):
    make_case_study(title="One", region=Region.objects.create(name="Europe", slug="europe"))
    asia = Region.objects.create(name="Asia", slug="asia")
    response = client.get("/case-studies/?region=asia")
    assert [slug for slug, _ in response.context["filter"].form.fields["region"].choices] == [
        "",
        "europe",
    ]
    assert "This filter was ignored" in response.content.decode()  # asia: no public item
    make_case_study(title="Two", region=asia)
    response = client.get("/case-studies/?region=asia")
    assert response.context["paginator"].count == 1
    assert 'value="asia" selected' in response.content.decode()


def test_home_themes_follow_the_content(client):
    theme = Theme.objects.create(name="Climate", slug="climate")
    section = make_section(title="First")
    assert client.get("/").context["themes"] == []
    section.themes.add(theme)  # a link change replaces the version too
    assert client.get("/").context["themes"] == [theme]


def test_home_follows_the_content_and_the_clock(client, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    make_section(title="First", order=1)
    later = timezone.now() + timedelta(hours=1)
    make_section(title="Scheduled", order=2, published_at=later)
    assert [item.title for item in client.get("/").context["contents"]] == ["First"]
    make_case_study(title="New case")  # a save replaces the version
    response = client.get("/")
    assert [item.title for item in response.context["featured"][0]["items"]] == ["New case"]
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(hours=2))
    titles = [item.title for item in client.get("/").context["contents"]]
    assert titles == ["First", "Scheduled"]  # it went live by itself: no save, a new answer


def test_theme_group_size_follows_the_content(client):
    theme = Theme.objects.create(name="Climate", slug="climate")
    size = ThemeDetailView.items_per_group + 1
    for number in range(size):
        make_section(title=f"Section {number}", order=number).themes.add(theme)
    groups = client.get(theme.get_absolute_url()).context["groups"]
    assert (groups[0]["total"], len(groups[0]["items"])) == (size, size - 1)
    Section.objects.get(slug="section-0").delete()
    groups = client.get(theme.get_absolute_url()).context["groups"]
    assert groups[0]["total"] == size - 1
    assert groups[0]["more_url"] == ""


def test_fast_select_renders_what_django_select_renders():
    from django import forms
    from django.test import SimpleTestCase

    choices = [("", "Any <kind>"), ("a", "A & B"), ("b", "“B”")]
    for value in (None, "", "a", ["b"]):
        expected = forms.Select(choices=choices).render("kind", value, {"id": "id_kind"})
        found = FastSelect(choices=choices).render("kind", value, {"id": "id_kind"})
        SimpleTestCase().assertHTMLEqual(found, expected)


def test_a_request_reads_the_version_once_and_its_answers_from_memory(client, monkeypatch):
    """A list asks for its total, its facet counts and four choice lists: after the first
    request of a version, none of them costs a cache round trip, only the version does."""
    make_case_study(title="One", region=Region.objects.create(name="Europe", slug="europe"))
    client.get("/case-studies/?region=europe")  # computes and keeps this version's answers
    read = []
    get, get_many = cache.get, cache.get_many
    monkeypatch.setattr(cache, "get", lambda key, *a, **k: read.append(key) or get(key, *a, **k))
    monkeypatch.setattr(cache, "get_many", lambda keys, **k: read.append(keys) or get_many(keys))
    response = client.get("/case-studies/?region=europe")
    assert response.context["paginator"].count == 1
    # The version and the next scheduled change, once (the page cache is off in tests); no
    # answer (a "memo:" key).
    assert read[0] == ["content-version", "content-next-scheduled"]
    assert not any(str(key).startswith("memo:") for key in read)
    assert read.count(["content-version", "content-next-scheduled"]) == 1


def test_an_answer_kept_in_memory_follows_a_change_in_the_same_request():
    from iomkb.site.cache import content_version_scope

    with content_version_scope():
        assert memo.per_content_version("answer", lambda: 1) == 1
        assert memo.per_content_version("answer", lambda: 2) == 1
        bump_content_version()  # a save within the request
        assert memo.per_content_version("answer", lambda: 3) == 3


def test_an_answer_kept_by_another_process_is_not_served_after_a_change(monkeypatch):
    """The answers in a process's memory belong to a version: once another process has
    replaced it, this one computes afresh, though it saw no signal."""
    assert memo.per_content_version("answer", lambda: 1) == 1
    cache.set("content-version", "set-by-another-process", None)
    assert memo.per_content_version("answer", lambda: 2) == 2


def test_the_answers_in_memory_are_bounded_the_oldest_dropped_first(monkeypatch):
    monkeypatch.setattr(memo, "LOCAL_ANSWERS_MAX", 3)
    for number in range(10):
        memo.per_content_version(f"answer-{number}", lambda number=number: number)
    _, answers = memo.local_answers.current
    assert list(answers) == ["answer-7", "answer-8", "answer-9"]


def test_an_answer_in_memory_lasts_no_longer_than_its_timeout(monkeypatch):
    answers = memo.LocalAnswers()
    assert answers.get("v1", "name") is None
    answers.keep("v1", "name", 42, timeout=600)
    assert answers.get("v1", "name")[1] == 42
    assert answers.get("v2", "name") is None  # another version
    now = memo.time.monotonic()
    monkeypatch.setattr(memo.time, "monotonic", lambda: now + 601)
    assert answers.get("v1", "name") is None


def test_a_request_begun_under_an_older_version_keeps_nothing():
    answers = memo.LocalAnswers()
    answers.get("v1", "first")
    answers.get("v2", "first")  # another request has seen the new version since
    answers.keep("v1", "first", "stale", timeout=600)
    assert answers.get("v2", "first") is None
    answers.keep("v2", "first", "fresh", timeout=600)
    assert answers.get("v2", "first")[1] == "fresh"


def test_a_change_while_the_cache_is_skipped_is_seen_by_the_same_request():
    import time

    from iomkb.site.cache import content_version_scope

    with content_version_scope():
        assert memo.per_content_version("answer", lambda: 1) == 1
        health.retry_at = time.monotonic() + 60  # a cache failure just now: calls skipped
        try:
            bump_content_version()  # a save
            assert memo.per_content_version("answer", lambda: 2) == 2
        finally:
            health.forget()
