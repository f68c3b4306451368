"""Save an Extraction into the database without ever overwriting an editor's work."""

import hashlib
from collections import Counter
from dataclasses import dataclass, field

import reversion
from django.apps import apps
from django.db import transaction
from django.utils import timezone

from .extraction import Extraction, ItemPlan
from .models import Citation, SourceDocument, Status, Verification


@dataclass
class ImportReport:
    outcomes: list[tuple[str, str, str]] = field(default_factory=list)  # (outcome, label, slug)
    suggested: list[tuple[str, ItemPlan]] = field(default_factory=list)  # (label, plan) created

    def add(self, outcome, label, slug):
        self.outcomes.append((outcome, label, slug))

    @property
    def counts(self):
        return Counter(outcome for outcome, _, _ in self.outcomes)

    def skipped(self):
        return [(label, slug) for outcome, label, slug in self.outcomes if outcome == "skipped"]


def _related(item_model, name, slugs):
    """The objects that `item_model.<name>` may link to, named by slug (citations: by key).
    A dict instead of a slug describes a row to create if its slug is new (a suggestion's
    country the site lacks)."""
    if not slugs:
        return []
    model = item_model._meta.get_field(name).related_model
    key = "key" if model is Citation else "slug"
    for new in (value for value in slugs if isinstance(value, dict)):
        model.objects.get_or_create(slug=new["slug"], defaults=new)
    slugs = [value["slug"] if isinstance(value, dict) else value for value in slugs]
    found = {getattr(obj, key): obj for obj in model.objects.filter(**{f"{key}__in": slugs})}
    return [found[slug] for slug in slugs if slug in found]


def _free_slug(model, plan: ItemPlan, source: SourceDocument) -> str:
    """A suggestion's slug: its own, unless an item from elsewhere has it (then -2, -3...)."""
    slug, n = plan.slug, 1
    while (other := model.objects.filter(slug=slug).only("source").first()) is not None:
        if other.source_id == source.pk:
            return slug  # the same suggestion, imported before
        n += 1
        slug = f"{plan.slug}-{n}"
    return slug


def import_extraction(extraction: Extraction, filename: str, publish: bool = False) -> ImportReport:
    """Create new items, refresh untouched ones, skip any whose body an editor changed."""
    report = ImportReport()
    text = "\n".join(extraction.document.lines)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with transaction.atomic():
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
            report.add("created" if created else "updated", "source document", source.slug)
        else:
            report.add("unchanged", "source document", source.slug)
        for plan in extraction.items:
            # One revision per item, so reverting one never touches the others.
            with reversion.create_revision():
                reversion.set_comment(f"Imported from {filename}.")
                outcome = _import_item(plan, source, publish)
            label = apps.get_model(plan.model)._meta.verbose_name
            report.add(outcome, label, plan.slug)
            if plan.suggested and outcome == "created":
                report.suggested.append((label, plan))
    return report


def _import_item(plan: ItemPlan, source: SourceDocument, publish: bool) -> str:
    model = apps.get_model(plan.model)
    if plan.suggested:
        plan.slug = _free_slug(model, plan, source)
        publish = False  # a suggestion waits for a person to confirm it
    item = model.objects.filter(slug=plan.slug).first()
    if item is not None:
        if item.body != item.source_body:
            return "skipped"
        same = (
            item.source_body == plan.body
            and item.source_id == source.pk
            and (item.source_start_line, item.source_end_line) == (plan.start_line, plan.end_line)
        )
        if same:
            return "unchanged"
        before = item.vouched_content()
        item.body = item.source_body = plan.body
        item.source = source
        item.source_start_line, item.source_end_line = plan.start_line, plan.end_line
        item.reset_verification_if_changed(before)
        item.save()
        return "updated"

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
        status=Status.PUBLISHED if publish else Status.DRAFT,
        suggested_by_import=plan.suggested,
    )
    many = {}
    for name, value in plan.fields.items():
        if model._meta.get_field(name).many_to_one:
            objects = _related(model, name, [value]) if value else []
            setattr(item, name, objects[0] if objects else None)
        elif isinstance(value, list):
            many[name] = value
        else:
            setattr(item, name, value)
    citations = _related(model, "citations", plan.citations)
    if problems := model.verification_problems(
        item.verification, item.verification_note, citations
    ):
        # E.g. citations this site does not have: no status may vouch without its evidence.
        reason = (
            f"The extraction marks this {item.verification}, but here it lacks "
            f"{' and '.join(problems)}: unverified until a reviewer checks it."
        )
        earlier = item.verification_note.strip()
        item.verification = Verification.UNVERIFIED
        item.verification_note = f"{reason}\n\nExtraction note: {earlier}" if earlier else reason
    item.save()
    many.update(themes=plan.themes, citations=plan.citations)
    for name, slugs in many.items():
        # A new item has no links yet: add() skips set()'s query for the current ones, and
        # an empty list skips the query (and the signals) altogether.
        if related := _related(model, name, slugs):
            getattr(item, name).add(*related)
    return "created"
