"""Turn article text into a Document (the rules are listed in the package docstring)."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from .document import Block, Document, ParseError, Section
from .slugs import slugify

MAX_HEADING_LENGTH = 150
MAX_DISCLAIMER_LENGTH = 400

_ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_LIST_ITEM = re.compile(r"^\s*[-*+•]\s+(\S.*)$")
_TERMINAL_PUNCTUATION = ".?!:;,…"
_CLOSING_MARKS = "\"'”’»)]}"
# C0 controls and DEL, except tab and form feed (text tools write those); XML cannot carry them.
_CONTROL_CHARACTER = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f]")

_DISCLAIMER_PHRASE = re.compile(
    r"\bdisclaimer\b"
    r"|\bnot (?:\w+ ){0,3}(?:legal|financial|medical|professional) advice\b"
    r"|\bfor (?:general )?information(?:al)? (?:purposes )?only\b"
    r"|\b(?:no|not|cannot|can't|without)\b[^.]{0,40}\b(?:guarantee|warrant|accura)"
    r"|\baccura\w*\b[^.]{0,40}\bnot\b",
    re.IGNORECASE,
)
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
    lines = _split_lines(_decode(data))
    _refuse_control_characters(lines)
    content = [i for i, line in enumerate(lines) if line.strip()]
    if not content:
        raise ParseError("the text is empty")
    if len(content) == 1:
        raise ParseError("the text has only a title line and nothing after it")

    title_index, first = content[0], content[1]
    title = _strip_heading_marker(lines[title_index])
    markdown = any(_markdown_heading(lines[i]) for i in content[1:])
    disclaimer_candidate = _is_prose(lines[first], markdown) and _looks_like_disclaimer(
        lines[first].strip()
    )
    # Blank lines around the title and the disclaimer are layout, not paragraph breaks.
    body = [i for i in content if i > first] if disclaimer_candidate else content[1:]
    blank_separated = any(b - a > 1 for a, b in zip(body, body[1:], strict=False))

    disclaimer = disclaimer_line = disclaimer_end_line = None
    start = first
    if disclaimer_candidate:
        end = _paragraph_end(lines, first, blank_separated, markdown)
        text = _join(lines[first : end + 1])
        if _looks_like_disclaimer(text):
            disclaimer, disclaimer_line, disclaimer_end_line = text, first + 1, end + 1
            start = end + 1

    intro: list[Block] = []
    sections: list[tuple[_Heading, list[Block]]] = []
    for item in _items(lines, start, blank_separated, markdown):
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


def _decode(data: bytes | str) -> str:
    if isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise ParseError("not UTF-8 text: the file is UTF-16 encoded; save it as UTF-8")
        if (nul := raw.find(b"\x00")) != -1:
            raise ParseError(f"not UTF-8 text: binary data (NUL byte at position {nul})")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            before = raw[: exc.start].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
            line = before.count(b"\n") + 1
            raise ParseError(
                f"not UTF-8 text: invalid byte 0x{raw[exc.start]:02x} "
                f"at position {exc.start} (line {line})"
            ) from None
    elif isinstance(data, str):
        text = data
        if (nul := text.find("\x00")) != -1:
            raise ParseError(f"not UTF-8 text: binary data (NUL character at position {nul})")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ParseError(
                f"not UTF-8 text: unencodable character at position {exc.start}"
            ) from None
    else:
        raise TypeError(f"parse() expects bytes or str, not {type(data).__name__}")
    return text.removeprefix("\ufeff")


def _refuse_control_characters(lines: list[str]) -> None:
    for number, line in enumerate(lines, start=1):
        if match := _CONTROL_CHARACTER.search(line):
            raise ParseError(
                f"not text: binary data (control character 0x{ord(match[0]):02x} on line {number})"
            )


def _split_lines(text: str) -> list[str]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines[-1] == "":
        lines.pop()  # a final newline ends the last line; it does not start a new one
    return lines


def _items(
    lines: list[str], start: int, blank_separated: bool, markdown: bool
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
        elif (
            not markdown
            and _looks_like_heading(line)
            and (not blank_separated or _stands_alone(lines, i, start))
        ):
            yield _Heading(line.strip(), 1, i + 1)
            i += 1
        else:
            end = _paragraph_end(lines, i, blank_separated, markdown)
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


def _paragraph_end(lines: list[str], i: int, blank_separated: bool, markdown: bool) -> int:
    """Return the index of the last line of the paragraph starting at line index i."""
    if not blank_separated:
        return i
    while i + 1 < len(lines) and _is_prose(lines[i + 1], markdown):
        i += 1
    return i


def _is_prose(line: str, markdown: bool) -> bool:
    return bool(
        line.strip() and not _LIST_ITEM.match(line) and not (markdown and _markdown_heading(line))
    )


def _stands_alone(lines: list[str], i: int, start: int) -> bool:
    """True if line index i has blank lines (or the start/end of the body) on both sides."""
    before = i == start or not lines[i - 1].strip()
    after = i + 1 == len(lines) or not lines[i + 1].strip()
    return before and after


def _looks_like_heading(line: str) -> bool:
    text = line.strip()
    if len(text) > MAX_HEADING_LENGTH or not any(char.isalnum() for char in text):
        return False
    return text.rstrip(_CLOSING_MARKS)[-1] not in _TERMINAL_PUNCTUATION


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
    return heading[1] if heading else line.strip()


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
