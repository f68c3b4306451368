"""slug_url() gives exactly what reverse() gives, for any script prefix, and refuses what
reverse() refuses."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from iomkb.slugurls import slug_url

NAMES = ["sections:detail", "sections:framework_detail", "casestudies:detail", "theme_detail"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("slug", ["a", "labour-migration_2024", "X-1"])
def test_slug_url_is_reverse(name, slug):
    assert slug_url(name, slug) == reverse(name, kwargs={"slug": slug})


def test_slug_url_follows_the_script_prefix():
    try:
        set_script_prefix("/kb/")
        assert slug_url("theme_detail", "climate") == "/kb/themes/climate/"
        assert slug_url("theme_detail", "climate") == reverse("theme_detail", args=["climate"])
    finally:
        set_script_prefix("/")
    assert slug_url("theme_detail", "climate") == "/themes/climate/"


@pytest.mark.parametrize("slug", ["", "has space", "a/b", "é"])
def test_slug_url_refuses_what_reverse_refuses(slug):
    with pytest.raises(NoReverseMatch):
        slug_url("theme_detail", slug)


def test_a_url_without_arguments_is_what_reverse_gives(settings):
    from django.urls import reverse

    from iomkb.slugurls import fixed_url

    assert fixed_url("casestudies:list") == reverse("casestudies:list")
    settings.FORCE_SCRIPT_NAME = "/kb/"
    from django.urls import set_script_prefix

    set_script_prefix("/kb/")
    try:
        assert fixed_url("casestudies:list") == "/kb/case-studies/"
    finally:
        set_script_prefix("/")


def test_static_urls_follow_the_static_settings(settings):
    from iomkb.jinja2 import static

    first = static("iomkb/site.css")
    settings.STATIC_URL = "/elsewhere/"
    assert static("iomkb/site.css").startswith("/elsewhere/")
    assert static("iomkb/site.css") != first
