"""An Editor (or Reviewer) refused in the admin gets an admin page that says which role it needs."""

import pytest
import reversion
from django.urls import reverse

from iomkb.models import Status, Theme
from sections.models import Section
from tests.editorial_helpers import admin_url, form_data, make_editor, make_reviewer
from tests.factories import make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


def assert_explained(response, *phrases):
    assert response.status_code == 403
    page = response.content.decode()
    assert "IOM Knowledge Base" in page and 'id="user-tools"' in page  # the admin's own layout
    assert "403 Forbidden" not in page
    for phrase in phrases:
        assert phrase in page, phrase
    return page


def test_editor_opening_a_delete_page_is_told_it_needs_a_reviewer(editor_client):
    section = make_section(title="Mandate", status=Status.DRAFT)
    page = assert_explained(
        editor_client.get(admin_url(section, "delete")),
        "Deleting sections is not open to your role.",
        "This needs a Reviewer.",
        "You are signed in as edna, an Editor.",
        "Publishing, scheduling, verification, deleting content",
    )
    assert "Not open to your role" in page
    assert editor_client.post(admin_url(section, "delete"), {"post": "yes"}).status_code == 403
    assert Section.objects.filter(pk=section.pk).exists()


def test_editor_posting_to_a_view_only_change_form_is_refused_and_told_why(editor_client):
    theme = Theme.objects.create(name="Governance", slug="governance")
    assert editor_client.get(admin_url(theme)).status_code == 200  # view only
    response = editor_client.post(admin_url(theme), {"name": "Hacked", "slug": "governance"})
    assert_explained(response, "Changing themes is not open to your role.", "needs a Reviewer")
    theme.refresh_from_db()
    assert theme.name == "Governance"


def test_editor_opening_an_add_page_they_lack_is_told_why(editor_client):
    assert_explained(
        editor_client.get(reverse("admin:iomkb_theme_add")),
        "Adding themes is not open to your role.",
        "This needs a Reviewer.",
    )


def test_editor_opening_the_recover_page_of_themes_is_told_why(editor_client):
    assert_explained(
        editor_client.get(reverse("admin:iomkb_theme_recoverlist")),
        "Recovering themes is not open to your role.",
        "This needs a Reviewer.",
    )


@pytest.mark.parametrize(
    ("action", "label"), [("publish", "Publish now"), ("delete_selected", "Delete selected")]
)
def test_a_crafted_bulk_action_the_editor_lacks_is_refused_by_name(editor_client, action, label):
    with reversion.create_revision():
        section = make_section(title="Mandate", status=Status.DRAFT, published_at=None)
    data = {"action": action, "_selected_action": [section.pk], "index": 0, "post": "yes"}
    response = editor_client.post(reverse("admin:sections_section_changelist"), data)
    assert_explained(response, f"The bulk action “{label}", "This needs a Reviewer.")
    section.refresh_from_db()
    assert section.status == Status.DRAFT


def test_a_crafted_publishing_field_names_the_field(editor_client):
    with reversion.create_revision():
        section = make_section(title="Mandate", status=Status.DRAFT, published_at=None)
    data = form_data(editor_client.get(admin_url(section)), status=Status.PUBLISHED)
    response = editor_client.post(admin_url(section), data)
    assert_explained(response, "You may not change “status”.", "This needs a Reviewer.")
    section.refresh_from_db()
    assert section.status == Status.DRAFT


def test_reviewer_opening_user_accounts_is_told_it_is_for_administrators(client):
    client.force_login(make_reviewer())
    assert_explained(
        client.get(reverse("admin:auth_user_changelist")),
        "This is for administrators only.",
        "You are signed in as rita, a Reviewer.",
    )


def test_staff_without_a_role_are_told_they_have_none(client, django_user_model):
    user = django_user_model.objects.create_user("nobody", password="pw", is_staff=True)
    client.force_login(user)
    assert_explained(
        client.get(reverse("admin:sections_section_changelist")),
        "Viewing sections is not open to your role.",
        "This needs an Editor.",
        "with no editorial role",
    )


def test_a_permitted_bulk_action_still_runs(client):
    with reversion.create_revision():
        section = make_section(title="Mandate", status=Status.DRAFT, published_at=None)
    client.force_login(make_reviewer())
    data = {"action": "publish", "_selected_action": [section.pk], "index": 0}
    assert client.post(reverse("admin:sections_section_changelist"), data).status_code == 302
    section.refresh_from_db()
    assert section.is_published()


def test_anonymous_visitors_of_the_admin_still_go_to_the_login(client):
    response = client.get(reverse("admin:sections_section_delete", args=[1]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
