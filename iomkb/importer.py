"""Save an Extraction into the database without ever overwriting an editor's work."""

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from itertools import groupby

import reversion
from django.apps import apps
from django.db import transaction
from django.utils import timezone

from .bulkcreate import create_items
from .extraction import Extraction, ItemPlan
from .models import Citation, SourceDocument, SourceUpdate, Status, Verification


@dataclass
class ItemOutcome:
    """What an import did (or, in a dry run, would do) to one item."""

    outcome: str  # "created", "updated", "unchanged" or "skipped"
    label: str  # its type, e.g. "section"; "source text" for the text itself
    slug: str
    title: str = ""
    # Updated, or skipped with a changed source: the source lines before and now.
    old_text: str = ""
    new_text: str = ""
    suggested: bool = False
    start_line: int | None = None
    end_line: int | None = None
    model: str = ""  # "app_label.modelname"; empty for the source document

    @property
    def source_changed(self):
        return self.old_text != self.new_text


class DryRun(Exception):
    """Raised inside the import's transaction to roll it back."""


@dataclass
class ImportReport:
    items: list[ItemOutcome] = field(default_factory=list)
    dry_run: bool = False

    def add(self, outcome, label, slug, **details):
        self.items.append(ItemOutcome(outcome, label, slug, **details))

    @property
    def outcomes(self):
        return [(item.outcome, item.label, item.slug) for item in self.items]

    @property
    def counts(self):
        return Counter(item.outcome for item in self.items)

    def skipped(self):
        return [(item.label, item.slug) for item in self.items if item.outcome == "skipped"]

    @property
    def suggested(self):
        return [item for item in self.items if item.suggested and item.outcome == "created"]


def _free_slug(model, plan: ItemPlan, source: SourceDocument) -> str:
    """A suggestion's slug: its own, unless an item from elsewhere has it (then -2, -3...)."""
    slug, n = plan.slug, 1
    while (other := model.objects.filter(slug=slug).only("source").first()) is not None:
        if other.source_id == source.pk:
            return slug  # the same suggestion, imported before
        n += 1
        slug = f"{plan.slug}-{n}"
    return slug


def import_extraction(
    extraction: Extraction, filename: str, publish=False, user=None, dry_run=False
) -> ImportReport:
    """Create new items, refresh untouched ones, skip any whose body an editor changed (and
    keep new source lines for those beside the editor's text: SourceUpdate). `user` is who
    ran it (the admin's import page); `dry_run` reports what it would do and saves nothing."""
    report = ImportReport(dry_run=dry_run)
    try:
        with transaction.atomic():
            _import(extraction, filename, publish, user, report)
            if dry_run:
                raise DryRun
    except DryRun:
        pass
    return report


def _import(extraction, filename, publish, user, report):
    text = "\n".join(extraction.document.lines)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    source, created = SourceDocument.objects.get_or_create(
        slug=extraction.slug,
        defaults={
            "title": extraction.document.title,
            "filename": filename,
            "text": text,
            "sha256": digest,
        },
    )
    if created or source.sha256 != digest:
        source.title = extraction.document.title
        source.disclaimer = extraction.document.disclaimer or ""
        source.intro = "\n\n".join(block.markdown for block in extraction.document.intro)
        source.filename, source.text, source.sha256 = filename, text, digest
        source.imported_at = timezone.now()
        source.save()
        report.add(
            "created" if created else "updated", "source text", source.slug, title=source.title
        )
    else:
        report.add("unchanged", "source text", source.slug, title=source.title)
    comment = f"Imported from {filename}."
    for label, group in groupby(extraction.items, key=lambda plan: plan.model):
        _import_group(apps.get_model(label), list(group), source, publish, user, comment, report)


def _import_group(model, plans, source, publish, user, comment, report):
    """The plans of one content type: existing items one by one (each may be updated or
    skipped), new ones together (bulkcreate)."""
    for plan in plans:
        if plan.suggested:
            plan.slug = _free_slug(model, plan, source)
    existing = {item.slug: item for item in model.objects.filter(slug__in=[p.slug for p in plans])}
    outcomes, new = {}, []
    for plan in plans:
        if (item := existing.get(plan.slug)) is None:
            new.append(plan)
            continue
        # One revision per item, so reverting one never touches the others.
        with reversion.create_revision():
            reversion.set_comment(comment)
            if user is not None:
                reversion.set_user(user)
            outcomes[plan.slug] = _update_item(item, plan, source)
    related = _Related(model, new)
    rows = [_new_item(model, plan, source, publish, related) for plan in new]
    model.place_imported([item for item, _ in rows], source)
    create_items(model, rows, user=user, comment=comment)
    label = model._meta.verbose_name
    for plan in plans:
        outcome, old_text = outcomes.get(plan.slug, ("created", plan.body))
        report.add(
            outcome,
            label,
            plan.slug,
            title=plan.title,
            old_text=old_text,
            new_text=plan.body,
            suggested=plan.suggested,
            start_line=plan.start_line,
            end_line=plan.end_line,
            model=plan.model,
        )


def _update_item(item, plan: ItemPlan, source: SourceDocument):
    """(outcome, the item's source lines before) for an item the text had before."""
    old_text = item.source_body
    if item.body != item.source_body:
        if plan.body != item.source_body:
            SourceUpdate.record(item, source, plan.body, plan.start_line, plan.end_line)
        return "skipped", old_text
    same = (
        item.source_body == plan.body
        and item.source_id == source.pk
        and (item.source_start_line, item.source_end_line) == (plan.start_line, plan.end_line)
    )
    if same:
        return "unchanged", old_text
    before = item.vouched_content()
    item.body = item.source_body = plan.body
    item.source = source
    item.source_start_line, item.source_end_line = plan.start_line, plan.end_line
    item.reset_verification_if_changed(before)
    item.save()
    return "updated", old_text


class _Related:
    """The rows new items link to, named by slug (citations: by key), fetched once per field.
    A dict instead of a slug describes a row to create if its slug is new (a suggestion's
    country the site lacks)."""

    def __init__(self, model, plans):
        self.found = {}
        wanted = {}
        for plan in plans:
            values = {**plan.fields, "themes": plan.themes, "citations": plan.citations}
            for name, value in values.items():
                field = model._meta.get_field(name)
                if field.is_relation and value:
                    wanted.setdefault(name, []).extend(
                        value if isinstance(value, list) else [value]
                    )
        for name, values in wanted.items():
            related = model._meta.get_field(name).related_model
            key = "key" if related is Citation else "slug"
            for new in (value for value in values if isinstance(value, dict)):
                related.objects.get_or_create(slug=new["slug"], defaults=new)
            slugs = {value["slug"] if isinstance(value, dict) else value for value in values}
            objects = related.objects.filter(**{f"{key}__in": slugs})
            self.found[name] = {getattr(obj, key): obj for obj in objects}

    def get(self, name, values):
        found = self.found.get(name, {})
        slugs = [value["slug"] if isinstance(value, dict) else value for value in values or ()]
        return [found[slug] for slug in slugs if slug in found]


def _new_item(model, plan: ItemPlan, source: SourceDocument, publish: bool, related: _Related):
    """(an unsaved item, {many-to-many field: related objects}) for bulkcreate."""
    item = model(
        slug=plan.slug,
        title=plan.title,
        summary=plan.summary,
        body=plan.body,
        source_body=plan.body,
        source=source,
        source_start_line=plan.start_line,
        source_end_line=plan.end_line,
        verification=plan.verification,
        verification_note=plan.verification_note,
        # A suggestion waits for a person to confirm it.
        status=Status.PUBLISHED if publish and not plan.suggested else Status.DRAFT,
        suggested_by_import=plan.suggested,
    )
    many = {}
    for name, value in plan.fields.items():
        if model._meta.get_field(name).many_to_one:
            objects = related.get(name, [value] if value else [])
            setattr(item, name, objects[0] if objects else None)
        elif isinstance(value, list):
            many[name] = related.get(name, value)
        else:
            setattr(item, name, value)
    many["themes"] = related.get("themes", plan.themes)
    many["citations"] = related.get("citations", plan.citations)
    if problems := model.verification_problems(
        item.verification, item.verification_note, many["citations"]
    ):
        # E.g. citations this site does not have: no status may vouch without its evidence.
        reason = (
            f"The extraction marks this {item.verification}, but here it lacks "
            f"{' and '.join(problems)}: unverified until a reviewer checks it."
        )
        earlier = item.verification_note.strip()
        item.verification = Verification.UNVERIFIED
        item.verification_note = f"{reason}\n\nExtraction note: {earlier}" if earlier else reason
    return item, many
