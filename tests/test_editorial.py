"""The editors' admin: dashboard, list filters, provenance, preview of drafts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from iomkb.editorial.dashboard import dashboard
from iomkb.models import SourceDocument, Status, Verification
from tests.editorial_helpers import admin_url, form_data, make_editor
from tests.factories import make_case_study, make_framework, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


def ago(days):
    return timezone.now() - timedelta(days=days)


@pytest.fixture
def source():
    text = "Title\n\nFirst line.\nSecond line.\n"
    return SourceDocument.objects.create(
        slug="src", title="The source", filename="src.txt", text=text, sha256="x"
    )


def test_dashboard_counts_each_type_by_publication_and_verification(editor_client):
    make_section(title="Live verified", verification=Verification.VERIFIED)
    make_section(title="Draft", status=Status.DRAFT, published_at=None)
    make_section(title="Later", published_at=timezone.now() + timedelta(days=2))
    make_framework(title="Disputed", verification=Verification.DISPUTED)
    make_case_study(title="Case", status=Status.DRAFT, published_at=None)
    summaries = {s.label: s.counts for s in dashboard(make_editor("viewer"))["summaries"]}
    assert summaries["Sections"] == {
        "live": 1, "scheduled": 1, "draft": 1, "unverified": 2, "verified": 1, "disputed": 0,
        "pending": 0, "awaiting": 0,
    }  # fmt: skip
    assert summaries["Legal frameworks"]["disputed"] == 1
    assert summaries["Case studies"]["draft"] == 1


def test_dashboard_lists_unverified_items_oldest_first_linking_to_their_edit_page(
    editor_client,
):
    newer = make_section(title="Newer", created_at=ago(1))
    oldest = make_case_study(title="Oldest", created_at=ago(30))
    make_framework(title="Checked", verification=Verification.VERIFIED, created_at=ago(60))
    response = editor_client.get(reverse("admin:index"))
    rows = response.context["unverified"]
    assert [row["item"].title for row in rows] == ["Oldest", "Newer"]
    page = response.content.decode()
    assert f'<a href="{admin_url(oldest)}">Oldest</a>' in page
    assert f'<a href="{admin_url(newer)}">Newer</a>' in page
    assert "Content by status" in page


def test_dashboard_count_links_open_the_filtered_list(editor_client):
    make_section(title="Draft one", status=Status.DRAFT, published_at=None)
    make_section(title="Public one")
    summary = dashboard(make_editor("viewer"))["summaries"][0]
    live, scheduled, draft = summary.links[:3]
    assert (live[0], scheduled[0], draft[0]) == (1, 0, 1)
    response = editor_client.get(draft[1])
    assert [s.title for s in response.context["cl"].result_list] == ["Draft one"]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("live", ["Live"]),
        ("scheduled", ["Later"]),
        ("draft", ["Draft"]),
        (None, ["Draft", "Later", "Live"]),
    ],
)
def test_publication_filter(editor_client, value, expected):
    make_section(title="Live")
    make_section(title="Later", published_at=timezone.now() + timedelta(days=1))
    make_section(title="Draft", status=Status.DRAFT, published_at=None)
    params = {"publication": value} if value else {}
    response = editor_client.get(reverse("admin:sections_section_changelist"), params)
    assert sorted(s.title for s in response.context["cl"].result_list) == expected


def test_changed_since_import_filter(editor_client, source):
    make_section(title="Edited", source=source, source_body="Old.", body="New.")
    make_section(title="Untouched", source=source, source_body="Same.", body="Same.")
    make_section(title="Written here")
    changelist = reverse("admin:sections_section_changelist")
    changed = editor_client.get(changelist, {"changed_since_import": "yes"})
    untouched = editor_client.get(changelist, {"changed_since_import": "no"})
    assert [s.title for s in changed.context["cl"].result_list] == ["Edited"]
    assert [s.title for s in untouched.context["cl"].result_list] == ["Untouched"]


def test_change_page_links_source_lines_and_diffs_an_edited_body(editor_client, source):
    section = make_section(
        title="Edited",
        source=source,
        source_start_line=3,
        source_end_line=4,
        source_body="First line.\nSecond line.",
        body="First line.\nSecond, corrected line.",
    )
    page = editor_client.get(admin_url(section)).content.decode()
    assert (
        f'<a href="{section.source_url.replace("&", "&amp;")}">Lines 3–4 of “The source”</a>'
        in page
    )
    assert "Second<ins>, corrected</ins> line." in page


def test_change_page_says_when_body_is_still_the_source_text(editor_client, source):
    section = make_section(source=source, source_start_line=3, source_body="Same.", body="Same.")
    page = editor_client.get(admin_url(section)).content.decode()
    assert "None: the body is still the imported source text." in page


def test_change_page_diffs_the_pending_changes_against_the_source(editor_client, source):
    section = make_section(source=source, source_start_line=3, source_body="Same.", body="Same.")
    data = form_data(editor_client.get(admin_url(section)), body="Same, but edited.")
    assert editor_client.post(admin_url(section), data).status_code == 302
    page = editor_client.get(admin_url(section)).content.decode()
    assert "The body in the pending changes, against the imported source text" in page
    assert "Same<ins>, but edited</ins>." in page
    assert "still the imported source text" not in page


def test_change_page_says_an_item_was_written_here(editor_client):
    page = editor_client.get(admin_url(make_section())).content.decode()
    assert "Written here, not imported." in page


def test_change_page_has_view_on_site(editor_client):
    section = make_section(status=Status.DRAFT, published_at=None)
    response = editor_client.get(admin_url(section))
    assert "View on site" in response.content.decode()
    redirect = editor_client.get(response.context["absolute_url"])
    assert redirect["Location"].endswith(section.get_absolute_url())


def test_draft_preview_for_staff_has_banner_and_public_gets_404(client, editor_client):
    section = make_section(title="Unfinished", status=Status.DRAFT, published_at=None)
    preview = editor_client.get(section.get_absolute_url())
    assert preview.status_code == 200
    assert "Draft — not public." in preview.content.decode()
    client.logout()
    assert client.get(section.get_absolute_url()).status_code == 404
