"""Bulk exports, the data package, the offline writer, the round trip and the guide's example."""

import io
import json
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa
from frictionless import validate
from sqlmodel import Session
from sqlmodel.sql.sqltypes import AutoString

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import make_server

from policyapi import create_app, migrate
from policyapi.db import build_engine
from policyapi.exports import rows
from policyapi.exports.tables import NOT_EXPORTED, TABLES
from policyapi.seeds.bundle import build_bundle, content_hash
from policyapi.seeds.load import load_bundle
from tests.conftest import SEEDS, Databases
from tests.helpers import assert_problem
from tests.seedfacts import facts

ROOT = Path(__file__).resolve().parent.parent
# The documented way to read our CSV with pandas: only `\N` is null.
CSV_OPTIONS: dict[str, Any] = {"keep_default_na": False, "na_values": ["\\N"]}
# Tables read through their own collection (/v1/<name>); the others are read whole here.
LINK_TABLES = (
    "provision_topics",
    "doc_types",
    "document_actors",
    "document_relations",
    "provision_correspondences",
    "provision_versions",  # read per provision, /v1/provisions/{id}/versions
)
COLLECTIONS = [name for name in TABLES if name not in LINK_TABLES]
FORMATS = ["csv", "ndjson", "json"]


def read_csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), **CSV_OPTIONS)


def export(client: FlaskClient, table: str, fmt: str) -> bytes:
    response = client.get(f"/v1/export/{table}.{fmt}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.data


def records(data: bytes, fmt: str) -> list[dict[str, Any]]:
    """Parse an NDJSON or JSON export."""
    if fmt == "json":
        parsed: list[dict[str, Any]] = json.loads(data)
        return parsed
    return [json.loads(line) for line in data.decode().splitlines()]


def total(client: FlaskClient, collection: str) -> int:
    body = client.get(f"/v1/{collection}?page_size=1").get_json()
    count: int = body["pagination"]["total"]
    return count


def test_every_stored_column_is_exported_once() -> None:
    for table in TABLES.values():
        stored = [c.name for c in table.table.columns if c.name not in NOT_EXPORTED]
        exported = [c.name for c in table.columns]
        assert sorted(exported) == sorted(stored), table.name
        assert len(set(exported)) == len(exported)


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_every_format_has_as_many_records_as_the_json_total(
    client: FlaskClient, collection: str
) -> None:
    expected = total(client, collection)
    assert expected > 0
    assert len(read_csv(export(client, collection, "csv"))) == expected
    for fmt in ("ndjson", "json"):
        assert len(records(export(client, collection, fmt), fmt)) == expected


@pytest.mark.parametrize("table", LINK_TABLES)
def test_every_format_of_a_link_table_has_every_row(client: FlaskClient, table: str) -> None:
    engine = client.application.extensions["policyapi.engine"]
    with engine.connect() as conn:
        stored = conn.execute(sa.select(sa.func.count()).select_from(TABLES[table].table))
        expected = stored.scalar_one()
    assert expected > 0, f"the seeds hold no {table}"
    assert len(read_csv(export(client, table, "csv"))) == expected
    for fmt in ("ndjson", "json"):
        assert len(records(export(client, table, fmt), fmt)) == expected


def test_provision_topics_match_the_topics_of_every_provision(client: FlaskClient) -> None:
    provisions = client.get("/v1/provisions?page_size=500").get_json()["results"]
    expected = {(p["id"], t["id"]) for p in provisions for t in p["topics"]}
    frame = read_csv(export(client, "provision_topics", "csv"))
    assert set(zip(frame.provision_id, frame.topic_id, strict=True)) == expected
    assert len(frame) == len(expected)


@pytest.mark.parametrize("table", list(TABLES))
def test_pandas_reads_every_csv_with_the_documented_options(
    client: FlaskClient, table: str
) -> None:
    frame = read_csv(export(client, table, "csv"))
    assert list(frame.columns) == [c.name for c in TABLES[table].columns]
    for column in TABLES[table].columns:
        # (An empty table has no values to type: `changes` of a single release.)
        if frame.empty:
            continue
        if column.kind == "integer" and column.required:
            assert str(frame[column.name].dtype) == "int64"
        elif column.kind == "integer":  # pandas reads a column with nulls as floats
            assert (frame[column.name].dropna() % 1 == 0).all(), column.name
        if column.required:
            assert frame[column.name].notna().all(), column.name


def test_csv_keeps_exact_text_nulls_and_json_cells(client: FlaskClient) -> None:
    articles = read_csv(export(client, "articles", "csv"))
    article = client.get(f"/v1/articles/{articles.id[0]}").get_json()
    assert articles.text[0] == article["text"]
    statements = read_csv(export(client, "statements", "csv")).set_index("id")
    narration = statements[statements.kind == "narration"]
    assert narration.speaker_id.isna().all()
    documents = read_csv(export(client, "documents", "csv")).set_index("id")
    numbers = {d["id"]: d.get("official_number") for d in facts().documents}
    for document_id, number in numbers.items():
        cell = documents.official_number[document_id]
        assert pd.isna(cell) if number is None else cell == number, document_id
    assert json.loads(documents.sources.iloc[0])[0]["url"].startswith("http")


def test_ndjson_and_csv_hold_the_same_values(client: FlaskClient) -> None:
    frame = read_csv(export(client, "provisions", "csv"))
    for row, record in zip(
        frame.to_dict("records"),
        records(export(client, "provisions", "ndjson"), "ndjson"),
        strict=True,
    ):
        assert list(record) == list(row)
        assert json.loads(row["evidence"]) == record["evidence"]
        assert (record["parent_id"] is None) == pd.isna(row["parent_id"])
        assert row["summary"] == record["summary"]


def test_export_is_streamed_in_batches(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rows, "BATCH_ROWS", 5)
    response = client.get("/v1/export/statements.csv")
    assert response.is_streamed
    chunks = [chunk for chunk in response.response if chunk]  # type: ignore[union-attr]
    statements = total(client, "statements")
    # The header, then one chunk per batch of 5 rows.
    assert len(chunks) == 1 + -(-statements // 5)


def test_export_headers_carry_the_dataset_version(client: FlaskClient) -> None:
    version = client.get("/v1/meta").get_json()["dataset_version"]
    for fmt, media_type in [
        ("csv", "text/csv"),
        ("ndjson", "application/x-ndjson"),
        ("json", "application/json"),
    ]:
        # Read whole, as a client does: a worker sends one download at once (web/slots.py).
        response = client.get(f"/v1/export/topics.{fmt}", buffered=True)
        assert response.mimetype == media_type
        assert response.headers["X-Dataset-Version"] == version
        etag = response.headers["ETag"]
        again = client.get(f"/v1/export/topics.{fmt}", headers={"If-None-Match": etag})
        assert again.status_code == 304
    assert client.get("/v1/export/topics.csv", buffered=True).mimetype_params["charset"] == "utf-8"


@pytest.mark.parametrize("path", ["/v1/export/nope.csv", "/v1/export/topics.xlsx"])
def test_unknown_export_is_a_404_problem(client: FlaskClient, path: str) -> None:
    assert_problem(client.get(path), 404)


def test_collection_csv_has_the_json_filters_and_order(client: FlaskClient) -> None:
    query = "/v1/provisions?topic=warrants&topic=detainers"
    expected = [p["id"] for p in client.get(f"{query}&page_size=500").get_json()["results"]]
    assert expected
    response = client.get(f"{query}&format=csv&page_size=1")
    assert response.mimetype == "text/csv"
    assert list(read_csv(response.data).id) == expected


def test_collection_answers_ndjson_through_accept(client: FlaskClient) -> None:
    query = "/v1/statements?speaker=ras-baraka&kind=direct_quote"
    expected = [s["id"] for s in client.get(f"{query}&page_size=500").get_json()["results"]]
    response = client.get(query, headers={"Accept": "application/x-ndjson"})
    assert response.mimetype == "application/x-ndjson"
    assert [r["id"] for r in records(response.data, "ndjson")] == expected
    assert client.get(query, headers={"Accept": "*/*"}).mimetype == "application/json"


def test_sub_collection_answers_csv(client: FlaskClient) -> None:
    response = client.get("/v1/topics/warrants/provisions?format=csv")
    ids = [p["id"] for p in client.get("/v1/topics/warrants/provisions").get_json()["results"]]
    assert list(read_csv(response.data).id) == ids


def test_format_param_wins_over_accept(client: FlaskClient) -> None:
    response = client.get("/v1/topics?format=json", headers={"Accept": "text/csv"})
    assert response.mimetype == "application/json"
    assert "results" in response.get_json()


def test_unavailable_format_is_a_422_problem(client: FlaskClient) -> None:
    body = assert_problem(client.get("/v1/topics?format=xlsx"), 422)
    assert body["errors"][0]["pointer"] == "#/format"


def test_format_on_a_single_representation_route_is_an_unknown_parameter(
    client: FlaskClient,
) -> None:
    # /v1/meta answers in JSON only: it declares no format parameter (tests/test_strict.py).
    body = assert_problem(client.get("/v1/meta?format=csv"), 400)
    assert body["errors"][0]["pointer"] == "#/format"


def download_package(client: FlaskClient, folder: Path) -> dict[str, Any]:
    """Save /v1/datapackage.json and every file it names, at their relative paths."""
    response = client.get("/v1/datapackage.json")
    assert response.status_code == 200
    (folder / "datapackage.json").write_bytes(response.data)
    package: dict[str, Any] = response.get_json()
    for resource in package["resources"]:
        target = folder / resource["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(export(client, resource["name"], "csv"))
    return package


def test_datapackage_validates_with_frictionless(client: FlaskClient, tmp_path: Path) -> None:
    package = download_package(client, tmp_path)
    report = validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert [r["name"] for r in package["resources"]] == list(TABLES)
    assert report.stats["tasks"] == len(TABLES)


def test_frictionless_cli_validates_the_package(client: FlaskClient, tmp_path: Path) -> None:
    download_package(client, tmp_path)
    command = Path(sys.executable).parent / "frictionless"
    result = subprocess.run(
        [str(command), "validate", "--json", "datapackage.json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["valid"] is True


def test_datapackage_declares_version_licence_sources_and_keys(client: FlaskClient) -> None:
    meta = client.get("/v1/meta").get_json()
    package = client.get("/v1/datapackage.json").get_json()
    assert package["version"] == meta["version"]
    assert package["policyapi"]["dataset_version"] == meta["dataset_version"]
    assert package["policyapi"]["content_hash"] == meta["content_hash"]
    assert package["policyapi"]["released_on"] == meta["released_on"] is not None
    assert package["licenses"][0]["name"] == meta["licence"]["id"]
    assert package["sources"] and all(s["path"].startswith("http") for s in package["sources"])
    statements = next(r for r in package["resources"] if r["name"] == "statements")
    assert statements["schema"]["primaryKey"] == ["id"]
    assert {"fields": ["speaker_id"], "reference": {"resource": "speakers", "fields": ["id"]}} in (
        statements["schema"]["foreignKeys"]
    )
    assert all(field["description"] for field in statements["schema"]["fields"])


def test_cli_export_is_byte_identical_to_the_api(
    app: Flask, client: FlaskClient, tmp_path: Path
) -> None:
    args = ["export", "--out", str(tmp_path)] + [a for f in FORMATS for a in ("--format", f)]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "datapackage.json").read_bytes() == client.get("/v1/datapackage.json").data
    for table in TABLES:
        for fmt in FORMATS:
            written = (tmp_path / "export" / f"{table}.{fmt}").read_bytes()
            assert written == export(client, table, fmt), f"{table}.{fmt}"


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def export_folder(app: Flask, folder: Path) -> dict[str, bytes]:
    args = ["export", "--out", str(folder)] + [a for f in FORMATS for a in ("--format", f)]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    return tree(folder)


def _history(path: str) -> bool:
    return path.split("/")[-1].split(".")[0] in ("releases", "changes")


def test_round_trip_through_an_empty_database_is_byte_identical(
    app: Flask, fresh_app: Flask, tmp_path: Path
) -> None:
    first = export_folder(app, tmp_path / "first")
    loaded = fresh_app.test_cli_runner().invoke(args=["seed", "load", str(tmp_path / "first")])
    assert loaded.exit_code == 0, loaded.output
    second = export_folder(fresh_app, tmp_path / "second")
    # Every record comes back byte for byte; the history is the database's own: the empty one
    # loaded one release (the package's), the seeded one two, and its changes.
    assert {k: v for k, v in second.items() if not _history(k)} == {
        k: v for k, v in first.items() if not _history(k)
    }
    assert len([k for k in second if _history(k)]) == len([k for k in first if _history(k)])
    with fresh_app.test_client() as fresh, app.test_client() as seeded:
        assert (
            fresh.get("/v1/meta").get_json()["dataset_version"]
            == (seeded.get("/v1/meta").get_json()["dataset_version"])
        )
    again = fresh_app.test_cli_runner().invoke(args=["seed", "load", str(tmp_path / "first")])
    assert "unchanged" in again.output.splitlines()[-1]


@pytest.fixture
def edge_case_app(databases: Databases) -> Iterator[Flask]:
    """The seeds plus empty strings, a statement at offset 0 and awkward characters."""
    bundle = build_bundle(SEEDS)
    bundle.tables["documents"][0]["official_number"] = ""
    bundle.tables["documents"][0]["summary"] = None
    article = bundle.tables["articles"][0]
    start = {**bundle.tables["statements"][0], "id": "edge-s00", "parent_id": None}
    bundle.tables["statements"].append(
        {
            **start,
            "attribution": "",
            "start_offset": 0,
            "end_offset": 6,
            "text": article["text"][:6],
            "prefix": "",  # the span starts the article
            "suffix": article["text"][6:38],
            "notes": ["", '\\n is not a newline; "quotes", commas\r\nand CRLF', "\\N"],
        }
    )
    bundle.dataset["content_hash"] = content_hash(bundle)
    url = databases.new()
    migrate.upgrade(url)
    engine = build_engine(url)
    with Session(engine) as session:
        load_bundle(session, bundle)
    engine.dispose()
    app = create_app({"TESTING": True, "DATABASE_URL": url})
    yield app
    app.extensions["policyapi.engine"].dispose()


def test_null_and_empty_string_stay_distinct(edge_case_app: Flask) -> None:
    client = edge_case_app.test_client()
    documents = read_csv(export(client, "documents", "csv"))
    assert documents.official_number[0] == ""
    assert pd.isna(documents.summary[0])
    ndjson = records(export(client, "documents", "ndjson"), "ndjson")[0]
    assert ndjson["official_number"] == "" and ndjson["summary"] is None
    statements = read_csv(export(client, "statements", "csv")).set_index("id")
    edge = statements.loc["edge-s00"]
    assert edge.prefix == "" and edge.attribution == ""
    assert pd.isna(edge.speaker_id)
    assert records_by_id(client)["edge-s00"]["speaker_id"] is None
    assert json.loads(edge.notes) == [
        "",
        '\\n is not a newline; "quotes", commas\r\nand CRLF',
        "\\N",
    ]


def records_by_id(client: FlaskClient) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in records(export(client, "statements", "ndjson"), "ndjson")}


def test_round_trip_keeps_empty_strings_and_nulls(
    edge_case_app: Flask, fresh_app: Flask, tmp_path: Path
) -> None:
    first = export_folder(edge_case_app, tmp_path / "first")
    loaded = fresh_app.test_cli_runner().invoke(args=["seed", "load", str(tmp_path / "first")])
    assert loaded.exit_code == 0, loaded.output
    assert export_folder(fresh_app, tmp_path / "second") == first


def test_seed_load_refuses_an_edited_package(app: Flask, fresh_app: Flask, tmp_path: Path) -> None:
    export_folder(app, tmp_path)
    topics = tmp_path / "export" / "topics.csv"
    topics.write_bytes(topics.read_bytes().replace(b"Judicial", b"Judical", 1))
    result = fresh_app.test_cli_runner().invoke(args=["seed", "load", str(tmp_path)])
    assert result.exit_code != 0
    assert "content_hash" in result.output
    assert fresh_app.test_client().get("/v1/topics").get_json()["pagination"]["total"] == 0


def test_seed_check_reports_a_broken_package_cell(
    app: Flask, fresh_app: Flask, tmp_path: Path
) -> None:
    export_folder(app, tmp_path)
    topics = tmp_path / "export" / "topics.csv"
    lines = topics.read_bytes().split(b"\r\n")
    lines[1] = re.sub(rb",\d+$", b",first", lines[1])
    topics.write_bytes(b"\r\n".join(lines))
    result = fresh_app.test_cli_runner().invoke(args=["seed", "check", str(tmp_path)])
    assert result.exit_code != 0
    assert "export/topics.csv [definitions] position: invalid literal" in result.output


def test_export_without_a_dataset_fails_cleanly(fresh_app: Flask, tmp_path: Path) -> None:
    result = fresh_app.test_cli_runner().invoke(args=["export", "--out", str(tmp_path)])
    assert result.exit_code != 0
    assert "no dataset loaded" in result.output
    assert_problem(fresh_app.test_client().get("/v1/datapackage.json"), 404)


@pytest.fixture
def live_url(app: Flask) -> Iterator[str]:
    """The test app served over HTTP on a free port, for clients that need a real URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join()


def guide_python_example() -> str:
    text = (ROOT / "docs" / "researchers.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    assert len(blocks) == 1, "the guide has exactly one Python example"
    return str(blocks[0])


def test_the_guides_python_example_runs(
    live_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("POLICYAPI_URL", live_url)
    code = compile(guide_python_example(), "docs/researchers.md", "exec")
    exec(code, {"__name__": "guide"})  # noqa: S102 (our own documentation)
    output = capsys.readouterr().out
    version = re.escape(facts().version)
    assert re.search(rf"dataset policyapi-dataset {version}\+[0-9a-f]{{16}}", output)
    assert f"@misc{{policyapi-dataset-{facts().version}," in output


# Ids whose byte order differs from a language-aware one (case, punctuation, accents).
TRICKY_IDS = ["b", "B", "a-b", "ab", "_z", "Z", "é", "e", "10", "9"]


def test_export_order_is_byte_order_whatever_the_columns_collation(databases: Databases) -> None:
    """A text column of SQLModel's type, collated by locale on PostgreSQL, exports by bytes."""
    url = databases.new()
    engine = build_engine(url)
    dialect = engine.dialect.name
    # English ICU collation where the engine has one (the shared test database is C.UTF-8,
    # which would sort by bytes anyway and hide a missing COLLATE "C").
    collation = ' COLLATE "en-US-x-icu"' if dialect == "postgresql" else ""
    metadata = sa.MetaData()
    table = sa.Table("ordered", metadata, sa.Column("id", AutoString(), primary_key=True))
    with engine.begin() as conn:
        conn.execute(sa.text(f"CREATE TABLE ordered (id VARCHAR{collation} PRIMARY KEY)"))
        conn.execute(table.insert(), [{"id": value} for value in TRICKY_IDS])
    with engine.connect() as conn:
        ordered = conn.execute(
            sa.select(table.c.id).order_by(rows.byte_order(table.c.id, dialect))
        ).scalars()
        assert list(ordered) == sorted(TRICKY_IDS, key=lambda value: value.encode())
    engine.dispose()
