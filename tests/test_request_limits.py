"""The real gunicorn server: request size limits, slow clients, no version banner."""

import json
import socket
import threading
import urllib.request
from collections.abc import Iterator

import pytest

from tests.served import Server, gunicorn

pytestmark = pytest.mark.slow

SLOW_CLIENTS = 3
THREADS = 4
# Bounds for a test that must never hang; they are not timing assertions.
SOCKET_TIMEOUT = 20.0


@pytest.fixture(scope="module")
def server(seeded_url: str) -> Iterator[Server]:
    # One worker: its threads are the whole capacity, so a blocked server would show.
    with gunicorn(seeded_url, workers=1, threads=THREADS) as served:
        yield served


def raw_request(port: int, data: bytes) -> bytes:
    """Send raw bytes and return everything the server answers before closing."""
    with socket.create_connection(("127.0.0.1", port), timeout=SOCKET_TIMEOUT) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def status_of(response: bytes) -> int:
    return int(response.split(b" ", 2)[1])


def headers_of(response: bytes) -> dict[str, str]:
    head = response.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")[1:]
    return {name.lower(): value.strip() for name, value in (h.split(":", 1) for h in head)}


def slow_client(port: int, started: threading.Event, release: threading.Event) -> bytes:
    """Send a request's headers one byte at a time, stalling half-way until `release`."""
    request = b"GET /v1/topics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    half = len(request) // 2
    with socket.create_connection(("127.0.0.1", port), timeout=SOCKET_TIMEOUT) as sock:
        for index, byte in enumerate(request):
            sock.send(bytes([byte]))
            if index == half:
                started.set()
                release.wait(SOCKET_TIMEOUT)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_slow_clients_do_not_block_other_requests(server: Server) -> None:
    release = threading.Event()
    started = [threading.Event() for _ in range(SLOW_CLIENTS)]
    answers: list[bytes] = []
    threads = [
        threading.Thread(
            target=lambda e=event: answers.append(slow_client(server.port, e, release))
        )
        for event in started
    ]
    for thread in threads:
        thread.start()
    try:
        for event in started:
            assert event.wait(SOCKET_TIMEOUT), "a slow client could not connect"
        # Every slow client now holds a thread with half a request; the server still answers.
        for _ in range(20):
            with urllib.request.urlopen(
                f"{server.base_url}/v1/provisions?page_size=5", timeout=SOCKET_TIMEOUT
            ) as response:
                assert response.status == 200
                assert len(json.load(response)["results"]) == 5
    finally:
        release.set()
        for thread in threads:
            thread.join(SOCKET_TIMEOUT)
    # The slow clients are served too once they finish sending.
    assert [status_of(answer) for answer in answers] == [200] * SLOW_CLIENTS


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"GET /v1/search?q=" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        (b"GET /v1/topics HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n", 431),
        (
            b"GET /v1/topics HTTP/1.1\r\nHost: x\r\n"
            + b"".join(b"X-H%d: 1\r\n" % i for i in range(101))
            + b"\r\n",
            431,
        ),
    ],
    ids=["request-line-9k", "header-9k", "101-headers"],
)
def test_oversized_requests_are_refused(server: Server, request_bytes: bytes, status: int) -> None:
    response = raw_request(server.port, request_bytes)
    assert status_of(response) == status
    assert "server" not in headers_of(response)


@pytest.mark.parametrize("path", ["/v1/topics", "/v1/nothing", "/healthz", "/docs"])
def test_no_version_banner(server: Server, path: str) -> None:
    response = raw_request(
        server.port, f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()
    )
    headers = headers_of(response)
    assert headers["server"] == "policyapi"
    assert not any(
        word in value.lower()
        for value in headers.values()
        for word in ("gunicorn", "werkzeug", "python", "flask")
    )
    assert "x-powered-by" not in headers
