"""Shared by bench.py and loadtest.py: databases, gunicorn, wrk, and per-page query counts."""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = os.environ.get("PY", sys.executable)
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
LOAD_FIXTURES = (
    "from django.core.management import call_command; from iomkb.fixturegen import fixture_files;"
    " call_command('loaddata', *fixture_files())"
)
SECRET_KEY = secrets.token_urlsafe(50)


def database_url(engine, name):
    if engine == "sqlite":
        return f"sqlite:////tmp/{name}.sqlite3"
    return f"{PG_URL}/{name}"


def base_env(db_url, cache_seconds=0, redis_url=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("REDIS_URL", None)
    env.update(
        DJANGO_SECRET_KEY=SECRET_KEY,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",  # plain HTTP on the loopback; the proxy does TLS
        DATABASE_URL=db_url,
        DJANGO_PAGE_CACHE_SECONDS=str(cache_seconds),
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
        env["DJANGO_CACHE_KEY_PREFIX"] = f"bench-{secrets.token_hex(4)}"
    return env


def manage(env, *args, quiet=True):
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def fresh_database(engine, name, items, seed=1, stats=None):
    """Create an empty database, migrate, load the demo fixtures and `items` synthetic items:
    what a user gets, with the planner statistics the commands leave (seed_synthetic gathers
    them). `stats="analyze"` runs ANALYZE once more; `stats="none"` deletes them, to show
    what the indexes do alone."""
    db_url = database_url(engine, name)
    if engine == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"/tmp/{name}.sqlite3{suffix}").unlink(missing_ok=True)
    else:
        for sql in (f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'):
            subprocess.run(["psql", PG_URL + "/postgres", "-qc", sql], check=True)
    env = base_env(db_url)
    manage(env, "migrate", "--no-input")
    manage(env, "shell", "-c", LOAD_FIXTURES)
    sections, frameworks = items // 10, items // 5
    manage(
        env,
        "seed_synthetic",
        f"--sections={sections}",
        f"--frameworks={frameworks}",
        f"--case-studies={items - sections - frameworks}",
        f"--seed={seed}",
    )
    if stats:
        manage(env, "shell", "-c", STATS_CODE[engine][stats])
    return db_url


STATS_CODE = {
    engine: {
        "analyze": "from django.db import connection; connection.cursor().execute('ANALYZE')",
        "none": f"from django.db import connection; connection.cursor().execute({forget!r})",
    }
    for engine, forget in [
        ("sqlite", "DELETE FROM sqlite_stat1"),
        ("postgres", "DELETE FROM pg_statistic WHERE starelid IN "
         "(SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace)"),
    ]
}  # fmt: skip


def collectstatic():
    env = base_env(database_url("sqlite", "iomkb-bench-static"))
    manage(env, "collectstatic", "--no-input", "--clear")
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["iomkb/site.css"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn with N sync workers on 127.0.0.1; its stdout (the JSON log) goes to a file."""

    def __init__(self, env, workers=2, log_path="/tmp/iomkb-bench-gunicorn.log"):
        self.port = free_port()
        self.log_path = Path(log_path)
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "iomkb.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "30",
            ],  # fmt: skip
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        for _ in range(100):
            if self.status("/healthz") == 200:
                break
            time.sleep(0.1)
        else:
            self.stop()
            raise RuntimeError(f"gunicorn did not come up; see {self.log_path}")

    def status(self, path):
        try:
            with urllib.request.urlopen(self.base + path, timeout=10) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return None

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def peak_rss_mb(self):
        """Peak resident memory (VmHWM) of the largest worker, in MB."""
        peaks = []
        for pid in self.worker_pids():
            status = Path(f"/proc/{pid}/status").read_text()
            peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)
        return max(peaks, default=0.0)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()

    def log_errors(self):
        """Log lines at ERROR or above (JSON lines, or gunicorn's own tracebacks)."""
        errors = []
        for line in self.log_path.read_text(errors="replace").splitlines():
            try:
                level = json.loads(line).get("level", "")
            except ValueError:
                level = "ERROR" if "Traceback" in line or "[ERROR]" in line else ""
            if level in ("ERROR", "CRITICAL"):
                errors.append(line)
        return errors


def ensure_wrk():
    if shutil.which("wrk"):
        return shutil.which("wrk")
    print("wrk is missing: installing it with apt-get", flush=True)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "wrk"], check=True)
    return shutil.which("wrk")


def parse_duration_ms(text):
    value, unit = float(text[:-2] if text[-2:] in ("us", "ms") else text[:-1]), text[-2:]
    if unit == "us":
        return value / 1000
    if unit == "ms":
        return value
    return value * 1000  # seconds


def wrk(url, seconds=10, connections=4, threads=1, script=None):
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    command += ["--timeout", "5s"]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    result = {"output": output}
    result["rps"] = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    for percent in ("50", "99"):
        match = re.search(rf"^\s+{percent}(?:\.0+)?%\s+([\d.]+\w+)", output, re.MULTILINE)
        result[f"p{percent}"] = parse_duration_ms(match.group(1)) if match else None
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    result["non_2xx"] = int(non_2xx.group(1)) if non_2xx else 0
    errors = re.search(r"Socket errors: (.*)", output)
    result["socket_errors"] = errors.group(1) if errors else ""
    transfer = re.search(r"(\d+) requests in [\d.]+\w+, ([\d.]+)([KMG]B) read", output)
    if transfer and int(transfer.group(1)):
        scale = {"KB": 1, "MB": 1024, "GB": 1024 * 1024}[transfer.group(3)]
        result["kb"] = float(transfer.group(2)) * scale / int(transfer.group(1))
    return result


def query_counts(env, paths):
    """Queries each page runs when rendered afresh, as an anonymous reader."""
    code = f"""
import json, django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1")
counts = {{}}
for path in {list(paths)!r}:
    client.get(path)  # warm per-process caches (e.g. content types)
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    counts[path] = [status, len(queries)]
print(json.dumps(counts))
"""
    env = {**env, "DJANGO_SETTINGS_MODULE": "iomkb.settings", "DJANGO_PAGE_CACHE_SECONDS": "0"}
    env["DJANGO_LOG_LEVEL"] = "WARNING"
    output = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def sample_paths(env):
    """Real addresses in this database for the pages the benchmark measures."""
    code = """
import json, django
django.setup()
from django.db.models import Count
from iomkb.content import model_for_kind
from iomkb.models import Theme
case_study = model_for_kind("case_study")
in_section = case_study._meta.get_field("section")
Region = case_study._meta.get_field("region").related_model
# A typical section: the median number of case studies among the synthetic ones.
sections = list(
    in_section.related_model.objects.published().filter(slug__startswith="se")
    .annotate(n=Count(in_section.related_query_name())).order_by("n", "slug")
)
section = sections[len(sections) // 2]
region = Region.objects.order_by("slug").first()
theme = Theme.objects.order_by("slug").first()
print(json.dumps({"section": section.slug, "region": region.slug, "theme": theme.slug}))
"""
    env = {**env, "DJANGO_SETTINGS_MODULE": "iomkb.settings", "DJANGO_LOG_LEVEL": "WARNING"}
    output = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    found = json.loads(output.strip().splitlines()[-1])
    return {
        "home": "/",
        "section detail": f"/sections/{found['section']}/",
        "filtered case studies": f"/case-studies/?region={found['region']}",
        "search": "/search/?q=migration",
        "theme": f"/themes/{found['theme']}/",
    }


def machine():
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    system = f"{os.uname().sysname} {os.uname().release}"
    return f"{cpu}, {os.cpu_count()} CPUs, {memory / 1024 / 1024:.0f} GB RAM, {system}"
