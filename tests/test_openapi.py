"""The committed OpenAPI document is the one the code generates, and it is complete."""

import json
from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import validate

from flask import Flask
from flask.testing import FlaskClient

COMMITTED = Path(__file__).resolve().parent.parent / "openapi" / "openapi.json"
# Parameters no valid example can be written for: a cursor is signed and bound to its filters.
NO_EXAMPLE = {"cursor"}
REGENERATE = "run `make openapi` (policyapi openapi write --format json openapi/openapi.json)"


@pytest.fixture(scope="module")
def spec(app: Flask) -> dict[str, Any]:
    response = app.test_client().get("/openapi.json")
    assert response.status_code == 200
    body: dict[str, Any] = response.get_json()
    return body


def test_committed_spec_is_current(spec: dict[str, Any]) -> None:
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert committed == spec, f"openapi/openapi.json is stale: {REGENERATE}"


def test_spec_is_valid_openapi_31(spec: dict[str, Any]) -> None:
    assert spec["openapi"] == "3.1.0"
    validate(spec)


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, op)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in {"get", "head", "post", "put", "patch", "delete"}
    ]


def test_operation_ids_are_unique_and_summarised(spec: dict[str, Any]) -> None:
    operations = _operations(spec)
    ids = [op["operationId"] for _, _, op in operations]
    assert len(ids) == len(set(ids)) == len(operations)
    assert all(op.get("summary") for _, _, op in operations)


def test_every_parameter_has_description_and_example(spec: dict[str, Any]) -> None:
    for path, method, op in _operations(spec):
        for parameter in op.get("parameters", []):
            if "$ref" in parameter:
                continue
            where = f"{method} {path} {parameter['name']}"
            if parameter["in"] == "path":
                continue  # documented by the path template itself
            assert parameter.get("description"), where
            if parameter["name"] in NO_EXAMPLE:
                assert "example" not in parameter["schema"], where
            else:
                assert "example" in parameter["schema"], where


def _is_object_ref(definition: dict[str, Any]) -> bool:
    """A nested object or list of objects: its own fields carry the examples."""
    items = definition.get("items", {})
    return "$ref" in definition or "allOf" in definition or "$ref" in items or "anyOf" in definition


def test_every_schema_field_has_a_description_and_example(spec: dict[str, Any]) -> None:
    for name, schema in spec["components"]["schemas"].items():
        for field, definition in schema.get("properties", {}).items():
            assert definition.get("description"), f"{name}.{field}"
            if not _is_object_ref(definition):
                assert "example" in definition, f"{name}.{field} has no example"


def test_errors_are_documented_as_problem_json(spec: dict[str, Any]) -> None:
    responses = spec["components"]["responses"]
    for name in ("NOT_FOUND", "UNPROCESSABLE_ENTITY", "BAD_REQUEST", "DEFAULT_ERROR"):
        assert list(responses[name]["content"]) == ["application/problem+json"]
    item = spec["paths"]["/v1/provisions/{provision_id}"]["get"]["responses"]
    assert {"200", "304", "404", "406"} <= set(item)


def test_envelope_is_declared(spec: dict[str, Any]) -> None:
    page = spec["components"]["schemas"]["StatementPage"]["properties"]
    assert set(page) == {"results", "pagination"}
    pagination = spec["components"]["schemas"]["Pagination"]["properties"]
    assert set(pagination) == {"next", "prev", "page_size", "total"}


def test_interactive_docs_are_served(client: FlaskClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    assert "swagger" in response.get_data(as_text=True).lower()


# Routes that are not API surface: Flask's static files and the docs page's own assets.
UNDOCUMENTED_ENDPOINTS = {"static", "api-docs.openapi_swagger_ui", "api-docs.openapi_json"}


def test_every_public_route_is_documented(app: Flask, spec: dict[str, Any]) -> None:
    from flask_smorest.spec.plugins import FlaskPlugin

    missing = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or ())
        and rule.endpoint not in UNDOCUMENTED_ENDPOINTS
        and FlaskPlugin.flaskpath2openapi(rule.rule) not in spec["paths"]
    ]
    assert not missing, f"routes missing from the OpenAPI document: {missing}"
    for path in ("/oembed", "/healthz", "/readyz", "/docs", "/openapi.json", "/embed/v1.js"):
        assert path in spec["paths"], path


def test_html_routes_are_documented_as_html(spec: dict[str, Any]) -> None:
    for path in ("/docs", "/embed/provisions/{provision_id}", "/embed/documents/{document_id}"):
        assert "text/html" in spec["paths"][path]["get"]["responses"]["200"]["content"], path


def test_servers_name_the_base(spec: dict[str, Any]) -> None:
    assert spec["servers"] == [{"url": "/", "description": "This API"}]


def test_servers_follow_public_base_url(seeded_url: str) -> None:
    from policyapi import create_app

    configured = {"TESTING": True, "DATABASE_URL": seeded_url}
    app = create_app({**configured, "PUBLIC_BASE_URL": "https://policy.example.org/"})
    try:
        served = app.test_client().get("/openapi.json").get_json()
    finally:
        app.extensions["policyapi.engine"].dispose()  # no pooled connection left to the GC
    assert served["servers"][0]["url"] == "https://policy.example.org"


def test_every_example_is_accepted(client: FlaskClient, spec: dict[str, Any]) -> None:
    """Each documented query example, alone on its operation, is not refused as bad input."""
    refused = []
    for path, method, op in _operations(spec):
        if method != "get" or "{" in path:
            continue
        parameters = [p for p in op.get("parameters", []) if p.get("in") == "query"]
        required = {p["name"]: p["schema"]["example"] for p in parameters if p.get("required")}
        for parameter in parameters:
            example = parameter["schema"].get("example")
            if example is None or parameter["name"] in ("url",):
                continue
            query = {**required, parameter["name"]: example}
            response = client.get(path, query_string=query)
            if response.status_code in (400, 500):
                refused.append(f"{path}?{parameter['name']}={example!r}: {response.status_code}")
    assert not refused, refused
