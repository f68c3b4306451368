"""Static files: iomkb's stack against a plain WhiteNoise stack, the same file, side by side.

    .venv/bin/python scripts/bench_static.py [--rounds 5] [--seconds 10]

Both serve the same hashed site.css from the same collected files, each under gunicorn with 2
sync workers (as `make bench`), DEBUG off: iomkb with its whole middleware stack and headers
(static files are answered first, iomkb/site/staticfiles.py), and plain Django with only the
security and WhiteNoise middleware (scripts/plain_static_settings.py). wrk -t2 -c4, the two
interleaved in every round; the median round of each. Target (issue 12): iomkb within 10 %.
"""

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    benchlib.ensure_wrk()
    css = benchlib.collectstatic()
    env = benchlib.base_env(benchlib.database_url("sqlite", "iomkb-bench-static"))
    benchlib.manage(env, "migrate", "--no-input")
    plain_env = {**env, "DJANGO_SETTINGS_MODULE": "scripts.plain_static_settings"}
    servers = {
        "iomkb": benchlib.Gunicorn(env, log_path="/tmp/iomkb-bench-static.log"),
        "plain WhiteNoise": benchlib.Gunicorn(plain_env, log_path="/tmp/plain-bench-static.log"),
    }
    results = {name: [] for name in servers}
    try:
        for server in servers.values():
            benchlib.wrk(server.base + css, seconds=2, threads=2)  # warm-up
        for number in range(args.rounds):
            for name, server in servers.items():
                result = benchlib.wrk(server.base + css, seconds=args.seconds, threads=2)
                results[name].append(result)
                print(f"round {number + 1} {name}: {result['rps']:.0f} req/s", flush=True)
    finally:
        for server in servers.values():
            server.stop()
    medians = {name: statistics.median(r["rps"] for r in found) for name, found in results.items()}
    plain = medians["plain WhiteNoise"]
    print(f"\n{css}, {args.rounds} rounds of {args.seconds} s, {benchlib.machine()}")
    print("| stack | req/s (median) | range | KB/response | ×plain |")
    print("| --- | ---: | --- | ---: | ---: |")
    for name, found in results.items():
        rates = [r["rps"] for r in found]
        print(
            f"| {name} | {medians[name]:,.0f} | {min(rates):,.0f}–{max(rates):,.0f} "
            f"| {found[0].get('kb', 0):.1f} | {medians[name] / plain:.2f} |"
        )


if __name__ == "__main__":
    main()
