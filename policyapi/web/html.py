"""HTML responses with a strict, hash-based Content-Security-Policy.

The JSON API needs no CSP; HTML pages get a strict policy unless their view set its own (the
embeddable cards do, to allow framing). The interactive docs load Swagger UI from the CDN in
OPENAPI_SWAGGER_UI_URL (our own origin by default, policyapi/site/docs.py) and run one inline
bootstrap script, allowed by its hash.
"""

import base64
import hashlib
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from flask import Response, current_app, request

DEFAULT_HTML_POLICY = (
    "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def hash_source(text: str) -> str:
    """The CSP source expression allowing exactly this inline <style> or <script> text."""
    digest = hashlib.sha256(text.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def content_security_policy(
    styles: Iterable[str],
    scripts: Iterable[str] = (),
    *,
    frame_ancestors: str,
    form_action: str = "'none'",
) -> str:
    """Nothing loads but the hashed inline styles and scripts; no forms, no base rewrites.

    Hashes rather than nonces keep the pages cacheable (an ETag'd page reuses its bytes).
    JSON-LD blocks are data, never executed, so script-src does not apply to them.
    """
    style_src = " ".join(hash_source(s) for s in styles) or "'none'"
    script_src = " ".join(hash_source(s) for s in scripts) or "'none'"
    return "; ".join(
        (
            "default-src 'none'",
            f"style-src {style_src}",
            f"script-src {script_src}",
            "img-src data:",
            "base-uri 'none'",
            f"form-action {form_action}",
            f"frame-ancestors {frame_ancestors}",
        )
    )


def html_response(
    html: str,
    *,
    styles: Iterable[str],
    scripts: Iterable[str] = (),
    frame_ancestors: str = "'none'",
    form_action: str = "'none'",
    status: int = 200,
) -> Response:
    """An HTML page that may only run the given inline styles and scripts.

    `form_action` is 'self' on pages with the search box (a GET form to our own /search).
    """
    response = current_app.response_class(html, status=status, mimetype="text/html")
    response.headers["Content-Security-Policy"] = content_security_policy(
        styles, scripts, frame_ancestors=frame_ancestors, form_action=form_action
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    if frame_ancestors == "'none'":
        # For browsers that predate CSP frame-ancestors.
        response.headers["X-Frame-Options"] = "DENY"
    else:
        # Pages with Cross-Origin-Embedder-Policy may frame the cards too.
        response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


def _script_hashes(html: str) -> list[str]:
    """CSP source expressions for every inline script of `html`."""
    return [hash_source(body) for body in INLINE_SCRIPT.findall(html)]


def _cdn_source() -> str:
    """The origin Swagger UI is loaded from, or 'self' when it is served locally."""
    parts = urlsplit(str(current_app.config.get("OPENAPI_SWAGGER_UI_URL") or ""))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else "'self'"


def docs_policy(html: str) -> str:
    """Allow exactly what the Swagger UI page needs: CDN assets, its bootstrap, the spec."""
    cdn = _cdn_source()
    scripts = " ".join([cdn, *_script_hashes(html)])
    images = "'self' data:" if cdn == "'self'" else f"'self' data: {cdn}"
    return (
        f"default-src 'none'; script-src {scripts}; style-src {cdn} 'unsafe-inline'; "
        f"img-src {images}; connect-src 'self'; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    )


def add_csp(response: Response) -> Response:
    """Pipeline step: a Content-Security-Policy on every HTML answer that has none."""
    if response.mimetype != "text/html" or "Content-Security-Policy" in response.headers:
        return response
    docs_path = "/" + str(current_app.config.get("OPENAPI_SWAGGER_UI_PATH") or "docs").strip("/")
    if request.path == docs_path and not response.is_streamed:
        response.headers["Content-Security-Policy"] = docs_policy(response.get_data(as_text=True))
    else:
        response.headers["Content-Security-Policy"] = DEFAULT_HTML_POLICY
    return response
