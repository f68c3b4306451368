"""What the public templates compute from an item: its "On this page" contents and its
JSON-LD. Plain functions; iomkb/jinja2.py offers them to the templates."""

import json
import re
from html import unescape

from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import slugify

# Sanitised bodies carry bare headings (iomkb/markdown.py allows no attributes on them).
HEADING = re.compile(r"<h([23])>(.*?)</h\1>", re.S)
# Fewer headings than this and the body is short enough to read without a contents list.
MINIMUM_HEADINGS = 3
# As Django's json_script escapes: nothing in the data can close the script element.
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


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


def article_json_ld(request, item, site_name):
    """schema.org JSON-LD for a content item's page: an Article, based on its source text."""
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": item.title,
        "description": item.summary or item.title,
        "url": request.build_absolute_uri(item.get_absolute_url()),
        "dateModified": item.updated_at.isoformat(),
        "publisher": {"@type": "Organization", "name": site_name},
    }
    if item.published_at:
        data["datePublished"] = item.published_at.isoformat()
    if item.source_url:
        data["isBasedOn"] = request.build_absolute_uri(item.source_url)
    citations = [
        {"@type": "CreativeWork", "name": c.title, **({"url": c.url} if c.url else {})}
        for c in item.citations.all()
    ]
    if citations:
        data["citation"] = citations
    text = json.dumps(data, ensure_ascii=False).translate(_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
