"""Keep iomkb_searchentry in step with the content it copies."""

import html
import unicodedata

from django.db.models.signals import post_delete, post_save
from django.utils.html import strip_tags

from ..content import content_models
from ..markdown import render_markdown
from .backends import MARK_END, MARK_START, after_bulk_load

_STRIP_MARKERS = str.maketrans("", "", MARK_START + MARK_END)


def plain_text(text):
    return unicodedata.normalize("NFC", text.translate(_STRIP_MARKERS))


def body_text(item):
    rendered = item.body_html or render_markdown(item.body)
    return plain_text(html.unescape(strip_tags(rendered)))


def entry_fields(item):
    return {
        "title": plain_text(item.title),
        "summary": plain_text(item.summary),
        "body": body_text(item),
        "url": item.get_absolute_url(),
        "status": item.status,
        "published_at": item.published_at,
        "expires_at": item.expires_at,
    }


def index_item(item):
    from ..models import SearchEntry

    SearchEntry.objects.update_or_create(
        kind=item.content_kind, object_id=item.pk, defaults=entry_fields(item)
    )


def unindex_item(item):
    from ..models import SearchEntry

    SearchEntry.objects.filter(kind=item.content_kind, object_id=item.pk).delete()


def rebuild_index(batch_size=1000):
    """Replace every entry from the content tables; returns {kind: number indexed}."""
    from django.db import transaction

    from ..models import SearchEntry

    counts = {}
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        for model in content_models():
            kind = model.content_kind
            batch, counts[kind] = [], 0
            for item in model.objects.order_by("pk").iterator(chunk_size=batch_size):
                batch.append(SearchEntry(kind=kind, object_id=item.pk, **entry_fields(item)))
                if len(batch) >= batch_size:
                    counts[kind] += len(SearchEntry.objects.bulk_create(batch))
                    batch = []
            counts[kind] += len(SearchEntry.objects.bulk_create(batch))
    after_bulk_load()
    return counts


def _bulk_created(sender, items, **kwargs):
    from ..models import SearchEntry

    kind = sender.content_kind
    entries = [SearchEntry(kind=kind, object_id=item.pk, **entry_fields(item)) for item in items]
    SearchEntry.objects.bulk_create(entries, batch_size=500)


def _saved(sender, instance, raw=False, **kwargs):
    # loaddata saves with raw=True: the instance's own fields are all set, which is all we read.
    index_item(instance)


def _deleted(sender, instance, **kwargs):
    unindex_item(instance)


def connect_signals():
    from ..signals import content_bulk_created

    content_bulk_created.connect(_bulk_created, dispatch_uid="search-index-bulk")
    for model in content_models():
        label = model._meta.label
        post_save.connect(_saved, sender=model, dispatch_uid=f"search-index-save-{label}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"search-index-delete-{label}")


def disconnect_signals():
    """For bulk jobs that rebuild the index afterwards (the benchmark): skip per-row upkeep."""
    for model in content_models():
        label = model._meta.label
        post_save.disconnect(sender=model, dispatch_uid=f"search-index-save-{label}")
        post_delete.disconnect(sender=model, dispatch_uid=f"search-index-delete-{label}")
