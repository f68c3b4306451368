import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iomkb.settings")
application = get_wsgi_application()

# What lives as long as the process (Django, the apps, the URLconf: ~100,000 objects) is moved
# out of the garbage collector's reach, so its full collections, which otherwise walk all of
# it every few dozen requests, stop adding 30-45 ms to one response in fifty (the p99 of
# scripts/bench_api.py; docs/PERFORMANCE.md, "Garbage collection").
len(get_resolver().url_patterns)  # loads the URLconf now, so it is frozen too
gc.freeze()
