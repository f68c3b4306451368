"""Database errors: an outage is a 503 for readers; any other error is a 500 with its traceback
logged, never dressed up as an outage. Admin query strings that reached the database as bad
data (NUL bytes, out-of-range years) get a clear answer instead."""

import logging
import sqlite3

import pytest
from django.db import DataError, IntegrityError, InterfaceError, OperationalError
from django.db.backends.utils import CursorWrapper

from iomkb.site.middleware import means_database_unavailable

pytestmark = pytest.mark.django_db


class DriverError(Exception):
    """Stands in for a psycopg error: what Django wraps carries its SQLSTATE."""

    def __init__(self, sqlstate):
        super().__init__(f"sqlstate {sqlstate}")
        self.sqlstate = sqlstate


def wrapped(django_error, driver_error):
    try:
        try:
            raise driver_error
        except Exception as cause:
            raise django_error(str(cause)) from cause
    except django_error as error:
        return error


def sqlite_error(code, message):
    error = sqlite3.OperationalError(message)
    error.sqlite_errorcode = code
    return error


@pytest.mark.parametrize(
    ("error", "outage"),
    [
        (wrapped(OperationalError, DriverError(None)), True),  # connection refused
        (wrapped(OperationalError, DriverError("08006")), True),  # connection failure
        (wrapped(OperationalError, DriverError("57P01")), True),  # admin shutdown
        (wrapped(OperationalError, DriverError("53300")), True),  # too many connections
        (wrapped(OperationalError, DriverError("57014")), False),  # statement cancelled
        (wrapped(OperationalError, sqlite_error(sqlite3.SQLITE_BUSY, "database is locked")), True),
        (wrapped(OperationalError, sqlite_error(sqlite3.SQLITE_ERROR, "no such table: x")), False),
        (InterfaceError("connection already closed"), True),
        (IntegrityError("duplicate key"), False),
        (DataError("invalid byte sequence"), False),
    ],
)
def test_only_a_lost_or_refused_connection_counts_as_an_outage(error, outage):
    assert means_database_unavailable(error) is outage


@pytest.mark.parametrize("error_class", [IntegrityError, DataError])
def test_other_database_errors_are_a_500_with_the_traceback_logged(
    client, monkeypatch, caplog, error_class
):
    def fail(*args, **kwargs):
        raise error_class("the real reason")

    monkeypatch.setattr(CursorWrapper, "execute", fail)
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/sections/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    logged = [record for record in caplog.records if record.name == "django.request"]
    assert logged and logged[0].exc_info[0] is error_class


@pytest.mark.parametrize(
    "url",
    [
        "/admin/sections/section/?verification__exact=%00",
        "/admin/sections/section/?q=%00",
        "/admin/casestudies/casestudy/add/?region=%00",
        "/admin/autocomplete/?app_label=casestudies&model_name=casestudy&field_name=themes&term=%00",
        "/admin/sections/section/?%00=1",
    ],
)
def test_admin_query_string_with_a_nul_character_is_a_clear_400(staff_client, url):
    response = staff_client.get(url)
    assert response.status_code == 400
    assert "This address cannot be read" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/sections/section/?updated_at__year=99999999999",
        "/admin/sections/section/?updated_at__year=2020&updated_at__month=99999999999",
        "/admin/iomkb/theme/?q=x&updated_at__year=99999999999",
    ],
)
def test_admin_date_drill_down_past_year_9999_says_the_filter_is_wrong(staff_client, url):
    response = staff_client.get(url)
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


@pytest.mark.parametrize("query", ["region=abc", "themes=1,abc", "section=-"])
def test_add_form_ignores_initial_ids_that_are_not_ids(staff_client, query):
    response = staff_client.get(f"/admin/casestudies/casestudy/add/?{query}&title=Kept")
    assert response.status_code == 200
    assert response.context["adminform"].form.initial == {"title": "Kept"}
