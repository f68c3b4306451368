"""Permanent links to the published versions of content items, and their citation files.

`/<type's plural>/<slug>/v/<revision id>/` shows revision <revision id> of a live item as the
public saw it, with a notice and a link to the current page (`noindex`, canonical → the
current page). Only published versions (iomkb/models/versions.py): a draft, a revision of
another item or model, or an unknown id is 404, like an unpublished item.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.text import slugify

from ..citing import citation_of_version
from ..content import content_models, model_for_kind
from ..models.versions import PublishedVersion

# Each download: its media type, and the Citation property that writes it.
FILE_FORMATS = {
    "ris": ("application/x-research-info-systems", "ris"),
    "bib": ("application/x-bibtex", "bibtex"),
}


def version_urls():
    """Two routes per content type, under its list's address (its plural, as the API's)."""
    for model in content_models():
        segment = slugify(model._meta.verbose_name_plural)
        kind = {"kind": model.content_kind}
        page = f"{segment}/<slug:slug>/v/<int:revision>/"
        yield path(page, content_version, kind, name=f"{model.content_kind}_version")
        yield path(
            f"{page}cite.<slug:fmt>", version_file, kind, name=f"{model.content_kind}_version_file"
        )


def published_version(kind, slug, revision):
    model = model_for_kind(kind)
    # The live item's related rows stand in for the version's where they are the same.
    facts = [name for name in model.fact_fields if model._meta.get_field(name).many_to_one]
    item = (
        model.objects.published()
        .select_related("source", "verified_by", *facts)
        .filter(slug=slug)
        .first()
    )
    version = PublishedVersion.find(item, revision) if item is not None else None
    if version is None:
        raise Http404("No published version of this item has that number.")
    return version


def content_version(request, kind, slug, revision):
    version = published_version(kind, slug, revision)
    current_url = version.item.get_absolute_url()
    context = {
        "object": version.shown,
        "version": version,
        "current_url": current_url,
        "canonical_url": request.build_absolute_uri(current_url),
        "cite": citation_of_version(request, version),
    }
    return render(request, "iomkb/content_version.html", context)


def version_file(request, kind, slug, revision, fmt):
    if fmt not in FILE_FORMATS:
        raise Http404("Citations come as .ris or .bib.")
    citation = citation_of_version(request, published_version(kind, slug, revision))
    media_type, writer = FILE_FORMATS[fmt]
    response = HttpResponse(getattr(citation, writer), content_type=f"{media_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{citation.key}.{fmt}"'
    response["X-Robots-Tag"] = "noindex"
    return response
