"""Production gunicorn settings; `policyapi serve` and the Dockerfile use this file.

Bind, workers and threads come from the command line.
"""

import gc
import os
import secrets
import shutil
import sys
import tempfile
from pathlib import Path

import gunicorn.http.wsgi

worker_class = "gthread"
# A worker that stops checking in for this long (hung, not just busy: gthread's main loop keeps
# checking in while its threads serve requests) is killed and restarted.
timeout = 30
graceful_timeout = 20
keepalive = 5
# Huge requests are refused with a 400 before the app sees them: the request line and headers
# are capped. A client that sends its headers slowly holds one thread, never the worker: the
# other threads (and workers) keep serving (tests/test_request_limits.py shows it).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
proc_name = "policyapi"
# gunicorn writes `Server: gunicorn` into every response from this module constant: name the
# service instead, so responses reveal neither the server software nor its version.
gunicorn.http.wsgi.SERVER = "policyapi"
# No runtime management socket: nothing needs it, and every server on a host would share its
# default path ($HOME/.gunicorn/gunicorn.ctl).
control_socket_disable = True
accesslog = "-"
errorlog = "-"


def _share_one_secret_key() -> None:
    """Without POLICYAPI_SECRET_KEY, sign cursors with a random key made once for this start.

    This file runs in the master before any worker forks, so every worker inherits the key and
    a cursor one worker signs verifies in the others. It changes at every start (links from
    before a restart are refused with a 400): set POLICYAPI_SECRET_KEY to keep cursors valid
    across restarts and hosts. Production never gets one made up: it refuses to start instead.
    """
    if (
        os.environ.get("POLICYAPI_SECRET_KEY")
        or os.environ.get("POLICYAPI_ENV_NAME") == "production"
    ):
        return
    os.environ["POLICYAPI_SECRET_KEY"] = secrets.token_urlsafe(32)
    print(
        "policyapi: POLICYAPI_SECRET_KEY is not set; cursors are signed with a random key "
        "made for this start (set one to keep page links valid across restarts)",
        file=sys.stderr,
    )


_share_one_secret_key()

# The rate-limit counters this file made for this start (None when the operator chose a store).
_COUNTERS_DIR: Path | None = None


def _share_ratelimit_counters() -> None:
    """Without a configured store, let every worker count in one SQLite file of this start.

    In-memory counters are per worker: a client would get workers × its quota, and
    RateLimit-Remaining would jump between workers. Redis (POLICYAPI_RATELIMIT_STORAGE_URI)
    shares them between hosts too; this file is for one host without it.
    """
    global _COUNTERS_DIR
    if os.environ.get("POLICYAPI_RATELIMIT_STORAGE_URI"):
        return
    _COUNTERS_DIR = Path(tempfile.mkdtemp(prefix="policyapi-ratelimit-"))
    path = _COUNTERS_DIR / "counters.sqlite3"
    os.environ["POLICYAPI_RATELIMIT_STORAGE_URI"] = f"policyapi-sqlite://{path}"


_share_ratelimit_counters()


def on_exit(server: object) -> None:
    """Remove the rate-limit counters made for this start."""
    if _COUNTERS_DIR is not None:
        shutil.rmtree(_COUNTERS_DIR, ignore_errors=True)


def post_worker_init(worker: object) -> None:
    """Keep the loaded app's objects out of the garbage collector's full passes.

    Routes, schemas and SQLAlchemy metadata live as long as the worker; without this, every
    full collection walks them all again (about 0.5 ms per 50-item page on average).
    """
    gc.freeze()
