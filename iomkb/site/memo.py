"""Answers that change only with the content, computed once per content version.

A list's exact total, the choices of its filter form and a theme's group sizes are the same
for every reader until some content changes (or a scheduled item goes live or expires), and
at 20,000 items the counts are the most expensive queries on their pages. `per_content_version`
keeps each answer in the cache with the content version it was computed under, exactly as
the page cache keeps pages (iomkb/site/cache.py), so a change makes every answer obsolete at
once, with or without the page cache. Reading an answer and the current version is one cache
round trip; with the cache server down the answer is computed afresh, never an error.
"""

import hashlib

from django.core.cache import cache

from .cache import (
    CACHE_ERRORS,
    VERSION_KEYS,
    CacheUnavailable,
    call_cache,
    current_content_version,
    note_cache_failure,
)

# Obsolete answers are never served (their version is gone); this only bounds their stay.
TIMEOUT_SECONDS = 24 * 3600


def memo_key(name):
    return "memo:" + hashlib.sha256(name.encode()).hexdigest()


def per_content_version(name, compute):
    """compute()'s answer for `name` under the current content version, computing it only if
    this version has none yet. The answer must be picklable (a number, a list of instances)."""
    key = memo_key(name)
    try:
        values = call_cache(cache.get_many, [*VERSION_KEYS, key])
        version = current_content_version(values)
    except CacheUnavailable:
        return compute()
    except CACHE_ERRORS as error:
        note_cache_failure(error)
        return compute()
    entry = values.get(key)
    if entry is not None and entry[0] == version:
        return entry[1]
    value = compute()
    try:
        call_cache(cache.set, key, (version, value), TIMEOUT_SECONDS)
    except CacheUnavailable:
        pass  # logged by call_cache; the next request computes it again
    return value
