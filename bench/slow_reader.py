"""A stalled export download against `seed load` on a copy of a (synthetic) SQLite database.

    python bench/slow_reader.py SOURCE.sqlite3 WORKDIR [--journal delete|wal]

Copies SOURCE, starts /v1/export/statements.csv in-process, reads two chunks and stalls
(as a client reading at a few bytes a second would), then runs `policyapi seed load` in a
subprocess while a prober asks /v1/statements?page_size=5 every 0.2 s. Prints how long the
load took, how it ended, and the probes' statuses. Run it with PYTHONPATH pointing at another
checkout to measure that code (the before/after numbers of issue 18).
"""

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from policyapi import create_app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("source")
    parser.add_argument("workdir")
    parser.add_argument("--journal", choices=["delete", "wal"])
    args = parser.parse_args()
    db = Path(args.workdir) / "db.sqlite3"
    shutil.copy(args.source, db)
    if args.journal:
        with sqlite3.connect(db) as conn:
            conn.execute(f"PRAGMA journal_mode={args.journal}")
    url = f"sqlite:///{db}"
    app = create_app({"TESTING": True, "DATABASE_URL": url, "RATELIMIT_ENABLED": False})
    reader = app.test_client().get("/v1/export/statements.csv", buffered=False)
    body = iter(reader.response)
    stalled_bytes = len(next(body)) + len(next(body))
    statuses: Counter[int] = Counter()
    stop = threading.Event()

    def probe() -> None:
        client = app.test_client()
        while not stop.is_set():
            statuses[client.get("/v1/statements?page_size=5").status_code] += 1
            time.sleep(0.2)

    prober = threading.Thread(target=probe, daemon=True)
    prober.start()
    started = time.monotonic()
    load = subprocess.run(
        [sys.executable, "-c", "from policyapi.console import main; main()", "seed", "load"],
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.monotonic() - started
    stop.set()
    prober.join()
    rest = b"".join(body)
    reader.close()
    last = (load.stdout + load.stderr).strip().splitlines()[-1]
    print(f"reader stalled after {stalled_bytes} bytes")
    print(f"load exit {load.returncode} in {elapsed:.1f} s")
    print(f"load said: {last}")
    print(f"probes during the load: {dict(statuses)}")
    print(f"reader then got {len(rest)} more bytes; last line: {rest.splitlines()[-1][:100]!r}")


if __name__ == "__main__":
    main()
