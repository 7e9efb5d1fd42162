"""Bounded load run: gunicorn (production settings) under wrk, mixed endpoints, no errors allowed.

    .venv/bin/python bench/load.py [--database-url URL] [--duration 60] [--connections 64]

Starts gunicorn with policyapi/gunicorn_conf.py (2 workers x 4 threads, as `policyapi serve`) on
a free port of 127.0.0.1 against a freshly migrated and seeded database (a temporary SQLite file
unless --database-url names a PostgreSQL database to fill), warms it up, then drives it twice
in a row with wrk over ~200 different URLs (collections with filters and page sizes, items,
relations, search, next-page cursors, conditional requests). It prints req/s, latency
percentiles, the number of non-2xx/3xx answers and socket errors, and the resident memory of
every worker before the first run and after each run. It exits non-zero if any answer was
neither 2xx nor 3xx. Rate limits stay on, raised above what one client sends here.
Needs wrk (`apt-get install wrk`).
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from sqlmodel import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policyapi import migrate  # noqa: E402
from policyapi.db import build_engine  # noqa: E402
from policyapi.seeds.bundle import build_bundle  # noqa: E402
from policyapi.seeds.load import load_bundle  # noqa: E402

LISTENING = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+)")
WORKER = re.compile(r"Booting worker with pid: (\d+)")
DOC = "newark-fair-welcoming-2017"
ARTICLE = "nj1015-baraka-barr-sanctuary-2020"
SPEAKERS = ["ras-baraka", "william-barr", "matthew-albence"]
TOPICS = ["warrants", "detainers", "confidentiality", "non-cooperation", "facility-access"]
RELATIONS = ["describes", "defends", "criticizes", "mentions"]
WORDS = ["warrant", "sanctuary", "immigration", "police", "court", "fear", "city", "detainer"]


def seed(url: str) -> None:
    migrate.upgrade(url)
    engine = build_engine(url)
    with Session(engine) as session:
        load_bundle(session, build_bundle(ROOT / "seeds"))
    engine.dispose()


def start_gunicorn(url: str, log_path: Path) -> tuple[subprocess.Popen[bytes], int]:
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": url,
        "POLICYAPI_SECRET_KEY": "load-test-secret",
        "POLICYAPI_RATELIMIT_DEFAULT": "10000000 per minute",
        "PYTHONUNBUFFERED": "1",
    }
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                "python:policyapi.gunicorn_conf",
                "--bind",
                "127.0.0.1:0",
                "--workers",
                "2",
                "--threads",
                "4",
                "--access-logfile",
                "/dev/null",
                "policyapi.wsgi:app",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        match = LISTENING.search(log_path.read_text(errors="replace"))
        if match and len(WORKER.findall(log_path.read_text(errors="replace"))) >= 2:
            return process, int(match.group(1))
        time.sleep(0.1)
    process.kill()
    raise SystemExit(f"gunicorn did not start:\n{log_path.read_text(errors='replace')}")


def get(base: str, path: str) -> dict[str, object]:
    with urllib.request.urlopen(base + path, timeout=30) as response:
        body: dict[str, object] = json.load(response)
    return body


def build_paths(base: str) -> list[str]:
    """About 200 mixed request targets, next-page cursors included."""
    paths = ["/", "/v1/meta", "/healthz", "/readyz", f"/v1/documents/{DOC}"]
    for size in (1, 2, 5, 10, 20, 50):
        paths += [
            f"/v1/{name}?page_size={size}"
            for name in ("provisions", "statements", "citations", "topics", "speakers")
        ]
    for number in range(1, 17):
        paths.append(f"/v1/provisions/{DOC}-n{number:02d}")
        paths.append(f"/v1/provisions/{DOC}-n{number:02d}/statements")
        paths.append(f"/v1/documents/{DOC}/provisions/sec_{number}")
    for number in range(1, 28):
        paths.append(f"/v1/statements/{ARTICLE}-s{number:02d}")
        paths.append(f"/v1/statements/{ARTICLE}-s{number:02d}/provisions")
    paths += [f"/v1/topics/{topic}/provisions" for topic in TOPICS]
    paths += [f"/v1/provisions?topic={topic}" for topic in TOPICS]
    paths += [f"/v1/speakers/{speaker}/statements" for speaker in SPEAKERS]
    paths += [f"/v1/statements?relation={relation}" for relation in RELATIONS]
    paths += [f"/v1/citations?relation={relation}&page_size=5" for relation in RELATIONS]
    paths += [f"/v1/search?q={word}" for word in WORDS]
    paths += [f"/v1/search?q={word}&type=statement&page_size=3" for word in WORDS]
    paths += [f"/v1/articles/{ARTICLE}", f"/v1/articles/{ARTICLE}/statements?page_size=7"]
    # Deeper pages through the API's own next links.
    for start in ("/v1/statements?page_size=3", "/v1/provisions?page_size=2"):
        target = start
        for _ in range(5):
            pagination = get(base, target)["pagination"]
            assert isinstance(pagination, dict)
            if not pagination["next"]:
                break
            parts = urlsplit(str(pagination["next"]))
            target = f"{parts.path}?{parts.query}"
            paths.append(target)
    return paths


LUA = """
local targets = {%s}
local counter = 0
request = function()
  counter = counter + 1
  local target = targets[(counter %% #targets) + 1]
  if target[2] then
    return wrk.format("GET", target[1], {["If-None-Match"] = target[2]})
  end
  return wrk.format("GET", target[1])
end
"""


def etag_of(base: str, path: str) -> str:
    with urllib.request.urlopen(base + path, timeout=30) as response:
        return str(response.headers["ETag"])


def lua_targets(base: str, paths: list[str]) -> str:
    """Lua table of {path, etag-or-nil}; every fifth target revalidates (a 304 is fine too)."""
    entries = []
    for index, path in enumerate(paths):
        etag = etag_of(base, path) if index % 5 == 4 and path.startswith("/v1/") else None
        lua_etag = json.dumps(etag) if etag else "nil"
        entries.append(f"{{{json.dumps(path)}, {lua_etag}}}")
    return ", ".join(entries)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def workers(log_path: Path) -> list[int]:
    return [int(pid) for pid in WORKER.findall(log_path.read_text(errors="replace"))]


def run_wrk(base: str, script: Path, duration: int, connections: int) -> dict[str, float]:
    result = subprocess.run(
        [
            "wrk",
            "--threads",
            "2",
            "--connections",
            str(connections),
            "--duration",
            f"{duration}s",
            "--timeout",
            "10s",
            "--latency",
            "--script",
            str(script),
            base,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + 60,
    )
    out = result.stdout
    print(out, flush=True)

    def number(pattern: str) -> float:
        match = re.search(pattern, out)
        return float(match.group(1)) if match else 0.0

    def millis(label: str) -> float:
        match = re.search(rf"{label}\s+([\d.]+)(us|ms|s)\b", out)
        if not match:
            return 0.0
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "requests": number(r"(\d+) requests in"),
        "rps": number(r"Requests/sec:\s+([\d.]+)"),
        "p50_ms": millis("50%"),
        "p99_ms": millis("99%"),
        "non_2xx_3xx": number(r"Non-2xx or 3xx responses: (\d+)"),
        "socket_errors": float(sum(int(g) for g in errors.groups())) if errors else 0.0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="a PostgreSQL database to migrate, seed and use")
    parser.add_argument("--duration", type=int, default=60, help="seconds per run")
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    with tempfile.TemporaryDirectory(prefix="policyapi-load-") as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'load.sqlite3'}"
        seed(url)
        log_path = Path(tmp) / "gunicorn.log"
        process, port = start_gunicorn(url, log_path)
        base = f"http://127.0.0.1:{port}"
        try:
            paths = build_paths(base)
            script = Path(tmp) / "mixed.lua"
            script.write_text(LUA % lua_targets(base, paths))
            print(f"{len(paths)} distinct request targets", flush=True)
            # Warm-up: imports, pools and per-process caches settle before memory is read.
            run_wrk(base, script, 10, args.connections)
            pids = workers(log_path)
            memory = [[rss_kib(pid) for pid in pids]]
            results = []
            for _ in range(2):
                results.append(run_wrk(base, script, args.duration, args.connections))
                memory.append([rss_kib(pid) for pid in pids])
        finally:
            process.terminate()
            process.wait(timeout=30)
        log = log_path.read_text(errors="replace")
    print(json.dumps({"runs": results, "worker_rss_kib": memory, "workers": pids}, indent=2))
    failed = any(r["non_2xx_3xx"] or r["socket_errors"] for r in results) or "Traceback" in log
    if "Traceback" in log:
        print(log, file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
