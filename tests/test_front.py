"""`policyapi serve`: nginx in front of gunicorn survives idle and slow clients, answers its own
errors as problem+json, forwards the client's address, and stops with gunicorn."""

import json
import os
import re
import signal
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from tests.served import Server, policyapi_serve, stop
from tests.slowclients import SOCKET_TIMEOUT, slowloris, victim

pytestmark = pytest.mark.slow

IDLE_CLIENTS = 40
SLOW_CLIENTS = 40
VICTIM_REQUESTS = 30
RUN_DIR = re.compile(r"Listening at: unix:(\S+)/gunicorn\.sock")


@pytest.fixture(scope="module")
def front(seeded_url: str) -> Iterator[Server]:
    # One worker with 4 threads: alone, 40 idle sockets would hold all of them.
    with policyapi_serve(seeded_url, workers=1, threads=4) as served:
        yield served


def raw_request(port: int, data: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send raw bytes; return the status, headers (lower-case names) and body of the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=SOCKET_TIMEOUT) as sock:
        sock.sendall(data)
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except ConnectionResetError:
            pass  # nginx resets a connection whose body it refused, after its answer
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split(" ")[1]), {k.lower(): v for k, v in headers.items()}, body


def test_victims_are_answered_during_a_slowloris(front: Server) -> None:
    with slowloris(front.port, idle=IDLE_CLIENTS, slow=SLOW_CLIENTS):
        result = victim(front.base_url, VICTIM_REQUESTS)
    assert result.statuses == [200] * VICTIM_REQUESTS, result.summary()


def test_an_idle_connection_is_closed_by_the_header_deadline(front: Server) -> None:
    with socket.create_connection(("127.0.0.1", front.port), timeout=SOCKET_TIMEOUT) as sock:
        # nginx closes it after client_header_timeout (well under SOCKET_TIMEOUT) without a word.
        assert sock.recv(1) == b""


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"NOT HTTP\r\n\r\n", 400),
        (b"GET /v1/topics HTTP/1.1\r\nHost: a b\r\n\r\n", 400),
        (b"GET /v1/search?q=" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        (b"GET /v1/topics HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n", 431),
        (
            b"POST /v1/topics HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n",
            413,
        ),
    ],
    ids=["garbage", "bad-host", "request-line-9k", "header-9k", "body-100k"],
)
def test_nginx_errors_are_problem_json(front: Server, request_bytes: bytes, status: int) -> None:
    answered, headers, body = raw_request(front.port, request_bytes)
    assert answered == status
    assert headers["content-type"] == "application/problem+json"
    assert headers["x-content-type-options"] == "nosniff"
    problem = json.loads(body)
    assert problem["status"] == status
    assert problem["type"] == "about:blank"
    assert problem["title"] and problem["detail"]


@pytest.fixture(scope="module")
def front_behind_a_balancer(seeded_url: str) -> Iterator[Server]:
    # nginx believes X-Forwarded-For from loopback, so one test can be many clients; two
    # requests at once per client, IPv6 clients by /56 (the app's setting, not the default).
    options = ("--real-ip-from", "127.0.0.1", "--connections-per-client", "2")
    env = {"POLICYAPI_RATELIMIT_IPV6_PREFIX": "56"}
    with policyapi_serve(seeded_url, workers=1, threads=1, env=env, options=options) as served:
        yield served


def read_head(sock: socket.socket) -> bytes:
    """Read up to the blank line that ends an answer's head."""
    head = b""
    while not head.endswith(b"\r\n\r\n"):
        chunk = sock.recv(1)
        assert chunk, f"closed after {head!r}"
        head += chunk
    return head


@contextmanager
def requests_in_progress(port: int, clients: list[str]) -> Iterator[None]:
    """One request per client in `clients` that nginx counts until the block ends.

    Each is an upload that has not started: nginx has counted it once it answers
    `100 Continue` (it asks for the body after its connection limits let the request in).
    """
    with ExitStack() as stack:
        for client in clients:
            sock = socket.create_connection(("127.0.0.1", port), timeout=SOCKET_TIMEOUT)
            stack.enter_context(sock)
            sock.sendall(
                b"POST /v1/suggest HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Length: 10\r\nExpect: 100-continue\r\n"
                b"X-Forwarded-For: %s\r\n\r\n" % client.encode()
            )
            assert read_head(sock).startswith(b"HTTP/1.1 100 ")
        yield


def status_for(port: int, client: str) -> int:
    request = f"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Forwarded-For: {client}"
    return raw_request(port, f"{request}\r\n\r\n".encode())[0]


@pytest.mark.parametrize(
    ("busy", "same", "other"),
    [
        # One /56, in every spelling nginx writes (the `::` anywhere), and the next /56.
        (["2001:db8:0:100::1", "2001:db8:0:1ff:ffff::"], "2001:db8:0:180::5", "2001:db8:0:200::1"),
        (["2001:db8::1", "2001:db8:0:ff::"], "2001:db8::ab:0:0:1", "2001:db8:0:100::"),
        (["::1", "::ff:0:1"], "::1.2.3.4", "0:0:0:100::"),
        # IPv4 by the address, IPv4-mapped IPv6 as its IPv4 address.
        (["198.51.100.7", "198.51.100.7"], "::ffff:198.51.100.7", "198.51.100.8"),
        (["::ffff:198.51.100.9", "198.51.100.9"], "198.51.100.9", "::ffff:198.51.100.10"),
    ],
    ids=["ipv6-56", "ipv6-compressed", "ipv6-leading-zeros", "ipv4", "ipv4-mapped"],
)
def test_connections_are_limited_per_client_network(
    front_behind_a_balancer: Server, busy: list[str], same: str, other: str
) -> None:
    port = front_behind_a_balancer.port
    with requests_in_progress(port, busy):
        assert status_for(port, same) == 429
        assert status_for(port, other) == 200


def test_the_apps_own_answers_pass_through(front: Server) -> None:
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(f"{front.base_url}/v1/nothing", timeout=SOCKET_TIMEOUT)
    assert raised.value.code == 404
    assert raised.value.headers["Server"] == "policyapi"
    assert json.load(raised.value)["instance"] == "/v1/nothing"


@pytest.mark.parametrize(
    ("path", "status", "allowed"),
    [("/v1/topics", 405, "GET"), ("/v1/suggest", 405, "POST"), ("/v1/nothing", 404, None)],
)
def test_the_app_answers_trace(front: Server, path: str, status: int, allowed: str | None) -> None:
    # nginx refuses TRACE with its own HTML 405 and no Allow header; it hands TRACE to the app.
    request = f"TRACE {path} HTTP/1.1\r\nHost: x\r\nX-Echo: secret\r\n\r\n".encode()
    answered, headers, body = raw_request(front.port, request)
    assert answered == status
    assert headers["content-type"] == "application/problem+json"
    assert headers["server"] == "policyapi"
    assert json.loads(body)["status"] == status
    assert b"secret" not in body
    if allowed:
        assert allowed in [method.strip() for method in headers["allow"].split(",")]


def test_rate_limits_count_the_client_once_across_workers(seeded_url: str) -> None:
    # Two single-thread workers and four clients at once, so both workers serve; each request
    # with a made-up X-Forwarded-For. One counter: every request sees a different remainder.
    # An hour-long window: the test never straddles a reset.
    env = {"POLICYAPI_RATELIMIT_DEFAULT": "1000 per hour"}
    with policyapi_serve(seeded_url, workers=2, threads=1, env=env) as served:

        def remainders(client: int) -> list[int]:
            seen = []
            for number in range(10):
                request = urllib.request.Request(
                    f"{served.base_url}/v1/topics",
                    headers={"X-Forwarded-For": f"198.51.{client}.{number}"},
                )
                with urllib.request.urlopen(request, timeout=SOCKET_TIMEOUT) as response:
                    seen.append(int(response.headers["RateLimit-Remaining"]))
            return seen

        with ThreadPoolExecutor(4) as pool:
            seen = sorted(r for client in pool.map(remainders, range(4)) for r in client)
    top = seen[-1]
    assert seen == list(range(top - 39, top + 1))


def test_no_proxy_serves_with_gunicorn_alone(seeded_url: str) -> None:
    with policyapi_serve(seeded_url, proxy=False, workers=1, threads=1) as served:
        answered, headers, _ = raw_request(served.port, b"NOT HTTP\r\n\r\n")
        assert answered == 400
        assert headers["content-type"] != "application/problem+json"  # gunicorn's own page
        assert "nginx" not in served.log()


def test_a_stopped_nginx_stops_gunicorn_too(seeded_url: str) -> None:
    with policyapi_serve(seeded_url, workers=1, threads=1) as served:
        run_dir = Path(_run_dir(served))
        nginx_pid = int((run_dir / "nginx.pid").read_text())
        os.kill(nginx_pid, signal.SIGTERM)
        served.process.wait(timeout=SOCKET_TIMEOUT)
        assert not run_dir.exists()
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", served.port), timeout=SOCKET_TIMEOUT)


def test_sigterm_stops_both(seeded_url: str) -> None:
    with policyapi_serve(seeded_url, workers=1, threads=1) as served:
        run_dir = Path(_run_dir(served))
        stop(served.process)
        assert not run_dir.exists()
        log = served.log()
        assert "nginx stopped" in log
        assert "gunicorn stopped" in log


def _run_dir(server: Server) -> str:
    match = RUN_DIR.search(server.log())
    assert match, server.log()
    return match.group(1)
