"""Admin smoke tests: every model's changelist, search and add page."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

MODELS = [
    "iomkb.theme",
    "iomkb.citation",
    "iomkb.sourcedocument",
    "sections.section",
    "sections.legalframework",
    "casestudies.casestudy",
    "casestudies.region",
    "casestudies.country",
    "casestudies.intervention",
]


@pytest.mark.parametrize("model", MODELS)
def test_changelist_search_and_add_page_render(staff_client, demo, model):
    app_label, model_name = model.split(".")
    changelist = reverse(f"admin:{app_label}_{model_name}_changelist")
    assert staff_client.get(changelist).status_code == 200
    assert staff_client.get(changelist, {"q": "migration"}).status_code == 200
    assert staff_client.get(reverse(f"admin:{app_label}_{model_name}_add")).status_code == 200


def test_section_change_page_renders(staff_client, demo):
    from sections.models import Section

    section = Section.objects.first()
    response = staff_client.get(reverse("admin:sections_section_change", args=[section.pk]))
    assert response.status_code == 200


CONTENT_MODELS = ["sections.section", "sections.legalframework", "casestudies.casestudy"]


@pytest.mark.parametrize("model", CONTENT_MODELS + ["iomkb.citation"])
@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_editorial_roles_get_changelist_search_and_add_page(client, demo, model, role):
    from tests.editorial_helpers import make_editor, make_reviewer

    client.force_login(make_editor() if role == "editor" else make_reviewer())
    app_label, model_name = model.split(".")
    changelist = reverse(f"admin:{app_label}_{model_name}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "migration"}).status_code == 200
    assert client.get(reverse(f"admin:{app_label}_{model_name}_add")).status_code == 200


@pytest.mark.parametrize("model", CONTENT_MODELS)
def test_content_change_history_and_recover_pages_render(staff_client, demo, model):
    from django.apps import apps

    app_label, model_name = model.split(".")
    item = apps.get_model(app_label, model_name).objects.first()
    for view, args in [("change", [item.pk]), ("history", [item.pk]), ("recoverlist", [])]:
        response = staff_client.get(reverse(f"admin:{app_label}_{model_name}_{view}", args=args))
        assert response.status_code == 200


def test_changelist_shows_publication_verification_and_themes(staff_client, demo):
    from sections.models import Section

    response = staff_client.get(reverse("admin:sections_section_changelist"))
    headers = [str(h["text"]).lower() for h in response.context["result_headers"]][-6:]
    assert headers == ["title", "order", "publication", "verification", "updated at", "themes"]
    section = Section.objects.filter(themes__isnull=False).first()
    assert section.themes.first().name in response.content.decode()


def test_changelist_query_count_does_not_grow_with_rows(staff_client, demo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from iomkb.models import Theme
    from tests.factories import make_section

    changelist = reverse("admin:sections_section_changelist")

    def count():
        with CaptureQueriesContext(connection) as queries:
            staff_client.get(changelist)
        return len(queries)

    before = count()
    theme = Theme.objects.first()
    for n in range(5):
        make_section(title=f"Extra {n}").themes.add(theme)
    assert count() == before


def test_admin_index_is_the_editorial_dashboard(staff_client, demo):
    page = staff_client.get(reverse("admin:index")).content.decode()
    assert "IOM Knowledge Base" in page
    assert "Content by status" in page
    assert "Waiting for verification, oldest first" in page


def test_delete_confirmation_names_both_ends_of_each_link(staff_client, db):
    from iomkb.models import Citation, Theme
    from tests.factories import make_case_study

    case = make_case_study(title="Typhoon response")
    case.citations.add(Citation.objects.create(key="iom-c", title="IOM Constitution"))
    case.themes.add(Theme.objects.create(name="Disasters", slug="disasters"))
    response = staff_client.get(f"/admin/casestudies/casestudy/{case.pk}/delete/")
    content = response.content.decode()
    assert "Typhoon response – IOM Constitution" in content
    assert "Typhoon response – Disasters" in content
    assert " object (" not in content
