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
