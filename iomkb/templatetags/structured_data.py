"""schema.org JSON-LD for a content item's page (an Article, based on its source text)."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# As Django's json_script escapes: nothing in the data can close the script element.
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def article_json_ld(context, item):
    request = context["request"]
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": item.title,
        "description": item.summary or item.title,
        "url": request.build_absolute_uri(item.get_absolute_url()),
        "dateModified": item.updated_at.isoformat(),
        "publisher": {"@type": "Organization", "name": context.get("site_name", "")},
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
