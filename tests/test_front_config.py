"""The generated nginx configuration: nginx accepts it, and nginx's error bodies are problems."""

import json
import subprocess
from pathlib import Path

import pytest

from flask.testing import FlaskCliRunner

from policyapi.front import supervise
from policyapi.front.render import ERRORS, FrontSettings, listen_address, write_front
from policyapi.front.supervise import find_nginx
from tests.served import free_port


@pytest.mark.parametrize(
    ("host", "listen"),
    [("127.0.0.1", "127.0.0.1:8000"), ("0.0.0.0", "0.0.0.0:8000"), ("::1", "[::1]:8000")],
)
def test_listen_address(host: str, listen: str) -> None:
    assert listen_address(host, 8000) == listen


@pytest.mark.parametrize(
    "settings",
    [
        FrontSettings("127.0.0.1", 8000),
        FrontSettings("::1", 8000, ipv6_prefix=1, real_ip_from=("127.0.0.1/32",)),
        FrontSettings("127.0.0.1", 8000, ipv6_prefix=62, real_ip_from=("2001:db8::/32",)),
        FrontSettings("127.0.0.1", 8000, ipv6_prefix=128),
    ],
    ids=["default", "prefix-1", "prefix-62", "prefix-128"],
)
def test_nginx_accepts_the_generated_config(tmp_path: Path, settings: FrontSettings) -> None:
    nginx = find_nginx()
    assert nginx, "nginx is not installed (make test installs it)"
    config, _ = write_front(tmp_path, settings)
    checked = subprocess.run(
        [nginx, "-t", "-e", "stderr", "-p", str(tmp_path), "-c", str(config)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert checked.returncode == 0, checked.stderr


def test_every_error_page_is_a_problem(tmp_path: Path) -> None:
    config, _ = write_front(tmp_path, FrontSettings("127.0.0.1", 8000))
    text = config.read_text()
    for status, title, _ in ERRORS:
        assert f"error_page {status} /.front-errors/{status}.json;" in text
        problem = json.loads((tmp_path / ".front-errors" / f"{status}.json").read_text())
        assert problem == {**problem, "type": "about:blank", "status": status, "title": title}
    assert "error_page 494 =431 /.front-errors/431.json;" in text


def test_serve_without_nginx_says_how_to_get_it(
    runner: FlaskCliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(supervise, "find_nginx", lambda: None)
    result = runner.invoke(args=["serve", "--port", str(free_port())])
    assert result.exit_code == 1
    assert "nginx is not installed" in result.output
    assert "--no-proxy" in result.output


def test_serve_refuses_a_balancer_that_is_not_an_address(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["serve", "--port", str(free_port()), "--real-ip-from", "lb;"])
    assert result.exit_code == 2
    assert "--real-ip-from" in result.output
