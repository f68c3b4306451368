"""Settings for iomkb, driven by environment variables (see README, "Configuration")."""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from iomkb.dboptions import database_options

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name, "").strip().lower()
    return value in {"1", "true", "yes", "on"} if value else default


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
# The local demo (`make demo`) runs as production does, DEBUG off, so a visitor meets the real
# 400/404/500 pages; it differs only in serving plain HTTP on this machine with a key of its own.
DEMO = env_bool("DJANGO_DEMO", False)
LOCAL_HTTP = DEBUG or DEMO

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY and DEMO:
    # Kept in a git-ignored file, so sessions survive the development server's reloads.
    key_file = BASE_DIR / ".demo-secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
    SECRET_KEY = key_file.read_text().strip()
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string, "
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-key-only-used-when-DJANGO_DEBUG-is-on"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if LOCAL_HTTP else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "reversion",
    "iomkb",
    "sections",
    "casestudies",
    # After the content apps: the editorial groups are made once their permissions exist.
    "iomkb.editorial",
    "iomkb.search",
    "iomkb.site",
    "iomkb.api",
]

# Order matters: the request log and security headers wrap everything (cached pages too);
# the page cache sits outside sessions, CSRF and auth so it can see every cookie they set.
MIDDLEWARE = [
    # Static files first, with the security headers below added, and nothing else in the way.
    "iomkb.site.staticfiles.StaticFilesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # X-Frame-Options (from X_FRAME_OPTIONS) on every response, static files and cached pages too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "iomkb.site.middleware.RequestLogMiddleware",
    "iomkb.site.middleware.SecurityHeadersMiddleware",
    # Access-Control-Allow-Origin: * on /api/ and /data/ responses, errors and 429s too.
    "iomkb.api.http.CorsMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "iomkb.site.middleware.PageCacheMiddleware",
    "iomkb.site.middleware.DatabaseUnavailableMiddleware",
    "iomkb.editorial.guards.AdminNulQueryMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "iomkb.site.loginlimit.AdminLoginRateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After auth: the audit log names the request's user.
    "iomkb.editorial.audit.ActorMiddleware",
]

ROOT_URLCONF = "iomkb.urls"
WSGI_APPLICATION = "iomkb.wsgi.application"

TEMPLATES = [
    {
        # Public pages: Jinja2 (iomkb/jinja2.py), much faster; the admin keeps Django's below.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "OPTIONS": {"environment": "iomkb.jinja2.environment"},
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DATABASES["default"].setdefault("OPTIONS", {}).update(
    database_options(DATABASES["default"]["ENGINE"], os.environ)
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Local memory unless REDIS_URL is set. Local memory is per process: with several workers or
# servers, set REDIS_URL so that every process sees the same content version (docs/DEPLOY.md).
REDIS_URL = os.environ.get("REDIS_URL", "")
# A Redis that is down or hung costs a request at most this per cache call (connect, and each
# read or write), never a 500: the page cache, login limit and version bumps go on without it.
REDIS_SOCKET_TIMEOUT = float(os.environ.get("DJANGO_REDIS_SOCKET_TIMEOUT", "0.25"))


def redis_cache(url, key_prefix="iomkb", timeout=REDIS_SOCKET_TIMEOUT):
    """A CACHES entry for Redis at `url`. redis-py's pool reconnects on its own after an
    outage, and with no `retry` given it does not retry a failed call."""
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": key_prefix,
        "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
    }


if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL, os.environ.get("DJANGO_CACHE_KEY_PREFIX", "iomkb"))}
else:
    local_memory = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "iomkb"}
    CACHES = {"default": {**local_memory, "OPTIONS": {"MAX_ENTRIES": 5000}}}
# Seconds a public page stays in the page cache; 0 turns the page cache off. Content changes
# invalidate it immediately whatever this is (iomkb/cache.py).
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "600"))
# The API and downloads have their own conditional GET, cache and rate limit (iomkb/api/http.py).
PAGE_CACHE_EXCLUDED_PREFIXES = ("/admin/", "/healthz", "/api/", "/data/")
# Paths whose errors are JSON, as the API's own are: the 503 while the database is down too.
JSON_ERROR_PREFIXES = ("/api/",)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"


def static_cache_headers(headers, path, url):
    """whitenoise hook: hashed (immutable) files are cached for one year, not its ten."""
    if "immutable" in headers.get("Cache-Control", ""):
        headers["Cache-Control"] = "max-age=31536000, public, immutable"


WHITENOISE_ADD_HEADERS_FUNCTION = static_cache_headers
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]
SOURCE_DIR = BASE_DIR / "fixtures" / "source"

# Security: safe defaults in production, relaxed only for plain HTTP on this machine.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not LOCAL_HTTP)
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0" if LOCAL_HTTP else "31536000")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", not LOCAL_HTTP)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", not LOCAL_HTTP)
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not LOCAL_HTTP)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Named SITE_*: django-csp and Django 6 read CONTENT_SECURITY_POLICY / SECURE_CSP_* themselves.
# Everything comes from this origin; no inline script or style anywhere (templates follow this).
SITE_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# Features the site never uses, all denied (only names browsers recognise, so no console noise).
SITE_PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)
# Failed logins allowed per client address and per username in the window, then HTTP 429 on
# the admin login until it ends (iomkb/loginlimit.py).
# Review emails (iomkb/editorial/notify.py): printed to the console in debug and the demo,
# sent over SMTP otherwise.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if LOCAL_HTTP
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "webmaster@localhost")
# Where the site is served, for links in emails (no request to take it from).
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://127.0.0.1:8000" if LOCAL_HTTP else "")

ADMIN_LOGIN_MAX_FAILURES = int(os.environ.get("DJANGO_ADMIN_LOGIN_MAX_FAILURES", "5"))
ADMIN_LOGIN_WINDOW_SECONDS = int(os.environ.get("DJANGO_ADMIN_LOGIN_WINDOW_SECONDS", "900"))

# The open-data API (iomkb/api/): read-only, anonymous, JSON only.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    # No sessions or logins: everyone reads the same public data, and no cookie is ever read.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_THROTTLE_CLASSES": ["iomkb.api.throttling.AnonymousRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "iomkb.api.http.exception_handler",
    "URL_FORMAT_OVERRIDE": None,  # `?format=` is just an unknown parameter (a 400)
}
SPECTACULAR_SETTINGS = {
    "TITLE": "IOM Knowledge Base open data API",
    "DESCRIPTION": "Published sections, case studies and legal frameworks, with their "
    "verification and provenance. Read-only; no key needed.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # 3.1: its schemas are plain JSON Schema, so a nullable link is exactly "that or null".
    "OAS_VERSION": "3.1.0",
}
# Requests per client address per window before the API answers 429; 0 turns the limit off.
API_RATE_LIMIT = int(os.environ.get("DJANGO_API_RATE_LIMIT", "300"))
API_RATE_WINDOW_SECONDS = int(os.environ.get("DJANGO_API_RATE_WINDOW_SECONDS", "60"))

# One JSON object per line on stdout: one per request (iomkb.request) and one per error.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "iomkb.logging.JSONFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # 4xx are already in the request line; keep django.request for 5xx with tracebacks.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
    },
}

SITE_NAME = "IOM Knowledge Base"
