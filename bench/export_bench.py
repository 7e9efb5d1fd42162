"""Benchmark (not a test): stream a large statements export through the real WSGI app.

Builds a scratch database (SQLite in a temporary folder by default, or a throw-away PostgreSQL
database with --postgres), migrates it, loads the real seeds and bulk-inserts synthetic
statements into it; seeds/ is only read. Then it streams /v1/export/statements.csv and .ndjson
through the app's WSGI callable, as a server would, and prints rows/s and resident memory.
The data are generated in a child process, so the streaming process's peak RSS is its own.

    .venv/bin/python bench/export_bench.py [--statements 200000] [--postgres URL]
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlmodel import Session, SQLModel

from werkzeug.test import EnvironBuilder

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policyapi import create_app, migrate  # noqa: E402
from policyapi.db import build_engine  # noqa: E402
from policyapi.seeds.bundle import build_bundle  # noqa: E402
from policyapi.seeds.load import load_bundle  # noqa: E402

INSERT_ROWS = 20_000
SPEAKERS = [None, "ras-baraka", "matthew-albence", "william-barr"]
KINDS = ["narration", "direct_quote", "paraphrase", "direct_quote"]


def rss_kib() -> int:
    """Current resident set size of this process, in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def synthetic_statements(article_id: str, count: int) -> Iterable[dict[str, Any]]:
    now = datetime.now(UTC)
    for i in range(count):
        start = (i * 7) % 5000
        text = (
            f'Statement {i}: "we will not use city resources", said the speaker, '
            f"citing provision N{i % 16 + 1:02d} of the order; ünïcode — ok."
        )
        yield {
            "id": f"bench-{i:07d}",
            "article_id": article_id,
            "speaker_id": SPEAKERS[i % 4],
            "parent_id": None,
            "kind": KINDS[i % 4],
            "role_as_stated": None if i % 4 == 0 else "Mayor",
            "attribution": "said",
            "paragraph": i % 40,
            "start_offset": start,
            "end_offset": start + len(text),
            "text": text,
            "prefix": "the article continues before the ",
            "suffix": " and after it, in the same text.",
            "said_on": "2020-02",
            "said_on_note": None,
            "notes": [] if i % 3 else ["synthetic row for the export benchmark"],
            "created_at": now,
            "updated_at": now,
        }


def generate(url: str, count: int) -> None:
    """Migrate, load the seeds, bulk-insert `count` statements (run in a child process)."""
    migrate.upgrade(url)
    engine = build_engine(url)
    with Session(engine) as session:
        bundle = build_bundle(ROOT / "seeds")
        load_bundle(session, bundle)
    article_id = bundle.tables["articles"][0]["id"]
    table = SQLModel.metadata.tables["statements"]
    started = time.perf_counter()
    with engine.begin() as connection:
        batch: list[dict[str, Any]] = []
        for row in synthetic_statements(article_id, count):
            batch.append(row)
            if len(batch) == INSERT_ROWS:
                connection.execute(sa.insert(table), batch)
                batch = []
        if batch:
            connection.execute(sa.insert(table), batch)
    seconds = time.perf_counter() - started
    print(f"inserted {count:,} statements in {seconds:.1f} s", flush=True)
    engine.dispose()


def stream(app: Any, path: str) -> dict[str, float]:
    """GET `path` through the WSGI callable, reading the body chunk by chunk."""
    environ = EnvironBuilder(path=path, method="GET").get_environ()
    status: list[str] = []
    before = rss_kib()
    peak = before
    body_bytes = lines = chunks = 0
    started = time.perf_counter()
    body = app(environ, lambda s, _h, _e=None: status.append(s))
    try:
        for chunk in body:
            chunks += 1
            body_bytes += len(chunk)
            lines += chunk.count(b"\n")
            if chunks % 20 == 0:
                peak = max(peak, rss_kib())
    finally:
        getattr(body, "close", lambda: None)()
    seconds = time.perf_counter() - started
    assert status and status[0].startswith("200"), status
    return {
        "lines": lines,
        "bytes": body_bytes,
        "seconds": seconds,
        "rss_before": before,
        "rss_peak": max(peak, rss_kib()),
    }


def report(path: str, result: dict[str, float], rows: int) -> None:
    print(
        f"{path:<34} {rows:>9,} rows  {result['seconds']:6.2f} s  "
        f"{rows / result['seconds']:>9,.0f} rows/s  {result['bytes'] / 1e6:7.1f} MB  "
        f"RSS {result['rss_before'] / 1024:.0f} -> {result['rss_peak'] / 1024:.0f} MiB",
        flush=True,
    )


def postgres_scratch(admin_url: str) -> tuple[str, sa.Engine]:
    admin = build_engine(admin_url)
    name = f"policyapi_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    return url, admin


def run(url: str, count: int) -> None:
    subprocess.run([sys.executable, __file__, "--generate", url, str(count)], check=True)
    app = create_app({"DATABASE_URL": url, "RATELIMIT_ENABLED": False})
    with app.app_context():
        engine = app.extensions["policyapi.engine"]
        with engine.connect() as connection:
            rows = connection.execute(sa.text("SELECT count(*) FROM statements")).scalar_one()
    print(f"database: {make_url(url).get_backend_name()}, {rows:,} statements")
    print(f"process RSS after start-up: {rss_kib() / 1024:.0f} MiB")
    for path in ("/v1/export/statements.csv", "/v1/export/statements.ndjson"):
        result = stream(app, path)
        if path.endswith(".ndjson"):  # CSV cells may hold line breaks; NDJSON lines may not
            assert result["lines"] == rows, (result["lines"], rows)
        report(path, result, rows)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak RSS of the streaming process (ru_maxrss): {peak / 1024:.0f} MiB")
    app.extensions["policyapi.engine"].dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=200_000)
    parser.add_argument("--postgres", help="admin URL; benchmark a throw-away database there")
    parser.add_argument("--generate", nargs=2, metavar=("URL", "COUNT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        generate(args.generate[0], int(args.generate[1]))
        return
    if args.postgres:
        url, admin = postgres_scratch(args.postgres)
        try:
            run(url, args.statements)
        finally:
            name = make_url(url).database
            with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
        return
    with tempfile.TemporaryDirectory(prefix="policyapi-bench-") as folder:
        run(f"sqlite:///{os.path.join(folder, 'bench.sqlite3')}", args.statements)


if __name__ == "__main__":
    main()
