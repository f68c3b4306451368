"""API latency at N items: p50 and p99 of list, filtered list, detail and search requests.

Seeds a scratch database (demo fixtures plus synthetic items), serves it with one gunicorn
worker on the loopback, and times sequential requests, each to a URL not asked before (no
response is cached; the API caches nothing but the content version). The rate limit is off.
    .venv/bin/python scripts/bench_api.py [--engine sqlite|postgresql] [--items 20000] [--reuse]
"""

import argparse
import json
import statistics
import sys
import time
import urllib.error
import urllib.request

from benchlib import Gunicorn, base_env, database_url, fresh_database

TARGET_P99_MS = 50


def fetch(base, path):
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(base + path, timeout=30) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        raise RuntimeError(f"{path}: HTTP {error.code}: {error.read()[:300]!r}") from None
    elapsed = (time.perf_counter() - started) * 1000
    if status != 200:
        raise RuntimeError(f"{path}: HTTP {status}")
    return elapsed


def sample(base, requests):
    """{label: [paths]}, `requests` distinct paths each, from what the API lists."""
    data = json.loads(urllib.request.urlopen(base + "/api/v1/case-studies/?page_size=100").read())
    cases = [item["slug"] for item in data["results"]]
    regions = sorted({item["region"]["slug"] for item in data["results"] if item["region"]})
    titles = " ".join(item["title"] for item in data["results"]).lower().split()
    words = sorted({word for word in titles if word.isalpha() and len(word) > 4})
    return {
        "case-study list, page n": [f"/api/v1/case-studies/?page={n + 1}" for n in range(requests)],
        "filtered list": [
            f"/api/v1/case-studies/?region={regions[n % len(regions)]}&year_min={1990 + n % 30}"
            for n in range(requests)
        ],
        "detail": [f"/api/v1/case-studies/{cases[n % len(cases)]}/" for n in range(requests)],
        "search": [
            f"/api/v1/search/?q={words[n % len(words)]}+{words[(n * 7 + 3) % len(words)]}"
            for n in range(requests)
        ],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--reuse", action="store_true", help="keep the last run's database")
    parser.add_argument("--db-prefix", default="iomkb_bench_api", help="scratch database name")
    args = parser.parse_args()
    name = f"{args.db_prefix}_{args.engine}"
    if args.reuse:
        db_url = database_url(args.engine, name)
    else:
        db_url = fresh_database(args.engine, name, args.items)
    env = {**base_env(db_url), "DJANGO_API_RATE_LIMIT": "0", "DJANGO_LOG_LEVEL": "WARNING"}
    server = Gunicorn(env, workers=1, log_path="/tmp/iomkb-bench-api.log")
    failed = False
    try:
        fetch(server.base, "/api/v1/")  # the worker's first request loads the API's modules
        print(f"{args.engine}, {args.items:,} items, {args.requests} requests each")
        for label, paths in sample(server.base, args.requests).items():
            times = sorted(fetch(server.base, path) for path in paths)
            p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
            failed |= p99 > TARGET_P99_MS
            print(f"  {label:28} p50 {statistics.median(times):6.1f} ms   p99 {p99:6.1f} ms")
    finally:
        server.stop()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
