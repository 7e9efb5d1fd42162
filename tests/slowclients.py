"""Idle and slow-header clients (a slowloris attack) and a victim timing its requests.

Used by tests/test_front.py (every victim answered) and bench/slowclients.py (p50/p99 with and
without nginx in front).
"""

import socket
import statistics
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

# A bound for sockets that must never hang a test run; not a timing assertion.
SOCKET_TIMEOUT = 30.0
# How often a slow client sends its next header line.
HEADER_INTERVAL = 2.0


def idle_socket(port: int) -> socket.socket:
    """A connection that sends nothing."""
    return socket.create_connection(("127.0.0.1", port), timeout=SOCKET_TIMEOUT)


def send_headers_slowly(port: int, started: threading.Event, stop: threading.Event) -> None:
    """Send a request line, then one header line every HEADER_INTERVAL s, never the end."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=SOCKET_TIMEOUT) as sock:
            sock.sendall(b"GET /v1/topics HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            started.set()
            line = 0
            while not stop.wait(HEADER_INTERVAL):
                sock.sendall(b"X-Slow-%d: 1\r\n" % line)
                line += 1
    except OSError:
        pass  # the server closed it (a header deadline): that is the point
    finally:
        started.set()


@contextmanager
def slowloris(port: int, idle: int, slow: int) -> Iterator[None]:
    """Hold `idle` silent and `slow` slow-header connections open while the block runs."""
    stop = threading.Event()
    started = [threading.Event() for _ in range(slow)]
    threads = [
        threading.Thread(target=send_headers_slowly, args=(port, event, stop), daemon=True)
        for event in started
    ]
    with ExitStack() as sockets:
        for _ in range(idle):
            sockets.enter_context(idle_socket(port))
        for thread in threads:
            thread.start()
        try:
            for event in started:
                event.wait(SOCKET_TIMEOUT)
            yield
        finally:
            stop.set()
            for thread in threads:
                thread.join(SOCKET_TIMEOUT)


@dataclass
class VictimResult:
    statuses: list[int]
    seconds: list[float]

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]

    def summary(self) -> str:
        answered = sum(status == 200 for status in self.statuses)
        return (
            f"{answered}/{len(self.statuses)} answered 200, "
            f"p50 {statistics.median(self.seconds) * 1000:.0f} ms, "
            f"p99 {self.percentile(0.99) * 1000:.0f} ms, max {max(self.seconds) * 1000:.0f} ms"
        )


def victim(base_url: str, requests: int, timeout: float = SOCKET_TIMEOUT) -> VictimResult:
    """Ask for a page `requests` times in a row; a request that fails or times out is 0."""
    statuses, seconds = [], []
    for _ in range(requests):
        began = time.perf_counter()
        try:
            with urllib.request.urlopen(
                f"{base_url}/v1/provisions?page_size=5", timeout=timeout
            ) as response:
                response.read()
                statuses.append(response.status)
        except OSError:
            statuses.append(0)
        seconds.append(time.perf_counter() - began)
    return VictimResult(statuses, seconds)
