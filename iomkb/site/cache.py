"""The public page cache's content version: any content change makes every cached page obsolete.

Every cached page is stored with the content version it was rendered under, and served only
while that is still the current version (PageCacheMiddleware). Saving, deleting or re-linking
any model of the content apps replaces the version, so the next request renders afresh;
nothing has to know which pages an item appears on. The version is replaced both at once and
again when the transaction commits, so a reader who rendered between the save and the commit
cannot leave a stale page under the new version.

Scheduled items: next to the version we keep the next time the public content changes by
itself: the earliest of the next scheduled publication and the next expiry. Once that time
has passed, the first request replaces the version. So a scheduled item shows up, and an
expired one is gone, on the first request after its time, with no cache TTL to wait for.

Cache server down or hung: a save still succeeds; the version can't be replaced then, so this
process remembers that pages in the cache may be stale and replaces the version on its first
successful cache read (current_content_version). Every process that saw the cache fail does
the same, since any of them may have missed a change. After a failure, writes through
call_cache are not tried again for RETRY_AFTER_FAILURE_SECONDS, so a save that sends many
signals waits for one socket timeout, not one per signal.
"""

import logging
import threading
import time
import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from redis.exceptions import RedisError

from ..content import content_models, public_models

VERSION_KEY = "content-version"
NEXT_SCHEDULED_KEY = "content-next-scheduled"
NOTHING_SCHEDULED = "none"
VERSION_KEYS = [VERSION_KEY, NEXT_SCHEDULED_KEY]
# What a cache server that is down, hung or refusing raises (OSError covers socket errors).
CACHE_ERRORS = (RedisError, OSError)
RETRY_AFTER_FAILURE_SECONDS = 1.0

error_log = logging.getLogger("iomkb.error")


class CacheUnavailable(Exception):
    """A cache call failed, or was skipped because one failed a moment ago."""


class _CacheHealth:
    """Process-local memory of cache failures (see the module docstring)."""

    def __init__(self):
        self.retry_at = 0.0
        self.versions_suspect = threading.Event()

    def failed(self, error):
        self.retry_at = time.monotonic() + RETRY_AFTER_FAILURE_SECONDS
        self.versions_suspect.set()
        error_log.warning("cache unavailable: %s", error.__class__.__name__)

    def forget(self):
        self.retry_at = 0.0
        self.versions_suspect.clear()


health = _CacheHealth()


def note_cache_failure(error):
    """Log a failed cache call and remember that cached pages may have gone stale."""
    health.failed(error)


def call_cache(method, *args, **kwargs):
    """`method(*args, **kwargs)`, raising CacheUnavailable instead of a cache server error."""
    if time.monotonic() < health.retry_at:
        raise CacheUnavailable("skipped after a recent failure")
    try:
        return method(*args, **kwargs)
    except CACHE_ERRORS as error:
        note_cache_failure(error)
        raise CacheUnavailable(error.__class__.__name__) from error


# The version a request has read, so that its later reads cost nothing (request_content_version).
_request_scope = ContextVar("content_version_scope", default=None)


@contextmanager
def content_version_scope():
    """Within it, the content version is read from the cache once (PageCacheMiddleware opens
    one per request); a change made within it is seen at once."""
    token = _request_scope.set({})
    try:
        yield _request_scope.get()
    finally:
        _request_scope.reset(token)


def request_content_version():
    """current_content_version(), read once per request (content_version_scope); raises
    CacheUnavailable if the cache server is down."""
    scope = _request_scope.get()
    if scope is not None and "version" in scope:
        return scope["version"]
    version = current_content_version(call_cache(cache.get_many, VERSION_KEYS))
    if scope is not None:
        scope["version"] = version
    return version


def forget_request_version():
    """This request changed the content: its next read takes the new version."""
    scope = _request_scope.get()
    if scope is not None:
        scope.pop("version", None)


def replace_content_version():
    """Store a new version; raises the cache server's error if it can't."""
    # Cleared first: a failure from here on, in this or another thread, sets it again.
    health.versions_suspect.clear()
    forget_request_version()
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, None)
    cache.delete(NEXT_SCHEDULED_KEY)
    return version


def bump_content_version():
    """Make every cached public page obsolete. Never fails a save: if the cache is down,
    the version is replaced on this process's first cache read once it is back."""
    forget_request_version()  # even if the cache is skipped after a failure just now
    try:
        return call_cache(replace_content_version)
    except CacheUnavailable:
        health.versions_suspect.set()
        return None


def _earliest_future(model, field, now):
    return (
        model.objects.filter(status="published", **{f"{field}__gt": now})
        .order_by(field)
        .values_list(field, flat=True)
        .first()
    )


def next_scheduled_change():
    """The earliest future `published_at` or `expires_at` of a published item, or None: the
    next time the public content changes without anyone saving anything."""
    now = timezone.now()
    times = [
        found
        for model in content_models()
        for field in ("published_at", "expires_at")
        if (found := _earliest_future(model, field, now)) is not None
    ]
    return min(times, default=None)


def current_content_version(values=None):
    """The current version, after retiring it if a scheduled item has gone live or an item
    has expired.

    `values` may hold what `cache.get_many(VERSION_KEYS + ...)` already fetched.
    """
    if values is None:
        values = cache.get_many(VERSION_KEYS)
    version = values.get(VERSION_KEY)
    if version is None or health.versions_suspect.is_set():
        version = replace_content_version()
    # Stored with the version it was computed under: a reader that looked at the database
    # just before a concurrent save committed cannot pass its answer on to later versions.
    computed_for, _, next_at = (values.get(NEXT_SCHEDULED_KEY) or "").partition("|")
    if computed_for != version:
        found = next_scheduled_change()
        next_at = found.isoformat() if found else NOTHING_SCHEDULED
        cache.set(NEXT_SCHEDULED_KEY, f"{version}|{next_at}", None)
    if next_at != NOTHING_SCHEDULED and datetime.fromisoformat(next_at) <= timezone.now():
        version = replace_content_version()
    return version


def _content_changed(sender, action="post_", **kwargs):
    if action.startswith("post_"):
        bump_content_version()
        transaction.on_commit(bump_content_version, robust=True)


def connect_signals():
    """Replace the version whenever a model that readers see changes (content types, what
    they link to, their link tables), and for nothing else: not the search index, revisions
    or users. Called from the site app's ready()."""
    from ..signals import content_bulk_created

    content_bulk_created.connect(_content_changed, dispatch_uid="page-cache-bulk")
    for model in public_models():
        uid = f"page-cache-{model._meta.label}"
        post_save.connect(_content_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_content_changed, sender=model, dispatch_uid=f"{uid}-delete")
        m2m_changed.connect(_content_changed, sender=model, dispatch_uid=f"{uid}-m2m")
