"""`make demo` serves the site as production does (DEBUG off), over plain HTTP on this machine."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
SHOW_SETTINGS = (
    "import json; from django.conf import settings as s; "
    "print(json.dumps([s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, "
    "s.SECURE_HSTS_SECONDS, s.ALLOWED_HOSTS, len(s.SECRET_KEY)]))"
)


def demo_settings():
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(DJANGO_DEMO="1", DJANGO_SETTINGS_MODULE="iomkb.settings")
    result = subprocess.run(
        [sys.executable, "-c", SHOW_SETTINGS],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_demo_settings_are_production_ones_but_for_plain_local_http():
    debug, ssl_redirect, secure_cookies, hsts, hosts, key_length = demo_settings()
    assert debug is False
    assert (ssl_redirect, secure_cookies, hsts) == (False, False, 0)
    assert hosts == ["localhost", "127.0.0.1", "[::1]"]
    assert key_length >= 50
    # The same key on the next start, so a development-server reload keeps everyone logged in.
    assert demo_settings()[5] == key_length


def test_make_demo_runs_the_demo_settings():
    recipe = re.search(r"^demo:.*?\n((?:\t.*\n)+)", (BASE_DIR / "Makefile").read_text(), re.M)
    lines = recipe.group(1).strip().splitlines()
    assert all("DJANGO_DEMO=1" in line for line in lines)
    assert not any("DJANGO_DEBUG=1" in line for line in lines)


@pytest.mark.django_db
def test_more_than_a_thousand_query_parameters_is_a_400_page(client):
    query = "&".join(f"p{number}=1" for number in range(1100))
    response = client.get(f"/case-studies/?{query}")
    assert response.status_code == 400
    assert "This address cannot be read" in response.content.decode()
