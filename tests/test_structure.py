"""The house plan holds: one list of content types, and imports that point one way."""

import ast
from pathlib import Path

import pytest
from django.core.cache import cache
from django.template.loader import get_template

from iomkb.content import content_models, kind_choices, model_for_kind, public_models
from iomkb.models import SearchEntry, Theme
from iomkb.site.cache import VERSION_KEY, bump_content_version
from iomkb.site.sitemaps import sitemaps

BASE_DIR = Path(__file__).resolve().parent.parent
CONTENT_APPS = ("sections", "casestudies")


def imported_modules(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


@pytest.mark.parametrize(
    "module",
    sorted(
        str(path.relative_to(BASE_DIR))
        for path in (BASE_DIR / "iomkb").rglob("*.py")
        if "migrations" not in path.parts
        and path.name not in ("settings.py", "urls.py", "test_settings.py")
        and "management" not in path.parts
    ),
)
def test_the_core_and_its_sub_apps_never_import_the_content_apps(module):
    imports = list(imported_modules(BASE_DIR / module))
    assert not [name for name in imports if name.split(".")[0] in CONTENT_APPS]


def test_site_and_search_do_not_import_the_editorial_admin():
    for package in ("site", "search"):
        for path in (BASE_DIR / "iomkb" / package).rglob("*.py"):
            assert not [m for m in imported_modules(path) if m.startswith("iomkb.editorial")]


def test_every_content_type_declares_what_the_site_needs():
    models = content_models()
    kinds = [model.content_kind for model in models]
    assert len(set(kinds)) == len(kinds) == len(kind_choices())
    for model in models:
        assert model_for_kind(model.content_kind) is model
        assert model.list_url().startswith("/")
        get_template(f"includes/cards/{model.content_kind}.html")
    assert len(sitemaps()) == len(models) + 2  # the fixed pages and themes besides


@pytest.mark.django_db
def test_saving_a_search_entry_leaves_the_page_cache_alone():
    bump_content_version()
    version = cache.get(VERSION_KEY)
    SearchEntry.objects.create(kind="section", object_id=1, url="/x/", title="x", status="draft")
    assert cache.get(VERSION_KEY) == version
    Theme.objects.create(name="Shown on pages", slug="shown")
    assert cache.get(VERSION_KEY) != version


def test_public_models_are_content_what_it_links_to_and_link_tables():
    names = {model._meta.label for model in public_models()}
    assert {"iomkb.Theme", "iomkb.Citation", "iomkb.SourceDocument"} <= names
    assert "iomkb.SearchEntry" not in names
    assert not any(name.startswith(("auth.", "reversion.")) for name in names)
