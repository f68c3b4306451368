"""An item's many-to-many links (its themes, its citations) read in the query that reads the
item, as JSON, instead of one prefetch query per relation.

A detail page read its item, then its themes, then its citations: three queries, each of which
costs far more to build in the ORM than to run (docs/PERFORMANCE.md). Here each relation is a
correlated subquery returning a JSON array of the linked rows, in the target's own order, and
`adopt_linked()` turns it into model instances where `prefetch_related()` would have left them,
so `item.themes.all()` and `item.citations.all()` read no more. Raw SQL, as the neighbour
annotations of a section are: nothing here decides what is public (themes and citations are not
published or unpublished; only the item is, and it is filtered as always).
"""

from django.db import connection, models
from django.db.models.expressions import RawSQL


def _quote(name):
    return connection.ops.quote_name(name)


def linked_json(model, name):
    """RawSQL: the rows `name` links to, as a JSON array of {column: value}, in their order."""
    field = model._meta.get_field(name)
    target = field.related_model
    columns = [f.column for f in target._meta.concrete_fields]
    ordering = (
        ", ".join(
            f"t.{_quote(target._meta.get_field(key.lstrip('-')).column)}"
            + (" DESC" if key.startswith("-") else "")
            for key in target._meta.ordering
        )
        or "t.id"
    )
    link = (
        f"FROM {_quote(target._meta.db_table)} t "
        f"JOIN {_quote(field.m2m_db_table())} x ON x.{_quote(field.m2m_reverse_name())} = t.id "
        f"WHERE x.{_quote(field.m2m_column_name())} = {_quote(model._meta.db_table)}.id"
    )
    if connection.vendor == "postgresql":
        pairs = ", ".join(f"'{column}', t.{_quote(column)}" for column in columns)
        # As text, for JSONField to decode (psycopg would decode json itself).
        sql = (
            f"SELECT coalesce(json_agg(json_build_object({pairs}) ORDER BY {ordering}), '[]')"
            f"::text {link}"
        )
    else:
        pairs = ", ".join(f"'{column}', t.{_quote(column)}" for column in columns)
        # SQLite aggregates rows in the order the ordered subquery gives them.
        selected = ", ".join(f"t.{_quote(column)}" for column in columns)
        sql = (
            f"SELECT json_group_array(json_object({pairs})) "
            f"FROM (SELECT {selected} {link} ORDER BY {ordering}) t"
        )
    return RawSQL(sql, (), output_field=models.JSONField())


def annotation_name(name):
    return f"{name}_linked_json"


def with_linked(queryset, *names):
    """`queryset` with the JSON of each relation in `names` (see adopt_linked)."""
    return queryset.annotate(
        **{annotation_name(name): linked_json(queryset.model, name) for name in names}
    )


def adopt_linked(item, *names):
    """Instances from with_linked()'s JSON, left in the item's prefetch cache."""
    cache = item.__dict__.setdefault("_prefetched_objects_cache", {})
    for name in names:
        rows = item.__dict__.pop(annotation_name(name), None)
        if rows is None:
            continue
        cache.pop(name, None)
        found = getattr(item, name).get_queryset()  # the relation's own query, not run
        fields = found.model._meta.concrete_fields
        attnames = [field.attname for field in fields]
        found._result_cache = [
            found.model.from_db(
                item._state.db, attnames, [field.to_python(row[field.column]) for field in fields]
            )
            for row in rows
        ]
        found._prefetch_done = True
        cache[name] = found
