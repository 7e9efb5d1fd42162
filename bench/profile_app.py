"""Where one request's time goes: our app against the floors, in-process, per route.

Each WSGI app is called directly (no gunicorn, no sockets, one thread), so the numbers are the
application's own cost per request, in microseconds: ours as configured for production (rate
limiter on, response cache on or off as the route needs) against the bare-Flask ceiling and
the hand-written floor answering the same route on the same synthetic SQLite file.

    .venv/bin/python bench/profile_app.py                       # the table
    .venv/bin/python bench/profile_app.py --tree "provision detail"   # and its pyinstrument tree

Under load the server's own costs (gunicorn, sockets, wrk on the same cores) come on top; a
sampling profile of a worker shows those: `py-spy record -p <worker pid> -d 5 -f raw` while
`make bench` (or wrk) runs.
"""

import argparse
import os
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]

from werkzeug.test import EnvironBuilder  # noqa: E402

from bench import harness as h  # noqa: E402
from bench.run import sample_ids  # noqa: E402
from policyapi.synth.words import COMMON_TERM, RARE_TERM  # noqa: E402

App = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def _environ(path: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
    builder = EnvironBuilder(path=path, headers=headers or {}, base_url="http://127.0.0.1:8000")
    return builder.get_environ()


def per_request_us(app: App, environ: dict[str, Any], requests: int) -> float:
    """Mean wall time of one request through `app`, after a warm-up, in microseconds."""

    def start_response(*_args: Any) -> None:
        return None

    for _ in range(max(50, requests // 20)):
        b"".join(app(dict(environ), start_response))
    started = time.perf_counter()
    for _ in range(requests):
        b"".join(app(dict(environ), start_response))
    return (time.perf_counter() - started) / requests * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=2000, help="per route and app")
    parser.add_argument("--tree", help="print the pyinstrument tree of our side of this route")
    args = parser.parse_args()

    sqlite_path = h.ensure_sqlite(args.documents, args.statements)
    url = f"sqlite:///{sqlite_path}"
    os.environ["DATABASE_URL"] = url  # the floor reads it at import
    import floor_flask
    import floor_raw

    from policyapi import create_app

    ids = sample_ids(sqlite_path, url, args.statements)
    production = {"DATABASE_URL": url, "SECRET_KEY": h.SECRET, "RATELIMIT_ENABLED": True,
                  "RATELIMIT_DEFAULT": "100000000 per minute"}  # fmt: skip
    cached = create_app(production)
    uncached = create_app({**production, "RESPONSE_CACHE_BYTES": 0})
    provision = f"/v1/provisions/{ids['provision']}"
    headers: list[tuple[str, str]] = []
    b"".join(cached(_environ(provision), lambda _status, sent, *_: headers.extend(sent)))
    etag = dict(headers)["ETag"]
    routes: list[tuple[str, App, dict[str, Any], App, dict[str, Any]]] = [
        ("304 Not Modified", cached, _environ(provision, {"If-None-Match": etag}),
         floor_flask.app, _environ("/json")),
        ("cached provision detail", cached, _environ(provision),
         floor_flask.app, _environ(f"/json/{ids['size_provision']}")),
        ("provision detail", uncached, _environ(provision), floor_raw.app, _environ(provision)),
        ("statements page of 20", uncached, _environ("/v1/statements?page_size=20"),
         floor_raw.app, _environ("/v1/statements?page_size=20")),
        ("search, rare term", uncached, _environ(f"/v1/search?q={RARE_TERM}&page_size=20"),
         floor_raw.app, _environ(f"/search?q={RARE_TERM}")),
        ("search, common term", uncached, _environ(f"/v1/search?q={COMMON_TERM}&page_size=20"),
         floor_raw.app, _environ(f"/search?q={COMMON_TERM}")),
    ]  # fmt: skip
    print("| route | ours µs | floor µs | floor/ours |\n|---|---:|---:|---:|")
    for name, ours, our_environ, floor, floor_environ in routes:
        requests = args.requests if "common" not in name else max(20, args.requests // 100)
        mine = per_request_us(ours, our_environ, args.requests)
        theirs = per_request_us(floor, floor_environ, requests)
        print(f"| {name} | {mine:,.0f} | {theirs:,.0f} | {theirs / mine:.2f} |")
        if args.tree == name:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0001)
            with profiler:
                per_request_us(ours, our_environ, args.requests)
            print(profiler.output_text(unicode=False, color=False))


if __name__ == "__main__":
    main()
