"""Where a cold page's CPU goes, in-process: the ORM, the templates, or the rest.

Renders each page through the whole Django stack with the test client (DEBUG off, page cache
off, as `make bench` serves cold pages) against the database in DATABASE_URL, and measures CPU
time (time.process_time: it does not count waiting, so it is steadier than wrk on a busy
machine). Each page: three warm-up requests, then the cheapest of five batches of 20. Split:

- ORM+SQL: inside Django's SQL compiler and QuerySet evaluation (compiling the SQL, running it,
  reading the rows, making model instances), wherever it happens, templates included, and in
  running a query prepared once (iomkb/models/prepared.py);
- templates: rendering, less the queries a template runs itself;
- rest: middleware, URL resolving, the view's own code (building querysets, context).

    DATABASE_URL=sqlite:////tmp/kb.sqlite3 DJANGO_SECRET_KEY=x DJANGO_ALLOWED_HOSTS=testserver \\
        .venv/bin/python scripts/bench_cpu.py [page ...]
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iomkb.settings")
os.environ["DJANGO_PAGE_CACHE_SECONDS"] = "0"
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
os.environ.setdefault("DJANGO_API_RATE_LIMIT", "0")

import django  # noqa: E402

django.setup()

from django.db.models import query  # noqa: E402
from django.db.models.sql import compiler  # noqa: E402
from django.template.backends import django as django_templates  # noqa: E402
from django.template.backends import jinja2 as jinja2_templates  # noqa: E402
from django.test import Client  # noqa: E402

from iomkb.content import content_models, model_for_kind  # noqa: E402
from iomkb.models import Theme  # noqa: E402
from iomkb.models.prepared import PreparedQuery  # noqa: E402

clock = time.process_time
spent = {"orm": 0.0, "render": 0.0, "orm_in_render": 0.0}
depth = {"orm": 0, "render": 0}


def timed(kind, function):
    """`function`, with its CPU time added to spent[kind] (outermost calls only)."""

    def wrapper(*args, **kwargs):
        if depth[kind]:
            return function(*args, **kwargs)
        depth[kind] += 1
        started = clock()
        try:
            return function(*args, **kwargs)
        finally:
            elapsed = clock() - started
            spent[kind] += elapsed
            if kind == "orm" and depth["render"]:
                spent["orm_in_render"] += elapsed
            depth[kind] -= 1

    return wrapper


compiler.SQLCompiler.execute_sql = timed("orm", compiler.SQLCompiler.execute_sql)
query.QuerySet._fetch_all = timed("orm", query.QuerySet._fetch_all)
PreparedQuery.run = timed("orm", PreparedQuery.run)  # detail pages: compiled once, run here
for backend in (django_templates, jinja2_templates):
    backend.Template.render = timed("render", backend.Template.render)


def middle(model):
    slugs = list(model.objects.published().order_by("pk").values_list("slug", flat=True))
    return slugs[len(slugs) // 2]


def pages():
    """The pages `make bench` and the side-by-side with Wagtail measure, in this database."""
    found = {
        f"{model._meta.verbose_name} detail": model(slug=middle(model)).get_absolute_url()
        for model in content_models()
    }
    cases = model_for_kind("case_study").list_url()
    theme = Theme.objects.with_public_items().order_by("slug").first()
    return {
        **found,
        "home": "/",
        "case-study list": cases,
        "filtered list": f"{cases}?region=europe",
        "theme": theme.get_absolute_url() if theme else None,
        "source viewer": "/source/",
        "search": "/search/?q=moldova",
    }


def measure(client, path, batches=5, size=20):
    for _ in range(3):
        response = client.get(path)
    if response.status_code != 200:
        return None
    best = None
    for _ in range(batches):
        for key in spent:
            spent[key] = 0.0
        started = clock()
        for _ in range(size):
            client.get(path)
        total = (clock() - started) / size
        if best is None or total < best["total"]:
            best = {"total": total, **{key: value / size for key, value in spent.items()}}
    return best


def main():
    client = Client()
    wanted = sys.argv[1:]
    print("| page | CPU ms | ORM+SQL | templates | rest |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, path in pages().items():
        if path is None or (wanted and name not in wanted):
            continue
        found = measure(client, path)
        if found is None:
            print(f"| {name} | not 200 | | | |")
            continue
        total, orm = found["total"], found["orm"]
        templates = found["render"] - found["orm_in_render"]
        rest = total - orm - templates
        cells = " | ".join(
            f"{part * 1000:.2f} ({part / total:.0%})" for part in (orm, templates, rest)
        )
        print(f"| {name} | {total * 1000:.2f} | {cells} |", flush=True)


if __name__ == "__main__":
    main()
