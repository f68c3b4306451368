"""Build the demo fixtures (Django JSON with natural keys) from an Extraction, deterministically."""

import hashlib
import json
from datetime import datetime
from pathlib import Path

from .extraction import Extraction, ItemPlan
from .markdown import render_markdown

# Loaded in this order; later files refer to earlier ones by natural key.
FIXTURE_FILES = [
    "taxonomy.json",
    "source_documents.json",
    "sections.json",
    "legal_frameworks.json",
    "case_studies.json",
]


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


def _relations(plan: ItemPlan) -> dict:
    fields = dict(plan.fields)
    for name in ("sections", "countries", "interventions", "frameworks"):
        if name in fields:
            fields[name] = [[slug] for slug in fields[name]]
    for name in ("region", "section"):
        if name in fields:
            fields[name] = [fields[name]] if fields[name] else None
    if plan.model == "sections.section":
        fields["parent"] = None
    return fields


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
    for entry in meta.get("regions", []):
        taxonomy.append({"model": "casestudies.region", "fields": dict(entry)})
    for entry in meta.get("countries", []):
        fields = {**entry, "region": [entry["region"]] if entry.get("region") else None}
        taxonomy.append({"model": "casestudies.country", "fields": fields})
    for entry in meta.get("interventions", []):
        taxonomy.append({"model": "casestudies.intervention", "fields": dict(entry)})
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

    by_model = {"sections.section": [], "sections.legalframework": [], "casestudies.casestudy": []}
    for plan in extraction.items:
        fields = {**_content_fields(plan, extraction), **_relations(plan)}
        by_model[plan.model].append({"model": plan.model, "fields": fields})

    return {
        "taxonomy.json": taxonomy,
        "source_documents.json": [source],
        "sections.json": by_model["sections.section"],
        "legal_frameworks.json": by_model["sections.legalframework"],
        "case_studies.json": by_model["casestudies.casestudy"],
    }


def render_fixture(objects: list) -> str:
    return json.dumps(objects, indent=2, ensure_ascii=False) + "\n"


def write_fixtures(data: dict[str, list], directory: Path) -> list[Path]:
    written = []
    for name in FIXTURE_FILES:
        path = Path(directory) / name
        path.write_text(render_fixture(data[name]), encoding="utf-8")
        written.append(path)
    return written
