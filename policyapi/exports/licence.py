"""The data licence where the data travels: a `Link: rel="license"` header, a LICENSE.md file.

The licence itself is the dataset's (seeds/dataset.yaml, stored with the release); the code's
licence is the repository's LICENSE file and has nothing to do with the data.
"""

from typing import Any

from sqlmodel import Session

from flask import Response

from policyapi.db import get_session
from policyapi.queries.meta import get_dataset

LICENCE_FILE = "LICENSE.md"


def licence_link(session: Session) -> str | None:
    """An RFC 8288 `Link` value naming the loaded dataset's licence (None without one)."""
    dataset = get_dataset(session)
    url = dataset.licence.get("url") if dataset is not None else None
    return f'<{url}>; rel="license"' if url else None


def with_licence(response: Response) -> Response:
    """Name the data licence on an export answer (`Link: <url>; rel="license"`, RFC 8288)."""
    link = licence_link(get_session())
    if link:
        response.headers.add("Link", link)
    return response


def licence_text(descriptor: dict[str, Any]) -> str:
    """The LICENSE.md written beside an export, from its data package descriptor."""
    licence = descriptor["licenses"][0]
    named = licence.get("title") or licence.get("name") or "the licence in datapackage.json"
    if licence.get("title") and licence.get("name"):
        named += f" ({licence['name']})"
    lines = [
        f"# Licence of {descriptor['title']} {descriptor['version']}",
        "",
        f"The data in this folder is licensed under {named}.",
    ]
    if licence.get("path"):
        lines += ["", f"Terms: <{licence['path']}>"]
    publishers = [c["title"] for c in descriptor.get("contributors", []) if c.get("title")]
    if publishers:
        lines += ["", f"Attribute it to {', '.join(publishers)}; `datapackage.json` says which"]
        lines += ["version this is and where it came from."]
    return "\n".join(lines) + "\n"
