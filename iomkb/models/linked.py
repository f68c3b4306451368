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

import functools

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


# Lists: many items, each with its linked rows (the wide cards' themes and countries).
#
# Not as JSON in the list's own query: the databases compute the select list before they sort
# and skip rows, so PostgreSQL builds the JSON for every row an OFFSET skips and SQLite for
# every row a sort not served by an index reads (2,000 items: page 51 took 16 ms instead of
# 4 on PostgreSQL; sorted by year, 22 instead of 12 on SQLite). One query over the page's ids
# for all relations costs less CPU than the JSON did, too.


@functools.lru_cache(maxsize=64)
def _linked_rows_sql(model, names, vendor):
    """(SQL with an `{ids}` slot, [(target, attnames, first column, pk column, converters)]):
    one UNION ALL part per relation in `names`, after the item's id and the relation's index,
    each target's columns in a block of their own (NULL in the other parts, so the parts'
    column types never have to agree), ordered by relation, then in each target's own order
    (the other blocks' NULLs are all equal)."""
    quote = connection.ops.quote_name
    relations, width = [], 2
    for name in names:
        field = model._meta.get_field(name)
        fields = field.related_model._meta.concrete_fields
        relations.append((field, fields, width))
        width += len(fields)
    parts, ordering, blocks = [], ["2"], []
    for index, (field, fields, first) in enumerate(relations):
        target = field.related_model
        table = target._meta.db_table
        selected = ["NULL"] * (width - 2)
        for offset, target_field in enumerate(fields):
            selected[first - 2 + offset] = f"t.{quote(target_field.column)}"
        item_column = quote(field.m2m_column_name())
        parts.append(
            f"SELECT x.{item_column}, {index}, {', '.join(selected)} "
            f"FROM {quote(table)} t JOIN {quote(field.m2m_db_table())} x "
            f"ON x.{quote(field.m2m_reverse_name())} = t.{quote(target._meta.pk.column)} "
            f"WHERE x.{item_column} IN ({{ids}})"
        )
        for key in target._meta.ordering or [target._meta.pk.name]:
            position = first + fields.index(target._meta.get_field(key.lstrip("-")))
            ordering.append(f"{position + 1}{' DESC' if key.startswith('-') else ''}")
        converters = []
        for offset, target_field in enumerate(fields):
            column = target_field.get_col(table)
            found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            converters += [(first + offset, converter, column) for converter in found]
        pk_column = first + fields.index(target._meta.pk)
        blocks.append((target, [f.attname for f in fields], first, pk_column, converters))
    return f"{' UNION ALL '.join(parts)} ORDER BY {', '.join(ordering)}", blocks


def attach_linked_lists(items, **lists):
    """Give each of `items` (instances of one model) a list per relation, `attribute=relation`
    (theme_list="themes"): the instances it links to in their model's order, as
    Prefetch(relation, to_attr=attribute) would, for all relations in one query. A row linked
    from several items is one instance. Returns `items`."""
    if not items or not lists:
        return items
    attributes = list(lists)
    sql, blocks = _linked_rows_sql(type(items[0]), tuple(lists.values()), connection.vendor)
    by_id = {}  # a list may show an item twice (a join in a filter): each gets its lists
    for item in items:
        for attribute in attributes:
            setattr(item, attribute, [])
        by_id.setdefault(item.pk, []).append(item)
    ids = list(by_id)
    with connection.cursor() as cursor:
        cursor.execute(sql.format(ids=", ".join(["%s"] * len(ids))), ids * len(blocks))
        rows = cursor.fetchall()
    db = items[0]._state.db
    made = {}
    for row in rows:
        index = row[1]
        target, attnames, first, pk_column, converters = blocks[index]
        key = (index, row[pk_column])
        instance = made.get(key)
        if instance is None:
            if converters:
                row = list(row)
                for column, converter, expression in converters:
                    row[column] = converter(row[column], expression, connection)
            values = row[first : first + len(attnames)]
            instance = made[key] = target.from_db(db, attnames, values)
        for item in by_id[row[0]]:
            getattr(item, attributes[index]).append(instance)
    return items
