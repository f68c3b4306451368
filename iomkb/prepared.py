"""Querysets whose SQL is built once per process and database, then run with new values.

Building a QuerySet and compiling it costs Django far more than the database takes to answer
it: a detail page's item query took about 2.5 ms of CPU to build and compile and 0.2 ms to run
and read (docs/PERFORMANCE.md). A public page runs the same few queries each time, only with
another slug, primary key or current time. `Prepared` builds its QuerySet once with marker
values, compiles it with Django's own compiler and keeps that compiler, which also knows how
rows become model instances (select_related, annotations, deferred fields). Each call runs the
kept SQL with the real values in the markers' places, through Django's own iterable, so the
result is what the QuerySet would have returned. Results are never kept: every call queries.

Only values that reach the SQL as bound parameters may vary. A parameter that shapes the query
(a filter present or not, a list of ids of varying length, another user's rights) needs a
Prepared of its own; building with a parameter that does not reach the SQL as a bound value,
or reaches it changed, fails loudly at the first call.
"""

import copy
from datetime import UTC, datetime

from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import QuerySet


def _markers(parameters):
    """A value of each parameter's type that no real query would carry."""
    found = {}
    for number, (name, kind) in enumerate(parameters.items(), start=1):
        if kind is datetime:
            found[name] = datetime(1901, 2, 3, 4, 5, 6, number, tzinfo=UTC)
        elif kind is int:
            found[name] = 987_654_321_000 + number
        elif kind is str:
            found[name] = f"zz-prepared-{name}-zz"
        else:
            raise ImproperlyConfigured(f"Prepared parameter {name}: datetime, int or str only")
    return found


class _Compiled:
    def __init__(self, queryset, compiler, sql, slots):
        self.queryset = queryset
        self.compiler = compiler
        self.sql = sql
        self.slots = slots  # per bound parameter: (name, adapt) or (None, the constant)


class Prepared:
    """`Prepared(build, slug=str, now=datetime)`: `build(slug=..., now=...)` returns the
    QuerySet; `prepared(slug="x", now=timezone.now())` returns its rows as a list."""

    def __init__(self, build, **parameters):
        self.build = build
        self.parameters = parameters
        self._compiled = {}  # database alias -> _Compiled

    def __call__(self, using="default", **values):
        if values.keys() != self.parameters.keys():
            raise TypeError(f"expected values for {sorted(self.parameters)}")
        compiled = self._compiled.get(using)
        if compiled is None:
            compiled = self._compiled[using] = self._compile(using)
        params = tuple(
            adapt(values[name]) if name is not None else adapt for name, adapt in compiled.slots
        )
        # Django's own compiler and iterable, with the kept SQL. The compiler is copied per call,
        # so calls never share one, and given this thread's connection.
        compiler = copy.copy(compiled.compiler)
        compiler.connection = connections[using]
        compiler.as_sql = lambda *args, **kwargs: (compiled.sql, params)
        query = copy.copy(compiled.queryset.query)
        query.get_compiler = lambda *args, **kwargs: compiler
        return list(QuerySet(model=query.model, query=query, using=using))

    def _compile(self, using):
        connection = connections[using]
        markers = _markers(self.parameters)
        queryset = self.build(**markers)
        if queryset._prefetch_related_lookups:
            raise ImproperlyConfigured("Prepared querysets cannot prefetch_related()")
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        adapters = {}
        for name, marker in markers.items():
            adapters[name] = [(marker, lambda value: value)]
            if isinstance(marker, datetime):
                adapt = connection.ops.adapt_datetimefield_value
                adapters[name].append((adapt(marker), adapt))
        slots, seen = [], set()
        for param in params:
            for name, candidates in adapters.items():
                match = next((adapt for form, adapt in candidates if param == form), None)
                if match is not None:
                    slots.append((name, match))
                    seen.add(name)
                    break
            else:
                slots.append((None, param))
        missing = set(markers) - seen
        inlined = [name for name, marker in markers.items() if str(marker) in sql]
        if missing or inlined:
            raise ImproperlyConfigured(
                f"Prepared query: {sorted(missing | set(inlined))} must reach the SQL as "
                "bound parameters, unchanged"
            )
        return _Compiled(queryset, compiler, sql, slots)
