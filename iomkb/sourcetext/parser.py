"""Turn article text into a Document (the rules are listed in the package docstring)."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from .document import Block, Document, ParseError, Section
from .headings import LIST_ITEM as _LIST_ITEM
from .headings import MAX_HEADING_LENGTH, find_headings, plain_text
from .reading import decode, refuse_control_characters, split_lines
from .slugs import slugify

MAX_DISCLAIMER_LENGTH = 400

_ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")

_DISCLAIMER_PHRASE = re.compile(
    r"\bdisclaimer\b"
    r"|\bnot (?:\w+ ){0,3}(?:legal|financial|medical|professional) advice\b"
    r"|\bfor (?:general )?information(?:al)? (?:purposes )?only\b"
    r"|\b(?:no|not|cannot|can't|without)\b[^.]{0,40}\b(?:guarantee|warrant|accura)"
    r"|\baccura\w*\b[^.]{0,40}\bnot\b",
    re.IGNORECASE,
)
_EMPHASISED = re.compile(r"^(\*\*|\*|__|_)(?=\S)(.+?)(?<=\S)\1$")
_MACHINE_MADE = re.compile(
    r"\b(?:ai|a\.i\.|artificial intelligence|llm|chatgpt|machine|automated|automatically"
    r"|generated|assembled)\b",
    re.IGNORECASE,
)
_CAUTION = re.compile(
    r"verif|\bcheck|\bconsult|\bconfirm|\baccura|\berrors?\b|\bmistakes?\b", re.IGNORECASE
)


@dataclass(frozen=True)
class _Heading:
    text: str
    level: int
    line: int


def parse(data: bytes | str) -> Document:
    """Parse an article given as UTF-8 bytes or str; raise ParseError if it is unusable."""
    lines = split_lines(decode(data))
    refuse_control_characters(lines)
    content = [i for i, line in enumerate(lines) if line.strip()]
    if not content:
        raise ParseError("the text is empty")
    if len(content) == 1:
        raise ParseError("the text has only a title line and nothing after it")

    markdown = any(_markdown_heading(lines[i]) for i in content[1:])
    title_index, disclaimer_span = _title_and_disclaimer(lines, content, markdown)
    after_title = [i for i in content if i > title_index]
    first = after_title[0] if after_title else None
    if first is None:
        raise ParseError("the text has only a title line and nothing after it")
    title = _strip_heading_marker(lines[title_index])
    disclaimer_candidate = disclaimer_span is None and (
        _is_prose(lines[first], markdown) and _looks_like_disclaimer(lines[first].strip())
    )
    # Blank lines around the title and the disclaimer are layout, not paragraph breaks.
    skipped = first if disclaimer_candidate else -1
    body = [
        i
        for i in after_title
        if i > skipped and not (disclaimer_span and disclaimer_span[0] <= i <= disclaimer_span[1])
    ]
    blank_separated = any(b - a > 1 for a, b in zip(body, body[1:], strict=False))

    disclaimer = disclaimer_line = disclaimer_end_line = None
    start = title_index + 1
    if disclaimer_span:
        first_line, end = disclaimer_span
        disclaimer = _unemphasise(_join(lines[first_line : end + 1]))
        disclaimer_line, disclaimer_end_line = first_line + 1, end + 1
    elif disclaimer_candidate:
        end = _paragraph_end(lines, first, blank_separated, markdown)
        text = _join(lines[first : end + 1])
        if _looks_like_disclaimer(text):
            disclaimer, disclaimer_line = _unemphasise(text), first + 1
            disclaimer_end_line = end + 1
            start = end + 1

    intro: list[Block] = []
    sections: list[tuple[_Heading, list[Block]]] = []
    headings = {} if markdown else find_headings(lines, start, blank_separated)
    for item in _items(lines, start, blank_separated, markdown, headings):
        if isinstance(item, _Heading):
            sections.append((item, []))
        else:
            (sections[-1][1] if sections else intro).append(item)
    if not sections:
        raise ParseError(
            "no section headings found: expected short lines without final punctuation "
            "(or Markdown '#' headings) after the title"
        )

    return Document(
        title=title,
        title_line=title_index + 1,
        disclaimer=disclaimer,
        disclaimer_line=disclaimer_line,
        intro=tuple(intro),
        sections=_build_sections(sections),
        lines=tuple(lines),
        disclaimer_end_line=disclaimer_end_line,
    )


def _items(
    lines: list[str], start: int, blank_separated: bool, markdown: bool, headings: dict[int, str]
) -> Iterator[_Heading | Block]:
    """Yield headings and blocks in document order, from line index start on."""
    i = start
    while i < len(lines):
        line = lines[i].rstrip()
        if not line:
            i += 1
        elif markdown and (heading := _markdown_heading(line)):
            yield _Heading(heading[1], heading[0], i + 1)
            i += 1
        elif _LIST_ITEM.match(line):
            block, i = _list_block(lines, i, blank_separated)
            yield block
        elif i in headings:
            yield _Heading(headings[i], 1, i + 1)
            i += 1
        else:
            end = _paragraph_end(lines, i, blank_separated, markdown, headings)
            yield Block("paragraph", _join(lines[i : end + 1]), (), i + 1, end + 1)
            i = end + 1


def _list_block(lines: list[str], i: int, blank_separated: bool) -> tuple[Block, int]:
    """Collect the list starting at line index i; return it and the index after it."""
    items: list[str] = []
    start = end = i
    while i < len(lines):
        line = lines[i].rstrip()
        if match := _LIST_ITEM.match(line):
            items.append(match[1])
            end = i
        elif blank_separated and line and line[0].isspace():
            items[-1] += " " + line.strip()  # an indented continuation of a wrapped item
            end = i
        elif not (blank_separated and not line and _next_is_list_item(lines, i)):
            break
        i += 1
    text = "\n".join(f"- {item}" for item in items)
    return Block("list", text, tuple(items), start + 1, end + 1), end + 1


def _next_is_list_item(lines: list[str], i: int) -> bool:
    following = next((line for line in islice(lines, i, None) if line.strip()), "")
    return bool(_LIST_ITEM.match(following))


def _paragraph_end(
    lines: list[str], i: int, blank_separated: bool, markdown: bool, headings=frozenset()
) -> int:
    """Return the index of the last line of the paragraph starting at line index i."""
    if not blank_separated:
        return i
    while i + 1 < len(lines) and _is_prose(lines[i + 1], markdown) and i + 1 not in headings:
        i += 1
    return i


def _is_prose(line: str, markdown: bool) -> bool:
    return bool(
        line.strip() and not _LIST_ITEM.match(line) and not (markdown and _markdown_heading(line))
    )


def _looks_like_disclaimer(text: str) -> bool:
    if len(text) > MAX_DISCLAIMER_LENGTH:
        return False
    return bool(
        _DISCLAIMER_PHRASE.search(text) or (_MACHINE_MADE.search(text) and _CAUTION.search(text))
    )


def _markdown_heading(line: str) -> tuple[int, str] | None:
    match = _ATX_HEADING.match(line.rstrip())
    if match and match[2].strip():
        return len(match[1]), match[2].strip()
    return None


def _strip_heading_marker(line: str) -> str:
    heading = _markdown_heading(line)
    return heading[1] if heading else plain_text(line)


def _title_and_disclaimer(
    lines: list[str], content: list[int], markdown: bool
) -> tuple[int, tuple[int, int] | None]:
    """Return the title's line index and, when a disclaimer comes before the title, the
    disclaimer's first and last line indexes (a hard-wrapped one spans its whole block)."""
    first = end = content[0]
    # A hard-wrapped disclaimer: lines that go on in lower case, then a blank line.
    while end + 1 < len(lines) and lines[end + 1].strip()[:1].islower() and end - first < 5:
        end += 1
    if end + 1 < len(lines) and lines[end + 1].strip():
        end = first
    rest = [i for i in content if i > end]
    lead = _unemphasise(_join(lines[first : end + 1]))
    # A title may mention AI; a disclaimer is a sentence (or says it is a disclaimer).
    sentence = lead.rstrip("\"'”’»)]}")[-1:] in ".!" or _DISCLAIMER_PHRASE.search(lead)
    if (
        len(rest) >= 2
        and sentence
        and _looks_like_disclaimer(lead)
        and _could_be_title(lines[rest[0]], markdown)
    ):
        return rest[0], (first, end)
    return first, None


def _could_be_title(line: str, markdown: bool) -> bool:
    text = _strip_heading_marker(line) if markdown else plain_text(line)
    if _LIST_ITEM.match(line) or len(text) > MAX_HEADING_LENGTH or _looks_like_disclaimer(text):
        return False
    return text.rstrip("\"'”’»)]}*_")[-1:] not in ".!:;,…"


def _unemphasise(text: str) -> str:
    """Drop a Markdown quote marker and emphasis wrapped round the whole text."""
    match = _EMPHASISED.match(text.removeprefix("> ").strip())
    return match[2] if match else text.removeprefix("> ").strip()


def _join(lines: list[str]) -> str:
    return " ".join(line.strip() for line in lines)


def _build_sections(found: list[tuple[_Heading, list[Block]]]) -> tuple[Section, ...]:
    sections = []
    used: set[str] = set()
    # The last suffix tried per base: a heading repeated k times must not retry k suffixes.
    last_suffix: dict[str, int] = {}
    for heading, blocks in found:
        base = slugify(heading.text) or "section"
        n = last_suffix.get(base, 1)
        slug = base if n == 1 else f"{base}-{n}"
        while slug in used:
            n += 1
            slug = f"{base}-{n}"
        last_suffix[base] = n
        used.add(slug)
        end_line = blocks[-1].end_line if blocks else heading.line
        sections.append(
            Section(
                heading.text,
                slug,
                heading.level,
                heading.line,
                heading.line,
                end_line,
                tuple(blocks),
            )
        )
    return tuple(sections)
