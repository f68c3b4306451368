import re

from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from ..content import content_models
from ..models.rules import Verification
from ..pagination import forgiving_page
from ..views import reads_query_parameters
from . import backends, search
from .backends import MARK_END, MARK_START

RESULTS_PER_PAGE = 10
_MARKED = re.compile(f"{MARK_START}(.*?){MARK_END}", re.DOTALL)
_STRAY_MARKERS = str.maketrans("", "", MARK_START + MARK_END)
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")


def marked_html(text):
    """Escape text from the index, then turn the highlighter's markers into <mark> tags."""
    escaped = escape(text or "")
    return mark_safe(_MARKED.sub(r"<mark>\1</mark>", escaped).translate(_STRAY_MARKERS))


def best_snippet(hit):
    """(snippet, from the verification notes?): the body's, unless only the notes matched."""
    body, notes = hit["snippet_marked"] or "", hit["notes_marked"] or ""
    if MARK_START not in body and MARK_START in notes:
        return notes, True
    return hit["snippet_marked"], False


def type_labels():
    """{kind: (singular label, plural label)} for every content type."""
    return {
        model.content_kind: (
            model._meta.verbose_name.capitalize(),
            model._meta.verbose_name_plural.capitalize(),
        )
        for model in content_models()
    }


def filter_parameters(filters):
    """The URL parameters of the chosen filters (the type is `type`)."""
    chosen = {"type": filters.kind, "verification": filters.verification, "theme": filters.theme}
    return {name: value for name, value in chosen.items() if value}


def facet_links(outcome, name, choices, all_label):
    """'All …' plus one link per choice with its count (the other filters applied)."""
    chosen = getattr(outcome.filters, name)
    params = {"q": outcome.text, **filter_parameters(outcome.filters)}
    parameter = "type" if name == "kind" else name
    counts = outcome.facets.counts[name]
    links = []
    for value, label in [("", all_label), *choices]:
        url_params = {k: v for k, v in {**params, parameter: value}.items() if v}
        if outcome.facets.capped:
            count = f"{backends.COUNT_LIMIT:,}+" if not value else ""
        else:
            total = outcome.facets.theme_total if name == "theme" else sum(counts.values())
            count = str(counts.get(value, 0) if value else total)
        links.append(
            {
                "value": value,
                "label": label,
                "url": "?" + urlencode(url_params),
                "count": count,
                "current": value == (chosen or ""),
                "has_results": bool(outcome.facets.capped or count != "0"),
            }
        )
    return links


def facet_groups(outcome, labels):
    themes = outcome.facets.theme_names
    theme_choices = sorted(themes.items(), key=lambda item: item[1])
    if outcome.filters.theme and outcome.filters.theme not in themes:
        theme_choices.append((outcome.filters.theme, outcome.filters.theme))
    return [
        ("Type", facet_links(outcome, "kind", [(k, p[1]) for k, p in labels.items()], "All types")),
        ("Verification", facet_links(outcome, "verification", Verification.choices, "Any")),
        ("Theme", facet_links(outcome, "theme", theme_choices, "All themes")),
    ]


def read_filters(request, labels):
    """The type, verification and theme asked for; a bad one is dropped with a notice."""
    notices, chosen = [], {}
    checks = {
        "type": (lambda v: v in labels, "is not a type of item, so all types are shown."),
        "verification": (
            lambda v: v in Verification.values,
            "is not a verification status, so items of any status are shown.",
        ),
        "theme": (lambda v: _SLUG.fullmatch(v), "is not a theme, so all themes are shown."),
    }
    for name, (valid, message) in checks.items():
        value = request.GET.get(name, "")
        if value and not valid(value):
            notices.append(f"“{value[:40]}” {message}")
            value = ""
        chosen[name] = value or None
    return chosen, notices


@reads_query_parameters("q", "type", "verification", "theme", "page")
def search_view(request):
    text = request.GET.get("q", "")
    labels = type_labels()
    chosen, notices = read_filters(request, labels)
    outcome = search(
        text, kind=chosen["type"], verification=chosen["verification"], theme=chosen["theme"]
    )
    notices += outcome.notices
    shown = text.strip()[:80]
    context = {
        "search_query": text,
        # The reader's own quotes are kept; curly ones are added only around quote-free text.
        "query_heading": shown if '"' in shown else f"“{shown}”",
        "outcome": outcome,
        "kind": chosen["type"] or "",
        "filters": filter_parameters(outcome.filters),
        "notices": notices,
        "has_words": bool(outcome.query),
        "count_limit": f"{backends.COUNT_LIMIT:,}",
        "phrase_window": f"{backends.PHRASE_WINDOW:,}",
        "suggestion_url": "?" + urlencode({"q": outcome.suggestion}),
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
            query_string=urlencode({"q": text, **context["filters"]}),
            hits=[search_hit(hit, labels) for hit in page_obj.object_list],
            facet_groups=facet_groups(outcome, labels),
        )
    response = render(request, "iomkb/search.html", context)
    if notices:
        add_never_cache_headers(response)  # as in PublishedListView: bad input isn't cached
    return response


def search_hit(hit, labels):
    """What a result shows, on the page and in the API."""
    snippet, from_notes = best_snippet(hit)
    return {
        "kind": hit["kind"],
        "kind_label": labels.get(hit["kind"], (hit["kind"],))[0],
        "url": hit["url"],
        "title": hit["title"],
        "title_html": marked_html(hit["title_marked"] or hit["title"]),
        "snippet_html": marked_html(snippet),
        "snippet_from_notes": from_notes,
        "summary": hit["summary"],
        "verification": hit["verification"],
        "verification_label": Verification(hit["verification"]).label,
        "updated_at": hit["updated_at"],
    }
