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


def _missing_relation(data: dict[str, Any]) -> None:
    data["relations"] = [{"relation": "amends", "document": "no-such-document-2099"}]


BROKEN: list[tuple[str, Callable[[dict[str, Any]], None], str, str]] = [
    ("cycle", _cycle, "parent", "the parent chain loops"),
    ("eid", _contradicting_eid, "eid", "does not continue its parent's"),
    ("order", _child_first, "parent", "listed before its parent"),
    ("length", _long_number, "number", "is 300 characters; at most 40"),
    ("relation", _missing_relation, "relations.document", "unknown document"),
]


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A copy of the seeds with the fictional codified ordinance added, as a curator would."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    add_ordinance(target, ORDINANCE)
    return target


def add_ordinance(seeds: Path, ordinance: dict[str, Any]) -> None:
    """Add the ordinance to a copy of the seeds, naming its (fictional) state as a curator must."""
    (seeds / "documents" / f"{ordinance['id']}.yaml").write_text(
        yaml.safe_dump(ordinance, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    vocabularies = seeds / "vocabularies.yaml"
    data = yaml.safe_load(vocabularies.read_text(encoding="utf-8"))
    data["jurisdictions"].append({"ocd_id": ZZ_STATE, "name": "State of Example (fictional)"})
    vocabularies.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


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


ZZ_STATE = "ocd-division/country:us/state:zz"
NEWARK_ORDER = "newark-fair-welcoming-2017"
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
    "identifiers": [
        {"scheme": "ordinance_number", "value": "2026-1"},
        {"scheme": "code_citation", "value": "Example County Code § 2-104"},
    ],
    "events": [
        {"type": "adopted", "date": "2026-01-05"},
        {"type": "approved_by_voters", "date": "2026-03", "note": "Measure A, fictional."},
        {"type": "effective", "date": "2026-04-01"},
    ],
    "relations": [
        {
            "relation": "modelled_on",
            "document": NEWARK_ORDER,
            "note": "Fictional: the board followed the Newark order.",
            "evidence": [{"note": "Board minutes, p. 3 (fictional, no URL)."}],
        }
    ],
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
            "correspondences": [
                {
                    "provision": f"{NEWARK_ORDER}-n05",
                    "scope": "narrower",
                    "confidence": "inferred",
                    "note": "Fictional: detainers only, not release notifications.",
                }
            ],
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


def test_the_ordinance_relates_and_corresponds_to_the_newark_order(
    runner: FlaskCliRunner, fresh_app: Flask, seeds: Path
) -> None:
    loaded = runner.invoke(args=["seed", "load", str(seeds)])
    assert loaded.exit_code == 0, loaded.output
    client = fresh_app.test_client()
    document = client.get(f"/v1/documents/{ORDINANCE['id']}").get_json()
    assert [(e["type"], e["date"]) for e in document["events"]] == [
        (e["type"], e["date"]) for e in ORDINANCE["events"]
    ]
    assert document["signed_on"] is None  # adopted and approved by voters, never signed
    assert [i["value"] for i in document["identifiers"]] == [
        i["value"] for i in ORDINANCE["identifiers"]
    ]
    relations = client.get(f"/v1/documents/{NEWARK_ORDER}/relations").get_json()["results"]
    first = client.get(f"/v1/documents/{NEWARK_ORDER}/relations?page_size=1").get_json()
    second = client.get(first["pagination"]["next"]).get_json()
    assert first["results"] + second["results"] == relations[:2]
    (relation,) = [r for r in relations if r["other"]["id"] == ORDINANCE["id"]]
    assert (relation["relation"], relation["direction"]) == ("modelled_on", "incoming")
    assert relation["evidence"] == [
        {"url": None, "note": "Board minutes, p. 3 (fictional, no URL)."}
    ]
    linked = client.get(f"/v1/documents/{ORDINANCE['id']}?format=jsonld").get_json()
    assert linked["isBasedOn"][0]["@id"].endswith(f"/v1/documents/{NEWARK_ORDER}")
    assert linked["legislationType"] == "Ordinance"
    assert linked["legislationDate"] == "2026-01-05"  # adopted: it was never signed
    compared = client.get(f"/v1/compare?documents={NEWARK_ORDER},{ORDINANCE['id']}").get_json()
    (row,) = compared["rows"]
    assert (row["left"]["id"], row["right"]["id"]) == (f"{NEWARK_ORDER}-n05", "example-2-104")
    assert row["correspondence"]["scope"] == "broader"  # Newark's reaches further
    inside = client.get(f"/v1/documents?jurisdiction={ZZ_STATE}").get_json()["results"]
    assert ORDINANCE["id"] in [d["id"] for d in inside]
    state = client.get(f"/v1/jurisdictions/{ZZ_STATE}").get_json()
    assert (state["name"], state["document_count"]) == ("State of Example (fictional)", len(inside))


def test_a_duplicate_provision_id_names_both_files_and_nothing_else(
    runner: FlaskCliRunner, seeds: Path
) -> None:
    path, data = _provisions(seeds)
    taken = data["provisions"][0]["id"]
    ordinance = seeds / "documents" / f"{ORDINANCE['id']}.yaml"
    changed = {**ORDINANCE, "provisions": [dict(p) for p in ORDINANCE["provisions"]]}
    changed["provisions"][3]["id"] = taken  # a leaf: nothing in its file names it
    ordinance.write_text(yaml.safe_dump(changed, sort_keys=False), encoding="utf-8")
    checked = runner.invoke(args=["seed", "check", str(seeds)])
    errors = [line for line in checked.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, checked.output
    assert ordinance.name in errors[0] and path.name in errors[0] and taken in errors[0]


def test_unnamed_divisions_and_unknown_doc_types_are_refused(
    runner: FlaskCliRunner, seeds: Path
) -> None:
    ordinance = seeds / "documents" / f"{ORDINANCE['id']}.yaml"
    changed = {
        **ORDINANCE,
        "doc_type": "decree",
        "jurisdiction": {"name": "Nowhere", "ocd_id": "ocd-division/country:us/state:yy/place:x"},
    }
    ordinance.write_text(yaml.safe_dump(changed, sort_keys=False), encoding="utf-8")
    checked = runner.invoke(args=["seed", "check", str(seeds)])
    errors = [line for line in checked.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 2, checked.output
    assert "unknown doc_type 'decree'" in checked.output
    assert "'ocd-division/country:us/state:yy' above it has no name" in checked.output


def test_a_broken_vocabularies_file_is_its_own_error_only(
    runner: FlaskCliRunner, seeds: Path
) -> None:
    vocabularies = seeds / "vocabularies.yaml"
    data = yaml.safe_load(vocabularies.read_text(encoding="utf-8"))
    del data["doc_types"]
    vocabularies.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    checked = runner.invoke(args=["seed", "check", str(seeds)])
    errors = [line for line in checked.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "vocabularies.yaml" in errors[0] and "doc_types" in errors[0]


def test_a_division_named_twice_differently_is_refused(runner: FlaskCliRunner, seeds: Path) -> None:
    vocabularies = seeds / "vocabularies.yaml"
    data = yaml.safe_load(vocabularies.read_text(encoding="utf-8"))
    data["jurisdictions"].append({"ocd_id": ZZ_STATE, "name": "Another name"})
    vocabularies.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    checked = runner.invoke(args=["seed", "check", str(seeds)])
    errors = [line for line in checked.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "listed twice" in errors[0], checked.output
