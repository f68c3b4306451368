"""/data/: the bulk files and their data dictionary.

Files are made on request and kept in the cache per content version (and origin, since their
links are absolute): the first download after an edit builds them, later ones are served from
the cache, and an edit makes the next download fresh. No cron, no files on disk that could go
stale, and nothing to build when nobody downloads. With the cache down they are built each time.
"""

from functools import wraps

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from ..site.cache import CacheUnavailable, call_cache
from .export import CONTENT_TYPES, FORMATS, dictionary
from .http import ConditionalGet

CACHE_SECONDS = 24 * 3600


def safe_methods(view):
    """GET and HEAD; OPTIONS (a CORS preflight) gets an empty 200; anything else 405."""

    @require_http_methods(["GET", "HEAD", "OPTIONS"])
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=200)
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        return view(request, *args, **kwargs)

    return wrapper


@safe_methods
def data_page(request):
    files = [{"format": fmt.upper(), "url": f"iomkb-content.{fmt}"} for fmt in FORMATS]
    return render(request, "api/data.html", {"files": files, "dictionary": dictionary()})


@safe_methods
def download(request, fmt):
    if fmt not in FORMATS:
        raise Http404("No such file.")
    conditional = ConditionalGet(request)
    not_modified = conditional.not_modified(request)
    if not_modified:
        return not_modified
    base_url = request.build_absolute_uri("/")[:-1]
    body = cached_export(fmt, base_url, conditional.version)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="iomkb-content.{fmt}"'
    conditional.stamp(response)
    return response


def cached_export(fmt, base_url, version):
    if version is None:
        return FORMATS[fmt](base_url)
    key = f"api-export:{fmt}:{version}:{base_url}"
    try:
        body = call_cache(cache.get, key)
    except CacheUnavailable:
        return FORMATS[fmt](base_url)
    if body is None:
        body = FORMATS[fmt](base_url)
        try:
            call_cache(cache.set, key, body, CACHE_SECONDS)
        except CacheUnavailable:
            pass
    return body
