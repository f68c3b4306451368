import re

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from ..cache import reads_query_parameters
from . import backends, search
from .backends import MARK_END, MARK_START

RESULTS_PER_PAGE = 10
TYPES = {
    "section": "Sections",
    "case_study": "Case studies",
    "legal_framework": "Legal frameworks",
}
KIND_LABELS = {
    "section": "Section",
    "case_study": "Case study",
    "legal_framework": "Legal framework",
}
_MARKED = re.compile(f"{MARK_START}(.*?){MARK_END}", re.DOTALL)
_STRAY_MARKERS = str.maketrans("", "", MARK_START + MARK_END)


def marked_html(text):
    """Escape text from the index, then turn the highlighter's markers into <mark> tags."""
    escaped = escape(text or "")
    return mark_safe(_MARKED.sub(r"<mark>\1</mark>", escaped).translate(_STRAY_MARKERS))


def page_number(value, num_pages):
    """The page to show and, when `value` was unusable, a message saying what we did instead."""
    if value in (None, ""):
        return 1, ""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1, f"“{value[:20]}” is not a page number, so here is the first page."
    if number < 1:
        return 1, "Pages start at 1, so here is the first page."
    if number > num_pages:
        pages = "page" if num_pages == 1 else "pages"
        return num_pages, f"There are only {num_pages} {pages} of results, so here is the last."
    return number, ""


def type_links(text, outcome):
    """'All types' plus one link per type, with counts unless more matched than we count."""
    links = [{"kind": "", "label": "All types", "url": "?" + urlencode({"q": text})}]
    links += [
        {"kind": value, "label": label, "url": "?" + urlencode({"q": text, "type": value})}
        for value, label in TYPES.items()
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
    if kind and kind not in TYPES:
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
        paginator = Paginator(outcome.results, RESULTS_PER_PAGE)
        number, message = page_number(request.GET.get("page"), paginator.num_pages)
        if message:
            notices.append(message)
        page_obj = paginator.page(number)
        context.update(
            page_obj=page_obj,
            is_paginated=page_obj.has_other_pages(),
            query_string=urlencode({"q": text, **({"type": kind} if kind else {})}),
            hits=[
                {
                    "kind_label": KIND_LABELS.get(hit["kind"], hit["kind"]),
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
