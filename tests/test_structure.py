"""The house plan holds: one list of content types, and imports that point one way."""

import ast
import re
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
CONTENT_APPS_DIRS = tuple(f"{app}/" for app in CONTENT_APPS)


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


# The house rules on size and naming, checked over the files git tracks.
# Code, templates and styles; not prose (*.md), data (fixtures/, the source text) or pins.
CODE_SUFFIXES = (".py", ".html", ".txt", ".css", ".js", ".toml", ".cfg", ".ini", ".sh")
EXEMPT = ("tests/", "fixtures/", "requirements", "staticfiles/", "node_modules/")


def project_files(suffixes=CODE_SUFFIXES):
    for path in sorted(BASE_DIR.rglob("*")):
        name = path.relative_to(BASE_DIR).as_posix()
        if name.startswith(".") or "/." in name or "__pycache__" in name:
            continue  # .git, .venv, caches
        if "/migrations/" in name or name.startswith(EXEMPT) or not name.endswith(suffixes):
            continue
        if path.is_file():
            yield name, path


def test_no_project_file_is_over_300_lines():
    assert any(name == "manage.py" for name, _ in project_files())
    too_long = {
        name: count
        for name, path in project_files()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > 300
    }
    assert not too_long


def test_no_class_is_over_150_lines():
    too_long = {}
    for name, path in project_files((".py",)):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno + 1 > 150:
                too_long[f"{name}:{node.lineno} {node.name}"] = node.end_lineno - node.lineno + 1
    assert not too_long


# The content types are named in the registry and their models only (and in their own apps,
# and the migrations that froze them). The project wiring (settings, root URLconf) names apps.
CONTENT_TYPE_NAMES = re.compile(
    r"\b(Section|CaseStudy|LegalFramework)\b|casestudies\.|sections\.(section|legalframework)"
    r"|case_studies|legal_frameworks"
)
MAY_NAME_TYPES = {"iomkb/content.py", "iomkb/settings.py", "iomkb/urls.py"}


def test_content_types_are_named_only_in_the_registry_and_their_apps():
    named = [
        f"{name}:{number}: {line.strip()}"
        for name, path in project_files((".py",))
        if not name.startswith((*CONTENT_APPS_DIRS, "iomkb/sourcetext/"))
        and name not in MAY_NAME_TYPES
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if CONTENT_TYPE_NAMES.search(line)
    ]
    assert not named
