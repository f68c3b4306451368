"""History messages name only real changes; an edit conflict is said once."""

import pytest
import reversion
from django.test import Client
from reversion.models import Version

from iomkb.models import Status
from tests.editorial_helpers import admin_url, form_data, make_editor, make_reviewer
from tests.factories import make_case_study, make_section

pytestmark = pytest.mark.django_db

UNPUBLISHED = {"status": Status.DRAFT, "published_at": None}
TEXT = {"summary": "One line.\nAnother line.", "body": "First paragraph.\n\nSecond\nparagraph."}


def as_browser_posts(data):
    """Textareas come back from a browser with CRLF line breaks."""
    return {key: v.replace("\n", "\r\n") if isinstance(v, str) else v for key, v in data.items()}


def latest_comment(obj):
    return Version.objects.get_for_object(obj).first().revision.get_comment()


@pytest.fixture
def section():
    with reversion.create_revision():
        return make_section(title="Mandate", **TEXT, **UNPUBLISHED)


@pytest.mark.parametrize("make_user", [make_editor, make_reviewer])
def test_resaving_an_unchanged_form_posted_with_crlf_names_no_field(client, section, make_user):
    client.force_login(make_user())
    data = as_browser_posts(form_data(client.get(admin_url(section))))
    assert "\r\n" in data["body"] and "\r\n" in data["summary"]
    assert client.post(admin_url(section), data).status_code == 302
    assert latest_comment(section) == "No fields changed."


def test_crlf_in_a_changed_form_names_only_the_fields_that_changed(client, section):
    client.force_login(make_editor())
    data = as_browser_posts(form_data(client.get(admin_url(section)), title="The mandate"))
    client.post(admin_url(section), data)
    assert latest_comment(section) == "Changed Title."


def test_a_real_change_to_the_body_is_still_named(client, section):
    client.force_login(make_editor())
    body = TEXT["body"] + "\n\nThird paragraph."
    data = as_browser_posts(form_data(client.get(admin_url(section)), body=body))
    client.post(admin_url(section), data)
    assert latest_comment(section) == "Changed Body."
    section.refresh_from_db()
    assert section.body == body


def test_publishing_a_live_item_unchanged_names_no_field(client):
    with reversion.create_revision():
        live = make_section(title="Live", **TEXT)
    client.force_login(make_reviewer())
    data = as_browser_posts(form_data(client.get(admin_url(live)), _publish="Publish"))
    assert client.post(admin_url(live), data).status_code == 302
    assert latest_comment(live) == "No fields changed."


def test_case_study_crlf_resave_names_no_field(client):
    with reversion.create_revision():
        case = make_case_study(title="Case", **TEXT, **UNPUBLISHED)
    client.force_login(make_reviewer())
    client.post(admin_url(case), as_browser_posts(form_data(client.get(admin_url(case)))))
    assert latest_comment(case) == "No fields changed."


def refused_save(section, view="change", *args):
    ada, ben = Client(), Client()
    ada.force_login(make_editor("ada"))
    ben.force_login(make_editor("ben"))
    ben_page = ben.get(admin_url(section, view, *args))
    ada.post(admin_url(section), form_data(ada.get(admin_url(section)), body="Ada's text."))
    return ben.post(admin_url(section, view, *args), form_data(ben_page, body="Ben's text."))


def test_the_edit_conflict_is_said_exactly_once(section):
    response = refused_save(section)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("Not saved: ada changed this item at") == 1
    assert page.count("after you opened it") == 0  # the form error repeated it below
    assert page.count("Your edits are still in the form below") == 1
    assert 'class="errornote"' not in page  # no "Please correct the error below" with none


def test_the_edit_conflict_on_a_revert_form_is_said_exactly_once(section):
    version = Version.objects.get_for_object(section).first()
    page = refused_save(section, "revision", version.pk).content.decode()
    assert page.count("Not saved: ada changed this item at") == 1
    assert page.count("after you opened it") == 0
    assert page.count("Your edits are still in the form below") == 1


def test_other_errors_still_show_beside_the_conflict(section):
    ada, ben = Client(), Client()
    ada.force_login(make_editor("ada"))
    ben.force_login(make_editor("ben"))
    ben_page = ben.get(admin_url(section))
    ada.post(admin_url(section), form_data(ada.get(admin_url(section)), body="Ada's text."))
    page = ben.post(admin_url(section), form_data(ben_page, title="")).content.decode()
    assert page.count("Not saved: ada changed this item at") == 1
    assert 'class="errornote"' in page and "This field is required." in page
