"""One built suggester per process, rebuilt in the background when the dataset changes.

Building reads every provision and statement and trains the re-ranker: about a second on the
seeds, about three minutes on a million statements. No request waits for a rebuild: while the
model of a new release is built (in one thread per process), requests are answered by the
previous release's model, whose answer says which dataset version it was built from and is
not stored by caches (api/suggest.py). Only a process that has no model yet (a worker's first
suggestion after it starts) makes a request wait, up to SUGGEST_BUILD_WAIT seconds (5; under
TESTING as long as the build takes, since speed is measured in benchmarks, not tests), and then
answers 503 with Retry-After. The CLI builds its model itself, however long that takes.

A model is keyed by the dataset fingerprint and by a count of commits through the app's engines
(a commit need not change the fingerprint: tests and curators' tools write rows directly).
"""

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import event

from flask import Flask, current_app

from policyapi.db import get_engine, get_job_engine
from policyapi.web.caching import dataset_fingerprint

if TYPE_CHECKING:
    from policyapi.suggest.model import Suggester

EXTENSION_KEY = "policyapi.suggest"
BUILD_WAIT = 5.0
# Retry-After while the first model builds, when no earlier build says how long one takes.
RETRY_UNKNOWN = 10
RETRY_MOST = 60
log = logging.getLogger(__name__)

Key = tuple[str, int]  # (dataset fingerprint, commits seen)


@dataclass(frozen=True)
class Model:
    suggester: "Suggester"
    dataset_version: str  # the fingerprint of the data it was built from
    current: bool  # built from the data loaded now (False: a rebuild is under way)


class NotReady(Exception):
    """No model exists yet in this process; it is being built."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"the suggester is being built; retry in {retry_after} s")
        self.retry_after = retry_after


def build_suggester(app: Flask) -> "Suggester":
    """Read the corpus and build a suggester from it.

    Through the job engine: reading a million statements takes longer than a request's budget
    (PostgreSQL would cancel it at STATEMENT_TIMEOUT), and no request waits for it.
    """
    # Imported here: scikit-learn loads only in processes that suggest.
    from policyapi.suggest.corpus import read_corpus
    from policyapi.suggest.model import Suggester

    with get_job_engine(app).connect() as conn:
        corpus = read_corpus(conn)
    return Suggester(corpus)


class Builds:
    """The process's model, and the one background build that replaces it."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.changed = threading.Condition()  # guards everything below; notified after a build
        self.commits = 0
        self.model: tuple[Key, Suggester] | None = None
        self.building: Key | None = None
        self.thread: threading.Thread | None = None
        self.started_at = 0.0
        self.last_seconds: float | None = None  # how long the last build took
        self.failures = 0
        # What a build runs: replaced only by tests, to hold a build mid-way.
        self.build: Callable[[Flask], Suggester] = build_suggester

    def committed(self) -> None:
        with self.changed:
            self.commits += 1

    def get(self, fingerprint: str, wait: float | None) -> Model:
        """The model for the loaded data; the previous one while it builds; or NotReady after
        `wait` seconds (None: as long as the build takes) when there is none at all, or when
        the build waited for failed."""
        deadline = None if wait is None else time.monotonic() + wait
        with self.changed:
            failures = self.failures
            while True:
                key = (fingerprint, self.commits)
                if self.model is not None and self.model[0] == key:
                    return Model(self.model[1], fingerprint, current=True)
                if self.failures == failures:
                    self._start(key)
                if self.model is not None:
                    (built_from, _), suggester = self.model
                    return Model(suggester, built_from, current=False)
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0 or self.failures != failures:
                    raise NotReady(self._retry_after())
                self.changed.wait(left)

    def _start(self, key: Key) -> None:
        """Start building the model for `key` unless a build is running (holding the lock)."""
        if self.building is not None:
            return  # the next request after it ends starts the next one, if still needed
        self.building, self.started_at = key, time.monotonic()
        self.thread = threading.Thread(
            target=self._run, args=(key,), name="policyapi-suggest-build", daemon=True
        )
        self.thread.start()

    def _run(self, key: Key) -> None:
        try:
            suggester = self.build(self.app)
        except Exception:
            # Logged, not raised: the next request starts another build.
            log.exception("building the suggester failed")
            suggester = None
        with self.changed:
            if suggester is None:
                self.failures += 1
            else:
                self.model = (key, suggester)
                self.last_seconds = time.monotonic() - self.started_at
            self.building = None
            self.changed.notify_all()

    def _retry_after(self) -> int:
        if self.last_seconds is None:
            return RETRY_UNKNOWN
        left = self.last_seconds - (time.monotonic() - self.started_at)
        return max(1, min(RETRY_MOST, math.ceil(left)))


def get_model() -> Model:
    """The model that answers now (see the module docstring); NotReady if there is none yet."""
    builds: Builds = current_app.extensions[EXTENSION_KEY]
    return builds.get(dataset_fingerprint(), current_app.config["SUGGEST_BUILD_WAIT"])


def build_model() -> Model:
    """The model for the loaded data, built in this thread if need be (the CLI)."""
    builds: Builds = current_app.extensions[EXTENSION_KEY]
    fingerprint = dataset_fingerprint()
    with builds.changed:
        key = (fingerprint, builds.commits)
        if builds.model is not None and builds.model[0] == key:
            return Model(builds.model[1], fingerprint, current=True)
    suggester = builds.build(builds.app)
    with builds.changed:
        builds.model = (key, suggester)
    return Model(suggester, fingerprint, current=True)


def init_app(app: Flask) -> None:
    app.config.setdefault("SUGGEST_BUILD_WAIT", None if app.testing else BUILD_WAIT)
    builds = app.extensions[EXTENSION_KEY] = Builds(app)
    for engine in (get_engine(app), get_job_engine(app)):
        event.listen(engine, "commit", lambda _conn: builds.committed())
