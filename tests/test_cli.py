"""The `policyapi` command: db, seed and serve (a real gunicorn)."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from flask.testing import FlaskCliRunner

from policyapi import create_app
from policyapi.db import build_engine
from policyapi.migrate import current_revision, head_revision
from tests.conftest import Databases
from tests.seedfacts import facts


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    """Poll `condition` until it holds; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.1)


def test_db_upgrade_and_downgrade(databases: Databases) -> None:
    url = databases.new()
    app = create_app({"TESTING": True, "DATABASE_URL": url})
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    engine = build_engine(url)
    assert "statements" in sa.inspect(engine).get_table_names()
    assert runner.invoke(args=["db", "downgrade", "base"]).exit_code == 0
    assert "statements" not in sa.inspect(engine).get_table_names()
    engine.dispose()
    # The commands read the revision they reached through the app's engine.
    app.extensions["policyapi.engine"].dispose()


def test_db_commands_print_the_revision_reached(databases: Databases) -> None:
    url = databases.new()
    app = create_app({"TESTING": True, "DATABASE_URL": url})
    runner = app.test_cli_runner()
    head = head_revision()
    assert runner.invoke(args=["db", "upgrade"]).output.strip() == f"database at {head} (head)"
    engine = build_engine(url)
    result = runner.invoke(args=["db", "downgrade"])
    assert result.exit_code == 0
    below = current_revision(engine)
    assert below is not None and below != head
    assert result.output.strip() == f"database at {below}"
    assert "-1" not in result.output
    result = runner.invoke(args=["db", "downgrade", "base"])
    assert result.output.strip() == "database at base (no migration applied)"
    engine.dispose()
    app.extensions["policyapi.engine"].dispose()


def test_seed_load_on_an_unmigrated_database_says_what_to_run(databases: Databases) -> None:
    app = create_app({"TESTING": True, "DATABASE_URL": databases.new()})
    result = app.test_cli_runner().invoke(args=["seed", "load"])
    app.extensions["policyapi.engine"].dispose()
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: The database schema is not at the newest migration: run `policyapi db upgrade`."
    ]


def test_serve_refuses_a_busy_port_in_one_line(runner: FlaskCliRunner) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        # Through the environment, as `make serve PORT=...` passes it.
        result = runner.invoke(args=["serve"], env={"PORT": str(port), "HOST": "127.0.0.1"})
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: port {port} on 127.0.0.1 is in use; set PORT=<another> (or --port)"
    ]


def test_seed_check_of_missing_folder_fails(runner: FlaskCliRunner, tmp_path: Path) -> None:
    result = runner.invoke(args=["seed", "check", str(tmp_path / "nowhere")])
    assert result.exit_code != 0
    assert "seed folder not found" in result.output


def test_serve_defaults(runner: FlaskCliRunner) -> None:
    help_text = runner.invoke(args=["serve", "--help"]).output
    assert "127.0.0.1" in help_text and "8000" in help_text and "--workers" in help_text


@pytest.fixture
def served(seeded_url: str) -> Iterator[str]:
    """`policyapi serve` on a free port against the seeded database."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": seeded_url}
    process = subprocess.Popen(
        [sys.executable, "-m", "policyapi.console", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        try:
            with urllib.request.urlopen(f"{base}/readyz", timeout=2) as response:
                return bool(response.status == 200)
        except OSError:
            assert process.poll() is None, "policyapi serve exited"
            return False

    try:
        wait_until(ready)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_answers_with_the_document(served: str) -> None:
    url = f"{served}/v1/documents/newark-fair-welcoming-2017"
    with urllib.request.urlopen(url, timeout=10) as response:
        body = json.load(response)
        assert response.headers["ETag"]
    assert len(body["provisions"]) == len(facts().provisions("newark-fair-welcoming-2017"))
    assert all(p["topics"] and p["evidence"] and p["confidence"] for p in body["provisions"])
