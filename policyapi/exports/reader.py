"""Read an exported data package back into a seed Bundle, so `policyapi seed load` accepts it.

The package must be one this exporter wrote: the same tables and columns. Every record is
checked as a seed load checks it (anchors against the article text, derived ids, text hashes),
and the files must hash to the content hash the package records, so a loaded package is
exactly the dataset version it claims to be.
"""

import csv
import hashlib
import json
import math
from datetime import date
from pathlib import Path
from typing import Any

import orjson

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from policyapi.exports.encode import NULL
from policyapi.exports.package import EXTENSION, PACKAGE_FILE
from policyapi.exports.tables import TABLES, Column, ExportTable, Kind
from policyapi.seeds.bundle import (
    QUOTE_CONTEXT,
    TABLE_ORDER,
    Bundle,
    citation_id,
    content_hash,
)
from policyapi.seeds.errors import SeedError, SeedValidationError
from policyapi.validation import flatten_messages

# Article texts can be long; the csv module's default cell limit is 128 KiB.
CELL_LIMIT = 2**31 - 1


class _Part(Schema):
    class Meta:
        unknown = EXCLUDE


class _Licence(_Part):
    name = fields.String(required=True)
    title = fields.String(required=True)
    path = fields.String(load_default=None)


class _Contributor(_Part):
    title = fields.String(required=True)
    role = fields.String(load_default=None)


class _Extension(_Part):
    content_hash = fields.String(required=True, validate=validate.Length(equal=64))
    relations = fields.List(fields.Dict(), required=True)
    released_on = fields.Date(load_default=None, allow_none=True)


class _Resource(_Part):
    name = fields.String(required=True)
    path = fields.String(required=True)
    schema = fields.Dict(required=True)


class _Descriptor(_Part):
    name = fields.String(required=True)
    title = fields.String(required=True)
    version = fields.String(required=True)
    description = fields.String(load_default=None)
    licenses = fields.List(fields.Nested(_Licence), required=True, validate=validate.Length(min=1))
    contributors = fields.List(fields.Nested(_Contributor), load_default=list)
    extension = fields.Nested(_Extension, required=True, data_key=EXTENSION)
    resources = fields.List(fields.Nested(_Resource), required=True)


def is_data_package(path: Path) -> bool:
    """Whether `path` is a data package folder (or its datapackage.json)."""
    return (path / PACKAGE_FILE).is_file() or (path.name == PACKAGE_FILE and path.is_file())


def _descriptor(root: Path) -> dict[str, Any]:
    try:
        raw = json.loads((root / PACKAGE_FILE).read_bytes())
        loaded: dict[str, Any] = _Descriptor().load(raw)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        error = SeedError(PACKAGE_FILE, None, None, f"unreadable: {exc}")
        raise SeedValidationError([error]) from None
    except ValidationError as exc:
        errors = [
            SeedError(PACKAGE_FILE, None, ".".join(map(str, path)) or None, message)
            for path, message in flatten_messages(exc.messages)
        ]
        raise SeedValidationError(errors) from None
    return loaded


def _dataset(descriptor: dict[str, Any]) -> dict[str, Any]:
    """The dataset record as a seed load builds it from dataset.yaml and vocabularies.yaml."""
    licence = descriptor["licenses"][0]
    publisher = next(
        (c["title"] for c in descriptor["contributors"] if c["role"] == "publisher"), None
    )
    return {
        "title": descriptor["title"],
        "version": descriptor["version"],
        "licence": {"id": licence["name"], "name": licence["title"], "url": licence.get("path")},
        "publisher": publisher,
        "description": descriptor["description"],
        "id": descriptor["name"],
        "relations": descriptor["extension"]["relations"],
        "released_on": descriptor["extension"]["released_on"],
    }


def _value(column: Column, cell: str) -> Any:
    """Decode one CSV cell; raise ValueError with a reader-friendly message."""
    if cell == NULL:
        if column.required:
            raise ValueError("is required but null")
        return None
    if column.kind is Kind.INTEGER:
        return int(cell)
    if column.kind is Kind.NUMBER:
        number = float(cell)
        if not math.isfinite(number):
            raise ValueError("must be a finite number")
        return number
    if column.kind is Kind.DATE:
        return date.fromisoformat(cell)
    if column.kind is Kind.ARRAY:
        value = orjson.loads(cell)
        if not isinstance(value, list):
            raise ValueError("must be a JSON array")
        return value
    return cell


def _resource_file(root: Path, resource: dict[str, Any]) -> Path:
    path = (root / str(resource["path"])).resolve()
    if not path.is_relative_to(root.resolve()):
        raise ValueError(f"path {resource['path']!r} leaves the package folder")
    if not path.is_file():
        raise ValueError(f"file {resource['path']!r} not found")
    return path


def _read_rows(root: Path, table: ExportTable, resource: dict[str, Any]) -> list[dict[str, Any]]:
    names = [column.name for column in table.columns]
    declared = [f.get("name") for f in resource["schema"].get("fields", [])]
    if declared != names:
        raise SeedValidationError(
            [SeedError(PACKAGE_FILE, table.name, "schema.fields", f"must be {names}")]
        )
    try:
        path = _resource_file(root, resource)
    except ValueError as exc:
        raise SeedValidationError([SeedError(PACKAGE_FILE, table.name, "path", str(exc))]) from None
    name = resource["path"]
    errors: list[SeedError] = []
    rows: list[dict[str, Any]] = []
    csv.field_size_limit(CELL_LIMIT)
    with path.open(encoding="utf-8", newline="") as file:
        reader = csv.reader(file, strict=True)
        if next(reader, None) != names:
            raise SeedValidationError([SeedError(name, None, None, f"header must be {names}")])
        for line, cells in enumerate(reader, start=2):
            record = cells[0] if cells else f"line {line}"
            if len(cells) != len(names):
                errors.append(SeedError(name, record, None, f"has {len(cells)} fields"))
                continue
            row: dict[str, Any] = {}
            for column, cell in zip(table.columns, cells, strict=True):
                try:
                    row[column.name] = _value(column, cell)
                except ValueError as exc:
                    errors.append(SeedError(name, record, column.name, str(exc)))
            rows.append(row)
    if errors:
        raise SeedValidationError(errors)
    return rows


def _check_records(bundle: Bundle) -> list[SeedError]:
    """The checks a seed load makes on derived values: hashes, anchors, citation ids."""
    errors: list[SeedError] = []
    texts = {}
    for article in bundle.tables["articles"]:
        texts[article["id"]] = article["text"]
        if hashlib.sha256(article["text"].encode()).hexdigest() != article["text_sha256"]:
            errors.append(SeedError("articles", article["id"], "text", "does not match sha256"))
    for s in bundle.tables["statements"]:
        text = texts.get(s["article_id"], "")
        start, end = s["start_offset"], s["end_offset"]
        expected = {
            "text": text[start:end],
            "prefix": text[max(0, start - QUOTE_CONTEXT) : start],
            "suffix": text[end : end + QUOTE_CONTEXT],
        }
        for key, value in expected.items():
            if s[key] != value:
                errors.append(SeedError("statements", s["id"], key, "does not match the article"))
    for c in bundle.tables["citations"]:
        expected_id = citation_id(
            c["statement_id"], c["document_id"], c["provision_id"], c["relation"]
        )
        if c["id"] != expected_id:
            errors.append(SeedError("citations", c["id"], "id", f"must be {expected_id!r}"))
    return errors


def read_package(path: Path) -> Bundle:
    """Read and check an exported data package; raise SeedValidationError listing problems."""
    root = path.parent if path.name == PACKAGE_FILE else path
    descriptor = _descriptor(root)
    resources = {resource["name"]: resource for resource in descriptor["resources"]}
    bundle = Bundle()
    errors: list[SeedError] = []
    for name in TABLE_ORDER:
        if name not in resources:
            errors.append(SeedError(PACKAGE_FILE, name, "resources", "resource is missing"))
            continue
        try:
            bundle.tables[name] = _read_rows(root, TABLES[name], resources[name])
        except SeedValidationError as exc:
            errors.extend(exc.errors)
    if not errors:
        errors = _check_records(bundle)
    if errors:
        raise SeedValidationError(errors)
    bundle.dataset = _dataset(descriptor)
    recorded, actual = descriptor["extension"]["content_hash"], content_hash(bundle)
    if actual != recorded:
        message = f"the files hash to {actual}, not to the recorded {recorded}; were they edited?"
        raise SeedValidationError([SeedError(PACKAGE_FILE, None, "content_hash", message)])
    bundle.dataset["content_hash"] = actual
    bundle.notes = _release_notes(root, resources, bundle.dataset["version"])
    return bundle


def _release_notes(root: Path, resources: dict[str, Any], version: str) -> str:
    """The package's own release's changelog notes, from its releases table (if it has one)."""
    if "releases" not in resources:
        return ""
    rows = _read_rows(root, TABLES["releases"], resources["releases"])
    return next((row["notes"] for row in rows if row["version"] == version), "")
