"""Parse a plain-text (or Markdown) article into a Document tree. Pure Python, no Django.

Rules:

- Input is UTF-8 bytes or str. A BOM is dropped; CRLF and CR become LF. Line numbers are
  1-based and refer to ``Document.lines``.
- The first non-blank line is the title (a leading Markdown ``#`` marker or whole-line bold
  is stripped), unless it is a disclaimer sentence followed by a line that can be a title:
  then that line is the title and the disclaimer comes before it (a hard-wrapped one spans
  the lines that go on in lower case).
- Otherwise the next non-blank line is the disclaimer if it is at most 400 characters and
  either contains a disclaimer phrase ("disclaimer", "not legal advice", "for information(al
  purposes) only", "no guarantee ... accuracy", "accuracy ... not") or mentions machine
  authorship (AI, generated, assembled, automated...) together with a caution (verify,
  check, consult, confirm, accuracy, errors...). Otherwise it is part of the intro. A quote
  marker and emphasis wrapped round the whole disclaimer are dropped.
- Paragraph mode: if blank lines separate paragraphs anywhere after the title and the
  disclaimer, consecutive non-blank lines form one hard-wrapped paragraph (joined with
  single spaces). Without such blank lines every line is its own paragraph.
- Headings: if any line after the title is a Markdown ``#``..``######`` heading, only those
  are headings (level = number of ``#``). Otherwise headings have level 1 and are decided
  from several signals together (``headings.py``): a line of at most 150 characters with a
  letter or digit, not ending in ``. ? ! : ; , …`` (closing quotes/brackets ignored), that
  stands alone (in paragraph mode: blank lines or the start/end of the body on both sides);
  a short single question before its answer (Title Case when every line is a paragraph); a
  whole line in bold (``**...**`` or ``__...__``, markers dropped); numbered lines ``1.``
  ``2)``... whose numbers run on through the document (number dropped; consecutive numbered
  lines are a list, not headings); and, in paragraph mode, a Title Case line or question
  glued to the block it heads, when that block starts a sentence (not a lower-case
  continuation), ends one, and the line is well short of the width the text is wrapped at.
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
