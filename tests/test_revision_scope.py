"""A version opened from another model's (or object's) admin is 404 on every history view.

The attack these guard against: an Editor takes the id of a case study's old, published version
and opens it from the Section admin (revert) or any admin's recover page. django-reversion
reverted the case study's whole revision, publishing and verification included, before the
change form checked anything.
"""

import pytest
import reversion
from django.contrib import admin
from django.urls import reverse
from reversion.models import Version

from casestudies.models import CaseStudy, Country, Intervention, Region
from iomkb.editorial.history import ScopedVersionAdmin
from iomkb.models import Citation, Status, Theme, Verification
from sections.models import LegalFramework, Section
from tests.editorial_helpers import admin_url, form_data, make_editor, make_reviewer
from tests.factories import make_case_study, make_framework, make_section

pytestmark = pytest.mark.django_db


def make_target(model, pk):
    """An object of `model` whose primary key is `pk`, so it shares object ids with a victim."""
    if model in (Section, CaseStudy, LegalFramework):
        factory = {Section: make_section, CaseStudy: make_case_study}.get(model, make_framework)
        return factory(pk=pk, title=f"Target {model.__name__}")
    if model is Citation:
        return Citation.objects.create(pk=pk, key=f"c{pk}", title="Target citation")
    return model.objects.create(pk=pk, name=f"Target {model.__name__}", slug=f"t{pk}")


VERSIONED_MODELS = [
    Section,
    LegalFramework,
    CaseStudy,
    Theme,
    Citation,
    Region,
    Country,
    Intervention,
]


def test_every_versioned_admin_is_scoped():
    versioned = [
        model for model, model_admin in admin.site._registry.items()
        if hasattr(model_admin, "revision_view")
    ]  # fmt: skip
    assert sorted(model.__name__ for model in versioned) == sorted(
        model.__name__ for model in VERSIONED_MODELS
    )
    assert all(isinstance(admin.site._registry[model], ScopedVersionAdmin) for model in versioned)


def saved_in_revision(obj, **changes):
    for name, value in changes.items():
        setattr(obj, name, value)
    with reversion.create_revision():
        obj.save()
    return Version.objects.get_for_object(obj).first()


@pytest.fixture
def unpublished_case_study():
    """A case study a Reviewer unpublished and disputed; its first version was public and
    verified."""
    victim = make_case_study(title="Victim", verification=Verification.VERIFIED)
    public_version = saved_in_revision(victim)
    saved_in_revision(victim, status=Status.DRAFT, verification=Verification.DISPUTED)
    return victim, public_version


def assert_untouched(victim):
    victim.refresh_from_db()
    assert (victim.status, victim.verification) == (Status.DRAFT, Verification.DISPUTED)


@pytest.mark.parametrize("model", [m for m in VERSIONED_MODELS if m is not CaseStudy])
def test_reverting_another_models_version_is_404(client, unpublished_case_study, model):
    victim, public_version = unpublished_case_study
    target = make_target(model, victim.pk)
    client.force_login(make_editor())
    url = admin_url(target, "revision", public_version.pk)
    assert client.get(url).status_code == 404
    own_form = client.get(admin_url(target))
    data = form_data(own_form) if own_form.status_code == 200 else {"_save": "Save"}
    assert client.post(url, data).status_code == 404
    assert_untouched(victim)


@pytest.mark.parametrize("model", [Section, LegalFramework, CaseStudy])
def test_comparing_another_models_version_is_404(client, model):
    victim = make_framework(title="Victim") if model is not LegalFramework else make_section()
    version = saved_in_revision(victim)
    target = make_target(model, victim.pk)
    client.force_login(make_reviewer())
    assert client.get(admin_url(target, "compare", version.pk)).status_code == 404


def test_reverting_another_objects_version_of_the_same_model_is_404(client):
    victim = make_section(title="Victim")
    version = saved_in_revision(victim)
    other = make_section(title="Other")
    client.force_login(make_reviewer())
    assert client.get(admin_url(other, "revision", version.pk)).status_code == 404


@pytest.mark.parametrize("model", VERSIONED_MODELS)
def test_recovering_a_deleted_item_through_another_models_admin_is_404(client, model):
    victim_model = LegalFramework if model is not LegalFramework else Section
    victim = (make_framework if victim_model is LegalFramework else make_section)(title="Gone")
    version = saved_in_revision(victim, verification=Verification.VERIFIED)
    pk = victim.pk
    with reversion.create_revision():
        victim.delete()
    client.force_login(make_editor() if model is not Region else make_reviewer())
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_recover", args=[version.pk])
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, {"_save": "Save"}).status_code in (403, 404)
    assert not victim_model.objects.filter(pk=pk).exists()


def test_recovering_an_item_that_still_exists_is_404(client):
    section = make_section(title="Still here", status=Status.DRAFT)
    published = saved_in_revision(section, status=Status.PUBLISHED)
    saved_in_revision(section, status=Status.DRAFT)
    client.force_login(make_reviewer())
    url = reverse("admin:sections_section_recover", args=[published.pk])
    assert client.get(url).status_code == 404
    section.refresh_from_db()
    assert section.status == Status.DRAFT


def test_recover_through_its_own_admin_still_works(client):
    framework = make_framework(title="Back again")
    version = saved_in_revision(framework)
    pk = framework.pk
    with reversion.create_revision():
        framework.delete()
    client.force_login(make_editor())
    url = reverse("admin:sections_legalframework_recover", args=[version.pk])
    assert client.post(url, form_data(client.get(url))).status_code == 302
    recovered = LegalFramework.objects.get(pk=pk)
    assert (recovered.title, recovered.status) == ("Back again", Status.DRAFT)
