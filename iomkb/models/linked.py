"""An item's many-to-many links (its themes, its citations) read in the query that reads the
item, as JSON, instead of one prefetch query per relation.

A detail page read its item, then its themes, then its citations: three queries, each of which
costs far more to build in the ORM than to run (docs/PERFORMANCE.md). Here each relation is a
correlated subquery returning a JSON array of the linked rows, in the target's own order, and
`adopt_linked()` turns it into model instances where `prefetch_related()` would have left them,
so `item.themes.all()` and `item.citations.all()` read no more. Raw SQL, as the neighbour
annotations of a section were: nothing here decides what is public (themes and citations are not
published or unpublished; only the item is, and it is filtered as always). Related content shown
as cards is public or not: those subqueries are the ORM's, from `published()` (further below).
"""

import functools
from datetime import UTC, datetime
from functools import cache

from django.conf import settings
from django.db import connection, models
from django.db.models import OuterRef
from django.db.models.expressions import RawSQL
from django.db.models.functions import JSONObject
from django.utils import timezone


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


# Related published items shown as cards (a section's case studies, a framework's sections…),
# read in the item's own query too. Unlike themes they are content, so the subquery starts from
# the target's own `published()`: the ORM builds it (once per process, see prepared.py).


class JSONRows(models.Subquery):
    """The single value each row of a queryset selects, as one JSON array in the queryset's
    order."""

    def __init__(self, queryset):
        super().__init__(queryset, output_field=models.JSONField())

    def as_sql(self, compiler, connection, template=None, **extra_context):
        if connection.vendor == "postgresql":
            # ARRAY() keeps the subquery's order; as text, for JSONField to decode.
            template = "array_to_json(ARRAY(%(subquery)s))::text"
        else:
            # SQLite aggregates rows in the order the ordered subquery gives them.
            template = "(SELECT json_group_array(json(t.card)) FROM (%(subquery)s) t)"
        return super().as_sql(compiler, connection, template=template, **extra_context)


@cache
def card_fields(model):
    """The fields a card may read: a content type's `card_fields` (and its primary key); of a
    row a card shows beside it (a case study's region), all but long texts and dates. Each
    field is parsed from JSON for every card (the dates were a third of a framework page's
    twenty cards)."""
    if hasattr(model, "card_fields"):
        return [model._meta.pk, *(model._meta.get_field(name) for name in model.card_fields)]
    return [
        field
        for field in model._meta.concrete_fields
        if not isinstance(field, models.TextField | models.DateField)
    ]


def card_values(model):
    """{JSON key: expression} for a card of `model`: its fields, and those of the related
    rows its card shows (`card_select_related`) as "<relation>.<column>"."""
    values = {field.column: models.F(field.attname) for field in card_fields(model)}
    for name in model.card_select_related:
        related = model._meta.get_field(name).related_model
        for field in card_fields(related):
            values[f"{name}.{field.column}"] = models.F(f"{name}__{field.attname}")
    return values


def published_cards_json(model, name, now=None, limit=None):
    """JSONRows: the published items relation `name` of `model` leads to, in their own order,
    at most `limit`, each {key: value} as card_values() says."""
    relation = model._meta.get_field(name)
    target = relation.related_model
    found = target.objects.published(now).filter(**{relation.remote_field.name: OuterRef("pk")})
    found = found.values(card=JSONObject(**card_values(target)))
    return JSONRows(found[:limit] if limit else found)


def cards_annotation_name(name):
    return f"{name}_cards_json"


def with_published_cards(queryset, cards, now=None):
    """`queryset` with the JSON of the published cards of each relation in `cards`
    ({name: limit or None}); published_cards() reads them."""
    return queryset.annotate(
        **{
            cards_annotation_name(name): published_cards_json(queryset.model, name, now, limit)
            for name, limit in cards.items()
        }
    )


def published_cards(item, name, limit=None):
    """The published items relation `name` of `item` leads to, as card instances: from
    with_published_cards()'s JSON when the item was read with it, else by a query (a preview)."""
    rows = item.__dict__.pop(cards_annotation_name(name), None)
    target = item._meta.get_field(name).related_model
    if rows is None:
        found = getattr(item, name).published().select_related(*target.card_select_related)
        return list(found[:limit] if limit else found)
    return [card_instance(target, row, item._state.db) for row in rows]


def card_instance(model, row, db):
    """A `model` instance with its card's fields (the rest deferred) from one JSON row."""
    item = instance_from_json(model, row, db)
    for name in model.card_select_related:
        field = model._meta.get_field(name)
        related = None
        if getattr(item, field.attname) is not None:
            prefix = f"{name}."
            related_row = {k[len(prefix) :]: v for k, v in row.items() if k.startswith(prefix)}
            related = instance_from_json(field.related_model, related_row, db)
        field.set_cached_value(item, related)
    return item


def instance_from_json(model, row, db):
    fields = card_fields(model)
    values = [json_value(field, row[field.column]) for field in fields]
    return model.from_db(db, [field.attname for field in fields], values)


def json_value(field, value):
    value = field.to_python(value)
    if isinstance(value, datetime) and settings.USE_TZ and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)  # SQLite's JSON holds the stored UTC text
    return value


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


def read_links(items, attributes, sql, parts):
    """({item id: [items]}, rows) for `sql`, whose `parts` UNION ALL parts each take the items'
    ids in an `{ids}` slot; each item gets an empty list per attribute, to be filled from the
    rows. A list may show an item twice (a join in a filter): each copy gets its lists."""
    by_id = {}
    for item in items:
        for attribute in attributes:
            setattr(item, attribute, [])
        by_id.setdefault(item.pk, []).append(item)
    ids = list(by_id)
    with connection.cursor() as cursor:
        cursor.execute(sql.format(ids=", ".join(["%s"] * len(ids))), ids * parts)
        return by_id, cursor.fetchall()


def attach_linked_lists(items, **lists):
    """Give each of `items` (instances of one model) a list per relation, `attribute=relation`
    (theme_list="themes"): the instances it links to in their model's order, as
    Prefetch(relation, to_attr=attribute) would, for all relations in one query. A row linked
    from several items is one instance. Returns `items`."""
    if not items or not lists:
        return items
    attributes = list(lists)
    sql, blocks = _linked_rows_sql(type(items[0]), tuple(lists.values()), connection.vendor)
    by_id, rows = read_links(items, attributes, sql, len(blocks))
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
