"""HTML responses with a strict, hash-based Content-Security-Policy."""

import base64
import hashlib
from collections.abc import Iterable

from flask import Response, current_app


def hash_source(text: str) -> str:
    """The CSP source expression allowing exactly this inline <style> or <script> text."""
    digest = hashlib.sha256(text.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def content_security_policy(
    styles: Iterable[str], scripts: Iterable[str] = (), *, frame_ancestors: str
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
            "form-action 'none'",
            f"frame-ancestors {frame_ancestors}",
        )
    )


def html_response(
    html: str,
    *,
    styles: Iterable[str],
    scripts: Iterable[str] = (),
    frame_ancestors: str = "'none'",
) -> Response:
    """An HTML page that may only run the given inline styles and scripts."""
    response = current_app.response_class(html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = content_security_policy(
        styles, scripts, frame_ancestors=frame_ancestors
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    if frame_ancestors == "'none'":
        # For browsers that predate CSP frame-ancestors.
        response.headers["X-Frame-Options"] = "DENY"
    else:
        # Pages with Cross-Origin-Embedder-Policy may frame the cards too.
        response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response
