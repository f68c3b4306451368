"""Turn a parsed source text plus its extraction.toml into plans for content items.

No database work: build_fixtures serialises the plans, import_source saves them. What differs
between content types (their table in the file, their own fields) is declared on their models
(`SourceDataHooks`) and found through the registry, so this module names none of them.
"""

import os
import re
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .sourcetext import Document, parse, slugify

VERIFICATION_STATUSES = {"unverified", "verified", "disputed"}
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"'])")
# Per input file. The real article is 21 KB. New items are created in bulk (bulkcreate.py):
# a 1 MB text (887 sections) costs about 2.5 s of CPU to import, linear in size.
MAX_INPUT_BYTES = 1024 * 1024
# Django's validate_slug, and the models' SlugField(max_length=100): a slug that fails these
# would be saved anyway and then break every page that reverses a URL for it.
VALID_SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")
MAX_SLUG_LENGTH = 100


class ExtractionError(ValueError):
    """The extraction file does not fit the source text."""


class InputError(ExtractionError):
    """An input file that is not a regular, small enough, UTF-8 file; the message names it."""


@dataclass
class ItemPlan:
    """One content item as the source and the extraction file describe it."""

    model: str  # the content type's label, lower case, as in a fixture ("app_label.modelname")
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
    suggested: bool = False  # proposed by iomkb.suggestions, not named by an extraction file


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


def read_input(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most max_bytes, read without ever going past that."""
    # O_NONBLOCK: opening a FIFO must not wait for a writer before we can refuse it.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise InputError(f"{path}: not a regular file")
    with open(fd, "rb") as file:
        data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"{path}: larger than the {max_bytes / 2**20:g} MB import limit")
    return data


def load_extraction(
    source_path: Path, toml_path: Path | None = None, types=None, suggest: bool = False
) -> Extraction:
    """Parse the source and plan every item. Without a TOML file: its sections, and with
    `suggest` the case studies and frameworks iomkb.suggestions finds in it.

    `types`: the content models to plan, in creation order; by default all of them, from the
    registry (iomkb/content.py)."""
    data = read_input(source_path, MAX_INPUT_BYTES)
    meta = _load_toml(toml_path) if toml_path is not None else None
    return extract(data, Path(source_path).stem, meta, types=types, suggest=suggest)


def extract(data: bytes, name: str, meta: dict | None = None, types=None, suggest=False):
    """load_extraction() for text already read (the admin's upload); `name` gives the
    document's slug when there is no extraction file."""
    if types is None:
        from .content import content_models_by_dependency

        types = content_models_by_dependency()
    document = parse(data)
    if meta is None:
        meta = {"document": {"slug": slugify(name) or "source"}}
        if suggest:
            meta.update(suggested_tables(document, types))
    try:
        validate_slug(meta.get("document", {}).get("slug"), "[document]")
        return Extraction(document=document, meta=meta, items=plan_items(document, meta, types))
    except (KeyError, TypeError, AttributeError) as error:
        # A table without a required key, or a value of the wrong type.
        detail = f"missing key {error}" if isinstance(error, KeyError) else str(error)
        raise ExtractionError(f"incomplete or malformed entry: {detail}") from None


def suggested_tables(document: Document, types) -> dict[str, list[dict]]:
    """Extraction tables proposed by iomkb.suggestions, for the types that take suggestions.
    Reads the site's regions, countries and kinds of intervention (the types' declarations)."""
    from .suggestions import Gazetteer, suggest

    terms = {}
    for model in types:
        terms.update(model.suggestion_terms())
    found = suggest(document, Gazetteer(**terms))
    return {
        model.extraction_table: found[model.suggested_from]
        for model in types
        if model.suggested_from
    }


def _load_toml(path: Path) -> dict:
    data = read_input(path, MAX_INPUT_BYTES)
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise InputError(
            f"{path}: not UTF-8 text (invalid byte 0x{data[error.start]:02x} "
            f"at position {error.start})"
        ) from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"{path}: not valid TOML ({error})") from None


def validate_slug(slug, where: str) -> None:
    if not (isinstance(slug, str) and VALID_SLUG.match(slug) and len(slug) <= MAX_SLUG_LENGTH):
        raise ExtractionError(
            f"{where}: slug {slug!r} is not valid (letters, digits, '-' and '_' only, "
            f"at most {MAX_SLUG_LENGTH} characters)"
        )


def _verification(entry, where):
    status = entry.get("verification", "unverified")
    if status not in VERIFICATION_STATUSES:
        raise ExtractionError(f"{where}: unknown verification status {status!r}")
    return status, entry.get("verification_note", "")


def plan_items(document: Document, meta: dict, types) -> list[ItemPlan]:
    """Plans for the items of each content type in `types` (model classes, in the order their
    items must be created), from the text's sections or the excerpts their tables name."""
    sections_by_heading = {section.heading: section for section in document.sections}

    def section_slug(heading, where):
        if heading not in sections_by_heading:
            raise ExtractionError(f"{where}: no section with heading {heading!r}")
        return sections_by_heading[heading].slug

    plans = []
    for model in types:
        entries = meta.get(model.extraction_table, [])
        if model.from_source_sections:
            plans += _section_plans(document, entries, model, section_slug)
            continue
        for position, entry in enumerate(entries, start=1):
            where = f"{model.extraction_table} {entry.get('slug', '?')}"
            validate_slug(entry.get("slug"), f"[[{model.extraction_table}]]")
            body, start, end = _excerpt(document, entry, where)
            status, note = _verification(entry, where)
            fields = model.extracted_fields(
                entry, position=position, section_slug=lambda h, w=where: section_slug(h, w)
            )
            plans.append(
                ItemPlan(
                    model=model._meta.label_lower,
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
                    suggested=bool(entry.get("suggested")),
                )
            )
    return plans


def _section_plans(document, entries, model, section_slug):
    """One plan per section of the text; the table's entries add metadata, by heading."""
    sections_by_heading = {section.heading: section for section in document.sections}
    section_meta = {}
    for entry in entries:
        if entry["heading"] not in sections_by_heading:
            raise ExtractionError(
                f"extraction names a section the text lacks: {entry['heading']!r}"
            )
        section_meta[entry["heading"]] = entry

    plans = []
    for position, section in enumerate(document.sections, start=1):
        entry = section_meta.get(section.heading, {})
        status, note = _verification(entry, section.heading)
        plans.append(
            ItemPlan(
                model=model._meta.label_lower,
                slug=section.slug,
                title=section.heading,
                body=section.markdown,
                summary=first_sentence(section.blocks[0].text) if section.blocks else "",
                start_line=section.start_line,
                end_line=section.end_line,
                themes=list(entry.get("themes", [])),
                citations=list(entry.get("citations", [])),
                verification=status,
                verification_note=note,
                fields=model.extracted_fields(
                    entry,
                    position=position,
                    section_slug=lambda h, w=section.heading: section_slug(h, w),
                ),
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
