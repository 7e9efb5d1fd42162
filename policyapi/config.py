"""Configuration defaults; every key can be overridden by a POLICYAPI_* environment variable."""

import os


class Config:
    """Defaults for every environment; `create_app` layers env vars and overrides on top."""

    API_TITLE = "policyapi"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.1.0"
    OPENAPI_URL_PREFIX = "/"
    OPENAPI_JSON_PATH = "openapi.json"
    OPENAPI_SWAGGER_UI_PATH = "docs"
    # Swagger UI from our own origin (policyapi/site/docs.py); a CDN URL works as well.
    OPENAPI_SWAGGER_UI_URL = "/docs/assets/"
    OPENAPI_REDOC_PATH = None

    # None means "SQLite file in the instance folder"; resolved in create_app.
    DATABASE_URL: str | None = os.environ.get("DATABASE_URL")
    # Signs pagination cursors. No default anyone could guess: unset, create_app gives a
    # process a random key (gunicorn_conf.py one per server start, shared by its workers),
    # TESTING a fixed one, and production refuses to start.
    SECRET_KEY: str | None = None

    PAGE_SIZE_DEFAULT = 50
    PAGE_SIZE_MAX = 500
    CACHE_MAX_AGE = 300
    # Absolute URLs in responses are built from the request unless this is set
    # (e.g. "https://api.example.org" behind a proxy).
    PUBLIC_BASE_URL: str | None = None
    SEEDS_PATH: str | None = None
    # Proxies in front whose X-Forwarded-For is believed (web/proxy.py); `policyapi serve`
    # sets 1 for its nginx unless told otherwise.
    TRUSTED_PROXIES = 0

    # Seconds of database work a request may do (PostgreSQL statement_timeout and lock_timeout,
    # SQLite a progress handler); past it the answer is a 503 saying the query was too expensive.
    STATEMENT_TIMEOUT = 5.0
    # Seconds a request's connection may sit idle inside a transaction before PostgreSQL ends
    # it (a stuck worker never holds locks or snapshots for long); 0 turns it off.
    IDLE_IN_TRANSACTION_TIMEOUT = 30.0
    # PostgreSQL parallel workers a request's query may add (max_parallel_workers_per_gather).
    # 0: each request's work stays in its own backend, on one core, and stops at once when over
    # its budget. Under 8 connections of dear searches at 1M statements (bench/attacks.py) the
    # parallel workers of four searches crowded 2 cores: an unrelated client's p99 was 430 ms
    # and a search stopped 3.8 s past its budget; with 0, 100 ms and 0.2 s. The price: an
    # uncached common-word search ranks in 1.6 s instead of 1.2 s on an idle machine.
    QUERY_PARALLEL_WORKERS = 0
    # Searches (ranking, matching q, suggesting) and whole downloads (exports, collections as
    # CSV or NDJSON) one worker process runs at once; one more is a 503 at once (web/slots.py),
    # so they never hold every thread. `policyapi serve` sets a half and a quarter of its
    # --threads; 0 turns a cap off.
    SEARCH_CONCURRENCY = 2
    DOWNLOAD_CONCURRENCY = 1
    # Seconds a job (seed load, releases prune) waits for another writer's lock, then fails.
    LOCK_WAIT_TIMEOUT = 30.0
    # Seconds a job may use a PostgreSQL connection before the server is asked, on a new
    # connection, whether it still answers (then again as often); silent, the job is stopped.
    # 0 turns the checks off.
    JOB_LIVENESS_CHECK = 10.0
