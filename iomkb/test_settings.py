"""Test overrides: fast password hashing and plain static storage."""

import os

os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "0")

from iomkb.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}  # noqa: F405
WHITENOISE_USE_FINDERS = True
# Off, so no test sees another test's pages; tests/test_cache.py turns it on.
PAGE_CACHE_SECONDS = 0
WHITENOISE_AUTOREFRESH = True
# Under pytest-xdist (`make test` runs two workers) each worker has its own test database but
# could share a Redis: give each its own key prefix, so neither sees the other's page-cache
# version or login counts.
if CACHES["default"].get("KEY_PREFIX") and os.environ.get("PYTEST_XDIST_WORKER"):  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] += "-" + os.environ["PYTEST_XDIST_WORKER"]  # noqa: F405
