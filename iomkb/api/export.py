"""The bulk export: every published item, as JSON (the API's shape) or CSV (one row per item),
deterministic: items in registry order of types, then by slug; lists in a fixed order; nothing
that changes between two runs over the same content (no generation time, no content version)."""

import csv
import io
import json

from ..content import content_models
from .serializers import item_serializer
from .types import item_queryset, own_fields

CHUNK = 1000
JOIN = "; "

# (column, where it is in the item's API representation, description)
SHARED_COLUMNS = [
    ("type", "type", ""),
    ("slug", "slug", "Stable identifier, unique within the site; part of the page address."),
    ("title", "title", "Title."),
    ("summary", "summary", "One or two sentences."),
    ("body_markdown", "body_markdown", "The text, in Markdown (the JSON also has body_html)."),
    ("published_at", "published_at", "When it went public (ISO 8601, UTC)."),
    ("updated_at", "updated_at", "When it was last changed (ISO 8601, UTC)."),
    ("expires_at", "expires_at", "When it stops being public, if set (ISO 8601, UTC)."),
    ("themes", "themes", "Theme slugs, joined with '; '."),
    (
        "verification_status", "verification.status",
        "unverified, verified or disputed, as the public page shows it (a status recorded "
        "without a note and a citation is shown as unverified).",
    ),
    ("verification_note", "verification.note", "What the reviewer checked and found."),
    ("verified_by", "verification.verified_by", "Who verified or disputed it (name)."),
    ("verified_at", "verification.verified_at", "When (ISO 8601, UTC)."),
    (
        "citations", "verification.citations",
        "Keys of the sources checked, joined with '; ' (details: /api/v1/citations/<key>/).",
    ),
    (
        "source_document", "provenance.source_document",
        "Slug of the text it was imported from; empty if written for the site.",
    ),
    ("source_start_line", "provenance.start_line", "First source line (1-based)."),
    ("source_end_line", "provenance.end_line", "Last source line."),
    (
        "edited_since_import", "provenance.edited_since_import",
        "true if the text differs from the source lines it was imported from.",
    ),
    ("source_lines_url", "provenance.source_lines_url", "The source viewer at its lines."),
    ("changes_url", "provenance.changes_url", "Source lines against the text now, if edited."),
    ("html_url", "html_url", "Its public page."),
    ("api_url", "url", "It in the API."),
]  # fmt: skip


def read(data, path):
    for part in path.split("."):
        data = data.get(part) if data is not None else None
    return data


def own_columns():
    """(column, description) for each type's own fields, in registry order, without repeats."""
    columns = {}
    for model in content_models():
        for field in own_fields(model):
            if field.name in columns:
                continue
            text = str(field.help_text or field.verbose_name).rstrip(".").capitalize()
            if field.choices:
                text += ". One of: " + ", ".join(str(value) for value, _ in field.choices)
            if field.is_relation:
                text += ". Slug" + ("s joined with '; '" if field.many_to_many else "")
            columns[field.name] = f"{text}. Only {model._meta.verbose_name_plural}."
    return columns


def dictionary():
    """[(column, description)] of the CSV, which the JSON items share."""
    kinds = ", ".join(model.content_kind for model in content_models())
    shared = [
        (name, f"Content type: one of {kinds}." if name == "type" else text)
        for name, _path, text in SHARED_COLUMNS
    ]
    return shared + list(own_columns().items())


def serialized_items(base_url=""):
    """Each published item's API representation, in export order. One serializer per chunk
    of items (DRF builds a serializer's fields per instance, so not one per item)."""
    context = {"base_url": base_url}
    for model in content_models():
        serializer = item_serializer(model)
        chunk = []
        for item in item_queryset(model).order_by("slug").iterator(chunk_size=CHUNK):
            chunk.append(item)
            if len(chunk) == CHUNK:
                yield from serializer(chunk, many=True, context=context).data
                chunk = []
        if chunk:
            yield from serializer(chunk, many=True, context=context).data


def cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return JOIN.join(cell(v) for v in value)
    if isinstance(value, dict):  # a linked item, term or citation: its identifier
        return value.get("slug") or value.get("key") or ""
    return str(value)


def csv_row(data, own):
    row = [cell(read(data, path)) for _name, path, _text in SHARED_COLUMNS]
    row.extend(cell(data.get(name)) for name in own)
    return row


def export_csv(base_url=""):
    """UTF-8 with a BOM (so spreadsheets read it as UTF-8), one row per item, CRLF lines."""
    own = list(own_columns())
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([name for name, _path, _text in SHARED_COLUMNS] + own)
    for data in serialized_items(base_url):
        writer.writerow(csv_row(data, own))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_json(base_url=""):
    document = {
        "dataset": "IOM Knowledge Base: published content",
        "schema": "Each item has the shape of /api/v1/ item responses (see /api/v1/schema/).",
        "dictionary": [{"column": name, "description": text} for name, text in dictionary()],
        "items": list(serialized_items(base_url)),
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


FORMATS = {"json": export_json, "csv": export_csv}
CONTENT_TYPES = {"json": "application/json", "csv": "text/csv; charset=utf-8"}
