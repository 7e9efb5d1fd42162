"""Canonical absolute URLs for items and pages."""

from typing import Any
from urllib.parse import urlencode

from flask import current_app, request, url_for


def _base() -> str:
    configured = current_app.config.get("PUBLIC_BASE_URL")
    return str(configured or request.host_url).rstrip("/")


def absolute_url(endpoint: str, **values: Any) -> str:
    """Absolute URL of an endpoint, honouring PUBLIC_BASE_URL."""
    return _base() + url_for(endpoint, **values)


def absolute_path_url(path: str, args: dict[str, list[str]] | None = None) -> str:
    query = urlencode(args or {}, doseq=True)
    return _base() + path + (f"?{query}" if query else "")
