"""Verified and disputed need evidence: a note and at least one citation, on every code path."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from iomkb.extraction import load_extraction
from iomkb.importer import import_extraction
from iomkb.models import Citation, Verification
from sections.models import Section
from tests.editorial_helpers import admin_url, citation_rows, form_data, make_editor, make_reviewer
from tests.factories import make_section, with_evidence

pytestmark = pytest.mark.django_db

EVIDENCED = [Verification.VERIFIED, Verification.DISPUTED]
FIXTURES = Path(settings.BASE_DIR) / "fixtures"


@pytest.fixture
def reviewer_client(client):
    client.force_login(make_reviewer())
    return client


@pytest.fixture
def citation():
    return Citation.objects.create(key="iom-constitution", title="IOM Constitution")


# The model


@pytest.mark.parametrize("status", EVIDENCED)
@pytest.mark.parametrize(
    ("note", "has_citation", "missing"),
    [
        ("", True, "a note saying what was checked"),
        ("   ", True, "a note saying what was checked"),
        ("Checked.", False, "at least one citation"),
        ("", False, "a note saying what was checked and at least one citation"),
    ],
)
def test_set_verification_refuses_a_status_without_evidence(status, note, has_citation, missing):
    item = make_section(verification_note=note)
    if has_citation:
        item.citations.add(Citation.objects.create(key="c", title="C"))
    with pytest.raises(ValidationError) as raised:
        item.set_verification(status, make_reviewer())
    assert raised.value.message_dict["verification"] == [
        f"“{Verification(status).label}” needs {missing}."
    ]
    assert (item.verification, item.verified_by) == (Verification.UNVERIFIED, None)


@pytest.mark.parametrize("status", EVIDENCED)
def test_set_verification_accepts_a_note_and_a_citation(status):
    reviewer = make_reviewer()
    item = with_evidence(make_section())
    item.set_verification(status, reviewer)
    assert (item.verification, item.verified_by) == (status, reviewer)


def test_set_verification_checks_the_note_and_citations_it_is_given(citation):
    item = make_section()
    item.set_verification(
        Verification.VERIFIED, make_reviewer(), note="Checked.", citations=[citation]
    )
    assert (item.verification, item.verification_note) == (Verification.VERIFIED, "Checked.")


def test_going_back_to_unverified_needs_no_evidence():
    item = make_section(verification=Verification.VERIFIED)
    item.set_verification(Verification.UNVERIFIED, None)
    assert item.verification == Verification.UNVERIFIED


def test_every_verified_or_disputed_fixture_item_has_a_note_and_a_citation():
    checked = 0
    for path in FIXTURES.glob("*.json"):
        for obj in json.loads(path.read_text(encoding="utf-8")):
            fields = obj["fields"]
            if fields.get("verification") in EVIDENCED:
                assert fields["verification_note"].strip(), fields["slug"]
                assert fields["citations"], fields["slug"]
                checked += 1
    assert checked >= 5


# The admin form, with the citation rows posted alongside


def test_reviewer_cannot_verify_without_a_note(reviewer_client, citation):
    item = make_section()
    page = reviewer_client.get(admin_url(item))
    data = form_data(page, verification=Verification.VERIFIED, **citation_rows(page, citation))
    response = reviewer_client.post(admin_url(item), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["verification"]
    assert errors == ["“Verified” needs a note saying what was checked."]
    item.refresh_from_db()
    assert item.verification == Verification.UNVERIFIED
    assert not item.citations.exists()


def test_reviewer_cannot_dispute_without_a_citation(reviewer_client):
    item = make_section()
    page = reviewer_client.get(admin_url(item))
    data = form_data(page, verification=Verification.DISPUTED, verification_note="Wrong date.")
    response = reviewer_client.post(admin_url(item), data)
    assert response.status_code == 200
    assert "“Disputed” needs at least one citation." in response.content.decode()
    assert response.context["adminform"].form.errors["verification"]
    item.refresh_from_db()
    assert (item.verification, item.verification_note) == (Verification.UNVERIFIED, "")


def test_reviewer_verifies_with_a_note_and_a_citation_in_the_same_post(reviewer_client, citation):
    item = make_section()
    page = reviewer_client.get(admin_url(item))
    data = form_data(
        page,
        verification=Verification.VERIFIED,
        verification_note="Checked.",
        **citation_rows(page, citation),
    )
    assert reviewer_client.post(admin_url(item), data).status_code == 302
    item.refresh_from_db()
    assert item.verification == Verification.VERIFIED
    assert list(item.citations.all()) == [citation]


def test_reviewer_cannot_unlink_the_last_citation_of_a_verified_item(reviewer_client):
    item = with_evidence(make_section())
    item.set_verification(Verification.VERIFIED, make_reviewer("vera"))
    item.save()
    page = reviewer_client.get(admin_url(item))
    prefix = page.context["inline_admin_formsets"][0].formset.prefix
    response = reviewer_client.post(
        admin_url(item), form_data(page, **{f"{prefix}-0-DELETE": "on"})
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["verification"]
    assert errors == ["“Verified” needs at least one citation."]
    assert item.citations.count() == 1


def test_reviewer_cannot_clear_the_note_of_a_disputed_item(reviewer_client):
    item = with_evidence(make_section())
    item.set_verification(Verification.DISPUTED, make_reviewer("vera"))
    item.save()
    page = reviewer_client.get(admin_url(item))
    response = reviewer_client.post(admin_url(item), form_data(page, verification_note=""))
    assert response.status_code == 200
    assert "“Disputed” needs a note saying what was checked." in response.content.decode()
    item.refresh_from_db()
    assert item.verification_note == "Checked against the IOM Constitution."


def test_reviewer_adding_a_verified_item_without_evidence_is_refused(reviewer_client):
    add_url = reverse("admin:sections_section_add")
    page = reviewer_client.get(add_url)
    data = form_data(
        page, title="New", slug="new", body="Text.", order="10", verification="verified"
    )
    response = reviewer_client.post(add_url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "verification": [
            "“Verified” needs a note saying what was checked and at least one citation."
        ]
    }
    assert not Section.objects.filter(slug="new").exists()


def test_editor_unlinking_the_last_citation_of_a_disputed_item_is_refused(client):
    item = with_evidence(make_section())
    item.set_verification(Verification.DISPUTED, make_reviewer())
    item.save()
    client.force_login(make_editor())
    page = client.get(admin_url(item))
    prefix = page.context["inline_admin_formsets"][0].formset.prefix
    response = client.post(admin_url(item), form_data(page, **{f"{prefix}-0-DELETE": "on"}))
    assert response.status_code == 200
    assert "“Disputed” needs at least one citation." in response.content.decode()
    assert item.citations.count() == 1


def test_unrelated_edit_of_an_item_verified_before_the_rule_is_saved(reviewer_client):
    item = make_section(verification=Verification.VERIFIED)  # no note, no citation
    page = reviewer_client.get(admin_url(item))
    assert reviewer_client.post(admin_url(item), form_data(page, title="New")).status_code == 302
    item.refresh_from_db()
    assert (item.title, item.verification) == ("New", Verification.VERIFIED)


# Bulk actions


def post_action(client, items, action):
    return client.post(
        reverse("admin:sections_section_changelist"),
        {"action": action, "_selected_action": [item.pk for item in items], "index": 0},
        follow=True,
    )


@pytest.mark.parametrize(
    ("action", "status"), [("mark_verified", "verified"), ("mark_disputed", "disputed")]
)
def test_bulk_action_refuses_items_without_evidence_and_names_them(reviewer_client, action, status):
    ready = with_evidence(make_section(title="Ready"))
    bare = make_section(title="No evidence")
    noted = make_section(title="Only a note", verification_note="Checked.")
    response = post_action(reviewer_client, [ready, bare, noted], action)
    messages = [str(message) for message in response.context["messages"]]
    for item in (ready, bare, noted):
        item.refresh_from_db()
    assert ready.verification == status
    assert (bare.verification, noted.verification) == ("unverified", "unverified")
    assert any("“No evidence” was not changed" in text for text in messages)
    assert any(
        "“Only a note” was not changed" in text and "at least one citation" in text
        for text in messages
    )
    assert any(": 1 section." in text for text in messages)


# Import


def test_import_leaves_items_whose_citations_the_site_lacks_unverified():
    source = Path(settings.SOURCE_DIR) / "iom-global-migration-governance.txt"
    extraction = Path(settings.SOURCE_DIR) / "extraction.toml"
    import_extraction(load_extraction(source, extraction), source.name)  # no citations here
    framework = Section.objects.get(
        slug="legal-frameworks-governing-the-international-organization-for-migration"
    )
    assert framework.verification == Verification.UNVERIFIED
    assert framework.verification_note.startswith(
        "The extraction marks this disputed, but here it lacks at least one citation"
    )
