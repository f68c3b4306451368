"""Decide which plain-text lines are section headings (texts without Markdown ``#`` headings).

No single rule survives the texts of this family, so a line is judged on several signals
together: its shape (length, final punctuation, Title Case, a question), its markers (a
whole line in bold, a number that runs on through the document), where it stands (alone
between blank lines, or at the start of a block) and what follows it (a paragraph that
starts a sentence, not the lower-case rest of a wrapped line). The rules only add headings
to the ones the parser has always found: a short unpunctuated line standing alone.
"""

import re
from dataclasses import dataclass
from statistics import median

MAX_HEADING_LENGTH = 150
MAX_QUESTION_LENGTH = 120
MAX_QUESTION_WORDS = 16

LIST_ITEM = re.compile(r"^\s*[-*+•]\s+(\S.*)$")
_BOLD_LINE = re.compile(r"^(\*\*|__)(?=\S)(.+?)(?<=\S)\1$")
_NUMBERED = re.compile(r"^(\d{1,2})[.)]\s+(\S.*)$")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_TERMINAL_PUNCTUATION = ".?!:;,…"
_CLOSING_MARKS = "\"'”’»)]}*_"
_SMALL_WORDS = frozenset(
    "a an the and but or nor for so yet of in on at to by up via per from with into onto "
    "over as vs than its their".split()
)


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank line and what it looks like, markers removed."""

    index: int
    text: str  # the heading text it would give: stripped, without bold or number markers
    bold: bool
    number: int | None
    marker: str  # "1. " or "2) " when numbered
    last_mark: str  # the last character that is not a closing quote, bracket or emphasis
    # Short, with a letter or digit, and not ending like a sentence or a lead-in.
    shaped: bool
    # One short question (not a run of sentences).
    question: bool

    @property
    def title_case(self) -> bool:
        words = _WORD.findall(self.text)
        if not words or not words[0][0].isupper():
            return False
        major = [word for word in words if word.lower() not in _SMALL_WORDS]
        capitalised = sum(1 for word in major if word[0].isupper())
        return bool(major) and capitalised >= 0.75 * len(major)


def read_line(index: int, raw: str) -> Line:
    text = raw.strip()
    bold = False
    if match := _BOLD_LINE.match(text):
        text, bold = match[2].strip(), True
    number, marker = None, ""
    if match := _NUMBERED.match(text):
        number, marker, text = int(match[1]), text[: match.start(2)], match[2].strip()
    last_mark = text.rstrip(_CLOSING_MARKS)[-1:] or " "
    shaped = (
        len(text) <= MAX_HEADING_LENGTH
        and last_mark not in _TERMINAL_PUNCTUATION
        and any(char.isalnum() for char in text)
    )
    question = (
        last_mark == "?"
        and len(text) <= MAX_QUESTION_LENGTH
        and len(text.split()) <= MAX_QUESTION_WORDS
        and "? " not in text
    )
    return Line(index, text, bold, number, marker, last_mark, shaped, question)


def plain_text(raw: str) -> str:
    """The line without a whole-line bold marker (for titles)."""
    text = raw.strip()
    match = _BOLD_LINE.match(text)
    return match[2].strip() if match else text


def find_headings(lines: list[str], start: int, blank_separated: bool) -> dict[int, str]:
    """Return {line index: heading text} for the body starting at line index start."""
    context = _Context(lines, start, blank_separated)
    body = [
        read_line(i, lines[i])
        for i in range(start, len(lines))
        if not context.blank(i) and context.starts_block(i) and not LIST_ITEM.match(lines[i])
    ]
    numbered = [line for line in body if line.number is not None]
    in_lists = {line.index for line in numbered if context.next_to_a_numbered_line(line.index)}
    running = _running_numbers([line for line in numbered if line.index not in in_lists], context)
    headings = {}
    for line in body:
        if line.index in running:
            headings[line.index] = line.text
        elif line.index not in in_lists and _is_heading(line, context):
            headings[line.index] = line.marker + line.text
    return headings


class _Context:
    """Where a line stands: blank lines around it, the block it starts, the wrap width."""

    def __init__(self, lines: list[str], start: int, blank_separated: bool):
        self.lines = lines
        self.start = start
        self.blank_separated = blank_separated
        self.wrap_width = _wrap_width(lines, start) if blank_separated else None
        self._blank = [i < start or not line.strip() for i, line in enumerate(lines)]

    def blank(self, i: int) -> bool:
        return i < 0 or i >= len(self._blank) or self._blank[i]

    def next_to_a_numbered_line(self, i: int) -> bool:
        return any(
            not self.blank(j) and _NUMBERED.match(plain_text(self.lines[j])) for j in (i - 1, i + 1)
        )

    def starts_block(self, i: int) -> bool:
        return not self.blank_separated or self.blank(i - 1)

    def stands_alone(self, i: int) -> bool:
        return not self.blank_separated or (self.blank(i - 1) and self.blank(i + 1))

    def next_line(self, i: int) -> str:
        for line in self.lines[i + 1 : i + 40]:
            if line.strip():
                return line.strip()
        return ""

    def block_ends_a_sentence(self, i: int) -> bool:
        """True if the block that continues after line i ends with a full stop (or ? or !)."""
        j = i + 1
        while j + 1 < len(self.lines) and self.lines[j + 1].strip():
            j += 1
        last = self.lines[j].strip().rstrip(_CLOSING_MARKS)
        return bool(last) and last[-1] in ".?!…"


def _is_heading(line: Line, context: _Context) -> bool:
    i = line.index
    if not context.starts_block(i):
        return False
    following = context.next_line(i)
    if line.shaped and context.stands_alone(i):
        return True  # the rule the parser has always had
    if line.question and following and not following.endswith("?"):
        # A question standing alone before its answer; in line-per-paragraph text, where
        # every line stands alone, only a Title Case one (a sentence can be a question).
        return context.blank_separated or line.title_case or line.bold
    if context.stands_alone(i) or not (line.shaped or line.question or line.bold):
        return False
    # A line glued to the block it heads: it must not be the first line of a wrapped paragraph.
    if line.bold:
        return True
    nxt = context.lines[i + 1].strip()
    if LIST_ITEM.match(nxt):
        return line.last_mark != ":"
    if not (nxt[:1].isupper() or nxt[:1].isdigit() or nxt[:1] in "\"'“‘(["):
        return False  # a lower-case continuation: a wrapped sentence
    if not context.block_ends_a_sentence(i):
        return False
    if context.wrap_width is None:
        return line.title_case or line.question
    return (line.title_case or line.question) and len(line.text) <= 0.7 * context.wrap_width


def _running_numbers(numbered: list[Line], context: _Context) -> set[int]:
    """Line indexes of numbered lines (not in a numbered list) whose numbers run 1, 2, 3...
    through the document, each starting a block."""
    found, expected = [], 1
    for line in numbered:
        if (
            line.number == expected
            and context.starts_block(line.index)
            and (line.shaped or line.question)
        ):
            found.append(line.index)
            expected += 1
    return set(found) if len(found) >= 2 else set()


def _wrap_width(lines: list[str], start: int) -> float | None:
    """The width a hard-wrapped text was wrapped at, from lines that continue in lower case."""
    widths = [
        len(lines[i].strip())
        for i in range(start, len(lines) - 1)
        if lines[i].strip() and lines[i + 1].strip()[:1].islower()
    ]
    return median(widths) if len(widths) >= 3 else None
