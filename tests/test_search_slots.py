"""Ranking, matching q and suggesting take one of a worker's few search slots; with none free,
the request is a 503 at once.

The slots are held here the way busy searches hold them (the app's own semaphore), so no test
waits on timing: what is checked is who is refused while they are taken.
"""

import threading
from collections.abc import Iterator

import pytest

from flask import Flask

from policyapi import create_app
from policyapi.web.search_slots import EXTENSION_KEY, slots_for_threads
from tests.helpers import assert_problem

SLOTS = 2
# Each asks for work that reads the index (a ranking nobody has asked for yet, in the search's
# case), with a word the seeds hold.
SEARCHES = (
    "/v1/search?q=warrant+detainer",
    "/search?q=judicial+warrant",
    "/v1/statements?q=warrant",
    "/v1/provisions?q=warrant",
    "/v1/documents?q=sanctuary",
    "/v1/suggest?text=a+judicial+warrant+is+required",
)
NOT_SEARCHES = ("/v1/provisions?page_size=5", "/v1/statements?page_size=5", "/v1/meta")


def build(seeded_url: str, slots: int, **config: object) -> Flask:
    return create_app(
        {"TESTING": True, "DATABASE_URL": seeded_url, "SEARCH_CONCURRENCY": slots, **config}
    )


@pytest.fixture
def capped_app(seeded_url: str) -> Iterator[Flask]:
    """An app whose workers run two searches at once, without a response cache."""
    app = build(seeded_url, SLOTS, RESPONSE_CACHE_BYTES=0)
    yield app
    app.extensions["policyapi.engine"].dispose()


def take_every_slot(app: Flask) -> int:
    """Take every free slot, as that many running searches would; return how many."""
    slots: threading.BoundedSemaphore = app.extensions[EXTENSION_KEY]
    taken = 0
    while slots.acquire(blocking=False):
        taken += 1
    return taken


def give_back(app: Flask, count: int) -> None:
    for _ in range(count):
        app.extensions[EXTENSION_KEY].release()


@pytest.mark.parametrize("path", SEARCHES)
def test_a_search_with_every_slot_taken_is_a_503_to_retry(capped_app: Flask, path: str) -> None:
    taken = take_every_slot(capped_app)
    try:
        response = capped_app.test_client().get(path, headers={"Accept": "application/json"})
    finally:
        give_back(capped_app, taken)
    body = assert_problem(response, 503)
    assert "Too many searches" in body["detail"]
    assert response.headers["Retry-After"] == "1"


def test_without_a_slot_taken_the_same_searches_are_answered(capped_app: Flask) -> None:
    client = capped_app.test_client()
    statuses = {path: client.get(path).status_code for path in SEARCHES}
    assert statuses == dict.fromkeys(SEARCHES, 200)


def test_other_requests_are_answered_while_searches_hold_every_slot(capped_app: Flask) -> None:
    taken = take_every_slot(capped_app)
    try:
        client = capped_app.test_client()
        statuses = {path: client.get(path).status_code for path in NOT_SEARCHES}
    finally:
        give_back(capped_app, taken)
    assert statuses == dict.fromkeys(NOT_SEARCHES, 200)


def test_a_ranked_search_pages_without_a_slot(capped_app: Flask) -> None:
    client = capped_app.test_client()
    first = client.get("/v1/search?q=warrant&page_size=2")
    assert first.status_code == 200
    taken = take_every_slot(capped_app)
    try:
        # Its ranking is kept: another page size, and the next page, are bisections of it.
        other_size = client.get("/v1/search?q=Warrants&page_size=3")
        following = client.get(first.get_json()["pagination"]["next"])
    finally:
        give_back(capped_app, taken)
    assert other_size.status_code == 200
    assert following.status_code == 200


def test_a_refused_query_is_a_422_not_a_503(capped_app: Flask) -> None:
    taken = take_every_slot(capped_app)
    try:
        response = capped_app.test_client().get("/v1/search?q=the")
    finally:
        give_back(capped_app, taken)
    assert_problem(response, 422)


def test_each_search_gives_its_slot_back_whatever_its_answer(capped_app: Flask) -> None:
    client = capped_app.test_client()
    # Hits, misses and an unknown document: more of them, one after another, than slots.
    answers = [
        client.get("/v1/search?q=warrant+policy").status_code,
        client.get("/v1/search?q=zzzznothing").status_code,
        client.get("/v1/statements?q=warrant&document=no-such-document").status_code,
        client.get("/v1/provisions?q=zzzznothing").status_code,
        client.get("/v1/suggest?text=zzzz&document=no-such-document").status_code,
    ]
    assert 503 not in answers, answers
    taken = take_every_slot(capped_app)
    give_back(capped_app, taken)
    assert taken == SLOTS


def test_an_answer_from_the_response_cache_needs_no_slot(seeded_url: str) -> None:
    app = build(seeded_url, 1)
    try:
        client = app.test_client()
        first = client.get("/v1/statements?q=warrant")
        assert first.status_code == 200
        taken = take_every_slot(app)
        try:
            stored = client.get("/v1/statements?q=warrant")
            revalidated = client.get(
                "/v1/statements?q=warrant", headers={"If-None-Match": first.headers["ETag"]}
            )
        finally:
            give_back(app, taken)
    finally:
        app.extensions["policyapi.engine"].dispose()
    assert stored.status_code == 200 and stored.data == first.data
    assert revalidated.status_code == 304


def test_no_cap_when_set_to_zero(seeded_url: str) -> None:
    app = build(seeded_url, 0)
    try:
        assert EXTENSION_KEY not in app.extensions
        assert app.test_client().get("/v1/search?q=warrant").status_code == 200
    finally:
        app.extensions["policyapi.engine"].dispose()


def test_a_negative_cap_is_refused_at_start(seeded_url: str) -> None:
    with pytest.raises(ValueError, match="SEARCH_CONCURRENCY"):
        build(seeded_url, -1)


@pytest.mark.parametrize("threads", [1, 2, 3, 4, 8, 64])
def test_serve_keeps_a_thread_free_of_searches(threads: int) -> None:
    slots = slots_for_threads(threads)
    assert 1 <= slots <= threads
    if threads > 1:
        assert slots < threads
    assert slots_for_threads(4) == 2  # `policyapi serve`'s default threads
