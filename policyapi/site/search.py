"""The search results page: the hits /v1/search returns, rendered for people.

`fragments` is the one place that knows how a hit marks its matches: from `snippet_text` and
`highlights` offsets when a hit has them, else from the `<mark>` tags of `snippet`.
"""

import html
import re
from collections.abc import Mapping
from typing import Any

from flask import Response

from policyapi.api.responses import page_urls
from policyapi.queries.keyset import Page
from policyapi.site.render import Crumb, home_crumb, render_page

MARK = re.compile(r"<mark>(.*?)</mark>", re.DOTALL)


def _span(highlight: Any) -> tuple[int, int]:
    """A highlight as (start, end): {"start", "end"} or a [start, end] pair."""
    if isinstance(highlight, Mapping):
        return int(highlight["start"]), int(highlight["end"])
    start, end = highlight
    return int(start), int(end)


def fragments(hit: Mapping[str, Any]) -> list[tuple[str, bool]]:
    """A hit's snippet as plain-text pieces, each marked as a match or not."""
    text = hit.get("snippet_text")
    if isinstance(text, str) and hit.get("highlights") is not None:
        pieces, at = [], 0
        for start, end in sorted(_span(h) for h in hit["highlights"]):
            start, end = max(start, at), min(end, len(text))
            if start >= end:
                continue
            pieces += [(text[at:start], False), (text[start:end], True)]
            at = end
        pieces.append((text[at:], False))
        return [piece for piece in pieces if piece[0]]
    # The snippet is HTML-escaped text with <mark> around matches: split, then unescape.
    parts = MARK.split(str(hit.get("snippet") or ""))
    return [(html.unescape(part), i % 2 == 1) for i, part in enumerate(parts) if part]


def search_page(
    args: Mapping[str, Any] | None, page: Page[Any] | None, hits: list[Any]
) -> Response:
    """Ranked results for `q` (or just the search box when nothing was asked)."""
    query = str(args.get("q") or "") if args else ""
    next_url, prev_url = page_urls(page) if page is not None else (None, None)
    return render_page(
        "site/search.html",
        title=f"Search: {query}" if query else "Search",
        crumbs=[home_crumb(), Crumb("Search")],
        query=query,
        hits=[(hit, fragments(hit)) for hit in hits],
        total=page.total if page is not None else None,
        next_url=next_url,
        prev_url=prev_url,
    )
