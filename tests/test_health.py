"""/healthz and the 503 page readers get while the database is down."""

import pytest
from django.conf import settings
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper

from iomkb.site.cache import bump_content_version
from tests.factories import make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    monkeypatch.setattr(CursorWrapper, "executemany", refuse)


def test_healthz_is_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_is_down(client, database_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_healthz_body_holds_no_secrets(client, database_down):
    body = client.get("/healthz").content.decode()
    assert settings.SECRET_KEY not in body
    assert "connection refused" not in body
    assert str(settings.DATABASES["default"]["NAME"]) not in body


def test_healthz_is_never_page_cached(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    assert client.get("/healthz").status_code == 200
    assert "Cache-Control" not in client.get("/healthz")


def test_readers_get_a_friendly_503_page_while_the_database_is_down(client, database_down):
    response = client.get("/sections/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"Back in a moment" in response.content
    assert b"Traceback" not in response.content


def test_cached_pages_keep_serving_while_the_database_is_down(client, settings, request):
    settings.PAGE_CACHE_SECONDS = 600
    bump_content_version()
    make_section(title="Still here")
    assert client.get("/sections/still-here/").status_code == 200
    request.getfixturevalue("database_down")
    response = client.get("/sections/still-here/")
    assert response.status_code == 200
    assert b"Still here" in response.content


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/sections/",
        "/api/v1/case-studies/?region=europe",
        "/api/v1/legal-frameworks/some-slug/",
        "/api/v1/themes/",
        "/api/v1/search/?q=migration",
    ],
)
def test_api_clients_get_a_json_503_while_the_database_is_down(client, database_down, url):
    response = client.get(url)
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": 503,
        "detail": "The database is unavailable just now. Try again in a moment.",
    }
    assert response["Retry-After"] == "30"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert b"Back in a moment" not in response.content
