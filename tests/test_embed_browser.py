"""The cards in a real browser: Debian's headless Chromium, driven by Playwright.

A test page on another origin embeds a provision card three ways: a plain iframe, the oEmbed
html and the embed.js placeholder. The served app uses the seeded database of each engine.
"""

import json
import os
import urllib.request
from typing import Any
from urllib.parse import quote

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, ConsoleMessage, Frame, Page

from tests.browsing import ARTIFACTS, CHROMIUM, Served
from tests.seedfacts import facts

PROVISION = "newark-fair-welcoming-2017-n02"
HEADING = "No city resources for civil immigration enforcement"
# The card's heading over the statements defending the provision, with their number.
DEFENDING = f"Defending it ({facts().citation_counts(PROVISION)['defends']})"
WAIT_MS = 15_000
# Inside a card: the frame's viewport is exactly as tall as the content, so nothing scrolls.
FITS_CONTENT = """() => {
  const content = Math.ceil(document.documentElement.getBoundingClientRect().height);
  return content > 200 && window.innerHeight === content
    && document.documentElement.scrollHeight <= window.innerHeight;
}"""

# Post a resize message from the page itself; embed.js (listening first) must ignore it.
FORGED_MESSAGE = """() => new Promise(resolve => {
  window.addEventListener("message", event => {
    if (event.data && event.data.height === 77) {
      resolve(document.querySelector("#script iframe").getBoundingClientRect().height);
    }
  });
  window.postMessage({type: "policyapi:resize", height: 77}, "*");
})"""

TWO_ANIMATION_FRAMES = (
    "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists() and os.environ.get("CI") != "true",
        reason="needs Debian's chromium package (.ci/run installs it)",
    ),
]


def static_site(html: str) -> Any:
    """A one-page WSGI site: the embedding page lives on its own origin."""

    def site(_environ: dict[str, Any], start_response: Any) -> list[bytes]:
        body = html.encode()
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [body]

    return site


def embedding_page(api: str) -> str:
    canonical = f"{api}/v1/provisions/{PROVISION}"
    with urllib.request.urlopen(f"{api}/oembed?url={quote(canonical, safe='')}") as response:
        oembed = json.load(response)
    assert oembed["type"] == "rich"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A civic site</title></head>
<body>
<h1>Know your rights</h1>
<h2>Plain iframe</h2>
<iframe id="plain" src="{api}/embed/provisions/{PROVISION}" width="560" height="300"
  title="plain"></iframe>
<h2>oEmbed html</h2>
<div id="oembed">{oembed["html"]}</div>
<h2>embed.js</h2>
<div id="script" data-policyapi-provision="{PROVISION}" data-policyapi-accent="#8a2be2"></div>
<script async src="{api}/embed/v1.js"></script>
</body></html>"""


def card_frame(page: Page, selector: str) -> Frame:
    handle = page.wait_for_selector(selector, state="attached")
    assert handle is not None
    frame = handle.content_frame()
    assert frame is not None
    return frame


def iframe_height(page: Page, selector: str) -> float:
    height: float = page.eval_on_selector(selector, "el => el.getBoundingClientRect().height")
    return height


def content_height(frame: Frame) -> int:
    height: int = frame.evaluate(
        "Math.ceil(document.documentElement.getBoundingClientRect().height)"
    )
    return height


def screenshot(page: Page, frames: list[Frame], name: str) -> None:
    """Save the whole page with every card painted.

    Chromium does not paint cross-origin frames outside the viewport, so the viewport grows
    to the page and each frame is waited on for two animation frames (painted by then).
    """
    size = page.viewport_size
    assert size is not None
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": height})
    for frame in frames:
        frame.evaluate(TWO_ANIMATION_FRAMES)
    page.screenshot(path=ARTIFACTS / name)
    page.set_viewport_size(size)


def test_provision_card_embedded_three_ways(browser: Browser, api: str, engine_name: str) -> None:
    site = Served(static_site(embedding_page(api)))
    context = browser.new_context(viewport={"width": 640, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    try:
        page.goto(site.url)
        frames = {
            "plain": card_frame(page, "#plain"),
            "oembed": card_frame(page, "#oembed iframe"),
            "script": card_frame(page, "#script iframe"),
        }
        for selector, frame in zip(("#plain", "#oembed", "#script"), frames.values(), strict=True):
            page.locator(selector).scroll_into_view_if_needed()
            frame.wait_for_selector("h1")
            text = frame.inner_text("main")
            assert HEADING in text and DEFENDING in text and "Ras J. Baraka" in text

        # The two embeds that can resize follow their content: no scrollbar, no gap.
        for name, selector in (("oembed", "#oembed iframe"), ("script", "#script iframe")):
            frames[name].wait_for_function(FITS_CONTENT, timeout=WAIT_MS, polling=100)
            assert iframe_height(page, selector) == content_height(frames[name])
        # The plain iframe is left alone: the script sizes only the frames it manages.
        assert iframe_height(page, "#plain") == 300 + 4  # default 2px inset border
        # The script honours data-policyapi-accent.
        accent = frames["script"].evaluate(
            "getComputedStyle(document.querySelector('.card')).borderTopColor"
        )
        assert accent == "rgb(138, 43, 226)"

        # A message from anywhere else is ignored: the origin and source are checked.
        before = iframe_height(page, "#script iframe")
        assert page.evaluate(FORGED_MESSAGE) == before
        screenshot(page, list(frames.values()), f"embed-page-{engine_name}.png")

        # Narrower page: the card reflows taller and the frame grows with it.
        page.set_viewport_size({"width": 360, "height": 900})
        # Chromium pauses rendering in cross-origin frames out of view: look at the card.
        page.locator("#script").scroll_into_view_if_needed()
        frames["script"].wait_for_function(
            f"() => window.innerWidth < 400 && ({FITS_CONTENT})()", timeout=WAIT_MS, polling=100
        )
        assert iframe_height(page, "#script iframe") == content_height(frames["script"]) > before
        screenshot(page, list(frames.values()), f"embed-page-narrow-{engine_name}.png")
        assert not errors, errors
    finally:
        context.close()
        site.close()


@pytest.mark.parametrize(
    ("scheme", "query", "background"),
    [
        ("dark", "", "rgb(22, 24, 28)"),
        ("light", "", "rgb(255, 255, 255)"),
        ("dark", "?theme=light", "rgb(255, 255, 255)"),
        ("light", "?theme=dark", "rgb(22, 24, 28)"),
    ],
)
def test_card_at_320px_light_and_dark(
    browser: Browser, api: str, engine_name: str, scheme: Any, query: str, background: str
) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640}, color_scheme=scheme)
    page = context.new_page()
    messages: list[ConsoleMessage] = []
    page.on("console", lambda m: messages.append(m))
    try:
        page.goto(f"{api}/embed/provisions/{PROVISION}{query}")
        assert HEADING in page.inner_text("h1")
        fits = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        assert page.evaluate(fits), "the card overflows horizontally at 320 px"
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == background
        # Keyboard: the first Tab lands on a link, which shows a visible focus outline.
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "[document.activeElement.tagName,"
            " getComputedStyle(document.activeElement).outlineStyle]"
        )
        assert focused == ["A", "solid"]
        name = f"card-320-{scheme}{query.replace('?theme=', '-theme-')}-{engine_name}.png"
        page.screenshot(path=ARTIFACTS / name, full_page=True)
        # The strict CSP blocks nothing the card uses (its styles, its script, its JSON-LD).
        assert not [m.text for m in messages if m.type in ("error", "warning")]
    finally:
        context.close()


def test_front_page_in_a_browser(browser: Browser, api: str, engine_name: str) -> None:
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    messages: list[ConsoleMessage] = []
    page.on("console", lambda m: messages.append(m))
    try:
        page.goto(f"{api}/")
        assert page.inner_text("h1") == "policyapi"
        assert page.locator("svg[role=img]").count() == len(facts().provisions())
        page.click(f"text={HEADING}")
        page.wait_for_url(
            f"{api}/v1/provisions/{PROVISION}"
        )  # its page (tests/test_site_browser.py)
        assert DEFENDING in page.inner_text("main")
        page.go_back()
        page.screenshot(path=ARTIFACTS / f"front-page-{engine_name}.png", full_page=True)
        assert not [m.text for m in messages if m.type in ("error", "warning")]
    finally:
        context.close()


WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_cards_and_front_page_pass_axe_wcag_aa(browser: Browser, api: str, scheme: Any) -> None:
    """axe-core finds no WCAG 2.1 A/AA violation (contrast, names, landmarks, lang...)."""
    axe = Axe()
    context = browser.new_context(viewport={"width": 560, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    try:
        for path in (
            f"/embed/provisions/{PROVISION}",
            "/embed/provisions/newark-fair-welcoming-2017-n07",
            "/embed/statements/nj1015-baraka-barr-sanctuary-2020-s01",
            "/embed/statements/nj1015-baraka-barr-sanctuary-2020-s18",
            "/embed/documents/newark-fair-welcoming-2017",
            f"/embed/provisions/{PROVISION}?accent=ffcc00",
            "/",
        ):
            page.goto(f"{api}{path}")
            results = axe.run(page, options=WCAG_AA)
            assert results.violations_count == 0, (path, results.generate_report())
    finally:
        context.close()
