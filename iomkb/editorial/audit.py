"""The audit log: every editorial transition of an item, recorded where it happens.

Publishing, scheduling, unpublishing, verification and deletion are read off the saves
themselves (pre_save / post_save / post_delete receivers on the content types), so every path
records them alike: the change form, bulk actions, the review workflow, `import_source` and any
future API. The review workflow (review.py), drafts (drafts.py) and the admin's revert and
recover record their own transitions with `record()`. Who acted comes from `acting(user)`, which
services set, else from the admin request (ActorMiddleware); an entry without a user is the
clock or an import. A scheduled publication reached and an expiry need no one to act:
`record_clock_events()` writes them, dated at their time, whenever the log is looked at.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from ..content import content_models
from ..models import Status
from .models import AuditEntry, ReviewRequest

Action = AuditEntry.Action
TRACKED = ("status", "published_at", "expires_at", "verification", "verification_note", "title")

_actor = ContextVar("audit_actor", default=None)
_request = ContextVar("audit_request", default=None)
_quiet = ContextVar("audit_quiet", default=False)


@contextmanager
def acting(user):
    """Entries recorded inside are `user`'s."""
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)


@contextmanager
def quiet():
    """Saves inside record no publishing or verification entries (a revert or recover, which
    records one entry of its own)."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def actor():
    if _actor.get() is not None:
        return _actor.get()
    request = _request.get()
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


class ActorMiddleware:
    """Remembers the request, so entries recorded while serving it name its user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def record(item, action, comment="", user=None):
    return AuditEntry.objects.create(
        action=action,
        user=user if user is not None else actor(),
        content_type=ContentType.objects.get_for_model(item, for_concrete_model=False),
        object_id=item.pk,
        object_repr=str(item)[:300],
        comment=comment.strip(),
    )


def entries_for(item, limit=10):
    content_type = ContentType.objects.get_for_model(item, for_concrete_model=False)
    entries = AuditEntry.objects.filter(content_type=content_type, object_id=item.pk)
    return entries.select_related("user")[:limit]


def _when(moment):
    from .revisions import when

    return when(moment)


def _publishing(state, now):
    """ "live", "scheduled" or "hidden" for a {field: value} of TRACKED."""
    if state["status"] != Status.PUBLISHED:
        return "hidden"
    if state["published_at"] is not None and state["published_at"] > now:
        return "scheduled"
    if state["expires_at"] is not None and state["expires_at"] <= now:
        return "hidden"
    return "live"


def transitions(before, after, now):
    """[(action, comment)] from the TRACKED state `before` (None: a new item) to `after`."""
    found = []
    was = _publishing(before, now) if before else "hidden"
    became = _publishing(after, now)
    if became == "live" and was != "live":
        found.append((Action.PUBLISHED, ""))
    elif became == "scheduled" and (
        was != "scheduled" or before["published_at"] != after["published_at"]
    ):
        found.append((Action.SCHEDULED, f"To be published on {_when(after['published_at'])}."))
    elif became == "hidden" and was != "hidden":
        found.append((Action.UNPUBLISHED, ""))
    expires = after["expires_at"]
    if expires is not None and expires > now and (not before or before["expires_at"] != expires):
        found.append((Action.SCHEDULED, f"To expire on {_when(expires)}."))
    old = before["verification"] if before else "unverified"
    if after["verification"] != old:
        note = after["verification_note"]
        found.append((Action.VERIFICATION, f"{old} → {after['verification']}. {note}"))
    return found


def remember_state(sender, instance, raw=False, **kwargs):
    """pre_save receiver: the saved state the save starts from."""
    if raw or _quiet.get() or instance.pk is None:
        instance._audit_before = None
        return
    instance._audit_before = sender._base_manager.filter(pk=instance.pk).values(*TRACKED).first()


def record_transitions(sender, instance, created, raw=False, **kwargs):
    """post_save receiver: an entry per transition this save made."""
    if raw or _quiet.get():
        return
    before = getattr(instance, "_audit_before", None)
    after = {name: getattr(instance, name) for name in TRACKED}
    now = timezone.now()
    for action, comment in transitions(before, after, now):
        record(instance, action, comment)
    if before is not None and _publishing(before, now) == "hidden" != _publishing(after, now):
        # A new item went public by another path than approval (the form, a bulk action):
        # its review request is settled.
        content_type = ContentType.objects.get_for_model(instance, for_concrete_model=False)
        ReviewRequest.objects.filter(content_type=content_type, object_id=instance.pk).delete()
    instance._audit_before = after


def record_bulk_created(sender, items, comment="", user=None, **kwargs):
    """content_bulk_created receiver (the import's new items, saved without post_save): an
    "imported" entry each, and the transitions their first state makes (published...)."""
    content_type = ContentType.objects.get_for_model(sender, for_concrete_model=False)
    user = user if user is not None else actor()
    now = timezone.now()
    entries = []
    for item in items:
        after = {name: getattr(item, name) for name in TRACKED}
        for action, text in [(Action.IMPORTED, comment), *transitions(None, after, now)]:
            entries.append(
                AuditEntry(action=action, user=user, content_type=content_type,
                           object_id=item.pk, object_repr=str(item)[:300], comment=text.strip())
            )  # fmt: skip
    AuditEntry.objects.bulk_create(entries, batch_size=500)


def record_deletion(sender, instance, **kwargs):
    """post_delete receiver: the entry keeps the title the item had."""
    record(instance, Action.DELETED)


def record_clock_events(item=None):
    """Write the entries nobody acts for, dated at their time: "went live" for each scheduled
    item whose publication time has passed, "expired" for each whose expiry has (for `item`
    only, if given). Called when a log is shown; the constraint keeps simultaneous calls from
    writing one twice."""
    now = timezone.now()
    for model in [type(item)] if item is not None else content_models():
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        entries = AuditEntry.objects.filter(content_type=content_type)
        live = model._base_manager.filter(status=Status.PUBLISHED)
        if item is not None:
            entries, live = entries.filter(object_id=item.pk), live.filter(pk=item.pk)
        new = [
            _clock_entry(content_type, pk, title, Action.EXPIRED, moment, "Expiry time reached.")
            for pk, moment, title in live.filter(expires_at__lte=now).values_list(
                "pk", "expires_at", "title"
            )
        ]
        new += _went_live(content_type, entries, live.filter(published_at__lte=now))
        known = set(
            entries.filter(
                action__in=[Action.EXPIRED, Action.WENT_LIVE],
                object_id__in=[entry.object_id for entry in new],
            ).values_list("object_id", "action", "created_at")
        )
        AuditEntry.objects.bulk_create(
            [e for e in new if (e.object_id, e.action, e.created_at) not in known],
            ignore_conflicts=True,
        )


def _went_live(content_type, entries, public):
    """A published item went live by the clock when it was scheduled (an entry dated before its
    publication time) and nobody published or unpublished it since: publishing it by hand
    records a "published" entry dated after its publication time."""
    scheduled = dict(
        entries.filter(action=Action.SCHEDULED)
        .values_list("object_id")
        .annotate(first=models.Min("created_at"))
    )
    if not scheduled:
        return []
    by_hand = dict(
        entries.filter(object_id__in=scheduled, action__in=[Action.PUBLISHED, Action.UNPUBLISHED])
        .values_list("object_id")
        .annotate(last=models.Max("created_at"))
    )
    return [
        _clock_entry(content_type, pk, title, Action.WENT_LIVE, moment, "Publication time reached.")
        for pk, moment, title in public.filter(pk__in=scheduled).values_list(
            "pk", "published_at", "title"
        )
        if scheduled[pk] < moment and by_hand.get(pk, scheduled[pk]) < moment
    ]


def _clock_entry(content_type, pk, title, action, moment, comment):
    return AuditEntry(action=action, content_type=content_type, object_id=pk,
                      object_repr=title[:300], created_at=moment, comment=comment)  # fmt: skip
