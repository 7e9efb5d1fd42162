"""The dataset's CHANGELOG.md: each release's date and notes, read from its `## X.Y.Z — date`."""

import re
from dataclasses import dataclass
from datetime import date

# "## 1.1.0 — 2026-12-01" (an em dash, as seeds/README.md says)
HEADING = re.compile(r"^## (\d+\.\d+\.\d+) — (\d{4}-\d{2}-\d{2})\s*$", re.M)


@dataclass(frozen=True)
class ReleaseEntry:
    version: str
    released_on: date
    notes: str


def entries(text: str) -> list[ReleaseEntry]:
    """Every release the changelog lists, newest first as written."""
    found = list(HEADING.finditer(text))
    ends = [m.start() for m in found[1:]] + [len(text)]
    return [
        ReleaseEntry(m[1], date.fromisoformat(m[2]), text[m.end() : end].strip())
        for m, end in zip(found, ends, strict=True)
    ]


def entry_for(text: str, version: str) -> ReleaseEntry | None:
    return next((e for e in entries(text) if e.version == version), None)
