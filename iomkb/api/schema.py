"""The OpenAPI 3 schema (drf-spectacular, generated once per process) and the docs page that
renders it as plain HTML with the site's own templates and CSS: no CDN, no script, so the CSP
stays as strict as everywhere else."""

import json
from functools import cache

from django.conf import settings
from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from .base import ApiViewMixin
from .data import safe_methods

METHODS = ("get",)


@cache
def openapi_schema():
    """The schema as plain JSON-ready data (the same for every request)."""
    generator = SchemaGenerator(title="IOM Knowledge Base open data API", version="1")
    schema = generator.get_schema(request=None, public=True)
    return json.loads(json.dumps(schema, default=str))


class SchemaView(ApiViewMixin, APIView):
    """The OpenAPI 3 schema of this API, as JSON."""

    @extend_schema(exclude=True)
    def get(self, request):
        not_modified = self.conditional.not_modified(request) if self.conditional else None
        if not_modified:
            return not_modified
        response = Response(openapi_schema())
        response["Content-Disposition"] = 'inline; filename="iomkb-openapi.json"'
        return response


def resolve_ref(schema, node):
    while isinstance(node, dict) and "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema["components"]["schemas"][name]
    return node


def describe_type(schema, node):
    """A short human description of a schema node: "string", "array of Theme", "one of a, b"."""
    if not isinstance(node, dict):
        return ""
    if "$ref" in node:
        return node["$ref"].rsplit("/", 1)[-1]
    if "enum" in node:
        return "one of " + ", ".join(str(value) for value in node["enum"] if value is not None)
    if node.get("type") == "array":
        return f"list of {describe_type(schema, node.get('items', {}))}"
    if "allOf" in node or "oneOf" in node:
        return " or ".join(
            describe_type(schema, part) for part in node.get("allOf", node.get("oneOf"))
        )
    return node.get("format") or node.get("type", "")


def endpoints(schema):
    """[{path, summary, parameters, response fields}] for the docs page."""
    found = []
    for path, operations in schema.get("paths", {}).items():
        for method in METHODS:
            operation = operations.get(method)
            if operation is None:
                continue
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "anchor": operation.get("operationId", path),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "required": p.get("required", False),
                            "type": describe_type(schema, p.get("schema", {})),
                            "description": p.get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "response": response_fields(schema, operation),
                }
            )
    return found


def response_fields(schema, operation):
    content = operation.get("responses", {}).get("200", {}).get("content", {})
    node = resolve_ref(schema, content.get("application/json", {}).get("schema", {}))
    if "results" in node.get("properties", {}):
        node = resolve_ref(schema, node["properties"]["results"].get("items", {}))
    return [
        {
            "name": name,
            "type": describe_type(schema, prop),
            "description": resolve_ref(schema, prop).get("description", ""),
        }
        for name, prop in node.get("properties", {}).items()
    ]


@safe_methods
def docs_view(request):
    schema = openapi_schema()
    context = {
        "endpoints": endpoints(schema),
        "info": schema.get("info", {}),
        "rate_limit": settings.API_RATE_LIMIT,
        "rate_window": settings.API_RATE_WINDOW_SECONDS,
    }
    return render(request, "api/docs.html", context)
