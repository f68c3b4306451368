"""Markdown to safe HTML: Python-Markdown renders, nh3 keeps only an allow-list."""

import math
import re
import threading
from html import escape

import markdown as markdown_lib
import nh3
from markdown.extensions import Extension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.inlinepatterns import (
    IMAGE_LINK_RE,
    IMAGE_REFERENCE_RE,
    LINK_RE,
    REFERENCE_RE,
    ImageInlineProcessor,
    ImageReferenceInlineProcessor,
    LinkInlineProcessor,
    ReferenceInlineProcessor,
    ShortImageReferenceInlineProcessor,
    ShortReferenceInlineProcessor,
)

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "h5", "h6", "hr",
    "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead",
    "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}

# Python-Markdown spends tens of microseconds on each piece of markup (a bracket, an asterisk,
# a line, a list item), time that grows with nesting depth times the text nested, and time
# quadratic in the headings or rules of one block: `"[" * 20000` took over 30 s, 25,000 "# a"
# lines 80 s, 400 "a\n=" headings before 100 KB of words 3.6 s. Past this budget, or this
# nesting, the body is shown as plain paragraphs instead. Imported bodies cost under 1.5 units
# per 100 characters; a Markdown-heavy README about 8.
MARKUP_BUDGET = 3000
MARKUP_CHARACTERS = "[]()!*_`<>&|\\\n"
# Indentation, list markers and quote markers at the start of a line: how deep it nests.
LINE_LEAD = re.compile(r"^(?:[ \t>]|(?:[-+*]|\d{1,9}[.)])(?=[ \t]))+", re.MULTILINE)
MAX_LINE_LEAD = 32
HEADING_OR_RULE = re.compile(r"^[ \t]*(?:#|[-=*_][-=*_ \t]*$)", re.MULTILINE)
BLANK_LINE = re.compile(r"\n[ \t]*\n")

# How far a link's text, destination or reference label may reach. Python-Markdown scans from
# each "[" to the end of the paragraph for the matching "]", quadratic in a run of brackets.
LINK_SCAN_LIMIT = 1000
LINK_MAX_NESTED_BRACKETS = 30


def render_markdown(text: str) -> str:
    """Render Markdown and sanitise the result; raw HTML in the input never survives unsafe."""
    text = text or ""
    html = _markdown_html(text) if markup_cost(text) <= MARKUP_BUDGET else _plain_html(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def markup_cost(text):
    """Roughly how much work Markdown has in `text`, in units of about 50 microseconds."""
    characters = sum(text.count(character) for character in MARKUP_CHARACTERS)
    leads = [len(lead.expandtabs(4)) for lead in LINE_LEAD.findall(text)]
    if leads and max(leads) > MAX_LINE_LEAD:
        return math.inf
    return characters + sum(leads) + _heading_cost(text)


def _heading_cost(text):
    """Each heading or rule re-splits the rest of its block: 10 units, plus 2 a kilobyte."""
    if not HEADING_OR_RULE.search(text):
        return 0
    return sum(
        len(HEADING_OR_RULE.findall(block)) * (10 + 2 * len(block) // 1000)
        for block in BLANK_LINE.split(text)
    )


_converters = threading.local()


def _markdown_html(text):
    # One converter per thread, reset between texts (Python-Markdown's documented reuse):
    # building one costs as much as converting a typical body.
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        extensions = [TableExtension(), SaneListExtension(), BoundedParsing()]
        converter = markdown_lib.Markdown(extensions=extensions, output_format="html")
        _converters.markdown = converter
    try:
        return converter.reset().convert(text)
    except RecursionError:  # lists nested hundreds deep on one line: "1. 1. 1. …"
        _converters.markdown = None  # its state is left half-way: start afresh next time
        return _plain_html(text)


def _plain_html(text):
    paragraphs = (paragraph.strip() for paragraph in BLANK_LINE.split(text))
    return "\n".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs if paragraph)


class BoundedLinkScan:
    """Mixin for Python-Markdown's link processors: look for a link's end only nearby."""

    def getText(self, data, index):
        """The text up to the "]" matching the "[" before `index`, brackets nested or not."""
        limit = min(len(data), index + LINK_SCAN_LIMIT)
        depth, position = 1, index
        for _ in range(LINK_MAX_NESTED_BRACKETS):
            close = data.find("]", position, limit)
            if close < 0:
                break
            depth += data.count("[", position, close) - 1
            position = close + 1
            if depth == 0:
                return data[index:close], position, True
        return "", index, False

    def getLink(self, data, index):
        if data.find(")", index, index + LINK_SCAN_LIMIT) < 0:
            return "", None, index, False
        href, title, end, handled = super().getLink(data[index : index + LINK_SCAN_LIMIT], 0)
        return href, title, index + end, handled

    def evalId(self, data, index, text):
        label, end, handled = super().evalId(data[index : index + LINK_SCAN_LIMIT], 0, text)
        return label, index + end, handled


# Python-Markdown's own names, processors, patterns and priorities for links and images.
LINK_PROCESSORS = [
    ("reference", ReferenceInlineProcessor, REFERENCE_RE, 170),
    ("link", LinkInlineProcessor, LINK_RE, 160),
    ("image_link", ImageInlineProcessor, IMAGE_LINK_RE, 150),
    ("image_reference", ImageReferenceInlineProcessor, IMAGE_REFERENCE_RE, 140),
    ("short_reference", ShortReferenceInlineProcessor, REFERENCE_RE, 130),
    ("short_image_ref", ShortImageReferenceInlineProcessor, IMAGE_REFERENCE_RE, 125),
]
BOUNDED_LINK_PROCESSORS = [
    (name, type(f"Bounded{base.__name__}", (BoundedLinkScan, base), {}), pattern, priority)
    for name, base, pattern, priority in LINK_PROCESSORS
]


class BoundedParsing(Extension):
    """Link processors that scan a bounded distance, and no raw-HTML block parsing.

    The raw-HTML block parser (the standard library's HTMLParser) rescans to the end of the
    text from every unclosed "<a ": 100 of them in 100 KB took 2 s. Inline HTML is still
    recognised, and nh3 filters what the output may hold either way.
    """

    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        for name, processor_class, pattern, priority in BOUNDED_LINK_PROCESSORS:
            md.inlinePatterns.register(processor_class(pattern, md), name, priority)
