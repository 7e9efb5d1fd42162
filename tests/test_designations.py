"""A document's provision route takes an eid; a number or id redirects, a bare number explains."""

import pytest

from flask.testing import FlaskClient

from tests.helpers import assert_problem
from tests.seedfacts import facts


def numbered() -> dict[str, str]:
    """A seeded provision that has a printed number and an eid."""
    return next(p for p in facts().provisions() if p.get("number") and p.get("eid"))


def base(provision: dict[str, str]) -> str:
    return f"/v1/documents/{provision['document']}/provisions"


@pytest.mark.parametrize("given", ["number", "id", "lower-number"])
def test_a_number_or_id_redirects_to_the_eid(client: FlaskClient, given: str) -> None:
    provision = numbered()
    value = {
        "number": provision["number"],
        "id": provision["id"],
        "lower-number": provision["number"].lower(),
    }[given]
    response = client.get(f"{base(provision)}/{value}?format=jsonld")
    assert response.status_code == 308
    location = response.headers["Location"]
    assert location == f"http://localhost{base(provision)}/{provision['eid']}?format=jsonld"
    assert client.get(location).status_code == 200


def _bare_digits(provision: dict[str, str]) -> str:
    return "".join(ch for ch in provision["number"] if ch.isdigit()).lstrip("0")


def _names_in_its_document(provision: dict[str, str]) -> set[str]:
    """Every number, id and eid of the provision's document: each of them redirects."""
    return {
        str(p.get(key) or "").lower()
        for p in facts().provisions()
        if p["document"] == provision["document"]
        for key in ("number", "id", "eid")
    }


def test_a_bare_number_is_a_404_naming_the_eid(client: FlaskClient) -> None:
    # A number whose digits alone name nothing in its document (a plain "1" would redirect).
    candidates = [
        p
        for p in facts().provisions()
        if p.get("number") and p.get("eid") and _bare_digits(p)
        and _bare_digits(p) not in _names_in_its_document(p)
    ]  # fmt: skip
    if not candidates:
        pytest.skip("no seeded number whose digits alone are ambiguous")
    provision = candidates[0]
    body = assert_problem(client.get(f"{base(provision)}/{_bare_digits(provision)}"), 404)
    assert "takes an eid" in body["detail"]
    assert repr(provision["eid"]) in body["detail"]


def test_an_unknown_eid_says_what_the_route_takes(client: FlaskClient) -> None:
    provision = numbered()
    body = assert_problem(client.get(f"{base(provision)}/nothing-like-this"), 404)
    assert "takes an eid" in body["detail"]


def test_an_unknown_document_is_still_a_404(client: FlaskClient) -> None:
    assert_problem(client.get("/v1/documents/no-such-document/provisions/sec_1"), 404)
