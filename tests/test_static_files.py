"""Issue 12: static files are answered first, before the rest of the middleware, with the same
security headers as every other response."""

import logging

import pytest
from django.conf import settings as django_settings
from django.test import Client

URL = "/static/iomkb/site.css"


def test_static_files_come_first_in_the_middleware():
    assert django_settings.MIDDLEWARE[0] == "iomkb.site.staticfiles.StaticFilesMiddleware"
    assert "whitenoise.middleware.WhiteNoiseMiddleware" not in django_settings.MIDDLEWARE


def test_a_static_file_carries_the_security_headers_and_skips_the_stack(caplog):
    with caplog.at_level(logging.INFO, logger="iomkb.request"):
        response = Client().get(URL)
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Content-Security-Policy"] == django_settings.SITE_CONTENT_SECURITY_POLICY
    assert response["Permissions-Policy"] == django_settings.SITE_PERMISSIONS_POLICY
    assert "Strict-Transport-Security" not in response  # plain HTTP
    # answered before the request log (and the page cache, sessions...) saw it
    assert not [record for record in caplog.records if record.name == "iomkb.request"]


def test_over_https_a_static_file_gets_hsts(settings):
    settings.SECURE_HSTS_SECONDS = 3600
    response = Client().get(URL, secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=3600")


@pytest.mark.django_db
def test_plain_http_is_redirected_when_https_is_required(settings):
    settings.SECURE_SSL_REDIRECT = True
    response = Client().get(URL)
    assert response.status_code == 301
    assert response["Location"] == f"https://testserver{URL}"


@pytest.mark.django_db
def test_other_addresses_go_through_the_stack(caplog):
    with caplog.at_level(logging.INFO, logger="iomkb.request"):
        response = Client().get("/static/no-such-file.css")
    assert response.status_code == 404
    assert [record for record in caplog.records if record.name == "iomkb.request"]
