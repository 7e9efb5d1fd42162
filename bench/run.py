"""Side-by-side benchmark: the API against a bare-Flask ceiling, a hand-written floor and Datasette.

    .venv/bin/python bench/run.py            # or: make bench

Builds (once, cached in bench/.data/) a 1M-statement synthetic dataset on SQLite and the same
data in a PostgreSQL database, starts every server under gunicorn's production settings
(2 workers x 4 threads; Datasette on 2 uvicorn workers): a bare Flask JSON route, the
hand-written floor (raw driver + dicts + orjson), Datasette on the same SQLite file, and the API
with and without its response cache. Each scenario's sides then run back to back under wrk
(-c16, `Connection: close`), three rounds in turn, and each side keeps its median run. It prints
one table per engine (req/s, p50, p99, ratios to the floor and to Datasette) and writes the
results to bench/results/.
"""

import argparse
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness as h  # noqa: E402
from policyapi.search.tokens import term_of  # noqa: E402
from policyapi.synth.words import COMMON_TERM, RARE_TERM  # noqa: E402

# Statements holding a term, from the search index's postings (terms are stemmed: term_of).
MATCHES = "SELECT count(*) FROM search_index_terms WHERE kind = 'statement' AND term ="
PORTS = {"flask": 8101, "raw": 8102, "datasette": 8103, "ours": 8104, "ours-cached": 8105,
         "ours-nolimit": 8106, "ours-cached-nolimit": 8107}  # fmt: skip
# Our servers: with or without the response cache, with or without the rate limiter.
OURS = ("ours", "ours-cached", "ours-nolimit", "ours-cached-nolimit")


@dataclass
class Scenario:
    name: str
    ours: str  # path on our server
    server: str = "ours"  # one of OURS
    headers: list[str] = field(default_factory=list)  # "{etag}": that server's ETag of `ours`
    floor: tuple[str, str] | None = None  # (server, path)
    peer: str | None = None  # path on Datasette
    baseline: str | None = None  # another path on our server, measured alongside for a ratio
    target: str = ""


def scenarios(ids: dict[str, str]) -> list[Scenario]:
    p3, last = ids["provision"], ids["last_cursor"]
    return [
        Scenario("304 Not Modified", f"/v1/provisions/{p3}", "ours-cached",
                 ["If-None-Match: {etag}"], ("flask", "/json"), target=">= 0.8 x bare Flask"),
        Scenario("304, rate limiter off", f"/v1/provisions/{p3}", "ours-cached-nolimit",
                 ["If-None-Match: {etag}"], ("flask", "/json"), target="(what bounds the above)"),
        Scenario("cached statements page of 20", "/v1/statements?page_size=20", "ours-cached",
                 floor=("flask", f"/json/{ids['size_page20']}"),
                 target=">= 0.8 x bare Flask, same size"),
        Scenario("cached provision detail", f"/v1/provisions/{p3}", "ours-cached",
                 floor=("flask", f"/json/{ids['size_provision']}"),
                 target=">= 0.8 x bare Flask, same size"),
        Scenario("cached provision detail, rate limiter off", f"/v1/provisions/{p3}",
                 "ours-cached-nolimit", floor=("flask", f"/json/{ids['size_provision']}"),
                 target="(what bounds the above)"),
        Scenario("provision detail", f"/v1/provisions/{p3}", floor=("raw", f"/v1/provisions/{p3}"),
                 peer=f"/bench/provisions/{p3}.json", target=">= 0.5 x floor"),
        Scenario("provision detail, rate limiter off", f"/v1/provisions/{p3}", "ours-nolimit",
                 floor=("raw", f"/v1/provisions/{p3}"), target="(what bounds the above)"),
        Scenario("provision's citing statements", f"/v1/provisions/{p3}/statements?page_size=20",
                 floor=("raw", f"/v1/provisions/{p3}/statements?page_size=20")),
        Scenario("statements page of 20", "/v1/statements?page_size=20",
                 floor=("raw", "/v1/statements?page_size=20"),
                 peer="/bench/statements.json?_size=20", target=">= 1.0 x Datasette"),
        Scenario("filtered statements page of 50", "/v1/statements?page_size=50&kind=direct_quote",
                 floor=("raw", "/v1/statements?page_size=50&kind=direct_quote"),
                 peer="/bench/statements.json?_size=50&kind=direct_quote",
                 target=">= 0.25 x floor"),
        Scenario("first cursor page of 50", "/v1/statements?page_size=50",
                 floor=("raw", "/v1/statements?page_size=50")),
        Scenario("last cursor page of 50", f"/v1/statements?page_size=50&cursor={last}",
                 floor=("raw", f"/v1/statements?page_size=50&after={ids['last_after']}"),
                 peer=f"/bench/statements.json?_size=20&_next={ids['deep_next']}",
                 baseline="/v1/statements?page_size=50", target="within 1.1 x first page"),
        Scenario(f"search, common term ({ids['common_share']})",
                 f"/v1/search?q={COMMON_TERM}&page_size=20",
                 floor=("raw", f"/search?q={COMMON_TERM}"),
                 peer=f"/bench/search_index.json?_search={COMMON_TERM}&_size=20",
                 target="p99 < 100 ms, >= 10 x naive"),
        Scenario(f"search, rare term ({ids['rare_hits']} hits)",
                 f"/v1/search?q={RARE_TERM}&page_size=20",
                 floor=("raw", f"/search?q={RARE_TERM}"),
                 peer=f"/bench/search_index.json?_search={RARE_TERM}&_size=20",
                 target=">= 1.0 x floor (naive)"),
        Scenario("single statement", f"/v1/statements/{ids['statement']}",
                 peer=f"/bench/statements/{ids['statement']}.json"),
    ]  # fmt: skip


def sample_ids(sqlite_path: Path, app_url: str, statements: int) -> dict[str, str]:
    """Ids and cursors the scenarios use, read from the SQLite copy (same data on both)."""
    import base64

    import orjson

    from policyapi import create_app
    from policyapi.web import cursors
    from policyapi.web.endpoints import Endpoint

    one = lambda sql: h.sqlite_one(sqlite_path, sql)  # noqa: E731
    provision = one(
        "SELECT provision_id FROM citations WHERE provision_id IS NOT NULL GROUP BY provision_id "
        "HAVING count(DISTINCT statement_id) = 3 ORDER BY provision_id LIMIT 1"
    )
    keys = "article_id, start_offset, id"
    with sqlite3.connect(sqlite_path) as conn:
        before_last = conn.execute(
            f"SELECT {keys} FROM statements ORDER BY {keys} DESC LIMIT 1 OFFSET 50"
        ).fetchone()
    deep = one("SELECT id FROM statements ORDER BY id DESC LIMIT 1 OFFSET 20")
    app = create_app({"DATABASE_URL": app_url, "SECRET_KEY": h.SECRET, "RATELIMIT_ENABLED": False})
    # Bound to its query: /v1/statements with no filters (page_size is not bound).
    unfiltered = cursors.query_digest([("", "/v1/statements")])
    last_cursor = cursors.encode(
        h.SECRET, Endpoint.STATEMENTS, "after", list(before_last), unfiltered
    )
    # Bare-Flask routes of the same sizes as the answers measured from the response cache.
    client = app.test_client()
    size_provision = len(client.get(f"/v1/provisions/{provision}").data)
    size_page20 = len(client.get("/v1/statements?page_size=20").data)
    common = int(one(f"{MATCHES} '{term_of(COMMON_TERM)}'"))  # type: ignore[call-overload]
    return {
        "provision": str(provision),
        "statement": str(one("SELECT id FROM statements ORDER BY id LIMIT 1 OFFSET 1000")),
        "last_cursor": last_cursor,
        "size_provision": str(size_provision),
        "size_page20": str(size_page20),
        "last_after": base64.urlsafe_b64encode(orjson.dumps(list(before_last))).decode(),
        "deep_next": str(deep),
        "common_share": f"{100 * common / statements:.1f} % of statements",
        "rare_hits": str(one(f"{MATCHES} '{term_of(RARE_TERM)}'")),
    }  # fmt: skip


def _our_env(url: str, mode: str) -> dict[str, str]:
    env = {
        "DATABASE_URL": url,
        "POLICYAPI_ENV_NAME": "production",
        "POLICYAPI_SECRET_KEY": h.SECRET,
        # The limiter still runs (its cost is part of every request) but never blocks wrk.
        "POLICYAPI_RATELIMIT_DEFAULT": "100000000 per minute",
        # Searching has its own, tighter quota (60 a minute): wrk's searches were 429s.
        "POLICYAPI_RATELIMIT_SEARCH": "100000000 per minute",
    }
    if "cached" not in mode:
        env["POLICYAPI_RESPONSE_CACHE_BYTES"] = "0"
    if mode.endswith("nolimit"):
        env["POLICYAPI_RATELIMIT_ENABLED"] = "false"
    return env


def _measure_export(base: str, rows: int) -> dict[str, Any]:
    """Stream the whole statements CSV export once; rows/s and the workers' peak RSS growth."""
    import urllib.error
    import urllib.request

    probe = urllib.request.Request(base + "/v1/export/statements.csv", method="HEAD")
    try:
        urllib.request.urlopen(probe, timeout=30).close()
    except urllib.error.HTTPError:
        return {"available": False}
    workers = _worker_pids(PORTS["ours"])
    before = sum(_rss_kb(pid) for pid in workers)
    peak = [before]
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], sum(_rss_kb(pid) for pid in workers))
            time.sleep(0.2)

    threading.Thread(target=watch, daemon=True).start()
    started, size = time.perf_counter(), 0
    with urllib.request.urlopen(base + "/v1/export/statements.csv", timeout=600) as response:
        while chunk := response.read(1 << 20):
            size += len(chunk)
    seconds = time.perf_counter() - started
    done.set()
    result = {
        "available": True,
        "rows": rows,
        "seconds": round(seconds, 2),
        "bytes": size,
        "rows_per_s": round(rows / seconds),
        "rss_growth_mb": round((peak[0] - before) / 1024, 1),
    }
    h.log(f"  export: {result}")
    return result


def _worker_pids(port: int) -> list[int]:
    out = subprocess.run(["ss", "-Hltnp", f"sport = :{port}"], capture_output=True, text=True)
    return sorted({int(p) for p in re.findall(r"pid=(\d+)", out.stdout)})


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _start_shared(stack: ExitStack, sqlite_url: str) -> None:
    """The servers every engine is compared with: bare Flask and Datasette (on SQLite)."""
    flask = h.gunicorn("floor_flask:app", PORTS["flask"], h.BENCH)
    stack.enter_context(h.server("flask", flask, {}, f"http://127.0.0.1:{PORTS['flask']}/json"))
    datasette = h.ensure_datasette()
    # Datasette names a database after its file: serve the data as "bench".
    link = h.DATA / "bench.sqlite3"
    link.unlink(missing_ok=True)
    link.symlink_to(Path(sqlite_url.removeprefix("sqlite:///")))
    env = {"BENCH_SQLITE": str(link), "BENCH_INSPECT": str(h.ensure_inspect(datasette, link))}
    argv = [datasette.parent / "uvicorn", "--factory", "--app-dir", h.BENCH, "--workers", "2",
            "--port", str(PORTS["datasette"]), "datasette_app:create"]  # fmt: skip
    ready = f"http://127.0.0.1:{PORTS['datasette']}/bench.json"
    stack.enter_context(h.server("datasette", argv, env, ready))


def measure_engine(
    engine: str, url: str, ids: dict[str, str], args: argparse.Namespace
) -> dict[str, Any]:
    """Start the engine's floor and our two servers, then measure every scenario.

    Each scenario's sides (ours, its floor, Datasette) run back to back, `rounds` times in
    turn, and each side keeps its median run: on a shared machine the load drifts, and this
    keeps the sides of one ratio under about the same load.
    """
    out: dict[str, Any] = {"floor": {}, "ours": {}, "peer": {}, "runs": []}
    with ExitStack() as stack:
        raw = h.gunicorn("floor_raw:app", PORTS["raw"], h.BENCH)
        ready = f"http://127.0.0.1:{PORTS['raw']}/v1/provisions/{ids['provision']}"
        stack.enter_context(h.server(f"floor-{engine}", raw, {"DATABASE_URL": url}, ready))
        for mode in OURS:
            ours = h.gunicorn("policyapi.wsgi:app", PORTS[mode])
            env = _our_env(url, mode)
            ready = f"http://127.0.0.1:{PORTS[mode]}/healthz"
            stack.enter_context(h.server(f"{mode}-{engine}", ours, env, ready))
        plan = [s for s in scenarios(ids) if not args.only or any(o in s.name for o in args.only)]
        # A common word's first search ranks all its matches; later pages and repeats reuse that.
        started = time.perf_counter()
        h.fetch(_url("ours", f"/v1/search?q={COMMON_TERM}&page_size=20"))
        out["search_first_ms"] = round((time.perf_counter() - started) * 1000, 1)
        for s in plan:
            ours_url = _url(s.server, s.ours)
            if any("{etag}" in header for header in s.headers):
                etag = h.fetch(ours_url)[1]["ETag"]
                s.headers = [header.replace("{etag}", etag) for header in s.headers]
            sides: dict[str, tuple[str, list[str]]] = {"ours": (ours_url, s.headers)}
            if s.floor:
                sides["floor"] = (_url(s.floor[0], s.floor[1]), [])
            if s.peer:
                sides["peer"] = (_url("datasette", s.peer), [])
            if s.baseline:
                sides["baseline"] = (_url(s.server, s.baseline), [])
            # Not measured: one second per side warms every worker's caches (ours, the floor's
            # and Datasette's alike); the first request's cost is reported on its own.
            for target, headers in sides.values():
                h.wrk(target, 1, args.connections, headers)
            runs: dict[str, list[h.Measure]] = {side: [] for side in sides}
            for _ in range(args.rounds):
                for side, (target, headers) in sides.items():
                    runs[side].append(h.wrk(target, args.duration, args.connections, headers))
            out["runs"].append({"scenario": s.name, **runs})
            out["ours"][s.name] = h.median(runs["ours"])
            if s.floor:
                out["floor"][str(s.floor)] = h.median(runs["floor"])
            if s.peer:
                out["peer"][s.peer] = h.median(runs["peer"])
            if s.baseline:
                out.setdefault("baseline", {})[s.name] = h.median(runs["baseline"])
        for path in ("/json", "/bytes"):
            out["floor"][str(("flask", path))] = h.median(
                [h.wrk(_url("flask", path), args.duration, args.connections)]
            )
        if not args.skip_export:
            out["export"] = _measure_export(f"http://127.0.0.1:{PORTS['ours']}", args.statements)
    return out


def _url(server: str, path: str) -> str:
    port = PORTS["datasette" if server == "peer" else server]
    return f"http://127.0.0.1:{port}{path}"


def _ratio(a: h.Measure | None, b: h.Measure | None) -> str:
    return f"{a.rps / b.rps:.2f}" if a and b and b.rps else "–"


def table(engine: str, results: dict[str, Any], ids: dict[str, str]) -> str:
    lines = [
        f"\n### {engine}\n",
        "| scenario | req/s | p50 ms | p99 ms | floor req/s | ours/floor | Datasette req/s "
        "| ours/Datasette | target | load |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for s in scenarios(ids):
        ours = results["ours"].get(s.name)
        if ours is None:
            continue
        floor = results["floor"].get(str(s.floor)) if s.floor else None
        peer = results["peer"].get(s.peer) if s.peer else None
        cells = [s.name, f"{ours.rps:,.0f}", f"{ours.p50_ms:.1f}", f"{ours.p99_ms:.1f}",
                 f"{floor.rps:,.0f}" if floor else "–", _ratio(ours, floor),
                 f"{peer.rps:,.0f}" if peer else "–", _ratio(ours, peer), s.target,
                 f"{ours.load:.1f}"]  # fmt: skip
        if ours.errors:
            cells[0] += f" ({ours.errors} errors)"
        lines.append("| " + " | ".join(cells) + " |")
    # The first page as measured in the same rounds as the last one.
    first = results.get("baseline", {}).get("last cursor page of 50")
    last = results["ours"].get("last cursor page of 50")
    if first and last:
        lines.append(f"\nlast/first cursor page p50: {last.p50_ms / first.p50_ms:.2f}x, "
                     f"req/s first/last: {first.rps / last.rps:.2f}x")  # fmt: skip
    if "search_first_ms" in results:
        lines.append(f"common-term search, first request on a fresh server (ranks every match): "
                     f"{results['search_first_ms']} ms")  # fmt: skip
    export = results.get("export")
    if export and export.get("available"):
        lines.append(
            f"export of {export['rows']:,} statements as CSV: {export['seconds']} s, "
            f"{export['rows_per_s']:,} rows/s, workers' RSS growth {export['rss_growth_mb']} MB"
        )
    flask = results["floor"].get(str(("flask", "/json")))
    raw_bytes = results["floor"].get(str(("flask", "/bytes")))
    if flask and raw_bytes:
        lines.append(
            f"bare Flask 10 KB JSON: {flask.rps:,.0f} req/s; "
            f"pre-encoded bytes: {raw_bytes.rps:,.0f} req/s"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="runs per side; the median counts")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument(
        "--postgres-admin-url",
        default=os.environ.get(
            "BENCH_POSTGRES_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument("--skip-export", action="store_true")
    parser.add_argument(
        "--only",
        type=lambda value: value.split(","),
        default=[],
        help="the scenarios whose names contain one of these, comma-separated",
    )
    args = parser.parse_args()  # fmt: skip
    # Stopped from outside, still stop every server this run started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    sqlite_path = h.ensure_sqlite(args.documents, args.statements)
    urls = {"sqlite": f"sqlite:///{sqlite_path}"}
    engines = args.engines.split(",")
    if "postgresql" in engines:
        urls["postgresql"] = h.ensure_postgres(
            args.postgres_admin_url, "policyapi_bench", args.documents, args.statements
        )
    ids = sample_ids(sqlite_path, urls["sqlite"], args.statements)
    report = [f"load average at start: {os.getloadavg()[0]:.2f} (2 cores; lower is quieter)"]
    everything: dict[str, Any] = {"ids": ids, "args": vars(args)}
    with ExitStack() as shared:
        _start_shared(shared, urls["sqlite"])
        for engine in engines:
            results = measure_engine(engine, urls[engine], ids, args)
            everything[engine] = results
            report.append(table(engine, results, ids))
    report.append(f"\nload average at end: {os.getloadavg()[0]:.2f}")
    text = "\n".join(report)
    print(text)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    h.save(everything, f"{stamp}.json")
    (h.BENCH / "results" / f"{stamp}.md").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
