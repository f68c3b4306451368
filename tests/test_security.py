"""Hardened settings: clean deploy check, security headers, admin login limit."""

import os
import re
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from iomkb.editorial.roles import EDITORS
from iomkb.settings import static_cache_headers
from iomkb.site import loginlimit
from iomkb.site.loginlimit import AdminLoginRateLimitMiddleware
from tests.editorial_helpers import make_user
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
        [sys.executable, "-c", code],
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


ADDRESSES = ["127.0.0.1", *(f"10.0.0.{n}" for n in range(1, 10))]
USERNAMES = ["boss", "admin", "editor", "nobody", *(f"guess{n}" for n in range(10))]


@pytest.fixture
def fresh_login_limit():
    def clear():
        for address in ADDRESSES:
            loginlimit.reset(address=address)
        for username in USERNAMES:
            loginlimit.reset(username=username)

    clear()
    yield
    clear()


def log_in(client, username, password, address="127.0.0.1"):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


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
def test_another_accounts_success_between_guesses_does_not_lift_the_limit(
    client, django_user_model, fresh_login_limit
):
    django_user_model.objects.create_superuser("admin", "admin@example.org", "right-password")
    make_user("editor", EDITORS, password="editor-password")
    statuses = []
    for _ in range(4):
        for _ in range(4):
            statuses.append(log_in(client, "admin", "wrong").status_code)
        assert log_in(client, "editor", "editor-password").status_code in (302, 429)
        client.logout()
    assert statuses[:5] == [200] * 5
    assert statuses[5:] == [429] * (len(statuses) - 5)


@pytest.mark.django_db
def test_a_success_does_not_reset_the_address_count(client, fresh_login_limit):
    make_user("editor", EDITORS, password="editor-password")
    for n in range(4):
        assert log_in(client, f"guess{n}", "wrong").status_code == 200
    assert log_in(client, "editor", "editor-password").status_code == 302
    client.logout()
    assert log_in(client, "guess4", "wrong").status_code == 200
    assert log_in(client, "guess5", "wrong").status_code == 429


@pytest.mark.django_db
def test_failures_for_one_username_are_counted_across_addresses(
    client, django_user_model, fresh_login_limit
):
    django_user_model.objects.create_superuser("boss", "boss@example.org", "right-password")
    for n, spelling in enumerate(["boss", "Boss", " boss", "BOSS", "boss "], start=1):
        assert log_in(client, spelling, "wrong", address=f"10.0.0.{n}").status_code == 200
    blocked = log_in(client, "boss", "right-password", address="10.0.0.6")
    assert blocked.status_code == 429
    assert blocked["Retry-After"] == "900"
    assert log_in(client, "nobody", "wrong", address="10.0.0.7").status_code == 200


@pytest.mark.django_db
def test_a_success_resets_only_that_usernames_count(client, django_user_model, fresh_login_limit):
    django_user_model.objects.create_superuser("boss", "boss@example.org", "right-password")
    for n in range(1, 5):
        assert log_in(client, "boss", "wrong", address=f"10.0.0.{n}").status_code == 200
    assert log_in(client, "boss", "right-password", address="10.0.0.5").status_code == 302
    client.logout()
    for n in range(1, 5):  # the username starts again; each address has one failure
        assert log_in(client, "boss", "wrong", address=f"10.0.0.{n}").status_code == 200


@pytest.mark.django_db
def test_failures_reported_by_user_login_failed_anywhere_count(
    client, rf, django_user_model, fresh_login_limit
):
    django_user_model.objects.create_superuser("boss", "boss@example.org", "right-password")
    for _ in range(5):  # e.g. another login view, or an API's basic auth
        request = rf.post("/elsewhere/", REMOTE_ADDR="10.0.0.8")
        assert authenticate(request, username="boss", password="wrong") is None
    assert log_in(client, "boss", "right-password", address="10.0.0.9").status_code == 429


@pytest.mark.django_db
def test_a_form_error_without_a_failed_authentication_is_not_counted(
    client, django_user_model, fresh_login_limit
):
    django_user_model.objects.create_superuser("boss", "boss@example.org", "right-password")
    for _ in range(8):  # no password: the form never calls authenticate()
        assert log_in(client, "boss", "").status_code == 200
    assert log_in(client, "boss", "right-password").status_code == 302


@pytest.mark.django_db
@pytest.mark.urls("tests.moved_admin_urls")
def test_the_limit_follows_the_admin_wherever_it_is_mounted(
    client, django_user_model, fresh_login_limit
):
    django_user_model.objects.create_superuser("boss", "boss@example.org", "right-password")
    assert reverse("admin:login") == "/staff/login/"
    for _ in range(5):
        assert log_in(client, "boss", "wrong").status_code == 200
    assert log_in(client, "boss", "right-password").status_code == 429


def test_parallel_attempts_get_at_most_the_limit_checked(rf, settings, fresh_login_limit):
    """24 wrong logins at once: each must wait for the others before its password is
    checked, so a limit that counts only afterwards would let all of them through."""
    attempts = 24
    arrived = threading.Semaphore(0)
    everyone_in = threading.Event()
    checked = []

    def check_password(request):
        checked.append(request)
        arrived.release()
        everyone_in.wait(10)
        user_login_failed.send(__name__, credentials={"username": "admin"}, request=request)
        return HttpResponse(status=200)

    middleware = AdminLoginRateLimitMiddleware(check_password)

    def attempt():
        request = rf.post("/admin/login/", {"username": "admin", "password": "wrong"})
        response = middleware(request)
        if response.status_code == 429:
            arrived.release()
        return response.status_code

    with ThreadPoolExecutor(attempts) as pool:
        futures = [pool.submit(attempt) for _ in range(attempts)]
        for _ in range(attempts):
            assert arrived.acquire(timeout=10)
        everyone_in.set()
        statuses = sorted(future.result() for future in futures)
    limit = settings.ADMIN_LOGIN_MAX_FAILURES
    # Two counters (address, username) incremented in interleaved order may turn away an
    # attempt that one of them alone would have let through: fewer, never more.
    assert 1 <= len(checked) <= limit
    assert statuses.count(429) == attempts - len(checked)
    # The turned-away attempts gave their places back: exactly the rest of `limit` remain.
    for n in range(limit - len(checked)):
        middleware(rf.post("/admin/login/", {"username": f"guess{n}"}))
    assert len(checked) == limit
    assert middleware(rf.post("/admin/login/", {"username": "guess9"})).status_code == 429


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
