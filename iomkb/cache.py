"""The public page cache's content version: any content change makes every cached page obsolete.

Every cached page is stored with the content version it was rendered under, and served only
while that is still the current version (PageCacheMiddleware). Saving, deleting or re-linking
any model of the content apps replaces the version, so the next request renders afresh;
nothing has to know which pages an item appears on. The version is replaced both at once and
again when the transaction commits, so a reader who rendered between the save and the commit
cannot leave a stale page under the new version.

Scheduled items: next to the version we keep the time the next scheduled item goes public.
Once that time has passed, the first request replaces the version. So a scheduled item shows
up on the first request after its time, with no cache TTL to wait for.
"""

import uuid
from datetime import datetime

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

CONTENT_APPS = {"iomkb", "sections", "casestudies"}
VERSION_KEY = "content-version"
NEXT_SCHEDULED_KEY = "content-next-scheduled"
NOTHING_SCHEDULED = "none"
VERSION_KEYS = [VERSION_KEY, NEXT_SCHEDULED_KEY]


def bump_content_version():
    """Make every cached public page obsolete."""
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, None)
    cache.delete(NEXT_SCHEDULED_KEY)
    return version


def next_scheduled_publication():
    """The earliest future `published_at` of a published item, or None."""
    now = timezone.now()
    times = []
    for model in content_models():
        first = (
            model.objects.filter(status="published", published_at__gt=now)
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )
        if first is not None:
            times.append(first)
    return min(times, default=None)


def content_models():
    from casestudies.models import CaseStudy
    from sections.models import LegalFramework, Section

    return (Section, CaseStudy, LegalFramework)


def reads_query_parameters(*names):
    """Declare the query parameters a function view reads (class-based views set a
    `query_parameters` attribute): the page cache keys its pages on those alone."""

    def declare(view):
        view.query_parameters = frozenset(names)
        return view

    return declare


def query_parameters(view):
    """The query parameters a resolved view reads; none unless it declares them."""
    return frozenset(getattr(getattr(view, "view_class", view), "query_parameters", ()))


def current_content_version(values=None):
    """The current version, after retiring it if a scheduled item has gone live.

    `values` may hold what `cache.get_many(VERSION_KEYS + ...)` already fetched.
    """
    if values is None:
        values = cache.get_many(VERSION_KEYS)
    version = values.get(VERSION_KEY) or bump_content_version()
    # Stored with the version it was computed under: a reader that looked at the database
    # just before a concurrent save committed cannot pass its answer on to later versions.
    computed_for, _, next_at = (values.get(NEXT_SCHEDULED_KEY) or "").partition("|")
    if computed_for != version:
        found = next_scheduled_publication()
        next_at = found.isoformat() if found else NOTHING_SCHEDULED
        cache.set(NEXT_SCHEDULED_KEY, f"{version}|{next_at}", None)
    if next_at != NOTHING_SCHEDULED and datetime.fromisoformat(next_at) <= timezone.now():
        version = bump_content_version()
    return version


def _content_changed(sender, action="post_", **kwargs):
    # m2m_changed `sender` is the through model, which lives in the same app.
    if sender._meta.app_label in CONTENT_APPS and action.startswith("post_"):
        bump_content_version()
        transaction.on_commit(bump_content_version, robust=True)


# Connected at import; iomkb/apps.py imports this module.
post_save.connect(_content_changed, dispatch_uid="iomkb-page-cache-save")
post_delete.connect(_content_changed, dispatch_uid="iomkb-page-cache-delete")
m2m_changed.connect(_content_changed, dispatch_uid="iomkb-page-cache-m2m")
