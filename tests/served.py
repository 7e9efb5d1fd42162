"""Run the real gunicorn server (production settings) on a free port for end-to-end tests."""

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LISTENING = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+)")
START_TIMEOUT = 90.0  # a bound for a busy CI machine, not a timing assertion


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log_path: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def _wait_for_port(log_path: Path, process: subprocess.Popen[bytes]) -> int:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        match = LISTENING.search(log_path.read_text(errors="replace"))
        if match:
            return int(match.group(1))
        if process.poll() is not None:
            break
        time.sleep(0.05)
    raise RuntimeError(f"gunicorn did not start:\n{log_path.read_text(errors='replace')}")


def _wait_until_healthy(base_url: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.05)
    raise RuntimeError("gunicorn never answered /healthz")


@contextmanager
def gunicorn(
    database_url: str,
    *,
    workers: int = 1,
    threads: int = 4,
    env: Mapping[str, str] | None = None,
    extra_args: tuple[str, ...] = (),
) -> Iterator[Server]:
    """Start gunicorn with policyapi/gunicorn_conf.py on 127.0.0.1 (free port); stop it after."""
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PYTHONUNBUFFERED": "1",
        **(env or {}),
    }
    with tempfile.TemporaryDirectory(prefix="policyapi-gunicorn-") as tmp:
        log_path = Path(tmp) / "gunicorn.log"
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
                    str(workers),
                    "--threads",
                    str(threads),
                    *extra_args,
                    "policyapi.wsgi:app",
                ],
                cwd=ROOT,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            port = _wait_for_port(log_path, process)
            server = Server(process, port, log_path)
            _wait_until_healthy(server.base_url)
            yield server
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def free_port() -> int:
    """A port nothing listens on now (the OS picks it; a race with other tests is unlikely)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def policyapi_serve(
    database_url: str,
    *,
    proxy: bool = True,
    workers: int = 1,
    threads: int = 4,
    env: Mapping[str, str] | None = None,
    options: tuple[str, ...] = (),
) -> Iterator[Server]:
    """Run `policyapi serve` as an operator would (nginx in front unless `proxy` is False);
    `options` go on its command line."""
    port = free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PYTHONUNBUFFERED": "1",
        **(env or {}),
    }
    command = [
        str(Path(sys.executable).with_name("policyapi")),
        "serve",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        *([] if proxy else ["--no-proxy"]),
        *options,
    ]
    with tempfile.TemporaryDirectory(prefix="policyapi-serve-") as tmp:
        log_path = Path(tmp) / "serve.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT
            )
        server = Server(process, port, log_path)
        try:
            _wait_until_healthy(server.base_url)
            yield server
        finally:
            stop(process)


def stop(process: subprocess.Popen[bytes]) -> int:
    """SIGTERM, as a service manager would; SIGKILL if it has not stopped within 30 s."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()
