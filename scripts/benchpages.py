"""The pages `make bench` measures beyond benchlib.sample_paths: one detail page of each other
content type, the plain case-study list and the source viewer (found through the registry)."""

import json
import subprocess

from benchlib import PYTHON, ROOT

CODE = """
import json, django
django.setup()
from iomkb.content import model_for_kind
found = {}
for kind in ("case_study", "legal_framework"):
    items = model_for_kind(kind).objects.published().filter(slug__contains="-").order_by("pk")
    found[kind] = items[items.count() // 2].get_absolute_url()
print(json.dumps(found))
"""


def more_paths(env):
    env = {**env, "DJANGO_SETTINGS_MODULE": "iomkb.settings", "DJANGO_LOG_LEVEL": "WARNING"}
    output = subprocess.run(
        [PYTHON, "-c", CODE], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    found = json.loads(output.strip().splitlines()[-1])
    return {
        "case-study detail": found["case_study"],
        "framework detail": found["legal_framework"],
        "case studies": "/case-studies/",
        "source viewer": "/source/",
    }
