"""Revert and recover say what happened and stay on the item; any two revisions compare."""

import pytest
import reversion
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from django.utils.timezone import localtime
from reversion.models import Version

from iomkb.editorial.models import AuditEntry
from iomkb.editorial.revisions import when
from iomkb.models import Status, Theme
from sections.models import Section
from tests.editorial_helpers import admin_url, form_data, make_editor, make_reviewer
from tests.factories import make_case_study, make_section

pytestmark = pytest.mark.django_db


def saved(obj, user=None, **changes):
    for name, value in changes.items():
        setattr(obj, name, value)
    with reversion.create_revision():
        if user is not None:
            reversion.set_user(user)
        obj.save()
    return Version.objects.get_for_object(obj).first()


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def revert(client, obj, version):
    url = admin_url(obj, "revision", version.pk)
    return client.post(url, form_data(client.get(url)))


def test_revert_names_the_revision_says_it_is_still_published_and_stays_on_the_item(client):
    reviewer = make_reviewer()
    section = make_section(title="Mandate", body="Old text.")
    old = saved(section, reviewer)
    saved(section, reviewer, body="New text.")
    client.force_login(reviewer)
    response = revert(client, section, old)
    assert response.status_code == 302
    assert response.url == admin_url(section)
    assert messages_of(response) == [
        f"Reverted “Mandate” to the revision of {when(old.revision.date_created)} by rita. "
        "It is still published: readers see this version now."
    ]
    section.refresh_from_db()
    assert section.body == "Old text."


def test_revert_of_a_draft_says_it_is_still_a_draft(client):
    editor = make_editor()
    section = make_section(title="Draft", status=Status.DRAFT, published_at=None)
    old = saved(section)  # made by an import: no user
    saved(section, editor, body="Changed.")
    client.force_login(editor)
    response = revert(client, section, old)
    assert response.url == admin_url(section)
    (message,) = messages_of(response)
    assert message.startswith("Reverted “Draft” to the revision of ")
    assert "by an import" in message
    assert message.endswith(
        "It is still a draft: readers do not see it until a reviewer publishes it."
    )


def test_editor_revert_of_a_live_item_says_it_is_a_draft_of_changes(client):
    section = make_section(title="Live", body="Old text.")
    old = saved(section)
    saved(section, body="New text.")
    client.force_login(make_editor())
    response = revert(client, section, old)
    assert response.url == admin_url(section)
    (message,) = messages_of(response)
    assert message.startswith("Reverted “Live” to the revision of ")
    assert message.endswith(
        "as a draft of changes: the public still sees the live version until a reviewer "
        "publishes it."
    )
    section.refresh_from_db()
    assert section.body == "New text."


@pytest.mark.parametrize(
    ("make_user", "expected"),
    [
        (make_editor, "It is a draft: readers do not see it until a reviewer publishes it."),
        (make_reviewer, "It is published: readers see this version now."),
    ],
)
def test_recover_says_what_came_back_and_opens_the_recovered_item(client, make_user, expected):
    section = make_section(title="Gone")
    version = saved(section)
    pk = section.pk
    section.delete()
    client.force_login(make_user())
    url = reverse("admin:sections_section_recover", args=[version.pk])
    response = client.post(url, form_data(client.get(url)))
    assert response.status_code == 302
    assert response.url == reverse("admin:sections_section_change", args=[pk])
    (message,) = messages_of(response)
    assert message.startswith("Recovered “Gone” from the revision of ")
    assert message.endswith(expected)


def test_revert_of_a_theme_stays_on_the_theme(client):
    theme = Theme.objects.create(name="Old name", slug="governance")
    old = saved(theme)
    saved(theme, name="New name")
    client.force_login(make_reviewer())
    response = revert(client, theme, old)
    assert response.url == admin_url(theme)
    assert messages_of(response)[0].startswith("Reverted “Old name” to the revision of ")


# Comparing any two revisions


@pytest.fixture
def three_revisions():
    section = make_section(title="Mandate", body="One two three.", summary="Same.")
    first = saved(section)
    second = saved(section, body="One two four.")
    third = saved(section, body="One five four.", title="The mandate")
    return section, first, second, third


def compare_url(obj, old, new):
    return admin_url(obj, "compare_revisions") + f"?from={old}&to={new}"


def test_history_offers_two_revisions_to_compare(client, three_revisions):
    section, first, second, third = three_revisions
    client.force_login(make_editor())
    page = client.get(admin_url(section, "history")).content.decode()
    assert f'action="{admin_url(section, "compare_revisions")}"' in page
    assert f'name="to" value="{third.pk}" aria-label' in page
    assert f'name="from" value="{second.pk}" aria-label' in page
    assert page.count('type="radio"') == 6
    assert f'value="{third.pk}" aria-label="Compare to the revision of' in page


def test_comparing_two_old_revisions_shows_only_their_difference(client, three_revisions):
    section, first, second, third = three_revisions
    client.force_login(make_editor())
    response = client.get(compare_url(section, first.pk, second.pk))
    assert response.status_code == 200
    assert [change.name for change in response.context["changes"]] == ["body"]
    page = response.content.decode()
    assert "One two <del>three</del><ins>four</ins>." in page
    assert f"Comparing the revision of {when(first.revision.date_created)}" in page
    assert "Revert to the older revision…" in page and "Revert to the newer revision…" in page


def test_the_older_revision_is_always_shown_as_removed(client, three_revisions):
    section, first, second, third = three_revisions
    client.force_login(make_editor())
    response = client.get(compare_url(section, third.pk, first.pk))
    assert [change.name for change in response.context["changes"]] == ["title", "body"]
    assert "One <del>two three</del><ins>five four</ins>." in response.content.decode()


def test_comparing_a_revision_with_itself_shows_no_differences(client, three_revisions):
    section, first, *_ = three_revisions
    client.force_login(make_editor())
    response = client.get(compare_url(section, first.pk, first.pk))
    assert response.status_code == 200
    assert "No differences" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "from=abc&to={third}",
        "from={first}&to=",
        "to={third}",
        "from=-1&to={third}",
        "from=1.5&to={third}",
        "from=%D9%A3&to={third}",  # an Arabic-Indic digit: isdigit() but not an id
        "from=99999999999999999999999999&to={third}",
        "from={other}&to={third}",  # another section's revision
        "from={case}&to={third}",  # another model's revision with the same object id
        "from={first}&to={first}&to={other}",
    ],
)
def test_crafted_compare_urls_are_404(client, three_revisions, query):
    section, first, second, third = three_revisions
    other = saved(make_section(title="Other"))
    case = saved(make_case_study(pk=section.pk, title="Case"))
    client.force_login(make_reviewer())
    url = (
        admin_url(section, "compare_revisions")
        + "?"
        + query.format(first=first.pk, third=third.pk, other=other.pk, case=case.pk)
    )
    assert client.get(url).status_code == 404


def test_comparing_revisions_of_a_missing_item_says_it_does_not_exist(client, three_revisions):
    _, first, second, _ = three_revisions
    client.force_login(make_editor())
    url = reverse("admin:sections_section_compare_revisions", args=["999999"])
    response = client.get(f"{url}?from={first.pk}&to={second.pk}", follow=True)
    assert "Section with ID “999999” doesn’t exist." in response.content.decode()


def test_comparing_revisions_needs_the_view_permission(client, three_revisions, django_user_model):
    section, first, second, _ = three_revisions
    user = django_user_model.objects.create_user("nobody", password="pw", is_staff=True)
    client.force_login(user)
    assert client.get(compare_url(section, first.pk, second.pk)).status_code == 403
    assert Section.objects.get(pk=section.pk).body == "One five four."


@pytest.mark.parametrize("view", ["compare", "revision"])
def test_a_version_id_too_large_for_the_database_is_404(client, three_revisions, view):
    section, *_ = three_revisions
    client.force_login(make_reviewer())
    assert client.get(admin_url(section, view, 10**30)).status_code == 404


def test_history_and_audit_log_tell_two_saves_in_one_minute_apart(client):
    reviewer = make_reviewer()
    section = make_section(title="Mandate", body="Old text.")
    first = saved(section, reviewer, body="First.")
    second = saved(section, reviewer, body="Second.")
    stamps = {
        version.revision.date_created.astimezone(timezone.get_current_timezone()).strftime(
            "%H:%M:%S"
        )
        for version in (first, second)
    }
    client.force_login(reviewer)
    history = client.get(admin_url(section, "history")).content.decode()
    assert all(stamp in history for stamp in stamps)
    log = client.get(reverse("admin:iomkb_editorial_auditentry_changelist")).content.decode()
    entry = AuditEntry.objects.latest("created_at")
    assert localtime(entry.created_at).strftime("%H:%M:%S") in log
