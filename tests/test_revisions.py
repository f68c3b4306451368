"""History and recovery: every save is a revision; compare, revert, recover deleted items."""

import re
from html import unescape
from io import StringIO

import pytest
import reversion
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from iomkb import textdiff
from iomkb.extraction import load_extraction
from iomkb.importer import import_extraction
from iomkb.models import BODY_MAX_LENGTH, Citation, Status, Theme, Verification
from iomkb.textdiff import inline_diff
from sections.models import Section
from tests.editorial_helpers import admin_url, citation_rows, form_data, make_editor, make_reviewer
from tests.factories import make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def section():
    with reversion.create_revision():
        reversion.set_comment("Imported.")
        # Not yet public: an Editor's save of a live item is a draft, with no revision.
        return make_section(
            title="Mandate", body="IOM was founded in 1951.", status=Status.DRAFT, published_at=None
        )


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


def versions(obj):
    return list(Version.objects.get_for_object(obj).select_related("revision__user"))


def test_inline_diff_marks_removed_and_added_words_and_escapes_html():
    html = str(inline_diff("IOM was founded in 1951 <b>.", "IOM was founded in 1952 <b>."))
    assert html == "IOM was founded in <del>1951</del><ins>1952</ins> &lt;b&gt;."


def test_admin_save_is_a_revision_with_user_and_comment(editor_client, section):
    data = form_data(
        editor_client.get(admin_url(section)),
        body="IOM was founded in 1951 as PICMME.",
        revision_comment="Added the original name.",
    )
    editor_client.post(admin_url(section), data)
    latest = versions(section)[0]
    assert latest.revision.user.username == "edna"
    assert latest.revision.get_comment() == "Added the original name. (Changed Body.)"
    assert latest.field_dict["body"] == "IOM was founded in 1951 as PICMME."


def test_citation_rows_and_themes_are_stored_with_the_revision(editor_client, section):
    citation = Citation.objects.create(key="iom-constitution", title="IOM Constitution")
    theme = Theme.objects.create(name="Governance", slug="governance")
    page = editor_client.get(admin_url(section))
    prefix = page.context["inline_admin_formsets"][0].formset.prefix
    data = form_data(page, themes=[str(theme.pk)])
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-citation": str(citation.pk),
            f"{prefix}-0-section": str(section.pk),
        }
    )
    assert editor_client.post(admin_url(section), data).status_code == 302
    assert list(section.citations.all()) == [citation]
    stored = versions(section)[0].field_dict
    assert (stored["citations"], stored["themes"]) == ([citation.pk], [theme.pk])


def test_history_lists_revisions_newest_first_with_compare_links(editor_client, section):
    editor_client.post(admin_url(section), form_data(editor_client.get(admin_url(section))))
    response = editor_client.get(admin_url(section, "history"))
    actions = response.context["action_list"]
    assert [a["revision"].get_comment() for a in actions] == ["No fields changed.", "Imported."]
    assert actions[1]["compare_url"].endswith("/compare/")
    assert "Compare with current" in response.content.decode()


def test_compare_shows_field_by_field_diff_with_current(editor_client, section):
    first = versions(section)[0]
    data = form_data(editor_client.get(admin_url(section)), body="IOM was founded in 1952.")
    editor_client.post(admin_url(section), data)
    response = editor_client.get(admin_url(section, "compare", first.pk))
    assert response.status_code == 200
    assert [change.name for change in response.context["changes"]] == ["body"]
    assert "IOM was founded in <del>1951</del><ins>1952</ins>." in response.content.decode()


def test_compare_with_a_version_of_another_item_is_404(editor_client, section):
    other = make_section(title="Other")
    with reversion.create_revision():
        other.save()
    version = versions(other)[0]
    assert editor_client.get(admin_url(section, "compare", version.pk)).status_code == 404


def test_revert_restores_text_but_keeps_publishing_and_verification(client, section):
    reviewer = make_reviewer()
    client.force_login(reviewer)
    first = versions(section)[0]
    citation = Citation.objects.create(key="iom-constitution", title="IOM Constitution")
    page = client.get(admin_url(section))
    data = form_data(
        page,
        body="Rewritten.",
        verification=Verification.VERIFIED,
        verification_note="Checked against the IOM Constitution.",
        status=Status.DRAFT,
        **citation_rows(page, citation),
    )
    client.post(admin_url(section), data)
    revert_url = admin_url(section, "revision", first.pk)
    page = client.get(revert_url)
    assert page.context["adminform"].form["status"].value() == Status.DRAFT
    assert client.post(revert_url, form_data(page)).status_code == 302
    section.refresh_from_db()
    assert section.body == "IOM was founded in 1951."
    assert (section.status, section.verification) == (Status.DRAFT, Verification.VERIFIED)
    assert versions(section)[0].revision.get_comment().startswith("Reverted to previous version")


def test_editor_reverting_to_a_published_revision_does_not_publish(editor_client, section):
    published = versions(section)[0]  # the section was created published
    with reversion.create_revision():
        section.unpublish()
        section.save()
    revert_url = admin_url(section, "revision", published.pk)
    response = editor_client.post(revert_url, form_data(editor_client.get(revert_url)))
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.status == Status.DRAFT


def test_deleted_item_is_listed_and_recovered(client, section):
    with reversion.create_revision():
        section.publish()
        section.save()
    client.force_login(make_reviewer())
    pk = section.pk
    client.post(admin_url(section, "delete"), {"post": "yes"})
    assert not Section.objects.filter(pk=pk).exists()
    recover_list = client.get(reverse("admin:sections_section_recoverlist"))
    assert "Mandate" in recover_list.content.decode()
    deleted = Version.objects.get_deleted(Section).get()
    recover_url = reverse("admin:sections_section_recover", args=[deleted.pk])
    assert client.post(recover_url, form_data(client.get(recover_url))).status_code == 302
    recovered = Section.objects.get(pk=pk)
    assert (recovered.body, recovered.status) == ("IOM was founded in 1951.", Status.PUBLISHED)


def test_editor_recovers_a_deleted_item_as_a_draft(editor_client, section):
    pk = section.pk
    section.delete()
    deleted = Version.objects.get_deleted(Section).get()
    recover_url = reverse("admin:sections_section_recover", args=[deleted.pk])
    response = editor_client.post(recover_url, form_data(editor_client.get(recover_url)))
    assert response.status_code == 302
    assert Section.objects.get(pk=pk).status == Status.DRAFT


def test_importer_makes_one_revision_per_item(settings):
    extraction = load_extraction(
        settings.SOURCE_DIR / "iom-global-migration-governance.txt",
        settings.SOURCE_DIR / "extraction.toml",
    )
    import_extraction(extraction, "iom-global-migration-governance.txt")
    section = Section.objects.order_by("order").first()
    history = versions(section)
    assert len(history) == 1
    assert history[0].revision.get_comment() == "Imported from iom-global-migration-governance.txt."
    assert history[0].revision.version_set.count() == 1


def test_setup_demo_gives_content_its_first_revision_and_prints_three_logins(db):
    out = StringIO()
    call_command("setup_demo", stdout=out)
    section = Section.objects.order_by("order").first()
    assert versions(section)[0].revision.get_comment() == "Imported from the source text."
    text = out.getvalue()
    for username in ("admin", "editor", "reviewer"):
        assert f"user: {username}  password: " in text
    call_command("setup_demo", stdout=StringIO())
    assert len(versions(section)) == 1


def test_browser_line_breaks_do_not_count_as_a_change(editor_client, section):
    section.body = section.source_body = "First paragraph.\n\nSecond paragraph."
    section.save()
    data = form_data(editor_client.get(admin_url(section)), body=section.body.replace("\n", "\r\n"))
    editor_client.post(admin_url(section), data)
    section.refresh_from_db()
    assert section.body == "First paragraph.\n\nSecond paragraph."
    assert not section.changed_since_import


def test_revert_restores_citation_links_without_deleting_citations(client, section):
    client.force_login(make_reviewer())
    kept = Citation.objects.create(key="kept", title="IOM Constitution")
    added_later = Citation.objects.create(key="later", title="UNGA resolution 70/296")
    with reversion.create_revision():
        section.citations.set([kept])
        section.save()
    with_one = versions(section)[0]
    with reversion.create_revision():
        section.citations.set([kept, added_later])
        section.save()
    revert_url = admin_url(section, "revision", with_one.pk)
    assert client.post(revert_url, form_data(client.get(revert_url))).status_code == 302
    assert list(section.citations.all()) == [kept]
    assert Citation.objects.filter(pk=added_later.pk).exists()


def test_recover_brings_back_a_deleted_item_with_its_citations(client, section):
    # On PostgreSQL the preview's citation rows got link ids that the real recover never reuses.
    client.force_login(make_reviewer())
    citations = [
        Citation.objects.create(key="iom-constitution", title="IOM Constitution"),
        Citation.objects.create(key="unga-70-296", title="UNGA resolution 70/296"),
    ]
    with reversion.create_revision():
        section.citations.set(citations)
        section.save()
    pk = section.pk
    client.post(admin_url(section, "delete"), {"post": "yes"})
    deleted = Version.objects.get_deleted(Section).get()
    recover_url = reverse("admin:sections_section_recover", args=[deleted.pk])
    page = client.get(recover_url)
    assert page.context["inline_admin_formsets"] == []
    assert client.post(recover_url, form_data(page)).status_code == 302
    assert set(Section.objects.get(pk=pk).citations.all()) == set(citations)


def test_revert_to_a_revision_with_a_since_unlinked_citation_relinks_it(client, section):
    client.force_login(make_reviewer())
    dropped = Citation.objects.create(key="dropped", title="IOM Constitution")
    with reversion.create_revision():
        section.citations.set([dropped])
        section.save()
    with_citation = versions(section)[0]
    with reversion.create_revision():
        section.citations.set([])
        section.save()
    revert_url = admin_url(section, "revision", with_citation.pk)
    page = client.get(revert_url)
    assert page.context["inline_admin_formsets"] == []
    assert client.post(revert_url, form_data(page)).status_code == 302
    assert list(section.citations.all()) == [dropped]


@pytest.mark.parametrize("view", ["history", "revision", "compare"])
@pytest.mark.parametrize("object_id", ["abc", "999999"])
def test_history_views_of_a_bad_or_missing_id_say_it_does_not_exist(
    editor_client, section, view, object_id
):
    version = versions(section)[0]
    args = [object_id] if view == "history" else [object_id, version.pk]
    url = reverse(f"admin:sections_section_{view}", args=args)
    response = editor_client.get(url, follow=True)
    assert response.redirect_chain == [(reverse("admin:index"), 302)]
    assert f"Section with ID “{object_id}” doesn’t exist." in response.content.decode()


def words(prefix, count, per_paragraph=80):
    return " ".join(
        f"{prefix}{index}" + ("\n\n" if (index + 1) % per_paragraph == 0 else "")
        for index in range(count)
    ).replace("\n\n ", "\n\n")


def removed_and_added(html):
    """The two texts a diff's HTML shows: without its insertions, and without its deletions."""
    old = re.sub(r"</?del>", "", re.sub(r"<ins>.*?</ins>", "", html, flags=re.S))
    new = re.sub(r"</?ins>", "", re.sub(r"<del>.*?</del>", "", html, flags=re.S))
    return unescape(old), unescape(new)


def test_long_texts_with_nothing_in_common_are_shown_whole_as_removed_and_added():
    # Word by word, two 100 KB texts without a shared word would take hours.
    old, new = words("old", 15000, per_paragraph=10**6), words("new", 15000, per_paragraph=10**6)
    assert str(inline_diff(old, new)) == f"<del>{old}</del><ins>{new}</ins>"


def test_one_word_changed_in_a_long_text_is_still_marked_word_by_word():
    old = words("w", 15000, per_paragraph=10**6)
    new = old.replace(" w7000 ", " <changed> ")
    html = str(inline_diff(old, new))
    assert html.count("<del>") == html.count("<ins>") == 1
    assert " <del>w7000</del><ins>&lt;changed&gt;</ins> " in html
    assert removed_and_added(html) == (old, new)


def test_changed_paragraphs_past_the_word_diff_budget_are_shown_whole(monkeypatch):
    # Enough for one 80-word paragraph pair (160 x 160 tokens), not for two.
    monkeypatch.setattr(textdiff, "WORD_DIFF_BUDGET", 30000)
    old = words("w", 8000)
    new = old.replace("w10 ", "x10 ").replace("w7990 ", "x7990 ")
    html = str(inline_diff(old, new))
    assert "<del>w10</del><ins>x10</ins>" in html
    assert "<del>w7920 w7921 " in html and "<del>w7990</del>" not in html
    assert removed_and_added(html) == (old, new)


def test_a_change_spanning_too_many_lines_is_shown_whole(monkeypatch):
    monkeypatch.setattr(textdiff, "LINE_DIFF_MAX_LINES", 10)
    old = "".join(f"line {index}\n" for index in range(2000))
    new = old.replace("line 5\n", "LINE 5\n").replace("line 1995\n", "LINE 1995\n")
    head, tail = old[: old.index("line 5\n")], old[old.index(" 1995\n") :]
    removed, added = old[len(head) : -len(tail)], new[len(head) : -len(tail)]
    assert str(inline_diff(old, new)) == f"{head}<del>{removed}</del><ins>{added}</ins>{tail}"


def test_admin_refuses_a_body_over_the_size_limit_with_a_clear_error(staff_client):
    add_url = reverse("admin:sections_section_add")
    data = form_data(
        staff_client.get(add_url), title="Long", slug="long", body="x" * (BODY_MAX_LENGTH + 1)
    )
    response = staff_client.post(add_url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["body"] == [
        "The body can be at most 100,000 characters long (it has 100001)."
    ]
    assert not Section.objects.filter(slug="long").exists()
    data["body"] = "x" * BODY_MAX_LENGTH
    assert staff_client.post(add_url, data).status_code == 302
