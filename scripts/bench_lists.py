"""Render time of the public list pages in-process (Django's test client), page cache off.

    .venv/bin/python scripts/bench_lists.py [--items 2000] [--rounds 30]

Seeds a scratch SQLite database with seed_synthetic (--items split evenly over the content
types), warms each page once (the per-content-version answers), then
reports the median and p95 of `--rounds` renders of each list, plain and filtered ("warm"),
and of renders each right after a content change ("cold": the list's total, its filter choices
and facet counts computed afresh). `--root` runs another checkout's code (to compare).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATHS = [
    "/sections/",
    "/case-studies/",
    "/case-studies/?region=europe&order=-year",
    "/legal-frameworks/",
    "/legal-frameworks/?binding=yes",
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args()
    os.chdir(args.root)
    scratch = tempfile.mkdtemp(prefix="iomkb-bench-lists-")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="iomkb.settings",
        DJANGO_DEBUG="1",
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_PAGE_CACHE_SECONDS="0",
        DATABASE_URL=f"sqlite:///{scratch}/bench.sqlite3",
    )
    sys.path.insert(0, str(args.root))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from iomkb.site.cache import bump_content_version

    call_command("migrate", verbosity=0)
    from iomkb.content import content_models

    models = content_models()
    each = {model.extraction_table: args.items // len(models) for model in models}
    call_command("seed_synthetic", **each)
    client = Client(HTTP_HOST="127.0.0.1")
    for path in PATHS:
        assert client.get(path).status_code == 200, path  # warm: memo answers, templates
        print(f"{path:42} warm {summary(time_renders(client, path, args.rounds))}", end="")
        cold = time_renders(client, path, args.rounds, before=bump_content_version)
        print(f"   cold {summary(cold)}")


def time_renders(client, path, rounds, before=None):
    times = []
    for _ in range(rounds):
        if before:
            before()
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    return sorted(times)


def summary(times):
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    return f"median {statistics.median(times):6.1f} ms p95 {p95:6.1f} ms"


if __name__ == "__main__":
    main()
