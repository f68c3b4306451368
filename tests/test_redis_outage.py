"""A real redis-server, started by these tests on a port of their own, stopped, hung
(SIGSTOP) and brought back: the site never answers 500 and recovers without a restart.

Skipped when redis-server is not on PATH, unless REQUIRE_REDIS=1 or CI=true, when it fails.
"""

import os
import shutil
import signal
import socket
import subprocess
import time

import pytest
import redis
from django.core.cache import cache
from django.urls import reverse

from iomkb.settings import redis_cache
from iomkb.site.cache import health
from tests.editorial_helpers import admin_url, form_data
from tests.factories import make_section

pytestmark = pytest.mark.django_db


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """One redis-server process with no persistence, on its own port."""

    def __init__(self, executable, port):
        self.executable = executable
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [self.executable, "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--daemonize", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        probe = redis.Redis(port=self.port, socket_timeout=1)
        for _ in range(100):
            try:
                probe.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not answer on port {self.port}")

    def stop(self):
        if self.process is not None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            self.process.wait(10)
            self.process = None

    def hang(self):
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        if self.process is not None:
            self.process.send_signal(signal.SIGCONT)


@pytest.fixture(scope="module")
def redis_server():
    executable = shutil.which("redis-server")
    if executable is None:
        reason = "redis-server is not on PATH (apt-get install redis-server)"
        if os.environ.get("REQUIRE_REDIS") == "1" or os.environ.get("CI") == "true":
            pytest.fail(f"REQUIRE_REDIS=1 or CI=true but {reason}")
        pytest.skip(reason)
    server = RedisServer(executable, free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def on_redis(redis_server, settings):
    """The cache on the test's own Redis, running and empty; the page cache on."""
    if redis_server.process is None:
        redis_server.start()
    redis_server.resume()
    redis.Redis(port=redis_server.port).flushdb()
    settings.CACHES = {"default": redis_cache(redis_server.url, "iomkb-outage-test")}
    settings.PAGE_CACHE_SECONDS = 600
    health.forget()
    yield redis_server
    redis_server.resume()
    health.forget()


@pytest.fixture
def boss(django_user_model):
    return django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")


def log_in(client, password="pw"):
    return client.post(reverse("admin:login"), {"username": "boss", "password": password})


def save_in_admin(client, section, body):
    page = client.get(admin_url(section))
    assert page.status_code == 200
    return client.post(admin_url(section), form_data(page, body=body))


def wait_out_the_retry_pause():
    time.sleep(max(0.0, health.retry_at - time.monotonic()))


def test_the_socket_timeouts_reach_the_redis_client(on_redis, settings):
    pool = cache._cache._get_connection_pool(write=True)
    assert pool.connection_kwargs["socket_timeout"] == settings.REDIS_SOCKET_TIMEOUT
    assert pool.connection_kwargs["socket_connect_timeout"] == settings.REDIS_SOCKET_TIMEOUT
    assert 0 < settings.REDIS_SOCKET_TIMEOUT <= 1
    assert pool.make_connection().retry.get_retries() == 0


def test_with_redis_stopped_logins_saves_and_pages_still_work(client, on_redis, boss):
    section = make_section(title="Outage", body="Before.")
    on_redis.stop()

    assert client.get("/sections/outage/").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert log_in(client, "wrong").status_code == 200  # the limit fails open
    assert log_in(client).status_code == 302
    saved = save_in_admin(client, section, "Saved during the outage.")
    assert saved.status_code == 302
    section.refresh_from_db()
    assert section.body == "Saved during the outage."
    assert b"Saved during the outage." in client.get("/sections/outage/").content


def test_with_redis_hung_requests_come_back(client, on_redis, boss, caplog):
    section = make_section(title="Hung", body="Before.")
    on_redis.hang()

    assert client.get("/sections/hung/").status_code == 200
    assert log_in(client).status_code == 302
    assert save_in_admin(client, section, "Saved while hung.").status_code == 302
    assert "cache unavailable: TimeoutError" in caplog.text


def test_after_redis_comes_back_the_limit_and_page_cache_work_again(
    client, on_redis, boss, django_assert_num_queries
):
    make_section(title="Back")
    on_redis.stop()
    assert log_in(client, "wrong").status_code == 200
    assert client.get("/sections/back/").status_code == 200

    on_redis.start()
    wait_out_the_retry_pause()
    for _ in range(5):
        assert log_in(client, "wrong").status_code == 200
    assert log_in(client).status_code == 429
    client.cookies.clear()
    first = client.get("/sections/back/")
    with django_assert_num_queries(0):
        assert client.get("/sections/back/").content == first.content


def test_a_change_saved_while_redis_was_unreachable_shows_once_it_is_back(
    client, on_redis, settings
):
    """Redis kept its data (a network partition): the pages it holds predate the change."""
    section = make_section(title="Partition", body="Old words.")
    assert b"Old words." in client.get("/sections/partition/").content
    reachable = settings.CACHES
    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{free_port()}/0")}

    section.body = "New words."
    section.save()

    settings.CACHES = reachable
    content = client.get("/sections/partition/").content
    assert b"New words." in content
    assert b"Old words." not in content
