"""The text's paragraphs and sentences, each with the source lines it comes from."""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from iomkb.sourcetext import Block, Document

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"'‘(])")


@dataclass(frozen=True)
class Paragraph:
    text: str
    start_line: int
    end_line: int
    heading: str | None  # the section it is in; None in the intro


@dataclass(frozen=True)
class Sentence:
    text: str
    paragraph: Paragraph
    # The one source line that holds the sentence verbatim, or None when it is wrapped.
    line: int | None

    @property
    def span(self) -> tuple[int, int]:
        if self.line:
            return self.line, self.line
        return self.paragraph.start_line, self.paragraph.end_line


def paragraphs(document: Document) -> Iterator[Paragraph]:
    parts: list[tuple[str | None, tuple[Block, ...]]] = [(None, document.intro)]
    parts += [(section.heading, section.blocks) for section in document.sections]
    for heading, blocks in parts:
        for block in blocks:
            if block.kind == "paragraph":
                yield Paragraph(block.text, block.start_line, block.end_line, heading)


def sentences(document: Document, paragraph: Paragraph) -> Iterator[Sentence]:
    lines = document.lines[paragraph.start_line - 1 : paragraph.end_line]
    for text in _SENTENCE_END.split(paragraph.text):
        holder = next((n for n, line in enumerate(lines) if text in line), None)
        yield Sentence(text, paragraph, None if holder is None else paragraph.start_line + holder)
