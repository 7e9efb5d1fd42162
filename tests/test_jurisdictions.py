"""A jurisdiction filter names an OCD division and matches every division inside it."""

import pytest
from sqlmodel import Session

from flask import Flask

from tests.factories import make_document

NJ = "ocd-division/country:us/state:nj"
PLACES = {
    "statewide": NJ,
    "newark": f"{NJ}/place:newark",
    "county": f"{NJ}/county:essex",
    "elsewhere": "ocd-division/country:us/state:ny/place:new_york",
    "lookalike": "ocd-division/country:us/state:nj_x",  # a prefix, not a division inside NJ
}


@pytest.fixture
def divisions(fresh_app: Flask) -> Flask:
    with Session(fresh_app.extensions["policyapi.engine"]) as session:
        for name, ocd_id in PLACES.items():
            make_document(session, id=f"doc-{name}", jurisdiction_ocd_id=ocd_id)
        session.commit()
    return fresh_app


def _ids(app: Flask, *divisions: str) -> list[str]:
    query = "&".join(f"jurisdiction={d}" for d in divisions)
    body = app.test_client().get(f"/v1/documents?{query}").get_json()
    assert body["pagination"]["total"] == len(body["results"])
    return [document["id"] for document in body["results"]]


def test_a_state_matches_itself_and_everything_inside_it(divisions: Flask) -> None:
    assert _ids(divisions, NJ) == ["doc-county", "doc-newark", "doc-statewide"]


def test_a_place_matches_only_itself(divisions: Flask) -> None:
    assert _ids(divisions, PLACES["newark"]) == ["doc-newark"]


def test_several_divisions_are_ored(divisions: Flask) -> None:
    assert _ids(divisions, PLACES["newark"], PLACES["elsewhere"]) == ["doc-elsewhere", "doc-newark"]


def test_the_country_holds_every_division(divisions: Flask) -> None:
    assert len(_ids(divisions, "ocd-division/country:us")) == len(PLACES)


def test_the_same_filter_exports_the_same_rows(divisions: Flask) -> None:
    csv = divisions.test_client().get(f"/v1/documents?jurisdiction={NJ}&format=csv")
    lines = csv.get_data(as_text=True).strip().splitlines()[1:]
    assert sorted(line.split(",")[0] for line in lines) == [
        "doc-county",
        "doc-newark",
        "doc-statewide",
    ]
