"""Turn a parsed source text plus its extraction.toml into plans for content items.

Pure Python (no Django): build_fixtures serialises the plans, import_source saves them.
"""

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .sourcetext import Document, parse, slugify

VERIFICATION_STATUSES = {"unverified", "verified", "disputed"}
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"'])")


class ExtractionError(ValueError):
    """The extraction file does not fit the source text."""


@dataclass
class ItemPlan:
    """One content item as the source and the extraction file describe it."""

    model: str  # "sections.section", "sections.legalframework" or "casestudies.casestudy"
    slug: str
    title: str
    body: str
    start_line: int
    end_line: int
    summary: str = ""
    themes: list[str] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)
    verification: str = "unverified"
    verification_note: str = ""
    fields: dict = field(default_factory=dict)  # model-specific values, relations as slugs


@dataclass
class Extraction:
    document: Document
    meta: dict
    items: list[ItemPlan]

    @property
    def slug(self):
        return self.meta["document"]["slug"]


def first_sentence(text: str) -> str:
    return SENTENCE_END.split(text.strip(), maxsplit=1)[0]


def load_extraction(source_path: Path, toml_path: Path | None = None) -> Extraction:
    """Parse the source and plan every item; without a TOML file, sections only."""
    document = parse(Path(source_path).read_bytes())
    if toml_path is None:
        meta = {"document": {"slug": slugify(Path(source_path).stem)}}
    else:
        try:
            meta = tomllib.loads(Path(toml_path).read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise ExtractionError(f"{toml_path}: not valid TOML ({error})") from None
    return Extraction(document=document, meta=meta, items=plan_items(document, meta))


def _verification(entry, where):
    status = entry.get("verification", "unverified")
    if status not in VERIFICATION_STATUSES:
        raise ExtractionError(f"{where}: unknown verification status {status!r}")
    return status, entry.get("verification_note", "")


def plan_items(document: Document, meta: dict) -> list[ItemPlan]:
    sections_by_heading = {section.heading: section for section in document.sections}
    section_meta = {}
    for entry in meta.get("sections", []):
        if entry["heading"] not in sections_by_heading:
            raise ExtractionError(
                f"extraction names a section the text lacks: {entry['heading']!r}"
            )
        section_meta[entry["heading"]] = entry

    def section_slug(heading, where):
        if heading not in sections_by_heading:
            raise ExtractionError(f"{where}: no section with heading {heading!r}")
        return sections_by_heading[heading].slug

    plans = []
    for order, section in enumerate(document.sections, start=1):
        entry = section_meta.get(section.heading, {})
        status, note = _verification(entry, section.heading)
        body = section.markdown
        plans.append(
            ItemPlan(
                model="sections.section",
                slug=section.slug,
                title=section.heading,
                body=body,
                summary=first_sentence(section.blocks[0].text) if section.blocks else "",
                start_line=section.start_line,
                end_line=section.end_line,
                themes=list(entry.get("themes", [])),
                citations=list(entry.get("citations", [])),
                verification=status,
                verification_note=note,
                fields={"order": order * 10},
            )
        )

    for kind, model in (
        ("legal_frameworks", "sections.legalframework"),
        ("case_studies", "casestudies.casestudy"),
    ):
        for entry in meta.get(kind, []):
            where = f"{kind} {entry.get('slug', '?')}"
            body, start, end = _excerpt(document, entry, where)
            status, note = _verification(entry, where)
            if model == "sections.legalframework":
                fields = {
                    "kind": entry.get("kind", "other"),
                    "binding": entry.get("binding", "unknown"),
                    "year_adopted": entry.get("year_adopted"),
                    "sections": [section_slug(h, where) for h in entry.get("sections", [])],
                }
            else:
                section = entry.get("section")
                fields = {
                    "year": entry.get("year"),
                    "region": entry.get("region"),
                    "countries": list(entry.get("countries", [])),
                    "interventions": list(entry.get("interventions", [])),
                    "section": section_slug(section, where) if section else None,
                    "frameworks": list(entry.get("frameworks", [])),
                }
            plans.append(
                ItemPlan(
                    model=model,
                    slug=entry["slug"],
                    title=entry["title"],
                    body=body,
                    summary=entry.get("summary") or first_sentence(body),
                    start_line=start,
                    end_line=end,
                    themes=list(entry.get("themes", [])),
                    citations=list(entry.get("citations", [])),
                    verification=status,
                    verification_note=note,
                    fields=fields,
                )
            )
    return plans


def _excerpt(document: Document, entry: dict, where: str) -> tuple[str, int, int]:
    """The verbatim body for an excerpt item: its line span, or a quote found inside it."""
    try:
        start, end = entry["lines"]
    except (KeyError, ValueError, TypeError):
        raise ExtractionError(f"{where}: 'lines' must be [first, last]") from None
    if not 1 <= start <= end <= len(document.lines):
        raise ExtractionError(f"{where}: lines {start}-{end} are outside the text")
    text = "\n\n".join(line for line in document.lines[start - 1 : end] if line.strip())
    quote = entry.get("quote")
    if quote is None:
        return text, start, end
    if quote not in text:
        raise ExtractionError(f"{where}: the quote is not verbatim in lines {start}-{end}")
    return quote, start, end
