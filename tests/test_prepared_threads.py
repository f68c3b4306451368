"""Review probes for the issue-12 merge (prepared queries, JSON cards, Jinja2 pages)."""

import gc
from threading import Thread

import pytest
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from iomkb.models.prepared import NOW, PreparedQuery
from sections.models import Section

from .factories import make_section

pytestmark = pytest.mark.django_db(transaction=True)


def live_connections():
    gc.collect()
    return sum(isinstance(thing, BaseDatabaseWrapper) for thing in gc.get_objects())


def test_a_finished_threads_connection_is_not_kept_by_a_prepared_query():
    """A prepared query is compiled once per connection (one per thread). A finished thread's
    connection must not be kept alive by it: the compiled query holds its connection, so one
    kept per connection in a WeakKeyDictionary never let any go (a thread-per-request server
    leaked a connection and a compiled query per request, and compiled on every request)."""
    make_section(title="One")
    prepared = PreparedQuery(Section, lambda: Section.objects.published(NOW))

    def run():
        prepared.run(now=timezone.now())
        connections.close_all()

    before = live_connections()
    for _ in range(5):
        thread = Thread(target=run)
        thread.start()
        thread.join()
    assert live_connections() == before
