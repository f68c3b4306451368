"""A plain WhiteNoise stack serving iomkb's collected static files: Django's security
middleware, then WhiteNoise's, as WhiteNoise's documentation sets it up (and as the Wagtail
peer of issue 12 has it). `bench_static.py` compares iomkb's own stack with this one."""

from iomkb.settings import *  # noqa: F403

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
]
