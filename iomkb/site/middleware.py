"""Production middleware: request log, security headers, page cache, 503 page.

The admin login limit is in iomkb/loginlimit.py."""

import hashlib
import logging
import sqlite3
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.http.request import split_domain_port
from django.template import loader
from django.urls import Resolver404, resolve
from django.utils.cache import set_response_etag
from django.utils.http import urlencode

from ..views import query_parameters
from .cache import (
    VERSION_KEYS,
    content_version_scope,
    current_content_version,
    note_cache_failure,
)

request_log = logging.getLogger("iomkb.request")
error_log = logging.getLogger("iomkb.error")

COOKIES_THAT_VARY_PAGES = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "messages")


class RequestLogMiddleware:
    """One log line per request: method, path, status, duration, bytes, page cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        request_log.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "bytes": len(response.content) if not response.streaming else None,
                "cache": getattr(request, "page_cache", None),
                "remote_addr": client_address(request),
            },
        )
        return response


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response, static files too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault(
            "Content-Security-Policy", settings.SITE_CONTENT_SECURITY_POLICY
        )
        response.headers.setdefault("Permissions-Policy", settings.SITE_PERMISSIONS_POLICY)
        return response


class PageCacheMiddleware:
    """Caches anonymous GETs of public pages, each stored with the content version it was
    rendered under and served only while that version is current (iomkb/cache.py).

    Bypassed for the admin and health check, for requests carrying a session, CSRF or messages
    cookie, and never stores a response that sets a cookie, varies on it for a signed-in user,
    or says it is private. Browsers get `Cache-Control: no-cache` with an ETag: they revalidate
    every time and get a 304 while the page is unchanged.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The answers a page keeps per content version read the version once (memo.py).
        with content_version_scope() as scope:
            return self.serve(request, scope)

    def serve(self, request, scope):
        key = self.cache_key(request)
        if key is None:
            return self.get_response(request)
        try:
            # One round trip: the version, the next scheduled time and the page itself.
            values = cache.get_many([*VERSION_KEYS, key])
            version = current_content_version(values)
            scope["version"] = version
        except DatabaseError:
            return self.get_response(request)  # can't tell if a scheduled item is due: render
        except Exception as error:  # the cache server is down: serve uncached, don't fail
            note_cache_failure(error)
            return self.get_response(request)
        entry = values.get(key)
        if entry is not None and entry[0] == version:
            request.page_cache = "hit"
            _, status, headers, content = entry
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response.headers[name] = value
            return response
        request.page_cache = "miss"
        response = self.get_response(request)
        if self.can_store(request, response):
            response.headers["Cache-Control"] = "no-cache"
            set_response_etag(response)
            entry = (version, response.status_code, list(response.items()), response.content)
            try:
                cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            except Exception as error:
                error_log.warning("page cache unavailable: %s", error.__class__.__name__)
        return response

    def cache_key(self, request):
        """The page's key, or None when this request must not use the cache.

        Anyone can invent query strings and Host headers, so only what changes the page goes
        into the key: the query parameters the view declares it reads (iomkb/cache.py
        `query_parameters`), sorted, last value of each, empty ones dropped. A request with any
        other parameter, or a host spelled other than as ALLOWED_HOSTS names it, is rendered
        uncached rather than given an entry of its own.
        """
        if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
            return None
        if request.path.startswith(settings.PAGE_CACHE_EXCLUDED_PREFIXES):
            return None
        if any(name in request.COOKIES for name in COOKIES_THAT_VARY_PAGES):
            return None
        host = self.canonical_host(request)
        if host is None:
            return None
        try:
            understood = query_parameters(
                resolve(request.path_info, getattr(request, "urlconf", None)).func
            )
        except Resolver404:
            return None
        if not understood.issuperset(request.GET):
            return None
        query = urlencode(
            sorted((name, request.GET[name]) for name in request.GET if request.GET[name])
        )
        address = f"{request.method}:{request.scheme}://{host}{request.path}?{query}"
        return f"page:{hashlib.sha256(address.encode()).hexdigest()}"

    def canonical_host(self, request):
        """The host when it is written exactly as an ALLOWED_HOSTS entry (lowercase, no
        trailing dot, no port but the server's own), else None. Validation alone admits every
        letter case and port, and a wildcard entry admits any name."""
        host = request.get_host()
        domain, port = split_domain_port(host)
        if domain not in {entry.lower() for entry in settings.ALLOWED_HOSTS}:
            return None
        if host != domain and host != f"{domain}:{request.get_port()}":
            return None
        return host

    def can_store(self, request, response):
        user = getattr(request, "user", None)
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not (user is not None and user.is_authenticated)
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
        )


class DatabaseUnavailableMiddleware:
    """While the database is down, readers get a friendly, DB-free 503 page instead of a 500;
    programs reading the API (settings.JSON_ERROR_PREFIXES) get the API's JSON error instead.

    Only errors that mean the server cannot be reached or cannot take work now count; any
    other database error is a bug, so it stays a 500 with its traceback in the log.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not means_database_unavailable(exception):
            return None
        error_log.warning(
            "database unavailable: %s: %s", exception.__class__.__name__, str(exception)[:300]
        )
        if request.path.startswith(settings.JSON_ERROR_PREFIXES):
            detail = "The database is unavailable just now. Try again in a moment."
            response = JsonResponse({"status": 503, "detail": detail}, status=503)
        else:
            response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response.headers["Retry-After"] = "30"
        response.headers["Cache-Control"] = "no-store"
        return response


# PostgreSQL SQLSTATEs of a server that is gone or refuses work for now: class 08 (connection
# exception), admin/crash shutdown, cannot connect now, too many connections.
SERVER_GONE_SQLSTATES = ("08", "57P01", "57P02", "57P03", "53300")
# SQLite primary result codes of a database that is busy or cannot be read or written.
SQLITE_UNAVAILABLE = {
    sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_FULL, sqlite3.SQLITE_READONLY,
}  # fmt: skip


def means_database_unavailable(exception):
    """True for a lost or refused connection; False for errors in what was asked (integrity,
    bad data, bad SQL, a cancelled statement), which are bugs to fix, not outages."""
    if isinstance(exception, InterfaceError):
        return True
    if not isinstance(exception, OperationalError):
        return False
    driver_error = exception.__cause__
    sqlite_code = getattr(driver_error, "sqlite_errorcode", None)
    if sqlite_code is not None:
        return sqlite_code & 0xFF in SQLITE_UNAVAILABLE
    sqlstate = getattr(driver_error, "sqlstate", None)
    # No SQLSTATE: the client failed to reach the server (refused, timed out, closed).
    return sqlstate is None or sqlstate.startswith(SERVER_GONE_SQLSTATES)


def client_address(request):
    """The client's address; behind a trusted proxy, the last hop it added."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")
