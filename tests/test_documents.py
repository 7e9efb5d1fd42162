"""/v1/documents"""

from flask.testing import FlaskClient

from tests.helpers import assert_problem

DOC = "newark-fair-welcoming-2017"


def test_document_has_its_16_provisions_in_order(client: FlaskClient) -> None:
    body = client.get(f"/v1/documents/{DOC}").get_json()
    provisions = body["provisions"]
    assert [p["number"] for p in provisions] == [f"N{i:02d}" for i in range(1, 17)]
    assert [p["position"] for p in provisions] == list(range(16))
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
    assert by_level["confirmed"] == {"N02", "N03", "N06", "N09", "N11", "N13", "N14"}
    assert by_level["partly_confirmed"] == {"N04", "N05", "N07", "N08"}
    assert by_level["inferred"] == {"N01", "N10", "N12", "N15", "N16"}


def test_list_documents(client: FlaskClient) -> None:
    body = client.get("/v1/documents").get_json()
    assert [d["id"] for d in body["results"]] == [DOC]
    assert body["pagination"] == {"next": None, "prev": None, "page_size": 50, "total": 1}


def test_filter_documents_by_jurisdiction_and_type(client: FlaskClient) -> None:
    newark = "ocd-division/country:us/state:nj/place:newark"
    assert client.get(f"/v1/documents?jurisdiction={newark}").get_json()["pagination"]["total"] == 1
    other = client.get("/v1/documents?jurisdiction=ocd-division/country:us/state:nj/place:hoboken")
    assert other.get_json()["pagination"]["total"] == 0
    assert client.get("/v1/documents?doc_type=ordinance").get_json()["results"] == []


def test_unknown_doc_type_is_422_listing_valid_values(client: FlaskClient) -> None:
    body = assert_problem(client.get("/v1/documents?doc_type=decree"), 422)
    assert body["errors"][0]["pointer"] == "#/doc_type/0"
    assert "executive_order" in body["errors"][0]["detail"]


def test_document_provisions_collection(client: FlaskClient) -> None:
    body = client.get(f"/v1/documents/{DOC}/provisions?page_size=5").get_json()
    assert [p["eid"] for p in body["results"]] == ["sec_1", "sec_2", "sec_3", "sec_4", "sec_5"]
    assert body["pagination"]["total"] == 16


def test_provision_by_eid(client: FlaskClient) -> None:
    body = client.get(f"/v1/documents/{DOC}/provisions/sec_13").get_json()
    assert body["id"] == f"{DOC}-n13"
    assert {t["id"] for t in body["topics"]} == {"reporting", "detainer-publication"}


def test_unknown_document_and_eid_are_404(client: FlaskClient) -> None:
    assert "nope" in assert_problem(client.get("/v1/documents/nope"), 404)["detail"]
    body = assert_problem(client.get(f"/v1/documents/{DOC}/provisions/sec_99"), 404)
    assert "sec_99" in body["detail"]
    assert_problem(client.get("/v1/documents/nope/provisions"), 404)
