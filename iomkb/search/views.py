import re

from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from ..content import content_models
from ..pagination import forgiving_page
from ..views import reads_query_parameters
from . import backends, search
from .backends import MARK_END, MARK_START

RESULTS_PER_PAGE = 10
_MARKED = re.compile(f"{MARK_START}(.*?){MARK_END}", re.DOTALL)
_STRAY_MARKERS = str.maketrans("", "", MARK_START + MARK_END)


def marked_html(text):
    """Escape text from the index, then turn the highlighter's markers into <mark> tags."""
    escaped = escape(text or "")
    return mark_safe(_MARKED.sub(r"<mark>\1</mark>", escaped).translate(_STRAY_MARKERS))


def type_labels():
    """{kind: (singular label, plural label)} for every content type."""
    return {
        model.content_kind: (
            model._meta.verbose_name.capitalize(),
            model._meta.verbose_name_plural.capitalize(),
        )
        for model in content_models()
    }


def type_links(text, outcome):
    """'All types' plus one link per type, with counts unless more matched than we count."""
    links = [{"kind": "", "label": "All types", "url": "?" + urlencode({"q": text})}]
    links += [
        {"kind": value, "label": label, "url": "?" + urlencode({"q": text, "type": value})}
        for value, (_, label) in type_labels().items()
    ]
    for link in links:
        if outcome.is_capped:
            link["count"] = f"{backends.COUNT_LIMIT:,}+" if not link["kind"] else ""
            link["has_results"] = True
        else:
            count = outcome.counts.get(link["kind"], 0) if link["kind"] else outcome.total
            link["count"], link["has_results"] = str(count), bool(count)
    return links


@reads_query_parameters("q", "type", "page")
def search_view(request):
    text = request.GET.get("q", "")
    kind = request.GET.get("type", "")
    notices = []
    labels = type_labels()
    if kind and kind not in labels:
        notices.append(f"“{kind[:40]}” is not a type of item, so all types are shown.")
        kind = ""
    outcome = search(text, kind=kind or None)
    notices += outcome.notices

    context = {
        "search_query": text,
        "outcome": outcome,
        "kind": kind,
        "notices": notices,
        "has_words": bool(outcome.query),
        "count_limit": f"{backends.COUNT_LIMIT:,}",
    }
    if outcome.query:
        page_obj, message = forgiving_page(
            outcome.results, RESULTS_PER_PAGE, request.GET.get("page")
        )
        if message:
            notices.append(message)
        context.update(
            page_obj=page_obj,
            is_paginated=page_obj.has_other_pages(),
            query_string=urlencode({"q": text, **({"type": kind} if kind else {})}),
            hits=[
                {
                    "kind_label": labels.get(hit["kind"], (hit["kind"],))[0],
                    "url": hit["url"],
                    "title_html": marked_html(hit["title_marked"] or hit["title"]),
                    "snippet_html": marked_html(hit["snippet_marked"]),
                    "summary": hit["summary"],
                }
                for hit in page_obj.object_list
            ],
            type_links=type_links(text, outcome),
        )
    response = render(request, "iomkb/search.html", context)
    if notices:
        add_never_cache_headers(response)  # as in PublishedListView: bad input isn't cached
    return response
