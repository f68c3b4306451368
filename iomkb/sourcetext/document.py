"""The document tree produced by the parser (immutable dataclasses)."""

from dataclasses import dataclass
from typing import Literal


class ParseError(ValueError):
    """The input cannot be parsed; the message is one human-readable line."""


@dataclass(frozen=True)
class Block:
    """A paragraph or a list, with the 1-based source lines it spans."""

    kind: Literal["paragraph", "list"]
    text: str
    items: tuple[str, ...]
    start_line: int
    end_line: int

    @property
    def markdown(self) -> str:
        """The block as Markdown."""
        return self.text


@dataclass(frozen=True)
class Section:
    """A heading and the blocks under it, up to the next heading."""

    heading: str
    slug: str
    level: int
    heading_line: int
    start_line: int
    end_line: int
    blocks: tuple[Block, ...]

    @property
    def markdown(self) -> str:
        """The section body (without the heading) as Markdown."""
        return "\n\n".join(block.markdown for block in self.blocks)


@dataclass(frozen=True)
class Document:
    """A parsed article: title, optional disclaimer, intro blocks and sections."""

    title: str
    title_line: int
    disclaimer: str | None
    disclaimer_line: int | None
    intro: tuple[Block, ...]
    sections: tuple[Section, ...]
    lines: tuple[str, ...]
    # Differs from disclaimer_line only for a hard-wrapped disclaimer in blank-separated text.
    disclaimer_end_line: int | None = None

    def line_text(self, start: int, end: int) -> str:
        """Return source lines start..end (1-based, inclusive) joined with newlines."""
        if not 1 <= start <= end <= len(self.lines):
            raise ValueError(f"line range {start}-{end} is outside 1-{len(self.lines)}")
        return "\n".join(self.lines[start - 1 : end])
