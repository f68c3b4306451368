"""CPU per uncached render, in-process: a detail page with and without the subquery that finds
its permanent link, and a version page, with the item at 1 and 300 revisions.

Runs in a scratch SQLite database (the demo fixtures and their first revisions), the page cache
off; rounds alternate with and without the subquery, and each figure is the median of the
rounds' medians (CPU time, so other load on the machine matters less than to wall time).
    .venv/bin/python scripts/bench_permalinks.py [--rounds 10]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def cpu_ms(client, path, requests=40):
    client.get(path)
    samples = []
    for _ in range(requests):
        started = time.process_time()
        response = client.get(path)
        samples.append((time.process_time() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(samples)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="bench-permalinks-")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="iomkb.test_settings",  # plain static files: no collectstatic
        DATABASE_URL=f"sqlite:///{scratch}/db.sqlite3",
        DJANGO_DEMO="1",
        DJANGO_PAGE_CACHE_SECONDS="0",
        DJANGO_LOG_LEVEL="WARNING",
    )
    import django

    django.setup()
    import reversion
    from django.core.management import call_command
    from django.db.models import IntegerField, Value
    from django.test import Client
    from reversion.models import Version

    from iomkb import views
    from iomkb.citing import version_url
    from iomkb.content import content_models
    from iomkb.fixturegen import fixture_files

    call_command("migrate", verbosity=0)
    call_command("loaddata", *fixture_files(), verbosity=0)
    labels = [model._meta.label for model in content_models()]
    call_command("createinitialrevisions", *labels, verbosity=0)
    model = content_models()[1]
    item = model.objects.published().order_by("pk").first()
    first = Version.objects.get_for_object(item).last().revision_id
    client, real = Client(), views.shown_revision
    without = Value(None, output_field=IntegerField())
    for revisions in (1, 300):
        while Version.objects.get_for_object(item).count() < revisions:
            with reversion.create_revision():
                item.save()
        rounds = {"with": [], "without": [], "version": []}
        for _ in range(args.rounds):
            for name in ("with", "without"):
                views.shown_revision = real if name == "with" else (lambda model: without)
                rounds[name].append(cpu_ms(client, item.get_absolute_url()))
            views.shown_revision = real
            rounds["version"].append(cpu_ms(client, version_url(item, first)))
        median = {name: statistics.median(values) for name, values in rounds.items()}
        print(
            f"{revisions:>3} revision(s): detail {median['with']:.2f} ms CPU "
            f"(without the subquery {median['without']:.2f} ms), "
            f"version page {median['version']:.2f} ms"
        )


if __name__ == "__main__":
    main()
