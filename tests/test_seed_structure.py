"""A document's outline is checked before anything is written: a tree, parents listed first,
eids that continue their parent's, and every value short enough for both engines' columns."""

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from flask import Flask
from flask.testing import FlaskCliRunner

from tests.conftest import SEEDS, snapshot

DOCUMENT = "documents/newark-fair-welcoming-2017.yaml"


def _provisions(root: Path) -> tuple[Path, dict[str, Any]]:
    path = root / DOCUMENT
    return path, yaml.safe_load(path.read_text(encoding="utf-8"))


def _nest(data: dict[str, Any], child: int, parent: int) -> None:
    """Make provision `child` a sub-provision of `parent`, with an eid that continues it."""
    rows = data["provisions"]
    rows[child]["parent"] = rows[parent]["id"]
    rows[child]["eid"] = rows[parent]["eid"] + "__para_a"


def _cycle(data: dict[str, Any]) -> None:
    rows = data["provisions"]
    rows[1]["parent"], rows[2]["parent"] = rows[2]["id"], rows[1]["id"]


def _contradicting_eid(data: dict[str, Any]) -> None:
    _nest(data, 2, 1)
    data["provisions"][2]["eid"] = "sec_99__para_a"


def _child_first(data: dict[str, Any]) -> None:
    _nest(data, 1, 2)


def _long_number(data: dict[str, Any]) -> None:
    data["provisions"][3]["number"] = "N" * 300


BROKEN: list[tuple[str, Callable[[dict[str, Any]], None], str, str]] = [
    ("cycle", _cycle, "parent", "the parent chain loops"),
    ("eid", _contradicting_eid, "eid", "does not continue its parent's"),
    ("order", _child_first, "parent", "listed before its parent"),
    ("length", _long_number, "number", "is 300 characters; at most 40"),
]


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


def _break(root: Path, change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    path, data = _provisions(root)
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return data


def test_a_nested_provision_with_a_continuing_eid_is_accepted(
    runner: FlaskCliRunner, seeds: Path
) -> None:
    _break(seeds, lambda data: _nest(data, 2, 1))
    result = runner.invoke(args=["seed", "check", str(seeds)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("name", "change", "field", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_outline_is_one_precise_error_and_writes_nothing(
    runner: FlaskCliRunner,
    fresh_app: Flask,
    seeds: Path,
    name: str,
    change: Callable[[dict[str, Any]], None],
    field: str,
    message: str,
) -> None:
    _break(seeds, change)
    engine = fresh_app.extensions["policyapi.engine"]
    before = snapshot(engine)
    checked = runner.invoke(args=["seed", "check", str(seeds)])
    assert checked.exit_code != 0
    errors = [line for line in checked.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, checked.output
    assert DOCUMENT.split("/")[-1] in errors[0] and f" {field}: " in errors[0], errors[0]
    assert message in errors[0]
    loaded = runner.invoke(args=["seed", "load", str(seeds)])
    assert loaded.exit_code != 0
    assert snapshot(engine) == before


ORDINANCE = {
    "id": "example-county-ordinance-2-104",
    "title": "Example County Code, Chapter 2 (fictional test fixture)",
    "doc_type": "ordinance",
    "official_number": "Ord. 2026-1",
    "jurisdiction": {
        "name": "Example County",
        "ocd_id": "ocd-division/country:us/state:zz/county:example",
    },
    "issuer": "Example County Board",
    "signed_on": "2026-01-05",
    "status": "in_force",
    "numbering": "official",
    "numbering_note": None,
    "language": "en",
    "summary": "A fictional codified ordinance used by the tests.",
    "sources": [{"url": "https://example.org/code/2-104", "note": "Fictional."}],
    "provisions": [
        {
            "id": "example-2-104-preamble",
            "kind": "preamble",
            "number": "Preamble",
            "eid": "preamble",
            "heading": "Preamble",
            "summary": "Why the board acts.",
            "confidence": "confirmed",
            "text_state": "not_read",
        },
        {
            "id": "example-2-104-recital-2",
            "kind": "recital",
            "number": "Whereas (2)",
            "label_scheme": "editorial",
            "parent": "example-2-104-preamble",
            "eid": "preamble__recital_2",
            "heading": "Second recital",
            "summary": "Trust between residents and police matters.",
            "confidence": "unknown",
            "position_basis": "unknown",
        },
        {
            "id": "example-2-104",
            "kind": "section",
            "number": "2-104",
            "eid": "sec_2-104",
            "heading": "Civil immigration detainers",
            "summary": "No holds on detainers alone.",
            "topics": ["detainers"],
            "confidence": "confirmed",
            "evidence": [{"note": "Printed code, vol. 2, p. 14 (no URL)."}],
        },
        {
            "id": "example-2-104-c",
            "kind": "subsection",
            "number": "2-104(c)",
            "parent": "example-2-104",
            "eid": "sec_2-104__subsec_c",
            "heading": "Warrants",
            "summary": "A judicial warrant is required.",
            "text": "Fictional wording.",
            "topics": ["warrants"],
            "confidence": "confirmed",
            "evidence": [{"url": "https://example.org/code/2-104#c", "note": None}],
        },
    ],
}


def test_a_codified_ordinance_with_recitals_loads_and_serves(
    runner: FlaskCliRunner, fresh_app: Flask, seeds: Path
) -> None:
    (seeds / "documents" / f"{ORDINANCE['id']}.yaml").write_text(
        yaml.safe_dump(ORDINANCE, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    loaded = runner.invoke(args=["seed", "load", str(seeds)])
    assert loaded.exit_code == 0, loaded.output
    client = fresh_app.test_client()
    base = f"/v1/documents/{ORDINANCE['id']}/provisions"
    recital = client.get(f"{base}/preamble__recital_2").get_json()
    assert (recital["kind"], recital["label_scheme"], recital["position_basis"]) == (
        "recital",
        "editorial",
        "unknown",
    )
    assert recital["topics"] == [] and recital["evidence"] == []
    assert recital["confidence"] == "unknown"
    assert recital["parent"]["eid"] == "preamble"
    section = client.get(f"{base}/sec_2-104").get_json()
    assert (section["label_scheme"], section["position_basis"]) == ("official", "official")
    assert section["text_state"] == "not_read"
    assert section["evidence"] == [{"url": None, "note": "Printed code, vol. 2, p. 14 (no URL)."}]
    subsection = client.get(f"{base}/sec_2-104__subsec_c").get_json()
    assert (subsection["kind"], subsection["text_state"]) == ("subsection", "full")
    assert [c["eid"] for c in section["children"]] == ["sec_2-104__subsec_c"]


def test_cards_and_linked_data_say_editorial_per_provision(
    runner: FlaskCliRunner, fresh_app: Flask, seeds: Path
) -> None:
    (seeds / "documents" / f"{ORDINANCE['id']}.yaml").write_text(
        yaml.safe_dump(ORDINANCE, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    assert runner.invoke(args=["seed", "load", str(seeds)]).exit_code == 0
    client = fresh_app.test_client()
    official = client.get("/embed/provisions/example-2-104").get_data(as_text=True)
    editorial = client.get("/embed/provisions/example-2-104-recital-2").get_data(as_text=True)
    assert "editorial label" not in official
    assert "editorial label" in editorial
    linked = client.get("/v1/provisions/example-2-104?format=jsonld").get_json()
    assert linked["alternateName"] == "2-104"
    recital = client.get("/v1/provisions/example-2-104-recital-2?format=jsonld").get_json()
    assert recital["alternateName"].startswith("Whereas (2) (editorial number")
