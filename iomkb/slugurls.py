"""URLs whose one argument is a slug, reversed once per URL name rather than once per link
(and URLs without arguments, reversed once).

Django's reverse() costs about 20 µs a call; a list page links each of its items, the home page
over a hundred, so it was a tenth of their CPU (docs/PERFORMANCE.md). The pattern is reversed
with a placeholder once per URL name, script prefix and URLconf, then the slug is put in.
"""

import re
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

PLACEHOLDER = "zz-slug-zz"
# What Django's slug path converter accepts: such a slug needs no quoting in a URL.
SLUG = re.compile(r"[-a-zA-Z0-9_]+")


@lru_cache(maxsize=256)
def _pattern(name, prefix, urlconf):
    return reverse(name, urlconf=urlconf, kwargs={"slug": PLACEHOLDER})


@lru_cache(maxsize=128)
def _fixed_url(name, prefix, urlconf):
    return reverse(name, urlconf=urlconf)


def fixed_url(name):
    """reverse(name) of a URL without arguments, reversed once per script prefix and URLconf
    (every page links a dozen of them)."""
    return _fixed_url(name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


def slug_url(name, slug):
    """reverse(name, kwargs={"slug": slug}), the same string, faster."""
    if not SLUG.fullmatch(slug or ""):
        return reverse(name, kwargs={"slug": slug})  # refuses it as reverse() always has
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _pattern(name, get_script_prefix(), urlconf).replace(PLACEHOLDER, slug)
