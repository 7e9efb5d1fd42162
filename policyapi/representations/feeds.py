"""A page of changes as an Atom feed (RFC 4287, through feedgen) and as a JSON Feed 1.1.

Both are built from the same rows and the same JSON items as the JSON page, so the three agree
entry for entry. An entry is dated by its release's date (the CHANGELOG.md entry's day, at
midnight UTC): a feed of the same release reads the same in every deployment, and its ETag holds.
Pages continue through RFC 5005's `next` link (Atom) and `next_url` (JSON Feed).
"""

import re
from datetime import UTC, date, datetime, time
from typing import Any

from feedgen.feed import FeedGenerator

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
# Characters XML 1.0 cannot hold at all (a query's filter values reach the feed's title).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# A release without a date (one loaded before releases were dated) sorts as the oldest.
UNDATED = date(1970, 1, 1)
AUTHOR = "policyapi"


def _moment(day: str | None) -> datetime:
    return datetime.combine(date.fromisoformat(day) if day else UNDATED, time(), UTC)


def entry_title(item: dict[str, Any]) -> str:
    record = item["record"]
    kind = record["type"].replace("_", " ")
    return f"{item['action'].capitalize()} {kind}: {record['label']}"


def entry_text(item: dict[str, Any]) -> str:
    release = f"Release {item['release']['version']} ({item['release']['url']})"
    if item["fields"]:
        return f"{release} changed: {', '.join(item['fields'])}."
    return f"{release} {item['action']} this {item['record']['type'].replace('_', ' ')}."


def entry_id(item: dict[str, Any]) -> str:
    """Permanent and unique: the release's URL, with the change's record as its fragment."""
    record = item["record"]
    return f"{item['release']['url']}#{record['type']}/{record['id']}"


def _xml(text: str) -> str:
    return NOT_XML.sub("\ufffd", text)


def _updated(items: list[dict[str, Any]], fallback: str | None) -> datetime:
    days = [item["release"]["released_on"] for item in items]
    return max((_moment(day) for day in days), default=_moment(fallback))


def atom(
    items: list[dict[str, Any]],
    *,
    title: str,
    self_url: str,
    alternate_url: str,
    next_url: str | None,
    fallback_day: str | None,
) -> bytes:
    feed = FeedGenerator()
    feed.id(self_url)
    feed.title(_xml(title))
    feed.author({"name": AUTHOR})
    feed.link(href=self_url, rel="self", type="application/atom+xml")
    feed.link(href=alternate_url, rel="alternate", type="application/json")
    if next_url is not None:
        feed.link(href=next_url, rel="next", type="application/atom+xml")
    feed.updated(_updated(items, fallback_day))
    # feedgen prepends entries; adding them in reverse keeps the page's order.
    for item in reversed(items):
        entry = feed.add_entry()
        entry.id(entry_id(item))
        entry.title(_xml(entry_title(item)))
        entry.updated(_moment(item["release"]["released_on"]))
        # One link: feedgen 1.0.0 writes no `rel` on entry links, and a link without one is
        # RFC 4287's `alternate`, of which an entry may have only one per type. The release
        # is the entry's id and in its summary.
        entry.link(href=item["record"]["url"], rel="alternate")
        entry.summary(_xml(entry_text(item)))
        entry.category(term=item["action"])
        entry.category(term=item["record"]["type"])
    body: bytes = feed.atom_str(pretty=True)
    return body


def json_feed(
    items: list[dict[str, Any]],
    *,
    title: str,
    self_url: str,
    alternate_url: str,
    next_url: str | None,
) -> dict[str, Any]:
    feed: dict[str, Any] = {
        "version": JSON_FEED_VERSION,
        "title": title,
        "home_page_url": alternate_url,
        "feed_url": self_url,
        "authors": [{"name": AUTHOR}],
        "items": [
            {
                "id": entry_id(item),
                "url": item["record"]["url"],
                "external_url": item["release"]["url"],
                "title": entry_title(item),
                "content_text": entry_text(item),
                "date_published": _moment(item["release"]["released_on"]).isoformat(),
                "tags": [item["action"], item["record"]["type"]],
                # JSON Feed's extension convention: keys starting with an underscore.
                "_policyapi": {"change": item},
            }
            for item in items
        ],
    }
    if next_url is not None:
        feed["next_url"] = next_url
    return feed
