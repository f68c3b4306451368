"""The "On this page" list of long bodies: their h2/h3 headings, each given an id to link to."""

import re
from html import unescape

from django import template
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import slugify

register = template.Library()

# Sanitised bodies carry bare headings (iomkb/markdown.py allows no attributes on them).
HEADING = re.compile(r"<h([23])>(.*?)</h\1>", re.S)
# Fewer headings than this and the body is short enough to read without a contents list.
MINIMUM_HEADINGS = 3


@register.simple_tag
def page_contents(body_html):
    """{"html": the body with ids on its h2/h3, "headings": [{level, id, text}] or [] when
    there are too few to be worth listing}."""
    headings = []
    used = set()

    def with_id(match):
        level, inner = match.groups()
        text = unescape(strip_tags(inner)).strip()
        anchor = base = f"part-{slugify(text)[:60] or 'untitled'}"
        number = 2
        while anchor in used:
            anchor, number = f"{base}-{number}", number + 1
        used.add(anchor)
        headings.append({"level": int(level), "id": anchor, "text": text})
        return f'<h{level} id="{anchor}">{inner}</h{level}>'

    html = HEADING.sub(with_id, body_html or "")
    return {
        "html": mark_safe(html),  # the body was sanitised when saved; only ids were added
        "headings": headings if len(headings) >= MINIMUM_HEADINGS else [],
    }
