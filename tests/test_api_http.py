"""The API's HTTP behaviour: conditional GET tied to the content version, CORS, the rate limit
(fail open), JSON 400s for bad parameters, the schema and its docs page."""

import json

import pytest
from django.core.cache import cache
from django.test import Client
from openapi_spec_validator import validate

from iomkb.api.schema import openapi_schema
from iomkb.site.cache import bump_content_version, health
from tests.factories import make_case_study, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    health.forget()  # a test that took the cache down must not leave it "recently failed"
    cache.clear()
    bump_content_version()


# Conditional GET


def test_matching_etag_gets_304_and_an_edit_gets_a_fresh_body_at_once(client):
    section = make_section(title="Tagged", body="Old words.")
    first = client.get("/api/v1/sections/tagged/")
    etag = first["ETag"]
    assert first["Cache-Control"] == "public, no-cache" and first["Last-Modified"]
    again = client.get("/api/v1/sections/tagged/", headers={"if-none-match": etag})
    assert again.status_code == 304 and not again.content and again["ETag"] == etag
    since = client.get("/api/v1/sections/", headers={"if-modified-since": first["Last-Modified"]})
    assert since.status_code == 304

    section.body = "New words."
    section.save()
    fresh = client.get("/api/v1/sections/tagged/", headers={"if-none-match": etag})
    assert fresh.status_code == 200 and fresh.json()["body_markdown"] == "New words."
    assert fresh["ETag"] != etag


def test_304_runs_no_query(client, django_assert_num_queries):
    make_section(title="Quiet")
    etag = client.get("/api/v1/sections/quiet/")["ETag"]
    with django_assert_num_queries(0):
        response = client.get("/api/v1/sections/quiet/", headers={"if-none-match": etag})
    assert response.status_code == 304


def test_etags_differ_per_url(client):
    make_section(title="One")
    assert client.get("/api/v1/sections/")["ETag"] != client.get("/api/v1/sections/one/")["ETag"]
    page_1, page_2 = (client.get(f"/api/v1/sections/?page_size={n}") for n in (1, 2))
    assert page_1["ETag"] != page_2["ETag"]


def test_with_the_cache_down_responses_are_full_and_carry_no_validator(client, monkeypatch):
    make_section(title="Cache down")

    def refuse(*args, **kwargs):
        raise ConnectionError("cache server refused the connection")

    for method in ("get", "get_many", "set", "add", "incr"):
        monkeypatch.setattr(cache, method, refuse)
    response = client.get("/api/v1/sections/cache-down/", headers={"if-none-match": '"x"'})
    assert response.status_code == 200 and response.json()["title"] == "Cache down"
    assert "Last-Modified" not in response


# CORS


def test_any_origin_may_read_without_credentials(client):
    make_section(title="Shared")
    for url in ("/api/v1/sections/shared/", "/api/v1/nope/", "/data/iomkb-content.json"):
        response = client.get(url, headers={"origin": "https://elsewhere.example"})
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_preflight_allows_conditional_headers(client):
    headers = {
        "origin": "https://elsewhere.example",
        "access-control-request-method": "GET",
        "access-control-request-headers": "if-none-match",
    }
    for url in ("/api/v1/sections/", "/data/iomkb-content.csv"):
        response = client.options(url, headers=headers)
        assert response.status_code == 200
        assert "If-None-Match" in response["Access-Control-Allow-Headers"]
        assert "GET" in response["Access-Control-Allow-Methods"]


def test_html_pages_get_no_cors_headers(client):
    assert "Access-Control-Allow-Origin" not in client.get("/sections/")


# Rate limit


def test_anonymous_clients_get_429_with_retry_after_past_the_limit(client, settings):
    settings.API_RATE_LIMIT = 3
    for _ in range(3):
        assert client.get("/api/v1/themes/").status_code == 200
    refused = client.get("/api/v1/themes/")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= settings.API_RATE_WINDOW_SECONDS
    assert refused.json()["status"] == 429 and "throttled" in refused.json()["detail"].lower()
    assert refused["Access-Control-Allow-Origin"] == "*"
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert other.get("/api/v1/themes/").status_code == 200  # counted per client address


def test_the_rate_limit_fails_open_when_the_cache_is_down(client, settings, monkeypatch):
    settings.API_RATE_LIMIT = 1

    def refuse(*args, **kwargs):
        raise ConnectionError("cache server refused the connection")

    monkeypatch.setattr(cache, "add", refuse)
    monkeypatch.setattr(cache, "incr", refuse)
    for _ in range(3):
        health.retry_at = 0.0
        assert client.get("/api/v1/themes/").status_code == 200


# Bad parameters: 400 JSON, never a 500


@pytest.mark.parametrize(
    "url, field",
    [
        ("/api/v1/case-studies/?year_min=abc", "year_min"),
        ("/api/v1/case-studies/?year_min=99999999999999999999", "year_min"),
        ("/api/v1/case-studies/?region=" + "x" * 5000, "region"),
        ("/api/v1/case-studies/?region=%00", "region"),
        ("/api/v1/case-studies/?verification=maybe", "verification"),
        ("/api/v1/case-studies/?order=password", "order"),
        ("/api/v1/case-studies/?country[]=1", "country[]"),
        ("/api/v1/legal-frameworks/?kind=%FF%FE", "kind"),
        ("/api/v1/sections/?theme=relief", "theme"),
        ("/api/v1/sections/?page=0", "page"),
        ("/api/v1/sections/?page=-1", "page"),
        ("/api/v1/sections/?page=abc", "page"),
        ("/api/v1/sections/?page=99", "page"),
        ("/api/v1/sections/?page=1e9999", "page"),
        ("/api/v1/sections/?page_size=1000", "page_size"),
        ("/api/v1/sections/?page_size=0", "page_size"),
        ("/api/v1/sections/one/?format=xml", "format"),
        ("/api/v1/search/", "q"),
        ("/api/v1/search/?q=%22%22%22", "q"),
        ("/api/v1/search/?q=" + "word " * 1000, "q"),
        ("/api/v1/search/?q=x&type=user", "type"),
        ("/api/v1/themes/?" + "&".join(f"p{n}=1" for n in range(300)), "p0"),
    ],
)
def test_bad_parameters_get_a_400_with_a_message(client, url, field):
    make_section(title="One")
    response = client.get(url)
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and body["detail"]
    assert field in body["errors"] and body["errors"][field][0]


def test_fts_syntax_in_a_search_is_just_words(client):
    make_section(title="Near the harbour")
    for query in ('harbour"', "harbour*", "NEAR(harbour", "harbour OR", "{title}: harbour"):
        response = client.get("/api/v1/search/", {"q": query})
        assert response.status_code == 200, query


def test_unknown_paths_under_api_are_json_404s(client):
    response = client.get("/api/v2/anything")
    assert response.status_code == 404 and response.json()["status"] == 404


# Schema and docs


def test_the_schema_is_valid_openapi_3(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path in (
        "/api/v1/sections/", "/api/v1/case-studies/{slug}/", "/api/v1/legal-frameworks/",
        "/api/v1/themes/", "/api/v1/citations/{key}/", "/api/v1/source-documents/",
        "/api/v1/search/",
    ):  # fmt: skip
        assert "get" in paths[path], path
    names = {p["name"] for p in paths["/api/v1/case-studies/"]["get"]["parameters"]}
    assert {"region", "country", "year_min", "year_max", "theme", "order", "page"} <= names


def test_the_docs_page_lists_every_endpoint_from_the_schema_with_no_inline_code(client):
    make_case_study(title="Docs")
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    for path in openapi_schema()["paths"]:
        assert f"GET {path}" in html
    assert "<script" not in html and "style=" not in html and "<style" not in html
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "/static/iomkb/api.css" in html


def test_the_footer_links_to_the_open_data_and_the_api(client):
    html = client.get("/sections/").content.decode()
    assert 'href="/data/"' in html and 'href="/api/v1/docs/"' in html


def test_schema_json_is_stable(client):
    assert json.dumps(client.get("/api/v1/schema/").json()) == json.dumps(openapi_schema())


def test_an_expiry_retires_the_etag_when_its_time_comes_with_no_save(client, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    make_section(title="Stays")
    make_section(title="Leaving", expires_at=timezone.now() + timedelta(hours=1))
    first = client.get("/api/v1/sections/")
    assert first.json()["count"] == 2
    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    after = client.get("/api/v1/sections/", headers={"if-none-match": first["ETag"]})
    assert after.status_code == 200 and after.json()["count"] == 1
    assert client.get("/api/v1/sections/leaving/").status_code == 404


def test_a_cached_list_total_is_fresh_after_an_edit(client):
    make_section(title="First")
    assert client.get("/api/v1/sections/").json()["count"] == 1
    assert client.get("/api/v1/sections/?page_size=5").json()["count"] == 1
    make_section(title="Second")
    assert client.get("/api/v1/sections/").json()["count"] == 2
