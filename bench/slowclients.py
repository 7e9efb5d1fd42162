"""Victims' latency during a slowloris, with nginx in front (`policyapi serve`) and without.

    .venv/bin/python bench/slowclients.py [--idle 40] [--slow 40] [--requests 40] [--timeout 5]

For each mode it starts `policyapi serve` (2 workers x 4 threads, as by default) on a free port
against a freshly seeded SQLite file, times `--requests` victim requests one after another with
nobody else connected, then again while `--idle` silent sockets and `--slow` sockets sending one
header line every 2 s are open (tests/slowclients.py). A victim request that gets no answer
within `--timeout` seconds counts as failed (status 0) at that time. Prints answered/total,
p50, p99 and the maximum per run. Rate limits stay on, raised above what the victim sends.
"""

import argparse
import sys
import tempfile
from pathlib import Path

from sqlmodel import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policyapi import migrate  # noqa: E402
from policyapi.db import build_engine  # noqa: E402
from policyapi.seeds.bundle import build_bundle  # noqa: E402
from policyapi.seeds.load import load_bundle  # noqa: E402
from tests.served import policyapi_serve  # noqa: E402
from tests.slowclients import slowloris, victim  # noqa: E402

ENV = {"POLICYAPI_RATELIMIT_DEFAULT": "10000000 per minute"}


def seed(url: str) -> None:
    migrate.upgrade(url)
    engine = build_engine(url)
    with Session(engine) as session:
        load_bundle(session, build_bundle(ROOT / "seeds"))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--idle", type=int, default=40)
    parser.add_argument("--slow", type=int, default=40)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--timeout", type=float, default=5.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="policyapi-slowclients-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        seed(url)
        for proxy in (True, False):
            name = "nginx + gunicorn" if proxy else "gunicorn alone"
            with policyapi_serve(url, proxy=proxy, workers=2, threads=4, env=ENV) as served:
                victim(served.base_url, 10, args.timeout)  # warm-up
                quiet = victim(served.base_url, args.requests, args.timeout)
                print(f"{name:17} quiet:          {quiet.summary()}", flush=True)
                with slowloris(served.port, idle=args.idle, slow=args.slow):
                    attacked = victim(served.base_url, args.requests, args.timeout)
                label = f"{args.idle} idle + {args.slow} slow:"
                print(f"{name:17} {label:15} {attacked.summary()}", flush=True)


if __name__ == "__main__":
    main()
