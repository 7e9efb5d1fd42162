"""Documents relate to documents and provisions correspond across documents, read both ways;
/v1/compare lines them up; /v1/jurisdictions gives each division's chain. Expected values come
from the seed files (tests/seedfacts.py), never from today's counts."""

from itertools import pairwise
from typing import Any
from urllib.parse import quote

from flask.testing import FlaskClient

from tests.helpers import assert_problem
from tests.seedfacts import facts, read

SWAPPED = {"narrower": "broader", "broader": "narrower", "same": "same"}


def _stated_relations() -> list[tuple[str, dict[str, Any]]]:
    return [(d["id"], r) for d in facts().documents for r in d.get("relations", [])]


def _stated_correspondences() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (d["id"], p["id"], c)
        for d in facts().documents
        for p in d.get("provisions", [])
        for c in p.get("correspondences", [])
    ]


def _document_of(provision_id: str) -> str:
    return next(
        d["id"]
        for d in facts().documents
        for p in d.get("provisions", [])
        if p["id"] == provision_id
    )


def _walk(client: FlaskClient, url: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    next_url: str | None = url
    while next_url:
        body = client.get(next_url).get_json()
        items += body["results"]
        next_url = body["pagination"]["next"]
    return items


def test_every_stated_relation_reads_from_both_ends(client: FlaskClient) -> None:
    stated = _stated_relations()
    assert stated, "the seeds state at least one document relation"
    for subject, relation in stated:
        target = relation["document"]
        outgoing = _walk(client, f"/v1/documents/{subject}/relations?direction=outgoing")
        incoming = _walk(client, f"/v1/documents/{target}/relations?direction=incoming")
        for listed, direction, other in (
            (outgoing, "outgoing", target),
            (incoming, "incoming", subject),
        ):
            found = [r for r in listed if r["relation"] == relation["relation"]]
            assert [r["other"]["id"] for r in found if r["other"]["id"] == other] == [other]
            assert all(r["direction"] == direction for r in found)
            assert found[0]["subject"]["id"] == subject and found[0]["object"]["id"] == target
            assert found[0]["note"] == relation.get("note")


def test_both_ways_is_the_union_of_the_two_directions(client: FlaskClient) -> None:
    for document in facts().documents:
        base = f"/v1/documents/{document['id']}/relations"
        both = {r["id"] for r in _walk(client, base)}
        one = {r["id"] for r in _walk(client, f"{base}?direction=outgoing")}
        other = {r["id"] for r in _walk(client, f"{base}?direction=incoming")}
        assert both == one | other and not one & other


def test_relation_filter_and_unknown_document(client: FlaskClient) -> None:
    subject, relation = _stated_relations()[0]
    base = f"/v1/documents/{subject}/relations"
    kinds = {r["relation"] for r in _walk(client, f"{base}?relation={relation['relation']}")}
    assert kinds == {relation["relation"]}
    assert_problem(client.get(f"{base}?relation=annexes"), 422)
    assert_problem(client.get("/v1/documents/no-such-document/relations"), 404)


def test_correspondences_read_from_both_sides_with_the_scope_turned(client: FlaskClient) -> None:
    stated = _stated_correspondences()
    assert stated, "the seeds state at least one provision correspondence"
    for _document, provision, correspondence in stated:
        other = correspondence["provision"]
        mine = _walk(client, f"/v1/provisions/{provision}/correspondences")
        theirs = _walk(client, f"/v1/provisions/{other}/correspondences")
        forward = next(c for c in mine if c["corresponding"]["id"] == other)
        backward = next(c for c in theirs if c["corresponding"]["id"] == provision)
        assert (forward["direction"], backward["direction"]) == ("outgoing", "incoming")
        assert forward["scope"] == correspondence["scope"]
        assert backward["scope"] == SWAPPED[correspondence["scope"]]
        assert forward["confidence"] == backward["confidence"] == correspondence["confidence"]
        assert forward["provision"]["id"] == provision == backward["corresponding"]["id"]


def test_compare_lines_up_every_correspondence_between_two_documents(client: FlaskClient) -> None:
    stated = _stated_correspondences()
    pairs = {(d, _document_of(c["provision"])) for d, _p, c in stated}
    for left, right in pairs:
        body = client.get(f"/v1/compare?documents={left},{right}").get_json()
        assert [d["id"] for d in body["documents"]] == [left, right]
        expected = {
            (p, c["provision"])
            for d, p, c in stated
            if {d, _document_of(c["provision"])} == {left, right}
        }
        got = set()
        for row in body["rows"]:
            assert row["left"]["document"]["id"] == left
            assert row["right"]["document"]["id"] == right
            assert set(row["left"]["citation_counts"]) >= {"describes", "mentions"}
            got.add((row["left"]["id"], row["right"]["id"]))
        flipped = {(b, a) for a, b in got}
        assert expected <= got | flipped and len(got) == len(expected)
        assert body["truncated"] is False
        positions = [_position(row["left"]["id"]) for row in body["rows"]]
        assert positions == sorted(positions)
        # Asked the other way round, the same pairs with the sides and the scopes turned.
        turned = client.get(f"/v1/compare?documents={right},{left}").get_json()
        assert {(r["right"]["id"], r["left"]["id"]) for r in turned["rows"]} == got
        scopes = {(r["left"]["id"], r["correspondence"]["scope"]) for r in body["rows"]}
        turned_scopes = {
            (r["right"]["id"], SWAPPED[r["correspondence"]["scope"]]) for r in turned["rows"]
        }
        assert scopes == turned_scopes


def _position(provision_id: str) -> int:
    for document in facts().documents:
        for i, p in enumerate(document.get("provisions", [])):
            if p["id"] == provision_id:
                return i
    raise AssertionError(provision_id)


def test_compare_two_provisions_with_and_without_a_correspondence(client: FlaskClient) -> None:
    _d, provision, correspondence = _stated_correspondences()[0]
    other = correspondence["provision"]
    body = client.get(f"/v1/compare?provisions={provision},{other}").get_json()
    (row,) = body["rows"]
    assert (row["left"]["id"], row["right"]["id"]) == (provision, other)
    assert row["correspondence"]["scope"] == correspondence["scope"]
    topics = next(
        p.get("topics", [])
        for d in facts().documents
        for p in d["provisions"]
        if p["id"] == provision
    )
    assert [t["id"] for t in row["left"]["topics"]] == topics
    linked = {p for _d, a, c in _stated_correspondences() for p in (a, c["provision"])}
    lonely = [p["id"] for d in facts().documents for p in d["provisions"] if p["id"] not in linked]
    if len(lonely) >= 2:
        body = client.get(f"/v1/compare?provisions={lonely[0]},{lonely[1]}").get_json()
        assert body["rows"][0]["correspondence"] is None


def test_compare_refuses_what_it_cannot_line_up(client: FlaskClient) -> None:
    document = facts().documents[0]["id"]
    for query in (
        "",
        f"documents={document}",
        f"documents={document},{document}",
        f"documents={document},no-such-document",
        "provisions=a,b,c",
        f"documents={document},x&provisions=a,b",
    ):
        body = assert_problem(client.get(f"/v1/compare?{query}"), 422)
        assert body["errors"], query


def test_jurisdictions_give_each_division_its_chain_and_documents(client: FlaskClient) -> None:
    listed = {j["id"]: j for j in _walk(client, "/v1/jurisdictions")}
    for document in facts().documents:
        ocd = document["jurisdiction"]["ocd_id"]
        assert listed[ocd]["name"] == document["jurisdiction"]["name"]
        chain = [j["id"] for j in listed[ocd]["chain"]]
        parts = ocd.split("/")
        assert chain == ["/".join(parts[:i]) for i in range(2, len(parts))]
        for division in [*chain, ocd]:
            inside = [
                d["id"]
                for d in facts().documents
                if d["jurisdiction"]["ocd_id"] == division
                or d["jurisdiction"]["ocd_id"].startswith(division + "/")
            ]
            assert listed[division]["document_count"] == len(inside)
            documents = _walk(client, listed[division]["documents_url"])
            assert sorted(d["id"] for d in documents) == sorted(inside)
        item = client.get(f"/v1/jurisdictions/{ocd}").get_json()
        assert item == listed[ocd]
    for parent, child in pairwise(listed[ocd]["chain"] + [listed[ocd]]):
        assert listed[child["id"]]["parent"]["id"] == parent["id"]
    assert_problem(client.get("/v1/jurisdictions/ocd-division/country:zz"), 404)


def test_jurisdictions_within_a_division(client: FlaskClient) -> None:
    listed = _walk(client, "/v1/jurisdictions")
    countries = [j for j in listed if j["parent"] is None]
    assert countries
    country = countries[0]["id"]
    inside = _walk(client, f"/v1/jurisdictions?within={quote(country, safe='')}")
    assert {j["id"] for j in inside} == {
        j["id"] for j in listed if j["id"].startswith(country + "/")
    }
    children = _walk(client, f"/v1/jurisdictions?parent={quote(country, safe='')}")
    assert all(j["parent"]["id"] == country for j in children) and children


def test_documents_carry_their_lifecycle_as_the_files_say(client: FlaskClient) -> None:
    for document in facts().documents:
        got = client.get(f"/v1/documents/{document['id']}").get_json()
        events = document.get("events") or (
            [{"type": "signed", "date": document["signed_on"]}] if document.get("signed_on") else []
        )
        assert [(e["type"], e["date"]) for e in got["events"]] == [
            (e["type"], e["date"]) for e in events
        ]
        assert [(i["scheme"], i["value"]) for i in got["identifiers"]] == [
            (i["scheme"], i["value"]) for i in document.get("identifiers", [])
        ]
        assert [(a["speaker"]["id"], a["role"]) for a in got["actors"]] == [
            (a["speaker"], a["role"]) for a in document.get("actors", [])
        ]
        signing = [
            e["date"]
            for kind in ("signed", "issued")
            for e in events
            if e["type"] == kind and len(e["date"]) == 10
        ]
        assert got["signed_on"] == (signing[0] if signing else None)
        linked = client.get(f"/v1/documents/{document['id']}?format=jsonld").get_json()
        assert linked["legislationType"]
        numbers = linked["legislationIdentifier"]
        numbers = numbers if isinstance(numbers, list) else [numbers]
        assert all(i["value"] in numbers for i in document.get("identifiers", []))
        stated = {r["relation"] for r in document.get("relations", [])}
        if "modelled_on" in stated or "implements" in stated:
            assert linked["isBasedOn"]
        if "amends" in stated:
            assert linked["legislationAmends"]


def test_meta_lists_the_doc_types_of_the_vocabulary_file(client: FlaskClient) -> None:
    vocabulary = read(facts().root / "vocabularies.yaml")["doc_types"]
    meta = client.get("/v1/meta").get_json()
    assert [t["id"] for t in meta["doc_types"]] == [t["id"] for t in vocabulary]
    used = {d["doc_type"] for d in facts().documents}
    assert used <= {t["id"] for t in meta["doc_types"]}
    for doc_type in used:
        listed = _walk(client, f"/v1/documents?doc_type={doc_type}")
        assert {d["id"] for d in listed} == {
            d["id"] for d in facts().documents if d["doc_type"] == doc_type
        }
    body = assert_problem(client.get("/v1/documents?doc_type=decree"), 422)
    assert all(t["id"] in body["detail"] for t in vocabulary)


def _pages_back(client: FlaskClient, url: str) -> list[dict[str, Any]]:
    """Walk to the last page of `url`, then back by the prev links: every item, in order."""
    body = client.get(url).get_json()
    while body["pagination"]["next"]:
        body = client.get(body["pagination"]["next"]).get_json()
    items = body["results"]
    while body["pagination"]["prev"]:
        body = client.get(body["pagination"]["prev"]).get_json()
        items = body["results"] + items
    return items


def test_the_new_collections_page_one_item_at_a_time_both_ways(client: FlaskClient) -> None:
    linked = {p for _d, a, c in _stated_correspondences() for p in (a, c["provision"])}
    urls = [f"/v1/provisions/{p}/correspondences" for p in sorted(linked)]
    urls += [f"/v1/documents/{d['id']}/relations" for d in facts().documents]
    urls.append("/v1/jurisdictions")
    for url in urls:
        whole = client.get(f"{url}?page_size=500").get_json()["results"]
        assert _walk(client, f"{url}?page_size=1") == whole, url
        assert _pages_back(client, f"{url}?page_size=1") == whole, url
