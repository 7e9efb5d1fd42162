"""/v1/documents"""

from flask.testing import FlaskClient

from tests.helpers import assert_problem
from tests.seedfacts import facts

DOC = "newark-fair-welcoming-2017"


def test_document_has_its_provisions_in_order(client: FlaskClient) -> None:
    body = client.get(f"/v1/documents/{DOC}").get_json()
    provisions = body["provisions"]
    seeded = facts().provisions(DOC)
    assert [p["number"] for p in provisions] == [p["number"] for p in seeded]
    assert [p["position"] for p in provisions] == list(range(len(seeded)))
    for provision in provisions:
        assert provision["topics"] and provision["evidence"]
        assert provision["confidence"] in {"confirmed", "partly_confirmed", "inferred"}
        assert all(e["url"].startswith("http") for e in provision["evidence"])


def test_document_metadata_says_numbering_is_editorial(client: FlaskClient) -> None:
    body = client.get(f"/v1/documents/{DOC}").get_json()
    assert body["numbering"] == "editorial"
    assert body["official_number"] is None
    assert body["signed_on"] == "2017-06-19"
    assert body["doc_type"] == "executive_order"
    assert body["jurisdiction"]["ocd_id"] == "ocd-division/country:us/state:nj/place:newark"
    assert body["url"] == f"http://localhost/v1/documents/{DOC}"
    assert body["sources"]


def test_confidence_matches_the_reference(client: FlaskClient) -> None:
    provisions = client.get(f"/v1/documents/{DOC}").get_json()["provisions"]
    by_level: dict[str, set[str]] = {}
    for p in provisions:
        by_level.setdefault(p["confidence"], set()).add(p["number"])
    expected: dict[str, set[str]] = {}
    for p in facts().provisions(DOC):
        expected.setdefault(p["confidence"], set()).add(p["number"])
    assert by_level == expected


def test_list_documents(client: FlaskClient) -> None:
    body = client.get("/v1/documents").get_json()
    ids = [d["id"] for d in facts().documents]
    assert DOC in ids and len(ids) < 50
    assert [d["id"] for d in body["results"]] == ids
    assert body["pagination"] == {"next": None, "prev": None, "page_size": 50, "total": len(ids)}


def ids_where(field: str, value: str) -> list[str]:
    """Ids of the seeded documents whose `field` (or jurisdiction's OCD id) is `value`."""
    return [
        d["id"]
        for d in facts().documents
        if (d["jurisdiction"]["ocd_id"] if field == "jurisdiction" else d[field]) == value
    ]


def test_filter_documents_by_jurisdiction_and_type(client: FlaskClient) -> None:
    def ids(query: str) -> list[str]:
        return [d["id"] for d in client.get(f"/v1/documents?{query}").get_json()["results"]]

    newark = "ocd-division/country:us/state:nj/place:newark"
    assert ids(f"jurisdiction={newark}") == ids_where("jurisdiction", newark) != []
    # A division that is none of ours is refused, naming the nearest, not an empty page.
    nowhere = "ocd-division/country:us/state:nj/place:nowhere"
    body = assert_problem(client.get(f"/v1/documents?jurisdiction={nowhere}"), 422)
    assert body["errors"][0]["pointer"] == "#/jurisdiction"
    assert "ocd-division/country:us/state:nj" in body["errors"][0]["detail"]
    assert ids("doc_type=executive_order") == ids_where("doc_type", "executive_order") != []
    assert ids("doc_type=ordinance") == ids_where("doc_type", "ordinance")


def test_unknown_doc_type_is_422_listing_valid_values(client: FlaskClient) -> None:
    body = assert_problem(client.get("/v1/documents?doc_type=decree"), 422)
    assert body["errors"][0]["pointer"] == "#/doc_type"
    assert "executive_order" in body["errors"][0]["detail"]


def test_document_provisions_collection(client: FlaskClient) -> None:
    body = client.get(f"/v1/documents/{DOC}/provisions?page_size=5").get_json()
    seeded = facts().provisions(DOC)
    assert [p["eid"] for p in body["results"]] == [p["eid"] for p in seeded[:5]]
    assert body["pagination"]["total"] == len(seeded)


def test_provision_by_eid(client: FlaskClient) -> None:
    body = client.get(f"/v1/documents/{DOC}/provisions/sec_13").get_json()
    assert body["id"] == f"{DOC}-n13"
    assert {t["id"] for t in body["topics"]} == set(facts().provision(f"{DOC}-n13")["topics"])


def test_unknown_document_and_eid_are_404(client: FlaskClient) -> None:
    assert "nope" in assert_problem(client.get("/v1/documents/nope"), 404)["detail"]
    body = assert_problem(client.get(f"/v1/documents/{DOC}/provisions/sec_99"), 404)
    assert "sec_99" in body["detail"]
    assert_problem(client.get("/v1/documents/nope/provisions"), 404)
