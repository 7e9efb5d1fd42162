"""/v1/suggest never blocks on a rebuild: the previous model answers, or a 503 before any.

Builds run in the app's own background thread; a test holds one mid-way with an Event and
waits for it with join(), never with sleeps.
"""

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlmodel import Session

from flask import Flask
from werkzeug.test import TestResponse

from policyapi import create_app
from policyapi.models import Dataset
from policyapi.suggest.cache import EXTENSION_KEY, Builds
from tests.factories import make_document, make_provision
from tests.helpers import assert_problem

SNOW = "Owners have to shovel the snow off their sidewalks within a day."
DOGS = "Every dog in the township needs a licence from the clerk each year."


@pytest.fixture
def waiting_app(fresh_url: str) -> Iterator[Flask]:
    """An app whose requests do not wait for a first model (a server's default is 5 s)."""
    app = create_app({"TESTING": True, "DATABASE_URL": fresh_url, "SUGGEST_BUILD_WAIT": 0})
    yield app
    builds: Builds = app.extensions[EXTENSION_KEY]
    if builds.thread is not None:
        builds.thread.join()
    app.extensions["policyapi.engine"].dispose()


class Gate:
    """Holds every build of `builds` until opened (then builds run as usual)."""

    def __init__(self, builds: Builds) -> None:
        self.opened = threading.Event()
        self.entered = threading.Event()
        real: Callable[[Flask], Any] = builds.build

        def held(app: Flask) -> Any:
            self.entered.set()
            self.opened.wait()
            return real(app)

        builds.build = held


def _builds(app: Flask) -> Builds:
    builds: Builds = app.extensions[EXTENSION_KEY]
    return builds


def _finish_build(app: Flask) -> None:
    thread = _builds(app).thread
    assert thread is not None
    thread.join()


def _post(app: Flask, text: str) -> TestResponse:
    return app.test_client().post("/v1/suggest", json={"text": text})


def _get(app: Flask, text: str) -> TestResponse:
    return app.test_client().get("/v1/suggest", query_string={"text": text})


def _add_provision(app: Flask, heading: str, summary: str) -> str:
    with Session(app.extensions["policyapi.engine"]) as session:
        document = make_document(session)
        provision = make_provision(session, document, heading=heading, summary=summary)
        session.commit()
        return provision.id


def _release(app: Flask, version: str) -> None:
    """Record a dataset release, as `seed load` does: the dataset version changes."""
    with Session(app.extensions["policyapi.engine"]) as session:
        dataset = session.get(Dataset, "policyapi") or Dataset(
            id="policyapi", title="Test data", version=version, content_hash="0" * 64,
            loaded_at=datetime.now(UTC),
        )  # fmt: skip
        dataset.version, dataset.content_hash = version, version.replace(".", "") * 16
        session.add(dataset)
        session.commit()


def _provision_ids(response: TestResponse) -> set[str]:
    return {r["provision"]["id"] for r in response.get_json()["results"] if r["provision"]}


def test_a_process_without_a_model_answers_503_until_its_first_build_ends(
    waiting_app: Flask,
) -> None:
    snow = _add_provision(waiting_app, "Sidewalk snow", "Owners must clear snow from sidewalks.")
    gate = Gate(_builds(waiting_app))
    try:
        refused = _post(waiting_app, SNOW)
        problem = assert_problem(refused, 503)
        assert int(refused.headers["Retry-After"]) >= 1
        assert "being built" in problem["detail"]
        assert_problem(_get(waiting_app, SNOW), 503)
        assert gate.entered.is_set()
    finally:
        gate.opened.set()
    _finish_build(waiting_app)
    answered = _get(waiting_app, SNOW)
    assert answered.status_code == 200 and answered.headers["ETag"]
    assert snow in _provision_ids(answered)
    model = answered.get_json()["model"]
    assert model["dataset_version"] == answered.headers["X-Dataset-Version"]


def test_a_rebuild_is_answered_by_the_previous_model_uncached(waiting_app: Flask) -> None:
    _release(waiting_app, "1.0.0")
    _add_provision(waiting_app, "Sidewalk snow", "Owners must clear snow from sidewalks.")
    assert_problem(_post(waiting_app, SNOW), 503)
    _finish_build(waiting_app)
    first = _get(waiting_app, DOGS)
    assert first.status_code == 200
    old_version = first.get_json()["model"]["dataset_version"]

    gate = Gate(_builds(waiting_app))
    dogs = _add_provision(waiting_app, "Dog licences", "Every dog needs a yearly licence.")
    _release(waiting_app, "2.0.0")
    try:
        stale = _get(waiting_app, DOGS)
        assert stale.status_code == 200
        assert "ETag" not in stale.headers and stale.headers["Cache-Control"] == "no-store"
        assert stale.get_json()["model"]["dataset_version"] == old_version
        assert stale.headers["X-Dataset-Version"] != old_version
        assert dogs not in _provision_ids(stale)
        assert gate.entered.is_set()
    finally:
        gate.opened.set()
    _finish_build(waiting_app)
    fresh = _get(waiting_app, DOGS)
    assert fresh.status_code == 200 and fresh.headers["ETag"]
    assert fresh.get_json()["model"]["dataset_version"] == fresh.headers["X-Dataset-Version"]
    assert dogs in _provision_ids(fresh)


def test_a_failed_build_is_a_503_and_the_next_request_builds_again(fresh_app: Flask) -> None:
    _add_provision(fresh_app, "Sidewalk snow", "Owners must clear snow from sidewalks.")
    builds = _builds(fresh_app)
    real = builds.build

    def failing(_app: Flask) -> Any:
        raise RuntimeError("the database went away mid-build")

    builds.build = failing
    # Under TESTING a request waits for the first model as long as it takes: not past a failure.
    assert_problem(_post(fresh_app, SNOW), 503)
    builds.build = real
    assert _post(fresh_app, SNOW).status_code == 200
