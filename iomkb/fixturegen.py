"""Build the demo fixtures (Django JSON with natural keys) from an Extraction, deterministically."""

import hashlib
import json
from datetime import datetime
from pathlib import Path

from django.apps import apps

from .content import content_models_by_dependency, term_models
from .extraction import Extraction, ItemPlan
from .markdown import render_markdown


def fixture_files():
    """The fixture files, in the order they load: later files refer to earlier ones by natural
    key. Themes, citations and the content apps' terms share taxonomy.json; each content type
    has its own file (its `fixture_file`)."""
    types = content_models_by_dependency()
    return ["taxonomy.json", "source_documents.json", *(model.fixture_file for model in types)]


def _when(value) -> str:
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    return value.isoformat()


def _content_fields(plan: ItemPlan, extraction: Extraction) -> dict:
    when = _when(extraction.meta["document"]["published_at"])
    return {
        "title": plan.title,
        "slug": plan.slug,
        "summary": plan.summary,
        "body": plan.body,
        "body_html": render_markdown(plan.body),
        "status": "published",
        "published_at": when,
        "created_at": when,
        "updated_at": when,
        "verification": plan.verification,
        "verification_note": plan.verification_note,
        "verified_by": None,
        "verified_at": None,
        "citations": [[key] for key in plan.citations],
        "source": [extraction.slug],
        "source_start_line": plan.start_line,
        "source_end_line": plan.end_line,
        "source_body": plan.body,
        "themes": [[slug] for slug in plan.themes],
    }


def _natural_keys(model, values: dict) -> dict:
    """`values` with each related row (named by slug) as its natural key."""
    fields = {}
    for name, value in values.items():
        field = model._meta.get_field(name)
        if field.many_to_many:
            value = [[slug] for slug in value]
        elif field.many_to_one:
            value = [value] if value else None
        fields[name] = value
    return fields


def _terms(meta: dict) -> list:
    """The content apps' vocabularies (regions...), from the tables their models declare."""
    rows = []
    for model in term_models():
        links = [field.name for field in model._meta.fields if field.many_to_one]
        for entry in meta.get(model.extraction_table, []):
            fields = {**entry, **_natural_keys(model, {name: entry.get(name) for name in links})}
            rows.append({"model": model._meta.label_lower, "fields": fields})
    return rows


def build_fixture_data(extraction: Extraction, source_text: str, filename: str) -> dict[str, list]:
    meta = extraction.meta
    document = extraction.document
    taxonomy = []
    for entry in meta.get("themes", []):
        taxonomy.append(
            {
                "model": "iomkb.theme",
                "fields": {**entry, "description": entry.get("description", "")},
            }
        )
    taxonomy += _terms(meta)
    for entry in meta.get("citations", []):
        fields = {
            "key": entry["key"],
            "title": entry["title"],
            "url": entry.get("url", ""),
            "publisher": entry.get("publisher", ""),
            "accessed_on": _when(entry["accessed_on"]) if entry.get("accessed_on") else None,
        }
        taxonomy.append({"model": "iomkb.citation", "fields": fields})

    source = {
        "model": "iomkb.sourcedocument",
        "fields": {
            "slug": extraction.slug,
            "title": document.title,
            "disclaimer": document.disclaimer or "",
            "intro": "\n\n".join(block.markdown for block in document.intro),
            "filename": filename,
            "text": source_text,
            "sha256": hashlib.sha256(source_text.encode("utf-8")).hexdigest(),
            "imported_at": _when(meta["document"]["imported_at"]),
        },
    }

    data = {"taxonomy.json": taxonomy, "source_documents.json": [source]}
    for model in content_models_by_dependency():
        data[model.fixture_file] = []
    for plan in extraction.items:
        model = apps.get_model(plan.model)
        fields = {**_content_fields(plan, extraction), **_natural_keys(model, plan.fields)}
        data[model.fixture_file].append({"model": plan.model, "fields": fields})
    return data


def render_fixture(objects: list) -> str:
    return json.dumps(objects, indent=2, ensure_ascii=False) + "\n"


def write_fixtures(data: dict[str, list], directory: Path) -> list[Path]:
    written = []
    for name in fixture_files():
        path = Path(directory) / name
        path.write_text(render_fixture(data[name]), encoding="utf-8")
        written.append(path)
    return written
