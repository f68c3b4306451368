"""Connection options per engine, from the environment (iomkb/dboptions.py)."""

from iomkb.dboptions import database_options

POSTGRESQL = "django.db.backends.postgresql"


def test_postgresql_prepares_repeated_queries_unless_told_not_to():
    prepared = {"server_side_binding": True, "prepare_threshold": 5}
    assert database_options(POSTGRESQL, {}) == prepared
    for off in ("0", "false", "No", " off "):
        assert database_options(POSTGRESQL, {"DJANGO_PG_PREPARED_STATEMENTS": off}) == {}


def test_sqlite_writers_queue_for_the_busy_timeout():
    options = database_options("django.db.backends.sqlite3", {"DJANGO_SQLITE_BUSY_TIMEOUT": "5"})
    assert options == {"transaction_mode": "IMMEDIATE", "timeout": 5}
