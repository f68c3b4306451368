from django.conf import settings


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        # The page without its query string: filtered and paginated views share one canonical URL.
        "canonical_url": request.build_absolute_uri(request.path),
    }
