"""Hardened settings: clean deploy check, security headers, admin login rate limit."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client

from iomkb.settings import static_cache_headers
from tests.factories import make_section

BASE_DIR = Path(django_settings.BASE_DIR)
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "x7-Jq2vLk9mZ0pR4tW8yB3nC6fH1sD5gA0eK2uN7oP4iM9lQ3rT6wX8zV1bY5cU",
    "DJANGO_ALLOWED_HOSTS": "kb.example.org",
    "DJANGO_SETTINGS_MODULE": "iomkb.settings",
}


def test_deploy_check_is_clean_with_production_environment():
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "DATABASE_URL"
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=BASE_DIR,
        env={**env, **PRODUCTION_ENV},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_every_page_carries_the_security_headers(client):
    make_section(title="Headers")
    for url in ("/", "/sections/headers/", "/does-not-exist/", "/admin/login/"):
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "frame-ancestors 'none'" in csp
        assert "camera=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"


def test_static_files_carry_the_security_headers(client):
    response = client.get("/static/iomkb/site.css")
    assert response.status_code == 200
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_hashed_static_files_are_cached_for_a_year_and_immutable():
    headers = {"Cache-Control": "max-age=315360000, public, immutable"}
    static_cache_headers(headers, "site.0123456789ab.css", "/static/site.0123456789ab.css")
    assert headers["Cache-Control"] == "max-age=31536000, public, immutable"
    unhashed = {"Cache-Control": "max-age=60, public"}
    static_cache_headers(unhashed, "site.css", "/static/site.css")
    assert unhashed["Cache-Control"] == "max-age=60, public"


@pytest.mark.django_db
def test_ssl_redirect_and_hsts_when_switched_on(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    client = Client()
    redirect = client.get("/healthz")
    assert redirect.status_code == 301
    assert redirect["Location"] == "https://testserver/healthz"
    secure = client.get("/healthz", secure=True)
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_production_defaults_switch_on_ssl_redirect_hsts_and_secure_cookies():
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_HTTPONLY)"
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=BASE_DIR,
        env={**env, **PRODUCTION_ENV},
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == ["True", "31536000", "True", "True", "True", "True"]


@pytest.mark.django_db
def test_session_cookie_is_httponly(client, django_user_model):
    django_user_model.objects.create_superuser("boss", "boss@example.org", "right-password")
    response = client.post("/admin/login/", {"username": "boss", "password": "right-password"})
    assert response.status_code == 302
    assert response.cookies[django_settings.SESSION_COOKIE_NAME]["httponly"]


@pytest.fixture
def fresh_login_limit():
    cache.delete("admin-login-failures:127.0.0.1")
    yield
    cache.delete("admin-login-failures:127.0.0.1")


@pytest.mark.django_db
def test_admin_login_is_blocked_after_five_failures(client, django_user_model, fresh_login_limit):
    django_user_model.objects.create_superuser("boss", "boss@example.org", "right-password")
    for _ in range(5):
        response = client.post("/admin/login/", {"username": "boss", "password": "wrong"})
        assert response.status_code == 200
    blocked = client.post("/admin/login/", {"username": "boss", "password": "right-password"})
    assert blocked.status_code == 429
    assert blocked["Retry-After"] == "900"
    assert b"Too many failed log-in attempts" in blocked.content


@pytest.mark.django_db
def test_a_successful_login_resets_the_failure_count(client, django_user_model, fresh_login_limit):
    django_user_model.objects.create_superuser("boss", "boss@example.org", "right-password")
    for _ in range(4):
        client.post("/admin/login/", {"username": "boss", "password": "wrong"})
    ok = client.post("/admin/login/", {"username": "boss", "password": "right-password"})
    assert ok.status_code == 302
    client.logout()
    for _ in range(4):
        response = client.post("/admin/login/", {"username": "boss", "password": "x"})
        assert response.status_code == 200


INLINE_PATTERNS = {
    "inline <script>": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "<style> block": re.compile(r"<style\b", re.IGNORECASE),
    'style="" attribute': re.compile(r"\sstyle\s*=", re.IGNORECASE),
    'on*="" handler': re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
}


def test_templates_need_no_unsafe_inline():
    offenders = []
    for path in sorted(BASE_DIR.glob("**/templates/**/*.html")):
        if ".venv" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for what, pattern in INLINE_PATTERNS.items():
            if pattern.search(text):
                offenders.append(f"{path.relative_to(BASE_DIR)}: {what}")
    assert offenders == []


def test_whitenoise_serves_collected_hashed_files_for_a_year_immutable(settings, tmp_path):
    from django.core.management import call_command
    from django.templatetags.static import static

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    call_command("collectstatic", "--no-input", verbosity=0)
    url = static("iomkb/site.css")
    assert url != "/static/iomkb/site.css"  # hashed name
    response = Client().get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=31536000, public, immutable"
