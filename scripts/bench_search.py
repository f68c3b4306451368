#!/usr/bin/env python
"""Search latency benchmark: p50/p95 at 1k, 10k and 100k synthetic items, SQLite and PostgreSQL.

    python scripts/bench_search.py                       # both backends, 1k/10k/100k
    python scripts/bench_search.py --backend sqlite --sizes 1000,10000
    python scripts/bench_search.py --postgres-url postgres://postgres@127.0.0.1:5432/iomkb_bench_search

It never touches db.sqlite3: SQLite runs in a temporary file that is deleted afterwards, and
PostgreSQL in its own scratch database (created afresh, dropped afterwards unless --keep).
A timed search is what the /search/ view does: the facet counts (and "Did you mean" when
nothing matches), then the first page of ten with highlighted titles and snippets.
"""

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/iomkb_bench_search"
DEFAULT_SIZES = "1000,10000,100000"

# A mix of what readers type: very common words (match nearly every item), mid-frequency and
# rare words, two-word queries, phrases, an exclusion, an `or`, word forms stemming does not
# reach, typos (a miss, then "Did you mean"), a filtered search, misses, and hostile input.
QUERIES = [
    "migration",
    "international organization",
    "trafficking",
    "legal aid",
    "Haiyan",
    '"capacity building"',
    '"international organization for migration"',
    '"legal aid" migrants',
    "detain",
    "migraton humanitrian",
    "{rare_typo}",
    "migration [case_study]",
    "humanitarian -migration",
    "resettlement or reintegration",
    "displaced populations policy",
    "{rare}",
    "{rare} {rare2}",
    "{rare} migration",
    "xylophone",
    '" * NEAR( -: ) OR',
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="comma-separated item counts")
    parser.add_argument("--repeats", type=int, default=15, help="runs of the query mix per size")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    parser.add_argument(
        "--sqlite-path", help="SQLite file to use and keep (default: a deleted temporary file)"
    )
    parser.add_argument("--details", action="store_true", help="also print each query's timings")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        return run_worker(args)
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    for backend in backends:
        run_backend_in_subprocess(backend, args)


def run_backend_in_subprocess(backend, args):
    """Each backend runs in its own process: Django's database settings are fixed at start-up."""
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "iomkb.test_settings"
    with tempfile.TemporaryDirectory(prefix="iomkb-bench-") as scratch:
        if backend == "sqlite":
            path = Path(args.sqlite_path or f"{scratch}/bench.sqlite3").resolve()
            if path == ROOT / "db.sqlite3":
                sys.exit("Refusing to benchmark in the demo database db.sqlite3.")
            env["DATABASE_URL"] = f"sqlite:///{path}"
        else:
            env["DATABASE_URL"] = args.postgres_url
            create_postgres_database(args.postgres_url)
        try:
            command = [sys.executable, __file__, "--worker", "--sizes", args.sizes]
            command += ["--repeats", str(args.repeats)] + (["--details"] if args.details else [])
            subprocess.run(command, env=env, check=True, cwd=ROOT)
        finally:
            if backend == "postgresql" and not args.keep:
                drop_postgres_database(args.postgres_url)


def _postgres_admin(url):
    import psycopg

    base, _, name = url.rpartition("/")
    if name in {"", "postgres", "iomkb"} or not name.replace("_", "").isalnum():
        sys.exit(f"Refusing to use database {name!r} for a benchmark; name a scratch database.")
    return psycopg.connect(f"{base}/postgres", autocommit=True), name


def create_postgres_database(url):
    connection, name = _postgres_admin(url)
    with connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_postgres_database(url):
    connection, name = _postgres_admin(url)
    with connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


# --- inside the worker process, with Django set up -------------------------------------------


def run_worker(args):
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    print(f"\n{connection.vendor} ({describe(connection)})")
    print(f"{'items':>8} {'index s':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  slowest query")
    words = Vocabulary(random.Random(7))
    for size in [int(size) for size in args.sizes.split(",")]:
        build_seconds = load_items(size, words)
        samples, by_query = time_queries(words, args.repeats)
        p50, p95 = percentile(samples, 50), percentile(samples, 95)
        slowest = max(by_query, key=lambda text: statistics.median(by_query[text]))
        slowest_ms = statistics.median(by_query[slowest])
        print(
            f"{size:>8} {build_seconds:>8.1f} {p50:>8.1f} {p95:>8.1f} {max(samples):>8.1f}"
            f"  {slowest!r} (median {slowest_ms:.1f} ms)",
            flush=True,
        )
        if args.details:
            for text, timings in by_query.items():
                print(
                    f"{'':>18} {statistics.median(timings):>8.1f} {percentile(timings, 95):>8.1f}"
                    f"  {text!r}"
                )


def describe(connection):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            return "SQLite " + cursor.fetchone()[0]
        cursor.execute("SHOW server_version")
        return "PostgreSQL " + cursor.fetchone()[0]


class Vocabulary:
    """Words drawn like real text: the source article's own word frequencies, plus a long tail
    of rare made-up words so that rare-word queries match a handful of items, as names do."""

    def __init__(self, rng):
        self.rng = rng
        text = (ROOT / "fixtures/source/iom-global-migration-governance.txt").read_text()
        self.source_words = re.findall(r"[A-Za-z]+", text)
        syllables = ["ka", "lo", "mi", "ren", "to", "va", "shu", "pel", "dor", "zan", "qui", "bex"]
        self.rare_words = sorted(
            {"".join(rng.choices(syllables, k=rng.randint(3, 4))) for _ in range(30_000)}
        )

    def words(self, count):
        words = self.rng.choices(self.source_words, k=count)
        for index in self.rng.sample(range(count), k=max(1, count // 40)):
            words[index] = self.rng.choice(self.rare_words)
        return words

    def sentence(self, count):
        return " ".join(self.words(count)).capitalize() + "."


def load_items(size, words):
    """Replace all content with `size` synthetic items (bulk), then rebuild the index."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from iomkb.content import content_models
    from iomkb.models import Status
    from iomkb.search.indexing import disconnect_signals, rebuild_index

    disconnect_signals()  # the index is rebuilt in one go below

    now = timezone.now()
    rng = words.rng
    shares = {"section": 0.6, "case_study": 0.3, "legal_framework": 0.1}  # by content_kind
    models = [(model, shares[model.content_kind]) for model in content_models()]
    with transaction.atomic():
        for model, _ in models:
            model.objects.all().delete()
        for model, share in models:
            batch = []
            for number in range(int(size * share)):
                paragraphs = [
                    words.sentence(rng.randint(12, 30)) for _ in range(rng.randint(6, 12))
                ]
                roll = rng.random()
                batch.append(
                    model(
                        title=" ".join(words.words(rng.randint(3, 9))).title(),
                        slug=f"{model._meta.model_name}-{number}",
                        summary=words.sentence(rng.randint(12, 24)),
                        body="\n\n".join(paragraphs),
                        body_html="".join(f"<p>{paragraph}</p>" for paragraph in paragraphs),
                        status=Status.DRAFT if roll < 0.05 else Status.PUBLISHED,
                        published_at=now + timedelta(days=30) if roll > 0.95 else now,
                    )
                )
                if len(batch) == 2000:
                    model.objects.bulk_create(batch)
                    batch = []
            model.objects.bulk_create(batch)
    started = time.perf_counter()
    rebuild_index()
    return time.perf_counter() - started


def time_queries(words, repeats):
    from iomkb.search import search

    rng = random.Random(11)
    samples, by_query = [], {}
    for round_number in range(repeats + 1):
        for template in QUERIES:
            rare = rng.choice(words.rare_words)
            text = template.format(
                rare=rare, rare2=rng.choice(words.rare_words), rare_typo=rare[:-2] + rare[-1]
            )
            text, _, kind = text.partition(" [")
            started = time.perf_counter()
            outcome = search(text, kind=kind.rstrip("]") or None)
            list(outcome.results[:10])
            elapsed_ms = (time.perf_counter() - started) * 1000
            if round_number:  # the first round warms caches and is not counted
                samples.append(elapsed_ms)
                by_query.setdefault(template, []).append(elapsed_ms)
    return samples, by_query


def percentile(samples, percent):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))]


if __name__ == "__main__":
    main()
