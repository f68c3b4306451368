"""Drafts of changes to live items: save, publish, discard.

An item the public sees (published, or scheduled) is never changed by a save without publish
permission: the new content waits in a PendingChange. Publishing applies it to the live row in
one transaction, as one revision, through the same verification rule as any save.
"""

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ..markdown import render_markdown
from . import audit
from .fieldsets import VERIFICATION_FIELDS
from .models import PendingChange


def is_live(item):
    """Does the public see it, or will it without anyone acting (scheduled)?"""
    return item.pk is not None and (item.is_published() or bool(item.is_scheduled))


def content_fields(model):
    """The fields a draft holds: everything editable except publishing and verification."""
    kept = set(model.KEPT_ON_REVERT)
    return [
        field
        for field in model._meta.get_fields()
        if (field.concrete or field.many_to_many)
        and not field.auto_created
        and field.editable
        and not field.primary_key
        and field.name not in kept
    ]


def may_publish(item, user):
    return user.has_perm(f"{item._meta.app_label}.publish_content")


def _require(user, permission):
    if not user.has_perm(permission):
        raise PermissionDenied(f"You need the “{permission}” permission.")


def _json_value(field, value):
    if field.many_to_many:
        return sorted(getattr(related, "pk", related) for related in value or [])
    if field.is_relation:
        return getattr(value, "pk", value)
    return value


def values_of(item):
    """The item's current content as draft values."""
    values = {}
    for field in content_fields(type(item)):
        if field.many_to_many:
            values[field.name] = sorted(getattr(item, field.name).values_list("pk", flat=True))
        else:
            values[field.name] = _json_value(field, getattr(item, field.attname))
    return values


def pending_change(item):
    if item.pk is None:
        return None
    content_type = ContentType.objects.get_for_model(item, for_concrete_model=False)
    return PendingChange.objects.filter(content_type=content_type, object_id=item.pk).first()


def shown_citations(item):
    """The citation ids the change form shows: the pending draft's, else the live links."""
    draft = pending_change(item)
    if draft is not None:
        return draft.values.get("citations", [])
    return list(item.citations.values_list("pk", flat=True))


class DraftConflict(Exception):
    """Someone saved the draft after the caller read it."""


def save_draft(item, values, user, expected_number=None):
    """Store `values` ({field name: value or object; ids or objects for many-to-many}) as the
    draft of changes to live `item`, over any earlier draft. The item itself is untouched.
    With `expected_number` (the draft's number when read; 0: no draft), a newer draft is
    never overwritten: DraftConflict. Values that leave a live item without a draft as it is
    store nothing: None."""
    opts = item._meta
    _require(user, f"{opts.app_label}.change_{opts.model_name}")
    if not is_live(item):
        raise ValueError("Only a live item has drafts of changes; save the item itself.")
    fields = {field.name: field for field in content_fields(type(item))}
    unknown = set(values) - set(fields)
    if unknown:
        raise ValueError(f"Not content fields: {', '.join(sorted(unknown))}")
    content_type = ContentType.objects.get_for_model(item, for_concrete_model=False)
    with transaction.atomic():
        draft = (
            PendingChange.objects.select_for_update()
            .filter(content_type=content_type, object_id=item.pk)
            .first()
        )
        if draft is None:
            draft = PendingChange(
                content_type=content_type,
                object_id=item.pk,
                values=values_of(type(item)._base_manager.get(pk=item.pk)),  # the saved row
                base_version=item.version,
                created_by=user,
            )
        if expected_number is not None and draft.number != expected_number:
            raise DraftConflict(f"{draft.author} saved this draft after you opened it.")
        live_values = draft.values
        draft.values = {
            **draft.values,
            **{name: _json_value(fields[name], value) for name, value in values.items()},
        }
        if draft.pk is None and _comparable(draft.values) == _comparable(live_values):
            return None
        draft.updated_by, draft.updated_at = user, timezone.now()
        draft.number += 1
        draft.save()
    return draft


def _comparable(values):
    """Browsers post a textarea's line breaks as CRLF: the same text either way."""
    return {
        name: value.replace("\r\n", "\n") if isinstance(value, str) else value
        for name, value in values.items()
    }


def apply_values(item, values):
    """Set the draft's plain and foreign-key values on `item` (not saved); returns the
    many-to-many ones, {name: ids}, which only a saved item can take."""
    many = {}
    for field in content_fields(type(item)):
        if field.name not in values:
            continue
        value = values[field.name]
        if field.many_to_many:
            many[field.name] = value
        else:
            setattr(item, field.attname, field.to_python(value))
    return many


def with_values(item, values):
    """`item` with `values` (objects or ids) applied, unsaved, for a preview: many-to-many
    fields read the given ids through the prefetch cache."""
    fields = {field.name: field for field in content_fields(type(item))}
    values = {name: _json_value(fields[name], value) for name, value in values.items()}
    many = apply_values(item, values)
    item.body_html = render_markdown(item.body)  # what save() would store
    cache = getattr(item, "_prefetched_objects_cache", {})
    for name, ids in many.items():
        related = type(item)._meta.get_field(name).related_model
        cache[name] = related._default_manager.filter(pk__in=ids)
    item._prefetched_objects_cache = cache
    return item


def publish_draft(item, user):
    """Apply the pending draft to the live row and delete the draft: one transaction, one
    revision. Publishing and verification are left as they are, except that the verification
    resets if the vouched content changed and the draft's author may not verify: approving an
    Editor's change is not checking its claims (the Reviewer re-verifies, with evidence)."""
    _require(user, f"{item._meta.app_label}.publish_content")
    with transaction.atomic(), audit.acting(user):
        live = type(item)._base_manager.select_for_update().get(pk=item.pk)
        draft = pending_change(live)
        if draft is None:
            raise PendingChange.DoesNotExist("This item has no pending changes.")
        before = live.vouched_content()
        with reversion.create_revision():
            many = apply_values(live, draft.values)
            live.save()
            for name, ids in many.items():
                getattr(live, name).set(ids)
            author = draft.updated_by or draft.created_by
            reason = live.reset_verification_if_changed(before, author)
            if reason:
                live.save(update_fields=[*VERIFICATION_FIELDS, "verified_by", "verified_at"])
            reversion.add_to_revision(live)
            reversion.set_user(user)
            reversion.set_comment(f"Published the pending changes by {draft.author}. {reason}")
        audit.record(live, audit.Action.PUBLISHED, f"The pending changes by {draft.author}.", user)
        draft.delete()
    return live


def discard_draft(item, user):
    _require(user, f"{item._meta.app_label}.publish_content")
    draft = pending_change(item)
    if draft is not None:
        audit.record(item, audit.Action.DISCARDED, f"The pending changes by {draft.author}.", user)
        draft.delete()


def delete_drafts_of(sender, instance, **kwargs):
    """post_delete receiver: a deleted item's draft goes with it."""
    content_type = ContentType.objects.get_for_model(instance, for_concrete_model=False)
    PendingChange.objects.filter(content_type=content_type, object_id=instance.pk).delete()
