"""Site search: relevance on the demo content, visibility, safety and the /search/ page.

Every test runs unchanged on SQLite (FTS5) and PostgreSQL (tsvector); both must agree.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from iomkb.models import Status
from iomkb.search import search
from tests.factories import make_case_study, make_framework, make_section

pytestmark = pytest.mark.django_db

TRAFFICKING_SECTION = "Addressing Human Trafficking and Smuggling"
HAIYAN_CASE = "Typhoon Haiyan: return and recovery in the Philippines"
LIBYA_CASE = "Alternatives to detention and legal aid in Libya"
GLOBAL_COMPACT = "Global Compact for Safe, Orderly and Regular Migration"
CONSTITUTION = "Constitution of the International Organization for Migration"


def titles(text, kind=None, limit=50):
    return [hit["title"] for hit in search(text, kind=kind).results[:limit]]


# Relevance on the demo content --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("trafficking", TRAFFICKING_SECTION),
        ("smuggling", TRAFFICKING_SECTION),
        ("Haiyan", HAIYAN_CASE),
        ("Philippines typhoon", HAIYAN_CASE),
        ("Global Compact", GLOBAL_COMPACT),
        ("constitution", CONSTITUTION),
        ("Libya detention", LIBYA_CASE),
        ('"legal aid"', LIBYA_CASE),
        ("capacity building", "Legal Assistance and Capacity Building in Member States"),
        ("resettle refugees", "Response to the 2015 migration crisis in Europe"),
    ],
)
def test_demo_query_ranks_the_expected_item_first(demo, text, first):
    assert titles(text)[0] == first


def test_search_is_case_insensitive_and_stems_words(demo):
    assert titles("HAIYAN")[0] == HAIYAN_CASE
    assert titles("traffickers")[0] == TRAFFICKING_SECTION


def test_haiyan_finds_only_the_case_study_and_the_section_quoting_it(demo):
    outcome = search("Haiyan")
    assert outcome.counts == {"case_study": 1, "section": 1}
    assert titles("Haiyan") == [
        HAIYAN_CASE,
        "Case Studies Demonstrating Effective Humanitarian Interventions",
    ]


def test_two_word_query_prefers_items_with_both_words():
    both = make_section(title="Resettlement notes", slug="both", body="Refugee resettlement.")
    make_section(
        title="Refugee refugee refugee",
        slug="one-word",
        summary="Refugee refugee refugee.",
        body="Refugee refugee refugee refugee refugee.",
    )
    assert titles("refugee resettlement") == [both.title]


def test_when_no_item_has_every_word_items_with_any_word_are_shown(demo):
    outcome = search("Haiyan smuggling")
    assert outcome.matched_any_word
    found = titles("Haiyan smuggling")
    assert HAIYAN_CASE in found and TRAFFICKING_SECTION in found


def test_title_match_outranks_body_match():
    make_section(title="General notes", slug="body-only", body="A paragraph on remittances.")
    make_section(title="Remittances", slug="title", body="A paragraph on money.")
    assert titles("remittances") == ["Remittances", "General notes"]


def test_excluded_word_removes_items(demo):
    found = titles("trafficking -smuggling")
    assert found and TRAFFICKING_SECTION not in found


def test_or_finds_either_word(demo):
    found = titles("Haiyan or Libya")
    assert {HAIYAN_CASE, LIBYA_CASE} <= set(found)


def test_results_span_all_three_types_with_counts(demo):
    outcome = search("migration")
    assert set(outcome.counts) == {"section", "case_study", "legal_framework"}
    assert outcome.total == sum(outcome.counts.values())


def test_type_filter_returns_only_that_type_but_counts_stay_for_all(demo):
    outcome = search("Global Compact", kind="legal_framework")
    assert [hit["kind"] for hit in outcome.results[:10]] == ["legal_framework"]
    assert outcome.counts == {"legal_framework": 1, "section": 2}


# Only published items -----------------------------------------------------------------------


def test_drafts_and_scheduled_items_never_appear_in_results_snippets_or_counts():
    visible = make_case_study(title="Visible", slug="visible", body="Okapi habitat.")
    make_case_study(title="Draft okapi", slug="d", body="Okapi draft.", status=Status.DRAFT)
    make_framework(
        title="Scheduled okapi",
        slug="s",
        body="Okapi later.",
        published_at=timezone.now() + timedelta(days=1),
    )
    outcome = search("okapi")
    assert outcome.counts == {"case_study": 1}
    hits = outcome.results[:10]
    assert [hit["title"] for hit in hits] == [visible.title]
    assert "draft" not in hits[0]["snippet_marked"] and "later" not in hits[0]["snippet_marked"]


def test_scheduled_item_appears_when_its_time_comes_without_being_saved_again():
    make_section(title="Okapi", slug="okapi", published_at=timezone.now() + timedelta(hours=2))
    assert search("okapi").counts == {}
    assert search("okapi", now=timezone.now() + timedelta(hours=3)).counts == {"section": 1}


def test_unpublishing_removes_an_item_from_search():
    section = make_section(title="Okapi", slug="okapi")
    assert titles("okapi") == ["Okapi"]
    section.status = Status.DRAFT
    section.save()
    assert titles("okapi") == []


def test_search_page_does_not_mention_drafts(client):
    make_section(title="Secret okapi plan", slug="secret", status=Status.DRAFT)
    response = client.get("/search/", {"q": "okapi"})
    assert response.status_code == 200
    assert b"Secret" not in response.content
    assert b"Nothing matches" in response.content


def test_accented_words_are_found_however_the_accent_was_typed():
    make_case_study(title="Migração segura", slug="migracao", body="Programa de migração.")
    assert titles("migração") == ["Migração segura"]
    assert titles("migrac\u0327a\u0303o") == ["Migração segura"]
