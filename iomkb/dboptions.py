"""Connection options per database engine (settings.DATABASES["default"]["OPTIONS"]), from the
environment. No Django imports: the settings module calls it."""

OFF = {"0", "false", "no", "off"}


def database_options(engine, environ):
    if engine == "django.db.backends.sqlite3":
        # Writers queue instead of failing: every transaction takes the write lock when it
        # begins (a deferred one that read first could not upgrade and got "database is
        # locked"), and waits up to the busy timeout for it. The later of two saves then sees
        # the earlier one and gets the edit-conflict screen, as on PostgreSQL.
        return {
            "transaction_mode": "IMMEDIATE",
            "timeout": int(environ.get("DJANGO_SQLITE_BUSY_TIMEOUT", "20")),
        }
    if engine == "django.db.backends.postgresql":
        # A query run five times on a connection is prepared: PostgreSQL plans it once, not on
        # every request (a detail page's one query took longer to plan than to run;
        # docs/PERFORMANCE.md). Django leaves this off for connection poolers: set
        # DJANGO_PG_PREPARED_STATEMENTS=0 behind a PgBouncer in transaction mode.
        if environ.get("DJANGO_PG_PREPARED_STATEMENTS", "1").strip().lower() in OFF:
            return {}
        return {"server_side_binding": True, "prepare_threshold": 5}
    return {}
