"""The review queue and the editors' lists on the admin home: a few queries per content type,
whatever the number of rows."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.text import capfirst

from . import drafts
from .models import PendingChange, ReviewRequest

State = ReviewRequest.State


@dataclass
class QueueRow:
    request: ReviewRequest
    item: object
    what: str  # "New item" or the changed fields' labels

    @property
    def type(self):
        return capfirst(self.item._meta.verbose_name)

    def _url(self, view):
        opts = self.item._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[self.item.pk])

    @property
    def change_url(self):
        return self._url("change")

    @property
    def review_url(self):
        return self._url("review")


def draft_changed_fields(item, draft):
    """Labels of the content fields `draft` changes on `item` (many-to-many prefetched)."""
    labels = []
    for field in drafts.content_fields(type(item)):
        if field.name not in draft.values:
            continue
        new = draft.values[field.name]
        if field.many_to_many:
            old = sorted(related.pk for related in getattr(item, field.name).all())
            new = sorted(new or [])
        else:
            old = getattr(item, field.attname)
            new = field.to_python(new)
        if old != new:
            labels.append(capfirst(field.verbose_name))
    return labels


def rows_for(requests, limit=50):
    """QueueRows for ReviewRequests, with their items and drafts fetched per content type."""
    requests = list(requests.select_related("submitted_by", "reviewed_by")[:limit])
    by_type = {}
    for request in requests:
        by_type.setdefault(request.content_type_id, []).append(request.object_id)
    items, pending = {}, {}
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        many = [field.name for field in model._meta.many_to_many]
        for item in model._base_manager.filter(pk__in=ids).prefetch_related(*many):
            items[type_id, item.pk] = item
        for draft in PendingChange.objects.filter(content_type_id=type_id, object_id__in=ids):
            pending[type_id, draft.object_id] = draft
    rows = []
    for request in requests:
        key = (request.content_type_id, request.object_id)
        if key not in items:
            continue
        draft = pending.get(key)
        if draft is None:
            what = "Changes to the live version" if drafts.is_live(items[key]) else "New item"
        else:
            what = ", ".join(draft_changed_fields(items[key], draft)) or "No field changed yet"
        rows.append(QueueRow(request, items[key], what))
    return rows


def review_lists(user):
    """What the admin home shows this user: the queue for reviewers, their own items for all."""
    mine = ReviewRequest.objects.filter(submitted_by=user).order_by("-submitted_at")
    lists = {
        "changes_requested": rows_for(mine.filter(state=State.CHANGES_REQUESTED)),
        "my_submissions": rows_for(mine.filter(state=State.SUBMITTED)),
    }
    if any(user.has_perm(f"{label}.publish_content") for label in _content_labels()):
        queue = ReviewRequest.objects.filter(state=State.SUBMITTED).order_by("submitted_at")
        lists["queue"] = [row for row in rows_for(queue) if _may_review(user, row.item)]
        lists["is_reviewer"] = True
    return lists


def _content_labels():
    from ..content import content_app_labels

    return content_app_labels()


def _may_review(user, item):
    return user.has_perm(f"{item._meta.app_label}.publish_content")
