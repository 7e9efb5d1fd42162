"""Dear work takes one of a worker's few slots: ranking, matching q and suggesting a search
slot, a whole download a download slot. With none free, the request is a 503 at once.

The slots are held here the way busy requests hold them (the app's own semaphores), so no test
waits on timing: what is checked is who is refused while they are taken.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from flask import Flask

from policyapi import create_app
from policyapi.web.slots import DOWNLOAD, SEARCH, Kind, extension_key, for_threads
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
DOWNLOADS = (
    "/v1/export/statements.csv",
    "/v1/export/provisions.ndjson",
    "/v1/export/documents.json",
    "/v1/statements?format=csv",
    "/v1/provisions?format=ndjson&q=warrant",
)


def build(seeded_url: str, slots: int, **config: object) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": seeded_url,
            "SEARCH_CONCURRENCY": slots,
            "DOWNLOAD_CONCURRENCY": slots,
            **config,
        }
    )


@pytest.fixture
def capped_app(seeded_url: str) -> Iterator[Flask]:
    """An app whose workers run two searches and two downloads at once, without a response
    cache."""
    app = build(seeded_url, SLOTS, RESPONSE_CACHE_BYTES=0)
    yield app
    app.extensions["policyapi.engine"].dispose()


@contextmanager
def every_slot_taken(app: Flask, kind: Kind = SEARCH) -> Iterator[int]:
    """Hold every free slot of `kind`, as that many running requests would; yield how many."""
    slots: threading.BoundedSemaphore = app.extensions[extension_key(kind)]
    taken = 0
    while slots.acquire(blocking=False):
        taken += 1
    try:
        yield taken
    finally:
        for _ in range(taken):
            slots.release()


def free_slots(app: Flask, kind: Kind) -> int:
    with every_slot_taken(app, kind) as taken:
        return taken


@pytest.mark.parametrize("path", SEARCHES)
def test_a_search_with_every_slot_taken_is_a_503_to_retry(capped_app: Flask, path: str) -> None:
    with every_slot_taken(capped_app):
        response = capped_app.test_client().get(path, headers={"Accept": "application/json"})
    body = assert_problem(response, 503)
    assert "Too many searches" in body["detail"]
    assert response.headers["Retry-After"] == "1"


def test_without_a_slot_taken_the_same_searches_are_answered(capped_app: Flask) -> None:
    client = capped_app.test_client()
    statuses = {path: client.get(path).status_code for path in SEARCHES}
    assert statuses == dict.fromkeys(SEARCHES, 200)


def test_other_requests_are_answered_while_searches_hold_every_slot(capped_app: Flask) -> None:
    with every_slot_taken(capped_app):
        client = capped_app.test_client()
        statuses = {path: client.get(path).status_code for path in NOT_SEARCHES}
    assert statuses == dict.fromkeys(NOT_SEARCHES, 200)


def test_a_ranked_search_pages_without_a_slot(capped_app: Flask) -> None:
    client = capped_app.test_client()
    first = client.get("/v1/search?q=warrant&page_size=2")
    assert first.status_code == 200
    with every_slot_taken(capped_app):
        # Its ranking is kept: another page size, and the next page, are bisections of it.
        other_size = client.get("/v1/search?q=Warrants&page_size=3")
        following = client.get(first.get_json()["pagination"]["next"])
    assert other_size.status_code == 200
    assert following.status_code == 200


def test_a_refused_query_is_a_422_not_a_503(capped_app: Flask) -> None:
    with every_slot_taken(capped_app):
        response = capped_app.test_client().get("/v1/search?q=the")
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
    assert free_slots(capped_app, SEARCH) == SLOTS


def test_an_answer_from_the_response_cache_needs_no_slot(seeded_url: str) -> None:
    app = build(seeded_url, 1)
    try:
        client = app.test_client()
        first = client.get("/v1/statements?q=warrant")
        assert first.status_code == 200
        with every_slot_taken(app):
            stored = client.get("/v1/statements?q=warrant")
            revalidated = client.get(
                "/v1/statements?q=warrant", headers={"If-None-Match": first.headers["ETag"]}
            )
    finally:
        app.extensions["policyapi.engine"].dispose()
    assert stored.status_code == 200 and stored.data == first.data
    assert revalidated.status_code == 304


@pytest.mark.parametrize("path", DOWNLOADS)
def test_a_download_with_every_slot_taken_is_a_503_to_retry(capped_app: Flask, path: str) -> None:
    with every_slot_taken(capped_app, DOWNLOAD):
        client = capped_app.test_client()
        response = client.get(path, buffered=True)
        pages = {p: client.get(p).status_code for p in NOT_SEARCHES}
    body = assert_problem(response, 503)
    assert "downloads" in body["detail"]
    assert response.headers["Retry-After"] == "1"
    assert pages == dict.fromkeys(NOT_SEARCHES, 200)


def test_a_download_holds_its_slot_until_its_body_is_read(capped_app: Flask) -> None:
    client = capped_app.test_client()
    response = client.get("/v1/export/statements.csv", buffered=False)
    assert response.status_code == 200
    assert free_slots(capped_app, DOWNLOAD) == SLOTS - 1
    body = b"".join(response.response)
    response.close()
    assert body.startswith(b"id,")
    assert free_slots(capped_app, DOWNLOAD) == SLOTS


def test_a_download_gives_its_slot_back_as_its_last_chunk_is_taken(capped_app: Flask) -> None:
    # The server closes a response only after writing it, and a client reading downloads one
    # after another may ask for the next before that: the slot must be free by then.
    client = capped_app.test_client()
    for _ in range(SLOTS + 1):
        response = client.get("/v1/export/statements.csv", buffered=False)
        assert response.status_code == 200
        body = b"".join(response.response)  # every chunk taken, the response not closed yet
        assert body.startswith(b"id,")
        assert free_slots(capped_app, DOWNLOAD) == SLOTS
        response.close()


def test_a_download_the_client_leaves_unread_gives_its_slot_back(capped_app: Flask) -> None:
    client = capped_app.test_client()
    started = [client.get(path, buffered=False) for path in DOWNLOADS[:SLOTS]]
    assert [r.status_code for r in started] == [200] * SLOTS
    refused = client.get(DOWNLOADS[-1])
    for response in started:
        response.close()  # what the server does when the client goes away
    again = client.get(DOWNLOADS[-1], buffered=True)
    assert_problem(refused, 503)
    assert again.status_code == 200
    assert free_slots(capped_app, DOWNLOAD) == SLOTS


def test_a_download_answered_304_gives_its_slot_back(capped_app: Flask) -> None:
    response = capped_app.test_client().get(
        "/v1/export/provisions.csv", headers={"If-None-Match": "*"}
    )
    assert response.status_code == 304
    assert free_slots(capped_app, DOWNLOAD) == SLOTS


def test_searches_and_downloads_have_their_own_slots(capped_app: Flask) -> None:
    with every_slot_taken(capped_app, SEARCH):
        download = capped_app.test_client().get("/v1/export/provisions.csv", buffered=True)
    assert download.status_code == 200


def test_no_cap_when_set_to_zero(seeded_url: str) -> None:
    app = build(seeded_url, 0)
    try:
        assert all(extension_key(kind) not in app.extensions for kind in (SEARCH, DOWNLOAD))
        client = app.test_client()
        assert client.get("/v1/search?q=warrant").status_code == 200
        assert client.get("/v1/export/provisions.csv", buffered=True).status_code == 200
    finally:
        app.extensions["policyapi.engine"].dispose()


@pytest.mark.parametrize("setting", ["SEARCH_CONCURRENCY", "DOWNLOAD_CONCURRENCY"])
def test_a_negative_cap_is_refused_at_start(seeded_url: str, setting: str) -> None:
    with pytest.raises(ValueError, match=setting):
        create_app({"TESTING": True, "DATABASE_URL": seeded_url, setting: -1})


@pytest.mark.parametrize("threads", [1, 2, 3, 4, 8, 64])
def test_serve_caps_each_kind_below_its_threads(threads: int) -> None:
    caps = for_threads(threads)
    assert set(caps) == {"SEARCH_CONCURRENCY", "DOWNLOAD_CONCURRENCY"}
    assert all(1 <= cap <= threads for cap in caps.values())
    if threads >= 4:  # one thread in four is left to everything else
        assert sum(caps.values()) <= threads - threads // 4
    assert for_threads(4) == {"SEARCH_CONCURRENCY": 2, "DOWNLOAD_CONCURRENCY": 1}
