"""The rate limit for anonymous API clients (all of them: the API has no logins)."""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import BaseThrottle

from ..site.cache import CacheUnavailable, call_cache
from ..site.middleware import client_address

error_log = logging.getLogger("iomkb.error")


class AnonymousRateThrottle(BaseThrottle):
    """At most API_RATE_LIMIT requests per client address per API_RATE_WINDOW_SECONDS (fixed
    windows, counted by atomic add/incr in the shared cache), then 429 with Retry-After until
    the window ends. Cache down: not enforced (logged), like the admin login limit: refusing
    every reader because the cache is down would be worse than a burst getting through."""

    def allow_request(self, request, view):
        limit, window = settings.API_RATE_LIMIT, settings.API_RATE_WINDOW_SECONDS
        if limit <= 0:
            return True
        now = time.time()
        start = int(now // window) * window
        self.retry_after = max(1, int(start + window - now + 0.999))
        key = f"api-rate:{client_address(request)}:{start}"
        try:
            call_cache(cache.add, key, 0, window + 1)
            try:
                count = call_cache(cache.incr, key)
            except ValueError:  # expired between add and incr
                return True
        except CacheUnavailable:
            error_log.warning("api rate limit not enforced: cache unavailable")
            return True
        return count <= limit

    def wait(self):
        return self.retry_after
