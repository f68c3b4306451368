"""make bench: requests/s, latency, errors, worker memory and query counts per page.

For each database (SQLite, PostgreSQL) and size (N items), load a fresh database as a user
gets it (migrate, loaddata, seed_synthetic; no manual ANALYZE unless --analyze), start gunicorn
(2 sync workers on 127.0.0.1) with the page cache off (cold) and on (warm), and run wrk for a
fixed time against each page and a static CSS file. Each page's req/s is also given as a share
of the static file's in the same mode. Prints one table and writes it into docs/PERFORMANCE.md
between the bench markers, keeping the hand-written notes around it.
"""

import argparse
import datetime
import os
import shlex
import sys
from pathlib import Path

import benchlib
import benchpages

DOC = benchlib.ROOT / "docs" / "PERFORMANCE.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,20000")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--modes", default="cold,warm,warm-redis", help="cold, warm, warm-redis")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument(
        "--db-prefix",
        default="iomkb_prod_bench",
        help="name of the scratch databases (SQLite files in /tmp, PostgreSQL databases), "
        "so two people benchmarking on one machine don't drop each other's",
    )
    stats = parser.add_mutually_exclusive_group()
    stats.add_argument(
        "--analyze",
        dest="stats",
        action="store_const",
        const="analyze",
        help="run ANALYZE after loading (a manual step users don't take)",
    )
    stats.add_argument(
        "--no-stats",
        dest="stats",
        action="store_const",
        const="none",
        help="delete the planner statistics the commands gathered: the indexes alone",
    )
    options = parser.parse_args()
    command = os.environ.get("BENCH_COMMAND") or shlex.join(
        ["python", "scripts/bench.py", *sys.argv[1:]]
    )

    benchlib.ensure_wrk()
    static_css = benchlib.collectstatic()
    rows = []
    for engine in options.databases.split(","):
        for size in [int(n) for n in options.sizes.split(",")]:
            name = f"{options.db_prefix}_{engine}_{size}"
            print(f"== {engine}, N={size}: loading", flush=True)
            db_url = benchlib.fresh_database(engine, name, size, stats=options.stats)
            paths = benchlib.sample_paths(benchlib.base_env(db_url))
            paths.update(benchpages.more_paths(benchlib.base_env(db_url)))
            counts = benchlib.query_counts(benchlib.base_env(db_url), paths.values())
            for mode in options.modes.split(","):
                env = benchlib.base_env(
                    db_url,
                    cache_seconds=0 if mode == "cold" else 600,
                    redis_url=options.redis_url if mode == "warm-redis" else None,
                )
                server = benchlib.Gunicorn(env)
                try:
                    # The static file first: every page is compared with it.
                    pages = [("static CSS", static_css), *paths.items()]
                    static_rps = None
                    for page, path in pages:
                        status = server.status(path)
                        row = {"db": engine, "n": size, "mode": mode, "page": page, "path": path}
                        row["queries"] = counts.get(path, [None, "-"])[1]
                        if status != 200:
                            row["note"] = f"HTTP {status}: page not on this branch"
                            rows.append(row)
                            print(f"   {mode:10} {page:22} HTTP {status}, skipped", flush=True)
                            continue
                        result = benchlib.wrk(
                            server.base + path, options.seconds, options.connections
                        )
                        row.update(result)
                        row["load"] = os.getloadavg()[0]
                        static_rps = static_rps or result["rps"]
                        row["ratio"] = result["rps"] / static_rps
                        rows.append(row)
                        print(
                            f"   {mode:10} {page:22} {result['rps']:8.0f} req/s "
                            f"({row['ratio']:.2f} of static) "
                            f"p50 {result['p50'] or 0:.1f} ms p99 {result['p99'] or 0:.1f} ms "
                            f"non-2xx {result['non_2xx']} {result['socket_errors']} "
                            f"load {row['load']:.1f}",
                            flush=True,
                        )
                    rss = server.peak_rss_mb()
                    errors = server.log_errors()
                finally:
                    server.stop()
                for row in rows:
                    if row["db"] == engine and row["n"] == size and row["mode"] == mode:
                        row["rss"] = rss
                if errors:
                    print(f"   {len(errors)} error lines in the log, e.g. {errors[0][:300]}")

    table = render_table(rows, options)
    print(table)
    if not options.no_write:
        write_doc(table, command)


STATS_NOTE = {
    None: "fresh, as a user gets them (migrate, loaddata, seed_synthetic, which gathers "
    "planner statistics itself; no manual ANALYZE).",
    "analyze": "fresh, then a manual ANALYZE.",
    "none": "fresh, with the planner statistics deleted after loading (the indexes alone).",
}


def render_table(rows, options):
    lines = [
        f"wrk: {options.seconds} s per page, {options.connections} connections, 1 thread; "
        "gunicorn: 2 sync workers. Databases: "
        + STATS_NOTE[options.stats]
        + " ×static: the page's req/s over the static file's, same database, size and mode, "
        "same run. Queries: per page, rendered afresh (cache off) under a content version that "
        "already has its per-version answers (counts, choice lists). "
        "Load: the machine's 1-minute load average after the run (other work shares its CPUs).",
        "",
        "| database | N | page | mode | req/s | ×static | p50 ms | p99 ms | non-2xx "
        "| KB/response | queries | peak RSS/worker MB | load |",
        "| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        if "rps" in row:
            p50 = f"{row['p50']:.1f}" if row["p50"] is not None else "-"
            p99 = f"{row['p99']:.1f}" if row["p99"] is not None else "-"
            failures = str(row["non_2xx"])
            if row["socket_errors"]:
                failures += f" (socket errors: {row['socket_errors']})"
            numbers = (
                f"{row['rps']:.0f} | {row['ratio']:.2f} | {p50} | {p99} | {failures} "
                f"| {row.get('kb', 0):.0f}"
            )
        else:
            numbers = f"{row['note']} | | | | | "
        lines.append(
            f"| {row['db']} | {row['n']:,} | {row['page']} (`{row['path'][:48]}`) | {row['mode']} "
            f"| {numbers} | {row['queries']} | {row.get('rss', 0):.0f} | {row.get('load', 0):.1f} |"
        )
    return "\n".join(lines)


def write_doc(table, command):
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    block = (
        f"{START}\nMeasured {now} on {benchlib.machine()}.\n\nCommand: `{command}` "
        f"(from the repository root).\n\n{table}\n{END}"
    )
    text = DOC.read_text() if DOC.exists() else "# Performance\n\n" + START + "\n" + END + "\n"
    before, _, rest = text.partition(START)
    _, _, after = rest.partition(END)
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(before + block + after)
    print(f"written to {Path(DOC).relative_to(benchlib.ROOT)}")


if __name__ == "__main__":
    main()
