"""Vocabulary terms (themes, regions, countries...) on public pages, from memory.

The terms some public item uses are the same for every reader until the content changes, so
they are read once per content version (iomkb/site/memo.py) and kept in the process's memory.
A filter form offers them (termfilters.py), and a list's cards show them: the list reads only
which terms its items link to (ids from the link tables, no join with the terms), and takes
the terms themselves from memory rather than making model instances of the same few rows on
every request.
"""

from functools import lru_cache

from django.db import connection

from .models.linked import attach_linked_lists, read_links
from .models.vocabulary import NamedTerm
from .site.memo import per_content_version


def public_terms(model):
    """`model`'s terms that some public item uses, in their order: a list computed once per
    content version."""
    return per_content_version(
        f"terms:{model._meta.label}", lambda: list(model.objects.with_public_items())
    )


def public_terms_by_id(model):
    """{pk: (position in the terms' order, term)} of public_terms(model)."""
    return per_content_version(
        f"terms-by-id:{model._meta.label}",
        lambda: {term.pk: (position, term) for position, term in enumerate(public_terms(model))},
    )


def is_term_relation(model, name):
    return issubclass(model._meta.get_field(name).related_model, NamedTerm)


@lru_cache(maxsize=64)
def _links_sql(model, names):
    """SELECT item id, relation index, term id from each relation's link table (`{ids}` slot)."""
    quote = connection.ops.quote_name
    parts = []
    for index, name in enumerate(names):
        field = model._meta.get_field(name)
        item_column = quote(field.m2m_column_name())
        parts.append(
            f"SELECT {item_column}, {index}, {quote(field.m2m_reverse_name())} "
            f"FROM {quote(field.m2m_db_table())} WHERE {item_column} IN ({{ids}})"
        )
    return " UNION ALL ".join(parts)


def attach_public_terms(items, fields=(), **lists):
    """What attach_linked_lists() gives `items` (published items of one model) for relations to
    terms, `attribute=relation` (theme_list="themes"), and each foreign key to a term in
    `fields` ("region") cached on the item as select_related() would: in one query over the
    link tables, the terms from memory. A term the memory lacks (the content changed since it
    was read) sends the lists to attach_linked_lists() and leaves the foreign key to be read as
    usual. Returns `items`."""
    if not items:
        return items
    model = type(items[0])
    for name in fields:
        field = model._meta.get_field(name)
        known = public_terms_by_id(field.related_model)
        for item in items:
            found = known.get(getattr(item, field.attname))
            if found is not None:
                field.set_cached_value(item, found[1])
    if not lists:
        return items
    names = tuple(lists.values())
    if not all(is_term_relation(model, name) for name in names):
        return attach_linked_lists(items, **lists)
    attributes = list(lists)
    known = [public_terms_by_id(model._meta.get_field(name).related_model) for name in names]
    by_id, rows = read_links(items, attributes, _links_sql(model, names), len(names))
    linked = {}
    for item_id, index, term_id in rows:
        found = known[index].get(term_id)
        if found is None:
            return attach_linked_lists(items, **lists)
        linked.setdefault((item_id, index), []).append(found)
    for (item_id, index), found in linked.items():
        terms = [term for _, term in sorted(found, key=lambda pair: pair[0])]
        for item in by_id[item_id]:
            setattr(item, attributes[index], list(terms))
    return items
