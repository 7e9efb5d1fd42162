"""The site in a real browser (Debian's headless Chromium through Playwright, as
tests/test_embed_browser.py): at 390 and 1,280 px, light and dark, each page shows no console
error, no horizontal overflow, is reachable by keyboard and has no serious or critical axe-core
violation; /docs renders Swagger UI without loading anything from another origin.
"""

import os
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, Request

from tests.browsing import ARTIFACTS, CHROMIUM
from tests.seedfacts import facts

SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
# POLICYAPI_UPDATE_SCREENSHOTS=1 refreshes the handful committed in docs/screenshots/ (SQLite run
# only); otherwise a test run leaves the tree as it was. Every shot goes to artifacts/.
UPDATE_SCREENSHOTS = os.environ.get("POLICYAPI_UPDATE_SCREENSHOTS") == "1"
KEPT = {
    ("front", 1280, "light"),
    ("document", 1280, "dark"),
    ("provision", 390, "light"),
    ("article", 390, "dark"),
    ("search", 1280, "light"),
    ("error", 390, "dark"),
}
WIDTHS = {390: 844, 1280: 800}
TABS = 25  # enough to pass the header (skip link, brand, search box) and reach content links

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium package"),
]


def site_pages() -> dict[str, str]:
    f = facts()
    provision = f.provisions()[0]
    word = max(provision["summary"].split(), key=len).strip(".,;:()\"'")
    return {
        "front": "/",
        "document": f"/v1/documents/{provision['document']}",
        "provision": f"/v1/provisions/{provision['id']}",
        "article": f"/v1/articles/{f.articles[0]['id']}",
        "search": f"/search?q={word}",
        "error": "/embed/provisions/no-such-provision",
    }


def focus_path(page: Page) -> list[str]:
    """What Tab reaches, in order: tag and (for inputs) id of each focused element."""
    reached = []
    for _ in range(TABS):
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate(
                "(() => { const e = document.activeElement;"
                " return e.tagName + (e.id ? '#' + e.id : ''); })()"
            )
        )
    return reached


def serious(violations: list[dict[str, Any]]) -> list[str]:
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)"
        for v in violations
        if v.get("impact") in ("serious", "critical")
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("name", list(site_pages()))
def test_site_page_in_a_browser(
    browser: Browser, api: str, engine_name: str, name: str, width: int, scheme: Any
) -> None:
    context = browser.new_context(
        viewport={"width": width, "height": WIDTHS[width]}, color_scheme=scheme
    )
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda e: problems.append(str(e)))
    try:
        answer = page.goto(f"{api}{site_pages()[name]}")
        assert answer is not None
        assert answer.status == (404 if name == "error" else 200)
        assert answer.headers["content-type"].startswith("text/html")
        fits = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        assert page.evaluate(fits), f"{name} overflows horizontally at {width} px"
        dark = page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(22, 24, 28)"
        assert dark == (scheme == "dark")
        # The top of the page as it opens (before Tab scrolls it).
        shot = f"site-{name}-{width}-{scheme}.png"
        page.screenshot(path=ARTIFACTS / f"{engine_name}-{shot}")
        if UPDATE_SCREENSHOTS and engine_name == "sqlite" and (name, width, scheme) in KEPT:
            page.screenshot(path=SCREENSHOTS / shot)
        reached = focus_path(page)
        if name != "error":  # an embedded error card is bare: links only, no search box
            assert "INPUT#q" in reached, reached
        assert "A" in reached, reached
        results = Axe().run(page)
        assert not serious(results.response["violations"]), serious(results.response["violations"])
        if name == "error":  # Chromium logs the page's own 404 status; nothing else may fail
            problems.remove(
                "Failed to load resource: the server responded with a status of 404 (NOT FOUND)"
            )
        assert not problems, problems
    finally:
        context.close()


def test_docs_render_without_another_origin(browser: Browser, api: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    requested: list[str] = []
    problems: list[str] = []

    def record(request: Request) -> None:
        requested.append(request.url)

    page.on("request", record)
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    try:
        page.goto(f"{api}/docs")
        # Swagger UI renders the spec's title and an operation of ours.
        page.wait_for_selector(".swagger-ui .info .title", timeout=20_000)
        page.wait_for_selector(
            '.opblock-summary-path[data-path="/v1/provisions/{provision_id}"]', timeout=20_000
        )
        foreign = [url for url in requested if not url.startswith((api, "data:"))]
        assert not foreign, foreign
        assert any(url.endswith("/docs/assets/swagger-ui-bundle.js") for url in requested)
        assert not problems, problems
    finally:
        context.close()
