"""Search that forgives: word forms, "Did you mean", verification notes and citations, facets.

Every test runs unchanged on SQLite (FTS5) and PostgreSQL (tsvector, pg_trgm).
"""

import re

import pytest

from iomkb.models import Citation, Status, Theme
from iomkb.search import search
from iomkb.site.cache import current_content_version
from tests.factories import make_case_study, make_section

pytestmark = pytest.mark.django_db

HAIYAN_CASE = "Typhoon Haiyan: return and recovery in the Philippines"
LIBYA_CASE = "Alternatives to detention and legal aid in Libya"


def titles(text, **filters):
    return [hit["title"] for hit in search(text, **filters).results[:50]]


def test_detain_finds_the_detention_case_study(demo):
    assert LIBYA_CASE in titles("detain")
    assert LIBYA_CASE in titles("detained")


def test_intervene_finds_interventions(demo):
    assert "Case Studies Demonstrating Effective Humanitarian Interventions" in titles("intervene")


def test_a_typo_suggests_the_indexed_word(client, demo):
    outcome = search("Haiyn")
    assert outcome.suggestion == "Haiyan"
    content = client.get("/search/", {"q": "Haiyn"}).content.decode()
    assert 'Did you mean <a href="?q=Haiyan">Haiyan</a>?' in content
    assert search("HAIYN haiyn").suggestion == "HAIYAN haiyan"


def test_each_misspelt_word_is_replaced_and_the_rest_kept(demo):
    assert search('Haiyn "humanitarain" -x').suggestion == 'Haiyan "humanitarian" -x'


def test_no_suggestion_when_something_matches_or_nothing_is_close(demo):
    assert search("Haiyan").suggestion == ""
    assert search("xylophone").suggestion == ""


def test_words_of_drafts_are_never_suggested(db):
    make_section(title="Okapi", slug="d", body="Zanzibarian.", status=Status.DRAFT)
    assert search("Zanzibarin").suggestion == ""
    make_section(title="Okapi", slug="p", body="Zanzibarian.")
    assert search("Zanzibarin").suggestion == "Zanzibarian"


def test_a_word_only_in_a_draft_is_not_suggested_through_a_public_words_stem(db):
    # "university" and "universe" share a stem (univers) on both backends.
    make_section(title="Okapi", slug="p", body="Universe.")
    make_section(title="Secret", slug="d", body="University.", status=Status.DRAFT)
    assert search("Universitz").suggestion in ("", "Universe")  # never "University"
    assert search("Univerze").suggestion == "Universe"


def test_the_type_and_status_are_filters_not_words_of_the_text(db):
    make_section(title="Okapi", slug="p", body="Zebra.")
    assert search("section").total == 0 and search("unverified").total == 0
    assert search("zebra -section -unverified").total == 1
    make_section(title="Giraffe", slug="d", body="Sections.", status=Status.DRAFT)
    assert search("sectionz").suggestion == ""  # nor do they vouch for a draft's word


def test_yolanda_in_a_verification_note_finds_the_haiyan_case_study(client, demo):
    assert titles("Yolanda") == [HAIYAN_CASE]
    content = client.get("/search/", {"q": "Yolanda"}).content.decode()
    assert "From its verification note or citations:" in content
    assert "<mark>Yolanda</mark>" in content


def test_notes_and_citation_titles_weigh_less_than_the_body(db):
    noted = make_section(title="First", slug="noted", body="Nothing here.")
    noted.citations.add(Citation.objects.create(key="okapi", title="The okapi report"))
    make_section(title="Second", slug="body", body="An okapi.")
    assert titles("okapi") == ["Second", "First"]


def test_index_follows_themes_citations_and_their_titles(db):
    item = make_section(title="Okapi", slug="s", body="Okapi.")
    theme = Theme.objects.create(name="Giraffes", slug="giraffes")
    item.themes.add(theme)
    assert titles("okapi", theme="giraffes") == ["Okapi"]
    item.themes.remove(theme)
    assert titles("okapi", theme="giraffes") == []
    citation = Citation.objects.create(key="c", title="Zebra almanac")
    item.citations.add(citation)
    assert titles("zebra") == ["Okapi"]
    citation.title = "Yak almanac"
    citation.save()
    assert titles("zebra") == [] and titles("yak") == ["Okapi"]


def test_results_show_type_verification_badge_and_date(client, demo):
    content = client.get("/search/", {"q": "Haiyan"}).content.decode()
    result = content.split('<li class="search-result">', 1)[1].split("</li>", 1)[0]
    assert '<p class="search-result__kind">Case study</p>' in result
    assert '<span class="badge badge--verified">Verified</span>' in result
    assert re.search(r'Updated <time datetime="\d{4}-\d\d-\d\dT[^"]+">\d+ \w+ \d{4}</time>', result)


@pytest.mark.parametrize("name", ["type", "verification", "theme"])
def test_facet_counts_equal_the_filtered_result_counts(client, demo, name):
    content = client.get("/search/", {"q": "migration"}).content.decode()
    links = re.findall(
        rf'<a href="\?q=migration&amp;{name}=([-\w]+)">[^<]+<span class="search-types__count">'
        r"\((\d+)\)</span></a>",
        content,
    )
    assert len(links) >= 2
    for value, count in links:
        filtered = client.get("/search/", {"q": "migration", name: value}).content.decode()
        assert f"{count} result{'s' if count != '1' else ''}" in filtered
        assert filtered.count('class="search-result"') == min(int(count), 10)


def test_filters_combine_and_counts_apply_the_other_filters(demo):
    outcome = search("migration", kind="case_study", verification="verified")
    assert outcome.facets.counts["kind"]["case_study"] == len(outcome.results[:50]) == 2
    assert outcome.facets.counts["verification"] == {"verified": 2}
    assert titles("migration", theme="legal-assistance", kind="case_study") == [LIBYA_CASE]
    # Items have several themes: "All themes" counts items, not the sum of the themes' counts.
    assert outcome.facets.theme_total == 2
    assert sum(outcome.facets.counts["theme"].values()) == 4


def test_heading_keeps_the_readers_quotes_without_adding_more(client, demo):
    content = client.get("/search/", {"q": '"legal assistance"'}).content.decode()
    assert "<h1>Search results for &#34;legal assistance&#34;</h1>" in content
    content = client.get("/search/", {"q": "legal assistance"}).content.decode()
    assert "<h1>Search results for “legal assistance”</h1>" in content


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"type": "<script>"}, "is not a type of item"),
        ({"verification": "maybe"}, "is not a verification status"),
        ({"theme": "no such/theme"}, "is not a theme"),
    ],
)
def test_a_bad_filter_is_dropped_with_one_notice(client, demo, params, notice):
    response = client.get("/search/", {"q": "Haiyan", **params})
    assert response.status_code == 200
    assert response.content.decode().count(notice) == 1
    assert response.content.decode().count('class="search-result"') == 2


def test_a_typo_runs_one_query_and_a_filtered_search_two(client, django_assert_num_queries):
    item = make_case_study(title="Okapi", slug="okapi", body="Okapi.")
    item.themes.add(Theme.objects.create(name="Giraffes", slug="giraffes"))
    current_content_version()  # read once per content version (six queries), then kept
    with django_assert_num_queries(1):
        content = client.get("/search/", {"q": "Okapu"}).content.decode()
    assert 'Did you mean <a href="?q=Okapi">Okapi</a>?' in content
    with django_assert_num_queries(2):
        response = client.get(
            "/search/", {"q": "okapi", "verification": "unverified", "theme": "giraffes"}
        )
    assert response.content.decode().count('class="search-result"') == 1


def test_api_search_has_the_pages_snippets_facets_and_suggestion(client, demo):
    data = client.get("/api/v1/search/", {"q": "Yolanda"}).json()
    (hit,) = data["results"]
    assert hit["snippet_from_notes"] and "<mark>Yolanda</mark>" in hit["snippet_html"]
    assert hit["verification"] == "verified" and hit["updated_at"]
    assert data["counts_by_verification"] == {"verified": 1}
    assert data["counts_by_theme"] == {"humanitarian-response": 1}
    assert client.get("/api/v1/search/", {"q": "Haiyn"}).json()["suggestion"] == "Haiyan"
    bad = client.get("/api/v1/search/", {"q": "Haiyan", "verification": "maybe"})
    assert bad.status_code == 400


def test_a_phrase_beyond_the_window_says_counts_are_lower_bounds(client, monkeypatch):
    from iomkb.search import backends

    monkeypatch.setattr(backends, "PHRASE_WINDOW", 3)
    for number in range(4):
        make_section(title=f"Okapi {number}", slug=f"o{number}", body="Okapi zebra. Zebra okapi.")
    content = client.get("/search/", {"q": '"okapi zebra"'}).content.decode()
    assert "At least 3 results: the phrase was looked for among the first 3 items" in content
    assert content.count('class="search-result"') == 3
    assert "4 results." in client.get("/search/", {"q": "okapi zebra"}).content.decode()
    # Four items with both words, none in that order: the window fills with three of them
    # (which three is the index's order, not fixed on PostgreSQL) and none has the phrase.
    for number in range(4):
        make_section(title=f"Giraffe {number}", slug=f"g{number}", body="Giraffe. Then okapi.")
    content = client.get("/search/", {"q": '"giraffe okapi"'}).content.decode()
    assert "none of the first 3 has them in this order" in content


def test_a_rebuilt_index_still_suggests(db):
    from iomkb.search.indexing import rebuild_index

    make_section(title="Okapi", slug="p", body="Zanzibarian.")
    rebuild_index()
    assert search("Zanzibarin").suggestion == "Zanzibarian"
    make_section(title="Giraffe", slug="q", body="Kilimanjaro.")  # the trigger is back on
    assert search("Kilimanjar").suggestion == "Kilimanjaro"


def test_a_filter_over_the_count_limit_counts_its_own_matches(client, monkeypatch):
    from iomkb.search import backends

    monkeypatch.setattr(backends, "COUNT_LIMIT", 3)
    for number in range(6):
        make_case_study(title=f"Okapi {number}", slug=f"o{number}", body="Okapi.")
    make_section(title="Okapi section", slug="s", body="Okapi.")
    content = client.get("/search/", {"q": "okapi", "type": "section"}).content.decode()
    assert "1 result." in content and content.count('class="search-result"') == 1
