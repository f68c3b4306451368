"""Real API responses match the OpenAPI schema the API publishes (the nested shapes are written
by hand for speed, so this is what keeps them and their declared fields in step)."""

import pytest
from django.core.cache import cache
from openapi_schema_validator import OAS31Validator

from iomkb.api.schema import openapi_schema
from sections.models import LegalFramework
from tests.factories import make_case_study

pytestmark = pytest.mark.django_db


def response_schema(path):
    schema = openapi_schema()
    operation = schema["paths"][path]["get"]
    body = operation["responses"]["200"]["content"]["application/json"]["schema"]
    # "#/components/..." references resolve against this document's root.
    return {**body, "components": schema["components"]}


def check(client, template, url):
    cache.clear()
    response = client.get(url)
    assert response.status_code == 200, url
    validator = OAS31Validator(response_schema(template))
    errors = [
        f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(response.json())
    ]
    assert not errors, url
    return response.json()


def test_every_endpoint_answers_as_its_schema_says(client, demo):
    edited = make_case_study(title="Edited one", summary="")  # written here, no source
    edited.frameworks.add(*LegalFramework.objects.all()[:2])
    for segment in ("sections", "case-studies", "legal-frameworks"):
        page = check(client, f"/api/v1/{segment}/", f"/api/v1/{segment}/?page_size=100")
        for item in page["results"]:
            check(client, f"/api/v1/{segment}/{{slug}}/", item["url"])
    for segment, key in (("themes", "slug"), ("citations", "key"), ("source-documents", "slug")):
        page = check(client, f"/api/v1/{segment}/", f"/api/v1/{segment}/")
        first = page["results"][0]
        check(client, f"/api/v1/{segment}/{{{key}}}/", f"/api/v1/{segment}/{first[key]}/")
    check(client, "/api/v1/search/", "/api/v1/search/?q=migration")


def test_a_schema_violation_would_be_caught(client):
    validator = OAS31Validator(response_schema("/api/v1/themes/{slug}/"))
    assert list(validator.iter_errors({"slug": 1}))
