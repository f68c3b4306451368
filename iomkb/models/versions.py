"""Published versions of a content item: the django-reversion revisions the public once saw.

Every save of an item is a revision (the admin, the review workflow, bulk actions, the import);
drafts of changes to live items are not (they wait in editorial's PendingChange). So between
two revisions of an item its row was exactly the first one's stored state, and that state was
public while its own stored publishing fields said so: status "published", from its
publication time (or the revision, if later) until the next revision or its expiry, whichever
came first. A revision is a *published version* when that span is not empty. Nothing is marked
at publish time: the rule reads what reversion already stores, so it holds for revisions made
before it existed, and for an item that went live by itself at its scheduled time.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import cache, cached_property

from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist
from django.core.serializers.base import DeserializationError
from django.db import models, router
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.text import capfirst
from reversion.models import Version
from reversion.revisions import _get_options

from .rules import Status

# Revision ids are 32-bit on PostgreSQL: a larger one can name no revision (and must not reach
# the database, where it would overflow).
MAX_REVISION_ID = 2**31 - 1


def versions_of_model(model):
    """All stored versions of `model`'s items, the content type matched by a join (not a lookup
    cached per process), so each use is one query."""
    opts = model._meta
    return Version.objects.filter(
        db=router.db_for_write(model),
        content_type__app_label=opts.app_label,
        content_type__model=opts.model_name,
    )


@cache  # built once per model (0.3 ms); each queryset resolves its own copy
def shown_revision(model):
    """An annotation for a queryset of `model`: the id of the revision that stored each item
    exactly as it is now (the latest, when it holds the row's own edit version, which every save
    bumps), else None (saved outside any revision since, say from a shell). One subquery in the
    item's own query; it reads the stored JSON of the latest revision only."""
    # The latest revision is found first, so only its JSON is parsed: filtering on the stored
    # number before picking the latest made PostgreSQL parse every revision of the item.
    newest = (
        versions_of_model(model)
        .filter(object_id=Cast(models.OuterRef(models.OuterRef("pk")), models.CharField()))
        .order_by("-revision_id")
        .values("pk")[:1]
    )
    latest = (
        Version.objects.filter(pk=models.Subquery(newest))
        .annotate(stored=Cast("serialized_data", models.JSONField()))
        .annotate(number=Cast(KT("stored__0__fields__version"), models.IntegerField()))
        .filter(number=models.OuterRef("version"))
    )
    return models.Subquery(latest.values("revision_id")[:1])


def shown_since(state):
    """When a state of an item became what the public sees: its save, or its publication if
    that came later (a scheduled item). Readers cite a version by this date."""
    return max(filter(None, (state.updated_at, state.published_at)))


def public_span(fields, saved_at, superseded_at):
    """When a stored state was public: (start, end), or None if never. `fields` are its stored
    values, `saved_at` its revision's date, `superseded_at` the next revision's (None: now)."""
    published_at = fields.get("published_at")
    if fields.get("status") != Status.PUBLISHED or published_at is None:
        return None
    start = max(saved_at, published_at)
    end = superseded_at or timezone.now()
    expires_at = fields.get("expires_at")
    if expires_at is not None:
        end = min(end, expires_at)
    return (start, end) if start < end else None


@dataclass
class PublishedVersion:
    """A published revision of a live item: what the public saw, and since when."""

    item: models.Model  # the item as it is now
    shown: models.Model  # an unsaved copy holding the revision's stored values
    revision_id: int
    date: datetime  # when this version became what the public saw
    is_current: bool

    @classmethod
    def find(cls, item, revision_id):
        """Revision `revision_id` of live `item`, if the public ever saw it; else None."""
        if not 0 < revision_id <= MAX_REVISION_ID:
            return None
        model = type(item)
        mine = versions_of_model(model).filter(object_id=str(item.pk))
        later = mine.filter(revision_id__gt=models.OuterRef("revision_id")).order_by("revision_id")
        version = (
            mine.filter(revision_id=revision_id)
            .select_related("revision")
            .annotate(superseded_at=models.Subquery(later.values("revision__date_created")[:1]))
            .first()
        )
        if version is None:
            return None
        stored = _deserialize(model, version)
        if stored is None:
            return None
        shown = stored.object
        fields = {name: getattr(shown, name, None) for name in ("status", "published_at")}
        fields["expires_at"] = getattr(shown, "expires_at", None)
        span = public_span(fields, version.revision.date_created, version.superseded_at)
        if span is None:
            return None
        _hold_stored_links(shown, item, stored.m2m_data)
        return cls(item, shown, revision_id, shown_since(shown), version.superseded_at is None)

    @cached_property
    def facts(self):
        """[(label, text)] of the type's `fact_fields` as stored ("" where empty): a query per
        many-to-many field, and per foreign key whose target differs from the live item's."""
        found = []
        for name in self.shown.fact_fields:
            field = self.shown._meta.get_field(name)
            if field.many_to_many:
                text = ", ".join(str(related) for related in getattr(self.shown, name).all())
            elif field.choices:
                text = getattr(self.shown, f"get_{name}_display")()
            else:
                try:
                    value = getattr(self.shown, name)
                except ObjectDoesNotExist:  # a term deleted since this version
                    value = None
                text = "" if value is None else str(value)
            found.append((capfirst(field.verbose_name), text))
        return found


def _deserialize(model, version):
    """The stored object (reversion's own Version._object_version looks the model up through
    the content type cache, a query whenever that cache is cold)."""
    options = _get_options(model)
    try:
        found = list(
            serializers.deserialize(
                version.format,
                version.serialized_data,
                ignorenonexistent=True,
                use_natural_foreign_keys=options.use_natural_foreign_keys,
            )
        )
    except (DeserializationError, serializers.SerializerDoesNotExist):
        return None  # stored under a schema this code can no longer read
    return found[0] if found and isinstance(found[0].object, model) else None


def _hold_stored_links(shown, item, m2m_data):
    """Make `shown` read its stored many-to-many links (not today's) and reuse the live item's
    related rows where the stored ones are the same (no query for them)."""
    cache = {}
    for field in type(shown)._meta.many_to_many:
        ids = m2m_data.get(field.name, [])
        cache[field.name] = field.related_model._default_manager.filter(pk__in=ids)
    shown._prefetched_objects_cache = cache
    for field in type(shown)._meta.concrete_fields:
        if field.is_relation and field.is_cached(item):
            if getattr(shown, field.attname) == getattr(item, field.attname):
                field.set_cached_value(shown, field.get_cached_value(item))
