"""Compare content revisions field by field, for the admin's history and edit conflicts."""

from dataclasses import dataclass

from django.db import models
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.timezone import localtime
from reversion.models import Version

from ..textdiff import inline_diff

# Bookkeeping that changes on every save or is derived from other fields.
NOT_COMPARED = {"id", "body_html", "created_at", "updated_at", "version", "source_body"}


@dataclass
class FieldChange:
    name: str
    label: str
    old: str
    new: str

    @property
    def diff_html(self):
        return inline_diff(self.old, self.new)


def compared_fields(model):
    return [
        field
        for field in model._meta.get_fields()
        if field.concrete and not field.auto_created and field.name not in NOT_COMPARED
    ]


def _display(field, value):
    """A readable text for a stored value: choice labels, related objects' names, dates."""
    if value in (None, "", []):
        return ""
    if isinstance(field, models.ManyToManyField):
        names = field.related_model._base_manager.filter(pk__in=value).order_by("pk")
        found = {obj.pk: str(obj) for obj in names}
        return ", ".join(sorted(found.get(pk, f"(deleted #{pk})") for pk in value))
    if isinstance(field, models.ForeignKey):
        obj = field.related_model._base_manager.filter(pk=value).first()
        return str(obj) if obj else f"(deleted #{value})"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateTimeField):
        return when(value)
    return str(value)


# History and the audit log show seconds: two saves in one minute must not look the same.
SECONDS_FORMAT = "N j, Y, H:i:s"


def when(moment):
    local = localtime(moment)
    return f"{date_format(local, 'DATETIME_FORMAT')} {local.tzname()}"


def stored_values(model, field_dict):
    """{field name: readable text} for a reversion Version's field_dict."""
    values = {}
    for field in compared_fields(model):
        raw = field_dict.get(field.attname, field_dict.get(field.name))
        values[field.name] = _display(field, raw)
    return values


def current_values(obj):
    field_dict = {}
    for field in compared_fields(type(obj)):
        if isinstance(field, models.ManyToManyField):
            field_dict[field.name] = list(getattr(obj, field.name).values_list("pk", flat=True))
        else:
            field_dict[field.attname] = getattr(obj, field.attname)
    return stored_values(type(obj), field_dict)


def changes(model, old, new):
    """The fields whose readable value differs between two {name: text} dicts, in model order."""
    return [
        FieldChange(field.name, capfirst(field.verbose_name), old[field.name], new[field.name])
        for field in compared_fields(model)
        if old.get(field.name) != new.get(field.name)
    ]


def versions_of(obj):
    return Version.objects.get_for_object(obj).select_related("revision", "revision__user")


def version_with_number(obj, number, limit=50):
    """The stored revision of `obj` made at its edit-version `number`, if history still has it."""
    for version in versions_of(obj)[:limit]:
        if version.field_dict.get("version") == number:
            return version
    return None


@dataclass
class EditConflict:
    """Someone saved the item after this form was opened."""

    changed_by: str
    changed_at: str
    changes: list
    their_changes: bool  # True: what they changed; False: how the saved item differs from yours

    @property
    def message(self):
        return (
            f"{self.changed_by} saved this item at {self.changed_at}, after you opened it. "
            "Your changes have NOT been saved; everything you typed is still in the form below. "
            "Compare with their changes (shown above the form), merge them into your version "
            "if needed, then save again to replace their version with yours."
        )


def submitted_values(obj, cleaned_data):
    """Readable values of what the refused form held (fields it lacks keep the saved value)."""
    field_dict = {}
    for field in compared_fields(type(obj)):
        if field.name not in cleaned_data:
            continue
        value = cleaned_data[field.name]
        if isinstance(field, models.ManyToManyField):
            value = [related.pk for related in value]
        elif isinstance(field, models.ForeignKey):
            value = value.pk if value else None
        field_dict[field.attname] = value
    values = current_values(obj)
    shown = stored_values(type(obj), field_dict)
    values.update({name: shown[name] for name in cleaned_data if name in shown})
    return values


def describe_conflict(obj, opened_version, submitted=None):
    latest = versions_of(obj).first()
    if latest is not None:
        user = latest.revision.user
        changed_by = (user.get_full_name() or user.get_username()) if user else "An import"
        changed_at = when(latest.revision.date_created)
    else:
        changed_by, changed_at = "Someone", when(obj.updated_at)
    base = version_with_number(obj, opened_version) if opened_version else None
    now = current_values(obj)
    if base is not None:
        found = changes(type(obj), stored_values(type(obj), base.field_dict), now)
        return EditConflict(changed_by, changed_at, found, their_changes=True)
    found = changes(type(obj), submitted or now, now)
    return EditConflict(changed_by, changed_at, found, their_changes=False)


def draft_values(obj, draft):
    """Readable values of `obj` as its pending draft would make it."""
    values = current_values(obj)
    shown = stored_values(type(obj), draft.values)
    values.update({name: shown[name] for name in draft.values if name in shown})
    return values


def describe_draft_conflict(obj, draft, submitted):
    """Someone saved (or published, or discarded) the draft of changes after this form opened."""
    if draft is None:
        return EditConflict("Someone", when(obj.updated_at), [], their_changes=False)
    found = changes(type(obj), submitted, draft_values(obj, draft))
    return EditConflict(draft.author, when(draft.updated_at), found, their_changes=False)
