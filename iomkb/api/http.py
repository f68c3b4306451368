"""HTTP behaviour of the API and the downloads: conditional GET tied to the content version,
CORS for anonymous reads, the rate limit for anonymous clients, and JSON errors.

Conditional GET: the ETag is a hash of the content version (iomkb/site/cache.py, replaced on
every content change and when a scheduled item goes live or expires) and the request's URL, so
it is known before any query runs: a matching If-None-Match gets a 304 without touching the
database, and the first request after an edit gets the new body. Last-Modified is when this
cache first saw the current version. Responses say `Cache-Control: public, no-cache`: clients
and proxies may keep them but revalidate each time.
"""

import hashlib
import logging
import time

from django.core.cache import cache
from django.db import DatabaseError
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from ..site.cache import CacheUnavailable, call_cache, current_content_version

error_log = logging.getLogger("iomkb.error")

CORS_PREFIXES = ("/api/", "/data/")
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, If-None-Match, If-Modified-Since",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Retry-After, Link",
    "Access-Control-Max-Age": "86400",
}


class CorsMiddleware:
    """Anyone may read the open data from a page on any origin: `*`, without credentials
    (the API reads no cookies), for every response under /api/ and /data/, errors included.
    Seven lines of our own rather than a dependency: there is one policy and no allow-list."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(CORS_PREFIXES):
            for name, value in CORS_HEADERS.items():
                response.headers.setdefault(name, value)
        return response


def content_version():
    """The current content version, or None if the cache or database can't tell."""
    try:
        return current_content_version()
    except DatabaseError:
        return None
    except Exception as error:  # the cache server is down: no validators, serve in full
        error_log.warning("api: content version unavailable: %s", error.__class__.__name__)
        return None


def validators(request, version):
    """(etag, last_modified timestamp) for this URL under `version`."""
    address = f"{version}|{request.build_absolute_uri()}"
    etag = quote_etag(hashlib.sha256(address.encode()).hexdigest()[:32])
    key = f"api-version-seen:{version}"
    try:
        call_cache(cache.add, key, http_date(), None)
        seen = call_cache(cache.get, key)
    except CacheUnavailable:
        seen = None
    return etag, parse_http_date_safe(seen) if seen else int(time.time())


class ConditionalGet:
    """Computes the validators once per request; answers 304 when the client's copy is current."""

    def __init__(self, request):
        self.version = content_version()
        self.etag, self.last_modified = (
            validators(request, self.version) if self.version else (None, None)
        )

    def not_modified(self, request):
        if self.etag is None or request.method not in ("GET", "HEAD"):
            return None
        response = get_conditional_response(
            request, etag=self.etag, last_modified=self.last_modified
        )
        if response is not None:
            self.stamp(response)
        return response

    def stamp(self, response):
        response.headers["Cache-Control"] = "public, no-cache"
        if self.etag and response.status_code in (200, 304):
            response.headers["ETag"] = self.etag
            response.headers["Last-Modified"] = http_date(self.last_modified)


def exception_handler(exc, context):
    """Every API error as {"status", "detail", "errors"?}: a message a person can act on."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        errors = data if isinstance(data, dict) else {"non_field_errors": data}
        names = ", ".join(sorted(errors))
        response.data = {
            "status": status.HTTP_400_BAD_REQUEST,
            "detail": f"Bad query parameters: {names}.",
            "errors": errors,
        }
    else:
        detail = data.get("detail", "") if isinstance(data, dict) else str(data)
        response.data = {"status": response.status_code, "detail": str(detail)}
    return response
