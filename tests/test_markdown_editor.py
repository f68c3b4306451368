"""The body editor: a larger textarea with a server-rendered Markdown preview."""

import pytest
import reversion
from django.test import Client
from django.urls import reverse

from iomkb.models import BODY_MAX_LENGTH, Status
from tests.editorial_helpers import admin_url, form_data, make_editor, make_reviewer
from tests.factories import make_section

pytestmark = pytest.mark.django_db

PREVIEW = reverse("admin:sections_section_preview_markdown")


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


def test_the_body_is_a_large_monospace_editor_with_a_preview_url_and_a_static_script(
    editor_client,
):
    section = make_section(status=Status.DRAFT, published_at=None)
    page = editor_client.get(admin_url(section)).content.decode()
    assert 'class="vLargeTextField markdown-editor"' in page
    assert 'rows="24"' in page
    assert f'data-preview-url="{PREVIEW}"' in page
    assert '<script src="/static/iomkb/markdown-editor.js"></script>' in page
    assert '<link href="/static/iomkb/markdown-editor.css" media="all" rel="stylesheet">' in page
    assert "<script>" not in page  # every script has a src: the CSP forbids inline ones


def test_the_form_still_saves_without_the_script(editor_client):
    with reversion.create_revision():
        section = make_section(status=Status.DRAFT, published_at=None)
    data = form_data(editor_client.get(admin_url(section)), body="## New\r\n\r\nText.")
    assert editor_client.post(admin_url(section), data).status_code == 302
    section.refresh_from_db()
    assert section.body == "## New\n\nText."


def test_preview_renders_markdown_as_the_public_page_would(editor_client):
    body = "## Mandate\r\n\r\nIOM is **the** UN migration agency. [Site](https://www.iom.int)"
    response = editor_client.post(PREVIEW, {"body": body})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    html = response.json()["html"]
    assert "<h2>Mandate</h2>" in html and "<strong>the</strong>" in html
    assert 'href="https://www.iom.int"' in html and 'rel="noopener noreferrer nofollow"' in html
    assert html == make_section(body=body.replace("\r\n", "\n")).body_html
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="https://x.example" onclick="alert(1)">x</a>',
        "<iframe src=https://evil.example></iframe>",
        "<style>body{display:none}</style>",
    ],
)
def test_preview_of_hostile_markdown_is_sanitised(editor_client, hostile):
    html = editor_client.post(PREVIEW, {"body": f"Text {hostile} more."}).json()["html"]
    for bad in ("<script", "onerror", "javascript:", "onclick", "<iframe", "<style", "<img"):
        assert bad not in html.lower()


def test_preview_of_markup_past_the_budget_is_shown_as_plain_text(editor_client):
    response = editor_client.post(PREVIEW, {"body": "[" * 20_000})
    assert response.status_code == 200
    assert response.json()["html"].startswith("<p>[[[")


def test_preview_refuses_a_body_over_the_size_limit(editor_client):
    response = editor_client.post(PREVIEW, {"body": "a" * (BODY_MAX_LENGTH + 1)})
    assert response.status_code == 400
    assert response.json()["error"].startswith(
        f"The body can be at most {BODY_MAX_LENGTH:,} characters long"
    )
    exact = editor_client.post(PREVIEW, {"body": "a" * BODY_MAX_LENGTH})
    assert exact.status_code == 200


def test_preview_refuses_nul_characters_with_a_clear_error(editor_client):
    response = editor_client.post(PREVIEW, {"body": "a\x00b"})
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.json()["error"]


def test_preview_of_an_empty_body_is_empty(editor_client):
    assert editor_client.post(PREVIEW, {}).json() == {"html": ""}


def test_preview_is_post_only(editor_client):
    assert editor_client.get(PREVIEW).status_code == 405


def test_preview_needs_the_csrf_token():
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_editor())
    assert client.post(PREVIEW, {"body": "x"}).status_code == 403
    page = client.get(reverse("admin:sections_section_add"))
    token = page.context["csrf_token"]
    response = client.post(PREVIEW, {"body": "**x**", "csrfmiddlewaretoken": str(token)})
    assert response.status_code == 200
    assert response.json()["html"] == "<p><strong>x</strong></p>"


def test_preview_is_for_staff_only(client, django_user_model):
    response = client.post(PREVIEW, {"body": "x"})
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))
    reader = django_user_model.objects.create_user("reader", password="pw")
    client.force_login(reader)
    response = client.post(PREVIEW, {"body": "x"})
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))


def test_preview_needs_a_role_that_may_write(client, django_user_model):
    staff = django_user_model.objects.create_user("nobody", password="pw", is_staff=True)
    client.force_login(staff)
    response = client.post(PREVIEW, {"body": "x"})
    assert response.status_code == 403
    assert "This needs an Editor." in response.content.decode()


def test_reviewers_preview_too(client):
    client.force_login(make_reviewer())
    assert client.post(PREVIEW, {"body": "*x*"}).json() == {"html": "<p><em>x</em></p>"}
