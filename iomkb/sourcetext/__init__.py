"""Parse a plain-text (or Markdown) article into a Document tree. Pure Python, no Django.

Rules:

- Input is UTF-8 bytes or str. A BOM is dropped; CRLF and CR become LF. Line numbers are
  1-based and refer to ``Document.lines``.
- The first non-blank line is the title (a leading Markdown ``#`` marker is stripped).
- The next non-blank line is the disclaimer if it is at most 400 characters and either
  contains a disclaimer phrase ("disclaimer", "not legal advice", "for information(al
  purposes) only", "no guarantee ... accuracy", "accuracy ... not") or mentions machine
  authorship (AI, generated, assembled, automated...) together with a caution (verify,
  check, consult, confirm, accuracy, errors...). Otherwise it is part of the intro.
- Paragraph mode: if blank lines separate paragraphs anywhere after the title and the
  disclaimer, consecutive non-blank lines form one hard-wrapped paragraph (joined with
  single spaces). Without such blank lines every line is its own paragraph.
- Headings: if any line after the title is a Markdown ``#``..``######`` heading, only those
  are headings (level = number of ``#``). Otherwise a heading is a line of at most 150
  characters containing a letter or digit and not ending in ``. ? ! : ; , …`` (closing
  quotes/brackets ignored); it has level 1. In paragraph mode it must also stand alone,
  with blank lines (or the start/end of the body) on both sides, so a short wrapped line
  is never taken for a heading.
- Lines starting with ``-``, ``*``, ``+`` or ``•`` and a space are list items, never headings;
  consecutive items form one list block. In paragraph mode indented lines continue the
  previous item and blank lines between items do not end the list.
- Blocks before the first heading are the intro. Section slugs come from ``slugify`` and are
  made unique within the document with ``-2``, ``-3``... suffixes.
- Errors raise ParseError (a ValueError) with a one-line message: empty text, NUL bytes or
  other control characters (all but tab and form feed), invalid UTF-8, UTF-16, only a title,
  or no headings.
"""

from .document import Block, Document, ParseError, Section
from .parser import parse
from .slugs import slugify

__all__ = ["Block", "Document", "ParseError", "Section", "parse", "slugify"]
