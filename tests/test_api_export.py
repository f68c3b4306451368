"""The bulk export: `export_content` and the /data/ downloads, deterministic, public only."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from iomkb.models import Status, Theme
from iomkb.site.cache import bump_content_version, health
from tests.factories import make_case_study, make_framework, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    health.forget()
    cache.clear()
    bump_content_version()


def export(tmp_path, fmt, name="out", *args):
    path = tmp_path / f"{name}.{fmt}"
    call_command(
        "export_content", "--format", fmt, "--output", str(path), *args, stderr=io.StringIO()
    )
    return path.read_bytes()


def rows(body):
    assert body.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_two_runs_are_byte_identical(tmp_path, demo, fmt):
    first, second = export(tmp_path, fmt, "first"), export(tmp_path, fmt, "second")
    assert first == second and len(first) > 1000


def test_json_has_every_published_item_in_the_api_shape_sorted(tmp_path, demo, client):
    document = json.loads(export(tmp_path, "json", "out", "--base-url", "http://testserver"))
    items = document["items"]
    kinds = [item["type"] for item in items]
    assert kinds == sorted(kinds, key=["section", "case_study", "legal_framework"].index)
    for kind in set(kinds):
        of_kind = [item["slug"] for item in items if item["type"] == kind]
        assert of_kind == sorted(of_kind)
    cache.clear()
    assert client.get(items[0]["url"]).json() == items[0]
    assert {entry["column"] for entry in document["dictionary"]} >= {"verification_status"}


def test_csv_one_row_per_item_lists_joined_and_every_column_in_the_dictionary(tmp_path):
    theme_a = Theme.objects.create(name="A", slug="a")
    theme_b = Theme.objects.create(name="B", slug="b")
    case = make_case_study(title="Café, “quoted”\nnewline", slug="cafe", year=2013)
    case.themes.add(theme_a, theme_b)
    make_framework(title="Treaty", kind="convention")
    table = rows(export(tmp_path, "csv"))
    assert [row["slug"] for row in table] == ["cafe", "treaty"]
    cafe = table[0]
    assert cafe["title"] == "Café, “quoted”\nnewline" and cafe["themes"] == "a; b"
    assert cafe["year"] == "2013" and cafe["kind"] == "" and table[1]["kind"] == "convention"
    assert cafe["edited_since_import"] == "false"
    from iomkb.api.export import dictionary

    assert list(table[0]) == [name for name, _text in dictionary()]


def test_drafts_scheduled_expired_and_pending_changes_are_not_exported(tmp_path):
    from iomkb.editorial.drafts import save_draft
    from tests.editorial_helpers import make_editor

    now = timezone.now()
    make_section(title="Draft one", status=Status.DRAFT)
    make_section(title="Scheduled one", published_at=now + timedelta(days=1))
    make_section(title="Expired one", expires_at=now - timedelta(minutes=1))
    live = make_section(title="Live one", body="Live words.")
    save_draft(live, {"title": "Pending one", "body": "Pending words."}, make_editor())
    for fmt in ("json", "csv"):
        body = export(tmp_path, fmt).decode("utf-8-sig")
        assert "Live one" in body
        for word in ("Draft", "Scheduled", "Expired", "Pending"):
            assert word not in body


def test_data_page_links_the_files_and_shows_the_dictionary(client):
    response = client.get("/data/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="iomkb-content.json"' in html and 'href="iomkb-content.csv"' in html
    assert "verification_status" in html and "edited_since_import" in html


def test_downloads_are_cached_per_content_version_and_fresh_after_an_edit(
    client, django_assert_num_queries
):
    section = make_section(title="Downloaded", body="Old words.")
    first = client.get("/data/iomkb-content.csv")
    assert first.status_code == 200 and first["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in first["Content-Disposition"]
    assert "Old words." in first.content.decode("utf-8-sig")
    with django_assert_num_queries(0):
        again = client.get("/data/iomkb-content.csv")
    assert again.content == first.content
    not_modified = client.get("/data/iomkb-content.csv", headers={"if-none-match": first["ETag"]})
    assert not_modified.status_code == 304

    section.body = "New words."
    section.save()
    fresh = client.get("/data/iomkb-content.csv", headers={"if-none-match": first["ETag"]})
    assert fresh.status_code == 200 and "New words." in fresh.content.decode("utf-8-sig")
    json_file = client.get("/data/iomkb-content.json")
    assert json.loads(json_file.content)["items"][0]["body_markdown"] == "New words."
    assert client.get("/data/iomkb-content.xml").status_code == 404
    assert client.post("/data/iomkb-content.csv").status_code == 405


def test_downloads_work_with_the_cache_down(client, monkeypatch):
    make_section(title="Offline")

    def refuse(*args, **kwargs):
        raise ConnectionError("cache server refused the connection")

    for method in ("get", "get_many", "set", "add"):
        monkeypatch.setattr(cache, method, refuse)
    response = client.get("/data/iomkb-content.json")
    assert response.status_code == 200 and b"Offline" in response.content
