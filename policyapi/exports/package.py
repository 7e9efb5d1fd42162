"""The Frictionless Data Package (datapackage.json) describing every CSV export.

Resource paths are relative (`export/<table>.csv`): served at /v1/datapackage.json they resolve to
the API's export URLs, written to a folder they name the files beside it. So the descriptor is
the same bytes online and offline. It holds nothing that changes between two loads of the same
dataset version (no load time, no host name), so an export loaded into another database and
exported again is byte-identical.
"""

import json
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from policyapi.exports.encode import CRLF, MEDIA_TYPES, NULL, Format
from policyapi.exports.rows import byte_order
from policyapi.exports.tables import TABLES, Column, ExportTable
from policyapi.models import Article, Dataset, Document
from policyapi.queries.meta import get_dataset, get_dataset_fingerprint

PACKAGE_FILE = "datapackage.json"
EXPORT_FOLDER = "export"
# Properties of ours that Frictionless does not define; loaders read them back.
EXTENSION = "policyapi"


class NoDataset(LookupError):
    """No dataset has been loaded, so there is nothing to describe."""


def resource_path(table: ExportTable, fmt: Format = Format.CSV) -> str:
    return f"{EXPORT_FOLDER}/{table.name}.{fmt.value}"


def _field(column: Column) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "name": column.name,
        "type": column.kind.value,
        "description": column.description,
    }
    constraints: dict[str, Any] = {}
    if column.required:
        constraints["required"] = True
    if column.enum:
        constraints["enum"] = list(column.enum)
    if constraints:
        spec["constraints"] = constraints
    return spec


def _schema(table: ExportTable) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [_field(column) for column in table.columns],
        "missingValues": [NULL],
        "primaryKey": list(table.primary_key),
    }
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {
                "fields": [fk.column],
                # An empty resource name refers to the table itself (self-reference).
                "reference": {
                    "resource": "" if fk.table == table.name else fk.table,
                    "fields": [fk.target],
                },
            }
            for fk in table.foreign_keys
        ]
    return schema


def _resource(table: ExportTable) -> dict[str, Any]:
    return {
        "name": table.name,
        "path": resource_path(table),
        "profile": "tabular-data-resource",
        "title": table.title,
        "description": table.description,
        "format": "csv",
        "mediatype": MEDIA_TYPES[Format.CSV],
        "encoding": "utf-8",
        "dialect": {
            "delimiter": ",",
            "lineTerminator": CRLF,
            "quoteChar": '"',
            "doubleQuote": True,
            "header": True,
        },
        "schema": _schema(table),
    }


def _sources(session: Session) -> list[dict[str, str]]:
    """Where the records come from: each document's sources and each article's URL."""
    dialect = session.get_bind().dialect.name
    found: dict[str, dict[str, str]] = {}
    document, article = Document.__table__.c, Article.__table__.c  # type: ignore[attr-defined]
    documents = sa.select(document.title, document.sources).order_by(
        byte_order(document.id, dialect)
    )
    for title, links in session.execute(documents):
        for link in links:
            found.setdefault(link["url"], {"title": link.get("note") or title, "path": link["url"]})
    articles = sa.select(article.title, article.publisher, article.url).order_by(
        byte_order(article.id, dialect)
    )
    for title, publisher, url in session.execute(articles):
        found.setdefault(url, {"title": f"{title} ({publisher})", "path": url})
    return list(found.values())


def _dataset_properties(dataset: Dataset) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": dataset.id,
        "title": dataset.title,
        "version": dataset.version,
    }
    if dataset.description is not None:
        properties["description"] = dataset.description
    licence = dataset.licence
    named = (
        ("name", licence.get("id")),
        ("title", licence.get("name")),
        ("path", licence.get("url")),
    )
    properties["licenses"] = [{key: value for key, value in named if value}]
    if dataset.publisher is not None:
        properties["contributors"] = [{"title": dataset.publisher, "role": "publisher"}]
    return properties


def build_descriptor(session: Session) -> dict[str, Any]:
    """The data package descriptor of the loaded dataset; NoDataset before the first load."""
    dataset = get_dataset(session)
    if dataset is None:
        raise NoDataset("no dataset has been loaded")
    return {
        **_dataset_properties(dataset),
        "sources": _sources(session),
        EXTENSION: {
            "dataset_version": get_dataset_fingerprint(session),
            "content_hash": dataset.content_hash,
            "relations": dataset.relations,
            "released_on": dataset.released_on.isoformat() if dataset.released_on else None,
        },
        "resources": [_resource(table) for table in TABLES.values()],
    }


def descriptor_bytes(descriptor: dict[str, Any]) -> bytes:
    """The descriptor as served and written: indented UTF-8 JSON with a final newline."""
    return (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode()
