"""make loadtest: a bounded load test on PostgreSQL, optionally with a database outage in it.

Loads a fresh PostgreSQL database with N synthetic items, starts gunicorn (page cache on, Redis
when it answers), and runs wrk for --seconds with --connections over a mix of pages. Passes when
every response was 2xx/3xx and the log holds no error line.

With --fault, PostgreSQL is stopped --fault-at seconds in and started again --outage seconds
later, while a prober records what readers get (a cached page, an uncached page, /healthz)
every half second. Passes when the uncached page gives the friendly 503 while the database is
down, and everything answers 200 again afterwards from the same worker processes (no restart).
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import benchlib

LUA = """
paths = {%s}
counts = {}
function setup(thread) table.insert(threads, thread) end
threads = {}
function init(args) c2xx = 0; c3xx = 0; c503 = 0; cother = 0 end
function request() return wrk.format(nil, paths[math.random(#paths)]) end
function response(status, headers, body)
  if status < 300 then c2xx = c2xx + 1
  elseif status < 400 then c3xx = c3xx + 1
  elseif status == 503 then c503 = c503 + 1
  else cother = cother + 1 end
end
function done(summary, latency, requests)
  local t = {0, 0, 0, 0}
  for _, thread in ipairs(threads) do
    t[1] = t[1] + thread:get("c2xx"); t[2] = t[2] + thread:get("c3xx")
    t[3] = t[3] + thread:get("c503"); t[4] = t[4] + thread:get("cother")
  end
  io.write(string.format("STATUS 2xx=%%d 3xx=%%d 503=%%d other=%%d\\n", t[1], t[2], t[3], t[4]))
end
"""


def pg_cluster(action):
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    sudo = [] if os.geteuid() == 0 else ["sudo", "-u", "postgres"]
    command = [*sudo, "pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action]
    subprocess.run(command, check=True)


def pg_ready():
    return subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"]).returncode == 0


def redis_answers(url):
    try:
        import redis

        return redis.Redis.from_url(url, socket_timeout=1).ping()
    except Exception:
        return False


def mix_of_paths(env, server, static_css):
    """Home, lists, a filtered list, search, themes, the source text, details, static CSS."""
    code = """
import json, django
django.setup()
from iomkb.content import content_models, model_for_kind
from iomkb.models import Theme
Region = model_for_kind("case_study")._meta.get_field("region").related_model
rng = __import__("random").Random(7)
details = [i.get_absolute_url() for model in content_models()
           for i in model.objects.published().order_by("slug")[:400]]
print(json.dumps({
    "details": rng.sample(details, min(300, len(details))),
    "regions": list(Region.objects.values_list("slug", flat=True)),
    "themes": list(Theme.objects.values_list("slug", flat=True)[:3]),
}))
"""
    env = {**env, "DJANGO_SETTINGS_MODULE": "iomkb.settings", "DJANGO_LOG_LEVEL": "WARNING"}
    import json

    found = json.loads(
        subprocess.run(
            [benchlib.PYTHON, "-c", code],
            cwd=benchlib.ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    weighted = [
        *["/"] * 20,
        *["/sections/", "/case-studies/", "/legal-frameworks/", "/source/"] * 5,
        *[f"/case-studies/?region={slug}" for slug in found["regions"]] * 3,
        *[f"/case-studies/?page={page}" for page in range(1, 6)],
        *["/search/?q=migration", "/search/?q=trafficking"] * 5,
        *[f"/themes/{slug}/" for slug in found["themes"]],
        *found["details"],
        *[static_css] * 30,
    ]
    answering, dropped = [], set()
    for path in sorted(set(weighted)):
        status = server.status(path)
        (dropped.add(f"{path} (HTTP {status})") if status != 200 else answering.append(path))
    return [path for path in weighted if path in answering], sorted(dropped)


class Prober(threading.Thread):
    """Every half second: a cached page, an uncached page and /healthz, with their statuses."""

    def __init__(self, base):
        super().__init__(daemon=True)
        self.base, self.records, self.stopping = base, [], threading.Event()
        self.started = time.monotonic()

    def get(self, path):
        try:
            with urllib.request.urlopen(self.base + path, timeout=5) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()
        except OSError as error:
            return f"error:{error.__class__.__name__}", b""

    def run(self):
        while not self.stopping.is_set():
            cached, _ = self.get("/")
            uncached, body = self.get(f"/case-studies/?nocache={random.random()}")
            health, _ = self.get("/healthz")
            friendly = b"Back in a moment" in body
            self.records.append(
                (round(time.monotonic() - self.started, 1), cached, uncached, friendly, health)
            )
            time.sleep(0.5)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--fault", action="store_true", help="stop and start PostgreSQL")
    parser.add_argument("--fault-at", type=float, default=20)
    parser.add_argument("--outage", type=float, default=12)
    options = parser.parse_args()

    benchlib.ensure_wrk()
    static_css = benchlib.collectstatic()
    print(f"== loading PostgreSQL with {options.items} items", flush=True)
    db_url = benchlib.fresh_database("postgres", "iomkb_prod_loadtest", options.items)
    redis_url = options.redis_url if redis_answers(options.redis_url) else None
    env = benchlib.base_env(db_url, cache_seconds=600, redis_url=redis_url)
    print(f"== cache: {'Redis ' + redis_url if redis_url else 'local memory'}", flush=True)
    log_path = "/tmp/iomkb-loadtest-gunicorn.log"
    server = benchlib.Gunicorn(env, workers=options.workers, log_path=log_path)
    ok = True
    try:
        paths, dropped = mix_of_paths(env, server, static_css)
        for path in dropped:
            print(f"   not in the mix (not on this branch?): {path}")
        workers_before = sorted(server.worker_pids())
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(LUA % ", ".join(f'"{path}"' for path in paths))
        print(
            f"== wrk: {options.seconds} s, {options.connections} connections, "
            f"{len(paths)} weighted paths ({len(set(paths))} distinct)",
            flush=True,
        )
        prober = Prober(server.base)
        prober.start()
        fault = None
        if options.fault:
            fault = threading.Thread(target=outage, args=(options, prober), daemon=True)
            fault.start()
        result = benchlib.wrk(
            server.base + "/", options.seconds, options.connections, threads=2, script=script.name
        )
        prober.stopping.set()
        prober.join()
        if fault:
            fault.join()
        Path(script.name).unlink()
        print(result["output"])
        workers_after = sorted(server.worker_pids())
        errors = server.log_errors()
        lines = sum(1 for _ in open(log_path))
        print(f"log: {lines} lines, {len(errors)} at ERROR")
        for line in errors[:5]:
            print("   ", line[:300])
        if options.fault:
            ok = report_fault(prober.records, options, workers_before, workers_after, errors)
        else:
            ok = result["non_2xx"] == 0 and not errors and not result["socket_errors"]
            print(
                f"RESULT: {result['rps']:.0f} req/s, p50 {result['p50']:.1f} ms, "
                f"p99 {result['p99']:.1f} ms, non-2xx {result['non_2xx']}, "
                f"socket errors {result['socket_errors'] or 'none'}, log errors {len(errors)}"
                f" -> {'PASS' if ok else 'FAIL'}"
            )
    finally:
        server.stop()
        if not pg_ready():
            pg_cluster("start")
    sys.exit(0 if ok else 1)


def outage(options, prober):
    time.sleep(options.fault_at)
    prober.records.append((round(time.monotonic() - prober.started, 1), "PG STOP"))
    pg_cluster("stop")
    try:
        time.sleep(options.outage)
    finally:
        prober.records.append((round(time.monotonic() - prober.started, 1), "PG START"))
        pg_cluster("start")
        prober.records.append((round(time.monotonic() - prober.started, 1), "PG STARTED"))


def report_fault(records, options, workers_before, workers_after, errors):
    print("timeline (s, cached /, uncached list, friendly 503 page, /healthz):")
    phase, down_statuses, after_statuses = "before", [], []
    for record in records:
        if record[1] == "PG STOP":
            phase = "down"
        elif record[1] == "PG START":  # requested; readers may recover before it returns
            phase = "after"
        print("   ", *record)
        if len(record) == 5 and phase == "down":
            down_statuses.append(record)
        if len(record) == 5 and phase == "after":
            after_statuses.append(record)
    recovered = [r for r in after_statuses if r[2] == 200 and r[4] == 200]
    friendly_503 = any(r[2] == 503 and r[3] for r in down_statuses)
    cached_kept = all(r[1] == 200 for r in down_statuses)
    tail_ok = bool(after_statuses) and all(
        r[1:3] == (200, 200) and r[4] == 200 for r in after_statuses[-4:]
    )
    no_restart = workers_before == workers_after
    print(
        f"RESULT: friendly 503 while down: {friendly_503}; cached page served while down: "
        f"{cached_kept}; first full recovery {recovered[0][0] if recovered else 'never'} s; "
        f"all 200 at the end: {tail_ok}; same workers (no restart): {no_restart} "
        f"{workers_before}; error log lines: {len(errors)}"
    )
    return friendly_503 and tail_ok and no_restart


if __name__ == "__main__":
    main()
