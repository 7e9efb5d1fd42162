"""The committed OpenAPI document is the one the code generates, and it is complete."""

import json
from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import validate

from flask import Flask
from flask.testing import FlaskClient

COMMITTED = Path(__file__).resolve().parent.parent / "openapi" / "openapi.json"
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
