"""Two people editing one item: the later save is refused, and nothing typed is lost."""

import pytest
import reversion
from django.test import Client

from iomkb.models import Status
from sections.models import Section
from tests.editorial_helpers import admin_url, form_data, make_editor, make_reviewer
from tests.factories import make_case_study, make_section

pytestmark = pytest.mark.django_db


UNPUBLISHED = {"status": Status.DRAFT, "published_at": None}


@pytest.fixture
def section():
    # Not yet public: its saves change the row itself. A live item's saves by Editors are
    # drafts of changes, whose conflicts tests/test_drafts.py covers.
    with reversion.create_revision():
        return make_section(title="Mandate", body="The original text.", **UNPUBLISHED)


@pytest.fixture
def ada():
    client = Client()
    client.force_login(make_editor("ada"))
    return client


@pytest.fixture
def ben():
    client = Client()
    client.force_login(make_editor("ben"))
    return client


def test_every_save_bumps_the_version(section):
    before = section.version
    section.save()
    assert section.version == before + 1
    section.save(update_fields=["title"])
    section.refresh_from_db()
    assert section.version == before + 2


def test_second_save_from_a_stale_form_is_refused_and_loses_nothing(ada, ben, section):
    ada_page, ben_page = ada.get(admin_url(section)), ben.get(admin_url(section))
    ada.post(admin_url(section), form_data(ada_page, body="Ada's careful correction."))

    typed = "Ben's long rewrite, typed for an hour."
    response = ben.post(admin_url(section), form_data(ben_page, body=typed, title="Ben's title"))

    assert response.status_code == 200
    section.refresh_from_db()
    assert section.body == "Ada's careful correction."
    assert section.title == "Mandate"
    form = response.context["adminform"].form
    assert form["body"].value() == typed
    assert form["title"].value() == "Ben's title"
    page = response.content.decode()
    assert page.count("Not saved: ada changed this item at") == 1
    assert "Your edits are still in the form below" in page
    assert typed.replace("'", "&#x27;") in page


def test_refusal_shows_what_the_other_editor_changed(ada, ben, section):
    ada_page, ben_page = ada.get(admin_url(section)), ben.get(admin_url(section))
    ada.post(admin_url(section), form_data(ada_page, body="The corrected text."))
    response = ben.post(admin_url(section), form_data(ben_page, summary="Ben's summary."))
    conflict = response.context["edit_conflict"]
    assert conflict.their_changes
    assert [change.name for change in conflict.changes] == ["body"]
    assert "<del>original</del><ins>corrected</ins>" in str(conflict.changes[0].diff_html)
    assert "<del>original</del><ins>corrected</ins>" in response.content.decode()


def test_refusal_without_history_compares_the_saved_item_with_yours(ada, ben):
    section = make_section(
        title="No history", body="Saved before revisions existed.", **UNPUBLISHED
    )
    ada_page, ben_page = ada.get(admin_url(section)), ben.get(admin_url(section))
    ada.post(admin_url(section), form_data(ada_page, body="Ada's text."))
    response = ben.post(admin_url(section), form_data(ben_page, body="Ben's text."))
    conflict = response.context["edit_conflict"]
    assert not conflict.their_changes
    assert [change.name for change in conflict.changes] == ["body"]
    assert (conflict.changes[0].old, conflict.changes[0].new) == ("Ben's text.", "Ada's text.")


def test_saving_again_after_reading_the_conflict_replaces_the_other_version(ada, ben, section):
    ada_page, ben_page = ada.get(admin_url(section)), ben.get(admin_url(section))
    ada.post(admin_url(section), form_data(ada_page, body="Ada's text."))
    refused = ben.post(admin_url(section), form_data(ben_page, body="Ben's text."))
    assert refused.status_code == 200

    resubmitted = ben.post(admin_url(section), form_data(refused))
    assert resubmitted.status_code == 302
    section.refresh_from_db()
    assert section.body == "Ben's text."
    # Ada's version is not lost either: it is in the history.
    bodies = [
        v.field_dict["body"] for v in reversion.models.Version.objects.get_for_object(section)
    ]
    assert "Ada's text." in bodies


def test_a_form_without_its_version_is_refused(ada, section):
    data = form_data(ada.get(admin_url(section)), body="No version.")
    del data["edit_version"]
    assert ada.post(admin_url(section), data).status_code == 200
    section.refresh_from_db()
    assert section.body == "The original text."


def test_a_bulk_action_after_the_form_was_opened_refuses_the_form(ada, section):
    page = ada.get(admin_url(section))
    reviewer = Client()
    reviewer.force_login(make_reviewer())
    reviewer.post(
        "/admin/sections/section/",
        {"action": "publish", "_selected_action": [section.pk], "index": 0},
    )
    section.refresh_from_db()
    assert section.status == Status.PUBLISHED
    response = ada.post(admin_url(section), form_data(page, body="Edited."))
    assert response.status_code == 200
    assert "Not saved: rita changed this item" in response.content.decode()


def test_a_form_opened_before_a_revert_is_refused_after_it(ada, ben, section):
    first = reversion.models.Version.objects.get_for_object(section).get()
    ada.post(admin_url(section), form_data(ada.get(admin_url(section)), body="Second."))
    stale = ben.get(admin_url(section))  # opened at the "Second." version
    ada.post(admin_url(section), form_data(ada.get(admin_url(section)), body="Third."))
    revert_url = admin_url(section, "revision", first.pk)
    assert ada.post(revert_url, form_data(ada.get(revert_url))).status_code == 302
    section.refresh_from_db()
    assert section.body == "The original text."

    response = ben.post(admin_url(section), form_data(stale, body="Ben's edit."))
    assert response.status_code == 200
    section.refresh_from_db()
    assert section.body == "The original text."


def test_conflicts_are_detected_for_case_studies_too(ada, ben):
    case_study = make_case_study(title="Tonga", body="Old.", **UNPUBLISHED)
    ada_page, ben_page = ada.get(admin_url(case_study)), ben.get(admin_url(case_study))
    assert ada.post(admin_url(case_study), form_data(ada_page, body="Ada.")).status_code == 302
    assert ben.post(admin_url(case_study), form_data(ben_page, body="Ben.")).status_code == 200
    case_study.refresh_from_db()
    assert case_study.body == "Ada."


def test_list_edits_of_section_order_bump_the_version(section):
    client = Client()
    client.force_login(make_reviewer("rev"))  # list edits are for reviewers (test_review.py)
    page = client.get(admin_url(section))
    response = client.post(
        "/admin/sections/section/",
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(section.pk),
            "form-0-order": "7",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    assert Section.objects.get(pk=section.pk).order == 7
    assert client.post(admin_url(section), form_data(page, body="x")).status_code == 200


def test_saving_locks_the_row_where_the_database_can(ada, section):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    data = form_data(ada.get(admin_url(section)), body="Locked save.")
    with CaptureQueriesContext(connection) as queries:
        assert ada.post(admin_url(section), data).status_code == 302
    # Only the item's own row: the search index takes its own lock on its entry.
    table = section._meta.db_table
    locked = [
        q["sql"] for q in queries if "FOR UPDATE" in q["sql"] and f'FROM "{table}"' in q["sql"]
    ]
    assert len(locked) == (1 if connection.features.has_select_for_update else 0)


def test_sqlite_later_writer_waits_for_the_earlier_and_sees_its_save(tmp_path):
    """Two simultaneous saves on SQLite: the later one queues behind the earlier and reads what
    it saved (so the admin shows the edit-conflict screen), instead of "database is locked"."""
    import threading
    import time

    from django.db import OperationalError, connection, connections, transaction

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's transaction mode; PostgreSQL locks the row (test above)")
    wrapper = type(connections["default"])
    params = {**connection.settings_dict, "NAME": str(tmp_path / "race.sqlite3")}
    setup = wrapper(params, alias="race")
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, version INTEGER)")
        cursor.execute("INSERT INTO item VALUES (1, 1)")
    setup.close()
    first_wrote, seen = threading.Event(), {}

    def save(name, wait_for=None, hold=0.0):
        connections["race"] = wrapper(params, alias="race")
        if wait_for is not None:
            wait_for.wait(5)
        try:
            with transaction.atomic(using="race"), connections["race"].cursor() as cursor:
                cursor.execute("SELECT version FROM item WHERE id = 1")
                seen[name] = cursor.fetchone()[0]
                cursor.execute("UPDATE item SET version = %s WHERE id = 1", [seen[name] + 1])
                first_wrote.set()
                time.sleep(hold)  # the first save is still working when the second begins
        except OperationalError as error:
            seen[name] = str(error)
        finally:
            connections["race"].close()

    first = threading.Thread(target=save, args=("first",), kwargs={"hold": 0.5})
    second = threading.Thread(target=save, args=("second", first_wrote))
    first.start(), second.start()
    first.join(), second.join()
    assert seen == {"first": 1, "second": 2}
