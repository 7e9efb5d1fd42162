"""Benchmark plumbing: datasets, servers, wrk runs and their parsing."""

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import sqlalchemy as sa

from policyapi import migrate
from policyapi.synth.build import GENERATOR_VERSION

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DATA = BENCH / ".data"
BIN = ROOT / ".venv" / "bin"
DATASETTE_VENV = BENCH / ".venv-datasette"
SECRET = "bench-secret-not-for-production"
GUNICORN = ["-w", "2", "-k", "gthread", "--threads", "4"]


@dataclass
class Measure:
    url: str
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    load: float


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(argv: Sequence[str | Path], **kwargs: object) -> None:
    log("$ " + " ".join(map(str, argv)))
    subprocess.run([str(a) for a in argv], check=True, **kwargs)  # type: ignore[call-overload]


# --- datasets -----------------------------------------------------------------------------


def _dataset_title(url: str) -> str | None:
    """The synthetic dataset's title, or None if absent or made by another generator version."""
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.connect() as conn:
            row = conn.execute(sa.text("SELECT title, version FROM datasets")).first()
            current = row is not None and row.version.endswith(f".{GENERATOR_VERSION}")
            return row.title if current else None
    except sa.exc.SQLAlchemyError:
        return None
    finally:
        engine.dispose()


def expected_title(documents: int, statements: int) -> str:
    return f"Synthetic dataset ({documents} documents, {statements} statements, seed 1)"


def ensure_sqlite(documents: int, statements: int) -> Path:
    """The synthetic SQLite file, generated once and reused while its parameters match."""
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"synth-{documents}-{statements}.sqlite3"
    url = f"sqlite:///{path}"
    if path.exists() and _dataset_title(url) == expected_title(documents, statements):
        migrate.upgrade(url)  # a file made before a new migration gets it
        return path
    path.unlink(missing_ok=True)
    run([BIN / "policyapi", "synth", "--documents", documents, "--statements", statements,
         "--out", url])  # fmt: skip
    return path


def ensure_postgres(admin_url: str, name: str, documents: int, statements: int) -> str:
    """A PostgreSQL database holding the same synthetic data (COPY), rebuilt when stale."""
    url = sa.make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    if _dataset_title(url) == expected_title(documents, statements):
        migrate.upgrade(url)
        return url
    admin = sa.create_engine(admin_url)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    run([BIN / "policyapi", "synth", "--documents", documents, "--statements", statements,
         "--out", url])  # fmt: skip
    return url


def ensure_datasette() -> Path:
    """Datasette in its own virtualenv: the peer is measured, never depended on."""
    exe = DATASETTE_VENV / "bin" / "datasette"
    if not exe.exists():
        run([sys.executable, "-m", "venv", DATASETTE_VENV])
        run([DATASETTE_VENV / "bin" / "pip", "install", "--quiet", "datasette>=0.65,<0.66"])
    return exe


def ensure_inspect(datasette: Path, link: Path) -> Path:
    """Datasette's pre-computed table counts for the immutable file behind `link`."""
    target = link.resolve()
    inspect = target.with_suffix(".inspect.json")
    if not inspect.exists() or inspect.stat().st_mtime < target.stat().st_mtime:
        run([datasette, "inspect", link, "--inspect-file", inspect])
    return inspect


def sqlite_one(path: Path, sql: str) -> object:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchone()[0]


# --- servers ------------------------------------------------------------------------------


def _wait_ready(url: str, proc: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}; see bench/.data/*.log")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status < 500:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


@contextmanager
def server(
    name: str, argv: Sequence[str | Path], env: dict[str, str], ready: str
) -> Iterator[None]:
    """Run a server in its own process group; stop exactly that group afterwards."""
    logfile = (DATA / f"{name}.log").open("wb")
    log(f"starting {name}")
    proc = subprocess.Popen(
        [str(a) for a in argv],
        env={**os.environ, **env},
        cwd=ROOT,
        stdout=logfile,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _wait_ready(ready, proc)
        time.sleep(1)  # let every worker finish booting
        yield
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        logfile.close()


def gunicorn(app: str, port: int, pythonpath: Path | None = None) -> list[str | Path]:
    """The production gunicorn settings (policyapi/gunicorn_conf.py) with 2 workers x 4 threads."""
    argv: list[str | Path] = [BIN / "gunicorn", "--config", "python:policyapi.gunicorn_conf"]
    if pythonpath:
        argv += ["--pythonpath", pythonpath]
    return [*argv, *GUNICORN, "--bind", f"127.0.0.1:{port}", app]


# --- load generation ----------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str | None) -> float:
    """wrk's latency ("812.00us", "1.20s"...) in ms; NaN when wrk printed none."""
    found = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text or "")
    return float(found.group(1)) * _UNITS[found.group(2)] if found else float("nan")


def _busy_jiffies() -> tuple[int, int]:
    """(busy, total) CPU time of the whole machine so far, from /proc/stat."""
    fields = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


def settle(busy_below: float = 0.25, window: float = 0.2, give_up_after: float = 60) -> None:
    """Wait until the machine is quiet again after a run.

    wrk stops at its deadline, but a slow side (the naive search takes 0.4-1 s a request) keeps
    answering the requests already queued, in its workers and in PostgreSQL, for seconds after;
    without this the next side's run would share the cores with that leftover work.
    """
    deadline = time.monotonic() + give_up_after
    while time.monotonic() < deadline:
        busy_before, total_before = _busy_jiffies()
        time.sleep(window)
        busy_after, total_after = _busy_jiffies()
        if busy_after - busy_before <= busy_below * max(1, total_after - total_before):
            return
    log(f"  (the machine stayed busy for {give_up_after:.0f} s after the run)")


def wrk(url: str, duration: int, connections: int, headers: Sequence[str] = ()) -> Measure:
    """One wrk run with `Connection: close` (a new connection per request, as the issue asks),
    then a wait until what it left queued on the server is done (`settle`)."""
    argv = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s",
            "-H", "Connection: close"]  # fmt: skip
    for header in headers:
        argv += ["-H", header]
    load = os.getloadavg()[0]
    out = subprocess.run([*argv, url], check=True, capture_output=True, text=True).stdout
    (DATA / "wrk-last.txt").write_text(out, encoding="utf-8")
    settle()
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", out, re.M))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    measure = Measure(
        url=url,
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        p50_ms=_ms(latency.get("50")),
        p99_ms=_ms(latency.get("99")),
        requests=int(re.search(r"(\d+) requests in", out).group(1)),  # type: ignore[union-attr]
        errors=errors + (int(non_2xx.group(1)) if non_2xx else 0),
        load=load,
    )
    log(f"  {measure.rps:9.1f} req/s  p50 {measure.p50_ms:7.2f} ms  p99 {measure.p99_ms:8.2f} ms"
        f"  errors {measure.errors}  load {load:.2f}  {url}")  # fmt: skip
    return measure


def median(runs: list[Measure]) -> Measure:
    """The run with the median req/s (its own latencies), with every run's requests and errors."""
    middle = sorted(runs, key=lambda m: m.rps)[len(runs) // 2]
    return Measure(
        url=middle.url,
        rps=middle.rps,
        p50_ms=middle.p50_ms,
        p99_ms=middle.p99_ms,
        requests=sum(m.requests for m in runs),
        errors=sum(m.errors for m in runs),
        load=sum(m.load for m in runs) / len(runs),
    )


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def save(results: dict[str, object], name: str) -> Path:
    folder = BENCH / "results"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(results, indent=2, default=lambda o: asdict(o)), encoding="utf-8")
    return path
