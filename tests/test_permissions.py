"""Who may do what in the admin: Editors write, Reviewers also publish and verify.

Every refusal is checked on the server, with requests a browser form would never send.
"""

import pytest
import reversion
from django.contrib.auth.models import Group
from django.urls import reverse
from reversion.models import Version

from casestudies.models import CaseStudy
from iomkb.editorial.roles import EDITORS, REVIEWERS
from iomkb.models import Citation, Status, Verification
from sections.models import LegalFramework, Section
from tests.editorial_helpers import admin_url, citation_rows, form_data, make_editor, make_reviewer
from tests.factories import make_case_study, make_framework, make_section, with_evidence

pytestmark = pytest.mark.django_db

MAKERS = [make_section, make_framework, make_case_study]


@pytest.fixture(params=MAKERS, ids=["section", "framework", "case-study"])
def draft(request):
    return request.param(status=Status.DRAFT, published_at=None)


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


@pytest.fixture
def reviewer_client(client):
    client.force_login(make_reviewer())
    return client


def perms(group_name):
    group = Group.objects.get(name=group_name)
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


def test_editors_write_content_but_cannot_publish_verify_or_delete():
    editors = perms(EDITORS)
    assert {"sections.change_section", "sections.add_legalframework"} <= editors
    assert {"casestudies.change_casestudy", "iomkb.add_citation"} <= editors
    assert not {p for p in editors if p.endswith(("publish_content", "verify_content"))}
    assert not {p for p in editors if ".delete_" in p}


def test_reviewers_have_everything_editors_have_plus_publish_verify_and_delete():
    reviewers = perms(REVIEWERS)
    assert perms(EDITORS) < reviewers
    assert {
        "sections.publish_content",
        "sections.verify_content",
        "casestudies.publish_content",
        "casestudies.verify_content",
        "sections.delete_section",
        "casestudies.delete_casestudy",
    } <= reviewers


def test_editor_sees_publishing_and_verification_read_only(editor_client, draft):
    response = editor_client.get(admin_url(draft))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert not {"status", "published_at", "verification", "verification_note"} & set(form.fields)
    assert "Only reviewers publish" in response.content.decode()


def test_reviewer_gets_publishing_and_verification_inputs(reviewer_client, draft):
    form = reviewer_client.get(admin_url(draft)).context["adminform"].form
    assert {"status", "published_at", "verification", "verification_note"} <= set(form.fields)


def test_editor_saves_an_edit_and_it_stays_a_draft(editor_client, draft):
    data = form_data(editor_client.get(admin_url(draft)), body="Corrected text.")
    response = editor_client.post(admin_url(draft), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.body, draft.status) == ("Corrected text.", Status.DRAFT)


@pytest.mark.parametrize(
    "crafted",
    [
        {"status": Status.PUBLISHED},
        {"published_at_0": "2020-01-01", "published_at_1": "10:00"},
        {"verification": Verification.VERIFIED},
        {"verification_note": "Checked, all fine."},
    ],
    ids=["status", "published_at", "verification", "verification_note"],
)
def test_editor_crafting_a_locked_field_is_refused(editor_client, draft, crafted):
    data = form_data(editor_client.get(admin_url(draft)), body="Sneaky.", **crafted)
    response = editor_client.post(admin_url(draft), data)
    assert response.status_code == 403
    draft.refresh_from_db()
    assert (draft.body, draft.status, draft.verification) == (
        f"Body of {draft.title}.",
        Status.DRAFT,
        Verification.UNVERIFIED,
    )


@pytest.mark.parametrize("model", [Section, LegalFramework, CaseStudy])
def test_editor_cannot_add_an_item_as_published(editor_client, model):
    add_url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    data = form_data(editor_client.get(add_url), title="New", slug="new", body="Text.")
    refused = editor_client.post(add_url, {**data, "status": Status.PUBLISHED})
    assert refused.status_code == 403
    assert not model.objects.exists()
    assert editor_client.post(add_url, data).status_code == 302
    created = model.objects.get(slug="new")
    assert (created.status, created.verification) == (Status.DRAFT, Verification.UNVERIFIED)


def test_reviewer_publishes_from_the_form(reviewer_client, draft):
    data = form_data(reviewer_client.get(admin_url(draft)), status=Status.PUBLISHED)
    assert reviewer_client.post(admin_url(draft), data).status_code == 302
    draft.refresh_from_db()
    assert draft.is_published()


def test_reviewer_schedules_for_later_and_it_is_not_public_yet(reviewer_client, client, draft):
    data = form_data(
        reviewer_client.get(admin_url(draft)),
        status=Status.PUBLISHED,
        published_at_0="2999-01-01",
        published_at_1="09:00:00",
    )
    assert reviewer_client.post(admin_url(draft), data).status_code == 302
    draft.refresh_from_db()
    assert draft.is_scheduled and not draft.is_published()
    assert not type(draft).objects.published().filter(pk=draft.pk).exists()


def test_reviewer_verifying_records_who_and_when(reviewer_client, draft):
    page = reviewer_client.get(admin_url(draft))
    reviewer = page.wsgi_request.user
    citation = Citation.objects.create(key="iom-constitution", title="IOM Constitution")
    data = form_data(
        page,
        verification=Verification.VERIFIED,
        verification_note="Matches the IOM Constitution.",
        **citation_rows(page, citation),
    )
    assert reviewer_client.post(admin_url(draft), data).status_code == 302
    draft.refresh_from_db()
    assert (draft.verification, draft.verified_by) == (Verification.VERIFIED, reviewer)
    assert draft.verified_at is not None


def test_verified_by_cannot_be_typed_in(reviewer_client, draft):
    editor = make_editor("someone-else")
    with_evidence(draft)
    data = form_data(
        reviewer_client.get(admin_url(draft)),
        verification=Verification.DISPUTED,
        verified_by=str(editor.pk),
        verified_at_0="2001-01-01",
        verified_at_1="00:00",
    )
    reviewer_client.post(admin_url(draft), data)
    draft.refresh_from_db()
    assert draft.verified_by.username == "rita"
    assert draft.verified_at.year != 2001


ACTIONS = {
    "publish": lambda item: item.is_published(),
    "unpublish": lambda item: item.status == Status.DRAFT,
    "mark_verified": lambda item: item.verification == Verification.VERIFIED,
    "mark_disputed": lambda item: item.verification == Verification.DISPUTED,
}


def item_for(action, maker):
    if action == "unpublish":
        return maker()  # published
    return with_evidence(maker(status=Status.DRAFT, published_at=None))


def post_action(client, item, action):
    changelist = reverse(f"admin:{item._meta.app_label}_{item._meta.model_name}_changelist")
    return client.post(
        changelist, {"action": action, "_selected_action": [item.pk], "index": 0}, follow=True
    )


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("maker", MAKERS, ids=["section", "framework", "case-study"])
def test_editor_is_not_offered_and_cannot_run_bulk_action(editor_client, action, maker):
    item = item_for(action, maker)
    changelist = reverse(f"admin:{item._meta.app_label}_{item._meta.model_name}_changelist")
    action_form = editor_client.get(changelist).context["action_form"]
    offered = [] if action_form is None else [v for v, _ in action_form.fields["action"].choices]
    # Editors are offered nothing but confirming the import's suggestions, where there are any.
    assert [v for v in offered if v] == (["confirm_suggestions"] if item.suggested_from else [])
    response = post_action(editor_client, item, action)
    assert response.status_code == 403  # and the page says which role it needs (test_denied.py)
    assert "This needs a Reviewer." in response.content.decode()
    item.refresh_from_db()
    assert not ACTIONS[action](item)
    assert not Version.objects.get_for_object(item).exists()


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("maker", MAKERS, ids=["section", "framework", "case-study"])
def test_reviewer_runs_bulk_action_and_history_records_it(reviewer_client, action, maker):
    item = item_for(action, maker)
    response = post_action(reviewer_client, item, action)
    assert response.status_code == 200
    item.refresh_from_db()
    assert ACTIONS[action](item)
    revision = Version.objects.get_for_object(item).get().revision
    assert revision.user.username == "rita"
    assert "bulk action" in revision.get_comment()


def test_bulk_verify_records_who_verified(reviewer_client):
    item = with_evidence(make_section(verification=Verification.UNVERIFIED))
    post_action(reviewer_client, item, "mark_verified")
    item.refresh_from_db()
    assert item.verified_by.username == "rita" and item.verified_at is not None


def test_bulk_action_on_several_items_makes_one_revision_each(reviewer_client):
    items = [make_section(title=f"S{n}", status=Status.DRAFT, published_at=None) for n in range(3)]
    changelist = reverse("admin:sections_section_changelist")
    reviewer_client.post(
        changelist, {"action": "publish", "_selected_action": [i.pk for i in items], "index": 0}
    )
    revisions = {Version.objects.get_for_object(i).get().revision_id for i in items}
    assert len(revisions) == 3


def test_editor_cannot_delete_but_reviewer_can(client, draft):
    client.force_login(make_editor())
    assert client.get(admin_url(draft, "delete")).status_code == 403
    assert client.post(admin_url(draft, "delete"), {"post": "yes"}).status_code == 403
    assert type(draft).objects.filter(pk=draft.pk).exists()
    client.force_login(make_reviewer())
    assert client.post(admin_url(draft, "delete"), {"post": "yes"}).status_code == 302
    assert not type(draft).objects.filter(pk=draft.pk).exists()


def test_anonymous_and_staff_without_role_cannot_edit(client, django_user_model, draft):
    data = {"title": "x", "slug": "x", "body": "x", "status": Status.PUBLISHED}
    response = client.post(admin_url(draft), data)
    assert response.status_code == 302 and "/login/" in response["Location"]
    nobody = django_user_model.objects.create_user("nobody", password="pw", is_staff=True)
    client.force_login(nobody)
    assert client.post(admin_url(draft), data).status_code == 403
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_seed_demo_users_puts_editor_and_reviewer_in_their_groups(django_user_model):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("seed_demo_users", stdout=out)
    editor = django_user_model.objects.get(username="editor")
    reviewer = django_user_model.objects.get(username="reviewer")
    assert [g.name for g in editor.groups.all()] == [EDITORS]
    assert [g.name for g in reviewer.groups.all()] == [REVIEWERS]
    assert editor.is_staff and not editor.is_superuser
    assert not editor.has_perm("sections.publish_content")
    assert reviewer.has_perm("sections.publish_content")
    assert "user: editor  password: " in out.getvalue()
    assert "user: reviewer  password: " in out.getvalue()


def test_editor_crafting_status_into_a_revert_is_refused(editor_client, draft):
    with reversion.create_revision():
        draft.save()
    version = Version.objects.get_for_object(draft).first()
    revert_url = admin_url(draft, "revision", version.pk)
    data = form_data(editor_client.get(revert_url), status=Status.PUBLISHED)
    assert editor_client.post(revert_url, data).status_code == 403
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_editor_is_told_their_save_of_a_public_item_becomes_a_draft_of_changes(editor_client):
    public = make_section(title="Public")
    draft = make_section(title="Private", status=Status.DRAFT, published_at=None)
    warning = "Your save becomes a draft of changes"
    assert warning in editor_client.get(admin_url(public)).content.decode()
    assert warning not in editor_client.get(admin_url(draft)).content.decode()
