"""What the browser tests share: Debian's headless Chromium through Playwright, and the app
served on a free localhost port for it (tests/test_embed_browser.py, tests/test_site_browser.py).

tests/conftest.py imports the fixtures, so every test module can ask for them by name.
"""

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, sync_playwright

from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Every screenshot a run takes (uploaded by CI; not committed).
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


class Served:
    """A WSGI app served on a free localhost port from a background thread."""

    def __init__(self, app: Any) -> None:
        self.server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def api(app: Flask) -> Iterator[str]:
    """The base URL of the seeded app, served for the browser."""
    served = Served(app)
    yield served.url
    served.close()


@pytest.fixture
def engine_name(app: Flask) -> str:
    return str(app.config["DATABASE_URL"]).split(":")[0].split("+")[0]
