"""Keeping the database's query planner well informed (docs/PERFORMANCE.md, "Fresh databases").

The public queries have partial indexes that serve them without statistics (see
`published_indexes`), so a fresh database is fast as it is. Commands that write many rows at
once (seed_synthetic, import_source, setup_demo) still refresh the planner's statistics at the
end, as autovacuum would on PostgreSQL, so joins and filters that no index was designed for
are planned from real numbers too.
"""

from django.db import connections


def refresh_planner_statistics(using="default"):
    """Gather fresh planner statistics with `ANALYZE` (SQLite keeps them in sqlite_stat1,
    PostgreSQL in pg_statistic): under a second at 100,000 items. PostgreSQL also gets a
    `VACUUM`, as autovacuum would give it later: it marks the new rows all-visible, so the
    covering list indexes answer a deep page from the index alone (an index-only scan) instead
    of visiting every skipped row. VACUUM cannot run inside a transaction; there, ANALYZE only."""
    connection = connections[using]
    if connection.vendor in ("sqlite", "postgresql"):
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")


def drop_column_index(app_label, model_name, column):
    """A RunPython function that drops the single-column index on `column` without
    rebuilding the table (Django's AlterField would copy a SQLite table to drop an index)."""

    def forward(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        table = model._meta.db_table
        connection = schema_editor.connection
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, table)
        for name, info in constraints.items():
            if info["index"] and not info["unique"] and not info["primary_key"]:
                if info["columns"] == [column] and not name.startswith("sqlite_"):
                    schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")

    def backward(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        field = model._meta.get_field(column)
        schema_editor.execute(schema_editor._create_index_sql(model, fields=[field]))

    return forward, backward
