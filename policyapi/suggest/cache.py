"""One built suggester per process, rebuilt when the dataset version changes.

Building reads every provision and statement and trains the re-ranker (about a second on the
seeds, more on a large dataset), so it happens once per dataset version, on the first request
that needs it; concurrent requests wait for that one build instead of starting their own.
Any commit through the app's engine forgets it, like the response caches (web/caching.py).
"""

import threading
from typing import TYPE_CHECKING

from sqlalchemy import event

from flask import Flask, current_app

from policyapi.db import connect, get_engine
from policyapi.web.caching import dataset_fingerprint

if TYPE_CHECKING:
    from policyapi.suggest.model import Suggester

EXTENSION_KEY = "policyapi.suggest"


class Built:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.version: str | None = None
        self.suggester: Suggester | None = None

    def forget(self) -> None:
        self.version = None


def get_suggester() -> "Suggester":
    """The suggester for the loaded dataset version, built on first use."""
    # Imported here: scikit-learn loads only in processes that suggest.
    from policyapi.suggest.corpus import read_corpus
    from policyapi.suggest.model import Suggester

    built: Built = current_app.extensions[EXTENSION_KEY]
    version = dataset_fingerprint()
    with built.lock:
        if built.suggester is None or built.version != version:
            with connect() as conn:
                corpus = read_corpus(conn)
            built.suggester, built.version = Suggester(corpus), version
        return built.suggester


def init_app(app: Flask) -> None:
    built = app.extensions[EXTENSION_KEY] = Built()
    event.listen(get_engine(app), "commit", lambda _conn: built.forget())
