"""Keep iomkb_searchentry in step with the content it copies."""

import html
import unicodedata

from django.db.models import prefetch_related_objects
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.html import strip_tags

from ..content import content_models
from ..markdown import render_markdown
from ..site.cache import bump_content_version
from .backends import (
    MARK_END,
    MARK_START,
    after_bulk_load,
    clear_vocabulary,
    fill_vocabulary,
)

_STRIP_MARKERS = str.maketrans("", "", MARK_START + MARK_END)


def plain_text(text):
    return unicodedata.normalize("NFC", text.translate(_STRIP_MARKERS))


def body_text(item):
    rendered = item.body_html or render_markdown(item.body)
    return plain_text(html.unescape(strip_tags(rendered)))


def notes_text(item, citations):
    """Searched at a lower weight: what the verifier wrote and the titles of the citations."""
    return plain_text("\n".join([item.verification_note, *(c.title for c in citations)]))


def entry_fields(item):
    """The entry's columns; reads item.citations (prefetch them for many items)."""
    return {
        "title": plain_text(item.title),
        "summary": plain_text(item.summary),
        "body": body_text(item),
        "notes": notes_text(item, item.citations.all()),
        "url": item.get_absolute_url(),
        "status": item.status,
        "published_at": item.published_at,
        "expires_at": item.expires_at,
        "verification": item.shown_verification,
        "updated_at": item.updated_at,
    }


def index_item(item):
    from ..models import SearchEntry

    entry, _ = SearchEntry.objects.update_or_create(
        kind=item.content_kind, object_id=item.pk, defaults=entry_fields(item)
    )
    entry.themes.set(item.themes.all())


def unindex_item(item):
    from ..models import SearchEntry

    SearchEntry.objects.filter(kind=item.content_kind, object_id=item.pk).delete()


def _bulk_index(model, items):
    """Insert entries for new items (none indexed yet), with their themes; returns how many."""
    from ..models import SearchEntry

    kind = model.content_kind
    items = list(items)
    prefetch_related_objects(items, "citations")
    entries = SearchEntry.objects.bulk_create(
        [SearchEntry(kind=kind, object_id=item.pk, **entry_fields(item)) for item in items],
        batch_size=500,
    )
    field = model._meta.get_field("themes")
    source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    theme_links = field.remote_field.through.objects.filter(**{f"{source}__in": items})
    entry_ids = {entry.object_id: entry.pk for entry in entries}
    Link = SearchEntry.themes.through
    Link.objects.bulk_create(
        [
            Link(searchentry_id=entry_ids[object_id], theme_id=theme_id)
            for object_id, theme_id in theme_links.values_list(source, target)
        ],
        batch_size=1000,
    )
    return len(entries)


def rebuild_index(batch_size=1000):
    """Replace every entry from the content tables; returns {kind: number indexed}."""
    from django.db import transaction

    from ..models import SearchEntry

    counts = {}
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        clear_vocabulary()
        for model in content_models():
            counts[model.content_kind] = 0
            items = model.objects.order_by("pk").prefetch_related("citations")
            batch = []
            for item in items.iterator(chunk_size=batch_size):
                batch.append(item)
                if len(batch) >= batch_size:
                    counts[model.content_kind] += _bulk_index(model, batch)
                    batch = []
            counts[model.content_kind] += _bulk_index(model, batch)
        fill_vocabulary()
    after_bulk_load()
    # Searches kept per content version (iomkb/site/memo.py) read the entries just replaced.
    bump_content_version()
    return counts


def _bulk_created(sender, items, **kwargs):
    _bulk_index(sender, items)


def _saved(sender, instance, raw=False, **kwargs):
    # loaddata saves with raw=True: the instance's own fields are all set, which is all we read.
    index_item(instance)


def _deleted(sender, instance, **kwargs):
    unindex_item(instance)


def _links_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """Themes or citations of an item changed (the admin saves them after the item)."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        index_item(instance)
        return
    # From the other side (citation.casestudies_casestudy_set.add(...)): reindex those items.
    items = model.objects.filter(pk__in=pk_set) if pk_set else model.objects.none()
    for item in items:
        index_item(item)


def _citation_saved(sender, instance, raw=False, created=False, **kwargs):
    """A citation's title is searched with every item that cites it."""
    if raw or created:
        return
    for model in content_models():
        for item in model.objects.filter(citations=instance):
            index_item(item)


def connect_signals():
    from ..models import Citation
    from ..signals import content_bulk_created

    content_bulk_created.connect(_bulk_created, dispatch_uid="search-index-bulk")
    post_save.connect(_citation_saved, sender=Citation, dispatch_uid="search-index-citation")
    for model in content_models():
        label = model._meta.label
        post_save.connect(_saved, sender=model, dispatch_uid=f"search-index-save-{label}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"search-index-delete-{label}")
        for field in ("themes", "citations"):
            m2m_changed.connect(
                _links_changed,
                sender=getattr(model, field).through,
                dispatch_uid=f"search-index-{field}-{label}",
            )


def disconnect_signals():
    """For bulk jobs that rebuild the index afterwards (the benchmark): skip per-row upkeep."""
    for model in content_models():
        label = model._meta.label
        post_save.disconnect(sender=model, dispatch_uid=f"search-index-save-{label}")
        post_delete.disconnect(sender=model, dispatch_uid=f"search-index-delete-{label}")
        for field in ("themes", "citations"):
            m2m_changed.disconnect(
                sender=getattr(model, field).through, dispatch_uid=f"search-index-{field}-{label}"
            )
