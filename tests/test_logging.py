"""Logs: one parseable JSON line per request, and errors with their traceback."""

import json
import logging
import sys

import pytest
from django.contrib import admin
from django.urls import path

from iomkb.logging import JSONFormatter
from tests.factories import make_section


def test_each_request_logs_one_json_line(client, caplog, db):
    make_section(title="Logged")
    with caplog.at_level(logging.INFO, logger="iomkb.request"):
        client.get("/sections/logged/")
    records = [r for r in caplog.records if r.name == "iomkb.request"]
    assert len(records) == 1
    line = JSONFormatter().format(records[0])
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["method"] == "GET"
    assert entry["path"] == "/sections/logged/"
    assert entry["status"] == 200
    assert entry["level"] == "INFO"
    assert isinstance(entry["duration_ms"], float)


def test_an_error_is_one_json_line_with_its_traceback():
    logger = logging.getLogger("iomkb.test")
    try:
        raise ValueError("boom")
    except ValueError:
        record = logger.makeRecord(
            "iomkb.test", logging.ERROR, __file__, 1, "it failed", (), sys.exc_info()
        )
    line = JSONFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["message"] == "it failed"
    assert "ValueError: boom" in entry["exception"]


def broken_view(request):
    raise RuntimeError("view exploded")


# The admin stays routed: middleware reverses its URLs on every request.
urlpatterns = [path("admin/", admin.site.urls), path("broken/", broken_view)]


@pytest.mark.urls("tests.test_logging")
def test_an_unhandled_view_error_is_logged_at_error_with_its_traceback(client, caplog):
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/broken/")
    assert response.status_code == 500
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    entry = json.loads(JSONFormatter().format(errors[0]))
    assert "RuntimeError: view exploded" in entry["exception"]
