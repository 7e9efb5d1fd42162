"""Run gunicorn and nginx side by side; when either stops, or on SIGINT/SIGTERM, stop both.

honcho's process manager does exactly that (and relays both logs, prefixed by name), so this
module only builds the two command lines. honcho sends SIGTERM to each process group (gunicorn
finishes its requests, nginx stops at once) and SIGKILL after 5 s.
"""

import shlex
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path

from honcho.manager import Manager

# Where Debian's package puts it, when /usr/sbin is not on PATH (as for non-root users).
NGINX_FALLBACK = Path("/usr/sbin/nginx")


def find_nginx() -> str | None:
    """The nginx binary, or None when it is not installed."""
    found = shutil.which("nginx")
    if found:
        return found
    return str(NGINX_FALLBACK) if NGINX_FALLBACK.exists() else None


def gunicorn_command(bind: str, workers: int, threads: int) -> list[str]:
    """gunicorn with the production settings of gunicorn_conf.py, bound to `bind`."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        "python:policyapi.gunicorn_conf",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "policyapi.wsgi:app",
    ]


def nginx_command(nginx: str, config: Path) -> list[str]:
    """nginx in the foreground on `config`, its error log on stderr from the first line."""
    return [nginx, "-e", "stderr", "-p", str(config.parent), "-c", str(config)]


def run_together(commands: Mapping[str, list[str]], env: Mapping[str, str]) -> int:
    """Start every command, relay their output; return the exit status once all stopped."""
    manager = Manager()
    for name, argv in commands.items():
        manager.add_process(name, shlex.join(argv), env=dict(env))
    manager.loop()
    return int(manager.returncode or 0)
