"""Answers that change only with the content, computed once per content version.

A list's exact total, the choices of its filter form and a theme's group sizes are the same
for every reader until some content changes (or a scheduled item goes live or expires), and
at 20,000 items the counts are the most expensive queries on their pages. `per_content_version`
keeps each answer in the cache with the content version it was computed under, exactly as
the page cache keeps pages (iomkb/site/cache.py), so a change makes every answer obsolete at
once, with or without the page cache. With the cache server down the answer is computed
afresh, never an error.

Each process also keeps the answers of the current version in its own memory, so a page that
asks for several answers (a list's total, its facet counts, four choice lists) reads the version
once per request (`request_content_version`) and then each answer from a dict, with no cache
round trip and no unpickling. The answers are shared by the process's requests: callers read
them and never change them (a view that passes one on as a template context copies it first).
"""

import hashlib
import threading
import time

from django.core.cache import cache

from .cache import (
    CACHE_ERRORS,
    CacheUnavailable,
    call_cache,
    note_cache_failure,
    request_content_version,
)

# Obsolete answers are never served (their version is gone); this only bounds their stay.
TIMEOUT_SECONDS = 24 * 3600
# Answers kept in this process's memory for the current version. Names carry the filters of a
# list or a search's words, which readers choose, so the count is bounded.
LOCAL_ANSWERS_MAX = 2000


class LocalAnswers:
    """{name: answer} of the content version this process read last, in its memory: each for
    as long as it may stay in the shared cache (its timeout), the oldest dropped first."""

    def __init__(self):
        self.current = (None, {})  # (version, {name: (deadline, answer)}): replaced whole
        self.latest = None  # the version this process read last
        self.lock = threading.Lock()

    def get(self, version, name):
        """(deadline, answer), or None."""
        self.latest = version
        kept_version, answers = self.current
        kept = answers.get(name) if kept_version == version else None
        return kept if kept is not None and kept[0] > time.monotonic() else None

    def keep(self, version, name, value, timeout):
        with self.lock:
            if version != self.latest:
                return  # a request begun under an older version: not the version to keep
            kept_version, answers = self.current
            if kept_version != version:
                answers = {}
                self.current = (version, answers)
            answers.pop(name, None)
            while len(answers) >= LOCAL_ANSWERS_MAX:
                del answers[next(iter(answers))]  # the oldest
            answers[name] = (time.monotonic() + timeout, value)


local_answers = LocalAnswers()


def memo_key(name):
    return "memo:" + hashlib.sha256(name.encode()).hexdigest()


def per_content_version(name, compute, timeout=TIMEOUT_SECONDS):
    """compute()'s answer for `name` under the current content version, computing it only if
    this version has none yet. The answer must be picklable (a number, a list of instances).
    `timeout`: the longest it stays in the shared cache (names readers choose, such as a
    search's words, should not stay long)."""
    try:
        version = request_content_version()
        kept = local_answers.get(version, name)
        if kept is not None:
            return kept[1]
        key = memo_key(name)
        entry = call_cache(cache.get, key)
    except CacheUnavailable:
        return compute()
    except CACHE_ERRORS as error:
        note_cache_failure(error)
        return compute()
    if entry is not None and entry[0] == version:
        value = entry[1]
    else:
        value = compute()
        try:
            call_cache(cache.set, key, (version, value), timeout)
        except CacheUnavailable:
            return value  # logged by call_cache; the next request computes it again
    local_answers.keep(version, name, value, timeout)
    return value
