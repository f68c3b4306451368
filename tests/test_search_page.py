"""/search/: any input is safe, snippets are escaped, pagination and filters explain themselves."""

import re

import pytest

from iomkb.site.cache import current_content_version
from tests.factories import make_case_study, make_section

pytestmark = pytest.mark.django_db

NASTY_QUERIES = [
    '"',
    '"unbalanced quote',
    '""',
    "*",
    "migra*",
    "-",
    "--migration",
    "-migration",
    ":",
    "title:migration",
    "body : migration",
    "NEAR",
    "NEAR(migration law, 2)",
    "migration NEAR law",
    "AND",
    "OR",
    "NOT",
    "migration AND OR NOT law",
    "(",
    ")",
    "((migration) OR (law",
    "{title body}: migration",
    "^migration",
    "migration + law",
    "'; DROP TABLE iomkb_searchentry; --",
    "\\",
    "%_%",
    "&amp; <b>",
    "Migración 移民 مهاجرة",
    "🙂",
    "🏳️‍🌈 migration 👨‍👩‍👧",
    "\x00migration",
    "\u202e\u200b\ufeff",
    "\ue000migration\ue001",
    "",
    "   ",
    "a" * 10_000,
    "migration " * 1_000,
    '" * - : NEAR AND OR ( ) ' * 400,
]


@pytest.mark.parametrize("text", NASTY_QUERIES)
def test_any_query_gives_a_normal_page(client, demo, text):
    response = client.get("/search/", {"q": text})
    assert response.status_code == 200
    assert b"syntax error" not in response.content.lower()
    assert b"fts5" not in response.content.lower()


@pytest.mark.parametrize("text", NASTY_QUERIES)
def test_any_query_with_any_filter_and_page_gives_a_normal_page(client, demo, text):
    response = client.get("/search/", {"q": text, "type": "section", "page": "2"})
    assert response.status_code == 200


def test_ten_thousand_character_query_is_cut_with_a_message(client, demo):
    response = client.get("/search/", {"q": "trafficking " + "x" * 10_000})
    assert response.status_code == 200
    assert b"only its first 200 characters were used" in response.content


def test_query_of_only_punctuation_says_there_is_nothing_to_search(client, demo):
    response = client.get("/search/", {"q": "*** ---"})
    assert b"has no words we can search for" in response.content


def test_empty_query_shows_the_search_page_with_examples(client, demo, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/search/")
    assert response.status_code == 200
    assert b"Type a word or two" in response.content


def test_no_match_page_helps_the_reader(client, demo):
    response = client.get("/search/", {"q": "xylophone"})
    content = response.content.decode()
    assert "Nothing matches “xylophone”" in content
    assert 'href="/sections/"' in content and "check the spelling" in content


def test_results_show_highlighted_title_and_snippet_with_link(client, demo):
    content = client.get("/search/", {"q": "Haiyan"}).content.decode()
    assert '<a href="/case-studies/' in content
    assert "Typhoon <mark>Haiyan</mark>: return and recovery in the Philippines" in content
    assert re.search(r'class="search-result__snippet">[^<]*<mark>Haiyan</mark>', content)


def test_snippets_and_titles_are_escaped_and_mark_is_the_only_markup(client):
    make_section(
        title="Okapi <b>bold</b> & co",
        slug="okapi",
        summary="<i>Okapi</i>",
        body="Okapi `<img src=x onerror=alert(1)>` and a < b & c > d, okapi.",
    )
    content = client.get("/search/", {"q": "okapi"}).content.decode()
    results = content.split('<ol class="search-results"', 1)[1].split("</ol>", 1)[0]
    assert "<img" not in results and "<b>" not in results
    assert "&lt;img src=x onerror=alert(1)&gt;" in results
    assert "<mark>Okapi</mark> &lt;b&gt;bold&lt;/b&gt; &amp; co" in results
    tags = set(re.findall(r"</?([a-z0-9]+)", results))
    assert tags == {"li", "p", "h2", "a", "mark", "span", "time"}  # badge and date are ours


def test_counts_per_type_and_type_filter_links(client, demo):
    content = client.get("/search/", {"q": "Global Compact"}).content.decode()
    assert 'All types <span class="search-types__count">(3)</span>' in content
    assert 'href="?q=Global+Compact&amp;type=legal_framework">Legal frameworks' in content
    assert 'Case studies <span class="search-types__count">(0)</span>' in content


def test_type_filter_shows_only_that_type(client, demo):
    response = client.get("/search/", {"q": "migration", "type": "case_study"})
    content = response.content.decode()
    # The second: "Illegal Migration" in the Libya study's verification note.
    assert content.count('class="search-result"') == 2
    assert "Case study</p>" in content and "Section</p>" not in content


def test_unknown_type_shows_all_types_with_a_message(client, demo):
    response = client.get("/search/", {"q": "Haiyan", "type": "<script>"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "“&lt;script&gt;” is not a type of item, so all types are shown." in content
    assert content.count('class="search-result"') == 2


def test_fallback_to_any_word_is_explained(client, demo):
    content = client.get("/search/", {"q": "Haiyan smuggling"}).content.decode()
    assert "No item contains all of your words" in content


def make_many(count):
    for number in range(count):
        make_case_study(title=f"Okapi study {number:02}", slug=f"okapi-{number}", body="Okapi.")


def test_results_are_paginated_with_links_that_keep_the_query(client):
    make_many(25)
    content = client.get("/search/", {"q": "okapi", "type": "case_study", "page": 2}).content
    content = content.decode()
    assert "25 results, page 2 of 3." in content
    assert content.count('class="search-result"') == 10
    assert 'href="?q=okapi&amp;type=case_study&amp;page=3" rel="next"' in content
    assert 'start="11"' in content


@pytest.mark.parametrize(
    ("page", "message", "shown"),
    [
        # The same forgiving paginator, and the same words, as the list pages.
        ("abc", "“abc” is not a page number. Showing page 1.", 1),
        ("-1", "Page numbers start at 1. Showing page 1.", 1),
        ("0", "Page numbers start at 1. Showing page 1.", 1),
        ("99999", "There is no page 99999; there are 3 pages. Showing page 3.", 3),
        ("1e9", "“1e9” is not a page number. Showing page 1.", 1),
        ("last", "", 3),
    ],
)
def test_bad_page_numbers_show_a_message_and_a_normal_page(client, page, message, shown):
    make_many(25)
    response = client.get("/search/", {"q": "okapi", "page": page})
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert content.count("message--warning") == (1 if message else 0)  # shown once, not twice
    assert f"page {shown} of 3." in content


@pytest.mark.parametrize("count", [3, 40])
def test_search_page_runs_two_queries_whatever_the_result_count(
    client, django_assert_num_queries, count
):
    make_many(count)
    current_content_version()  # read once per content version (six queries), then kept
    with django_assert_num_queries(2):
        response = client.get("/search/", {"q": "okapi"})
    assert response.content.decode().count('class="search-result"') == min(count, 10)
    # The counts are kept for this content version (iomkb/site/memo.py): only the hits again.
    with django_assert_num_queries(1):
        again = client.get("/search/", {"q": "okapi"})
    assert again.content == response.content


def test_search_with_no_match_runs_one_query(client, django_assert_num_queries):
    make_many(3)
    current_content_version()
    with django_assert_num_queries(1):
        client.get("/search/", {"q": "xylophone"})


@pytest.mark.parametrize("count", [3, 40])
def test_fallback_to_any_word_runs_three_queries(client, django_assert_num_queries, count):
    make_many(count)
    current_content_version()
    with django_assert_num_queries(3):
        response = client.get("/search/", {"q": "okapi xylophone"})
    assert b"No item contains all of your words" in response.content


def test_search_box_is_on_every_page_and_keeps_the_query(client, demo):
    for url in ["/", "/sections/", "/case-studies/", "/legal-frameworks/"]:
        assert (
            b'<form class="search-form" role="search" action="/search/"' in client.get(url).content
        )
    content = client.get("/search/", {"q": 'Haiyan "x'}).content.decode()
    assert 'id="site-search" type="search" name="q" value="Haiyan &#34;x"' in content


@pytest.fixture
def small_limits(monkeypatch):
    """Stand-ins for the 500-item count and ranking limits, so a few items exceed them."""
    from iomkb.search import backends

    monkeypatch.setattr(backends, "COUNT_LIMIT", 3)
    monkeypatch.setattr(backends, "RANK_LIMIT", 4)


def test_when_more_items_match_than_are_counted_the_page_says_more_than(client, small_limits):
    make_many(6)
    content = client.get("/search/", {"q": "okapi"}).content.decode()
    assert (
        "More than 3 items match, so not all are ranked: "
        "items with every word in the title come first" in content
    )
    assert 'All types <span class="search-types__count">(3+)</span>' in content
    assert content.count('class="search-result"') == 4


def test_items_matching_in_the_title_are_ranked_even_when_many_match(small_limits):
    from iomkb.search import search

    for number in range(6):
        make_section(title=f"Notes {number}", slug=f"notes-{number}", body="Okapi.")
    make_section(title="Okapi", slug="okapi-title", body="Something else.")
    assert search("okapi").results[:1][0]["title"] == "Okapi"


def test_type_filter_over_the_count_limit_runs_three_queries(
    client, small_limits, django_assert_num_queries
):
    make_many(6)
    current_content_version()
    with django_assert_num_queries(3):
        response = client.get("/search/", {"q": "okapi", "type": "case_study"})
    assert response.content.decode().count('class="search-result"') == 4


def test_kept_search_counts_follow_the_content_and_the_clock(client, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    make_section(title="Okapi one", slug="okapi-one", body="Okapi.")
    make_section(
        title="Okapi later", slug="okapi-later", body="Okapi.",
        published_at=timezone.now() + timedelta(hours=1),
    )  # fmt: skip
    assert client.get("/search/", {"q": "okapi"}).context["outcome"].total == 1
    make_case_study(title="Okapi two", slug="okapi-two", body="Okapi.")  # a new version
    assert client.get("/search/", {"q": "okapi"}).context["outcome"].total == 2
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(hours=2))
    assert client.get("/search/", {"q": "okapi"}).context["outcome"].total == 3
