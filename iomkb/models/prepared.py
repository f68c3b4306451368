"""Querysets the ORM builds and compiles once per process, then runs with new values each time.

A detail page's query (the item, its source, its themes, citations and related cards as JSON,
its revision, its neighbours) costs the ORM about a millisecond to build and compile, and the
database a fraction of that to run: the SQL is the same on every request but for the time and
the slug. So the queryset is written once with `Parameter`s in their place, compiled once per
database connection, and each request only binds the values and turns the rows into instances,
as `QuerySet.__iter__` does. The queryset is an ordinary one: every rule in it (notably
`published()`) is the ORM's, not copied into SQL.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, models, router
from django.db.models.query import get_related_populators


class Parameter(models.Expression):
    """A value given when a prepared query runs (`PreparedQuery.run(name=value)`)."""

    def __init__(self, name, output_field):
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler, connection):
        return "%s", [self]  # a placeholder among the params; run() puts the value there

    def bind(self, value, connection):
        return self.output_field.get_db_prep_value(value, connection)


# Compiled queries a connection keeps, the least recently used dropped first: a list prepares
# one per shape it is read in (iomkb/listqueries.py), and readers choose the shapes.
COMPILED_PER_CONNECTION = 512

# The current time, for `published(now=NOW)`.
NOW = Parameter("now", models.DateTimeField())


class PreparedQuery:
    """`build()`'s queryset, compiled on first use on each connection (one per thread)."""

    def __init__(self, model, build):
        self.model = model
        self.build = build

    def compiled(self, connection, db):
        """This query compiled for `connection`, kept on the connection itself: a compiler holds
        its connection, so kept here (even weakly keyed) it would keep every thread's
        connection alive for the life of the process."""
        found = connection.__dict__.setdefault("prepared_queries", {})
        compiled = found.pop(self, None)
        if compiled is None:
            compiled = self.compile(db)
            if len(found) >= COMPILED_PER_CONNECTION:
                del found[next(iter(found))]  # the least recently used
        found[self] = compiled  # last: dicts keep insertion order
        return compiled

    def run(self, **values):
        """The instances the queryset gives with `values` bound to its Parameters."""
        db = router.db_for_read(self.model)
        connection = connections[db]
        compiler, sql, params, converters = self.compiled(connection, db)
        bound = {}
        for param in params:
            if isinstance(param, Parameter) and param.name not in bound:
                bound[param.name] = param.bind(values[param.name], connection)
        params = [bound[p.name] if isinstance(p, Parameter) else p for p in params]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            rows = compiler.apply_converters(rows, converters)
        return list(instances(compiler, rows, db))

    def compile(self, db):
        queryset = self.build()
        if queryset._prefetch_related_lookups:
            # Prefetching runs more queries after this one, built per call: nothing to keep.
            raise ImproperlyConfigured("A prepared query cannot prefetch_related()")
        compiler = queryset.query.get_compiler(using=db)
        sql, params = compiler.as_sql()
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        return compiler, sql, params, compiler.get_converters(fields)


def instances(compiler, rows, db):
    """Model instances from the (converted) rows of `compiler`'s SQL, as Django's ModelIterable
    makes them (select_related objects and annotations included)."""
    select, klass_info = compiler.select, compiler.klass_info
    annotations = compiler.annotation_col_map
    start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    attnames = [column[0].target.attname for column in select[start:end]]
    populators = get_related_populators(klass_info, select, db)
    for row in rows:
        item = klass_info["model"].from_db(db, attnames, row[start:end])
        for populator in populators:
            populator.populate(row, item)
        for name, position in annotations.items():
            setattr(item, name, row[position])
        yield item
