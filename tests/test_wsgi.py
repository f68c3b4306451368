"""The WSGI module as gunicorn loads it."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_wsgi_module_puts_long_lived_objects_out_of_the_collectors_reach():
    code = "import gc, iomkb.wsgi; print(gc.get_freeze_count())"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "iomkb.settings", "DJANGO_DEBUG": "1"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert int(done.stdout.split()[-1]) > 10_000  # Django, the apps and the URLconf
