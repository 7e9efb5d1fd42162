"""README's names table is true: each backticked name holds the same value in every format.

For one seeded record of each resource in the table, the value at the JSON path, the JSON-LD
path, the export column and the seed key are read and compared. A cell that is not one
backticked name (`—`, "(the file)") says the format has no such field.
"""

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest

from flask.testing import FlaskClient

from tests.seedfacts import facts

README = Path(__file__).resolve().parent.parent / "README.md"
FORMATS = ("JSON", "JSON-LD", "export column", "seed key")


def table() -> list[dict[str, str]]:
    text = README.read_text(encoding="utf-8")
    block = text.split("<!-- names-table -->")[1].split("<!-- /names-table -->")[0]
    lines = [line.strip() for line in block.strip().splitlines()]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    return [
        dict(zip(header, (cell.strip() for cell in line.strip("|").split("|")), strict=True))
        for line in lines[2:]
    ]


def name_of(cell: str) -> str | None:
    match = re.fullmatch(r"`([^`]+)`", cell)
    return match.group(1) if match else None


def at(record: Any, path: str) -> Any:
    for key in path.split("."):
        record = record[key]
    return record


def seeded(resource: str) -> dict[str, Any]:
    """A seeded record of the resource with a speaker and a number where it has those fields."""
    records = {
        "statements": facts().statements(),
        "provisions": facts().provisions(),
        "articles": facts().articles,
    }[resource]
    return next(r for r in records if all(r.get(k) for k in ("speaker", "number") if k in r))


def values(client: FlaskClient, row: dict[str, str]) -> dict[str, Any]:
    resource = row["resource"]
    record = seeded(resource)
    found: dict[str, Any] = {}
    json_path, jsonld_path = name_of(row["JSON"]), name_of(row["JSON-LD"])
    if json_path:
        found["JSON"] = at(client.get(f"/v1/{resource}/{record['id']}").get_json(), json_path)
    if jsonld_path:
        item = client.get(f"/v1/{resource}/{record['id']}?format=jsonld").get_json()
        found["JSON-LD"] = at(item, jsonld_path)
    column = name_of(row["export column"])
    if column:
        export = client.get(f"/v1/export/{resource}.csv").get_data(as_text=True)
        [line] = [r for r in csv.DictReader(io.StringIO(export)) if r["id"] == record["id"]]
        found["export column"] = line[column]
    key = name_of(row["seed key"])
    if key:
        found["seed key"] = record[key]
    return found


def test_the_table_names_every_format() -> None:
    rows = table()
    assert rows and all(set(FORMATS) <= set(row) for row in rows)
    assert {"statements", "articles", "provisions"} <= {row["resource"] for row in rows}


@pytest.mark.parametrize("row", table(), ids=lambda row: row["concept"][:40])
def test_a_concept_reads_the_same_in_every_format(client: FlaskClient, row: dict[str, str]) -> None:
    found = values(client, row)
    # CSV cells are text: compare as text; the API URL is the same one the JSON gives.
    assert len({str(value) for value in found.values()}) == 1, found
