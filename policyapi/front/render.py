"""Write nginx's configuration and its problem+json error bodies into a run directory."""

import getpass
import json
import os
from dataclasses import dataclass
from pathlib import Path

import jinja2

from policyapi.front.clientkey import client_maps

TEMPLATE = Path(__file__).with_name("nginx.conf")
# Under the run directory; nginx serves these files itself, on internal redirects only.
ERRORS_PREFIX = "/.front-errors/"

# Errors nginx answers itself, before or instead of gunicorn: (status, title, detail).
ERRORS: tuple[tuple[int, str, str], ...] = (
    (400, "Bad Request", "The request could not be read: a malformed request line or header."),
    (408, "Request Timeout", "The request was not sent in time."),
    (413, "Content Too Large", "The request body is larger than this API accepts (64 KB)."),
    (414, "URI Too Long", "The request line is longer than 8 KB."),
    (429, "Too Many Requests", "Too many requests at once from your address; retry shortly."),
    (431, "Request Header Fields Too Large", "A request header line is longer than 8 KB."),
    (500, "Internal Server Error", "The front server failed to handle the request."),
    (502, "Bad Gateway", "The API server is not answering (starting or restarting); retry."),
    (503, "Service Unavailable", "The API is unavailable; retry shortly."),
    (504, "Gateway Timeout", "The API server did not answer in time."),
)
# nginx calls a header that does not fit its buffers 494; the client gets HTTP's 431.
NGINX_ONLY_STATUSES = {494: 431}


@dataclass(frozen=True)
class FrontSettings:
    """What the generated nginx.conf depends on (seconds for the timeouts).

    `ipv6_prefix` is the app's RATELIMIT_IPV6_PREFIX: IPv6 clients are networks of that many
    bits. `real_ip_from` lists the proxies (addresses or networks) whose X-Forwarded-For nginx
    believes.
    """

    host: str
    port: int
    client_header_timeout: int = 10
    client_body_timeout: int = 10
    send_timeout: int = 30
    keepalive_timeout: int = 15
    connections_per_client: int = 64
    worker_connections: int = 4096
    ipv6_prefix: int = 64
    real_ip_from: tuple[str, ...] = ()


def listen_address(host: str, port: int) -> str:
    """nginx's `listen` form: IPv6 literals in brackets."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def problem_body(status: int, title: str, detail: str) -> bytes:
    """The RFC 9457 body nginx sends for its own error `status`."""
    problem = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return json.dumps(problem).encode() + b"\n"


def _error_pages() -> list[tuple[str, str]]:
    pages = [(str(status), f"{ERRORS_PREFIX}{status}.json") for status, _, _ in ERRORS]
    pages += [
        (f"{raw} ={sent}", f"{ERRORS_PREFIX}{sent}.json")
        for raw, sent in NGINX_ONLY_STATUSES.items()
    ]
    return pages


def write_front(run_dir: Path, settings: FrontSettings) -> tuple[Path, Path]:
    """Render nginx.conf and the error bodies under `run_dir`; return (config, socket) paths."""
    errors_dir = run_dir / ERRORS_PREFIX.strip("/")
    errors_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / "temp").mkdir(exist_ok=True)
    for status, title, detail in ERRORS:
        (errors_dir / f"{status}.json").write_bytes(problem_body(status, title, detail))
    socket = run_dir / "gunicorn.sock"
    environment = jinja2.Environment(
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, autoescape=False
    )  # nosec B701  # nginx syntax, not HTML
    config = environment.from_string(TEMPLATE.read_text()).render(
        settings.__dict__,
        run_dir=run_dir,
        socket=socket,
        listen=listen_address(settings.host, settings.port),
        user=getpass.getuser() if os.geteuid() == 0 else None,
        errors_prefix=ERRORS_PREFIX,
        error_pages=_error_pages(),
        client_maps=client_maps(settings.ipv6_prefix),
    )
    config_path = run_dir / "nginx.conf"
    config_path.write_text(config)
    return config_path, socket
