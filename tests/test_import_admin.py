"""The admin's "Import a source text" page: Reviewers upload, preview, then confirm."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reversion.models import Version

from casestudies.models import CaseStudy
from iomkb.extraction import MAX_INPUT_BYTES
from iomkb.models import SourceDocument, Status
from sections.models import LegalFramework, Section

from .editorial_helpers import make_editor, make_reviewer

URL = reverse("admin_import_source")
TEXT = (
    "Labour Mobility in the Pacific\n"
    "This summary was assembled by AI; verify it with official sources.\n"
    "Seasonal schemes bring workers from Pacific island states to farms abroad.\n"
    "How the Schemes Work\n"
    "Employers recruit through labour-sending units under a memorandum of understanding.\n"
    "Case Studies\n"
    "For example, in 2019 the scheme helped workers from Vanuatu return home safely.\n"
)

pytestmark = pytest.mark.django_db


def upload(client, text=TEXT, name="pacific.md", suggestions=True):
    data = {"file": SimpleUploadedFile(name, text.encode() if isinstance(text, str) else text)}
    if suggestions:
        data["suggestions"] = "on"
    return client.post(URL, data)


def confirm(client, preview):
    form = preview.context["confirm"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("on" if v is True else "" if v is False else v) for k, v in data.items()}
    return client.post(URL, {**data, "_confirm": "Import"})


def test_editors_are_refused_with_a_reason(client):
    client.force_login(make_editor())
    response = client.get(URL)
    assert response.status_code == 403
    assert client.post(URL, {"file": SimpleUploadedFile("a.txt", b"x")}).status_code == 403
    assert not SourceDocument.objects.exists()


def test_anonymous_users_go_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_admin_home_links_to_the_page_for_reviewers_only(client):
    client.force_login(make_reviewer())
    assert URL in client.get(reverse("admin:index")).content.decode()
    client.force_login(make_editor())
    assert URL not in client.get(reverse("admin:index")).content.decode()


def test_preview_saves_nothing_and_confirm_imports_what_was_previewed(client):
    reviewer = make_reviewer()
    client.force_login(reviewer)
    assert client.get(URL).status_code == 200
    preview = upload(client)
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Preview of pacific.md" in page
    assert "Would be created" in page and "suggested by the import" in page
    assert not SourceDocument.objects.exists() and not Section.objects.exists()

    done = confirm(client, preview)
    assert done.status_code == 200
    assert "Imported pacific.md" in done.content.decode()
    source = SourceDocument.objects.get()
    assert source.title == "Labour Mobility in the Pacific"
    assert source.disclaimer.startswith("This summary was assembled by AI")
    assert list(Section.objects.values_list("title", "status")) == [
        ("How the Schemes Work", Status.DRAFT),
        ("Case Studies", Status.DRAFT),
    ]
    study = CaseStudy.objects.get()
    assert study.suggested_by_import and [c.iso_code for c in study.countries.all()] == ["VU"]
    framework = LegalFramework.objects.get()
    assert framework.title == "Memorandum of understanding"
    # Links to the new drafts, and the import is in each item's history, by this reviewer.
    assert reverse("admin:casestudies_casestudy_change", args=[study.pk]) in done.content.decode()
    version = Version.objects.get_for_object(study).get()
    assert version.revision.user == reviewer
    assert version.revision.get_comment() == "Imported from pacific.md."


def test_without_suggestions_only_sections_are_made(client):
    client.force_login(make_reviewer())
    confirm(client, upload(client, suggestions=False))
    assert Section.objects.count() == 2
    assert not CaseStudy.objects.exists() and not LegalFramework.objects.exists()


def test_a_tampered_confirmation_is_refused(client):
    client.force_login(make_reviewer())
    preview = upload(client)
    form = preview.context["confirm"]
    data = {name: form[name].value() for name in form.fields}
    data["text"] = data["text"].replace("Vanuatu", "Fiji")
    response = client.post(URL, {**data, "suggestions": "on", "_confirm": "Import"})
    assert response.status_code == 200
    assert "not the one previewed" in response.content.decode()
    assert not SourceDocument.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"%PDF-1.4", "choose a .txt or .md file"),
        ("big.txt", b"Title\nHeading\n" + b"x" * MAX_INPUT_BYTES, "larger than the 1 MB"),
        ("binary.txt", b"Title\x00\nHeading\n", "binary data"),
        ("latin1.txt", "Titre\nSécurité\n".encode("latin-1"), "not UTF-8 text"),
        ("flat.txt", b"Only a title line\n", "only a title line"),
        ("empty.md", b"", "empty"),
    ],
)
def test_bad_files_get_a_clear_message_and_save_nothing(client, name, content, message):
    client.force_login(make_reviewer())
    response = upload(client, text=content, name=name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SourceDocument.objects.exists()


def test_a_preview_shows_updates_with_a_diff_and_edited_items_as_skipped(client):
    client.force_login(make_reviewer())
    confirm(client, upload(client, suggestions=False))
    edited = Section.objects.get(title="Case Studies")
    edited.body = "An editor rewrote this."
    edited.save()
    revised = (
        TEXT.replace("farms abroad", "farms in Australia")
        .replace("under a memorandum", "under a signed memorandum")
        .replace("return home safely", "return home safely and quickly")
    )
    preview = upload(client, text=revised, suggestions=False)
    page = preview.content.decode()
    assert "Would be updated" in page and "<ins>signed " in page
    assert "Would be skipped" in page and "its new source lines wait beside it" in page
    assert Section.objects.get(title="How the Schemes Work").body.count("signed") == 0


def test_the_import_is_in_the_site_wide_history(client):
    from iomkb.editorial.models import AuditEntry

    reviewer = make_reviewer()
    client.force_login(reviewer)
    confirm(client, upload(client))
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.IMPORTED)
    assert entries.count() == Section.objects.count() + CaseStudy.objects.count() + 1
    assert {entry.user for entry in entries} == {reviewer}
    assert {entry.comment for entry in entries} == {"Imported from pacific.md."}
    log = client.get(reverse("admin:iomkb_editorial_auditentry_changelist")).content.decode()
    assert "Imported" in log and "How the Schemes Work" in log
