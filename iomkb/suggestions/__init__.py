"""Suggest case studies and legal frameworks for a text that comes without an
extraction.toml. Pure Python: the importer passes the site's regions and kinds of
intervention in (a Gazetteer) and saves what comes back as drafts marked "suggested".

`suggest()` returns entries shaped like an extraction.toml's tables, so the one code path
(extraction.plan_items) turns curated and suggested entries alike into item plans:
"operations" (one piece of work in one place: case studies) and "instruments" (legal
instruments the text names: frameworks). Every entry carries "suggested": True.
"""

import re

from iomkb.sourcetext import Document, slugify

from .instruments import instruments_in
from .operations import operation_in
from .places import Country, Gazetteer
from .sentences import paragraphs, sentences

__all__ = ["Country", "Gazetteer", "suggest"]


def suggest(document: Document, gazetteer: Gazetteer) -> dict[str, list[dict]]:
    slugs: set[str] = set()
    operations = []
    for paragraph in paragraphs(document):
        if operation := operation_in(paragraph, gazetteer):
            operations.append(
                {
                    "slug": _unique(slugify(operation.title), slugs),
                    "title": operation.title,
                    "lines": [paragraph.start_line, paragraph.end_line],
                    "section": paragraph.heading,
                    "year": operation.year,
                    "region": operation.region,
                    "countries": [gazetteer.country_entry(c) for c in operation.countries],
                    "interventions": operation.interventions,
                    "suggested": True,
                }
            )
    return {"operations": operations, "instruments": _instruments(document, slugs)}


def _instruments(document: Document, slugs: set[str]) -> list[dict]:
    found: dict[str, dict] = {}
    for paragraph in paragraphs(document):
        for sentence in sentences(document, paragraph):
            for instrument in instruments_in(sentence):
                key = instrument.title.lower()
                known = next((k for k in found if _same(k, key)), None)
                if known:
                    if paragraph.heading and paragraph.heading not in found[known]["sections"]:
                        found[known]["sections"].append(paragraph.heading)
                    continue
                start, end = sentence.span
                entry = {
                    "slug": _unique(slugify(instrument.title), slugs),
                    "title": instrument.title,
                    "lines": [start, end],
                    "kind": instrument.kind,
                    "binding": instrument.binding,
                    "year_adopted": instrument.year,
                    "sections": [paragraph.heading] if paragraph.heading else [],
                    "suggested": True,
                }
                if sentence.line:
                    entry["quote"] = sentence.text
                found[key] = entry
    return list(found.values())


def _same(a: str, b: str) -> bool:
    """One title names the other's instrument: its distinctive words are all in the other."""
    words_a, words_b = _distinctive(a), _distinctive(b)
    return bool(words_a and words_b) and (words_a <= words_b or words_b <= words_a)


def _distinctive(title: str) -> set[str]:
    return set(re.findall(r"[\w’'-]+", title)) - {"un", "the", "of", "for", "on", "and", "to", "in"}


def _unique(base: str, taken: set[str]) -> str:
    base = base or "suggestion"
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug
