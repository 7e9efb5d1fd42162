"""Strictness as people meet it: unknown query parameters are a 400, unknown ids in filters a
422 naming the closest ids, and neither costs a query per row."""

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from flask import Flask
from flask.testing import FlaskClient

from policyapi.api.known import closest
from policyapi.web.parameters import LENIENT
from tests.helpers import ID_FILTERS, assert_problem
from tests.seedfacts import facts
from tests.test_bad_input import _fill, _operations, _required_query
from tests.test_cache import queries


def _query_names(operation: dict[str, Any]) -> list[str]:
    return [p["name"] for p in operation["parameters"] if p["in"] == "query"]


def test_a_typo_is_a_400_naming_it_a_close_match_and_the_valid_ones(client: FlaskClient) -> None:
    body = assert_problem(client.get("/v1/provisions?topics=warrants"), 400)
    assert body["detail"].startswith("unknown parameter 'topics'; did you mean 'topic'?")
    for valid in ("topic", "document", "cursor", "page_size", "format"):
        assert valid in body["detail"]
    assert body["errors"] == [{"pointer": "#/topics", "detail": "unknown; did you mean 'topic'?"}]


def test_several_unknown_parameters_are_all_named(client: FlaskClient) -> None:
    body = assert_problem(client.get("/v1/statements?speakr=x&colour=red&kind=paraphrase"), 400)
    assert "'speakr' (did you mean 'speaker'?)" in body["detail"]
    assert "'colour'" in body["detail"]
    assert [e["pointer"] for e in body["errors"]] == ["#/speakr", "#/colour"]


# The routes documented by hand (cards, oEmbed, probes) ignore what they do not declare.
STRICT_OPERATIONS = [(t, op) for t, op in _operations() if not op.get(LENIENT)]


@pytest.mark.parametrize(("template", "operation"), STRICT_OPERATIONS, ids=lambda v: str(v)[:60])
def test_every_documented_operation_refuses_an_unknown_parameter(
    client: FlaskClient, template: str, operation: dict[str, Any]
) -> None:
    path = _fill(template, operation)
    query = "&".join(filter(None, [_required_query(operation), "no_such_parameter=1"]))
    body = assert_problem(client.get(f"{path}?{query}"), 400)
    assert "no_such_parameter" in body["detail"]
    names = _query_names(operation)
    assert all(name in body["detail"] for name in names)
    if not names:
        assert "takes no query parameters" in body["detail"]
    # HEAD is refused the same way (it is answered by GET's view).
    assert client.head(f"{path}?{query}").status_code == 400


def test_declared_parameters_stay_valid_and_next_links_carry_them(client: FlaskClient) -> None:
    first = client.get("/v1/statements?page_size=1&kind=direct_quote&format=json")
    assert first.status_code == 200, first.get_data(as_text=True)
    next_url = first.get_json()["pagination"]["next"]
    assert next_url and "cursor" in parse_qs(urlsplit(next_url).query)
    assert client.get(next_url).status_code == 200
    # The wire name of a field, not its attribute name (from_ is sent as from=).
    versions = f"/v1/provisions/{facts().provisions()[0]['id']}/versions/diff?from=1&to=1"
    assert client.get(versions).status_code != 400


def test_format_is_unknown_where_no_choice_is_offered(client: FlaskClient) -> None:
    body = assert_problem(client.get("/v1/meta?format=json"), 400)
    assert "'format'" in body["detail"]
    assert client.get("/v1/topics?format=csv").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/embed/provisions/{provision}?nonsense=1",
        "/embed/statements/{statement}?nonsense=1",
        "/embed/documents/{document}?nonsense=1",
        "/oembed?url=http://localhost/v1/provisions/{provision}&nonsense=1&dnt=1",
        "/healthz?nonsense=1",
        "/readyz?nonsense=1",
    ],
)
def test_embed_and_probe_routes_keep_their_own_handling(client: FlaskClient, path: str) -> None:
    seeded = facts()
    url = path.format(
        provision=seeded.provisions()[0]["id"],
        statement=seeded.statements()[0]["id"],
        document=seeded.documents[0]["id"],
    )
    assert client.get(url).status_code == 200


def test_a_flood_of_unknown_names_gets_a_bounded_answer(client: FlaskClient) -> None:
    query = "&".join(f"{'x' * 500}{i}=1" for i in range(300))
    response = client.get(f"/v1/topics?{query}")
    body = assert_problem(response, 400)
    assert "and 290 more" in body["detail"]
    assert len(response.data) < 5000


def test_a_pointer_escapes_slash_and_tilde(client: FlaskClient) -> None:
    body = assert_problem(client.get("/v1/topics?a/b~c=1"), 400)
    assert body["errors"][0]["pointer"] == "#/a~1b~0c"


# Unknown ids in filters.


def _speaker_suffix() -> tuple[str, str]:
    """A seeded speaker id with a dash, and its last part (`baraka` for `ras-baraka`)."""
    ids = [s["id"] for s in facts().speakers]
    return next(
        (speaker, part)
        for speaker in ids
        if "-" in speaker
        for part in [speaker.rsplit("-", 1)[1]]
        if [other for other in ids if part in other] == [speaker]
    )


def test_part_of_a_speaker_id_suggests_the_speaker(client: FlaskClient) -> None:
    speaker, part = _speaker_suffix()
    body = assert_problem(client.get(f"/v1/provisions?speaker={part}"), 422)
    assert body["errors"] == [
        {"pointer": "#/speaker", "detail": f"unknown speaker {part!r}; did you mean {speaker!r}?"}
    ]


def test_a_typo_in_a_provision_id_suggests_it(client: FlaskClient) -> None:
    provision = facts().provisions()[-1]["id"]
    body = assert_problem(client.get(f"/v1/statements?provision={provision}x"), 422)
    assert f"did you mean {provision!r}?" in body["detail"]


def test_a_far_off_id_names_the_closest_known_ones(client: FlaskClient) -> None:
    body = assert_problem(client.get("/v1/citations?document=nope&document=zzz"), 422)
    detail = body["errors"][0]["detail"]
    assert "'nope'" in detail and "'zzz'" in detail and "closest known" in detail
    assert facts().documents[0]["id"] in detail or "see /v1/documents" in detail


ID_FILTERED = [
    (template, operation, name)
    for template, operation in _operations()
    for name in _query_names(operation)
    if name in ID_FILTERS
]


@pytest.mark.parametrize(
    ("template", "operation", "name"), ID_FILTERED, ids=[f"{t}?{n}" for t, _, n in ID_FILTERED]
)
def test_every_id_filter_refuses_an_unknown_id(
    client: FlaskClient, template: str, operation: dict[str, Any], name: str
) -> None:
    path = _fill(template, operation)
    query = "&".join(
        filter(None, [_required_query(operation, but=name), f"{name}=no-such-id-anywhere"])
    )
    body = assert_problem(client.get(f"{path}?{query}"), 422)
    assert body["errors"][0]["pointer"] == f"#/{name}"
    assert "unknown" in body["errors"][0]["detail"] and "no-such-id-anywhere" in body["detail"]


def test_the_id_filters_cover_every_route_that_has_them() -> None:
    covered = {(template, name) for template, _, name in ID_FILTERED}
    assert ("/v1/changes", "statement") in covered
    assert ("/v1/citations", "statement") in covered
    assert ("/v1/provisions", "speaker") in covered
    assert ("/v1/documents", "jurisdiction") in covered
    assert ("/v1/jurisdictions", "within") in covered


def test_known_ids_still_filter(client: FlaskClient) -> None:
    speaker = next(s["speaker"] for s in facts().statements() if s.get("speaker"))
    response = client.get(f"/v1/statements?speaker={speaker}")
    assert response.status_code == 200
    assert {s["speaker"]["id"] for s in response.get_json()["results"]} == {speaker}


def _statements_queries(app: Flask, client: FlaskClient, repeats: int) -> int:
    # A fresh set of values each time: nothing remembered from an earlier request.
    query = "&".join(f"article=a{repeats}-{i}" for i in range(repeats))
    with queries(app) as seen:
        assert client.get(f"/v1/statements?{query}").status_code == 422
    return len(seen.seen)


def test_checking_ids_costs_the_same_for_five_values_or_fifty(cached_app: Flask) -> None:
    client = cached_app.test_client()
    assert client.get("/v1/topics").status_code == 200  # the dataset version, read once
    # Suggestions are looked for only for the first few values: bounded, never per value.
    assert _statements_queries(cached_app, client, 50) == _statements_queries(cached_app, client, 5)


def test_a_filter_seen_before_runs_no_id_check_again(cached_app: Flask) -> None:
    client = cached_app.test_client()
    speaker, _ = _speaker_suffix()
    url = f"/v1/citations?speaker={speaker}&page_size=1"
    assert client.get(url).status_code == 200
    with queries(cached_app) as seen:
        # Another page size: not a stored answer, but the same ids, checked already.
        assert client.get(url.replace("page_size=1", "page_size=2")).status_code == 200
    assert seen.seen, "the page itself is read"
    assert not [q for q in seen.seen if q.startswith("SELECT speakers.id AS id")]


def test_containing_ranks_before_similar() -> None:
    near, meant = closest("baraka", ["barack", "ras-baraka", "william-barr"])
    assert near[0] == "ras-baraka" and meant
    near, meant = closest("nope", ["newark-fair-welcoming-2017", "nj-ag-directive-2018-6"])
    assert not meant and len(near) == 2
