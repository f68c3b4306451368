"""Admin login limit: after ADMIN_LOGIN_MAX_FAILURES failed logins within
ADMIN_LOGIN_WINDOW_SECONDS, from one client address or for one username, further admin
login attempts from that address or for that username get HTTP 429 until the window ends.

Failures are counted through Django's `user_login_failed` signal, so whatever reports a
failed `authenticate()` with a request is counted, not only the admin form. Counters live in
the cache (shared by every app server with REDIS_URL) and change only by atomic add/incr.

Each POST to the admin login first reserves one attempt on both counters, then checks them:
so however many attempts arrive at once, at most the limit get as far as the password check.
A failure keeps its reservation; any other outcome gives it back. A successful login clears
that username's counter but never the address's: one account's success must not buy more
guesses at another.

Cache down or hung: the limit fails open (logged), since every login still needs the
password and failing closed would lock every editor out for the length of the outage.
"""

import hashlib
import logging
import unicodedata

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.http import HttpResponse
from django.template import loader
from django.urls import reverse

from .cache import CacheUnavailable, call_cache
from .middleware import client_address

error_log = logging.getLogger("iomkb.error")


class AdminLoginRateLimitMiddleware:
    """Reserves, checks and settles each POST to the admin login (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "POST" or request.path != reverse("admin:login"):
            return self.get_response(request)
        keys = failure_keys(client_address(request), request.POST.get("username", ""))
        try:
            counts = [reserve(key) for key in keys]
        except CacheUnavailable:
            request.login_limit = "unavailable"
            error_log.warning("admin login limit not enforced: cache unavailable")
            return self.get_response(request)
        request.login_limit = "reserved"
        try:
            if max(counts) > settings.ADMIN_LOGIN_MAX_FAILURES:
                error_log.warning("admin login blocked for %s", client_address(request))
                return too_many_attempts()
            return self.get_response(request)
        finally:
            settle(request, keys)


def failure_keys(address, username):
    """The counters an attempt from `address` for `username` counts against."""
    keys = [f"login-failures:address:{address}"]
    name = unicodedata.normalize("NFKC", username or "").strip().casefold()
    if name:
        keys.append(f"login-failures:username:{hashlib.sha256(name.encode()).hexdigest()}")
    return keys


def reserve(key):
    """Add one to the counter atomically, starting its window if it is new; the new count."""
    window = settings.ADMIN_LOGIN_WINDOW_SECONDS
    call_cache(cache.add, key, 0, window)
    try:
        return call_cache(cache.incr, key)
    except ValueError:  # expired between add and incr
        call_cache(cache.add, key, 1, window)
        return 1


def settle(request, keys):
    """Keep the reservation as a failure, give it back, or on success clear the username's."""
    outcome = getattr(request, "login_limit", None)
    if outcome == "failed":
        return
    address_key, *username_keys = keys
    try:
        call_cache(release, address_key)
        for key in username_keys:
            if outcome == "succeeded":
                call_cache(cache.delete, key)
            else:
                call_cache(release, key)
    except CacheUnavailable:
        pass  # logged; the reservation expires with its window


def release(key):
    try:
        cache.decr(key)
    except ValueError:  # the window ended meanwhile
        pass


def too_many_attempts():
    response = HttpResponse(
        loader.render_to_string("429.html"), status=429, content_type="text/html"
    )
    response.headers["Retry-After"] = str(settings.ADMIN_LOGIN_WINDOW_SECONDS)
    return response


def count_failure(sender, credentials, request=None, **kwargs):
    """user_login_failed receiver. Without a request there is no client to count against."""
    if request is None:
        return
    outcome = getattr(request, "login_limit", None)
    if outcome == "reserved":
        request.login_limit = "failed"
        return
    if outcome is not None:  # the cache is down, or this request already counted
        return
    request.login_limit = "failed"
    username = credentials.get("username", "")
    try:
        for key in failure_keys(client_address(request), username):
            reserve(key)
    except CacheUnavailable:
        pass  # logged by call_cache; fail open


def note_success(sender, request=None, user=None, **kwargs):
    """user_logged_in receiver: tells the middleware that this attempt succeeded."""
    if getattr(request, "login_limit", None) == "reserved":
        request.login_limit = "succeeded"


def reset(address=None, username=None):
    """Lift a block by hand, e.g. `manage.py shell -c "from iomkb import loginlimit;
    loginlimit.reset(username='admin')"`."""
    keys = failure_keys(address or "", username or "")
    cache.delete_many(keys if address else keys[1:])


def connect_signals():
    user_login_failed.connect(count_failure, dispatch_uid="iomkb-login-limit-failed")
    user_logged_in.connect(note_success, dispatch_uid="iomkb-login-limit-succeeded")
